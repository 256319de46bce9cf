#!/usr/bin/env bash
# bin/bench import [SCALE]: import throughput into the embedded HDFS (generated Netflix-shaped
# data, default scale 0.1), next to the limit measured in the same run: one thread parsing the
# same files with the same parsers and no Hadoop, times the cores.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
scale=${1:-0.1}
work=$here/mapreduce/target/bench/import
mkdir -p "$work"
"$here/bin/netflix-jobs" --fs file:/// >/dev/null # builds the jar if needed
cp="$here/mapreduce/target/netflix-jobs.jar:$(cat "$here/mapreduce/target/classpath.txt")"
java=(java -Xmx8g "-Dlog4j.configuration=file:$here/conf/log4j-quiet.properties" --add-opens java.base/java.lang=ALL-UNNAMED -cp "$cp")
data=$work/gen-$scale
if [[ ! -f $data/generator.properties ]]; then
  rm -rf "$data"
  "${java[@]}" netflixjobs.cli.Embedded --fs file:/// generate --scale "$scale" --seed 1 "$data"
fi
cores=$(nproc)

read -r base_n base_s _ < <("${java[@]}" netflixjobs.importer.ParseBaseline "$data/training_set")
rm -rf "$work/dfs"
/usr/bin/time -v "${java[@]}" netflixjobs.cli.Embedded --data-dir "$work/dfs" import "$data" ds \
  >"$work/import.out" 2>"$work/import.err"
cat "$work/import.out"
imp_s=$(sed -n 's/^imported .* in \([0-9.]*\) s:.*/\1/p' "$work/import.out")
imp_n=$(sed -n 's/^imported .*: \([0-9,]*\) lines read.*/\1/p' "$work/import.out" | tr -d ,)
wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/import.err")
peak=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/import.err")
rm -rf "$work/dfs"
awk -v bn="$base_n" -v bs="$base_s" -v in_="$imp_n" -v is="$imp_s" -v c="$cores" -v w="$wall" -v pk="$peak" 'BEGIN {
  b = bn / bs; i = in_ / is
  printf "\n%-44s %12s %10s %14s\n", "import, scale '"$scale"' (" c " cores)", "ratings", "seconds", "ratings/s"
  printf "%-44s %12d %10.2f %14.0f\n", "single-thread parse, no Hadoop (baseline)", bn, bs, b
  printf "%-44s %12d %10.2f %14.0f\n", "import into embedded HDFS (job time)", in_, is, i
  printf "\nimport / (cores x single-thread parse) = %.2f   target: 2M ratings/s (%.2fx of it)\n", i / (c * b), i / 2e6
  printf "whole process (JVM + HDFS start + job): %s wall, peak RSS %.0f MB\n", w, pk / 1024
}'
