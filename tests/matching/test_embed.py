"""The real embedding model: loads from the installed package, offline, never downloads."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from reelshift.matching import embed

# Runs in a fresh interpreter with the network cut: any attempt to connect is recorded and fails.
OFFLINE = """
import json, socket, sys
attempts = []
def refuse(*args, **kwargs):
    attempts.append(repr(args[:2]))
    raise OSError("network disabled in this test")
socket.socket.connect = refuse
socket.socket.connect_ex = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse
import reelshift
from reelshift.matching import embed
assert "tokenizers" not in sys.modules and "safetensors" not in sys.modules, "loaded too early"
found = reelshift.match("colour grader on commercials")
model = embed.get_embedder()
print(json.dumps({
    "attempts": attempts,
    "loaded": model is not None,
    "reason": embed.unavailable_reason(),
    "semantic": found.semantic,
    "role": found.candidates[0].role,
    "wordllama_imported": "wordllama" in sys.modules,
    "dim": model.dim if model else 0,
}))
"""


def test_model_loads_offline_without_touching_the_network(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "HOME": str(tmp_path),  # no cache of earlier downloads to fall back on
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }
    env.pop("REELSHIFT_SEMANTIC", None)
    out = subprocess.run(
        [sys.executable, "-c", OFFLINE], capture_output=True, text=True, env=env, timeout=120
    )
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout.strip().splitlines()[-1])
    assert data["attempts"] == []
    assert data["loaded"] and data["reason"] is None and data["semantic"]
    assert data["role"] == "colorist" and data["dim"] == 256
    assert not data["wordllama_imported"]
    assert not list(tmp_path.rglob("*.safetensors")), "nothing may be written to a cache"


# WordLlama's own inference on the same files, for comparison (in a subprocess: importing
# wordllama configures the root logger).
REFERENCE = """
import json, sys
from pathlib import Path
from safetensors import safe_open
from tokenizers import Tokenizer
from wordllama import WordLlamaInference
from reelshift.matching.embed import TOKENIZER_FILE, WEIGHTS_FILE, WEIGHTS_KEY, package_dir
folder = package_dir()
with safe_open(str(folder / WEIGHTS_FILE), framework="np") as fh:
    table = fh.get_tensor(WEIGHTS_KEY)
wl = WordLlamaInference(table, Tokenizer.from_file(str(folder / TOKENIZER_FILE)))
texts = json.loads(sys.argv[1])
print(json.dumps(wl.embed(texts, norm=True).tolist()))
"""


def test_vectors_equal_wordllamas_own() -> None:
    pytest.importorskip("wordllama")
    texts = ["di colorist", "boom operator on indie stuff", "I pull focus", "ロト"]
    out = subprocess.run(
        [sys.executable, "-c", REFERENCE, json.dumps(texts)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    theirs = np.array(json.loads(out.stdout.strip().splitlines()[-1]), dtype=np.float32)
    model = embed.load_embedder()
    ours = model.encode(texts)
    assert ours.shape == theirs.shape == (4, 256)
    assert np.allclose(ours, theirs, atol=1e-3)


def test_missing_model_files_give_a_clear_reason(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="is missing"):
        embed.load_embedder(tmp_path)


def test_encode_handles_empty_and_long_text() -> None:
    model = embed.load_embedder()
    vecs = model.encode(["", "word " * 5000])
    assert vecs.shape == (2, model.dim)
    assert not vecs[0].any() and np.isclose(np.linalg.norm(vecs[1]), 1.0, atol=1e-3)
