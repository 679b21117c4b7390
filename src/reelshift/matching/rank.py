"""Rank candidate roles for free text, and abstain when unsure.

For each role, four signals in [0, 1] are computed from the normalised text (see
``docs/matching.md``):

- **name**: exact match with a title or alias (1.0), else the better of fuzzy string similarity
  and IDF-weighted word overlap with the role's closest title or alias;
- **lexical**: BM25 over the role's titles and aliases, and over its description and task
  statements;
- **semantic**: cosine similarity of WordLlama vectors (text vs. titles, aliases, description);
- **coverage**: how much of the title's telling words the role's own names (or, at half weight,
  its task text) account for. A word no film role uses ("dental", "funeral") drags every role
  down, which is how non-film titles end up ``unknown`` instead of forced into a role.

Two blends are taken — one that reads the text as a title, one that reads it as a description
of the work — and the better one is the role's score. A confident answer needs a high score and
a clear margin over the next role; below that the person is asked to choose; below a floor the
text is ``unknown`` and the closest crafts are offered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

from reelshift.kb.loader import KnowledgePack
from reelshift.matching import embed
from reelshift.matching.index import MatchIndex, _abbreviation_stopwords, get_index
from reelshift.matching.normalize import (
    SETTING_WORDS,
    STOPWORDS,
    clause_leads,
    clean,
    extract_words,
    fold,
    segments,
    strip_context,
    tokens,
    words,
)
from reelshift.matching.understand import (
    REGIONS,
    level_from_text,
    parts,
    region_in,
    same_analysis,
    shares,
    unreadable,
    years_in,
)
from reelshift.models import MatchResult, RoleCandidate, RoleShare, TaskLineMatch, ToolMention

# Decision thresholds on the fused score (0-1); see docs/matching.md for how they were set.
CONFIDENT_SCORE = 0.78
CONFIDENT_MARGIN = 0.08
KNOWN_SCORE = 0.50
KNOWN_DESCRIPTION_SCORE = 0.33
"""The floor for a description of the work ('I pull focus on features'): its words are spread
over task text, so its scores run lower than a title's."""
LATER_CLAUSE_FACTOR = 0.7
IMPLIED_FACTOR = 0.72
"""A title made from a first-person verb counts this much of one the person wrote."""
AMBIGUOUS_WINDOW = 0.12
"""Roles within this distance of the best are offered as alternatives."""

# Blend weights: (name, lexical, semantic) for a title, and for a description of the work.
TITLE_WEIGHTS = (0.62, 0.13, 0.25)
DESCRIPTION_WEIGHTS = (0.20, 0.50, 0.30)
NO_SEMANTIC_TITLE = (0.80, 0.20, 0.0)
NO_SEMANTIC_DESCRIPTION = (0.30, 0.70, 0.0)
COS_FLOOR, COS_SPAN = 0.30, 0.55
"""Cosine similarity mapped to [0, 1]: (cos - floor) / span, clipped."""

PARTIAL_MISSING = 0.15
PARTIAL_STRENGTH = 0.8
PARTIAL_CAP = 0.74
SPELLING_VARIANT = 0.9
CORRECTED_FACTOR = 0.95
SHORT_DESCRIPTION = (0.0, 0.6, 0.8)
"""Weight of the description reading for texts of 0, 1 and 2 telling words."""
MAX_TITLES = 6
MAX_TASK_LINES = 20
FloatArray = npt.NDArray[np.float64]


@dataclass
class _Title:
    text: str
    """Folded, corrected title candidate."""
    bare: str
    """Without seniority, employment and sector words."""
    toks: list[str]
    rank: int
    segment: int = 0
    """Which clause of the text it came from."""
    implied: bool = False
    """Made from a verb ("I cut trailers" -> "trailers cutter"), not written as a title."""


@dataclass
class _Read:
    query: str
    folded: str
    titles: list[_Title]
    segments: list[str]
    corrections: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    unexplained: float = 0.0
    """Share of the text's telling words that no role, task or tool in the pack uses."""
    description: bool = False
    """The text describes the work ('I pull focus on features') rather than naming it."""


# --- typo correction --------------------------------------------------------------------------


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _correction_table(index: MatchIndex) -> dict[str, list[str]]:
    table = getattr(index, "_deletes", None)
    if table is None:
        table = {}
        for w in index.vocab_list:
            if len(w) >= 4 and w.isalpha():
                for d in _deletes(w) | {w}:
                    table.setdefault(d, []).append(w)
        index._deletes = table  # type: ignore[attr-defined]
    return table


def _name_words(index: MatchIndex) -> frozenset[str]:
    cached = getattr(index, "_name_words", None)
    if cached is None:
        cached = frozenset(w for n in index.names for w in words(n))
        index._name_words = cached  # type: ignore[attr-defined]
    return cached


_KEYBOARD = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
_NEAR: dict[str, set[str]] = {}
for _r, _row in enumerate(_KEYBOARD):
    for _c, _ch in enumerate(_row):
        _NEAR[_ch] = {
            _KEYBOARD[rr][cc]
            for rr in (_r - 1, _r, _r + 1)
            for cc in (_c - 1, _c, _c + 1)
            if 0 <= rr < 3 and 0 <= cc < len(_KEYBOARD[rr]) and (rr, cc) != (_r, _c)
        }
_VOWELS = set("aeiou")


def is_typo(word: str, target: str) -> bool:
    """Whether ``word`` is ``target`` with one slip of the fingers: a letter missing, doubled or
    added, two neighbours swapped, or one letter replaced by a key next to it or by another
    vowel. A real word one unrelated letter away ('waiter' vs 'writer') is not a typo."""
    if word == target:
        return False
    if abs(len(word) - len(target)) == 1:
        short, long_ = sorted((word, target), key=len)
        return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))
    if len(word) != len(target):
        return False
    diff = [i for i, (a, b) in enumerate(zip(word, target, strict=True)) if a != b]
    if len(diff) == 1:
        a, b = word[diff[0]], target[diff[0]]
        return b in _NEAR.get(a, set()) or (a in _VOWELS and b in _VOWELS)
    if len(diff) == 2 and diff[1] == diff[0] + 1:
        i = diff[0]
        return word[i] == target[i + 1] and word[i + 1] == target[i]
    return False


def _correct(index: MatchIndex, word: str) -> str | None:
    """The pack word that ``word`` is a typo of, preferring words of titles and aliases."""
    if len(word) < 5 or not word.isalpha() or word in index.vocab or word in STOPWORDS:
        return None
    table = _correction_table(index)
    found: set[str] = set()
    for d in _deletes(word) | {word}:
        found.update(table.get(d, ()))
    # Only words of titles and aliases are corrected to: a word one slip away from a task
    # word is as likely a real word the pack does not use ("backend" is not "backed").
    names = _name_words(index)
    found = {w for w in found if w in names and is_typo(word, w)}
    if not found:
        return None
    return sorted(found, key=lambda w: (-fuzz.ratio(w, word), w))[0]


