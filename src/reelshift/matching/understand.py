"""What a description says besides the role: level from years, region, the parts of a hybrid and
their shares, whether two candidate roles would give different analyses, and why a text cannot
be analysed (outside film and video, film work the pack does not cover, unreadable).

Everything here is a general rule over words and pack data; nothing names a role.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from reelshift.kb.loader import KnowledgePack

# --- level from years and from words about starting out -----------------------------------------

_YEARS_RE = re.compile(
    r"(?<![\w.])(\d{1,2})\s*\+?\s*(?:years?|yrs?|y)(?:'|\s+of)?"
    r"(?:\s+(?:in|experience|exp|in the (?:industry|business|trade)|now|on|of experience|"
    r"working|as|doing|cutting|shooting|since|freelance|freelancing))?",
    re.IGNORECASE,
)
_SINCE_RE = re.compile(r"\bsince\s+(\d{1,2})\s+years?\b", re.IGNORECASE)
_STARTING_RE = re.compile(
    r"\b(?:just (?:started|starting|begun|beginning|graduated|out of)|starting out|fresh out of|"
    r"new to the (?:industry|business)|first job|first year|recent graduate|recently graduated|"
    r"entry[- ]level|breaking in|getting into)\b",
    re.IGNORECASE,
)
JUNIOR_YEARS = 2
"""Fewer years than this read as junior; judgement: most crafts promote after 2-4 years."""
SENIOR_YEARS = 8
"""This many years or more read as senior; judgement: a decade in is a senior hand in any craft."""


def years_in(text: str) -> int | None:
    """Years of experience the text states ('20 years in', '15 yrs', 'since 10 years')."""
    found = [int(m.group(1)) for m in _YEARS_RE.finditer(text)]
    found += [int(m.group(1)) for m in _SINCE_RE.finditer(text)]
    found = [y for y in found if 0 < y <= 60]
    return max(found) if found else None


def level_from_text(text: str) -> str | None:
    """A seniority level the text implies without naming it: from years, or from starting out."""
    years = years_in(text)
    if years is not None:
        if years < JUNIOR_YEARS:
            return "junior"
        return "senior" if years >= SENIOR_YEARS else "mid"
    if _STARTING_RE.search(text):
        return "junior"
    return None


# --- region --------------------------------------------------------------------------------------

# Production regions and the words people use for them; the value is what the profile keeps.
REGIONS: dict[str, str] = {
    "uk": "UK",
    "united kingdom": "UK",
    "britain": "UK",
    "england": "UK",
    "scotland": "UK",
    "wales": "UK",
    "london": "London, UK",
    "soho": "London, UK",
    "manchester": "Manchester, UK",
    "bristol": "Bristol, UK",
    "glasgow": "Glasgow, UK",
    "cardiff": "Cardiff, UK",
    "leeds": "Leeds, UK",
    "ireland": "Ireland",
    "dublin": "Dublin, Ireland",
    "usa": "US",
    "us": "US",
    "america": "US",
    "los angeles": "Los Angeles, US",
    "la": "Los Angeles, US",
    "hollywood": "Los Angeles, US",
    "new york": "New York, US",
    "nyc": "New York, US",
    "atlanta": "Atlanta, US",
    "chicago": "Chicago, US",
    "canada": "Canada",
    "vancouver": "Vancouver, Canada",
    "toronto": "Toronto, Canada",
    "montreal": "Montreal, Canada",
    "australia": "Australia",
    "aussie": "Australia",
    "sydney": "Sydney, Australia",
    "melbourne": "Melbourne, Australia",
    "brisbane": "Brisbane, Australia",
    "new zealand": "New Zealand",
    "nz": "New Zealand",
    "auckland": "Auckland, New Zealand",
    "wellington": "Wellington, New Zealand",
    "germany": "Germany",
    "berlin": "Berlin, Germany",
    "munich": "Munich, Germany",
    "france": "France",
    "paris": "Paris, France",
    "spain": "Spain",
    "madrid": "Madrid, Spain",
    "barcelona": "Barcelona, Spain",
    "italy": "Italy",
    "rome": "Rome, Italy",
    "india": "India",
    "mumbai": "Mumbai, India",
    "south africa": "South Africa",
    "cape town": "Cape Town, South Africa",
}
# Short forms that are also ordinary words ("us", "la") count only after "in" or "based in".
_REGION_AFTER_IN = frozenset({"us", "la"})
_REGION_RE = re.compile(
    r"(?<![\w])(" + "|".join(re.escape(k) for k in sorted(REGIONS, key=len, reverse=True)) + r")"
    r"(?![\w])"
)


def region_in(folded: str) -> str | None:
    """The production region a folded text names, if any."""
    for m in _REGION_RE.finditer(folded):
        key = m.group(1)
        if key in _REGION_AFTER_IN and not re.search(
            r"\b(?:in|based|from)\s+$", folded[: m.start()]
        ):
            continue
        return REGIONS[key]
    return None


# --- parts of a hybrid and their shares ----------------------------------------------------------

MORE_WORDS = ("mostly", "mainly", "primarily", "largely", "predominantly", "usually", "generally")
LESS_WORDS = (
    "sometimes",
    "occasionally",
    "some",
    "a bit of",
    "bit of",
    "a little",
    "a little bit of",
    "the odd",
    "odd bit of",
    "now and then",
    "from time to time",
    "on the side",
    "part time",
)
MORE_WEIGHT, LESS_WEIGHT = 2.0, 0.5
"""Judgement: 'mostly X, sometimes Y' reads as about 80/20; 'mostly X and Y' as 2:1."""

_CLAUSE_RE = re.compile(r"\s*(?:[,;|\n(){}\[\]]|\.\s|\s[-–—]\s)\s*")
_JOIN_RE = re.compile(r"\s*(?:/|&|\+|\band\b|\bplus\b|\bor\b|\bas well as\b)\s*", re.IGNORECASE)
# A clause after the first names another craft only when it is joined on ("and edit them
# myself", "sometimes DP", "30% motion graphics", "I also grade"); otherwise it lists tasks,
# clients or tools ("Foley artist, feet and props").
_JOINED_RE = re.compile(
    r"^\d{1,3}\s*(?:%|percent)|^(?:and|also|plus|but|or|as well as|with some|i|i'm|im|i am|i also)"
    r"\b|^(?:" + "|".join(re.escape(w) for w in MORE_WORDS + LESS_WORDS) + r")\b",
    re.IGNORECASE,
)
# What follows a preposition is the work's object or setting, not another craft
# ("sounds for films and trailers", "hair and make-up on music videos").
_OBJECT_RE = re.compile(
    r"\s+(?:for|on|in|at|with|from|to|of|around|across|about|into|via|using|like)\s+.*$",
    re.IGNORECASE,
)
# Two agent nouns joined by a hyphen are two crafts ("writer-director", "shooter-editor"); a
# hyphen after a prefix or a plain word is one ("re-recording", "make-up", "line-producer").
_AGENT_PAIR_RE = re.compile(
    r"\b([a-z]+(?:er|or|ist|ant))-(?=[a-z]+(?:er|or|ist|ant)\b)", re.IGNORECASE
)
_PCT_RE = re.compile(r"(\d{1,3})\s*(?:%|percent|per cent)", re.IGNORECASE)
_MODIFIER_RE = re.compile(
    r"(?<![\w])("
    + "|".join(re.escape(w) for w in sorted(MORE_WORDS + LESS_WORDS, key=len, reverse=True))
    + r")(?![\w])",
    re.IGNORECASE,
)
_LEAD_JOIN_RE = re.compile(r"^(?:and|also|plus|but|or|as well as|with some)\s+", re.IGNORECASE)


@dataclass
class Part:
    text: str
    weight: float
    explicit: bool = False
    """The weight is a stated percentage."""


def parts(text: str) -> list[Part]:
    """The pieces of a description that may each name a craft, with a relative weight.

    The first clause, and later clauses joined on with 'and', 'also', 'mostly', 'sometimes', a
    percentage or 'I', are cut before their first preposition and split at '/', '&', 'and',
    'plus', 'or'. A piece carries the weight of its modifier ('mostly' 2, 'sometimes' 0.5) or its
    percentage, else 1.
    """
    marked = _PCT_RE.sub(lambda m: f", {m.group(0)} ", text[:500])
    clauses = [c.strip(" .:") for c in _CLAUSE_RE.split(marked)]
    clauses = [c for c in clauses if c]
    out: list[Part] = []
    for i, clause in enumerate(clauses[:6]):
        if i and not _JOINED_RE.search(clause):
            continue
        clause_weight, explicit = 1.0, False
        pct = _PCT_RE.match(clause)
        if pct and 0 < int(pct.group(1)) <= 100:
            clause_weight, explicit = int(pct.group(1)) / 100, True
            clause = clause[pct.end() :].strip()
        clause = _LEAD_JOIN_RE.sub("", clause)
        mod = _MODIFIER_RE.match(clause)
        if mod and not explicit:
            word = mod.group(1).casefold()
            clause_weight = MORE_WEIGHT if word in MORE_WORDS else LESS_WEIGHT
        kept = _AGENT_PAIR_RE.sub(r"\1/", _OBJECT_RE.sub("", clause))
        for piece in _JOIN_RE.split(kept):
            weight = clause_weight
            inner = _MODIFIER_RE.search(piece)
            if inner and not explicit:
                word = inner.group(1).casefold()
                weight = MORE_WEIGHT if word in MORE_WORDS else LESS_WEIGHT
            piece = _MODIFIER_RE.sub(" ", piece).strip(" .-")
            if piece:
                out.append(Part(piece, weight, explicit))
    return out


def shares(weights: list[float], explicit: list[bool]) -> list[float]:
    """Weights to shares that add up to 1. Stated percentages are kept; the rest split what is
    left (or an equal part of it when the percentages already fill 100)."""
    if not weights:
        return []
    stated = sum(w for w, e in zip(weights, explicit, strict=True) if e)
    rest = [w for w, e in zip(weights, explicit, strict=True) if not e]
    if stated > 0 and rest and stated < 1:
        left = 1.0 - stated
        total_rest = sum(rest)
        out = [w if e else left * w / total_rest for w, e in zip(weights, explicit, strict=True)]
    else:
        out = list(weights)
    total = sum(out)
    return [round(w / total, 3) for w in out]


# --- would two roles' analyses differ? ------------------------------------------------------------

SIMILAR_KEY = "match_role_similarity"
SAME_ANALYSIS_TASKS = 0.90
"""Roles whose task mixes lean on the same AI capabilities in the same proportions (cosine of
their capability profiles at this or more) and whose tasks need a person to the same degree give
the person much the same analysis: picking either tells them the same thing."""
SAME_ANALYSIS_HUMAN = 0.08
"""...the largest difference in share-weighted human factors (0-1) that still counts as same."""


@dataclass
class RoleProfiles:
    ids: list[str]
    capability: npt.NDArray[np.float64]
    """One unit row per role: its typical task shares times capability weights."""
    human: npt.NDArray[np.float64]
    """Per role: share-weighted mean of its tasks' human factors."""


