"""Title clean-up: case, punctuation, UK/US spelling, abbreviations; seniority, employment and
sector words are taken out of the title and recorded."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# UK -> US spellings, so "colourist" and "colorist" meet.
_SPELLING = {
    "colour": "color",
    "colourist": "colorist",
    "colourists": "colorists",
    "colouring": "coloring",
    "grey": "gray",
    "organiser": "organizer",
    "programme": "program",
    "centre": "center",
    "theatre": "theater",
    "dialog": "dialogue",
    "favour": "favor",
    "catalogue": "catalog",
    "licence": "license",
    "labour": "labor",
    "modeller": "modeler",
    "modelling": "modeling",
    "visualisation": "visualization",
    "localisation": "localization",
}

_ABBREVIATIONS = {
    "1st": "first",
    "2nd": "second",
    "asst": "assistant",
    "ass't": "assistant",
    "supv": "supervisor",
    "supe": "supervisor",
    "fx": "fx",
    "vfx": "vfx",
    "mgr": "manager",
    "coord": "coordinator",
    "&": "and",
}

_SENIORITY_WORDS: dict[str, str] = {
    "junior": "junior",
    "jr": "junior",
    "trainee": "junior",
    "entry level": "junior",
    "entry-level": "junior",
    "graduate": "junior",
    "intern": "junior",
    "mid level": "mid",
    "mid-level": "mid",
    "intermediate": "mid",
    "senior": "senior",
    "sr": "senior",
    "lead": "senior",
    "principal": "senior",
    "head of": "head",
    "chief": "head",
}

_EMPLOYMENT_WORDS: dict[str, str] = {
    "freelance": "freelance",
    "freelancer": "freelance",
    "freelancing": "freelance",
    "self employed": "freelance",
    "self-employed": "freelance",
    "contractor": "freelance",
    "staff": "staff",
    "in-house": "staff",
    "in house": "staff",
    "full time": "staff",
    "full-time": "staff",
    "employed": "staff",
    "owner": "owner",
    "founder": "owner",
    "co-founder": "owner",
    "own studio": "owner",
    "own company": "owner",
    "my own": "owner",
}

_SECTOR_WORDS: dict[str, str] = {
    "features": "features",
    "feature films": "features",
    "feature film": "features",
    "feature": "features",
    "episodic": "episodic",
    "tv series": "episodic",
    "television": "episodic",
    "high-end tv": "episodic",
    "hetv": "episodic",
    "commercials": "commercials",
    "commercial": "commercials",
    "ads": "commercials",
    "advertising": "commercials",
    "music videos": "music-video",
    "music video": "music-video",
    "documentary": "documentary",
    "documentaries": "documentary",
    "docs": "documentary",
    "animation": "animation",
    "animated": "animation",
    "games": "games",
    "video games": "games",
    "gaming": "games",
    "corporate": "corporate-social",
    "social": "corporate-social",
    "social media": "corporate-social",
}

_FILLER = {
    "mostly",
    "mainly",
    "some",
    "on",
    "in",
    "for",
    "a",
    "an",
    "the",
    "at",
    "work",
    "i",
    "am",
    "im",
}


@dataclass
class Normalized:
    text: str
    """The cleaned title with seniority, employment and sector words removed."""
    seniority: str | None = None
    employment: str | None = None
    sector: str | None = None
    removed: list[str] = field(default_factory=list)


def fold(text: str) -> str:
    """Case-fold, strip accents and control characters, unify spelling and abbreviations."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch) and ch.isprintable())
    text = text.casefold().replace("’", "'")
    text = re.sub(r"[^\w&'/+ -]+", " ", text)
    text = re.sub(r"(?<=\w)[/+](?=\w)", " / ", text)
    words = []
    for word in text.split():
        word = word.strip("-'")
        if not word:
            continue
        word = _ABBREVIATIONS.get(word, word)
        word = _SPELLING.get(word, word)
        words.append(word)
    return " ".join(words)


def _take(text: str, table: dict[str, str]) -> tuple[str, str | None, list[str]]:
    found: str | None = None
    removed: list[str] = []
    for phrase in sorted(table, key=len, reverse=True):
        pattern = rf"(?<![\w-]){re.escape(phrase)}(?![\w-])"
        if re.search(pattern, text):
            found = found or table[phrase]
            removed.append(phrase)
            text = re.sub(pattern, " ", text)
    return " ".join(text.split()), found, removed


def normalize_title(raw: str) -> Normalized:
    text = fold(raw)
    text, seniority, r1 = _take(text, _SENIORITY_WORDS)
    text, employment, r2 = _take(text, _EMPLOYMENT_WORDS)
    text, sector, r3 = _take(text, _SECTOR_WORDS)
    words = [w for w in text.split() if w not in _FILLER]
    # Commas and trailing clauses ("colorist, mostly commercials") rarely carry the title.
    return Normalized(
        text=" ".join(words).strip(" /-"),
        seniority=seniority,
        employment=employment,
        sector=sector,
        removed=r1 + r2 + r3,
    )
