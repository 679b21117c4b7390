"""Match a person's own task description to the known tasks of their roles."""

from __future__ import annotations

from rapidfuzz import fuzz, process

from reelshift.kb.loader import KnowledgePack
from reelshift.matching.normalize import fold

TASK_MATCH_SCORE = 60.0


def _task_texts(pack: KnowledgePack, role_ids: list[str]) -> tuple[list[str], list[str]]:
    key = "task_texts:" + ",".join(role_ids)
    cached = pack.derived.get(key)
    if isinstance(cached, tuple):
        return cached
    ids: list[str] = []
    texts: list[str] = []
    for rid in role_ids:
        role = pack.roles[rid]
        for task in role.tasks:
            ids.append(f"{rid}:{task.id}")
            texts.append(fold(f"{task.id.replace('-', ' ')} {task.statement}"))
    pack.derived[key] = (ids, texts)
    return ids, texts


def match_task(pack: KnowledgePack, text: str, role_ids: list[str]) -> list[tuple[str, float]]:
    """Known tasks of ``role_ids`` that ``text`` describes, best first, with scores 0-100.

    Empty when nothing is close enough.
    """
    query = fold(text)
    if not query:
        return []
    ids, texts = _task_texts(pack, role_ids)
    hits = process.extract(query, texts, scorer=fuzz.token_set_ratio, limit=5)
    scored = []
    for _, score, i in hits:
        # token_set_ratio is generous to short queries; blend with partial_ratio on the words.
        blended = 0.6 * float(score) + 0.4 * float(fuzz.partial_ratio(query, texts[i]))
        if blended >= TASK_MATCH_SCORE:
            scored.append((ids[i], round(blended, 1)))
    scored.sort(key=lambda kv: -kv[1])
    return scored