def _typical_share(task_share: dict[Any, float]) -> float:
    """A task's share at mid level, else the mean of the levels the role has."""
    for level, value in task_share.items():
        if getattr(level, "value", level) == "mid":
            return value
    return sum(task_share.values()) / len(task_share) if task_share else 0.0


def role_profiles(pack: KnowledgePack) -> RoleProfiles:
    """Each role's capability profile and human share, from pack data, built once per pack."""
    cached = pack.derived.get(SIMILAR_KEY)
    if isinstance(cached, RoleProfiles):
        return cached
    ids = list(pack.roles)
    cap_ids = list(pack.capabilities)
    col = {c: i for i, c in enumerate(cap_ids)}
    caps = np.zeros((len(ids), max(len(cap_ids), 1)))
    human = np.zeros(len(ids))
    for r, rid in enumerate(ids):
        total = 0.0
        for task in pack.roles[rid].tasks:
            share = _typical_share(dict(task.share))
            if share <= 0:
                continue
            total += share
            for link in task.capabilities:
                if link.id in col:
                    caps[r, col[link.id]] += share * link.weight
            h = task.human
            human[r] += share * max(h.presence, h.interpersonal, h.judgement, h.accountability)
        human[r] = human[r] / total if total else 0.0
    norms = np.linalg.norm(caps, axis=1, keepdims=True)
    caps = caps / np.maximum(norms, 1e-12)
    found = RoleProfiles(ids, caps, human)
    pack.derived[SIMILAR_KEY] = found
    return found


