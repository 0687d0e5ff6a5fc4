#!/usr/bin/env bash
# Installs Debian's chromium, which the playground's browser test drives
# through playwright-core (never `npx playwright install`: no downloads).
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
sudo=''
if [ "$(id -u)" -ne 0 ]; then sudo='sudo'; fi
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null
command -v chromium