# --- reading the query ------------------------------------------------------------------------

_FIRST_PERSON = frozenset({"i", "im", "i'm", "ive", "i've", "we", "my", "our"})
# "I'm a gaffer", "I work as a colourist": the rest names the job.
_NAMED_RE = re.compile(
    r"^(?:i am|i'm|im|i work as|i work as an|i'm working as|working as|my job is|my role is|"
    r"i am working (?:as|like)|i work like|working like|i've been|i have been|been|i was)"
    r"(?: an?| the)? (?=\w)"
)


_FOR_WHOM = frozenset({"for", "on", "at", "from"})
# Place names say where, not what: "colourist at a Soho post house" is no less film work.
_REGION_WORDS = frozenset(w for key in REGIONS for w in key.split())


def _without_tools(index: MatchIndex, text: str) -> str:
    """A title without the tools named in it: "Avid editor" -> "editor", "Baselight colorist"
    -> "colorist". Kept whole when nothing that could name a craft is left ("Houdini sims"),
    and short forms ("AE") are left alone: they may be the title itself."""
    ws = text.split()
    out: list[str] = []
    j = 0
    while j < len(ws):
        pair = " ".join(ws[j : j + 2])
        if j + 1 < len(ws) and pair in index.tools:
            j += 2
            continue
        if len(ws[j]) > 3 and ws[j] in index.tools:
            j += 1
            continue
        out.append(ws[j])
        j += 1
    names = _name_words(index)
    return " ".join(out) if any(w in names for w in out) else text


def _read(index: MatchIndex, text: str, verbs: bool = True) -> _Read:
    """Read a text: its title candidates, clauses and corrections. ``verbs``: whether the
    text's first word may be a verb that implies a title ("cut trailers"); a later part of a
    hybrid that is not a first-person text is a noun ("actor and model")."""
    query, cut = clean(text)
    read = _Read(query=query, folded="", titles=[], segments=[])
    if cut:
        read.notes.append(f"only the first {len(query)} characters were read")
    segs = segments(query)
    corrections: dict[str, str] = {}

    def fix(folded: str) -> str:
        out = []
        for w in folded.split():
            if w not in corrections:
                c = _correct(index, w)
                if c:
                    corrections[w] = c
            out.append(corrections.get(w, w))
        return " ".join(out)

    segs = [fix(s) for s in segs[: MAX_TASK_LINES + 3]]
    read.segments = segs
    read.folded = fix(fold(query)) if len(query) < 400 else " ".join(segs)
    read.corrections = corrections
    content = [w for w in words(strip_context(read.folded)) if w not in STOPWORDS]
    if content:
        unknown = [
            w
            for w in content
            if w not in index.film_words and not w.isdigit() and w not in _REGION_WORDS
        ]
        read.unexplained = len(unknown) / len(content)
    seen: set[str] = set()
    first = segs[0] if segs else ""
    named = _NAMED_RE.match(first)
    if named:
        segs[0] = first = first[named.end() :]
    elif first.split()[:1] and first.split()[0] in _FIRST_PERSON:
        read.description = True
    candidates: list[tuple[str, int, int]] = []
    implied: set[str] = set()
    for n, seg in enumerate(segs[:2]):
        for agent in _agent_titles(index, seg, first_word=n == 0 and verbs):
            candidates.append((agent, 0, n))
            implied.add(agent)
    leads = clause_leads(query)
    for n, seg in enumerate(segs[:4]):
        if read.description and n and n < len(leads) and leads[n] in _FOR_WHOM:
            # In "I draw storyboards for directors", "I record sound on location", the clause
            # a preposition opens is who the work is for or where: no title of the person's
            # ("in Houdini", "with Nuke" name tools, which still tell the craft).
            continue
        if seg.startswith("as ") and n:
            # "... as DP", "as a line producer": a later clause that names the job.
            seg, n = seg[3:], 0
        elif n == 3:
            continue
        candidates.append((seg, len(candidates), n))
        for sep, step in ((" / ", 1), (" and ", 4)):
            if sep in seg:
                candidates += [(p.strip(), len(candidates) + step, n) for p in seg.split(sep)]
    # Short forms written in capitals that fold to a stopword ("1st AS") stay in titles.
    caps = _abbreviation_stopwords(query)
    for cand, rank, n in candidates:
        cleaned = " ".join(
            w for w in cand.split() if (w not in STOPWORDS or w in caps) and w != "/"
        )
        if not cleaned or cleaned in seen:
            continue
        seen.add(cleaned)
        bare = " ".join(w for w in strip_context(cleaned).split() if w != "/")
        bare = _without_tools(index, bare) if bare else bare
        if not bare and rank > 0:
            continue  # only context ("music videos"): no title of its own
        toks = tokens(cleaned) + [w for w in cleaned.split() if w in caps]
        read.titles.append(_Title(cleaned, bare or cleaned, toks, rank, n, cand in implied))
        if len(read.titles) >= MAX_TITLES:
            break
    return read


_ADVERBS = frozenset(
    """also mainly mostly usually sometimes just currently now often primarily still basically
    occasionally generally really then mainly normally freelance""".split()
)


# Everyday verbs whose "-er" noun is film jargon for something else: "I run the office" is not
# a runner, "I light sets" is not a CG lighter, "I work" is not a worker.
_PLAIN_VERBS = frozenset(
    """run runs light lights work works manage look help support play deal load keep take
    get go come start lead""".split()
)


def _agent_forms(verb: str) -> list[str]:
    """The agent nouns a verb may make: edit -> editor, compose -> composer, rig -> rigger."""
    forms = [verb + "er", verb + "or", verb + "r", verb + verb[-1:] + "er"]
    if verb.endswith("e"):
        forms.append(verb[:-1] + "or")
    return forms


def _agent_titles(index: MatchIndex, seg: str, first_word: bool) -> list[str]:
    """Titles a first-person clause implies: "i cut trailers" -> "trailers cutter", "cutter";
    "i write and direct" -> "writer", "director"; "pull focus" -> "focus puller". A verb counts
    only when its agent noun is a word of the pack's titles and aliases."""
    ws = seg.split()
    names = _name_words(index)

    # After "and", a verb only when the word before is no title: "I write and direct" is two
    # verbs, "actor and model" two nouns (a model is not a modeller).
    def title_noun(w: str) -> bool:
        # a word of the names that is no verb of one ("actor"; not "write", whose "writer" is)
        return w in names and not any(f in names for f in _agent_forms(w))

    starts = [
        k + 1
        for k, w in enumerate(ws)
        if w in ("i", "we") or (w == "and" and not (k and title_noun(ws[k - 1])))
    ]
    if first_word and ws and ws[0] not in names:
        starts.insert(0, 0)
    out: list[str] = []
    for j in starts:
        while j < len(ws) and ws[j] in _ADVERBS:
            j += 1
        if j >= len(ws) or ws[j] in STOPWORDS or ws[j] in _PLAIN_VERBS or not ws[j].isalpha():
            continue
        agent = next((f for f in _agent_forms(ws[j]) if f in names), None)
        if agent is None:
            continue
        obj = []
        for w in ws[j + 1 : j + 3]:
            if w in ("and", "/") or w in STOPWORDS:
                break
            obj.append(w)
        if obj and all(w in index.film_words for w in obj):
            out.append(" ".join([*obj, agent]))
            # The object is plural after a verb ("I write scripts") and singular in a title
            # ("script writer", folded to "scriptwriter").
            single = [w[:-1] if len(w) > 3 and w.endswith("s") else w for w in obj]
            named = fold(" ".join([*single, agent]))
            if named in index.exact or len(named.split()) <= len(single):
                out.append(named)
        out.append(agent)
    return out


