#!/usr/bin/env bash
# Smoke test of the one-folder bundle that build.spec makes (dist/yn-forms/), run from the bundle
# itself, as a clerk would: `list`, `example` + `fill` into Word files, `pack` into the bound PDF, and the desktop app drawn
# off screen into a PNG with Qt's Chinese translations found inside the bundle.
#
#   bash scripts/bundle-smoke.sh [--build] [BUNDLE_DIR]
#
# --build first builds the bundle with `python3 -m PyInstaller --noconfirm build.spec` (PyInstaller
# from `pip install -e ".[bundle]"`), its log kept in build/pyinstaller.log. BUNDLE_DIR defaults to
# dist/yn-forms. Works on Linux (CI) and in Git Bash on Windows (executables with .exe).
# Exit 0 when every check passes; otherwise the first failure is named and the exit code is 1.
set -euo pipefail
cd "$(dirname "$0")/.."

build=0
if [ "${1:-}" = "--build" ]; then
  build=1
  shift
fi
bundle="${1:-dist/yn-forms}"

fail() {
  echo "bundle-smoke: FAIL: $*" >&2
  exit 1
}
step() { echo "bundle-smoke: $*"; }

if [ "$build" = 1 ]; then
  mkdir -p build
  log=build/pyinstaller.log
  step "building the bundle with PyInstaller (log: $log)"
  start=$(date +%s)
  if ! python3 -m PyInstaller --noconfirm build.spec >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    fail "PyInstaller could not build build.spec (whole log in $log)"
  fi
  step "built $bundle in $(( $(date +%s) - start )) s, $(du -sh "$bundle" | cut -f1)"
fi

[ -d "$bundle" ] || fail "no bundle at $bundle: build it first (pyinstaller --noconfirm build.spec, or --build)"
exe() {  # the path of one of the bundle's executables, with .exe on Windows
  if [ -f "$bundle/$1.exe" ]; then echo "$bundle/$1.exe"; else echo "$bundle/$1"; fi
}
cli=$(exe yn-forms)
gui=$(exe yn-forms-gui)
[ -x "$cli" ] || fail "the console executable $cli is missing"
[ -x "$gui" ] || fail "the windowed executable $gui is missing"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# the app writes settings, autosaves and locks in the user's folders: keep them in the scratch folder
export HOME="$work/home" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" XDG_CACHE_HOME="$work/cache"
export XDG_RUNTIME_DIR="$work/runtime"
mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
run() {  # a bundle command with a time limit, so that a hung app fails the check instead of CI
  timeout 120 "$@"
}

# what the bundle must carry besides code
internal="$bundle/_internal"
[ -d "$internal" ] || internal="$bundle"
for needed in templates/innovation-centre resources/icons/yn-forms.png; do
  [ -e "$internal/$needed" ] || fail "$needed is not in the bundle ($internal)"
done
for qm in qtbase_zh_CN.qm qt_zh_CN.qm; do
  found=$(find "$internal" -name "$qm" -path "*translations*" | head -n 1)
  [ -n "$found" ] || fail "Qt's Chinese translation $qm is not in the bundle: Qt's own dialogs would be in English"
done
step "the bundle has templates/, resources/ and Qt's qtbase_zh_CN.qm, qt_zh_CN.qm"

# list: the four forms
forms=$(run "$cli" list) || fail "'yn-forms list' exited with $?"
for id in innovation-centre innovation-consortium consumer-brand digital-scenario; do
  printf '%s\n' "$forms" | grep -q "^$id	" || fail "'yn-forms list' does not list $id; it printed: $forms"
done
step "list: $(printf '%s\n' "$forms" | cut -f1 | tr '\n' ' ')"

# example + fill: the Word documents of the example application
run "$cli" example innovation-centre >"$work/application.json" || fail "'yn-forms example innovation-centre' exited with $?"
[ -s "$work/application.json" ] || fail "'yn-forms example innovation-centre' printed nothing"
run "$cli" fill innovation-centre "$work/application.json" -o "$work/out" >"$work/fill.txt" 2>"$work/fill.err" \
  || { status=$?; cat "$work/fill.err" >&2; fail "'yn-forms fill innovation-centre' exited with $status"; }