def same_analysis(pack: KnowledgePack, a: str, b: str) -> bool:
    """Whether analysing role ``b`` instead of ``a`` would tell the person much the same thing."""
    if a == b:
        return True
    prof = role_profiles(pack)
    try:
        i, j = prof.ids.index(a), prof.ids.index(b)
    except ValueError:
        return False
    return (
        pack.roles[a].department == pack.roles[b].department
        and float(prof.capability[i] @ prof.capability[j]) >= SAME_ANALYSIS_TASKS
        and abs(float(prof.human[i] - prof.human[j])) <= SAME_ANALYSIS_HUMAN
    )


# --- when no analysis is possible ----------------------------------------------------------------

_VOWEL_RE = re.compile(r"[aeiouy]")
_CONSONANT_RUN_RE = re.compile(r"[bcdfghjklmnpqrstvwxz]{5,}")


def _plausible(word: str) -> bool:
    """Whether a folded Latin word looks like a word of a language rather than key mashing."""
    if len(word) <= 2:
        return word.isalpha()
    return bool(_VOWEL_RE.search(word)) and not _CONSONANT_RUN_RE.search(word)


def unreadable(raw: str, folded_words: list[str]) -> str | None:
    """Why a text cannot be read at all, or None. Emoji, symbols, other scripts and key
    mashing have no words to match; the pack and its matcher read English."""
    letters = [ch for ch in raw if ch.isalpha()]
    if not letters:
        return "the text has no words to read"
    latin = sum(1 for ch in letters if "LATIN" in unicodedata.name(ch, ""))
    if latin < 0.5 * len(letters):
        return "the text is not in the Latin alphabet; ReelShift reads descriptions in English"
    content = [w for w in folded_words if w.isalpha()]
    if not any(len(w) >= 2 for w in content):
        return "the text has no words to read"
    if sum(_plausible(w) for w in content) < 0.5 * len(content):
        return "the words could not be read"
    return None
