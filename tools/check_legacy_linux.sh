#!/usr/bin/env bash
# Run the one-file executable inside an old-glibc root file system that has no Python: the proof
# that a legacy build (tools/build_legacy_linux.sh) starts on a desktop like UOS / Kylin.
#
#   sudo tools/check_legacy_linux.sh EXE ROOTFS [SEED_DIR]
#
# ROOTFS is a minimal system with the desktop's client libraries and no Python, e.g.
#   debootstrap --variant=minbase --include=fontconfig,fonts-wqy-microhei,libfontconfig1,\
#     libfreetype6,libgl1,libegl1,libglib2.0-0,libdbus-1-3,libx11-6,libx11-xcb1,libxcb1,\
#     libxkbcommon0,libxkbcommon-x11-0,libxext6,libxrender1,libsm6,libice6,libwayland-client0,\
#     libwayland-cursor0,libwayland-egl1 bullseye /work/legacy-run-bullseye http://deb.debian.org/debian
# (Debian 11: glibc 2.31; the same with `--components=main,universe focal` from
# http://archive.ubuntu.com/ubuntu and --keyring=<ubuntu-archive-keyring.gpg from the ubuntu-keyring
# package> is Ubuntu 20.04, Kylin V10 SP1's base). Add xvfb to show the window on X11 too.
# If ROOTFS has Xvfb (/usr/bin/Xvfb), the window is also shown on the real X11 (xcb) platform.
#
# Runs, as a user of that system would: --version; `check SEED --json` for every *.txt in
# SEED_DIR (default: <checkout>/tests/fixtures/seeds); `fix` of the sample report to a DOCX and a
# re-check of it; the window offscreen (QT_QPA_PLATFORM=offscreen NIANBAO_SMOKE_MS=800, exit 0
# and the NIANBAO_SMOKE line). Exit status 0 only if everything passed. The executable is copied
# into ROOTFS/opt/nianbao-check (removed afterwards).
set -uo pipefail

EXE="${1:?usage: check_legacy_linux.sh EXE ROOTFS [SEED_DIR]}"
ROOTFS="${2:?usage: check_legacy_linux.sh EXE ROOTFS [SEED_DIR]}"
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SEEDS="${3:-$REPO/tests/fixtures/seeds}"
[ "$(id -u)" = 0 ] || { echo "run as root (chroot)"; exit 2; }
[ -x "$ROOTFS/bin/sh" ] || { echo "$ROOTFS is not a root file system"; exit 2; }

