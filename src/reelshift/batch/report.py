"""The group report: counts over the per-row results, with small groups withheld.

``Aggregator`` reads results one chunk at a time (memory grows with the number of distinct
groups, never with rows). ``summarize`` turns its counts into ``summary.json``; ``render_html``
draws the report as one self-contained HTML file (inline CSS and SVG, no script, no external
URL); ``render_pdf`` lays that HTML out with WeasyPrint the way ``render/pdf.py`` does.

Privacy: a group (a department, a craft, a region...) is shown only with at least ``min_group``
people; inside a shown group a count under ``min_group`` is withheld (with the next smallest,
when needed, so that it cannot be worked out by subtraction: ``protect``); task,
skill and move lists keep only entries shared by ``min_group`` people. No free text reaches the
report: every label is the knowledge pack's own (role, task and skill names), a validated choice
(level, employment, sector) or a region name shared by ``min_group`` people.
"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

if TYPE_CHECKING:
    import pyarrow as pa

    from reelshift.kb.loader import KnowledgePack

CATEGORIES = ("high_risk", "adaptive", "resilient")
CATEGORY_LABELS = {
    "high_risk": "High risk of disruption",
    "adaptive": "Adaptive transformation",
    "resilient": "Resilient",
}
COLOURS = {"high_risk": "#b3261e", "adaptive": "#8a5a00", "resilient": "#1b6e3a"}
DIMENSIONS = ("department", "craft", "level", "employment", "sector", "region")
FIGURE_COLUMNS = tuple(
    f"{f}_{h}" for f in ("exposure", "automation", "augmentation") for h in ("now", "2y", "5y")
)
MAX_REGION_LABEL = 40
TOP = 15


class Aggregator:
    """Counts over result and reject chunks."""

    def __init__(self) -> None:
        self.placed = 0
        self.rejected = 0
        self.reasons: Counter[str] = Counter()
        self.by: dict[str, Counter[tuple[str, str, str]]] = {d: Counter() for d in DIMENSIONS}
        self.sums: dict[str, float] = dict.fromkeys(FIGURE_COLUMNS, 0.0)
        self.tasks: dict[str, float] = {}
        self.task_people: Counter[str] = Counter()
        self.moves: Counter[tuple[str, str]] = Counter()
        self.skills: Counter[str] = Counter()
        self.clusters: Counter[tuple[str, str, str]] = Counter()
        self.understood: Counter[str] = Counter()

    def add(self, results: pa.Table, rejects: pa.Table) -> None:
        """Count one chunk (Arrow group-bys: no Python work per row)."""
        import pyarrow as pa
        import pyarrow.compute as pc

        self.placed += results.num_rows
        self.rejected += rejects.num_rows
        for reason, n in _counts(rejects, ["reason"]):
            self.reasons[str(reason[0])] += n
        if results.num_rows == 0:
            return
        craft = pc.list_element(pc.split_pattern(results.column("roles"), ";"), 0)
        t = results.append_column("craft", craft)
        for dim in DIMENSIONS:
            for (value, now, later), n in _counts(t, [dim, "category_now", "category"]):
                label = value if isinstance(value, str) and value else "not given"
                self.by[dim][(label, str(now), str(later))] += n
        for col in FIGURE_COLUMNS:
            self.sums[col] += float(pc.sum(t.column(col)).as_py() or 0.0)
        for (how,), n in _counts(t, ["understood_from"]):
            self.understood[str(how)] += n
        for (value,), n in _counts(t, ["top_tasks"]):
            for part in str(value or "").split(";"):
                tid, _, amount = part.partition("=")
                if tid:
                    self.tasks[tid] = self.tasks.get(tid, 0.0) + float(amount or 0) * n
                    self.task_people[tid] += n
        moved = t.filter(pc.is_valid(t.column("best_move")))
        for (target, title), n in _counts(moved, ["best_move", "best_move_title"]):
            self.moves[(str(target), str(title))] += n
        for (value,), n in _counts(moved, ["best_move_skills"]):
            for skill in str(value or "").split(";"):
                if skill:
                    self.skills[skill] += n
        for (src, dst, kind), n in _counts(moved, ["craft", "best_move_title", "best_move_kind"]):
            self.clusters[(str(src), str(dst), str(kind))] += n
        _ = pa


def _counts(table: pa.Table, keys: list[str]) -> list[tuple[tuple[Any, ...], int]]:
    """Rows per distinct combination of ``keys`` (nulls are a value of their own)."""
    if table.num_rows == 0:
        return []
    grouped = table.select(keys).group_by(keys).aggregate([([], "count_all")]).to_pydict()
    counts = grouped.pop("count_all")
    return [(tuple(grouped[k][i] for k in keys), int(n)) for i, n in enumerate(counts)]


def protect(counts: dict[str, int], k: int) -> dict[str, int | None]:
    """A row of category counts as shown: a count under ``k`` is withheld (None), and while
    the withheld counts add up to between 1 and ``k - 1`` the smallest shown one is withheld
    too, so a small count cannot be worked out from the row's total and the others."""
    hidden = {c for c, n in counts.items() if n < k}
    while hidden and 0 < sum(counts[c] for c in hidden) < k:
        rest = [c for c in counts if c not in hidden]
        if not rest:
            break
        hidden.add(min(rest, key=lambda c: counts[c]))
    return {c: None if c in hidden else n for c, n in counts.items()}


