#!/usr/bin/env bash
# The browser test drives Debian's Chromium with Playwright (Playwright's own browser
# download does not work everywhere). Install it when missing and we may: as root with apt.
set -eu
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's chromium for the browser test..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
    echo "note: chromium is not installed, so the browser test will be skipped"
    echo "      (install it with: sudo apt-get install chromium)"
fi
