"""Text clean-up shared by every matching signal.

``clean`` makes user text safe (no control characters, bounded length); ``fold`` lowers case,
strips accents and punctuation, unifies UK/US spelling, joins or splits compounds and expands
common abbreviations; ``tokens`` and ``stem`` give the words the lexical signals count;
``normalize_title`` also takes seniority, employment and sector words out of a title and records
them. The same functions are applied to the pack's titles and aliases and to the query, so both
sides meet in one form.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

MAX_QUERY_CHARS = 2000
"""Text past this many characters is not read (a title or a few task lines fit well within it)."""

# UK -> US spellings (either direction would do; both sides are folded the same way).
_SPELLING = {
    "colour": "color",
    "colours": "colors",
    "coloured": "colored",
    "colourist": "colorist",
    "colourists": "colorists",
    "colouring": "coloring",
    "grey": "gray",
    "organise": "organize",
    "organiser": "organizer",
    "organising": "organizing",
    "programme": "program",
    "programmes": "programs",
    "centre": "center",
    "theatre": "theater",
    "dialog": "dialogue",
    "favour": "favor",
    "catalogue": "catalog",
    "licence": "license",
    "licensing": "licensing",
    "labour": "labor",
    "modeller": "modeler",
    "modellers": "modelers",
    "modelling": "modeling",
    "visualisation": "visualization",
    "previsualisation": "previsualization",
    "localisation": "localization",
    "localise": "localize",
    "analyse": "analyze",
    "analysing": "analyzing",
    "realise": "realize",
    "optimise": "optimize",
    "specialise": "specialize",
    "travelling": "traveling",
    "labelling": "labeling",
    "cancelled": "canceled",
    "jewellery": "jewelry",
    "practise": "practice",
    "authorise": "authorize",
    "recognise": "recognize",
    "storey": "story",
    "artiste": "artist",
}

# Abbreviations that stand for one unambiguous word or phrase, applied token by token.
_ABBREVIATIONS = {
    "1st": "first",
    "2nd": "second",
    "3rd": "third",
    "asst": "assistant",
    "assist": "assistant",
    "ass't": "assistant",
    "supv": "supervisor",
    "supe": "supervisor",
    "supvr": "supervisor",
    "super": "supervisor",
    "sup": "supervisor",
    "mgr": "manager",
    "coord": "coordinator",
    "coordinater": "coordinator",
    "prod": "production",
    "tech": "technician",
    "techs": "technicians",
    "op": "operator",
    "ops": "operators",
    "cam": "camera",
    "ed": "editor",
    "vid": "video",
    "vids": "videos",
    "sim": "simulation",
    "sims": "simulations",
    "dept": "department",
    "exec": "executive",
    "gfx": "graphics",
    "mograph": "motion graphics",
    "previz": "previs",
    "postviz": "postvis",
    "&": "and",
    "+": "and",
}

# Two-word forms written as one word, and the reverse; applied to the folded text.
_COMPOUNDS = {
    "make up": "makeup",
    "voice over": "voiceover",
    "story board": "storyboard",
    "story boards": "storyboards",
    "story boarding": "storyboarding",
    "match move": "matchmove",
    "match mover": "matchmover",
    "match moving": "matchmoving",
    "stunt man": "stuntman",
    "stunt woman": "stuntwoman",
    "hair stylist": "hairstylist",
    "hair dresser": "hairdresser",
    "pre vis": "previs",
    "post vis": "postvis",
    "pre viz": "previs",
    "co ordinator": "coordinator",
    "co ordinating": "coordinating",
    "re recording": "rerecording",
    "foot steps": "footsteps",
    "sound track": "soundtrack",
    "screen writer": "screenwriter",
    "script writer": "scriptwriter",
    "screen play": "screenplay",
    "props master": "prop master",
    "propmaster": "prop master",
    "mattepainter": "matte painter",
    "set dec": "set decorator",
    "postproduction": "post production",
    "preproduction": "pre production",
    "visual effects": "vfx",
    "visual fx": "vfx",
    "special effects": "sfx",
    "special fx": "sfx",
    "3 d": "3d",
    "2 d": "2d",
    # "making-of" is one noun (the making-of film); "making" alone is a stopword, which would
    # leave "making-of director" as a bare "director".
    "making of": "makingof",
}

SENIORITY_WORDS: dict[str, str] = {
    "junior": "junior",
    "jr": "junior",
    "trainee": "junior",
    "entry level": "junior",
    "graduate": "junior",
    "intern": "junior",
    "apprentice": "junior",
    "mid level": "mid",
    "mid weight": "mid",
    "midweight": "mid",
    "intermediate": "mid",
    "senior": "senior",
    "sr": "senior",
    "lead": "senior",
    "principal": "senior",
    "veteran": "senior",
    "head of department": "head",
    "hod": "head",
    "head of": "head",
    "chief": "head",
}

EMPLOYMENT_WORDS: dict[str, str] = {
    "freelance": "freelance",
    "freelancer": "freelance",
    "freelancing": "freelance",
    "self employed": "freelance",
    "contractor": "freelance",
    "day rate": "freelance",
    "staff": "staff",
    "in house": "staff",
    "full time": "staff",
    "permanent": "staff",
    "salaried": "staff",
    "employed": "staff",
    "owner": "owner",
    "founder": "owner",
    "co founder": "owner",
    "own studio": "owner",
    "own company": "owner",
    "own business": "owner",
    "run a studio": "owner",
    "run my own": "owner",
    "my own": "owner",
}

SECTOR_WORDS: dict[str, str] = {
    "features": "features",
    "feature films": "features",
    "feature film": "features",
    "feature": "features",
    "movies": "features",
    "indie films": "features",
    "indie": "features",
    "episodic": "episodic",
    "tv series": "episodic",
    "tv drama": "episodic",
    "tv dramas": "episodic",
    "drama series": "episodic",
    "television": "episodic",
    "high end tv": "episodic",
    "hetv": "episodic",
    "streaming series": "episodic",
    "commercials": "commercials",
    "commercial": "commercials",
    "ads": "commercials",
    "adverts": "commercials",
    "advertising": "commercials",
    "music videos": "music-video",
    "music video": "music-video",
    "promos": "music-video",
    "documentary": "documentary",
    "documentaries": "documentary",
    "docs": "documentary",
    "factual": "documentary",
    "animation": "animation",
    "animated": "animation",
    "games": "games",
    "video games": "games",
    "gaming": "games",
    "corporate": "corporate-social",
    "social media": "corporate-social",
    "branded content": "corporate-social",
}

# Clients and settings of film and video work that are no craft of their own ("I shoot
# weddings"): they neither name a role nor count against the text being film work.
SETTING_WORDS = frozenset(
    """wedding weddings event events brand brands client clients youtube tiktok instagram
    social corporate conference conferences live stream streams streaming explainer explainers
    promo promos agency agencies channel channels church concerts concert sports esports
    real estate product products
    comedy comedies horror thriller thrillers scifi fantasy romance romcom kids childrens
    reality""".split()
)
"""The words after "products" are genres: they say what the film is, not who the person is."""

_STOPWORD_TEXT = """a an the and or of to in on at for with from by as is are am was be been
    being i im i'm me my we our us you your he she they them it its this that these those
    do does did doing
    have has had having mostly mainly some also plus etc work works worked working job role
    stuff things thing kind sort type all any each other more most very just really lot lots
    who what which where when how into onto over under about across around between through
    per via based currently now used use using sometimes often usually occasionally mainly
    person people someone one ones
    guy guys gal girl bloke lol haha basically literally myself yourself still these days
    day days odd bit big small little mostly loads make makes making made create creates
    creating handle handles handling"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())

