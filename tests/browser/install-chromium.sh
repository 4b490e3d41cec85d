#!/usr/bin/env bash
# Installs Debian's chromium (the browser the report tests open the HTML report in), if missing.
# Run by the tests themselves, like npm ci for s3rver; needs root or sudo, and apt's package registry.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
run() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi; }
export DEBIAN_FRONTEND=noninteractive
run apt-get update -qq
run apt-get install -y -qq --no-install-recommends chromium
/usr/bin/chromium --version
