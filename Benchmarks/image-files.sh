#!/usr/bin/env bash
# Benchmark: `palisade image files --digests` of python-app (OCI layout and
# docker-archive) beside single-threaded `gzip -dc` of the same layers and
# `umoci unpack` of the same image. See Benchmarks/README.md.
#
# Usage: Benchmarks/image-files.sh [--no-build] [--save]
#        env: PALISADE_BIN, RUNS (default 7), FIXTURES, TMPDIR
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=1 SAVE=0
for arg in "$@"; do
  case $arg in
    --no-build) BUILD=0 ;;
    --save) SAVE=1 ;;
    -h|--help) sed -n '2,7p' "$0" | cut -c3-; exit 0 ;;
    *) echo "unknown argument: $arg" >&2; exit 2 ;;
  esac
done

RUNS=${RUNS:-7}
FIXTURES=${FIXTURES:-$ROOT/../shared/fixtures}
LAYOUT=$FIXTURES/images/oci
IMAGE=python-app
TIME=/usr/bin/time
for tool in skopeo umoci gzip python3 "$TIME"; do
  command -v "$tool" >/dev/null || { echo "missing tool: $tool" >&2; exit 1; }
done
[[ -f $LAYOUT/index.json ]] || { echo "no OCI layout at $LAYOUT" >&2; exit 1; }

if [[ -z ${PALISADE_BIN:-} ]]; then
  if [[ $BUILD == 1 ]]; then
    (cd "$ROOT" && swift build -c release --product palisade)
  fi
  PALISADE_BIN=$ROOT/.build/release/palisade
fi
[[ -x $PALISADE_BIN ]] || { echo "not executable: $PALISADE_BIN" >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/palisade-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

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
measure() {  # name run-index -> appends "name wall_s rss_kib" to samples
  local name=$1 i=$2 start end
  set_cmd "$name" "$i"
  start=$(date +%s.%N)
  if ! "$TIME" -f '%M' -o "$WORK/rss" "${CMD[@]}" >/dev/null 2>"$WORK/stderr"; then
    echo "$name failed (run $i):" >&2; cat "$WORK/stderr" "$WORK/rss" >&2; exit 1
  fi
  end=$(date +%s.%N)
  echo "$name $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }') $(tail -n1 "$WORK/rss")" >>"$WORK/samples"
  rm -rf "$WORK/unpack-$i"   # outside the timing
}

: >"$WORK/samples"
for ((i = 1; i <= RUNS; i++)); do
  order=()
  for ((k = 0; k < ${#NAMES[@]}; k++)); do order+=("${NAMES[(k + i - 1) % ${#NAMES[@]}]}"); done
  echo "run $i/$RUNS: ${order[*]}" >&2
  for name in "${order[@]}"; do measure "$name" "$i"; done
done

# --- Report ----------------------------------------------------------------
python3 - "$WORK/samples" "$SAVE" "$ROOT/Benchmarks/results" "$RUNS" "$(nproc)" \
  "$("$PALISADE_BIN" --version)" "$PALISADE_BIN" <<'EOF'
import json, os, statistics, sys, time
samples, save, outdir, runs, cores, version, binary = sys.argv[1:]
data = {}
for line in open(samples):
    name, wall, rss = line.split()
    data.setdefault(name, {"wall_s": [], "rss_kib": []})
    data[name]["wall_s"].append(float(wall)); data[name]["rss_kib"].append(int(rss))
rows = {n: {"median_wall_s": statistics.median(d["wall_s"]), "min_wall_s": min(d["wall_s"]),
            "max_wall_s": max(d["wall_s"]),
            "median_peak_rss_mib": statistics.median(d["rss_kib"]) / 1024, **d}
        for n, d in data.items()}
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
    os.makedirs(outdir, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    path = os.path.join(outdir, f"image-files-{stamp}.json")
    with open(path, "w") as f:
        json.dump({"timestamp": stamp, "palisade_version": version, "palisade_bin": binary,
                   "cores": int(cores), "runs": int(runs), "image": "python-app",
                   "contenders": rows, "ratios": ratios}, f, indent=2)
    print(f"saved {path}")
EOF
