#!/usr/bin/env bash
# Installs Debian's chromium for the browser test of the report
# (tests/python/test_report.py) when it is missing. CI starts on a fresh
# machine as root; the test renders the report in this browser, never in a
# browser build downloaded by playwright.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "install_chromium: /usr/bin/chromium is missing; run as root: apt-get install -y chromium" >&2
    exit 1
fi
echo "install_chromium: installing Debian's chromium (apt-get)" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq chromium >/dev/null
