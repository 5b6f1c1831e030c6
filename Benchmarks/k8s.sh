#!/usr/bin/env bash
# Benchmark: Kubernetes checks over the whole k8s corpus (issue 6): `palisade k8s
# scan` beside `trivy config` 0.76 and checkov 3.3.30, in the same run, alternating:
# CPU seconds (user + sys), wall and peak RSS, medians and ratios. See Benchmarks/README.md.
#
# Usage: Benchmarks/k8s.sh [--no-build] [--save]
#        env: PALISADE_BIN, RUNS (default 5), CHECKOV_RUNS (default RUNS; 3 if checkov's
#        untimed pass takes over 60 s), CORPUS, FIXTURES, PEERS_DIR, TRIVY_BIN, CHECKOV_BIN, TMPDIR
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_args 8 "$@"

RUNS=${RUNS:-5}
FIXTURES=${FIXTURES:-$ROOT/../shared/fixtures}
CORPUS=${CORPUS:-$FIXTURES/k8s/corpus}
PEERS_DIR=${PEERS_DIR:-$HOME/.cache/palisade-peers}
TRIVY_BIN=${TRIVY_BIN:-$PEERS_DIR/bin/trivy}
CHECKOV_BIN=${CHECKOV_BIN:-$PEERS_DIR/bin/checkov}
bench_require python3 "$TIME"
[[ -d $CORPUS ]] || { echo "no corpus at $CORPUS" >&2; exit 1; }
# checkov -d silently scans nothing when the path has a '..' component (it skips
# "hidden" directories, and '..' starts with a dot): give every tool the real path.
CORPUS=$(cd "$CORPUS" && pwd -P)
for bin in "$TRIVY_BIN" "$CHECKOV_BIN"; do
  [[ -x $bin ]] || { echo "not executable: $bin (run Benchmarks/install-peers.sh)" >&2; exit 1; }
done

bench_palisade
bench_workdir

# --- Contenders ------------------------------------------------------------
NAMES=(palisade trivy checkov)
set_cmd() {  # name run-tag [output] -> CMD, ENV, OK_STATUS, OUT (stdout)
  local tag=$2 out=${3:-/dev/null}
  OUT=/dev/null
  case $1 in
    palisade)
      OK_STATUS="0 2"   # 2: some files had input errors (the corpus has invalid YAML on purpose)
      CMD=("$PALISADE_BIN" k8s scan "$CORPUS" --format json -o "$out") ;;
    trivy)
      # Embedded checks only (--skip-check-update), a fresh cache dir and the memory
      # cache backend; no version check / telemetry call to check.trivy.dev.
      mkdir -p "$WORK/cache-$tag"
      ENV=("TRIVY_CACHE_DIR=$WORK/cache-$tag")
      CMD=("$TRIVY_BIN" config --skip-check-update --cache-backend memory
           --skip-version-check --disable-telemetry --format json --output "$out" --quiet "$CORPUS") ;;
    checkov)
      # Its report goes to stdout, kept every run so that after_run can check it is a
      # real one: when checkov scans nothing it still exits 0 or 1, with a bare summary.
      OK_STATUS="0 1"   # 1: some checks failed
      OUT=$WORK/checkov-$tag.json
      ENV=("CHECKOV_RUN_SCA_PACKAGE_SCAN_V2=false" "BC_SKIP_MAPPING=TRUE")
      CMD=("$CHECKOV_BIN" -d "$CORPUS" --framework kubernetes -o json --quiet --compact --skip-download) ;;
  esac
}
count_findings() {  # name report -> "name count note" (exits if the report is not a full one)
  python3 - "$2" "$1" "$WORK/stderr" <<'EOF'
import json, sys
path, name, stderr = sys.argv[1:]
doc = json.load(open(path))
try:
    if name == "palisade":
        s = doc["summary"]
        print(name, s["findings"], f"{s['documents']} documents, {s['objects']} objects, "
              f"{s['errors']} input errors in {s['filesWithErrors']} files")
    elif name == "trivy":
        results = doc["Results"]
        print(name, sum(1 for r in results for m in r.get("Misconfigurations") or [] if m.get("Status") == "FAIL"),
              f"{len(results)} files with results")
    else:  # one report per framework: a dict, or a list of them
        reports = doc if isinstance(doc, list) else [doc]
        print(name, sum(len(r["results"]["failed_checks"]) for r in reports),
              f"{sum(r['summary']['resource_count'] for r in reports)} resources, "
              f"{sum(r['summary']['parsing_errors'] for r in reports)} parsing errors")
except (KeyError, TypeError) as e:
    sys.exit(f"{name}: unexpected report {path} (missing {e}): {json.dumps(doc)[:1000]}\n"
             f"stderr: {open(stderr).read()[-2000:]}")
EOF
}
after_run() {
  rm -rf "$WORK/cache-$2"
  if [[ $1 == checkov && $2 != check ]]; then
    count_findings checkov "$WORK/checkov-$2.json" >/dev/null; rm -f "$WORK/checkov-$2.json"
  fi
}

