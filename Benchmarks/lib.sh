# Shared by the benchmark scripts (sourced, not run): arguments, the palisade binary,
# a scratch directory, and alternating timed runs with wall time, peak RSS and CPU time.
# A script sets NAMES and defines `set_cmd NAME RUN` (filling CMD and, optionally, ENV,
# OK_STATUS, the exit statuses that count as success: "0" unless set, e.g. "0 2", and OUT,
# where stdout goes: /dev/null unless set);
# it may define `after_run NAME RUN` (untimed clean-up) and `skip_run NAME RUN`
# (return 0 to leave NAME out of round RUN, e.g. fewer runs of a slow peer).

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TIME=/usr/bin/time
OUT=/dev/null OK_STATUS=0   # bench_exec's defaults (not taken from the environment)

# bench_args HELP_LAST_LINE "$@" -> BUILD, SAVE (lines 2..HELP_LAST_LINE of the script are its help)
bench_args() {
  local help=$1; shift
  BUILD=1 SAVE=0
  for arg in "$@"; do
    case $arg in
      --no-build) BUILD=0 ;;
      --save) SAVE=1 ;;
      -h|--help) sed -n "2,${help}p" "$0" | cut -c3-; exit 0 ;;
      *) echo "unknown argument: $arg" >&2; exit 2 ;;
    esac
  done
}

# bench_require TOOL... -> exits naming the first missing tool
bench_require() {
  for tool in "$@"; do
    command -v "$tool" >/dev/null || { echo "missing tool: $tool" >&2; exit 1; }
  done
}

# bench_palisade -> PALISADE_BIN (a release build unless given or --no-build)
bench_palisade() {
  if [[ -z ${PALISADE_BIN:-} ]]; then
    if [[ $BUILD == 1 ]]; then
      (cd "$ROOT" && swift build -c release --product palisade)
    fi
    PALISADE_BIN=$ROOT/.build/release/palisade
  fi
  [[ -x $PALISADE_BIN ]] || { echo "not executable: $PALISADE_BIN" >&2; exit 1; }
}

# bench_workdir -> WORK, removed on exit
bench_workdir() {
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/palisade-bench.XXXXXX")
  trap 'rm -rf "$WORK"' EXIT
}

# bench_exec NAME LABEL -> runs CMD under /usr/bin/time, stdout to ${OUT:-/dev/null}; the last line
# of $WORK/time is "peak_rss_kib user_s sys_s"; exits unless the status is in ${OK_STATUS:-0}
bench_exec() {
  local status=0
  env "${ENV[@]}" "$TIME" -f '%M %U %S' -o "$WORK/time" "${CMD[@]}" \
    >"${OUT:-/dev/null}" 2>"$WORK/stderr" || status=$?
  if [[ " ${OK_STATUS:-0} " != *" $status "* ]]; then
    echo "$1 failed ($2, exit status $status): ${CMD[*]}" >&2; cat "$WORK/stderr" "$WORK/time" >&2; exit 1
  fi
}

# bench_runs -> RUNS rounds over NAMES, the order rotated each round;
# "name wall_s rss_kib cpu_s" lines in $WORK/samples (cpu = user + sys, children waited for included)
bench_runs() {
  local i k name start end order
  : >"$WORK/samples"
  for ((i = 1; i <= RUNS; i++)); do
    order=()
    for ((k = 0; k < ${#NAMES[@]}; k++)); do
      name=${NAMES[(k + i - 1) % ${#NAMES[@]}]}
      if declare -F skip_run >/dev/null && skip_run "$name" "$i"; then continue; fi
      order+=("$name")
    done
    echo "run $i/$RUNS: ${order[*]}" >&2
    for name in "${order[@]}"; do
      ENV=() OK_STATUS=0 OUT=/dev/null
      set_cmd "$name" "$i"                      # outside the timing
      start=$(date +%s.%N)
      bench_exec "$name" "run $i"
      end=$(date +%s.%N)
      echo "$name $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')" \
        "$(tail -n1 "$WORK/time" | awk '{ printf "%d %.2f", $1, $2 + $3 }')" >>"$WORK/samples"
      if declare -F after_run >/dev/null; then after_run "$name" "$i"; fi   # outside the timing
    done
  done
}
