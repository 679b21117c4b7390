"""Match a person's own words for a task to the known tasks of their roles.

The same signals as for titles, over task statements: BM25 over the statements, fuzzy word-set
similarity, and (when the model is there) semantic similarity. A line that shares no telling
word with any task and is not close in meaning matches nothing.
"""

from __future__ import annotations

import numpy as np
from rapidfuzz import fuzz

from reelshift.kb.loader import KnowledgePack
from reelshift.matching.index import get_index
from reelshift.matching.normalize import clean, fold, strip_context, tokens

TASK_MATCH_SCORE = 45.0


def match_task(pack: KnowledgePack, text: str, role_ids: list[str]) -> list[tuple[str, float]]:
    """Known tasks of ``role_ids`` that ``text`` describes, best first, with scores 0-100.

    Empty when nothing is close enough.
    """
    cleaned, _ = clean(text, 500)
    query = strip_context(fold(cleaned)) or fold(cleaned)
    toks = tokens(query)
    if not toks:
        return []
    index = get_index(pack)
    mask = index.role_mask(role_ids)
    if not mask.any():
        return []
    lexical = index.bm25_tasks.scores(toks)
    sem = index.semantic()
    if sem is not None:
        from reelshift.matching.embed import get_embedder

        model = get_embedder()
        assert model is not None
        cos = sem.tasks() @ model.encode([query])[0]
        semantic = np.clip((cos - 0.35) / 0.5, 0.0, 1.0)
    else:
        semantic = None
    rows = np.nonzero(mask)[0]
    scored: list[tuple[str, float]] = []
    for i in rows.tolist():
        if lexical[i] <= 0 and (semantic is None or semantic[i] < 0.5):
            continue
        words = float(fuzz.token_set_ratio(query, index.task_texts[i])) / 100.0
        lex = float(np.sqrt(lexical[i]))
        if semantic is not None:
            score = 0.50 * lex + 0.20 * words + 0.30 * float(semantic[i])
        else:
            score = 0.65 * lex + 0.35 * words
        score *= 100.0
        if score >= TASK_MATCH_SCORE:
            scored.append((index.task_ids[i], round(score, 1)))
    scored.sort(key=lambda kv: -kv[1])
    return scored[:5]
