#!/usr/bin/env bash
# Runs a sharded verification with GNU parallel, then merges the shards into a certificate.
# Usage:
#
#   verify-parallel.sh SHARDS RESULTS VERIFY ARGUMENTS ...
#
# e.g. verify-parallel.sh 8 out --model s5.json --automaton s5.toml --max-len 16
# PARALLEL_OPTIONS is passed to parallel: "-j 4" for four local processes (default: one per
# core), "-S host1,host2" to spread over ssh. Other hosts need the binary and the files named
# in the arguments at the same paths, and RESULTS on a shared filesystem. EXPRESSIVITY names
# the binary (default: on PATH). SHARDS_TO_RUN (e.g. "3 5") reruns only those shards.
# Exit code: merge's (0 verified, 1 counterexample, otherwise an error).
set -euo pipefail

if (( $# < 3 )); then
  sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
shards=$1 results=$2
shift 2
if ! [[ $shards =~ ^[1-9][0-9]*$ ]]; then
  echo "error: SHARDS must be a positive integer, got '$shards'" >&2
  exit 2
fi
command -v parallel >/dev/null || { echo "error: GNU parallel is not installed" >&2; exit 2; }
expressivity=${EXPRESSIVITY:-expressivity}
mkdir -p "$results"
read -r -a options <<< "${PARALLEL_OPTIONS:-}"
read -r -a indices <<< "${SHARDS_TO_RUN:-$(seq -s ' ' 0 $((shards - 1)))}"

# -q keeps each argument as one word. A shard with a counterexample exits 1 and parallel
# counts it as failed; its result is still written, so the merge below decides.
parallel -q "${options[@]}" "$expressivity" verify "$@" --shard "{}/$shards" --jobs 1 \
  -o "$results/shard-{}.json" ::: "${indices[@]}" || true

files=()
for (( i = 0; i < shards; i++ )); do
  [[ -e "$results/shard-$i.json" ]] && files+=("$results/shard-$i.json")
done
(( ${#files[@]} )) || { echo "error: no shard results in $results" >&2; exit 2; }
exec "$expressivity" merge "${files[@]}" -o "$results/certificate.json"
