"""Match indexes, built once per pack and kept in ``pack.derived``.

Everything the ranking signals need is computed here from the pack's roles, tasks and tools:
the folded titles and aliases (for exact and fuzzy matching), token postings over them (for
word overlap), BM25 over titles and aliases and over descriptions and task statements, the
pack's vocabulary (for typo correction and for telling film words from others), the tool names,
and — only when first asked for — the embedding vectors of all of these.
"""

from __future__ import annotations

import re
import threading
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from reelshift.kb.loader import KnowledgePack
from reelshift.matching import embed
from reelshift.matching.bm25 import BM25
from reelshift.matching.normalize import (
    EMPLOYMENT_WORDS,
    SECTOR_WORDS,
    SENIORITY_WORDS,
    SETTING_WORDS,
    STOPWORDS,
    fold,
    tokens,
    words,
)

INDEX_KEY = "match_index"
_BUILD_LOCK = threading.Lock()

# Words too common in tool names to name a tool on their own.
_TOOL_STOP_TEXT = """ai pro studio the and with of open beta alpha turbo engine neural generative
    automatic video image text speech audio tools tool machine learning nodes feature model
    models studio
    detection search mask magic flow dream machine green screen smart reframe translate
    translator switch light content aware fill after effects upscale deblur generate error
    enhance dual intelligence launched pixel segment stable magnetic podcast matcher leveler
    reframing wonder eleven cmos wan sam gpt bard flux"""
# Tool words that are also everyday film words, kept because people name the product by them.
_TOOL_BRANDS = frozenset({"nuke", "resolve", "runway", "photoshop", "premiere", "copycat"})
_TOOL_STOP = frozenset(_TOOL_STOP_TEXT.split())


# Brand names that are mostly used in another sense ("a Netflix show", "I google it").
_VENDOR_STOP = frozenset(
    {"netflix", "google", "meta", "sony", "canon", "apple", "amazon", "flawless"}
)


@dataclass
class SemanticIndex:
    names_t: npt.NDArray[np.float32]
    """One unit vector per entry of ``MatchIndex.names``, as columns (``vecs @ names_t`` is
    the fast way round for a few query vectors)."""
    roles: npt.NDArray[np.float32]
    """One unit vector per role: its title and description."""
    _tasks: npt.NDArray[np.float32] | None = None

    def tasks(self) -> npt.NDArray[np.float32]:
        """One unit vector per entry of ``MatchIndex.task_ids``, computed on first use."""
        if self._tasks is None:
            model = embed.get_embedder()
            assert model is not None
            self._tasks = model.encode(self._task_texts)
        return self._tasks

    _task_texts: list[str] = field(default_factory=list)


@dataclass
class MatchIndex:
    role_ids: list[str]
    names: list[str]
    """Folded titles, aliases and ids of every role, grouped by role (see ``name_start``)."""
    name_role: npt.NDArray[np.intp]
    name_start: npt.NDArray[np.intp]
    """Index of each role's first entry in ``names`` (for per-role maxima)."""
    name_pos: npt.NDArray[np.intp]
    """0, 1, 2, ... over ``names`` (kept to avoid re-allocating it per query)."""
    name_tokens: list[frozenset[str]]
    name_weight: npt.NDArray[np.float64]
    """IDF mass of each name's tokens."""
    token_names: dict[str, npt.NDArray[np.intp]]
    """Stemmed token -> the names that contain it."""
    exact: dict[str, set[int]]
    """Folded name -> role indexes."""
    shared: set[str]
    """Folded names that more than one role claims (ambiguous by design, e.g. 'dp')."""
    role_name_tokens: list[frozenset[str]]
    bm25_names: BM25
    bm25_text: BM25
    vocab: frozenset[str]
    """Every folded word of the pack's role, task and tool text."""
    film_words: frozenset[str]
    """Words that say 'film and video': in a title or alias, or in the text of two roles."""
    name_len: npt.NDArray[np.intp]
    """Number of distinct tokens of each name."""
    vocab_list: list[str]
    tools: dict[str, list[str]]
    """Folded tool phrase -> tool ids."""
    tool_re: re.Pattern[str] | None
    task_ids: list[str]
    task_role: npt.NDArray[np.intp]
    task_texts: list[str]
    bm25_tasks: BM25
    coverage_cache: dict[str, npt.NDArray[np.float64]] = field(default_factory=dict)
    _semantic: SemanticIndex | None = None
    _semantic_tried: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def role_mask(self, role_ids: list[str]) -> npt.NDArray[np.bool_]:
        wanted = [self.role_ids.index(r) for r in role_ids if r in self.role_ids]
        return np.isin(self.task_role, np.array(wanted, dtype=np.intp))

    def semantic(self) -> SemanticIndex | None:
        """The embedding vectors, computed on first use; None without the model."""
        if self._semantic_tried:
            return self._semantic
        with self._lock:
            if not self._semantic_tried:
                model = embed.get_embedder()
                if model is not None:
                    self._semantic = SemanticIndex(
                        names_t=np.ascontiguousarray(model.encode(self.names).T),
                        roles=model.encode(self._role_texts),
                        _task_texts=self.task_texts,
                    )
                self._semantic_tried = True
        return self._semantic

    _role_texts: list[str] = field(default_factory=list)


