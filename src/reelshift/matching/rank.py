"""Rank candidate roles for a free-text title.

This is the first, simple matcher: exact alias matches, then fuzzy matching over titles and
aliases. It abstains rather than guesses: a confident answer needs a high score and a clear
margin over the next role; otherwise the person is asked to choose, or told it is unknown.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process

from reelshift.kb.loader import KnowledgePack
from reelshift.matching.normalize import fold, normalize_title

CONFIDENT_SCORE = 90.0
CONFIDENT_MARGIN = 6.0
CANDIDATE_SCORE = 72.0


@dataclass(frozen=True)
class Candidate:
    role_id: str
    score: float
    why: str


@dataclass(frozen=True)
class TitleMatch:
    status: str  # confident | ambiguous | unknown
    candidates: list[Candidate]
    seniority: str | None
    employment: str | None
    sector: str | None
    cleaned: str


@dataclass(frozen=True)
class _AliasIndex:
    names: list[str]
    owners: list[str]
    exact: dict[str, list[str]]
    ambiguous: set[str]


def _index(pack: KnowledgePack) -> _AliasIndex:
    cached = pack.derived.get("alias_index")
    if isinstance(cached, _AliasIndex):
        return cached
    names: list[str] = []
    owners: list[str] = []
    exact: dict[str, list[str]] = {}
    ambiguous: set[str] = set()
    for role in pack.roles.values():
        for alias in {role.title, role.id.replace("-", " "), *role.aliases}:
            key = fold(alias)
            if not key:
                continue
            names.append(key)
            owners.append(role.id)
            if role.id not in exact.setdefault(key, []):
                exact[key].append(role.id)
        ambiguous.update(fold(a) for a in role.ambiguous_aliases)
    index = _AliasIndex(names, owners, exact, ambiguous)
    pack.derived["alias_index"] = index
    return index


def match_title(pack: KnowledgePack, text: str, limit: int = 5) -> TitleMatch:
    norm = normalize_title(text)
    index = _index(pack)
    query = norm.text or fold(text)

    def result(status: str, cands: list[Candidate]) -> TitleMatch:
        return TitleMatch(
            status, cands[:limit], norm.seniority, norm.employment, norm.sector, query
        )

    if not query:
        return result("unknown", [])
    owners = index.exact.get(query) or index.exact.get(fold(text))
    if owners:
        cands = [
            Candidate(rid, 100.0, f"'{query}' is a known title for this role") for rid in owners
        ]
        if len(owners) == 1:
            return result("confident", cands)
        return result("ambiguous", cands)

    best: dict[str, tuple[float, str]] = {}
    hits = process.extract(
        query, index.names, scorer=fuzz.WRatio, limit=40, score_cutoff=CANDIDATE_SCORE - 10
    )
    for name, score, i in hits:
        # WRatio rewards partial matches; temper it so a short alias inside a long text
        # does not look like a full match.
        adjusted = 0.5 * float(score) + 0.5 * float(fuzz.ratio(query, name))
        rid = index.owners[i]
        if adjusted > best.get(rid, (0.0, ""))[0]:
            best[rid] = (adjusted, name)
    ranked = sorted(best.items(), key=lambda kv: -kv[1][0])
    cands = [
        Candidate(rid, round(score, 1), f"close to the title '{name}'")
        for rid, (score, name) in ranked
        if score >= CANDIDATE_SCORE
    ]
    if not cands:
        near = [Candidate(rid, round(s, 1), f"nearest title '{n}'") for rid, (s, n) in ranked[:3]]
        return result("unknown", near)
    top = cands[0]
    runner_up = cands[1].score if len(cands) > 1 else 0.0
    if top.score >= CONFIDENT_SCORE and top.score - runner_up >= CONFIDENT_MARGIN:
        return result("confident", cands)
    return result("ambiguous", cands)


def suggest_roles(pack: KnowledgePack, text: str, limit: int = 3) -> list[str]:
    """Closest role ids to an unknown id or title, for error messages."""
    ids = list(pack.roles)
    hits = process.extract(fold(text).replace(" ", "-"), ids, scorer=fuzz.WRatio, limit=limit)
    return [ids[i] for _, _, i in hits]
