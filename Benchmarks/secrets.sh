#!/usr/bin/env bash
# Benchmark: secret scanning of python-app (issue 5), release build, same run, alternating:
# `palisade image scan --scanners secret` beside `trivy image --scanners secret`, both cold
# (trivy with its in-memory cache), both on the same single-image OCI layout, JSON output.
# Goal: palisade's median wall time at most 0.5x trivy's.
#
# Usage: Benchmarks/secrets.sh [--no-build] [--save]
#        env: PALISADE_BIN, RUNS (default 7), FIXTURES, PEERS_DIR, TRIVY_BIN, TMPDIR
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_args 11 "$@"

RUNS=${RUNS:-7}
FIXTURES=${FIXTURES:-$ROOT/../shared/fixtures}
LAYOUT=$FIXTURES/images/oci
IMAGE=python-app
PEERS_DIR=${PEERS_DIR:-$HOME/.cache/palisade-peers}
TRIVY_BIN=${TRIVY_BIN:-$PEERS_DIR/bin/trivy}
bench_require skopeo python3 "$TIME"
[[ -x $TRIVY_BIN ]] || { echo "not executable: $TRIVY_BIN (run Benchmarks/install-peers.sh)" >&2; exit 1; }

bench_palisade
bench_workdir

# trivy --input DIR takes the first image of a layout: give both contenders a single-image copy.
skopeo copy -q "oci:$LAYOUT:$IMAGE" "oci:$WORK/oci:$IMAGE" >&2

NAMES=(palisade-secret trivy-secret)
set_cmd() {
  local tag=$2
  case $1 in
    palisade-secret)
      ENV=("PALISADE_CACHE_DIR=$WORK/cache-$tag")
      CMD=("$PALISADE_BIN" image scan "oci:$WORK/oci:$IMAGE" --scanners secret --format json --no-history -o "$WORK/palisade.json") ;;
    trivy-secret)
      mkdir -p "$WORK/cache-$tag"
      ENV=("TRIVY_CACHE_DIR=$WORK/cache-$tag")
      CMD=("$TRIVY_BIN" image --input "$WORK/oci" --scanners secret --format json --output "$WORK/trivy.json"
           --offline-scan --cache-backend memory --skip-version-check --disable-telemetry --quiet) ;;
  esac
}
after_run() { rm -rf "$WORK/cache-$2"; }

bench_runs

# Both found the same five secrets (a sanity check, not a timing).
counts=$(python3 - "$WORK/palisade.json" "$WORK/trivy.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
t = json.load(open(sys.argv[2]))
ours = {(s["path"], s["ruleID"], s["line"]) for s in p.get("secrets", [])}
theirs = {(r["Target"], s["RuleID"], s["StartLine"]) for r in t.get("Results", []) for s in r.get("Secrets", [])}
print(f"{len(ours)} {len(theirs)} {'same' if ours == theirs else 'DIFFERENT'}")
PY
)

PYTHONPATH="$ROOT/Benchmarks" python3 - "$WORK/samples" "$SAVE" "$ROOT/Benchmarks/results" "$RUNS" "$(nproc)" \
  "$("$PALISADE_BIN" --version)" "$PALISADE_BIN" "$("$TRIVY_BIN" --version | sed -n 's/^Version: //p' | head -n1)" "$counts" <<'PY'
import sys
from bench_report import rows as load_rows, save as save_results
samples, save, outdir, runs, cores, version, binary, trivy, counts = sys.argv[1:]
ours, theirs, verdict = counts.split()
rows = load_rows(samples)
scan, peer = rows["palisade-secret"], rows["trivy-secret"]
ratio = {k: scan[f"median_{k}"] / peer[f"median_{k}"] for k in ("wall_s", "cpu_s", "peak_rss_mib") if f"median_{k}" in scan}
print(f"palisade {version} ({binary}), trivy {trivy}, {cores} cores, {runs} runs, image python-app")
print(f"secrets found: palisade {ours}, trivy {theirs} ({verdict})")
print(f"{'contender':<18}{'median s':>10}{'min s':>9}{'max s':>9}{'CPU s':>8}{'peak RSS MiB':>14}")
for n, r in rows.items():
    print(f"{n:<18}{r['median_wall_s']:>10.3f}{r['min_wall_s']:>9.3f}{r['max_wall_s']:>9.3f}{r.get('median_cpu_s', float('nan')):>8.2f}{r['median_peak_rss_mib']:>14.1f}")
print("palisade / trivy: " + ", ".join(f"{k} {v:.2f}x" for k, v in ratio.items()) + " (goal <= 0.5x wall)")
if save == "1":
    save_results(outdir, "secrets", {"palisade_version": version, "palisade_bin": binary, "trivy": trivy, "cores": int(cores),
                 "runs": int(runs), "image": "python-app", "secrets": {"palisade": int(ours), "trivy": int(theirs), "same": verdict == "same"},
                 "contenders": rows, "ratio_vs_trivy": ratio})
PY