# --- signals ----------------------------------------------------------------------------------


def _per_role_max(index: MatchIndex, values: FloatArray) -> FloatArray:
    return np.maximum.reduceat(values, index.name_start) if values.size else values


def _sorted_names(index: MatchIndex) -> list[str]:
    cached = getattr(index, "_sorted_names", None)
    if cached is None:
        cached = [" ".join(sorted(n.split())) for n in index.names]
        index._sorted_names = cached  # type: ignore[attr-defined]
    return cached


def _matched_weight(index: MatchIndex, q: set[str]) -> FloatArray:
    """Per name: the IDF mass of its words that are in ``q``."""
    inter = np.zeros(len(index.names), dtype=float)
    for t in q:
        hit = index.token_names.get(t)
        if hit is not None:
            inter[hit] += index.bm25_names.weight(t)
    return inter


def _overlap(index: MatchIndex, toks: list[str]) -> FloatArray:
    """IDF-weighted Dice overlap between the title's words and each name's words."""
    q = set(toks)
    qw = sum(index.bm25_names.weight(t) for t in q)
    if not q or qw <= 0:
        return np.zeros(len(index.names), dtype=float)
    return 2.0 * _matched_weight(index, q) / (qw + index.name_weight)


def _per_role_argmax(
    index: MatchIndex, values: FloatArray
) -> tuple[FloatArray, npt.NDArray[np.intp]]:
    """Per role: the best value over its names, and which name gave it."""
    best = np.maximum.reduceat(values, index.name_start)
    positions = np.where(values >= best[index.name_role], index.name_pos, len(values))
    return best, np.minimum.reduceat(positions, index.name_start)


def _token_coverage(index: MatchIndex, t: str) -> FloatArray:
    """Per role: 1 if its names use the word, 0.5 if only its task text does, else 0."""
    cache: dict[str, FloatArray] = index.coverage_cache
    hit = cache.get(t)
    if hit is None:
        hit = np.zeros(len(index.role_ids))
        text_hit = index.bm25_text.postings.get(t)
        if text_hit is not None:
            hit[text_hit[0]] = 0.5
        name_hit = index.bm25_names.postings.get(t)
        if name_hit is not None:
            hit[name_hit[0]] = 1.0
        if len(cache) < 50_000:
            cache[t] = hit
    return hit


def _coverage(index: MatchIndex, toks: list[str]) -> FloatArray:
    """Per role: the share of the title's IDF mass its names (1) or task text (0.5) explain."""
    q = list(dict.fromkeys(toks))
    if not q:
        return np.ones(len(index.role_ids))
    cov = np.zeros(len(index.role_ids))
    total = 0.0
    for t in q:
        w = index.bm25_names.weight(t)
        total += w
        cov += w * _token_coverage(index, t)
    return cov / total


@dataclass
class _Signals:
    name: FloatArray
    name_which: npt.NDArray[np.intp]
    """Index into ``index.names`` of each role's closest name."""
    exact: npt.NDArray[np.bool_]
    lexical: FloatArray
    text_lexical: FloatArray
    semantic: FloatArray | None
    coverage: FloatArray
    title: FloatArray
    partial: npt.NDArray[np.bool_]
    """The role's best title reading matched only part of its name."""
    description: FloatArray
    score: FloatArray
    title_used: list[str]
    implied_partial: npt.NDArray[np.bool_]
    """The role's best title reading was a verb's agent noun ("builder" from "I build") that
    is only part of its name ("set builder")."""


def _rows_dot(vecs: npt.NDArray[np.float32], mat: npt.NDArray[np.float32]) -> FloatArray:
    """``vecs @ mat`` one row at a time: a matrix product of a few rows goes to a threaded BLAS
    kernel that costs tens of milliseconds on a busy machine; a vector product does not."""
    return np.vstack([v @ mat for v in vecs]).astype(np.float64)


