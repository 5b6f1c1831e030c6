#!/usr/bin/env bash
# Benchmark: cold CycloneDX SBOM of python-app from a docker-archive and from
# an OCI layout: `palisade image sbom` beside trivy 0.76 and syft 1.18, all in
# the same run, offline. See Benchmarks/README.md.
#
# Usage: Benchmarks/sbom.sh [--no-build] [--save]
#        env: PALISADE_BIN, RUNS (default 5), FIXTURES, LAYOUT + IMAGE (another
#        OCI layout / ref name), PEERS_DIR, TRIVY_BIN, SYFT_BIN, TRIVY_CACHE_DIR, TMPDIR
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_args 8 "$@"

RUNS=${RUNS:-5}
FIXTURES=${FIXTURES:-$ROOT/../shared/fixtures}
LAYOUT=${LAYOUT:-$FIXTURES/images/oci}
IMAGE=${IMAGE:-python-app}
PEERS_DIR=${PEERS_DIR:-$HOME/.cache/palisade-peers}
TRIVY_BIN=${TRIVY_BIN:-$PEERS_DIR/bin/trivy}
SYFT_BIN=${SYFT_BIN:-$PEERS_DIR/bin/syft}
JAVADB=${TRIVY_CACHE_DIR:-$PEERS_DIR/trivy-cache}/java-db   # template, copied per trivy run
bench_require skopeo python3 "$TIME"
[[ -f $LAYOUT/index.json ]] || { echo "no OCI layout at $LAYOUT" >&2; exit 1; }
for bin in "$TRIVY_BIN" "$SYFT_BIN"; do
  [[ -x $bin ]] || { echo "not executable: $bin (run Benchmarks/install-peers.sh)" >&2; exit 1; }
done
[[ -f $JAVADB/trivy-java.db ]] || { echo "no trivy Java DB in $JAVADB (run Benchmarks/install-peers.sh)" >&2; exit 1; }

bench_palisade
bench_workdir
export SYFT_CHECK_FOR_APP_UPDATE=false

# --- Preparation (once, untimed) ------------------------------------------
# syft's oci-dir: needs a layout holding exactly one manifest, and trivy's
# --input DIR silently takes the first manifest; a single-image copy (same
# blobs, same manifest digest) gives all three the same input.
echo "preparing in $WORK ..." >&2
skopeo copy -q "oci:$LAYOUT:$IMAGE" "docker-archive:$WORK/$IMAGE.tar:$IMAGE:latest" >&2
skopeo copy -q "oci:$LAYOUT:$IMAGE" "oci:$WORK/oci:$IMAGE" >&2
DA=$WORK/$IMAGE.tar OCI=$WORK/oci

# --- Contenders ------------------------------------------------------------
NAMES=()
for input in docker-archive oci; do NAMES+=("palisade-$input" "trivy-$input" "syft-$input"); done
set_cmd() {  # name run-tag [output] -> CMD (argv) and ENV (extra environment), fresh caches
  local name=$1 tag=$2 out=${3:-/dev/null} input=${1#*-} src
  case $1 in
    palisade-*)
      [[ $input == oci ]] && src="oci:$OCI:$IMAGE" || src="docker-archive:$DA"
      ENV=("PALISADE_CACHE_DIR=$WORK/cache-$tag")
      CMD=("$PALISADE_BIN" image sbom --format cyclonedx "$src" -o "$out") ;;
    trivy-*)
      [[ $input == oci ]] && src=$OCI || src=$DA
      mkdir -p "$WORK/cache-$tag" && cp -r "$JAVADB" "$WORK/cache-$tag/java-db"
      ENV=("TRIVY_CACHE_DIR=$WORK/cache-$tag")
      # cyclonedx output without --scanners only lists packages (no vulnerability
      # DB needed); --skip-version-check/--disable-telemetry stop the call to
      # check.trivy.dev that it otherwise makes on every run.
      CMD=("$TRIVY_BIN" image --input "$src" --format cyclonedx --output "$out"
           --offline-scan --skip-java-db-update --cache-backend memory
           --skip-version-check --disable-telemetry --quiet) ;;
    syft-*)
      [[ $input == oci ]] && src="oci-dir:$OCI" || src="docker-archive:$DA"
      mkdir -p "$WORK/tmp-$tag"   # syft unpacks layers under TMPDIR
      ENV=("SYFT_CACHE_DIR=$WORK/cache-$tag" "TMPDIR=$WORK/tmp-$tag")
      CMD=("$SYFT_BIN" scan "$src" -o "cyclonedx-json=$out" -q) ;;
  esac
}
after_run() { rm -rf "$WORK/cache-$2" "$WORK/tmp-$2"; }

