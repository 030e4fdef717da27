#!/usr/bin/env bash
# Build the one-file Linux executable for old glibc (UOS V20: glibc 2.28, Kylin V10 SP1: 2.31)
# on a newer Debian/Ubuntu x86_64 machine, inside a Debian 11 (bullseye) chroot.
#
#   sudo tools/build_legacy_linux.sh [OUTPUT]       # default OUTPUT: dist-legacy/年报校对助手
#
# Needs root (debootstrap, chroot, mount), debootstrap, python3 with pip (the host downloads the
# wheels), git, binutils (objdump, for tools/glibc_floor.py). Network at build time only:
# deb.debian.org and PyPI. The program itself never connects anywhere.
#
# Steps, each cached under $NIANBAO_LEGACY_ROOT (a re-run only repeats step 4):
#   1. debootstrap a minimal bullseye with the compiler, the headers CPython needs and the
#      X11/xcb/fontconfig/EGL/Wayland client libraries Qt's platform plugins link;
#   2. build CPython 3.11 there (Debian's orig tarball, --enable-shared, no PGO), with two
#      settings that keep it at glibc 2.28 although bullseye has 2.31: no sem_clockwait (2.30)
#      and exp/log/pow/exp2/log2 bound to their pre-2.29 symbol versions;
#   3. download the pinned wheels on the host (requirements.txt, PySide6-Essentials overridden
#      to $NIANBAO_LEGACY_PYSIDE, default 6.9.3: the last with manylinux_2_28 x86_64 wheels)
#      and install them offline into a virtual environment in the chroot;
#   4. copy the checkout (tracked and untracked files, not ignored ones: what the executable
#      test builds) into the chroot, run `pyinstaller build.spec` there with
#      NIANBAO_LEGACY_GLIBC=2.28 (build.spec then leaves out system libraries that every
#      desktop has and that need a newer glibc than that; see build.spec), copy the executable
#      out and measure its glibc floor (tools/glibc_floor.py --max 2.28; fails above it).
#
# Environment:
#   NIANBAO_LEGACY_ROOT    the chroot (default: <checkout>/../legacy-root; keep it outside the
#                          checkout). Delete it to start from nothing.
#   NIANBAO_LEGACY_MIRROR  Debian mirror (default http://deb.debian.org/debian)
#   NIANBAO_LEGACY_PYSIDE  PySide6-Essentials/shiboken6 version (default 6.9.3)
#   NIANBAO_LEGACY_SOURCE  worktree (default) or head (`git archive HEAD`)
#   NIANBAO_LEGACY_GLIBC   the floor to enforce (default 2.28)
#
# Architecture: whatever the machine is (x86_64 here); it does not cross-build. On an arm64
# machine the same script builds for aarch64 (Kylin/UOS on Phytium, Kunpeng), but PySide6's
# aarch64 wheels are manylinux_2_39 from 6.8.1 on: there use NIANBAO_LEGACY_PYSIDE=6.8.0.2
# NIANBAO_LEGACY_GLIBC=2.31 (its wheel is manylinux_2_31; nothing older than 2.31 is possible).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROOT="${NIANBAO_LEGACY_ROOT:-$(cd "$REPO/.." && pwd)/legacy-root}"
MIRROR="${NIANBAO_LEGACY_MIRROR:-http://deb.debian.org/debian}"
PYSIDE="${NIANBAO_LEGACY_PYSIDE:-6.9.3}"
SOURCE_MODE="${NIANBAO_LEGACY_SOURCE:-worktree}"
GLIBC_MAX="${NIANBAO_LEGACY_GLIBC:-2.28}"
OUTPUT="${1:-$REPO/dist-legacy/年报校对助手}"
SUITE=bullseye
PY_VERSION=3.11.2
PY_TARBALL="python3.11_${PY_VERSION}.orig.tar.gz"
PY_SHA256=2411c74bda5bbcfcddaf4531f66d1adc73f247f529aee981b029513aefdbf849
PY_PREFIX=/opt/py311              # inside the chroot
VENV=/opt/nianbao-venv            # inside the chroot
STATE="$ROOT/.nianbao"            # stamps, downloads, logs (inside the chroot folder)

