#!/usr/bin/env bash
# System packages yn-forms needs on a fresh Debian/Ubuntu (run as root, or with sudo):
#   LibreOffice Writer/Calc (headless PDF), Noto CJK fonts (宋体/黑体 substitutes, □ ☑),
#   poppler-utils (pdftoppm/pdftotext to look at pages), the libraries Qt's xcb platform
#   needs to open a window on a real display (libxcb-cursor0 and friends: without them the
#   app stops with “Could not load the Qt platform plugin "xcb"”), and for the tests a
#   virtual display to drive the app on (xvfb, xdotool, imagemagick).
# A package manager busy elsewhere (an automatic update holding the dpkg lock) is waited for.
set -euo pipefail
packages=(
  libreoffice-writer-nogui libreoffice-calc-nogui
  fonts-noto-cjk fonts-noto-cjk-extra fonts-liberation fonts-dejavu-core fontconfig
  poppler-utils
  libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0
  libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
  libxcb-render-util0 libxcb-shape0 libxcb-xfixes0 libxcb-xinerama0 libxcb-xkb1 libx11-xcb1
  xvfb xdotool imagemagick
  python3-venv python3-pip
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
LOCK_WAIT=600  # seconds to wait for another apt/dpkg (an automatic update) to finish
if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages: all present"
else
  export DEBIAN_FRONTEND=noninteractive
  apt_get() {
    if ! $SUDO apt-get -o DPkg::Lock::Timeout=$LOCK_WAIT "$@"; then
      echo "setup-debian.sh: apt-get $1 failed. If another program is installing updates, wait for it to" \
           "finish (or run 'sudo dpkg --configure -a' after an interrupted update) and run this script again." >&2
      exit 1
    fi
  }
  apt_get update -qq
  apt_get install -y -qq --no-install-recommends "${missing[@]}"
fi
# map the Windows CJK font names of the templates to Noto CJK for LibreOffice
conf="$(cd "$(dirname "$0")/.." && pwd)/resources/fontconfig/65-yn-forms-cjk.conf"
if ! cmp -s "$conf" /etc/fonts/conf.d/65-yn-forms-cjk.conf; then
  $SUDO cp "$conf" /etc/fonts/conf.d/65-yn-forms-cjk.conf
  $SUDO fc-cache -f >/dev/null
fi