def _signals(index: MatchIndex, read: _Read, use_semantic: bool) -> _Signals:
    n_roles = len(index.role_ids)
    sem = index.semantic() if use_semantic else None
    model = embed.get_embedder() if sem is not None else None

    best_title = np.zeros(n_roles)
    best_name = np.zeros(n_roles)
    best_which = np.zeros(n_roles, dtype=np.intp)
    best_cov = np.zeros(n_roles)
    best_lex = np.zeros(n_roles)
    exact = np.zeros(n_roles, dtype=bool)
    best_partial = np.zeros(n_roles, dtype=bool)
    best_implied = np.zeros(n_roles, dtype=bool)
    title_used = [""] * n_roles

    titles = read.titles
    first_exact = False
    """The first clause is a known title: later clauses list tasks, clients or tools."""

    def short_tool(text: str) -> bool:
        # A short form that also names a tool ("AE": After Effects or assistant editor) is
        # not a title on its own: the rest of the text decides.
        return len(text) <= 3 and text in index.tools

    # One batch of vectors: every title candidate, then the whole text; cosine with every name.
    vecs = role_cos = None
    if model is not None and sem is not None:
        vecs = model.encode([t.text for t in titles] + [read.folded])
        role_cos = np.maximum.reduceat(_rows_dot(vecs, sem.names_t), index.name_start, axis=1).T
    if titles:
        keys = list(
            dict.fromkeys(" ".join(sorted(x.split())) for t in titles for x in (t.text, t.bare))
        )
        rows = {k: i for i, k in enumerate(keys)}
        fuzzy = process.cdist(keys, _sorted_names(index), scorer=fuzz.ratio, dtype=np.uint8)
        for i, title in enumerate(titles):
            per_name = fz = (
                np.maximum(
                    fuzzy[rows[" ".join(sorted(title.text.split()))]],
                    fuzzy[rows[" ".join(sorted(title.bare.split()))]],
                )
                / 100.0
            )
            bare_toks = tokens(title.bare)
            per_name = np.maximum(per_name, _overlap(index, title.toks))
            if title.bare != title.text:
                per_name = np.maximum(per_name, _overlap(index, bare_toks))
            hit = np.zeros(n_roles, dtype=bool)
            for key in (title.text, title.bare):
                if short_tool(key) and len(read.titles) > 1:
                    continue
                for r in index.exact.get(key, ()):
                    hit[r] = not title.implied
            name, which = _per_role_argmax(index, per_name)
            name = np.where(hit, 1.0, name)
            lex = index.bm25_names.scores(title.toks)
            cov = np.maximum(_coverage(index, title.toks), _coverage(index, bare_toks))
            cov = np.where(hit, 1.0, cov)
            if role_cos is not None:
                semv = np.clip((role_cos[:, i] - COS_FLOOR) / COS_SPAN, 0.0, 1.0)
                w_name, w_lex, w_sem = TITLE_WEIGHTS
            else:
                semv = np.zeros(n_roles)
                w_name, w_lex, w_sem = NO_SEMANTIC_TITLE
            blended = (w_name * name + w_lex * lex + w_sem * semv) * (0.35 + 0.65 * cov)
            # A title that is only part of a name ("graphic designer" in "motion graphics
            # designer") is not a confident match: the missing words defined the role.
            q = set(title.toks) | set(bare_toks)
            matched = _matched_weight(index, q)
            full = np.maximum.reduceat(
                matched >= index.name_weight - 1e-9, index.name_start
            ) & ~np.maximum.reduceat(index.name_weight <= 0, index.name_start)
            share = 1.0 - matched[which] / np.maximum(index.name_weight[which], 1e-9)
            # A spelling variant of the whole name ("line prod") is not a partial match.
            # (one word a letter or two from a name is another word: "light" is not "lighter")
            n_title = len(title.bare.split())
            variant = (
                (fz[which] >= SPELLING_VARIANT) & (n_title > 1) & (index.name_len[which] <= n_title)
            )
            partial = ~(hit | full) & (share > 1e-9) & ~variant
            penalty = np.where(share >= PARTIAL_MISSING, 1.0 - PARTIAL_STRENGTH * share, 1.0)
            blended = np.where(partial, np.minimum(blended * penalty, PARTIAL_CAP), blended)
            if title.segment == 0 and hit.any() and not short_tool(title.bare):
                first_exact = True
            if title.implied:
                # A verb is weaker evidence than a title the person wrote ("I cut the score").
                blended = blended * IMPLIED_FACTOR
            elif (read.description or first_exact) and title.segment > 0:
                # In a description, a later clause is usually an object ("... for the DP").
                blended = blended * LATER_CLAUSE_FACTOR
            else:
                blended = np.where(hit, np.maximum(blended, 0.97), blended)
            if not title.implied and n_title == 1 and title.bare not in index.exact:
                # One word that is only the base of a name ("light" of "lighter", "model" of
                # "modeller") meets it through the stemmer; it may be a noun or a verb, not
                # the title, so it weighs as a verb would.
                base_of = [r for f in _agent_forms(title.bare) for r in index.exact.get(f, ())]
                if base_of:
                    blended[base_of] = blended[base_of] * IMPLIED_FACTOR
            blended = blended - 0.02 * title.rank
            better = blended > best_title
            best_title = np.where(better, blended, best_title)
            best_name = np.where(better, name, best_name)
            best_which = np.where(better, which, best_which)
            best_cov = np.where(better, cov, best_cov)
            best_lex = np.where(better, lex, best_lex)
            exact |= hit & better
            best_partial = np.where(better, partial, best_partial)
            best_implied = np.where(better, title.implied, best_implied)
            for rr in np.nonzero(better)[0].tolist():
                title_used[rr] = title.bare if title.bare in index.exact else title.text

    # The whole text read as a description of the work.
    all_toks = tokens(read.folded)
    text_lex = index.bm25_text.scores(all_toks)
    names_lex = index.bm25_names.scores(all_toks)
    semantic: FloatArray | None = None
    if model is not None and sem is not None:
        assert role_cos is not None and vecs is not None
        cos_roles = sem.roles @ vecs[-1]
        semantic = np.clip(
            (np.maximum(cos_roles, role_cos[:, -1]) - COS_FLOOR) / COS_SPAN, 0.0, 1.0
        )
        w_name, w_lex, w_sem = DESCRIPTION_WEIGHTS
    else:
        w_name, w_lex, w_sem = NO_SEMANTIC_DESCRIPTION
    lexical = np.maximum(text_lex, 0.5 * (text_lex + names_lex))
    desc = (
        w_name * best_name
        + w_lex * np.sqrt(lexical)
        + w_sem * (semantic if semantic is not None else 0.0)
    )
    desc = desc * (0.5 + 0.5 * _coverage(index, all_toks)) * 0.9
    # One or two words are a title, not a description: the description reading of a single
    # word that happens to occur in some role's task text ("teacher") is weak evidence.
    n_words = len(set(all_toks))
    screen = bool(set(read.folded.split()) & SCREEN_WORDS)
    desc = desc * (SHORT_DESCRIPTION[n_words] if n_words < len(SHORT_DESCRIPTION) else 1.0)
    score = np.maximum(best_title, desc)
    # Words that nothing in the pack uses ("dental", "funeral", "law firm") count against every
    # role; less so when the title itself is a known one.
    u = read.unexplained
    score = score * np.where(exact, 1.0 - 0.2 * u, 1.0 - 0.6 * u)
    if read.corrections:
        score = score * CORRECTED_FACTOR
    return _Signals(
        name=best_name,
        name_which=best_which,
        exact=exact,
        lexical=np.maximum(best_lex, lexical),
        text_lexical=text_lex,
        semantic=semantic,
        coverage=best_cov,
        title=best_title,
        # For a bare title, the description reading does not rescue a partial name.
        partial=best_partial
        & (
            # "I work in IT support": two words, nothing says film; "I do hair for films" is
            # a description of film work, where part of a title is the normal case.
            ((n_words <= 2) & (not (read.description and screen)))
            | ((not read.description) & (n_words <= 3) & (len(read.segments) <= 1))
        ),
        description=desc,
        score=np.clip(score, 0.0, 1.0),
        title_used=title_used,
        implied_partial=best_partial & best_implied & (best_title >= desc),
    )


# --- explaining -------------------------------------------------------------------------------


def _why(
    index: MatchIndex,
    sig: _Signals,
    r: int,
    read: _Read,
    semantic_note: str | None,
    unknown: bool = False,
) -> str:
    parts: list[str] = []
    if unknown:
        name = index.names[int(sig.name_which[r])]
        return f"nearest title '{name}'; score too low to be a match"
    name = index.names[int(sig.name_which[r])]
    if sig.exact[r]:
        parts.append(f"'{sig.title_used[r]}' is a known title for this role")
    elif sig.name[r] >= 0.6:
        parts.append(f"close to the title '{name}' ({sig.name[r]:.0%})")
    if sig.text_lexical[r] >= 0.15:
        parts.append("the words match its tasks and description")
    if sig.semantic is not None and sig.semantic[r] >= 0.5:
        parts.append(f"similar in meaning ({sig.semantic[r]:.0%})")
    if sig.coverage[r] < 0.6 and not sig.exact[r]:
        parts.append("some words of the title are not used for this role")
    if read.corrections:
        fixed = ", ".join(f"'{a}' as '{b}'" for a, b in list(read.corrections.items())[:3])
        parts.append(f"read {fixed}")
    if semantic_note:
        parts.append(semantic_note)
    if not parts:
        parts.append(f"nearest title '{name}'")
    return "; ".join(parts)


