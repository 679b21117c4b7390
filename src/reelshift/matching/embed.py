"""Semantic similarity from a small embedding model that ships inside a PyPI package.

The model is WordLlama's bundled ``l2_supercat`` (256 dimensions, a 32,000-token vocabulary,
16 MB of float16 weights), installed with ``pip install wordllama``. Its files are read straight
from the installed package folder: the tokenizer with ``tokenizers`` and the weights with
``safetensors``, and a text's vector is the mean of its token vectors, as WordLlama's own
``embed`` computes it. Nothing is ever downloaded: WordLlama's ``load()`` looks for the tokenizer
in a folder that does not exist and then falls back to a download, so it is not used, and the
``wordllama`` module itself is never imported (importing it configures the root logger).

The model loads once per process, the first time matching needs it. When it cannot be loaded
(the package is missing, or ``REELSHIFT_SEMANTIC=off``) matching goes on without it and says so.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

MODEL_NAME = "WordLlama l2_supercat 256d"
TOKENIZER_FILE = "tokenizers/l2_supercat_tokenizer_config.json"
WEIGHTS_FILE = "weights/l2_supercat_256.safetensors"
WEIGHTS_KEY = "embedding.weight"
MAX_TOKENS = 256

Vectors = npt.NDArray[np.float32]


class Embedder:
    """Text -> unit vectors (rows), from a tokenizer and a token-embedding table."""

    def __init__(self, tokenizer: Any, table: npt.NDArray[np.floating[Any]]) -> None:
        self.tokenizer = tokenizer
        self.table = table
        self.dim = int(table.shape[1])

    def encode(self, texts: list[str]) -> Vectors:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        # One tokenizer call per text (encode_batch runs threads, slower for short texts and
        # on a busy machine), then one gather and one segmented sum for all of them.
        pieces = [
            self.tokenizer.encode(t, add_special_tokens=False).ids[:MAX_TOKENS] for t in texts
        ]
        lengths = np.array([len(p) for p in pieces], dtype=np.intp)
        if not lengths.any():
            return out
        flat = np.fromiter((i for p in pieces for i in p), dtype=np.intp, count=int(lengths.sum()))
        np.minimum(flat, self.table.shape[0] - 1, out=flat)
        rows = self.table[flat].astype(np.float32)
        filled = lengths > 0
        starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))[filled]
        out[filled] = np.add.reduceat(rows, starts, axis=0) / lengths[filled, None]
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        np.divide(out, norms, out=out, where=norms > 0)
        return out


def package_dir() -> Path | None:
    """The installed ``wordllama`` package folder, found without importing it."""
    spec = importlib.util.find_spec("wordllama")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def load_embedder(folder: Path | None = None) -> Embedder:
    """Load the bundled model from ``folder`` (default: the installed package). Offline only.

    Raises ``RuntimeError`` naming what is missing.
    """
    folder = folder or package_dir()
    if folder is None:
        raise RuntimeError("the wordllama package is not installed (pip install wordllama)")
    tok_path, weights_path = folder / TOKENIZER_FILE, folder / WEIGHTS_FILE
    for path in (tok_path, weights_path):
        if not path.is_file():
            raise RuntimeError(f"the embedding model file {path} is missing")
    try:
        from safetensors import safe_open
        from tokenizers import Tokenizer
    except ImportError as exc:  # pragma: no cover - both are wordllama's own dependencies
        raise RuntimeError(f"cannot load the embedding model: {exc}") from exc
    tokenizer = Tokenizer.from_file(str(tok_path))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    with safe_open(str(weights_path), framework="np") as fh:
        table = fh.get_tensor(WEIGHTS_KEY)
    return Embedder(tokenizer, table)


_lock = threading.Lock()
_state: dict[str, Any] = {}


def get_embedder() -> Embedder | None:
    """The process-wide model, loaded on first call; None when it cannot be used."""
    if "model" in _state:
        return _state["model"]  # type: ignore[no-any-return]
    with _lock:
        if "model" not in _state:
            model: Embedder | None = None
            reason: str | None = None
            if os.environ.get("REELSHIFT_SEMANTIC", "").strip().lower() in ("off", "0", "no"):
                reason = "semantic similarity is switched off (REELSHIFT_SEMANTIC=off)"
            else:
                try:
                    model = load_embedder()
                except Exception as exc:  # any failure here must not stop matching
                    reason = f"semantic similarity unavailable: {exc}"
            _state["reason"] = reason
            _state["model"] = model
    return _state["model"]  # type: ignore[no-any-return]


def unavailable_reason() -> str | None:
    """Why the model is not in use, once ``get_embedder`` has been tried."""
    reason = _state.get("reason")
    return reason if isinstance(reason, str) else None


def reset() -> None:
    """Forget the loaded model (tests switch it off and on)."""
    with _lock:
        _state.clear()