_PROD_END_RE = re.compile(r"\bprod\b\.?(?=\s*(?:$|[,;/(|-]))")
_DOTTED_RE = re.compile(r"\b(?:[A-Za-z0-9]\.){2,}")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")


def clean(text: str, limit: int = MAX_QUERY_CHARS) -> tuple[str, bool]:
    """User text made safe to process and to show: no control or bidi characters, tabs and
    newlines kept, at most ``limit`` characters. Returns the text and whether it was cut."""
    text = unicodedata.normalize("NFC", text)
    text = _CONTROL.sub(" ", text)
    text = "".join(ch if ch.isprintable() or ch in "\n\t" else " " for ch in text)
    cut = len(text) > limit
    return text[:limit], cut


_COMPOUND_RE = re.compile(
    r"(?<![\w])("
    + "|".join(re.escape(k) for k in sorted(_COMPOUNDS, key=len, reverse=True))
    + r")(?![\w])"
)


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Case-fold, strip accents, punctuation and control characters, unify spelling,
    compounds and abbreviations. Slashes become ' / ' so alternatives stay visible."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(
            ch if ch.isprintable() else " " for ch in text if not unicodedata.combining(ch)
        )
    text = _CONTROL.sub(" ", text).casefold().replace("’", "'").replace("‘", "'")
    # Dotted abbreviations: "d.p." -> "dp", "a.d." -> "ad".
    text = _DOTTED_RE.sub(lambda m: m.group(0).replace(".", ""), text)
    # "prod" closing a title is a producer ("line prod", "VFX prod"); elsewhere, production.
    text = _PROD_END_RE.sub("producer", text)
    text = re.sub(r"[^\w&+'/ -]+", " ", text)
    text = re.sub(r"\s*/\s*", " / ", text)
    text = text.replace("_", " ")
    # Hyphens: a short prefix joins ("co-ordinator", "re-recording" handled by compounds),
    # otherwise the parts become words.
    text = re.sub(r"(?<=\w)-(?=\w)", " ", text)
    words = []
    for word in text.split():
        word = word.strip("-'")
        if word.endswith("'s"):
            word = word[:-2]
        if not word:
            continue
        word = _ABBREVIATIONS.get(word, word)
        word = _SPELLING.get(word, word)
        words.append(word)
    text = " ".join(words)
    return _COMPOUND_RE.sub(lambda m: _COMPOUNDS[m.group(1)], text)