# One untimed pass writing real SBOMs: checks every command works and that all
# contenders inventory the same image (count of components with a purl).
: >"$WORK/packages"
for name in "${NAMES[@]}"; do
  ENV=(); set_cmd "$name" check "$WORK/$name.cdx.json"; bench_exec "$name" check; after_run "$name" check
  python3 - "$WORK/$name.cdx.json" "$name" >>"$WORK/packages" <<'EOF'
import json, sys
def walk(cs):
    for c in cs:
        yield c; yield from walk(c.get("components", []))
bom = json.load(open(sys.argv[1]))
print(sys.argv[2], sum(1 for c in walk(bom.get("components", [])) if c.get("purl")))
EOF
done

bench_runs

# --- Report ----------------------------------------------------------------
versions=$(printf 'trivy %s, syft %s' \
  "$("$TRIVY_BIN" --version | sed -n 's/^Version: //p' | head -n1)" \
  "$("$SYFT_BIN" version | sed -n 's/^Version: *//p')")
PYTHONPATH="$ROOT/Benchmarks" python3 - "$WORK/samples" "$WORK/packages" "$SAVE" "$ROOT/Benchmarks/results" "$RUNS" "$(nproc)" \
  "$("$PALISADE_BIN" --version)" "$PALISADE_BIN" "$IMAGE" "$versions" <<'EOF'
import sys
from bench_report import rows as load_rows, save as save_results
samples, packages, save, outdir, runs, cores, version, binary, image, peers = sys.argv[1:]
pkgs = dict((n, int(c)) for n, c in (l.split() for l in open(packages)))
rows = load_rows(samples, extra=lambda n: {"packages": pkgs.get(n)})
ratios = {}
for inp in ("docker-archive", "oci"):
    p = rows.get(f"palisade-{inp}")
    for peer in ("trivy", "syft"):
        b = rows.get(f"{peer}-{inp}")
        if p and b:
            ratios[f"palisade / {peer} ({inp})"] = {
                "wall": p["median_wall_s"] / b["median_wall_s"],
                "peak_rss": p["median_peak_rss_mib"] / b["median_peak_rss_mib"]}
print(f"palisade {version} ({binary}), {peers}, {cores} cores, {runs} runs, image {image}")
print(f"{'contender':<24}{'median s':>10}{'min s':>9}{'max s':>9}{'peak RSS MiB':>14}{'packages':>10}")
for n, r in rows.items():
    print(f"{n:<24}{r['median_wall_s']:>10.3f}{r['min_wall_s']:>9.3f}{r['max_wall_s']:>9.3f}"
          f"{r['median_peak_rss_mib']:>14.1f}{r['packages'] if r['packages'] is not None else '-':>10}")
if ratios:
    print(f"{'median ratios':<36}{'wall':>6}{'peak RSS':>10}")
    for k, v in ratios.items():
        print(f"  {k:<34}{v['wall']:>6.2f}{v['peak_rss']:>10.2f}")
if save == "1":
    save_results(outdir, "sbom", {"palisade_version": version, "palisade_bin": binary, "peers": peers,
                 "cores": int(cores), "runs": int(runs), "image": image, "contenders": rows, "ratios": ratios})
EOF