# One untimed pass writing real reports: checks every command works, counts each
# tool's findings (for context: the tools' check sets differ) and warms the page cache.
: >"$WORK/findings"
for name in "${NAMES[@]}"; do
  ENV=() OK_STATUS=0
  set_cmd "$name" check "$WORK/$name-check.json"
  start=$(date +%s.%N)
  bench_exec "$name" check
  end=$(date +%s.%N)
  check_s=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
  echo "check pass: $name $check_s s" >&2
  [[ $name == checkov ]] && CHECKOV_CHECK_S=$check_s
  count_findings "$name" "$WORK/$name-check.json" >>"$WORK/findings"
  after_run "$name" check
done

# checkov is slow: unless CHECKOV_RUNS is given, 3 runs of it when one takes over 60 s.
if [[ -z ${CHECKOV_RUNS:-} ]]; then
  CHECKOV_RUNS=$RUNS
  if awk -v s="$CHECKOV_CHECK_S" 'BEGIN { exit !(s > 60) }' && ((RUNS > 3)); then
    CHECKOV_RUNS=3
    echo "checkov took $CHECKOV_CHECK_S s: $CHECKOV_RUNS runs of it (CHECKOV_RUNS to override)" >&2
  fi
fi
skip_run() { [[ $1 == checkov ]] && (($2 > CHECKOV_RUNS)); }

bench_runs

# --- Report ----------------------------------------------------------------
peers=$(printf 'trivy %s, checkov %s' \
  "$("$TRIVY_BIN" --version | sed -n 's/^Version: //p' | head -n1)" \
  "$("$CHECKOV_BIN" --version | tail -n1)")
PYTHONPATH="$ROOT/Benchmarks" python3 - "$WORK/samples" "$WORK/findings" "$SAVE" "$ROOT/Benchmarks/results" \
  "$RUNS" "$CHECKOV_RUNS" "$(nproc)" "$("$PALISADE_BIN" --version)" "$PALISADE_BIN" "$peers" "$CORPUS" <<'EOF'
import sys
from bench_report import rows as load_rows, save as save_results
samples, findings, save, outdir, runs, checkov_runs, cores, version, binary, peers, corpus = sys.argv[1:]
found = {}
for line in open(findings):
    name, count, note = line.rstrip("\n").split(" ", 2)
    found[name] = {"findings": int(count), "note": note}
rows = load_rows(samples, extra=lambda n: {"runs": None, **found.get(n, {})})
for r in rows.values():
    r["runs"] = len(r["wall_s"])
p = rows["palisade"]
ratios = {f"palisade / {peer}": {"cpu": p["median_cpu_s"] / rows[peer]["median_cpu_s"],
                                 "wall": p["median_wall_s"] / rows[peer]["median_wall_s"],
                                 "peak_rss": p["median_peak_rss_mib"] / rows[peer]["median_peak_rss_mib"]}
          for peer in ("trivy", "checkov") if peer in rows}
goals = {"cpu_at_most_1/100_of_trivy": ratios["palisade / trivy"]["cpu"] <= 0.01,
         "peak_rss_under_100_MB": p["median_peak_rss_mib"] * 1024 * 1024 < 100e6}
print(f"palisade {version} ({binary}), {peers}, {cores} cores, corpus {corpus}")
print(f"{'contender':<10}{'runs':>5}{'CPU s':>9}{'min':>8}{'max':>8}{'wall s':>9}{'min':>8}{'max':>8}"
      f"{'peak RSS MiB':>14}{'findings':>10}")
for n, r in rows.items():
    print(f"{n:<10}{r['runs']:>5}{r['median_cpu_s']:>9.2f}{r['min_cpu_s']:>8.2f}{r['max_cpu_s']:>8.2f}"
          f"{r['median_wall_s']:>9.3f}{r['min_wall_s']:>8.3f}{r['max_wall_s']:>8.3f}"
          f"{r['median_peak_rss_mib']:>14.1f}{r.get('findings', '-'):>10}")
for n, r in rows.items():
    print(f"  {n}: {r.get('note', '')}")
print(f"{'median ratios':<28}{'CPU':>8}{'wall':>8}{'peak RSS':>10}")
for k, v in ratios.items():
    print(f"  {k:<26}{v['cpu']:>8.4f}{v['wall']:>8.4f}{v['peak_rss']:>10.3f}")
for k, ok in goals.items():
    print(f"goal {k}: {'met' if ok else 'NOT met'}")
if save == "1":
    save_results(outdir, "k8s", {"palisade_version": version, "palisade_bin": binary, "peers": peers,
                 "cores": int(cores), "runs": int(runs), "checkov_runs": int(checkov_runs), "corpus": corpus,
                 "contenders": rows, "ratios": ratios, "goals": goals})
EOF
