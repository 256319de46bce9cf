#!/usr/bin/env bash
# bin/bench knn [SCALE...]   (default: 0.01 0.1; 1.0 is the full Netflix shape, 100M ratings)
#
# In one run, on this machine, for each scale of generated Netflix-shaped data
# (netflix-jobs generate --scale S, then import, on the local file system):
#  (a) netflix-jobs knn with its defaults (local job runner, maps in parallel on all cores,
#      --fs file:///), timed as a whole process with /usr/bin/time
#  (b) the plain single-thread in-memory computation of the same result
#      (netflixjobs.knn.KnnBaseline), which also checks that (a)'s output is identical
#  (c) at scale 0.01 (and any scale <= KNN_BENCH_MAHOUT_MAX, default 0.01): Apache Mahout's
#      ItemSimilarityJob (org.apache.mahout:mahout-mr 0.13.0 with hadoop-client 2.4.1 from Maven
#      Central, its own JVM and classpath, local runner), Pearson, 10 similar items per item,
#      on the same ratings exported as user,item,stars
# and prints a table: work (pair updates = sum over users of n(n-1)/2), wall times, update
# rates (whole pass, and inside the tasks' pair loops vs the baseline's loop), bytes shuffled,
# peak memory, and the ratios against the targets. Also writes knn-vs-work.png (time against work).
# Data sets are kept under mapreduce/target/bench-knn/data-S and reused by later runs;
# logs under mapreduce/target/bench-knn/run/.
# Environment: KNN_BENCH_DIR (work directory), KNN_BENCH_MAHOUT_MAX (largest scale Mahout
# runs on; 0 for none), KNN_BENCH_HEAP (heap of knn and the baseline, default 8g),
# KNN_BENCH_FULL_BASELINE_MAX (largest scale where the baseline runs its whole loop and checks
# knn's output, default 0.1; above it, the baseline times its loop over 50,000 of the users).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
table_only=0
if [[ ${1:-} == --table ]]; then table_only=1; shift; fi # reprint the last run's table from its files
scales=("$@")
[[ ${#scales[@]} -gt 0 ]] || scales=(0.01 0.1)
work=${KNN_BENCH_DIR:-$here/mapreduce/target/bench-knn}
run=$work/run
mahout_max=${KNN_BENCH_MAHOUT_MAX:-0.01}
heap=${KNN_BENCH_HEAP:-8g}
full_baseline_max=${KNN_BENCH_FULL_BASELINE_MAX:-0.1}
[[ $table_only == 1 ]] || rm -rf "$run"
mkdir -p "$run" "$work/lib"
[[ -x /usr/bin/time ]] || { echo "bench knn: /usr/bin/time is missing (apt-get install time)." >&2; exit 2; }

if [[ $table_only == 0 ]]; then
echo "bench knn: building the job jar ..." >&2
jar=$here/mapreduce/target/netflix-jobs.jar
if ! (cd "$here" && mvn -o -q -B -DskipTests package -pl mapreduce -am) >&2; then
  if [[ -f $jar ]] && unzip -l "${jar%.jar}-bench.jar" netflixjobs/knn/KnnBaseline.class >/dev/null 2>&1; then
    echo "bench knn: the build failed; measuring the existing $jar" >&2
  else
    echo "bench knn: the build failed; run 'mvn -o -DskipTests package' to see why." >&2; exit 1
  fi
fi
# a private copy: builds by others during the run must not change what is measured
cp "$jar" "${jar%.jar}-bench.jar" "$here/mapreduce/target/classpath.txt" "$work/lib/"
fi
cp="$work/lib/netflix-jobs.jar:$work/lib/netflix-jobs-bench.jar:$(cat "$work/lib/classpath.txt")"
jvm=("-Dlog4j.configuration=file:$here/conf/log4j-quiet.properties"
     --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/java.util=ALL-UNNAMED
     --add-opens java.base/java.io=ALL-UNNAMED)
# the launcher as a script, so /usr/bin/time can run it: netflix-jobs on the local file system
nj=$work/lib/netflix-jobs
{ echo '#!/usr/bin/env bash'
  printf 'exec java -Xmx%s' "$heap"; printf ' %q' "${jvm[@]}" -cp "$cp" netflixjobs.Programs --fs file:///
  echo ' "$@"'; } >"$nj"
chmod +x "$nj"

# timed NAME CMD...: runs CMD with /usr/bin/time; output in $run/NAME.{out,err,time}
timed() {
  local name=$1; shift
  echo "bench knn: $name ..." >&2
  if ! /usr/bin/time -f "%e %M" -o "$run/$name.time" "$@" >"$run/$name.out" 2>"$run/$name.err"; then
    echo "bench knn: $name failed; see $run/$name.err" >&2
    tail -5 "$run/$name.err" >&2
    exit 1
  fi
}
wall() { awk '{print $1}' "$run/$1.time"; }
rss_mb() { awk '{printf "%.0f", $2/1024}' "$run/$1.time"; }
kv() { sed -n "s/^$2=//p" "$run/$1.out"; }

mahout_lib=$work/mahout/lib
fetch_mahout() {
  [[ -f $mahout_lib/mahout-mr-0.13.0.jar ]] && return 0
  echo "bench knn: fetching mahout-mr 0.13.0 and hadoop-client 2.4.1 from Maven Central ..." >&2
  mkdir -p "$work/mahout"
  cat >"$work/mahout/pom.xml" <<'POM'
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>bench</groupId><artifactId>mahout-runner</artifactId><version>1</version>
  <dependencies>
    <dependency><groupId>org.apache.mahout</groupId><artifactId>mahout-mr</artifactId><version>0.13.0</version>
      <exclusions><exclusion><groupId>org.apache.hadoop</groupId><artifactId>*</artifactId></exclusion></exclusions></dependency>
    <dependency><groupId>org.apache.hadoop</groupId><artifactId>hadoop-client</artifactId><version>2.4.1</version></dependency>
  </dependencies>
</project>
POM
  local get=(-q -B dependency:copy-dependencies -DoutputDirectory="$mahout_lib")
  (cd "$work/mahout" && { mvn -o "${get[@]}" 2>/dev/null || mvn "${get[@]}"; }) >&2
}

# measure SCALE: generate and import (once), knn, the baseline, Mahout
measure() {
  local s=$1
  local data=$work/data-$s
  if [[ ! -f $data/ds/_SUCCESS ]]; then
    rm -rf "$data"; mkdir -p "$data"
    timed "generate-$s" "$nj" generate --scale "$s" "$data/raw"
    timed "import-$s" "$nj" import "$data/raw" "$data/ds"
    rm -rf "$data/raw"
  else
    echo "bench knn: reusing the data set $data/ds" >&2
  fi
  rm -rf "$run/out-$s"
  timed "knn-$s" "$nj" knn "$data/ds" "$run/out-$s"
  local sample=()
  if awk -v a="$s" -v b="$full_baseline_max" 'BEGIN{exit !(a > b)}'; then
    sample=(--sample-users 50000) # the loop's rate over a tenth of the users: the whole loop would take too long
  fi
  timed "baseline-$s" java -Xmx$heap "${jvm[@]}" -cp "$cp" netflixjobs.knn.KnnBaseline "${sample[@]}" \
    --compare "$run/out-$s" "$data/ds"
  if awk -v a="$s" -v b="$mahout_max" 'BEGIN{exit !(a <= b)}'; then
    fetch_mahout
    timed "export-$s" java -Xmx$heap "${jvm[@]}" -cp "$cp" netflixjobs.knn.KnnBaseline --csv "$run/ratings-$s.csv" "$data/ds"
    rm -rf "$run/mahout-$s"
    timed "mahout-$s" java -Xmx4g --add-opens java.base/java.lang=ALL-UNNAMED -cp "$mahout_lib/*" \
      org.apache.mahout.cf.taste.hadoop.similarity.item.ItemSimilarityJob \
      -Dmapreduce.framework.name=local -Dfs.defaultFS=file:/// \
      --input "$run/ratings-$s.csv" --output "$run/mahout-$s/out" --tempDir "$run/mahout-$s/tmp" \
      --similarityClassname SIMILARITY_PEARSON_CORRELATION --maxSimilaritiesPerItem 10
  fi
}

# row SCALE: the table row of one scale, from the run's files
row() {
  local s=$1
  local k=$run/knn-$s.out
  updates=$(sed -n 's/^knn: .* tasks; \([0-9,]*\) pair updates in \([0-9.]*\) s.*/\1/p' "$k" | tr -d ,)
  pair_s=$(sed -n 's/^knn: .* tasks; [0-9,]* pair updates in \([0-9.]*\) s.*/\1/p' "$k")
  loop_rate=$(sed -n 's/.*summing (.*), \([0-9,]*\) in the pair loop alone.*/\1/p' "$k" | tr -d ,)
  shuffle=$(sed -n 's/.*; \([0-9,]*\) bytes shuffled.*/\1/p' "$k" | tr -d ,)
  blocks=$(sed -n 's/^knn: \([0-9]*\) blocks.*/\1/p' "$k")
  local mahout_s=-
  [[ -f $run/mahout-$s.time ]] && mahout_s=$(wall "mahout-$s")
  rows+=("$s|$(kv "baseline-$s" ratings)|$(kv "baseline-$s" films)|$(kv "baseline-$s" users)|$updates|$blocks|$(wall "knn-$s")|$(rss_mb "knn-$s")|$shuffle|$pair_s|$loop_rate|$(wall "baseline-$s")|$(rss_mb "baseline-$s")|$(kv "baseline-$s" loop_s)|$(kv "baseline-$s" updates_per_s)|$(kv "baseline-$s" same_as_knn)|$mahout_s")
}

rows=()
for s in "${scales[@]}"; do
  [[ $table_only == 1 ]] || measure "$s"
  row "$s"
done
{

echo
echo "knn benchmark, $(nproc) cores, $(date -u '+%Y-%m-%d %H:%M UTC'), load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%s\n' "${rows[@]}" | awk -F'|' '
  BEGIN {
    printf "%-6s %11s %6s %8s %15s %3s | %8s %7s %9s %8s %12s %12s | %8s %7s %8s %12s | %6s | %8s %9s %9s %7s\n",
      "scale", "ratings", "films", "users", "pair updates", "B", "knn s", "knn MB", "shuf MB", "pairs s", "upd/s pass", "upd/s loop",
      "base s", "base MB", "loop s", "upd/s loop", "same", "mahout s", "mahout/knn", "knn/base", "loop/base"
  }
  {
    printf "%-6s %11.0f %6d %8d %15.0f %3d | %8.1f %7d %9.1f %8.1f %12.3g %12.3g | %8.1f %7d %8.1f %12.3g | %6s | %8s %9s %9s %7.2f\n",
      $1, $2, $3, $4, $5, $6, $7, $8, $9/1048576, $10, $5/$10, $11, $12, $13, $14, $15, $16, $17,
      ($17 == "-" ? "-" : sprintf("%.1fx", $17/$7)), ($16 == "sampled" ? "-" : sprintf("%.2f", $7/$12)), $15/$11
  }'
cat <<'NOTE'

knn s / base s: whole processes (knn: JVM, its passes on the local runner, all cores; base: one thread,
  loading included). upd/s pass: pair updates / wall time of the pair pass. upd/s loop: inside the
  pair tasks' loops, per task (knn) and in the baseline's single loop; loop/base is the ratio of the
  baseline's rate to the tasks' (target: at most 2). mahout/knn: Mahout's whole process over knn's
  (target: at least 5). same: knn's output equals the baseline's, line for line ("sampled": the
  baseline timed its loop over 50,000 users only, so knn s / base s is not given).
NOTE
} | tee "$run/knn-bench.txt"

# time against work
printf '%s\n' "${rows[@]}" | awk -F'|' '{print $1"\t"$5"\t"$7"\t"($16 == "sampled" ? "-" : $12)"\t"$17}' >"$run/knn-vs-work.tsv"
java "${jvm[@]}" -cp "$cp" netflixjobs.knn.KnnBenchPlot "$run/knn-vs-work.tsv" "$run/knn-vs-work.png" \
  && echo "plot: $run/knn-vs-work.png"
