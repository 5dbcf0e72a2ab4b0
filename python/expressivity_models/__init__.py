"""Load and run models exported by ``expressivity export`` with NumPy only.

An export is a safetensors file or an npz archive holding one tensor per
weight and a manifest (JSON) with everything else a run needs: residual
direction names, vocabulary, BOS, each head's semantics, mask and
subspaces, the readout, the run mode, loop and stop tokens. See
``expressivity export --help`` and README.md for the tensor names.

``load(path)`` reads either format. An ``exact`` export runs in Python
``fractions`` by default and agrees exactly with ``expressivity run``; a
float export runs in float64 and agrees on the decoded outputs (scores
within a relative ``tolerance`` of the maximum count as tied).

    model = load("sort.safetensors")
    model.run(["d", "a", "c"])        # {"input": [...], "output": [...]}
    model.run_default(tokens)         # single pass, chain of thought or looped
"""

import json
import struct
import zipfile
from fractions import Fraction

import numpy as np

__all__ = ["load", "ExportedModel", "RunError", "to_json_value"]

_SAFETENSORS_DTYPES = {"I64": "<i8", "F64": "<f8", "F32": "<f4"}


class RunError(Exception):
    """An input the model rejects or cannot run (the tool reports these as errors too)."""


def _read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + length].decode("utf-8"))
    base = 8 + length
    metadata = header.pop("__metadata__", {})
    arrays = {}
    for name, info in header.items():
        begin, end = info["data_offsets"]
        dtype = np.dtype(_SAFETENSORS_DTYPES[info["dtype"]])
        arrays[name] = np.frombuffer(data[base + begin : base + end], dtype=dtype).reshape(info["shape"])
    return json.loads(metadata["expressivity"]), arrays


def _read_npz(path):
    arrays = {}
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("__metadata__.json").decode("utf-8"))
    with np.load(path, allow_pickle=False) as npz:
        for name in npz.files:
            if name != "__metadata__.json":
                arrays[name] = npz[name]
    return manifest, arrays


def load(path, exact=None, tolerance=1e-9):
    """Loads an export. ``exact`` (default: whether the export is exact) runs in fractions."""
    with open(path, "rb") as f:
        magic = f.read(4)
    manifest, arrays = _read_npz(path) if magic == b"PK\x03\x04" else _read_safetensors(path)
    return ExportedModel(manifest, arrays, exact=exact, tolerance=tolerance)


def _fraction(text):
    return Fraction(text)


def to_json_value(value):
    """A decoded value as ``expressivity run --json`` writes it: integers as ints, other numbers "p/q"."""
    if isinstance(value, bool) or isinstance(value, str) or value is None:
        return value
    if isinstance(value, Fraction):
        return int(value) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
    if isinstance(value, int):
        return value
    return float(value)


def _label(entry):
    if entry.get("text") is not None:
        return entry["text"]
    if entry.get("number") is not None:
        return Fraction(entry["number"])
    return bool(entry["boolean"])


def _label_text(value):
    """The canonical text of a label: the string, "p/q" or an integer, True/False."""
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, Fraction):
        return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
    return str(value)