def _role_names(role_id: str, title: str, aliases: list[str]) -> list[str]:
    out: list[str] = []
    raw = [title, role_id.replace("-", " "), *aliases]
    # A title such as "Colourist (DI and grading)" also stands for its part before brackets.
    raw += [re.split(r"[(,]", title)[0]]
    for name in raw:
        folded = fold(name).strip(" /")
        if folded and folded not in out:
            out.append(folded)
    return out


def _abbreviation_stopwords(raw: str) -> set[str]:
    """Capitalised short forms in a raw alias that fold to a stopword ("AS" for assistant sound
    in "1st AS"): they are kept as words of the name, so "first" alone is not the whole name."""
    return {w.casefold() for w in re.findall(r"\b[A-Z]{2,3}\b", raw) if w.casefold() in STOPWORDS}


def _tool_phrases(name: str, vendor: str) -> set[str]:
    """Ways a person may name a tool: its full name, its name without brackets or version, the
    text in brackets, and distinctive single words (Midjourney, Nuke, Resolve)."""
    phrases: set[str] = set()
    base = re.sub(r"\(.*?\)", " ", name)
    inner = re.findall(r"\((.*?)\)", name)
    for text in [name, base, *inner]:
        folded = fold(text)
        if folded:
            phrases.add(folded)
        versionless = re.sub(r"\b(v?\d[\w.]*|gen \d+|alpha|turbo|beta)\b", " ", folded)
        versionless = " ".join(versionless.split())
        if versionless:
            phrases.add(versionless)
        ws = versionless.split()
        for i in range(len(ws)):
            for j in range(i + 1, min(len(ws), i + 3) + 1):
                gram = ws[i:j]
                if all(w in _TOOL_STOP or w in STOPWORDS for w in gram):
                    continue
                if len(gram) == 1 and (len(gram[0]) < 4 or gram[0] in _TOOL_STOP):
                    continue
                phrases.add(" ".join(gram))
    vendor_folded = fold(re.sub(r"\(.*?\)", " ", vendor))
    if vendor_folded and vendor_folded not in _VENDOR_STOP:
        phrases.add(vendor_folded)
    return {p for p in phrases if p and p not in _VENDOR_STOP}


