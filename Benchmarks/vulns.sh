#!/usr/bin/env bash
# Benchmark: vulnerability scanning of python-app (issue 4), release build, same run.
#  (a) `palisade db import` of both fixture OSV exports (PyPI and Go all.zip) into a fresh database;
#  (b) matching the python-app inventory against that database (the "match" stage, PALISADE_TIMINGS);
#  (c) the whole `palisade image scan` of python-app from the OCI layout, beside trivy 0.76's cold
#      SBOM-only run of the same image (trivy cannot scan for vulnerabilities offline), alternating.
#
# Usage: Benchmarks/vulns.sh [--no-build] [--save]
#        env: PALISADE_BIN, RUNS (default 7), FIXTURES, PEERS_DIR, TRIVY_BIN, TRIVY_CACHE_DIR, TMPDIR
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_args 11 "$@"

RUNS=${RUNS:-7}
FIXTURES=${FIXTURES:-$ROOT/../shared/fixtures}
LAYOUT=$FIXTURES/images/oci
IMAGE=python-app
OSV=$FIXTURES/advisories/osv
PEERS_DIR=${PEERS_DIR:-$HOME/.cache/palisade-peers}
TRIVY_BIN=${TRIVY_BIN:-$PEERS_DIR/bin/trivy}
JAVADB=${TRIVY_CACHE_DIR:-$PEERS_DIR/trivy-cache}/java-db
bench_require skopeo python3 "$TIME"
[[ -x $TRIVY_BIN ]] || { echo "not executable: $TRIVY_BIN (run Benchmarks/install-peers.sh)" >&2; exit 1; }
[[ -f $JAVADB/trivy-java.db ]] || { echo "no trivy Java DB in $JAVADB (run Benchmarks/install-peers.sh)" >&2; exit 1; }

bench_palisade
bench_workdir

# One database for (b) and (c), imported untimed; (a) imports into a fresh directory per run.
"$PALISADE_BIN" db import --db-dir "$WORK/db" "$OSV/PyPI/all.zip" "$OSV/Go/all.zip" >/dev/null
# trivy --input DIR takes the first image of a layout: give both contenders a single-image copy.
skopeo copy -q "oci:$LAYOUT:$IMAGE" "oci:$WORK/oci:$IMAGE" >&2

NAMES=(palisade-import palisade-scan trivy-sbom)
set_cmd() {
  local tag=$2
  case $1 in
    palisade-import)
      ENV=()
      CMD=("$PALISADE_BIN" db import --db-dir "$WORK/import-$tag" "$OSV/PyPI/all.zip" "$OSV/Go/all.zip") ;;
    palisade-scan)
      ENV=("PALISADE_CACHE_DIR=$WORK/cache-$tag" "PALISADE_TIMINGS=1")
      CMD=("$PALISADE_BIN" image scan "oci:$WORK/oci:$IMAGE" --scanners vuln --db-dir "$WORK/db" --format json --no-history -o "$WORK/scan.json") ;;
    trivy-sbom)
      mkdir -p "$WORK/cache-$tag" && cp -r "$JAVADB" "$WORK/cache-$tag/java-db"
      ENV=("TRIVY_CACHE_DIR=$WORK/cache-$tag")
      CMD=("$TRIVY_BIN" image --input "$WORK/oci" --format cyclonedx --output /dev/null
           --offline-scan --skip-java-db-update --cache-backend memory
           --skip-version-check --disable-telemetry --quiet) ;;
  esac
}
after_run() {
  if [[ $1 == palisade-scan ]]; then
    sed -n 's/^palisade: timing: match \([0-9.]*\) ms$/\1/p' "$WORK/stderr" >>"$WORK/match-ms"
  fi
  rm -rf "$WORK/cache-$2" "$WORK/import-$2"
}
: >"$WORK/match-ms"

bench_runs

# The scan found the reference's 131 PyPI/Go pairs (a sanity check, not a timing).
findings=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["vulnerabilities"]))' "$WORK/scan.json")

PYTHONPATH="$ROOT/Benchmarks" python3 - "$WORK/samples" "$WORK/match-ms" "$SAVE" "$ROOT/Benchmarks/results" "$RUNS" "$(nproc)" \
  "$("$PALISADE_BIN" --version)" "$PALISADE_BIN" "$("$TRIVY_BIN" --version | sed -n 's/^Version: //p' | head -n1)" "$findings" <<'EOF'
import statistics, sys
from bench_report import rows as load_rows, save as save_results
samples, match_ms, save, outdir, runs, cores, version, binary, trivy, findings = sys.argv[1:]
rows = load_rows(samples)
match = [float(l) for l in open(match_ms) if l.strip()]
scan, peer = rows["palisade-scan"], rows["trivy-sbom"]
ratio = {"wall": scan["median_wall_s"] / peer["median_wall_s"],
         "peak_rss": scan["median_peak_rss_mib"] / peer["median_peak_rss_mib"]}
print(f"palisade {version} ({binary}), trivy {trivy}, {cores} cores, {runs} runs, image python-app, {findings} findings")
print(f"{'contender':<20}{'median s':>10}{'min s':>9}{'max s':>9}{'peak RSS MiB':>14}")
for n, r in rows.items():
    print(f"{n:<20}{r['median_wall_s']:>10.3f}{r['min_wall_s']:>9.3f}{r['max_wall_s']:>9.3f}{r['median_peak_rss_mib']:>14.1f}")
print(f"(a) import of both zips: median {rows['palisade-import']['median_wall_s']:.3f} s")
print(f"(b) matching python-app: median {statistics.median(match):.2f} ms (min {min(match):.2f}, max {max(match):.2f}; goal < 10 ms)")
print(f"(c) image scan / trivy SBOM-only: wall {ratio['wall']:.2f}x, peak RSS {ratio['peak_rss']:.2f}x (goal <= 0.5x wall)")
if save == "1":
    save_results(outdir, "vulns", {"palisade_version": version, "palisade_bin": binary, "trivy": trivy, "cores": int(cores),
                 "runs": int(runs), "image": "python-app", "findings": int(findings), "contenders": rows,
                 "match_ms": {"median": statistics.median(match), "samples": match}, "ratio_scan_vs_trivy_sbom": ratio})
EOF