class ExportedModel:
    """A model read from an export, run exactly (fractions) or in float64."""

    def __init__(self, manifest, arrays, exact=None, tolerance=1e-9):
        if manifest.get("format") != "expressivity-export" or manifest.get("version") != 1:
            raise ValueError("not an expressivity export (version 1)")
        self.manifest = manifest
        self.dtype = manifest["dtype"]
        self.exact = (self.dtype == "exact") if exact is None else exact
        if self.exact and self.dtype != "exact":
            raise ValueError("a float export cannot run exactly: its weights were rounded")
        self.tolerance = tolerance
        self.residual = manifest["residual"]
        self.index = {name: i for i, name in enumerate(self.residual)}
        self.tensors = {name: self._tensor(name, entry, arrays) for name, entry in manifest["tensors"].items()}
        self.vocabulary = manifest["vocabulary"]
        self.bos = manifest.get("bos")
        self.max_length = manifest["max_length"]
        self.min_length = manifest["min_length"]
        self.token_rows = {t: i for i, t in enumerate(manifest["embedding"]["tokens"])}
        self.joint_rows = {j["token"]: (k, j["rows"]) for k, j in enumerate(manifest["embedding"]["joint"])}
        self.layers = [{"heads": [], "mlp": None} for _ in range(manifest["layers"])]
        for head in manifest["heads"]:
            prefix = f"layers.{head['layer']}.attn.{head['index']}."
            self.layers[head["layer"]]["heads"].append(dict(
                head,
                W_QK=self.tensors[prefix + "W_QK"],
                W_VO=self.tensors[prefix + "W_VO"],
                q=[self.index[n] for n in head["query"]],
                k=[self.index[n] for n in head["key"]],
                v=[self.index[n] for n in head["value"]],
                o=[self.index[n] for n in head["output"]],
            ))
        for mlp in manifest["mlps"]:
            prefix = f"layers.{mlp['layer']}.mlp."
            self.layers[mlp["layer"]]["mlp"] = dict(
                mlp,
                W_in=self.tensors[prefix + "W_in"], b_in=self.tensors[prefix + "b_in"],
                W_out=self.tensors[prefix + "W_out"], b_out=self.tensors[prefix + "b_out"],
                i=[self.index[n] for n in mlp["input"]], o=[self.index[n] for n in mlp["output"]],
            )
        readout = manifest["readout"]
        self.readout_kind = readout["kind"]
        self.readout_columns = [self.index[n] for n in readout["directions"]]
        self.labels = [_label(l) for l in readout.get("labels") or []]
        self.scale = Fraction(readout.get("scale") or "1")
        self.empty = _label(readout["empty"]) if readout.get("empty") else None

    # Tensors

    def _tensor(self, name, entry, arrays):
        shape = tuple(entry["shape"])
        if entry.get("entries") is not None:
            values = [Fraction(t) for t in entry["entries"]]
            if not self.exact:
                values = [float(v) for v in values]
            return np.array(values, dtype=object if self.exact else np.float64).reshape(shape)
        array = arrays[name]
        if tuple(array.shape) != shape:
            raise ValueError(f"tensor {name} has shape {array.shape}, the manifest says {shape}")
        if self.exact:
            denominator = int(entry["denominator"])
            flat = [Fraction(int(n), denominator) for n in array.reshape(-1)]
            return np.array(flat + [None], dtype=object)[:-1].reshape(shape)
        return array.astype(np.float64)

    def _zeros(self, shape):
        if self.exact:
            out = np.empty(shape, dtype=object)
            out.fill(Fraction(0))
            return out
        return np.zeros(shape)

    # The forward pass

    def check(self, tokens):
        """Raises RunError for an input the model rejects (as the tool does)."""
        if not tokens:
            raise RunError("empty input")
        if len(tokens) > self.max_length:
            raise RunError(f"input of length {len(tokens)} exceeds the maximum length {self.max_length}")
        if len(tokens) < self.min_length:
            raise RunError(f"input of length {len(tokens)} is shorter than {self.min_length}")
        for i, t in enumerate(tokens):
            if t not in self.vocabulary:
                raise RunError(f"token '{t}' at position {i} is not in the model's vocabulary")

    def embed(self, tokens):
        """The embedded stream (positions × residual), BOS first when declared."""
        sequence = ([self.bos] if self.bos is not None else []) + list(tokens)
        d = len(self.residual)
        x = self._zeros((len(sequence), d))
        for i, t in enumerate(sequence):
            x[i] = self.tensors["embed.tokens"][self.token_rows[t]] + self.tensors["embed.positions"][i] + self.tensors["embed.constant"]
            if t in self.joint_rows:
                k, rows = self.joint_rows[t]
                if i < rows:
                    x[i] = x[i] + self.tensors["embed.joint"][k, i]
        return x

    def _keys(self, mask, i, n):
        if mask == "none":
            return range(n)
        if mask == "causal":
            return range(min(i + 1, n))
        return range(min(i, n))

    def _is_max(self, score, top):
        if self.exact:
            return score == top
        return score >= top - self.tolerance * max(1.0, abs(top))

    def _integer(self, value):
        """The integer a score or logit is, or None (exact; within tolerance for floats)."""
        if self.exact:
            return int(value) if value.denominator == 1 else None
        r = round(float(value))
        return r if abs(float(value) - r) <= self.tolerance * max(1.0, abs(r)) else None

    def attention_weights(self, head, x):
        """The head's attention matrix (queries × keys) on stream x, and its output rows."""
        n = x.shape[0]
        scores = (x[:, head["q"]].dot(head["W_QK"])).dot(x[:, head["k"]].T)
        values = x[:, head["v"]].dot(head["W_VO"])
        weights = self._zeros((n, n))
        for i in range(n):
            keys = list(self._keys(head["mask"], i, n))
            if not keys:
                continue
            row = [scores[i, j] for j in keys]
            top = max(row)
            chosen = [j for j, s in zip(keys, row) if self._is_max(s, top)]
            semantics = head["semantics"]
            if semantics == "unique-hard-leftmost":
                weights[i, chosen[0]] = 1
            elif semantics == "unique-hard-rightmost":
                weights[i, chosen[-1]] = 1
            elif semantics == "averaging-hard":
                share = Fraction(1, len(chosen)) if self.exact else 1.0 / len(chosen)
                for j in chosen:
                    weights[i, j] = share
            else:  # softmax-base2 on integer scores
                exponents = []
                for s in row:
                    e = self._integer(s)
                    if e is None:
                        raise RunError(f"head '{head['name']}': score {s} is not an integer (base-2 softmax needs integer scores)")
                    exponents.append(e)
                high = max(exponents)
                if self.exact:
                    powers = [Fraction(1, 2 ** (high - e)) for e in exponents]
                else:
                    powers = [2.0 ** (e - high) for e in exponents]
                total = sum(powers)
                for j, p in zip(keys, powers):
                    weights[i, j] = p / total
        return weights, values

    def layer(self, l, x):
        """Layer l on stream x: every head reads x, their outputs are added, then the MLP."""
        layer = self.layers[l]
        added = []
        for head in layer["heads"]:
            weights, values = self.attention_weights(head, x)
            added.append((head["o"], weights.dot(values)))
        x = x.copy()
        for columns, out in added:
            x[:, columns] = x[:, columns] + out
        mlp = layer["mlp"]
        if mlp is not None:
            pre = x[:, mlp["i"]].dot(mlp["W_in"]) + mlp["b_in"]
            zero = Fraction(0) if self.exact else 0.0
            hidden = np.where(pre > zero, pre, zero) if pre.size else pre
            if self.exact:
                hidden = hidden.astype(object)
            x[:, mlp["o"]] = x[:, mlp["o"]] + (hidden.dot(mlp["W_out"]) + mlp["b_out"])
        return x

    def forward(self, x, layers=None):
        """The stream after the given layers (default: all)."""
        for l in layers if layers is not None else range(len(self.layers)):
            x = self.layer(l, x)
        return x

    # The readout

    def decode(self, row, position):
        """The decoded output of one final stream row."""
        entries = [row[c] for c in self.readout_columns]
        kind = self.readout_kind
        if kind == "numerical":
            return entries[0]
        top = max(entries)
        if kind == "categorical":
            tied = [k for k, e in enumerate(entries) if self._is_max(e, top)]
            if len(tied) > 1:
                raise RunError(f"readout tie at position {position}: " + ", ".join(_label_text(self.labels[k]) for k in tied))
            return self.labels[tied[0]]
        best = next(k for k, e in enumerate(entries) if self._is_max(e, top))
        if kind == "softmax":
            for k, e in enumerate(entries):
                if self._integer(self.scale * e if self.exact else float(self.scale) * e) is None:
                    raise RunError(f"the logit of '{_label_text(self.labels[k])}' at position {position} is not an integer")
            return self.labels[best]
        # proportional
        for k, e in enumerate(entries):
            if e < 0 and (self.exact or e < -self.tolerance):
                raise RunError(f"the entry of '{_label_text(self.labels[k])}' at position {position} is negative")
        if self.exact and top <= 0 or not self.exact and top <= self.tolerance:
            if self.empty is not None:
                return self.empty
            raise RunError(f"every entry of the proportional readout is 0 at position {position}")
        return self.labels[best]

    def probabilities(self, row):
        """The exact next-token distribution of a softmax or proportional readout, or None where there is none."""
        entries = [row[c] for c in self.readout_columns]
        if self.readout_kind == "softmax":
            logits = [self._integer(self.scale * e if self.exact else float(self.scale) * e) for e in entries]
            if any(l is None for l in logits):
                return None
            low = min(logits)
            if max(logits) - low > 1 << 20:
                return None
            weights = [2 ** (l - low) for l in logits]
            total = sum(weights)
            return [Fraction(w, total) if self.exact else w / total for w in weights]
        if any(e < 0 for e in entries):
            return None
        total = sum(entries)
        if total <= 0:
            return None
        return [e / total for e in entries]

    # Runs

    def outputs(self, tokens):
        """The decoded output at every input position of a single pass (RunError on any failure)."""
        self.check(tokens)
        x = self.forward(self.embed(tokens))
        first = 0 if self.bos is None else 1
        return x, [self.decode(x[i], i - first) for i in range(first, x.shape[0])]

    def run(self, tokens):
        """One pass, as ``expressivity run --json``: input, output, and probabilities for distribution readouts."""
        x, outputs = self.outputs(tokens)
        result = {"input": list(tokens), "output": [to_json_value(o) for o in outputs]}
        if self.readout_kind in ("softmax", "proportional"):
            first = 0 if self.bos is None else 1
            rows = []
            for i in range(first, x.shape[0]):
                p = self.probabilities(x[i])
                rows.append(None if p is None else {_label_text(l): to_json_value(v) for l, v in zip(self.labels, p)})
            result["probabilities"] = rows
        return result

    def run_chain_of_thought(self, tokens, max_steps=None):
        """Chain of thought, as ``expressivity run --cot --json``: emitted tokens, steps, ending."""
        limit = self.max_length if max_steps is None else max_steps
        self.check(tokens)
        sequence = list(tokens)
        emitted = []
        stops = set(self.manifest["stop_tokens"])
        while True:
            if len(emitted) >= limit:
                ending = "step-limit"
                break
            x = self.forward(self.embed(sequence))
            first = 0 if self.bos is None else 1
            token = _label_text(self.decode(x[-1], x.shape[0] - 1 - first))
            if token not in self.vocabulary:
                raise RunError(f"chain of thought: the model emitted '{token}', which is not one of its tokens")
            emitted.append(token)
            sequence.append(token)
            if token in stops:
                ending = "stop-token"
                break
            if len(sequence) >= self.max_length:
                ending = "max-length"
                break
        return {"input": list(tokens), "output": emitted, "steps": len(emitted), "ending": ending}

    def run_looped(self, tokens):
        """The looped run, as ``expressivity run --loop --json``: output, iterations, halted."""
        loop = self.manifest["loop"]
        if loop is None:
            raise RunError("the model has no loop")
        self.check(tokens)
        x = self.forward(self.embed(tokens), range(loop["start"]))
        halt = loop.get("halt")
        h = self.index.get(halt) if halt is not None else None

        def all_halted():
            return h is not None and all(x[i, h] > 0 for i in range(x.shape[0]))

        limit = (loop.get("iterations") or 0) if halt is None else loop["max_iterations"]
        iterations = 0
        halted = all_halted()
        while not halted and iterations < limit:
            x = self.forward(x, range(loop["start"], loop["end"]))
            iterations += 1
            halted = all_halted()
        x = self.forward(x, range(loop["end"], len(self.layers)))
        first = 0 if self.bos is None else 1
        outputs = [self.decode(x[i], i - first) for i in range(first, x.shape[0])]
        return {"input": list(tokens), "output": [to_json_value(o) for o in outputs], "iterations": iterations, "halted": halted}

    def run_default(self, tokens):
        """Runs as the model is meant to run (the manifest's run_mode)."""
        mode = self.manifest["run_mode"]
        if mode == "looped":
            return self.run_looped(tokens)
        if mode == "chain-of-thought":
            return self.run_chain_of_thought(tokens)
        return self.run(tokens)
