#!/usr/bin/env bash
# bin/bench svd [SCALE...]   (default: 0.1)
# Seconds per svd epoch on the embedded default (in-process HDFS + local job runner, all cores)
# next to a plain single-thread in-memory SGD epoch over the same ratings (the limit), in the
# same run, on data from `generate --scale S` imported with `import`. Prints a table with the
# ratio; and the accuracy against the generator's noise floor and against what a clipped linear
# predictor can reach from each user's ratings (netflixjobs.svd.PlantedOracle: the planted films
# known exactly, each user's factors fitted by ridge with the planted prior). Environment: SVD_EPOCHS
# (default 5), SVD_FACTORS (default 100), SVD_REG (default svd's), BENCH_DIR (work directory,
# default a temporary one, removed at the end unless BENCH_KEEP=1).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
scales=("$@"); [[ ${#scales[@]} -eq 0 ]] && scales=(0.1)
epochs=${SVD_EPOCHS:-5}
factors=${SVD_FACTORS:-100}
reg=${SVD_REG:-}
work=${BENCH_DIR:-$(mktemp -d /tmp/svd-bench.XXXXXX)}
mkdir -p "$work"
[[ ${BENCH_KEEP:-0} == 1 ]] || trap 'rm -rf "$work"' EXIT
"$here/bin/netflix-jobs" >/dev/null   # builds the jar if needed
# A private copy of the jar: a rebuild of the tree during a long run must not pull classes
# out from under it.
cp "$here/mapreduce/target/netflix-jobs.jar" "$here/mapreduce/target/netflix-jobs-bench.jar" "$work/"
cp="$work/netflix-jobs.jar:$work/netflix-jobs-bench.jar:$(cat "$here/mapreduce/target/classpath.txt")"
java_opts=("-Xmx${NETFLIX_JOBS_HEAP:-8g}" "-Dlog4j.configuration=file:$here/conf/log4j-quiet.properties"
  --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/java.util=ALL-UNNAMED
  --add-opens java.base/java.io=ALL-UNNAMED)
# the embedded default, as bin/netflix-jobs runs it
java_cp=(java "${java_opts[@]}" -cp "$cp")
nj=("${java_cp[@]}" netflixjobs.Programs --data-dir "$work/dfs")

median() { sort -n | awk '{a[NR]=$1} END {if (NR==0) print "nan"; else if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

rows=()
above=()
for s in "${scales[@]}"; do
  echo "== scale $s: generate, import" >&2
  "${nj[@]}" generate --scale "$s" "$work/gen-$s" >&2
  "${nj[@]}" import "file://$work/gen-$s" "/bench/$s" >&2
  floor=$(grep -E "^noiseFloorRmse=" "$work/gen-$s/generator.properties" | cut -d= -f2 | xargs printf "%.5f")
  "${java_cp[@]}" netflixjobs.svd.PlantedOracle --data-dir "$work/dfs" "/bench/$s" "$work/gen-$s" | tee "$work/oracle-$s.log" >&2
  oracle=$(awk '/users by ridge, clipped mean/ {print $(NF-1)}' "$work/oracle-$s.log")

  echo "== scale $s: svd, $epochs epochs, $factors factors (embedded default)" >&2
  "${nj[@]}" svd --epochs "$epochs" --factors "$factors" ${reg:+--reg "$reg"} \
    "/bench/$s" "/bench/$s-model" | tee "$work/svd-$s.log" >&2
  mr=$(grep -E '^epoch ' "$work/svd-$s.log" | awk '{print $(NF-1)}' | median)
  mr_probe=$(grep -E '^epoch ' "$work/svd-$s.log" | tail -1 | awk '{print $8}')

  echo "== scale $s: in-memory single-thread SGD, same ratings" >&2
  "${java_cp[@]}" netflixjobs.svd.InMemorySgd \
    --data-dir "$work/dfs" --epochs "$epochs" --factors "$factors" ${reg:+--reg "$reg"} "/bench/$s" | tee "$work/mem-$s.log" >&2
  mem=$(grep -E '^in-memory epoch' "$work/mem-$s.log" | awk '{print $(NF-1)}' | median)
  mem_probe=$(grep -E '^in-memory epoch' "$work/mem-$s.log" | tail -1 | awk '{print $9}')
  ratings=$(grep -E '^in-memory:' "$work/mem-$s.log" | awk '{print $2}')
  ratio=$(awk -v a="$mr" -v b="$mem" 'BEGIN {printf "%.2f", a / b}')
  rows+=("$(printf '%-6s %14s %12s %12s %8sx %11s %11s %10s %10s' "$s" "$ratings" "$mr" "$mem" "$ratio" "$mr_probe" "$mem_probe" "$floor" "$oracle")")
  above+=("$(awk -v s="$s" -v m="$mr_probe" -v f="$floor" -v o="$oracle" 'BEGIN {printf "scale %s: svd %+.2f%% above the floor, oracle %+.2f%%, svd %+.2f%% above the oracle", s, 100 * (m / f - 1), 100 * (o / f - 1), 100 * (m / o - 1)}')")
done

echo
echo "svd: seconds per epoch (median of $epochs), $factors factors; ratio = MapReduce / in-memory (target <= 3x at scale 1.0)"
printf '%-6s %14s %12s %12s %9s %11s %11s %10s %10s\n' scale ratings mapreduce in-memory ratio probe-mr probe-mem floor oracle
for r in "${rows[@]}"; do echo "$r"; done
echo "accuracy after $epochs epochs (timing runs are short; README's figures use 20-40, e.g. SVD_EPOCHS=40 SVD_FACTORS=16 SVD_REG=0.02)"
echo "(target: within 2% of the floor; the oracle knows the planted films and fits each user by ridge, a clipped linear"
echo " prediction like svd's: the best a predictor of that form can do from these ratings):"
for r in "${above[@]}"; do echo "  $r"; done