def build_index(pack: KnowledgePack) -> MatchIndex:
    role_ids = list(pack.roles)
    names: list[str] = []
    name_role: list[int] = []
    name_start: list[int] = []
    exact: dict[str, set[int]] = defaultdict(set)
    claimed: dict[str, set[int]] = defaultdict(set)
    role_name_docs: list[list[str]] = []
    role_text_docs: list[list[str]] = []
    role_texts: list[str] = []
    vocab: set[str] = set()
    text_df: Counter[str] = Counter()
    task_ids: list[str] = []
    task_role: list[int] = []
    task_texts: list[str] = []
    extra: dict[str, set[str]] = {}
    """Folded name -> abbreviations in it that fold to a stopword ("1st AS": 'as')."""
    for r, rid in enumerate(role_ids):
        role = pack.roles[rid]
        name_start.append(len(names))
        role_names = _role_names(rid, role.title, list(role.aliases))
        for alias in role.aliases:
            kept = _abbreviation_stopwords(alias)
            if kept:
                extra.setdefault(fold(alias).strip(" /"), set()).update(kept)
        doc: list[str] = []
        for name in role_names:
            names.append(name)
            name_role.append(r)
            claimed[name].add(r)
            exact[name].add(r)
            doc.extend(tokens(name) + sorted(extra.get(name, ())))
            vocab.update(words(name))
        role_name_docs.append(doc)
        description = fold(role.description)
        statements = []
        for task in role.tasks:
            folded_task = fold(f"{task.id.replace('-', ' ')} {task.statement}")
            statements.append(folded_task)
            task_ids.append(f"{rid}:{task.id}")
            task_role.append(r)
            task_texts.append(folded_task)
        text = description + " " + " ".join(statements)
        role_text_docs.append(tokens(text))
        role_words = words(text)
        vocab.update(role_words)
        text_df.update(set(role_words))
        role_texts.append(fold(role.title) + " " + description)
    shared = {n for n, owners in claimed.items() if len(owners) > 1}
    for role in pack.roles.values():
        shared.update(fold(a) for a in role.ambiguous_aliases)

    bm25_names = BM25(role_name_docs)
    name_tokens = [frozenset(tokens(n)) | extra.get(n, set()) for n in names]
    name_weight = np.array(
        [sum(bm25_names.weight(t) for t in toks) for toks in name_tokens], dtype=float
    )
    token_lists: dict[str, list[int]] = defaultdict(list)
    for i, toks in enumerate(name_tokens):
        for t in toks:
            token_lists[t].append(i)
    role_name_tokens = [frozenset(d) for d in role_name_docs]

    name_words = {w for n in names for w in words(n)}
    context = {
        w
        for table in (SENIORITY_WORDS, EMPLOYMENT_WORDS, SECTOR_WORDS)
        for p in table
        for w in fold(p).split()
    }
    film_words = name_words | {w for w, n in text_df.items() if n >= 2} | context | SETTING_WORDS

    tools: dict[str, list[str]] = defaultdict(list)
    for tool in pack.tools.values():
        for phrase in _tool_phrases(tool.name, tool.vendor):
            if " " not in phrase and phrase in film_words and phrase not in _TOOL_BRANDS:
                continue  # "shot", "match", "final": everyday film words, not a tool
            if tool.id not in tools[phrase]:
                tools[phrase].append(tool.id)
        vocab.update(words(fold(tool.name)))
        for alias in tool.aliases:
            folded_alias = fold(alias)
            if folded_alias and tool.id not in tools[folded_alias]:
                tools[folded_alias].append(tool.id)
            vocab.update(words(folded_alias))
    tool_re = (
        re.compile(
            r"(?<![\w])("
            + "|".join(re.escape(p) for p in sorted(tools, key=len, reverse=True))
            + r")(?![\w])"
        )
        if tools
        else None
    )

    vocab = {w for w in vocab if w.isalnum() or "'" in w}
    # A tool's name is a film word: "Avid editor" is not an unexplained word plus a title.
    film_words |= {w for phrase in tools for w in phrase.split() if len(w) >= 3}

    index = MatchIndex(
        role_ids=role_ids,
        names=names,
        name_role=np.array(name_role, dtype=np.intp),
        name_start=np.array(name_start, dtype=np.intp),
        name_pos=np.arange(len(names), dtype=np.intp),
        name_tokens=name_tokens,
        name_weight=name_weight,
        token_names={t: np.array(v, dtype=np.intp) for t, v in token_lists.items()},
        exact=dict(exact),
        shared=shared,
        role_name_tokens=role_name_tokens,
        bm25_names=bm25_names,
        bm25_text=BM25(role_text_docs),
        vocab=frozenset(vocab),
        vocab_list=sorted(vocab),
        film_words=frozenset(film_words),
        name_len=np.array([len(t) for t in name_tokens], dtype=np.intp),
        tools=dict(tools),
        tool_re=tool_re,
        task_ids=task_ids,
        task_role=np.array(task_role, dtype=np.intp),
        task_texts=task_texts,
        bm25_tasks=BM25([tokens(t) for t in task_texts]),
    )
    index._role_texts = role_texts
    # Each tool's own name and aliases, folded, to tell the product from its features.
    index._tool_names = {  # type: ignore[attr-defined]
        tool.id: "|" + "|".join(fold(n) for n in (tool.name, *tool.aliases)) + "|"
        for tool in pack.tools.values()
    }
    return index


def get_index(pack: KnowledgePack) -> MatchIndex:
    """The pack's match index, built on first use and cached in ``pack.derived``."""
    cached = pack.derived.get(INDEX_KEY)
    if isinstance(cached, MatchIndex):
        return cached
    with _BUILD_LOCK:
        cached = pack.derived.get(INDEX_KEY)
        if isinstance(cached, MatchIndex):
            return cached
        index = build_index(pack)
        pack.derived[INDEX_KEY] = index
        return index
