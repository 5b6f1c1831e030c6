#!/usr/bin/env bash
# Benchmark: policy evaluation (issue 7), release build. The whole default pack against every workload of the
# Kubernetes corpus (`check deploy`) and against python-app's scan result (`check image`): time per
# (policy, subject) pair, from the gate's own PALISADE_TIMINGS line (evaluation only: no reading, scanning or
# report writing). Goal: under 10 µs per pair.
#
# Usage: Benchmarks/policy.sh [--no-build] [--save]
#        env: PALISADE_BIN, RUNS (default 7), FIXTURES, TMPDIR
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_args 11 "$@"

RUNS=${RUNS:-7}
FIXTURES=${FIXTURES:-$ROOT/../shared/fixtures}
bench_require python3
bench_palisade
bench_workdir

"$PALISADE_BIN" db import --db-dir "$WORK/db" "$FIXTURES/advisories/osv/PyPI/all.zip" "$FIXTURES/advisories/osv/Go/all.zip" >/dev/null
: >"$WORK/deploy" ; : >"$WORK/image"
for i in $(seq 1 "$RUNS"); do
  echo "run $i/$RUNS" >&2
  PALISADE_TIMINGS=1 "$PALISADE_BIN" check deploy "$FIXTURES/k8s/corpus" --format json -o /dev/null 2>"$WORK/stderr" || true
  sed -n 's/^palisade: timing: policy-evaluation \([0-9.]*\) us per pair (\([0-9]*\) policies x \([0-9]*\) subjects.*/\1 \2 \3/p' "$WORK/stderr" >>"$WORK/deploy"
  PALISADE_TIMINGS=1 "$PALISADE_BIN" check image "oci:$FIXTURES/images/oci:python-app" --db-dir "$WORK/db" --no-history --format json -o /dev/null 2>"$WORK/stderr" || true
  sed -n 's/^palisade: timing: policy-evaluation \([0-9.]*\) us per pair (\([0-9]*\) policies x \([0-9]*\) subjects.*/\1 \2 \3/p' "$WORK/stderr" >>"$WORK/image"
done

PYTHONPATH="$ROOT/Benchmarks" python3 - "$WORK/deploy" "$WORK/image" "$SAVE" "$ROOT/Benchmarks/results" "$RUNS" "$(nproc)" "$("$PALISADE_BIN" --version)" <<'PY'
import statistics, sys
from bench_report import save as save_results
deploy_file, image_file, save, outdir, runs, cores, version = sys.argv[1:]
def read(path):
    rows = [l.split() for l in open(path) if l.strip()]
    return [float(r[0]) for r in rows], (int(rows[0][1]), int(rows[0][2])) if rows else (0, 0)
deploy, (dp, ds) = read(deploy_file)
image, (ip, isub) = read(image_file)
print(f"palisade {version}, {cores} cores, {runs} runs")
print(f"check deploy (corpus): {dp} enabled policies x {ds} workloads: median {statistics.median(deploy):.3f} us per pair (min {min(deploy):.3f}, max {max(deploy):.3f})")
print(f"check image (python-app): {ip} enabled policies x {isub} image: median {statistics.median(image):.3f} us per pair (min {min(image):.3f}, max {max(image):.3f})")
print("goal: under 10 us per pair")
if save == "1":
    save_results(outdir, "policy", {"palisade_version": version, "cores": int(cores), "runs": int(runs),
                 "deploy": {"policies": dp, "subjects": ds, "us_per_pair": deploy, "median": statistics.median(deploy)},
                 "image": {"policies": ip, "subjects": isub, "us_per_pair": image, "median": statistics.median(image)}})
PY
