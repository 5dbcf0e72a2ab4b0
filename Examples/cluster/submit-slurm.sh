#!/usr/bin/env bash
# Submits a sharded verification to Slurm: the array job (verify-array.sbatch, one task per
# shard) and the merge (merge.sbatch) that runs once every task has succeeded. Prints the two
# job ids. Usage:
#
#   submit-slurm.sh SHARDS RESULTS [sbatch options ...] -- VERIFY ARGUMENTS ...
#
# e.g. submit-slurm.sh 64 out --cpus-per-task=4 -- --model s5.json --automaton s5.toml --max-len 20
# The certificate is RESULTS/certificate.json. EXPRESSIVITY names the binary (default: on PATH).
set -euo pipefail

if (( $# < 3 )); then
  sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
shards=$1 results=$2
shift 2
if ! [[ $shards =~ ^[1-9][0-9]*$ ]]; then
  echo "error: SHARDS must be a positive integer, got '$shards'" >&2
  exit 2
fi
sbatch_options=()
while (( $# )) && [[ $1 != -- ]]; do
  sbatch_options+=("$1")
  shift
done
if [[ ${1:-} != -- ]]; then
  echo "error: put -- between the sbatch options and expressivity verify's arguments" >&2
  exit 2
fi
shift
mkdir -p "$results"
results=$(cd "$results" && pwd)

export SHARDS=$shards RESULTS=$results
array=$(sbatch --parsable --array="0-$((shards - 1))" --output="$results/slurm-%A_%a.out" \
  "${sbatch_options[@]}" "$here/verify-array.sbatch" "$@")
array=${array%%;*}
merge=$(sbatch --parsable --dependency="afterok:$array" --output="$results/slurm-merge-%j.out" \
  "$here/merge.sbatch")
merge=${merge%%;*}
echo "array job $array ($shards tasks), merge job $merge; certificate: $results/certificate.json"
