#!/usr/bin/env bash
# bin/bench generate [SCALE]: whole-process time of `generate` (default scale 0.1) on all cores,
# next to two baselines measured in the same run: the same generator on one thread, and a plain
# copy (cp -r) of the bytes it wrote, the disk's floor. Also checks that both runs wrote the
# same bytes.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
scale=${1:-0.1}
work=$here/mapreduce/target/bench/generate
rm -rf "$work"; mkdir -p "$work"
"$here/bin/netflix-jobs" --fs file:/// >/dev/null # builds the jar if needed
cores=$(nproc)

run() { # NAME ARGS...: time one generate into $work/NAME
  local name=$1; shift
  /usr/bin/time -v "$here/bin/netflix-jobs" --fs file:/// generate --scale "$scale" "$@" "$work/$name" \
    >"$work/$name.out" 2>"$work/$name.err"
}
wall_s() { # seconds of the "Elapsed (wall clock)" line of a time -v output
  sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$1" |
    awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }'
}

run one --threads 1
run all
/usr/bin/time -v cp -r "$work/all" "$work/copy" 2>"$work/copy.err"
same=yes; diff -rq "$work/one" "$work/all" >/dev/null || same=NO
ratings=$(sed -n 's/^ratings=//p' "$work/all/generator.properties")
bytes=$(du -sb --apparent-size "$work/all" | cut -f1)
t1=$(wall_s "$work/one.err"); ta=$(wall_s "$work/all.err"); tc=$(wall_s "$work/copy.err")
peak=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/all.err")
grep '^generate: [0-9,]* movies' "$work/all.out"
rm -rf "$work/one" "$work/all" "$work/copy"
awk -v n="$ratings" -v b="$bytes" -v t1="$t1" -v ta="$ta" -v tc="$tc" -v c="$cores" -v pk="$peak" -v same="$same" 'BEGIN {
  printf "\n%-40s %10s %14s %10s\n", "generate, scale '"$scale"' (" c " cores)", "wall s", "ratings/s", "vs 1 thread"
  printf "%-40s %10.2f %14.0f %10.2f\n", "generate --threads 1 (baseline)", t1, n / t1, 1
  printf "%-40s %10.2f %14.0f %10.2f\n", "generate, all cores", ta, n / ta, t1 / ta
  printf "%-40s %10.2f %14.0f %10.2f\n", "cp -r of the output (disk floor)", tc, n / tc, t1 / tc
  printf "\n%d ratings, %.0f MB written; all cores / copy time = %.2f; peak RSS %.0f MB; same bytes on 1 and %d threads: %s\n", n, b / 1e6, ta / tc, pk / 1024, c, same
}'