_SUFFIXES = ("ings", "ing", "ers", "ors", "er", "or", "ed", "ies", "es", "s")


@lru_cache(maxsize=16384)
def stem(word: str) -> str:
    """A light suffix stripper: 'editing', 'editors' and 'editor' all become 'edit'."""
    if len(word) <= 3 or not word.isalpha():
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: -len(suffix)]
            if suffix == "s" and (word.endswith(("ss", "us", "is"))):
                return word
            if suffix == "ies":
                return base + "y"
            if suffix == "es" and not word.endswith(("sses", "xes", "zes", "ches", "shes")):
                base = word[:-1]
            return base[:-1] if base.endswith("e") and len(base) >= 5 else base
    # A verb and its -ing form meet: "grade" / "grading", "score" / "scoring".
    return word[:-1] if word.endswith("e") and len(word) >= 5 else word


def words(folded: str) -> list[str]:
    """The words of folded text, without the '/' separators."""
    return [w for w in folded.split() if w != "/"]


def tokens(folded: str, *, keep_stopwords: bool = False) -> list[str]:
    """Stemmed content words of folded text."""
    return [stem(w) for w in words(folded) if keep_stopwords or w not in STOPWORDS]


@dataclass
class Normalized:
    text: str
    """The folded title with seniority, employment and sector words removed."""
    seniority: str | None = None
    employment: str | None = None
    sector: str | None = None
    removed: list[str] = field(default_factory=list)
    full: str = ""
    """The folded title with everything kept."""


def _table_pattern(table: dict[str, str]) -> re.Pattern[str]:
    phrases = sorted((fold(p) for p in table), key=len, reverse=True)
    return re.compile(r"(?<![\w])(" + "|".join(re.escape(p) for p in phrases) + r")(?![\w])")


def _folded_table(table: dict[str, str]) -> dict[str, str]:
    return {fold(k): v for k, v in table.items()}