# --- tools and task lines ---------------------------------------------------------------------


def _tools(index: MatchIndex, read: _Read) -> list[ToolMention]:
    if index.tool_re is None:
        return []
    found: dict[str, list[str]] = {}
    text = fold(read.query)
    for m in index.tool_re.finditer(text):
        phrase = m.group(1)
        found.setdefault(phrase, [])
        for tid in index.tools[phrase]:
            if tid not in found[phrase]:
                found[phrase].append(tid)
    # Drop a phrase that is part of a longer one found too ("runway" inside "runway gen 4").
    kept = {p: ids for p, ids in found.items() if not any(p != q and p in q for q in found)}
    return [ToolMention(text=p, tools=_tool_order(index, p, ids)) for p, ids in kept.items()]


def _tool_order(index: MatchIndex, phrase: str, ids: list[str]) -> list[str]:
    """The tools a phrase names, the product it names outright first: a tool whose own name or
    alias is the phrase, then the shortest names ('Resolve' is DaVinci Resolve before one of
    its features)."""
    names: dict[str, str] = getattr(index, "_tool_names", {})

    def key(tool_id: str) -> tuple[bool, int]:
        own = names.get(tool_id) or tool_id
        return f"|{phrase}|" not in own, len(own)

    return sorted(ids, key=key)


TASK_LINE_SCORE = 45.0
NEARBY_ROLES = 6


def _task_lines(
    pack: KnowledgePack,
    index: MatchIndex,
    read: _Read,
    role_ids: list[str],
    nearby: list[str],
    title: str,
    tools: list[ToolMention],
) -> list[TaskLineMatch]:
    """Each clause of the text that is not the title, not only context words and not only tool
    names, matched to the known tasks of the matched role(s), else of the nearby roles."""
    from reelshift.matching.tasks import match_task

    skip = set(title.split()) | {w for t in tools for w in t.text.split()}
    skip |= {"use", "uses", "using", "tools", "tool", "software"}
    out: list[TaskLineMatch] = []
    for seg in read.segments[:MAX_TASK_LINES]:
        content = [w for w in strip_context(seg).split() if w not in STOPWORDS and w != "/"]
        if not content or all(w in skip for w in content):
            continue
        if years_in(seg) is not None and len(content) <= 3:
            continue  # "20 years in": context, not a task
        hits = match_task(pack, seg, role_ids) if role_ids else []
        if (not hits or hits[0][1] < TASK_LINE_SCORE) and nearby:
            hits = match_task(pack, seg, nearby)
        if hits and hits[0][1] >= TASK_LINE_SCORE:
            tid, score = hits[0]
            _, task = pack.task(tid)
            out.append(
                TaskLineMatch(
                    text=seg, task=tid, statement=" ".join(task.statement.split()), score=score
                )
            )
        else:
            out.append(TaskLineMatch(text=seg))
    return out


# --- the matcher ------------------------------------------------------------------------------


# Settings that place a job outside film and video, and words that bring it back in. A title that
# names one of the first and none of the second is not film work: "hairdresser in a salon" is not
# a hair stylist on a film, even though both share the word.
OTHER_SETTINGS = frozenset(
    """salon salons barbershop barber spa hospital hospitals clinic clinics ward nursing
    domestic residential household homes restaurant restaurants kitchen kitchens cafe hotel hotels
    retail supermarket warehouse factory construction plumbing wiring school schools classroom
    pharmacy dental dentist bank banking airline airport farm church gym dealership
    newspaper newspapers paper magazine print plant mine firm logistics""".split()
)
SCREEN_WORDS = frozenset(
    """film films filming filmmaking filmmaker movie movies cinema tv telly television series
    episodic feature features set sets shoot shoots shooting productions studio
    studios vfx post postproduction commercials advert adverts music video videos documentary
    documentaries docs broadcast theatre theater stage animation animated games streaming
    netflix hbo bbc camera cameras youtube footage festival screen drama dramas sitcom sitcoms
    soap soaps shorts episodes trailer trailers""".split()
)
CLEAR_SCORE = 0.55
"""A role this good that leads by CLEAR_MARGIN is analysed: the lead, not the absolute score,
says the reading is right (set on the development sets)."""
CLEAR_MARGIN = 0.12
LEAD_RATIO = 0.8
"""...or, below CLEAR_SCORE, when the next role scores at most this share of the best."""
WIDE_LEAD_RATIO = 0.75
"""A lead of CONFIDENT_MARGIN is enough when the next role scores at most this share of the
best (a description's scores run low; set on the development sets)."""
LONG_TEXT_WORDS = 3
"""A text of this many telling words is read with the description floor: its words spread over
task text, so its scores run lower than a bare title's."""
RIVALS_LOOKED_AT = 6
"""The best role and the next five are weighed; a real rival further down is no near-tie."""
SIMILAR_FLOOR = 0.60
"""Near-ties between roles whose analyses would be the same are analysed from this score."""
TOOL_EVIDENCE = 0.10
"""Score added to a role whose tasks link a tool the text names (shared among the roles that
link it: a tool many crafts use says little about which one)."""
MAX_PARTS = 4
MAX_HYBRID_ROLES = 3
HYBRID_WINDOW = 0.2
"""A craft of a hybrid scores at most this much below the best role for the whole text."""
PART_SCORE = 0.55
"""A part of a hybrid must name its craft this clearly on its own."""


def _outside_screen(folded: str) -> bool:
    found = set(folded.split())
    return bool(found & OTHER_SETTINGS) and not found & SCREEN_WORDS


UNEXPLAINED_ELSEWHERE = 0.25
"""Share of words no role, task or tool uses, from which a title reads as work elsewhere when
the film word of the name it matched is missing ("marketing manager at a SaaS company")."""


def _screen_word_missing(index: MatchIndex, ranked: _Ranked) -> bool:
    """The best role was reached through a name whose screen word ("film accountant") the text
    does not have, the text has no screen word at all, and much of it is not film vocabulary."""
    read, sig = ranked.read, ranked.sig
    top = int(ranked.order[0])
    if sig.exact[top] or read.unexplained < UNEXPLAINED_ELSEWHERE:
        return False
    said = set(read.folded.split())
    name = set(index.names[int(sig.name_which[top])].split())
    # In a name, "production" is the film production ("production lawyer", "production
    # accountant"); in a text it may be any ("production line"), so it only counts here.
    return not said & SCREEN_WORDS and bool(name & (SCREEN_WORDS | {"production"}))


