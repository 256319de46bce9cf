#!/usr/bin/env bash
# bin/bench import [SCALE] [RUNS]: import throughput into the embedded HDFS (generated
# Netflix-shaped data, default scale 0.1, 3 runs), next to the limit measured in the same run:
# one thread parsing the same files with the same parsers and no Hadoop, times the cores.
# Each row shows the load average when it ran: on a shared machine the figures move with it.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
scale=${1:-0.1}
runs=${2:-3}
work=$here/mapreduce/target/bench/import
mkdir -p "$work"
"$here/bin/netflix-jobs" --fs file:/// >/dev/null # builds the jar if needed
cp="$here/mapreduce/target/netflix-jobs.jar:$here/mapreduce/target/netflix-jobs-bench.jar:$(cat "$here/mapreduce/target/classpath.txt")"
java=(java -Xmx8g "-Dlog4j.configuration=file:$here/conf/log4j-quiet.properties" --add-opens java.base/java.lang=ALL-UNNAMED -cp "$cp")
data=$work/gen-$scale
if [[ ! -f $data/generator.properties ]]; then
  rm -rf "$data"
  "${java[@]}" netflixjobs.Programs --fs file:/// generate --scale "$scale" --seed 1 "$data"
fi
cores=$(nproc)
load() { cut -d' ' -f1 /proc/loadavg; }

# Imports run through bin/netflix-jobs, as a user runs them. Its first program run after a build
# records the class data sharing archive that later runs use: remove it and make that run here,
# untimed, so the archive holds import's classes and the timed runs are a user's later runs.
rm -f "$here/mapreduce/target/netflix-jobs.jsa"
rm -rf "$work/dfs"
"$here/bin/netflix-jobs" --data-dir "$work/dfs" import "$data" ds >/dev/null 2>&1 \
  || { echo "bench import: the warm-up import failed; run it by hand to see why." >&2; exit 1; }

rows=()
for ((r = 1; r <= runs; r++)); do
  l=$(load)
  read -r base_n base_s _ < <("${java[@]}" netflixjobs.importer.ParseBaseline "$data/training_set")
  rm -rf "$work/dfs"
  /usr/bin/time -v "$here/bin/netflix-jobs" --data-dir "$work/dfs" import "$data" ds \
    >"$work/import.out" 2>"$work/import.err"
  [[ $r == 1 ]] && cat "$work/import.out"
  imp_s=$(sed -n 's/^imported .* in \([0-9.]*\) s:.*/\1/p' "$work/import.out")
  imp_n=$(sed -n 's/^imported .*: \([0-9,]*\) lines read.*/\1/p' "$work/import.out" | tr -d ,)
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/import.err")
  peak=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/import.err")
  rows+=("$r $l $base_n $base_s $imp_n $imp_s $wall $peak")
  rm -rf "$work/dfs"
done
printf '\nimport, scale %s, %d cores: single-thread parse of the same files (no Hadoop) vs the import job\n' "$scale" "$cores"
printf '%3s %6s %10s %12s %10s %12s %9s  %s\n' run load "parse s" "parse r/s" "import s" "import r/s" "/(c x p)" "whole process"
printf '%s\n' "${rows[@]}" | awk -v c="$cores" '{
  b = $3 / $4; i = $5 / $6
  printf "%3d %6s %10.2f %12.0f %10.2f %12.0f %9.2f  %s wall, %.0f MB peak\n", $1, $2, $4, b, $6, i, i / (c * b), $7, $8 / 1024
}'
median=$(printf '%s\n' "${rows[@]}" | awk '{ printf "%.0f\n", $5 / $6 }' | sort -n | awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
awk -v m="$median" 'BEGIN { printf "\nmedian import: %.0f ratings/s; target 2M ratings/s on 2 cores (%.2fx of it)\n", m, m / 2e6 }'