def _count(n: int, k: int) -> int | None:
    """A count as shown: None (fewer than k) for a small one."""
    return n if n >= k else None


def summarize(agg: Aggregator, pack: KnowledgePack, min_group: int) -> dict[str, Any]:
    """summary.json: every count at least ``min_group``, or withheld."""
    k = max(1, min_group)
    placed = agg.placed
    now: Counter[str] = Counter()
    later: Counter[str] = Counter()
    for (_, c_now, c_later), n in agg.by["department"].items():
        now[c_now] += n
        later[c_later] += n
    by: dict[str, Any] = {}
    for dim in DIMENSIONS:
        groups: dict[str, dict[str, Counter[str]]] = {}
        for (value, c_now, c_later), n in agg.by[dim].items():
            g = groups.setdefault(value, {"now": Counter(), "in_5y": Counter()})
            g["now"][c_now] += n
            g["in_5y"][c_later] += n
        shown: list[dict[str, Any]] = []
        withheld_groups = withheld_people = 0
        for value, g in groups.items():
            people = sum(g["now"].values())
            if people < k or (dim == "region" and len(value) > MAX_REGION_LABEL):
                withheld_groups += 1
                withheld_people += people
                continue
            shown.append(
                {
                    "value": value,
                    "label": _label(pack, dim, value),
                    "people": people,
                    "now": protect({c: g["now"][c] for c in CATEGORIES}, k),
                    "in_5y": protect({c: g["in_5y"][c] for c in CATEGORIES}, k),
                }
            )
        shown.sort(key=lambda g: (-g["people"], g["label"]))
        by[dim] = {
            "groups": shown,
            "withheld": {"groups": withheld_groups, "people": _count(withheld_people, k)},
        }
    tasks = []
    for tid, amount in sorted(agg.tasks.items(), key=lambda item: -item[1]):
        people = agg.task_people[tid]
        if people < k or tid not in pack.task_index:
            continue
        role, task = pack.task(tid)
        tasks.append(
            {
                "task": tid,
                "statement": " ".join(task.statement.split()),
                "role": role.title,
                "people": people,
                "share_of_group_time": round(amount / placed, 4) if placed else 0.0,
            }
        )
        if len(tasks) >= TOP:
            break
    skills = [
        {"skill": s, "name": pack.skills[s].name if s in pack.skills else s, "people": n}
        for s, n in agg.skills.most_common()
        if n >= k
    ][:TOP]
    moves = [
        {"target": t, "title": title, "people": n}
        for (t, title), n in agg.moves.most_common()
        if n >= k
    ][:TOP]
    clusters = [
        {
            "from": src,
            "from_title": _role_title(pack, src),
            "to_title": dst,
            "kind": kind,
            "people": n,
        }
        for (src, dst, kind), n in agg.clusters.most_common()
        if n >= k
    ][:TOP]
    return {
        "generated": time.strftime("%Y-%m-%d"),
        "pack": {"name": pack.meta.name, "version": pack.meta.version, "as_of": pack.meta.as_of},
        "min_group": k,
        "rows": {
            "total": placed + agg.rejected,
            "placed": placed,
            "not_placed": agg.rejected,
            "reasons": protect(dict(sorted(agg.reasons.items())), k),
            "understood_from": protect(dict(sorted(agg.understood.items())), k),
        },
        "categories": {
            "now": protect({c: now[c] for c in CATEGORIES}, k),
            "in_5y": protect({c: later[c] for c in CATEGORIES}, k),
        },
        "mean": {c: round(agg.sums[c] / placed, 4) if placed else None for c in FIGURE_COLUMNS},
        "by": by,
        "tasks": tasks,
        "skills": skills,
        "moves": moves,
        "clusters": clusters,
    }


def _role_title(pack: KnowledgePack, rid: str) -> str:
    role = pack.roles.get(rid)
    return role.title if role else rid


def _label(pack: KnowledgePack, dim: str, value: str) -> str:
    if dim == "department" and value in pack.departments:
        return pack.departments[value].name
    if dim == "craft":
        return _role_title(pack, value)
    return value


# --- HTML -----------------------------------------------------------------------------------


def _fmt(n: int | None, k: int) -> str:
    return "withheld" if n is None else f"{n:,}"