@dataclass
class _Ranked:
    read: _Read
    sig: _Signals
    order: npt.NDArray[np.intp]
    tools: list[ToolMention]
    semantic_note: str | None
    sem_ok: bool


def _tool_roles(pack: KnowledgePack, index: MatchIndex) -> dict[str, list[int]]:
    """Tool id -> the roles whose tasks link it (pack data: ``tasks[].tools``)."""
    cached = getattr(index, "_tool_roles", None)
    if cached is None:
        cached = {}
        for r, rid in enumerate(index.role_ids):
            for task in pack.roles[rid].tasks:
                for link in task.tools:
                    owners = cached.setdefault(link.tool, [])
                    if r not in owners:
                        owners.append(r)
        index._tool_roles = cached  # type: ignore[attr-defined]
    return cached


def _rank(
    pack: KnowledgePack,
    index: MatchIndex,
    read: _Read,
    tools: list[ToolMention] | None = None,
) -> _Ranked:
    """Score every role for the text; ``tools``, when given, are the tools already found in
    the whole text (a part of a hybrid is scored with them, not searched again)."""
    sem_ok = index.semantic() is not None
    semantic_note = None if sem_ok else (embed.unavailable_reason() or "no semantic model")
    sig = _signals(index, read, sem_ok)
    if tools is None:
        tools = _tools(index, read) if read.query.strip() else []
    if tools:
        # Tools named in the text are evidence for the crafts whose tasks use them.
        links = _tool_roles(pack, index)
        boost = np.zeros(len(index.role_ids))
        for mention in tools:
            owners = sorted({r for tid in mention.tools for r in links.get(tid, [])})
            if owners:
                boost[owners] = np.maximum(boost[owners], TOOL_EVIDENCE / np.sqrt(len(owners)))
        if boost.any():
            sig.score = np.clip(sig.score + boost * (sig.score > 0.2), 0.0, 1.0)
    order = np.argsort(-sig.score, kind="stable")
    if len(order) > 1:
        first, second = int(order[0]), int(order[1])
        if sig.score[second] >= sig.score[first] - CONFIDENT_MARGIN and (
            _rest_decides(index, read, sig, second, first)
            or _other_rung(index, read, sig, second, first)
        ):
            # Two roles met the text through the same name ("mixer") and the rest of the text
            # describes the second one's work ("radio mics"), or the first is another rung the
            # text does not say ("I write": a writer, not a writers' assistant): the second
            # leads, at the same score.
            sig.score[second] = sig.score[first]
            order[0], order[1] = second, first
    return _Ranked(read, sig, order, tools, semantic_note, sem_ok)


def _decide(
    pack: KnowledgePack, index: MatchIndex, ranked: _Ranked, part: bool = False
) -> tuple[str, list[int], float]:
    """Status, the roles to show, and a confidence in [0, 1].

    Analyse the best role when it leads clearly (a high score and a margin, or a good score and
    a wide margin), or when every role close to it would give the same analysis; ask when the
    near-tie matters; ``unknown`` below the floor."""
    sig, order, read = ranked.sig, ranked.order, ranked.read
    top = int(order[0])
    s1 = float(sig.score[top])

    def no_tie(r: int) -> bool:
        # A rival that met only a generic part of the best role's name, a name on another
        # rung the text does not say, or the same name when the rest of the text decides; or
        # that was reached only through the agent noun of a verb that is part of its name
        # ("set builder" for "I build 3D models") when the best role was not.
        return (
            (bool(sig.implied_partial[r]) and not sig.implied_partial[top])
            or _generic_head(index, sig, top, r)
            or _other_rung(index, read, sig, top, r)
            or _rest_decides(index, read, sig, top, r)
        )

    # The lead is taken over the next role that is a real rival.
    s2 = next(
        (float(sig.score[int(r)]) for r in order[1:RIVALS_LOOKED_AT] if not no_tie(int(r))),
        0.0,
    )
    margin = s1 - s2
    n_words = len(set(tokens(read.folded)))
    floor = (
        KNOWN_DESCRIPTION_SCORE if read.description or n_words >= LONG_TEXT_WORDS else KNOWN_SCORE
    )
    confidence = round(min(1.0, s1) * (0.5 + 0.5 * min(1.0, margin / CLEAR_MARGIN)), 3)
    if s1 < floor:
        return "unknown", [int(r) for r in order[:3]], round(min(confidence, 0.3), 3)
    close = [int(r) for r in order[:5] if sig.score[int(r)] >= s1 - AMBIGUOUS_WINDOW]
    shared = bool(sig.exact[top]) and int(np.count_nonzero(sig.exact)) > 1
    clear = (
        (s1 >= CONFIDENT_SCORE and margin >= CONFIDENT_MARGIN and not shared)
        or (margin >= CLEAR_MARGIN and (s1 >= CLEAR_SCORE or s2 <= LEAD_RATIO * s1))
        # A description's scores run low (its words spread over task text), so a lead is
        # judged relative to the best: the next role at most this share of it.
        or (margin >= CONFIDENT_MARGIN and s2 <= WIDE_LEAD_RATIO * s1)
    )
    # A title that is only part of a role's name ("graphic designer") is asked about, however
    # far it leads: the missing words defined the role.
    partial = bool(sig.partial[top]) and not part
    clear = clear and not partial
    if not clear and s1 >= SIMILAR_FLOOR and not partial:
        rivals = [r for r in close if r != top and sig.score[r] >= s1 - CONFIDENT_MARGIN]
        if shared:
            rivals += [r for r in np.nonzero(sig.exact)[0].tolist() if r != top]
        rivals = [r for r in rivals if not no_tie(r)]
        ids = index.role_ids
        if all(same_analysis(pack, ids[top], ids[r]) for r in rivals):
            clear = True
            confidence = max(confidence, round(0.7 * s1, 3))
    if clear:
        return "confident", close, confidence
    return "ambiguous", close if len(close) >= 2 else [int(r) for r in order[:2]], confidence


RANK_WORDS = frozenset({"assistant", "trainee", "second", "third", "associate", "apprentice"})
"""Words that put a name on another rung of the same craft ("writers' assistant", "second
assistant director"): low in IDF, because many crafts have them, but they change the job."""


def _other_rung(index: MatchIndex, read: _Read, sig: _Signals, top: int, other: int) -> bool:
    """Whether ``other`` was reached through a name with a rung word ("assistant") that the
    text does not say and the best role's name does not have: "I write scripts for tv" names a
    writer, not a writers' assistant. Such a rival is no real tie."""
    said = set(read.folded.split())
    # The role's own title says the rung ("Writers' assistant ..."); a role that merely has an
    # assistant grade among its aliases ("casting assistant") is not another rung.
    theirs = set(index.names[int(index.name_start[other])].split()) & RANK_WORDS
    theirs &= set(index.names[int(sig.name_which[other])].split())
    mine = set(index.names[int(sig.name_which[top])].split()) & RANK_WORDS
    return bool(theirs - said - mine)