DIR=/opt/nianbao-check
FAILED=0
MOUNTED=()
XVFB_PID=""
cleanup() {
  [ -n "$XVFB_PID" ] && kill "$XVFB_PID" 2>/dev/null
  local i
  for ((i=${#MOUNTED[@]}-1; i>=0; i--)); do umount -l "${MOUNTED[$i]}" 2>/dev/null; done
  rm -rf "${ROOTFS:?}$DIR"
}
trap cleanup EXIT
for m in proc dev; do
  mountpoint -q "$ROOTFS/$m" && continue
  if [ "$m" = proc ]; then mount -t proc proc "$ROOTFS/proc"; else mount --bind /dev "$ROOTFS/dev"; fi
  MOUNTED+=("$ROOTFS/$m")
done

rm -rf "${ROOTFS:?}$DIR" && mkdir -p "$ROOTFS$DIR/home" "$ROOTFS$DIR/seeds"
cp "$EXE" "$ROOTFS$DIR/app"
cp "$REPO/resources/samples/示例报告.docx" "$ROOTFS$DIR/sample.docx"
cp "$SEEDS"/*.txt "$ROOTFS$DIR/seeds/" 2>/dev/null

# A clean environment, as a desktop session would have it (no Python anywhere on PATH).
run() {
  chroot "$ROOTFS" /usr/bin/env -i HOME="$DIR/home" LANG=C.UTF-8 PATH=/usr/bin:/bin \
    XDG_RUNTIME_DIR="$DIR/home" "$@"
}
result() {   # name, status
  if [ "$2" = 0 ]; then echo "PASS  $1"; else echo "FAIL  $1 (exit $2)"; FAILED=1; fi
}

echo "== $ROOTFS: $(run ldd --version 2>&1 | head -1); $(. "$ROOTFS/etc/os-release"; echo "$PRETTY_NAME")"
echo "   python in the root file system: $(run sh -c 'command -v python3 python3.11 python || echo none')"
echo "   executable: $(basename "$EXE"), $(stat -c %s "$EXE") bytes"

out=$(run "$DIR/app" --version 2>&1); rc=$?
echo "   --version: $out" | head -3; result "--version" $rc

for seed in "$ROOTFS$DIR"/seeds/*.txt; do
  [ -e "$seed" ] || continue
  name=$(basename "$seed")
  json=$(run "$DIR/app" check "$DIR/seeds/$name" --json 2>/dev/null); rc=$?
  n=$(printf '%s' "$json" | grep -o '"rule"' | wc -l)
  status=$(printf '%s' "$json" | grep -o '"status": *"[a-z]*"' | head -1)
  echo "   check $name --json: exit $rc, $status, $n findings"
  # exit 1 means "findings" for check; 0 and 1 are both a completed check
  [ "$rc" -le 1 ] && [ -n "$status" ] && rc=0
  result "check $name --json" $rc
done

run "$DIR/app" fix "$DIR/sample.docx" -o "$DIR/fixed.docx" >/dev/null 2>&1; rc=$?
[ -s "$ROOTFS$DIR/fixed.docx" ] && head -c 2 "$ROOTFS$DIR/fixed.docx" | grep -q PK || rc=${rc/#0/9}
echo "   fix sample.docx -o fixed.docx: exit $rc, $(stat -c %s "$ROOTFS$DIR/fixed.docx" 2>/dev/null || echo 0) bytes"
result "fix -> DOCX" $rc
before=$(run "$DIR/app" check "$DIR/sample.docx" --json 2>/dev/null | grep -o '"rule"' | wc -l)
after=$(run "$DIR/app" check "$DIR/fixed.docx" --json 2>/dev/null | grep -o '"rule"' | wc -l)
echo "   findings: sample $before, fixed $after"

start=$(date +%s.%N)
out=$(run env QT_QPA_PLATFORM=offscreen NIANBAO_SMOKE_MS=800 "$DIR/app" 2>&1); rc=$?
end=$(date +%s.%N)
echo "$out" | grep NIANBAO_SMOKE | sed 's/^/   /'
echo "$out" | grep -q "NIANBAO_SMOKE shown" || rc=${rc/#0/9}
echo "   GUI offscreen: exit $rc, $(echo "$end - $start" | awk '{printf "%.2f", $1 - $3}') s whole process"
result "GUI offscreen (NIANBAO_SMOKE)" $rc

if [ -x "$ROOTFS/usr/bin/Xvfb" ]; then
  chroot "$ROOTFS" /usr/bin/env -i PATH=/usr/bin:/bin /usr/bin/Xvfb :77 -nolisten tcp -screen 0 1280x800x24 \
    >/dev/null 2>&1 &
  XVFB_PID=$!
  sleep 2
  out=$(run env DISPLAY=:77 QT_QPA_PLATFORM=xcb NIANBAO_SMOKE_MS=800 "$DIR/app" 2>&1); rc=$?
  kill "$XVFB_PID" 2>/dev/null; wait "$XVFB_PID" 2>/dev/null; XVFB_PID=""
  echo "$out" | grep -E "NIANBAO_SMOKE|qt\.|error" | head -5 | sed 's/^/   /'
  echo "$out" | grep -q "NIANBAO_SMOKE shown" || rc=${rc/#0/9}
  result "GUI on X11 (xcb, Xvfb)" $rc
fi

[ "$FAILED" = 0 ] && echo "ALL PASSED" || echo "SOME FAILED"
exit "$FAILED"
