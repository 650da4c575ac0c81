#!/usr/bin/env bash
# Debian packages the tests need: Chromium for the browser tests (Playwright never downloads its own
# browser here), Thai fonts (Noto Sans Thai is the PDF reports' font), gettext for the translation-coverage
# test, poppler-utils (pdftotext, pdffonts) for the report tests.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v xgettext >/dev/null 2>&1 || missing+=(gettext)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
fc-list 2>/dev/null | grep -i "Noto Sans Thai" >/dev/null || missing+=(fonts-noto-core)
fc-list 2>/dev/null | grep -i "loma" >/dev/null || missing+=(fonts-thai-tlwg)
[ -x /usr/sbin/nginx ] || missing+=(nginx)  # the proxy of the production-stack tests (tests/ops/test_stack.py)
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
