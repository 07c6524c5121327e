#!/usr/bin/env bash
# The desktop app on a real X server, as on a clerk's screen: Xvfb, Qt's xcb platform (not the
# off-screen one the tests use), the window found by its title, a screenshot of the whole screen
# taken from outside the app, then the app closed as a user closes it.
#
#   bash scripts/xvfb-smoke.sh [OUT.png]
#
# Exit 0 when the window appeared and the screenshot shows it; otherwise the failure is named.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-build/xvfb-smoke.png}"
mkdir -p "$(dirname "$out")"
fail() { echo "xvfb-smoke: FAIL: $*" >&2; exit 1; }
work=$(mktemp -d)
cleanup() {
  [ -n "${app:-}" ] && kill "$app" 2>/dev/null || true
  [ -n "${xvfb:-}" ] && kill "$xvfb" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
# Xvfb picks a free display itself and writes its number (-displayfd): a number chosen here could be taken
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$work/display" >"$work/xvfb.log" 2>&1 &
xvfb=$!
for _ in $(seq 100); do [ -s "$work/display" ] && break; sleep 0.1; done
[ -s "$work/display" ] || { cat "$work/xvfb.log" >&2; fail "Xvfb did not start"; }
display=":$(tr -d '[:space:]' <"$work/display")"
export DISPLAY="$display" QT_QPA_PLATFORM=xcb XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"
python3 -m yn_forms gui --form innovation-centre >"$work/app.log" 2>&1 &
app=$!
window=$(timeout 60 xdotool search --sync --name "云南申报材料填报助手" | head -n 1) ||
  { cat "$work/app.log" >&2; fail "no window titled 云南申报材料填报助手 appeared on $display"; }
xdotool windowsize "$window" 1024 700
sleep 1
import -window root "$out"
colours=$(convert "$out" -format "%k" info:)
[ "$colours" -gt 50 ] || fail "the screenshot $out is nearly blank ($colours colours)"
grep -qi "traceback\|could not load the qt platform plugin" "$work/app.log" &&
  { cat "$work/app.log" >&2; fail "the app reported an error"; }
xdotool windowclose "$window" 2>/dev/null || kill "$app"
echo "xvfb-smoke: OK: the window appeared on a real X server (xcb); screenshot $out ($colours colours)"
