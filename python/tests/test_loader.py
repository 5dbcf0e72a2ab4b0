"""The Python loader against the exact tool: every input up to a length, for
compiled RASP programs and the constructions, exported exact (must agree
exactly, fractions included) and float64 (must agree on decoded outputs).

Run from the repository root after `swift build`:
    .build/python-venv/bin/python -m unittest discover -s python/tests -v
EXPRESSIVITY (default .build/debug/expressivity) names the tool.
"""

import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
import unittest
from fractions import Fraction

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "python"))

import expressivity_models as em  # noqa: E402

TOOL = os.environ.get("EXPRESSIVITY", os.path.join(ROOT, ".build", "debug", "expressivity"))



def every(tokens, shortest, longest):
    """Every input over `tokens` of each length shortest...longest."""
    return lambda model: [list(t) for n in range(shortest, longest + 1) for t in itertools.product(tokens or model.vocabulary, repeat=n)]


def prompts(inputs=3, outputs=4, examples=2):
    """Every well-formed superposition prompt: 1...examples examples `x > y`, then `x >`."""
    xs = [f"x{i}" for i in range(inputs)]
    ys = [f"y{i}" for i in range(outputs)]
    out = []
    for k in range(1, examples + 1):
        for shots in itertools.product(itertools.product(xs, ys), repeat=k):
            for query in xs:
                out.append([t for x, y in shots for t in (x, ">", y)] + [query, ">"])
    return lambda model: out


# name, how to make it (tool arguments after the command; None: the shipped
# Examples/models file), and the inputs run.
MODELS = [
    ("sort", ["compile", "Circuits/sort.rasp", "--sop", "sorted_tokens", "--vocab", "a,b,c", "--max-len", "4"], every(None, 1, 4)),
    ("dyck2", ["compile", "Circuits/dyck_k.rasp", "--sop", "dyck2", "--vocab", "(,),{,}", "--max-len", "4"], every(None, 1, 4)),
    ("reverse", ["compile", "Circuits/reverse.rasp", "--sop", "reverse", "--vocab", "a,b,c", "--max-len", "4"], every(None, 1, 4)),
    ("s5-scan", ["construct", "automaton-scan", "--param", "automaton=Circuits/automata/s5.toml", "--param", "length=4"], every(None, 1, 3)),
    ("parity-cot", ["construct", "automaton-cot", "--param", "automaton=Circuits/automata/parity.toml", "--param", "max_input=6"], every(["0", "1"], 1, 5)),
    ("induction", None, every(None, 1, 5)),
    ("superposition", ["construct", "superposition", "--param", "max_examples=2"], prompts()),
    ("superposition-distribution", ["construct", "superposition", "--param", "max_examples=2", "--param", "readout=distribution"], prompts(outputs=2)),
    ("knapsack-looped", ["construct", "knapsack-unbounded", "--param", "mode=looped", "--param", "capacity=2", "--param", "max_items=1"], every(None, 1, 3)),
    ("degenerate-mode", ["construct", "degenerate-mode", "--param", "vocab_size=3", "--param", "max_len=4", "--param", "answer_len=2"], every(None, 1, 4)),
    ("parity-softmax", ["construct", "parity-softmax", "--param", "length=4"], every(None, 4, 4)),
]
ONLY = [m for m in os.environ.get("EXCHANGE_MODELS", "").split(",") if m]


def tool(*arguments, check=True):
    result = subprocess.run([TOOL, *arguments], cwd=ROOT, capture_output=True, text=True)
    if check and result.returncode != 0:
        raise AssertionError(f"expressivity {' '.join(arguments)} failed: {result.stderr}")
    return result


def mode_flags(manifest):
    return {"looped": ["--loop"], "chain-of-thought": ["--cot"]}.get(manifest["run_mode"], [])


def close(got, expected):
    """A float64 run's decoded output against the exact one."""
    if isinstance(expected, str) and "/" in expected and isinstance(got, float):
        expected = float(Fraction(expected))
    if isinstance(got, float) and isinstance(expected, (int, float)) and not isinstance(expected, bool):
        return abs(got - expected) <= 1e-9 * max(1.0, abs(expected))
    return got == expected


