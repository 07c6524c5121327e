#!/usr/bin/env bash
# System packages yn-forms needs on a fresh Debian/Ubuntu (run as root, or with sudo):
#   LibreOffice Writer/Calc (headless PDF), Noto CJK fonts (宋体/黑体 substitutes, □ ☑),
#   poppler-utils (pdftoppm/pdftotext to look at pages), and the shared libraries
#   PySide6's Qt needs even off screen.
set -euo pipefail
packages=(
  libreoffice-writer-nogui libreoffice-calc-nogui
  fonts-noto-cjk fonts-noto-cjk-extra fonts-liberation fonts-dejavu-core fontconfig
  poppler-utils
  libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages: all present"
else
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
# map the Windows CJK font names of the templates to Noto CJK for LibreOffice
conf="$(cd "$(dirname "$0")/.." && pwd)/resources/fontconfig/65-yn-forms-cjk.conf"
if ! cmp -s "$conf" /etc/fonts/conf.d/65-yn-forms-cjk.conf; then
  $SUDO cp "$conf" /etc/fonts/conf.d/65-yn-forms-cjk.conf
  $SUDO fc-cache -f >/dev/null
fi
