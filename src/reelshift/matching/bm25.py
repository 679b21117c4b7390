"""Okapi BM25 over small document sets (one document per role, or per task).

Scores are returned as a share of the best a document could score for the query (every query
word present, saturated), so they lie in [0, 1] and mean the same across queries: a query word
that no document contains lowers every score, which is what lets the matcher tell a film title
from one that only shares a word with it.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


class BM25:
    """Posting lists of precomputed BM25 term weights; scoring sums a few short arrays."""

    def __init__(self, docs: Sequence[Sequence[str]], k1: float = 1.2, b: float = 0.75) -> None:
        self.n_docs = len(docs)
        self.k1 = k1
        lengths = np.array([len(d) for d in docs], dtype=float)
        avg = float(lengths.mean()) if len(docs) and lengths.sum() else 1.0
        df: Counter[str] = Counter()
        for doc in docs:
            df.update(set(doc))
        self.idf: dict[str, float] = {
            t: math.log(1.0 + (self.n_docs - n + 0.5) / (n + 0.5)) for t, n in df.items()
        }
        self.max_idf = math.log(1.0 + (self.n_docs + 0.5) / 0.5) if self.n_docs else 1.0
        postings: dict[str, tuple[list[int], list[float]]] = {}
        for i, doc in enumerate(docs):
            norm = k1 * (1.0 - b + b * lengths[i] / avg)
            for term, tf in Counter(doc).items():
                weight = self.idf[term] * tf * (k1 + 1.0) / (tf + norm)
                ids, ws = postings.setdefault(term, ([], []))
                ids.append(i)
                ws.append(weight)
        self.postings: dict[str, tuple[npt.NDArray[np.intp], FloatArray]] = {
            t: (np.array(ids, dtype=np.intp), np.array(ws, dtype=float))
            for t, (ids, ws) in postings.items()
        }

    def weight(self, term: str) -> float:
        """How telling a word is (its IDF); a word no document has counts as the rarest."""
        return self.idf.get(term, self.max_idf)

    def scores(self, query: Sequence[str]) -> FloatArray:
        """Each document's score as a share of the most a document could score, in [0, 1]."""
        out = np.zeros(self.n_docs, dtype=float)
        terms = list(dict.fromkeys(query))
        if not terms or not self.n_docs:
            return out
        best = 0.0
        for term in terms:
            best += self.weight(term) * (self.k1 + 1.0)
            hit = self.postings.get(term)
            if hit is not None:
                out[hit[0]] += hit[1]
        return np.clip(out / best, 0.0, 1.0)
