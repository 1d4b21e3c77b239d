# Scale mode of tools/bench (sourced by it): the growth curve on synthetic
# archives. Expects $build, $bench, $dossier, $runs and $scale_fts5.

# timed NAME COMMAND...: runs COMMAND, its wall seconds and peak RSS (KB)
# into $out/NAME.time, its output into $out/NAME.log.
timed() {
  local name=$1
  shift
  sync
  /usr/bin/time -f "%e %M" -o "$out/$name.time" "$@" >"$out/$name.log" 2>&1
}

# engine_json NAME DB ARTICLES INPUT_BYTES: the indexing figures as JSON.
engine_json() {
  local name=$1 db=$2 articles=$3 input_bytes=$4
  local seconds rss bytes
  read -r seconds rss <"$out/$name.time"
  bytes=$(du -sb "$db" | cut -f1)
  awk -v s="$seconds" -v r="$rss" -v b="$bytes" -v n="$articles" -v i="$input_bytes" 'BEGIN {
    printf "{\"seconds\":%s,\"articles_per_s\":%.1f,\"mb_per_s\":%.3f,\"peak_rss_mb\":%.1f,", s, n / s, i / s / 1e6, r / 1024
    printf "\"index_bytes\":%.0f,\"index_bytes_per_input_byte\":%.4f", b, b / i }'
}

run_scale() {
  local sizes=${1//,/ }
  out=$build/bench-scale
  mkdir -p "$out/inputs"
  local n
  for n in $sizes; do
    case $n in '' | *[!0-9]*) echo "tools/bench: --scale takes article counts, not '$n'" >&2; exit 2 ;; esac
  done
  for n in $sizes; do
    echo "== $n articles" >&2
    local input=$out/inputs/synth-$n-seed1.jsonl.gz
    local synth_seconds=null
    if [ ! -s "$input" ]; then
      echo "generating $input ..." >&2
      local t0=$SECONDS
      tools/synth -n "$n" --seed 1 -o "$input"
      synth_seconds=$((SECONDS - t0))
    fi
    local input_bytes gz_bytes
    input_bytes=$(gzip -cd "$input" | wc -c)
    gz_bytes=$(stat -c %s "$input")
    local db=$out/db-$n
    rm -rf "$db" "$db.compact" "$out/fts5-$n.sqlite"

    echo "indexing with dossier ..." >&2
    timed "dossier-$n" "$dossier" index --quiet --db "$db" "$input"
    local dossier_json
    dossier_json=$(engine_json "dossier-$n" "$db" "$n" "$input_bytes")
    echo "compacting ..." >&2
    timed "compact-$n" xapian-compact "$db" "$db.compact"
    local compact_seconds compact_bytes
    read -r compact_seconds _ <"$out/compact-$n.time"
    compact_bytes=$(du -sb "$db.compact" | cut -f1)
    dossier_json+=$(awk -v s="$compact_seconds" -v b="$compact_bytes" -v i="$input_bytes" \
      'BEGIN { printf ",\"compact_seconds\":%s,\"compact_bytes\":%.0f,\"compact_bytes_per_input_byte\":%.4f}", s, b, b / i }')
    rm -rf "$db.compact"

    local fts5_json=""
    if [ "$scale_fts5" = 1 ]; then
      echo "indexing with SQLite FTS5 ..." >&2
      timed "fts5-$n" "$bench" fts5-index "$input" "$out/fts5-$n.sqlite"
      fts5_json=",\"fts5\":$(engine_json "fts5-$n" "$out/fts5-$n.sqlite" "$n" "$input_bytes")}"
      rm -f "$out/fts5-$n.sqlite"
    fi

    echo "querying ..." >&2
    local latency
    latency=$("$bench" scale-queries --dossier "$db" --queries tools/dossier-bench/queries.tsv \
      --runs "$runs")
    printf '{"articles":%d,"input_bytes":%d,"input_gz_bytes":%d,"synth_seconds":%s,"dossier":%s%s,"latency":%s,"machine":"%s cores, load %s"}\n' \
      "$n" "$input_bytes" "$gz_bytes" "$synth_seconds" "$dossier_json" "$fts5_json" "$latency" \
      "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)" >"$out/point-$n.json"
    rm -rf "$db"
  done
  # Every point measured in this build directory, smallest first.
  local points=$out/points.jsonl
  : >"$points"
  local f
  for f in $(ls "$out"/point-*.json | sort -t- -k2 -n); do cat "$f" >>"$points"; done
  "$bench" scale-report "$points" "$out/report.json"
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
}