def stacked_bar(counts: dict[str, int | None], width: int = 320, height: int = 16) -> Markup:
    """One horizontal bar split by category; withheld counts are left out of the drawing."""
    known = {c: n for c, n in counts.items() if n}
    total = sum(known.values())
    words = ", ".join(f"{CATEGORY_LABELS[c]}: {n}" for c, n in known.items()) or "no counts shown"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img"><title>{escape(words)}</title>'
        f'<rect width="{width}" height="{height}" fill="#eceef2"/>'
    ]
    x = 0.0
    for c in CATEGORIES:
        n = known.get(c)
        if not n or not total:
            continue
        w = width * n / total
        parts.append(f'<rect x="{x:.1f}" width="{w:.1f}" height="{height}" fill="{COLOURS[c]}"/>')
        x += w
    parts.append("</svg>")
    return Markup("".join(parts))


def bar_chart(items: list[tuple[str, float]], unit: str = "", width: int = 520) -> Markup:
    """Labelled horizontal bars (a few values), as one SVG."""
    if not items:
        return Markup("")
    row, label_w = 22, 230
    height = row * len(items) + 4
    top = max(v for _, v in items) or 1.0
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" font-family="DejaVu Sans, sans-serif" '
        f'font-size="11"><title>{escape("; ".join(f"{k}: {v:g}{unit}" for k, v in items))}</title>'
    ]
    for i, (name, value) in enumerate(items):
        y = i * row + 2
        w = (width - label_w - 60) * value / top
        short = name if len(name) <= 38 else name[:37] + "…"
        parts.append(
            f'<text x="0" y="{y + 14}" fill="#1d1d1f">{escape(short)}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="14" fill="#3d5afe"/>'
            f'<text x="{label_w + w + 4:.1f}" y="{y + 14}" fill="#5b5b66">{value:g}{unit}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


CSS = """
:root { --ink:#1d1d1f; --muted:#5b5b66; --line:#d9d9e0; }
body { font-family: system-ui, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--ink);
  max-width: 62rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { font-size: 1.2rem; margin-top: 2rem;
  border-bottom: 1px solid var(--line); padding-bottom: .25rem; }
.muted { color: var(--muted); } table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
th, td { text-align: left; padding: .3rem .45rem; border-bottom: 1px solid var(--line);
  vertical-align: middle; font-size: .92rem; } td.n { text-align: right; white-space: nowrap; }
.key span { display: inline-block; margin-right: 1rem; } .sw { display: inline-block;
  width: .8rem; height: .8rem; margin-right: .3rem; vertical-align: -1px; }
.cards { display: flex; gap: 1rem; flex-wrap: wrap; } .card { border: 1px solid var(--line);
  border-radius: .5rem; padding: .6rem 1rem; min-width: 11rem; }
.card b { display: block; font-size: 1.4rem; }
"""

TEMPLATE = Path(__file__).with_name("templates") / "report.html"

DIMENSION_TITLES = (
    ("department", "department"),
    ("craft", "craft"),
    ("level", "level"),
    ("employment", "employment"),
    ("sector", "sector"),
    ("region", "region"),
)


def render_html(summary: dict[str, Any], compare: dict[str, Any] | None = None) -> str:
    from jinja2 import Environment

    from reelshift.batch.engine import REASONS

    k = int(summary["min_group"])
    env = Environment(autoescape=True)
    template = env.from_string(TEMPLATE.read_text(encoding="utf-8"))

    def pct(x: float | None) -> str:
        return "—" if x is None else f"{x:.0%}"

    def pts(x: float | None) -> str:
        return "—" if x is None else f"{x * 100:+.1f} points"

    def signed(x: int | None) -> str:
        return "—" if x is None else f"{x:+,}"

    return template.render(
        s=summary,
        k=k,
        css=Markup(CSS),
        cats=CATEGORIES,
        labels=CATEGORY_LABELS,
        colours=COLOURS,
        dims=DIMENSION_TITLES,
        reasons=REASONS,
        compare=compare,
        fmt=lambda n: _fmt(n, k),
        pct=pct,
        pts=pts,
        signed=signed,
        bar=lambda counts, width=320: stacked_bar(counts, width),
        chart=bar_chart,
        task_bars=[
            (t["statement"], round(t["share_of_group_time"] * 100, 1))
            for t in summary["tasks"][:10]
        ],
        skill_bars=[(s["name"], float(s["people"])) for s in summary["skills"][:10]],
    )


def render_pdf(html_text: str) -> bytes:
    """The report as PDF, through the same WeasyPrint path as single reports (no fetching)."""
    from reelshift.render import pdf as pdf_render

    try:
        from weasyprint import CSS as WCSS
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # pragma: no cover - depends on the install
        raise pdf_render.PdfUnavailable(
            "PDF output needs WeasyPrint: pip install 'reelshift[web]'"
        ) from exc
    document = HTML(string=html_text, url_fetcher=pdf_render._no_fetch, base_url=".")
    data: bytes = document.write_pdf(stylesheets=[WCSS(string=pdf_render.PRINT_CSS)])
    return data
