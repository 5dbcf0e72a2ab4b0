#!/usr/bin/env bash
# Regenerates the drawings README.md shows (run from anywhere after `swift build`):
#   Examples/drawings/regenerate.sh
# EXPRESSIVITY names the tool (default: .build/debug/expressivity).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
tool="${EXPRESSIVITY:-$root/.build/debug/expressivity}"
out="$root/Examples/drawings"
cd "$root"
"$tool" draw program Circuits/sort.rasp --sop sorted_tokens --vocab a,b,c --max-len 5 -o "$out/program.svg"
"$tool" draw model Examples/models/induction.json -o "$out/model.svg"
"$tool" draw attention Examples/models/induction.json --input "a b c a b" -o "$out/attention.svg"
"$tool" draw stream Examples/models/induction.json --input "a b c a b" -o "$out/stream.svg"
# The REPL's draw writes NAME.svg in the current folder.
(cd "$out" && printf 'load "%s";\nset example "dcab"\ndraw(sorted_tokens);\n' "$root/Circuits/sort.rasp" | "$tool" repl >/dev/null)
