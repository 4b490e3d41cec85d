#!/usr/bin/env bash
# Installs Debian's libisal2 (Intel ISA-L: the engine's faster gzip inflate), if missing.
# Run by the tests themselves, like install-chromium.sh; needs root or sudo, and apt's package registry.
set -euo pipefail
if ldconfig -p | grep -q 'libisal\.so\.2 '; then
  exit 0
fi
run() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi; }
export DEBIAN_FRONTEND=noninteractive
run apt-get update -qq
run apt-get install -y -qq --no-install-recommends libisal2
ldconfig -p | grep 'libisal\.so\.2 '
