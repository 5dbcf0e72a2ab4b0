#!/bin/sh
# Makes the files of the README's "Verifying a model" example, in this folder:
#   induction.json         construct induction over a, b, c (max length 12)
#   recall.json            its outputs on every input up to length 3 (39 inputs), as expected outputs
#   induction-broken.json  induction.json with one weight added: the induction head's
#                          value-output map also writes 2 from tokens:a onto recall:b
# Usage: Examples/verify/make.sh [path/to/expressivity]   (default: .build/release/expressivity)
set -eu
tool=${1:-.build/release/expressivity}
here=$(dirname "$0")
"$tool" construct induction --param vocab=a,b,c --param max_len=12 -o "$here/induction.json" > /dev/null
inputs=$(mktemp)
trap 'rm -f "$inputs"' EXIT
# Every input of length 1, then 2, then 3 (the order `verify --max-len` checks them in).
{
  for x in a b c; do echo "$x"; done
  for x in a b c; do for y in a b c; do echo "$x $y"; done; done
  for x in a b c; do for y in a b c; do for z in a b c; do echo "$x $y $z"; done; done; done
} > "$inputs"
"$tool" run "$here/induction.json" --inputs "$inputs" --json | python3 -c '
import json, sys
cases = [json.loads(line) for line in sys.stdin]
lines = ["  " + json.dumps({"input": c["input"], "output": c["output"]}) for c in cases]
print("{\"vocabulary\": [\"a\", \"b\", \"c\"],\n\"cases\": [\n" + ",\n".join(lines) + "\n]}")
' > "$here/recall.json"
python3 - "$here/induction.json" "$here/induction-broken.json" <<'PY'
import json, sys
model = json.load(open(sys.argv[1]))
head = model["layers"][1]["heads"][0]
head["value_output"].append(["tokens:a", "recall:b", "2"])
json.dump(model, open(sys.argv[2], "w"), indent=2, sort_keys=True)
PY
echo "wrote $here/induction.json, $here/recall.json, $here/induction-broken.json"