# Build dependencies, and the client libraries Qt's xcb/wayland/offscreen plugins link
# (PyInstaller resolves them while analysing, so they must be present in the chroot).
PACKAGES=(
  build-essential binutils file ca-certificates
  zlib1g-dev libffi-dev libbz2-dev liblzma-dev
  fontconfig fonts-dejavu-core fonts-wqy-microhei libfontconfig1 libfreetype6
  libgl1 libegl1 libopengl0 libglib2.0-0 libdbus-1-3
  libx11-6 libx11-xcb1 libxext6 libxrender1 libxi6 libsm6 libice6
  libxkbcommon0 libxkbcommon-x11-0
  libxcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
  libxcb-render0 libxcb-render-util0 libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-xfixes0
  libxcb-xinerama0 libxcb-xinput0 libxcb-xkb1
  libwayland-client0 libwayland-cursor0 libwayland-egl1
)

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[ "$(id -u)" = 0 ] || die "run as root (debootstrap, chroot and mount need it)"
case "$ROOT" in "$REPO"|"$REPO"/*) die "NIANBAO_LEGACY_ROOT must be outside the checkout";; esac
for tool in debootstrap chroot git python3 objdump sha256sum curl; do
  command -v "$tool" >/dev/null || die "$tool is missing (apt-get install debootstrap binutils git curl)"
done

MOUNTED=()
cleanup() {
  local i
  for ((i=${#MOUNTED[@]}-1; i>=0; i--)); do umount -l "${MOUNTED[$i]}" 2>/dev/null || true; done
}
trap cleanup EXIT

mount_chroot() {
  local m
  for m in proc dev dev/pts; do
    mountpoint -q "$ROOT/$m" && continue
    case "$m" in
      proc) mount -t proc proc "$ROOT/proc" ;;
      dev) mount --bind /dev "$ROOT/dev" ;;
      dev/pts) mount --bind /dev/pts "$ROOT/dev/pts" ;;
    esac
    MOUNTED+=("$ROOT/$m")
  done
}

# Run a command in the chroot with a clean environment.
in_root() {
  chroot "$ROOT" /usr/bin/env -i HOME=/root LANG=C.UTF-8 LC_ALL=C.UTF-8 \
    PATH="$VENV/bin:$PY_PREFIX/bin:/usr/sbin:/usr/bin:/sbin:/bin" "$@"
}

stamp_ok() { [ -f "$STATE/$1.stamp" ] && [ "$(cat "$STATE/$1.stamp")" = "$2" ]; }
stamp_set() { echo "$2" > "$STATE/$1.stamp"; }

T0=$(date +%s)

# --- 1. the bullseye chroot ---------------------------------------------------------------------
PKG_KEY="$SUITE ${PACKAGES[*]}"
if [ ! -x "$ROOT/usr/bin/gcc" ]; then
  log "1/4 debootstrap $SUITE into $ROOT (about 2 minutes)"
  rm -rf "$ROOT.tmp"
  debootstrap --variant=minbase --arch="$(dpkg --print-architecture)" \
    --include="$(IFS=,; echo "${PACKAGES[*]}")" "$SUITE" "$ROOT.tmp" "$MIRROR"
  rm -rf "$ROOT"
  mv "$ROOT.tmp" "$ROOT"
  mkdir -p "$STATE"
  stamp_set base "$PKG_KEY"
fi
mkdir -p "$STATE"
if ! stamp_ok base "$PKG_KEY"; then     # the package list changed since the chroot was made
  log "1/4 installing packages added to the list"
  mount_chroot
  cp -L /etc/resolv.conf "$ROOT/etc/resolv.conf"
  in_root apt-get update -qq
  in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${PACKAGES[@]}"
  stamp_set base "$PKG_KEY"
fi
log "1/4 chroot ready: $(chroot "$ROOT" ldd --version | head -1)"

# --- 2. CPython 3.11 ------------------------------------------------------------------------------
# glibc-2.28 compatibility for code compiled against bullseye's 2.31 headers: glibc 2.29 gave
# exp, log, pow, exp2 and log2 new symbol versions; bind them to the old ones (same functions,
# the old entry points still exist in every later glibc).
COMPAT_H='/* Keep binaries built against glibc 2.31 loadable on 2.28 (see tools/build_legacy_linux.sh). */
#ifndef NIANBAO_GLIBC_COMPAT_H
#define NIANBAO_GLIBC_COMPAT_H
#if defined(__x86_64__)
__asm__(".symver exp,exp@GLIBC_2.2.5");
__asm__(".symver log,log@GLIBC_2.2.5");
__asm__(".symver pow,pow@GLIBC_2.2.5");
__asm__(".symver exp2,exp2@GLIBC_2.2.5");
__asm__(".symver log2,log2@GLIBC_2.2.5");
#elif defined(__aarch64__)
__asm__(".symver exp,exp@GLIBC_2.17");
__asm__(".symver log,log@GLIBC_2.17");
__asm__(".symver pow,pow@GLIBC_2.17");
__asm__(".symver exp2,exp2@GLIBC_2.17");
__asm__(".symver log2,log2@GLIBC_2.17");
#endif
#endif'
# sem_clockwait is glibc 2.30: without it CPython uses sem_timedwait (as on 2.28).
PY_CONFIGURE="--prefix=$PY_PREFIX --enable-shared --with-ensurepip=install \
LDFLAGS='-Wl,-rpath,$PY_PREFIX/lib' CFLAGS='-include /opt/glibc-compat.h' ac_cv_func_sem_clockwait=no"
PY_KEY="$PY_VERSION $PY_SHA256 $(echo "$COMPAT_H $PY_CONFIGURE" | sha256sum | cut -c1-16)"
if ! stamp_ok python "$PY_KEY" || [ ! -x "$ROOT$PY_PREFIX/bin/python3.11" ]; then
  log "2/4 building CPython $PY_VERSION in the chroot (about 5 minutes on 2 cores)"
  mkdir -p "$STATE/downloads"
  if ! echo "$PY_SHA256  $STATE/downloads/$PY_TARBALL" | sha256sum -c --quiet >/dev/null 2>&1; then
    curl -fsSL -o "$STATE/downloads/$PY_TARBALL" "$MIRROR/pool/main/p/python3.11/$PY_TARBALL"
    echo "$PY_SHA256  $STATE/downloads/$PY_TARBALL" | sha256sum -c --quiet
  fi
  printf '%s\n' "$COMPAT_H" > "$ROOT/opt/glibc-compat.h"
  rm -rf "$ROOT/opt/py-src" "$ROOT$PY_PREFIX" "$ROOT$VENV"
  mkdir -p "$ROOT/opt/py-src"
  tar -xzf "$STATE/downloads/$PY_TARBALL" -C "$ROOT/opt/py-src" --strip-components=1
  mount_chroot
  # shellcheck disable=SC2086
  in_root sh -c "cd /opt/py-src && ./configure $PY_CONFIGURE >/opt/py-configure.log 2>&1 \
    && make -j$(nproc) >/opt/py-make.log 2>&1 && make install >/opt/py-install.log 2>&1" \
    || die "CPython build failed: see $ROOT/opt/py-*.log"
  rm -rf "$ROOT/opt/py-src"
  rm -f "$STATE/venv.stamp"
  stamp_set python "$PY_KEY"