DESCRIPTION_LEAD = 0.15
"""How much better the rest of the text must fit the best role, as a description, to settle a
tie between two roles reached through the same name ("mixer", "DP")."""


def _rest_decides(index: MatchIndex, read: _Read, sig: _Signals, top: int, other: int) -> bool:
    """Whether two roles met the text through the same name and the rest of the text reads
    clearly as the best one's work: "I mix films in Atmos" is a re-recording mixer, though
    "mixer" is also a production sound mixer's name."""
    name = index.names[int(sig.name_which[top])]
    if name != index.names[int(sig.name_which[other])]:
        return False
    if len(set(tokens(read.folded))) <= len(name.split()):
        return False  # nothing but the name: no rest to decide
    return float(sig.description[top] - sig.description[other]) >= DESCRIPTION_LEAD


GENERIC_HEAD_NAME = 0.9
"""How close the best role's name must be to the text for a rival matching only a part of it
to be dropped from the near-tie."""


def _generic_head(index: MatchIndex, sig: _Signals, top: int, other: int) -> bool:
    """Whether ``other`` only matched a part of the title that names ``top`` exactly: "editor"
    in "online editor", "mixer" in "re-recording mixer". Such a rival is no real tie, even
    when its part was written on its own ("editor" in "shooter/editor", a videographer's
    name)."""
    if sig.name[top] < GENERIC_HEAD_NAME or (sig.exact[other] and not sig.exact[top]):
        return False
    mine = set(tokens(index.names[int(sig.name_which[top])]))
    theirs = set(tokens(index.names[int(sig.name_which[other])]))
    return bool(theirs) and theirs < mine


def _craft_unexplained(index: MatchIndex, read: _Read) -> float:
    """Share of the words that could name the craft (not stopwords, context, settings or screen
    words) that nothing in the pack uses."""
    craft = [
        w
        for w in words(strip_context(read.folded))
        if w not in STOPWORDS
        and w not in SETTING_WORDS
        and w not in SCREEN_WORDS
        and w.isalpha()
        and w not in _PLAIN_VERBS
    ]
    if not craft:
        return 0.0
    return sum(w not in index.film_words for w in craft) / len(craft)


def _has_craft_words(index: MatchIndex, text: str, tools: list[ToolMention]) -> bool:
    """Whether a part of the text has words that may name a craft, beyond context and tools."""
    tool_words = {w for t in tools for w in t.text.split()}
    content = [
        w
        for w in words(strip_context(fold(text)))
        if w not in STOPWORDS and w not in tool_words and w not in _PLAIN_VERBS and not w.isdigit()
    ]
    # Settings and screen words ("corporate videos", "features") are no craft of their own.
    return any(
        w in index.film_words and w not in SETTING_WORDS and w not in SCREEN_WORDS for w in content
    )


def _role_words(index: MatchIndex, r: int) -> frozenset[str]:
    """The folded words of a role's titles and aliases, unstemmed."""
    cache: dict[int, frozenset[str]] = index.__dict__.setdefault("_role_words", {})
    found = cache.get(r)
    if found is None:
        found = frozenset(
            w for n in index.names[index.name_start[r] : _name_end(index, r)] for w in n.split()
        )
        cache[r] = found
    return found


def _said_literally(index: MatchIndex, text: str, r: int) -> bool:
    """Whether a part of a list of nouns names the role in its own words, or as an activity
    ("grading", "compositing"): the stemmer meets "model" and "modeller", but a model is not a
    modeller, so a noun that only shares a stem with the role's names does not make a hybrid."""
    own = _role_words(index, r)
    return any(w in own or w.endswith("ing") for w in fold(text).split() if w not in STOPWORDS)


def _hybrid(
    pack: KnowledgePack, index: MatchIndex, ranked: _Ranked
) -> list[tuple[int, float]] | None:
    """Several crafts in one description: each part that names a craft clearly on its own gives
    a role; two or more different roles make a mixed analysis, with the parts' weights."""
    pieces = parts(ranked.read.query)
    if len(pieces) < 2:
        return None
    found: dict[int, tuple[float, bool]] = {}
    tried = 0
    # A later part starts with a verb only in a text that is read as verbs ("I write and
    # direct", "cut trailers and grade"), not in a list of nouns ("actor and model").
    verbal = any(t.implied for t in ranked.read.titles)
    for k, piece in enumerate(pieces):
        if not _has_craft_words(index, piece.text, ranked.tools):
            continue
        tried += 1
        if tried > MAX_PARTS:
            break
        own = [t for t in ranked.tools if t.text in fold(piece.text)]
        sub = _rank(pack, index, _read(index, piece.text, verbs=verbal or k == 0), own)
        status, _, _ = _decide(pack, index, sub, part=True)
        top = int(sub.order[0])
        if status != "confident" or float(sub.sig.score[top]) < PART_SCORE:
            continue
        if not (verbal or _said_literally(index, piece.text, top)):
            continue
        weight, explicit = found.get(top, (0.0, False))
        found[top] = (weight + piece.weight, explicit or piece.explicit)
    # Each craft of a hybrid must also be close to the best reading of the whole text: a part
    # such as "I clean up" or "I cut the score" is part of one craft's work, not another craft.
    best = float(ranked.sig.score[int(ranked.order[0])])
    found = {r: v for r, v in found.items() if ranked.sig.score[r] >= best - HYBRID_WINDOW}
    if len(found) < 2:
        return None
    kept = sorted(found.items(), key=lambda kv: -kv[1][0])[:MAX_HYBRID_ROLES]
    share = shares([w for _, (w, _) in kept], [e for _, (_, e) in kept])
    return [(r, s) for (r, _), s in zip(kept, share, strict=True)]


def named_tools(pack: KnowledgePack, res: MatchResult) -> list[str]:
    """The tools the text names, as the plan can say them back ("you already use ..."): the
    pack's product name when the words name the product, else the person's own words (when the
    pack only holds features of that product, 'Resolve' is not 'Resolve Magic Mask')."""
    index = get_index(pack)
    names: dict[str, str] = getattr(index, "_tool_names", {})
    out: list[str] = []
    for mention in res.tools:
        first = mention.tools[0] if mention.tools else ""
        if first in pack.tools and f"|{mention.text}|" in names.get(first, ""):
            out.append(pack.tools[first].name)
            continue
        m = re.search(re.escape(mention.text).replace(r"\ ", r"[\s-]+"), res.query, re.I)
        written = m.group(0) if m else mention.text
        out.append(written if any(ch.isupper() for ch in written) else written.title())
    return list(dict.fromkeys(out))


def _title_of(title: str) -> str:
    """A role title as it reads inside a sentence: 'Colourist (DI and grading)' -> 'colourist
    (DI and grading)', acronyms kept."""
    first, _, rest = title.partition(" ")
    if not first.isupper():
        first = first[:1].lower() + first[1:]
    return f"{first} {rest}".strip()


