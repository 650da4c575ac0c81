#!/usr/bin/env bash
# Debian packages the tests need: Chromium for the browser tests (Playwright never downloads its own
# browser here), Thai fonts, and gettext for the translation-coverage test.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v xgettext >/dev/null 2>&1 || missing+=(gettext)
fc-list 2>/dev/null | grep -qi "thai\|sarabun\|loma" || missing+=(fonts-thai-tlwg fonts-noto-core)
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