docx=0
while IFS= read -r path; do
  [ -n "$path" ] || continue
  [ -s "$path" ] || fail "fill printed $path, which is missing or empty"
  case "$path" in
    *.docx)
      [ "$(head -c 2 "$path")" = "PK" ] || fail "$path is not a .docx (zip) file"
      docx=$((docx + 1))
      ;;
  esac
done <"$work/fill.txt"
[ "$docx" -ge 2 ] || fail "fill wrote $docx .docx files, expected the 附件1 and 附件2 of innovation-centre"
step "fill: $docx .docx files, $(du -ch "$work"/out/*.docx | tail -n 1 | cut -f1)"

# the desktop app, off screen: a screenshot from each executable
shot() {  # $1 executable, $2 output PNG, $3 file for stderr
  QT_QPA_PLATFORM=offscreen YN_FORMS_REPORT_QT=1 \
    run "$1" gui --form innovation-centre --screenshot "$2" --section 2 2>"$3" \
    || { status=$?; cat "$3" >&2; fail "$(basename "$1") gui --screenshot exited with $status"; }
  [ -f "$2" ] || { cat "$3" >&2; fail "$(basename "$1") gui --screenshot wrote no $2"; }
  [ "$(head -c 4 "$2" | tail -c 3)" = "PNG" ] || fail "$2 is not a PNG"
  size=$(wc -c <"$2")
  [ "$size" -gt 10240 ] || fail "$2 is only $size bytes: the window was not drawn"
}
shot "$gui" "$work/gui.png" "$work/gui.err"
shot "$cli" "$work/cli.png" "$work/cli.err"
# the windowed entry reports the translators make_app installed and where Qt looked for them
report=$(grep '^qt-translations: ' "$work/gui.err" || true)
[ -n "$report" ] || { cat "$work/gui.err" >&2; fail "$(basename "$gui") did not report Qt's translations"; }
loaded=$(printf '%s\n' "$report" | awk '{print $2}')
folder=$(printf '%s\n' "$report" | sed 's/^qt-translations: [^ ]* loaded from //')
[ "$loaded" = 2 ] || fail "the app installed $loaded of Qt's 2 Chinese translations (qtbase_zh_CN, qt_zh_CN) from $folder"
case "$(cd "$folder" 2>/dev/null && pwd -P)" in
  "$(cd "$bundle" && pwd -P)"/*) ;;
  *) fail "Qt took its translations from $folder, outside the bundle $bundle" ;;
esac
step "gui: screenshots of $(wc -c <"$work/gui.png") and $(wc -c <"$work/cli.png") bytes; Qt translations: $loaded loaded from the bundle"
if [ -n "${YN_FORMS_SMOKE_KEEP:-}" ]; then
  cp "$work/gui.png" "$YN_FORMS_SMOKE_KEEP"
  step "screenshot kept as $YN_FORMS_SMOKE_KEEP"
fi

# pack: the bound PDF, with the screenshot as a 证明材料 picture (Pillow, reportlab and pypdf inside the
# bundle); where no LibreOffice is installed, it must say so (exit 3) rather than fail otherwise
pack_status=0
run "$cli" pack innovation-centre "$work/application.json" -o "$work/pack.pdf" --enclosure "截图=$work/gui.png" \
  >"$work/pack.txt" 2>"$work/pack.err" || pack_status=$?
if [ "$pack_status" = 0 ]; then
  [ "$(head -c 4 "$work/pack.pdf")" = "%PDF" ] || fail "pack wrote no PDF at $work/pack.pdf"
  step "pack: $(wc -c <"$work/pack.pdf") bytes; $(tail -n 1 "$work/pack.err")"
elif [ "$pack_status" = 3 ] && grep -q "LibreOffice" "$work/pack.err"; then
  step "pack: no LibreOffice here, said so (exit 3)"
else
  cat "$work/pack.err" >&2
  fail "'yn-forms pack innovation-centre' exited with $pack_status"
fi
step "OK: list, example, fill, pack, gui --screenshot and Qt's Chinese translations work from $bundle"
