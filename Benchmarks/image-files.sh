#!/usr/bin/env bash
# Benchmark: `palisade image files --digests` of python-app (OCI layout and
# docker-archive) beside single-threaded `gzip -dc` of the same layers and
# `umoci unpack` of the same image. See Benchmarks/README.md.
#
# Usage: Benchmarks/image-files.sh [--no-build] [--save]
#        env: PALISADE_BIN, RUNS (default 7), FIXTURES, TMPDIR
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_args 7 "$@"

RUNS=${RUNS:-7}
FIXTURES=${FIXTURES:-$ROOT/../shared/fixtures}
LAYOUT=$FIXTURES/images/oci
IMAGE=python-app
bench_require skopeo umoci gzip python3 "$TIME"
[[ -f $LAYOUT/index.json ]] || { echo "no OCI layout at $LAYOUT" >&2; exit 1; }
bench_palisade
bench_workdir

# --- Preparation (once, untimed) ------------------------------------------
echo "preparing in $WORK ..." >&2
skopeo copy -q "oci:$LAYOUT:$IMAGE" "docker-archive:$WORK/$IMAGE.tar:$IMAGE:latest" >&2
skopeo copy -q "oci:$LAYOUT:$IMAGE" "oci:$WORK/layout:$IMAGE" >&2   # writable copy for umoci
mapfile -t BLOBS < <(python3 - "$LAYOUT" "$IMAGE" <<'EOF'
import json, os, sys
layout, name = sys.argv[1:]
blob = lambda d: os.path.join(layout, "blobs", *d.split(":", 1))
index = json.load(open(os.path.join(layout, "index.json")))
desc = next(m for m in index["manifests"]
            if m.get("annotations", {}).get("org.opencontainers.image.ref.name") == name)
for layer in json.load(open(blob(desc["digest"])))["layers"]:
    if not layer["mediaType"].endswith("gzip"):
        sys.exit(f"layer {layer['digest']} is not gzip: {layer['mediaType']}")
    print(blob(layer["digest"]))
EOF
)
(( ${#BLOBS[@]} > 0 )) || { echo "no layers found for $IMAGE" >&2; exit 1; }

# --- Contenders ------------------------------------------------------------
NAMES=(palisade-oci palisade-docker-archive gzip umoci)
set_cmd() {  # name run-index -> CMD, the command to time (stdout goes to /dev/null)
  case $1 in
    palisade-oci) CMD=("$PALISADE_BIN" image files --digests --format json "oci:$LAYOUT:$IMAGE") ;;
    palisade-docker-archive) CMD=("$PALISADE_BIN" image files --digests --format json "docker-archive:$WORK/$IMAGE.tar") ;;
    gzip) CMD=(gzip -dc "${BLOBS[@]}") ;;
    umoci) CMD=(umoci unpack --image "$WORK/layout:$IMAGE" "$WORK/unpack-$2") ;;
  esac
}
after_run() { rm -rf "$WORK/unpack-$2"; }
bench_runs

# --- Report ----------------------------------------------------------------
PYTHONPATH="$ROOT/Benchmarks" python3 - "$WORK/samples" "$SAVE" "$ROOT/Benchmarks/results" "$RUNS" "$(nproc)" \
  "$("$PALISADE_BIN" --version)" "$PALISADE_BIN" <<'EOF'
import sys
from bench_report import rows as load_rows, save as save_results
samples, save, outdir, runs, cores, version, binary = sys.argv[1:]
rows = load_rows(samples)
ratios = {f"{p} / {b}": rows[p]["median_wall_s"] / rows[b]["median_wall_s"]
          for p in ("palisade-oci", "palisade-docker-archive") for b in ("gzip", "umoci")}
print(f"palisade {version} ({binary}), {cores} cores, {runs} runs, image python-app")
print(f"{'contender':<25}{'median s':>10}{'min s':>9}{'max s':>9}{'peak RSS MiB':>14}")
for n, r in rows.items():
    print(f"{n:<25}{r['median_wall_s']:>10.3f}{r['min_wall_s']:>9.3f}{r['max_wall_s']:>9.3f}"
          f"{r['median_peak_rss_mib']:>14.1f}")
print("median wall ratios:")
for k, v in ratios.items():
    print(f"  {k:<32}{v:>7.2f}")
if save == "1":
    save_results(outdir, "image-files", {"palisade_version": version, "palisade_bin": binary,
                 "cores": int(cores), "runs": int(runs), "image": "python-app",
                 "contenders": rows, "ratios": ratios})
EOF
