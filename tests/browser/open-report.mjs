// Opens a local HTML file in headless Chromium (Debian's, at /usr/bin/chromium or $CHROMIUM_PATH),
// takes a full-page screenshot and prints one JSON object: every request the page made, console
// errors, page errors, and how much of the screenshot is not background — so a test can assert
// "self-contained, no errors, not blank". Usage: node open-report.mjs REPORT.html SHOT.png
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [html, png] = process.argv.slice(2);
if (!html || !png) {
  console.error('usage: node open-report.mjs REPORT.html SHOT.png');
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  // Root in CI containers: Chromium's sandbox needs user namespaces it may not have there.
  args: ['--no-sandbox', '--disable-gpu'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const requests = [], consoleErrors = [], pageErrors = [];
  page.on('request', r => requests.push(r.url()));
  page.on('console', m => { if (m.type() === 'error' || m.type() === 'warning') consoleErrors.push(`${m.type()}: ${m.text()}`); });
  page.on('pageerror', e => pageErrors.push(String(e)));
  const url = pathToFileURL(html).href;
  await page.goto(url, { waitUntil: 'load' });
  const svgCharts = await page.locator('svg').count();
  const title = await page.title();
  await page.screenshot({ path: png, fullPage: true });

  // Count the screenshot's pixels that differ from its top-left pixel (the page background), in a page of its own.
  const probe = await browser.newPage();
  const dataUrl = 'data:image/png;base64,' + readFileSync(png).toString('base64');
  const pixels = await probe.evaluate(async src => {
    const img = new Image();
    img.src = src;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.width; canvas.height = img.height;
    const ctx = canvas.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const data = ctx.getImageData(0, 0, img.width, img.height).data;
    let other = 0;
    const colors = new Set();
    for (let i = 0; i < data.length; i += 4) {
      if (data[i] !== data[0] || data[i + 1] !== data[1] || data[i + 2] !== data[2]) other++;
      if (colors.size < 1000) colors.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
    }
    return { width: img.width, height: img.height, nonBackground: other, colors: colors.size };
  }, dataUrl);

  console.log(JSON.stringify({ url, title, requests, consoleErrors, pageErrors, svgCharts, ...pixels }));
} finally {
  await browser.close();
}