class LoaderAgreesWithTool(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not os.path.exists(TOOL):
            raise unittest.SkipTest(f"no tool at {TOOL}: run `swift build` first")
        cls.folder = tempfile.mkdtemp(prefix="exchange-")

    def model_file(self, name, recipe):
        if recipe is None:
            return os.path.join(ROOT, "Examples", "models", f"{name}.json")
        path = os.path.join(self.folder, f"{name}.json")
        tool(*recipe, "-o", path)
        return path

    def check_model(self, name, recipe, enumerate_inputs):
        path = self.model_file(name, recipe)
        exact_path = os.path.join(self.folder, f"{name}.safetensors")
        float_path = os.path.join(self.folder, f"{name}-f64.npz")
        tool("export", path, "--dtype", "exact", "-o", exact_path)
        tool("export", path, "--dtype", "float64", "-o", float_path)
        exact = em.load(exact_path)
        rounded = em.load(float_path)
        self.assertTrue(exact.exact)
        self.assertFalse(rounded.exact)
        inputs = enumerate_inputs(exact)
        started = time.time()
        listing = os.path.join(self.folder, f"{name}.inputs")
        with open(listing, "w") as f:
            f.write("".join(" ".join(t) + "\n" for t in inputs))
        ran = tool("run", path, "--inputs", listing, "--json", *mode_flags(exact.manifest), check=False)
        lines = [json.loads(line) for line in ran.stdout.splitlines()]
        self.assertEqual(len(lines), len(inputs), ran.stderr)
        agreed = errors = 0
        for tokens, expected in zip(inputs, lines):
            self.assertEqual(expected["input"], tokens)
            if "error" in expected:
                with self.assertRaises(em.RunError, msg=f"{name} {tokens}: the tool says {expected['error']}"):
                    exact.run_default(tokens)
                errors += 1
                continue
            got = exact.run_default(tokens)
            self.assertEqual(got, expected, f"{name} {tokens}")
            approximate = rounded.run_default(tokens)
            self.assertEqual(len(approximate["output"]), len(expected["output"]))
            for g, e in zip(approximate["output"], expected["output"]):
                self.assertTrue(close(g, e), f"{name} {tokens} float64: {approximate['output']} vs {expected['output']}")
            agreed += 1
        self.assertGreater(agreed, 0)
        print(f"  {name}: {agreed} inputs agree exactly (float64: decoded outputs), {errors} rejected by both ({time.time() - started:.1f} s)", file=sys.stderr)

    def test_every_model(self):
        for model in MODELS:
            if ONLY and model[0] not in ONLY:
                continue
            with self.subTest(model=model[0]):
                self.check_model(*model)


class ReferenceReaders(unittest.TestCase):
    """The files load in the reference `safetensors` package (NumPy and, where installed, PyTorch)."""

    @classmethod
    def setUpClass(cls):
        if not os.path.exists(TOOL):
            raise unittest.SkipTest(f"no tool at {TOOL}: run `swift build` first")
        cls.folder = tempfile.mkdtemp(prefix="exchange-ref-")
        cls.model = os.path.join(ROOT, "Examples", "models", "induction.json")
        cls.files = {}
        for dtype in ("exact", "float64", "float32"):
            path = os.path.join(cls.folder, f"induction-{dtype}.safetensors")
            tool("export", cls.model, "--dtype", dtype, "-o", path)
            cls.files[dtype] = path

    def test_safetensors_numpy(self):
        from safetensors.numpy import load_file
        from safetensors import safe_open

        for dtype, path in self.files.items():
            ours = em.load(path, exact=False)
            tensors = load_file(path)
            self.assertEqual(set(tensors), set(ours.manifest["tensors"]))
            expected_dtype = {"exact": np.int64, "float64": np.float64, "float32": np.float32}[dtype]
            for name, array in tensors.items():
                self.assertEqual(array.dtype, expected_dtype, name)
                self.assertEqual(list(array.shape), ours.manifest["tensors"][name]["shape"], name)
            with safe_open(path, "np") as f:
                manifest = json.loads(f.metadata()["expressivity"])
            self.assertEqual(manifest["dtype"], dtype)
        exact = em.load(self.files["exact"])
        reference = load_file(self.files["exact"])
        entry = exact.manifest["tensors"]["layers.1.attn.0.W_QK"]
        denominator = int(entry["denominator"])
        self.assertTrue(all(
            Fraction(int(n), denominator) == v
            for n, v in zip(reference["layers.1.attn.0.W_QK"].reshape(-1), exact.tensors["layers.1.attn.0.W_QK"].reshape(-1))))

    def test_safetensors_torch(self):
        try:
            import torch  # noqa: F401
            from safetensors.torch import load_file
        except ImportError:
            print("  PyTorch is not installed: skipping safetensors.torch.load_file", file=sys.stderr)
            self.skipTest("PyTorch is not installed (pip install torch to run this test)")
        for path in self.files.values():
            tensors = load_file(path)
            self.assertIn("embed.tokens", tensors)

    def test_round_trip_through_import(self):
        back = os.path.join(self.folder, "back.json")
        result = tool("import", self.files["exact"], "-o", back)
        self.assertIn("equal to the exported model's", result.stdout)


if __name__ == "__main__":
    unittest.main()