_SENIORITY_RE = _table_pattern(SENIORITY_WORDS)
_EMPLOYMENT_RE = _table_pattern(EMPLOYMENT_WORDS)
_SECTOR_RE = _table_pattern(SECTOR_WORDS)
_SENIORITY = _folded_table(SENIORITY_WORDS)
_EMPLOYMENT = _folded_table(EMPLOYMENT_WORDS)
_SECTOR = _folded_table(SECTOR_WORDS)


def _take(
    text: str, pattern: re.Pattern[str], table: dict[str, str]
) -> tuple[str, str | None, list[str]]:
    found: str | None = None
    removed: list[str] = []
    for m in pattern.finditer(text):
        found = found or table[m.group(1)]
        removed.append(m.group(1))
    if removed:
        text = " ".join(pattern.sub(" ", text).split())
    return text, found, removed


def extract_words(folded: str) -> tuple[str | None, str | None, str | None]:
    """Seniority, employment and sector named anywhere in folded text."""
    _, seniority, _ = _take(folded, _SENIORITY_RE, _SENIORITY)
    _, employment, _ = _take(folded, _EMPLOYMENT_RE, _EMPLOYMENT)
    _, sector, _ = _take(folded, _SECTOR_RE, _SECTOR)
    return seniority, employment, sector


def strip_context(folded: str) -> str:
    """Folded text without seniority, employment and sector words (the bare craft)."""
    text, _, _ = _take(folded, _SENIORITY_RE, _SENIORITY)
    text, _, _ = _take(text, _EMPLOYMENT_RE, _EMPLOYMENT)
    text, _, _ = _take(text, _SECTOR_RE, _SECTOR)
    return text


def normalize_title(raw: str) -> Normalized:
    full = fold(raw)
    text, seniority, r1 = _take(full, _SENIORITY_RE, _SENIORITY)
    text, employment, r2 = _take(text, _EMPLOYMENT_RE, _EMPLOYMENT)
    text, sector, r3 = _take(text, _SECTOR_RE, _SECTOR)
    kept = [w for w in text.split() if w not in STOPWORDS]
    return Normalized(
        text=" ".join(kept).strip(" /"),
        seniority=seniority,
        employment=employment,
        sector=sector,
        removed=r1 + r2 + r3,
        full=full,
    )


# Where a title ends and context begins: punctuation, and words that start a clause.
_SPLIT_RE = re.compile(
    r"\s*[,;:|()\[\]{}\n\t!?]+\s*|\.\s+|\s+[-–—]\s+|"
    r"\s+(?:at|on|for|with|from|in|mostly|mainly|doing|including|based|who|and also|but)\s+|"
    r"\s+(?=(?-i:as)\s+\w)",
    re.IGNORECASE,
)


_PLACE_LEAD_RE = re.compile(r"\s+(at|on|for|with|from|in)\s+", re.IGNORECASE)


def clause_leads(text: str) -> list[str]:
    """For each clause of ``segments(text)``, in order, the preposition that opened it ("for"
    in "I draw storyboards for directors"), or "" when punctuation or another word did."""
    text = _DOTTED_RE.sub(lambda m: m.group(0).replace(".", ""), text)
    padded = " " + text + " "
    out: list[str] = []
    lead = ""
    pos = 0
    for m in _SPLIT_RE.finditer(padded):
        if fold(padded[pos : m.start()]).strip(" /"):
            out.append(lead)
        place = _PLACE_LEAD_RE.fullmatch(m.group(0))
        lead = place.group(1).casefold() if place else ""
        pos = m.end()
    if fold(padded[pos:]).strip(" /"):
        out.append(lead)
    return out


def segments(text: str) -> list[str]:
    """The clauses of raw text, in order, each folded; empty ones dropped."""
    text = _DOTTED_RE.sub(lambda m: m.group(0).replace(".", ""), text)
    parts = _SPLIT_RE.split(" " + text + " ")
    out = []
    for part in parts:
        folded = fold(part)
        if folded.strip(" /"):
            out.append(folded)
    return out