fi
log "2/4 $(in_root python3.11 -c 'import sys, sysconfig; print("Python", sys.version.split()[0], sysconfig.get_config_var("CONFIG_ARGS")[:60], "...")')"

# --- 3. the pinned libraries ----------------------------------------------------------------------
REQ="$STATE/requirements-legacy.txt"
sed -E "s/^(PySide6-Essentials)==.*/\1==$PYSIDE/" "$REPO/requirements.txt" > "$REQ.new"
printf '\n# PySide6-Essentials pulls shiboken6 of the same version\nshiboken6==%s\n' "$PYSIDE" >> "$REQ.new"
mv "$REQ.new" "$REQ"
REQ_KEY="$(sha256sum "$REQ" | cut -c1-16) $PY_KEY"
if ! stamp_ok venv "$REQ_KEY" || [ ! -x "$ROOT$VENV/bin/pyinstaller" ]; then
  log "3/4 downloading wheels (manylinux <= 2_28, cp311) and installing them offline"
  ARCH="$(uname -m)"
  PLATFORMS=()
  for minor in $(seq 28 -1 17); do PLATFORMS+=(--platform "manylinux_2_${minor}_$ARCH"); done
  PLATFORMS+=(--platform "manylinux2014_$ARCH")
  rm -rf "$STATE/wheels" && mkdir -p "$STATE/wheels"
  python3 -m pip download -q -r "$REQ" -d "$STATE/wheels" "${PLATFORMS[@]}" \
    --python-version 3.11 --implementation cp --abi cp311 --only-binary=:all: \
    2> "$STATE/pip-download.log" || { cat "$STATE/pip-download.log" >&2; die "pip download failed"; }
  rm -rf "$ROOT/opt/wheels" "$ROOT$VENV"
  cp -r "$STATE/wheels" "$ROOT/opt/wheels"
  cp "$REQ" "$ROOT/opt/requirements-legacy.txt"
  mount_chroot
  in_root python3.11 -m venv "$VENV"
  in_root "$VENV/bin/python" -m pip install -q --no-index --find-links /opt/wheels \
    -r /opt/requirements-legacy.txt
  stamp_set venv "$REQ_KEY"
