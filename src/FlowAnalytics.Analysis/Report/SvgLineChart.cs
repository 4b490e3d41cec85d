using System.Globalization;
using System.Net;
using System.Text;

namespace FlowAnalytics.Analysis.Report;

/// <summary>
/// A time-series line chart as inline SVG: no script, no fonts or files to fetch, so a report stays one
/// self-contained page. Shaded bands mark windows whose data is incomplete (SKIPDATA): a gap, not a dip.
/// </summary>
internal sealed class SvgLineChart(string title, Func<double, string> formatY)
{
    private const int Width = 960, Height = 320, Left = 80, Right = 220, Top = 36, Bottom = 40;

    // Okabe–Ito, then a few more: distinguishable with the common colour-vision deficiencies.
    private static readonly string[] Palette =
        ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000", "#8C564B", "#7F7F7F"];

    private readonly List<(string Name, IReadOnlyList<(DateTime X, double Y)> Points)> _series = [];
    private readonly List<(DateTime From, DateTime To)> _gaps = [];

    public string Title => title;

    public int SeriesCount => _series.Count;

    public void AddSeries(string name, IReadOnlyList<(DateTime X, double Y)> points) => _series.Add((name, points));

    /// <summary>Marks [from, to) as incomplete data.</summary>
    public void AddGap(DateTime from, DateTime to) => _gaps.Add((from, to));

    public string Render()
    {
        var all = _series.SelectMany(s => s.Points).ToList();
        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" role=\"img\">"));
        svg.Append("<title>").Append(Encode(title)).Append("</title>");
        svg.Append(Invariant($"<text x=\"{Left}\" y=\"20\" class=\"chart-title\">{Encode(title)}</text>"));
        if (all.Count == 0)
        {
            svg.Append(Invariant($"<text x=\"{Left}\" y=\"{Height / 2}\" class=\"muted\">no data</text></svg>"));
            return svg.ToString();
        }

        DateTime minX = all.Min(p => p.X), maxX = all.Max(p => p.X);
        if (maxX == minX)
        {
            minX = minX.AddMinutes(-5);
            maxX = maxX.AddMinutes(5);
        }

        double maxY = NiceCeiling(Math.Max(all.Max(p => p.Y), 0));
        int plotWidth = Width - Left - Right, plotHeight = Height - Top - Bottom;
        double X(DateTime x) => Left + (plotWidth * (x - minX).TotalSeconds / (maxX - minX).TotalSeconds);
        double Y(double y) => Top + plotHeight - (maxY > 0 ? plotHeight * y / maxY : 0);

        foreach ((DateTime from, DateTime to) in _gaps)
        {
            double x0 = Math.Clamp(X(from), Left, Left + plotWidth), x1 = Math.Clamp(X(to), Left, Left + plotWidth);
            svg.Append(Invariant($"<rect class=\"gap\" x=\"{x0:F1}\" y=\"{Top}\" width=\"{Math.Max(x1 - x0, 2):F1}\" height=\"{plotHeight}\"><title>SKIPDATA: incomplete</title></rect>"));
        }

        for (int i = 0; i <= 4; i++)
        {
            double value = maxY * i / 4, y = Y(value);
            svg.Append(Invariant($"<line class=\"grid\" x1=\"{Left}\" x2=\"{Left + plotWidth}\" y1=\"{y:F1}\" y2=\"{y:F1}\"/>"));
            svg.Append(Invariant($"<text class=\"axis\" x=\"{Left - 6}\" y=\"{y + 4:F1}\" text-anchor=\"end\">{Encode(formatY(value))}</text>"));
        }

        TimeSpan step = TickStep(maxX - minX);
        string timeFormat = step >= TimeSpan.FromDays(1) ? "MM-dd" : (maxX - minX).TotalHours > 24 ? "MM-dd HH:mm" : "HH:mm";
        for (DateTime at = new(minX.Ticks + ((step.Ticks - (minX.Ticks % step.Ticks)) % step.Ticks), DateTimeKind.Utc); at <= maxX; at += step)
        {
            svg.Append(Invariant($"<line class=\"grid\" x1=\"{X(at):F1}\" x2=\"{X(at):F1}\" y1=\"{Top + plotHeight}\" y2=\"{Top + plotHeight + 4}\"/>"));
            svg.Append(Invariant($"<text class=\"axis\" x=\"{X(at):F1}\" y=\"{Height - Bottom + 18}\" text-anchor=\"middle\">{at.ToString(timeFormat, CultureInfo.InvariantCulture)}</text>"));
        }

        svg.Append(Invariant($"<text class=\"axis\" x=\"{Left + plotWidth}\" y=\"{Height - 6}\" text-anchor=\"end\">UTC</text>"));
        for (int s = 0; s < _series.Count; s++)
        {
            string color = Palette[s % Palette.Length];
            (string name, IReadOnlyList<(DateTime X, double Y)> points) = _series[s];
            var ordered = points.OrderBy(p => p.X).ToList();
            svg.Append(Invariant($"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"1.8\" points=\""));
            foreach ((DateTime x, double y) in ordered)
            {
                svg.Append(Invariant($"{X(x):F1},{Y(y):F1} "));
            }

            svg.Append("\"/>");
            if (ordered.Count <= 48)
            {
                foreach ((DateTime x, double y) in ordered)
                {
                    svg.Append(Invariant($"<circle cx=\"{X(x):F1}\" cy=\"{Y(y):F1}\" r=\"2.5\" fill=\"{color}\"/>"));
                }
            }

            double legendY = Top + 4 + (s * 18);
            svg.Append(Invariant($"<rect x=\"{Left + plotWidth + 16}\" y=\"{legendY:F1}\" width=\"12\" height=\"12\" fill=\"{color}\"/>"));
            svg.Append(Invariant($"<text class=\"legend\" x=\"{Left + plotWidth + 34}\" y=\"{legendY + 10:F1}\">{Encode(name)}</text>"));
        }

        svg.Append(Invariant($"<rect class=\"frame\" x=\"{Left}\" y=\"{Top}\" width=\"{plotWidth}\" height=\"{plotHeight}\"/>"));
        return svg.Append("</svg>").ToString();
    }

    // The smallest round step (minutes to weeks) that puts at most six labels on the time axis.
    private static TimeSpan TickStep(TimeSpan span)
    {
        foreach (int minutes in (ReadOnlySpan<int>)[1, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080])
        {
            if (span.TotalMinutes / minutes <= 6)
            {
                return TimeSpan.FromMinutes(minutes);
            }
        }

        return TimeSpan.FromDays(Math.Ceiling(span.TotalDays / 6));
    }

    // 1, 2, 2.5 or 5 × 10^k at or above the value, so the four grid steps are round numbers.
    private static double NiceCeiling(double value)
    {
        if (value <= 0)
        {
            return 1;
        }

        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (double step in (ReadOnlySpan<double>)[1, 2, 2.5, 5, 10])
        {
            if (step * magnitude >= value)
            {
                return step * magnitude;
            }
        }

        return 10 * magnitude;
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
