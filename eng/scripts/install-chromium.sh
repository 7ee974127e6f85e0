#!/usr/bin/env bash
# Installs Debian's Chromium, which the report tests open pages in (Playwright drives it; it downloads no browser).
# Does nothing when Chromium is already there (/usr/bin/chromium, or MM_CHROMIUM). Needs apt-get, as root or with sudo.
set -euo pipefail
chromium="${MM_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$chromium" ]; then
  exit 0
fi
if ! command -v apt-get > /dev/null; then
  echo "install-chromium: no apt-get here; install Chromium and set MM_CHROMIUM to its path" >&2
  exit 1
fi
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium > /dev/null
"$chromium" --version