fi
log "3/4 $(in_root "$VENV/bin/python" -m pip list 2>/dev/null | grep -Ei '^(pyside6[-_]essentials|shiboken6|pyinstaller) ' | tr -s ' ' | paste -sd';')"

# --- 4. build -------------------------------------------------------------------------------------
log "4/4 copying the checkout ($SOURCE_MODE) and running pyinstaller build.spec in the chroot"
rm -rf "$ROOT/build" && mkdir -p "$ROOT/build/src"
case "$SOURCE_MODE" in
  head) git -C "$REPO" archive HEAD | tar -x -C "$ROOT/build/src" ;;
  worktree)
    (cd "$REPO" && git ls-files -co --exclude-standard -z \
       | xargs -0 -I{} sh -c '[ -f "$1" ] && printf "%s\0" "$1"' _ {} \
       | tar --null -T - -cf -) | tar -x -C "$ROOT/build/src" ;;
  *) die "NIANBAO_LEGACY_SOURCE must be worktree or head" ;;
esac
mount_chroot
B0=$(date +%s)
in_root sh -c "cd /build/src && NIANBAO_LEGACY_GLIBC=$GLIBC_MAX python -m PyInstaller build.spec \
  --noconfirm --clean --distpath /build/dist --workpath /build/work" > "$STATE/pyinstaller.log" 2>&1 \
  || { tail -40 "$STATE/pyinstaller.log" >&2; die "pyinstaller failed: $STATE/pyinstaller.log"; }
B1=$(date +%s)
BUILT="$ROOT/build/dist/年报校对助手"
[ -x "$BUILT" ] || die "no executable in $ROOT/build/dist"
mkdir -p "$(dirname "$OUTPUT")"
cp "$BUILT" "$OUTPUT.tmp" && mv "$OUTPUT.tmp" "$OUTPUT"
log "4/4 pyinstaller took $((B1 - B0)) s; whole run $(( $(date +%s) - T0 )) s"
log "$OUTPUT: $(stat -c %s "$OUTPUT") bytes, sha256 $(sha256sum "$OUTPUT" | cut -c1-16)..."

# --- measure --------------------------------------------------------------------------------------
# (inside the chroot: its PyInstaller unpacks the archive, its objdump reads the files)
in_root python /build/src/tools/glibc_floor.py /build/dist/年报校对助手 --max "$GLIBC_MAX" \
  > "$STATE/glibc-floor.txt" 2>&1 || { cat "$STATE/glibc-floor.txt" >&2; die "glibc floor above $GLIBC_MAX"; }
sed -n '/^ELF files/,$p' "$STATE/glibc-floor.txt" >&2