def _understood(res: MatchResult, pack: KnowledgePack) -> str:
    if res.status == "unknown" or not res.mix:
        return ""
    if len(res.mix) == 1:
        head = f"Read as {_title_of(res.mix[0].title)}"
    else:
        head = "Read as a mix: " + ", ".join(
            f"{_title_of(m.title)} {round(m.share * 100)} %" for m in res.mix
        )
    context = [
        x
        for x in (
            res.seniority.value if res.seniority else None,
            res.employment,
            res.sector.replace("-", " ") if res.sector else None,
            res.region,
        )
        if x
    ]
    names = named_tools(pack, res)
    if names:
        context.append("uses " + ", ".join(dict.fromkeys(names)))
    text = head + (", " + ", ".join(context) if context else "")
    chosen = {m.role for m in res.mix}
    others = [c for c in res.candidates if c.role not in chosen][:2]
    if others:
        text += "; also close: " + ", ".join(_title_of(c.title) for c in others)
    return text + ". Re-run with --role to change."


def match_text(pack: KnowledgePack, text: str, limit: int = 5) -> MatchResult:
    """Understand one free-text description of someone's work. Never raises on odd text."""
    index = get_index(pack)
    read = _read(index, text if isinstance(text, str) else str(text))
    folded_query = fold(read.query) if read.query else ""
    seniority, employment, sector = extract_words(folded_query) if read.query else (None,) * 3
    seniority = seniority or level_from_text(read.query)

    def result(status: str, cands: list[RoleCandidate], title: str, semantic: bool) -> MatchResult:
        return MatchResult.model_validate(
            {
                "query": read.query,
                "status": status,
                "candidates": cands,
                "title": title,
                "seniority": seniority,
                "employment": employment,
                "sector": sector,
                "region": region_in(folded_query),
                "years": years_in(read.query),
                "tools": [],
                "tasks": [],
                "semantic": semantic,
                "notes": read.notes,
            }
        )

    if not read.query.strip():
        read.notes.append("the text is empty: describe your work, e.g. 'DI colourist'")
        res = result("unknown", [], "", False)
        res.reason = "unreadable"
        return res
    why_unreadable = unreadable(read.query, words(folded_query))
    if why_unreadable or (not read.titles and not tokens(read.folded)):
        read.notes.append(
            (why_unreadable or "no words were found to match")
            + "; describe your work in a few words, e.g. 'boom operator on features'"
        )
        res = result("unknown", [], "", False)
        res.reason = "unreadable"
        return res

    ranked = _rank(pack, index, read)
    if ranked.semantic_note:
        read.notes.append(
            ranked.semantic_note + "; matched on titles, fuzzy and lexical signals only"
        )
    sig, order = ranked.sig, ranked.order
    status, shown, confidence = _decide(pack, index, ranked)
    elsewhere = _outside_screen(read.folded) or _screen_word_missing(index, ranked)
    mix: list[tuple[int, float]] = []
    if not elsewhere:
        hybrid = _hybrid(pack, index, ranked)
        if hybrid:
            mix = hybrid
            status = "confident"
            confidence = max(confidence, 0.6)
            shown = [r for r, _ in mix] + [r for r in shown if r not in {r for r, _ in mix}]
        elif status == "confident":
            mix = [(int(order[0]), 1.0)]
    if status == "ambiguous" and not elsewhere and _craft_unexplained(index, read) >= 0.5:
        # Film words around a craft the pack does not know ("animal wrangler for film and
        # TV"): the roles offered would only share the setting, not the work.
        status, confidence = "unknown", min(confidence, 0.3)
        shown = [int(r) for r in order[:3]]
    if elsewhere:
        # The text places the work outside film and video: say so, analyse nothing.
        status, mix, confidence = "unknown", [], min(confidence, 0.3)
        shown = [int(r) for r in order[:3]]
    cands = []
    for r in shown[:limit]:
        role = pack.roles[index.role_ids[r]]
        sig_values = {
            "name": round(float(sig.name[r]), 3),
            "lexical": round(float(sig.lexical[r]), 3),
            "coverage": round(float(sig.coverage[r]), 3),
        }
        if sig.semantic is not None:
            sig_values["semantic"] = round(float(sig.semantic[r]), 3)
        cands.append(
            RoleCandidate(
                role=role.id,
                title=role.title,
                score=round(float(sig.score[r]) * 100, 1),
                soc=list(role.soc.codes),
                why=_why(index, sig, r, read, ranked.semantic_note, status == "unknown"),
                signals=sig_values,
            )
        )
    top = int(order[0])
    title = sig.title_used[top] or (read.titles[0].text if read.titles else "")
    res = result(status, cands, title, ranked.sem_ok)
    res.confidence = confidence
    res.tools = ranked.tools
    if status == "unknown":
        film = bool(set(read.folded.split()) & SCREEN_WORDS) and not elsewhere
        res.reason = "not-covered" if film else "outside-film"
        if film:
            res.notes.append(
                "this reads as film or video work the pack does not cover yet; the nearest "
                "crafts are listed"
            )
        else:
            res.notes.append(
                "this reads as work outside film and video, which ReelShift does not analyse"
            )
        return res
    # A short form the winning role claims as its own title is not a tool mention too
    # ("AE" for an assistant editor is not After Effects).
    own = set(index.names[index.name_start[top] : _name_end(index, top)])
    res.tools = [t for t in res.tools if t.text not in own]
    res.mix = [
        RoleShare(role=index.role_ids[r], title=pack.roles[index.role_ids[r]].title, share=s)
        for r, s in mix
    ]
    scope = [m.role for m in res.mix] or [c.role for c in cands]
    nearby = [index.role_ids[int(r)] for r in order[:NEARBY_ROLES]]
    res.tasks = _task_lines(pack, index, read, scope, nearby, title, res.tools)
    res.understood = _understood(res, pack)
    return res


def _name_end(index: MatchIndex, r: int) -> int:
    return int(index.name_start[r + 1]) if r + 1 < len(index.name_start) else len(index.names)


# --- older entry points -----------------------------------------------------------------------


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


def match_title(pack: KnowledgePack, text: str, limit: int = 5) -> TitleMatch:
    """``match_text`` in the older shape (kept for callers written against it)."""
    res = match_text(pack, text, limit)
    return TitleMatch(
        res.status,
        [Candidate(c.role, c.score, c.why) for c in res.candidates],
        res.seniority.value if res.seniority else None,
        res.employment,
        res.sector,
        res.title,
    )


def suggest_roles(pack: KnowledgePack, text: str, limit: int = 3) -> list[str]:
    """Closest role ids to an unknown id or title, for error messages."""
    ids = list(pack.roles)
    folded = fold(text).replace(" ", "-")
    hits = process.extract(folded, ids, scorer=fuzz.WRatio, limit=limit)
    return [ids[i] for _, _, i in hits]
