#!/usr/bin/env bash
# Debian's Chromium and Thai fonts for the browser tests (Playwright never downloads its own browser here).
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
fc-list 2>/dev/null | grep -qi "thai\|sarabun\|loma" || missing+=(fonts-thai-tlwg fonts-noto-core)
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
