"""The group report: counts over the per-row results, with small groups withheld.

``Aggregator`` reads results one chunk at a time (memory grows with the number of distinct
groups, never with rows). ``summarize`` turns its counts into ``summary.json``; ``render_html``
draws the report as one self-contained HTML file (inline CSS and SVG, no script, no external
URL); ``render_pdf`` lays that HTML out with WeasyPrint the way ``render/pdf.py`` does.

Privacy: a group (a department, a craft, a region...) is shown only with at least ``min_group``
people; a count under ``min_group`` inside a shown group is printed as "fewer than N"; task,
skill and move lists keep only entries shared by ``min_group`` people. No free text reaches the
report: every label is the knowledge pack's own (role, task and skill names), a validated choice
(level, employment, sector) or a region name shared by ``min_group`` people.
"""

from __future__ import annotations

import time
from collections import Counter
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

if TYPE_CHECKING:
    import pandas as pd

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
        self.sums: Counter[str] = Counter()
        self.tasks: Counter[str] = Counter()
        self.task_people: Counter[str] = Counter()
        self.moves: Counter[tuple[str, str]] = Counter()
        self.skills: Counter[str] = Counter()
        self.clusters: Counter[tuple[str, str, str]] = Counter()
        self.understood: Counter[str] = Counter()

    def add(self, results: pd.DataFrame, rejects: pd.DataFrame) -> None:
        self.placed += len(results)
        self.rejected += len(rejects)
        self.reasons.update(rejects["reason"].value_counts().to_dict())
        if results.empty:
            return
        df = results.assign(craft=results["roles"].str.split(";").str[0])
        for dim in DIMENSIONS:
            grouped = df.groupby([dim, "category_now", "category"], dropna=False).size()
            for (value, now, later), n in grouped.items():
                label = value if isinstance(value, str) and value else "not given"
                self.by[dim][(label, str(now), str(later))] += int(n)
        for col in FIGURE_COLUMNS:
            self.sums[col] += float(df[col].sum())
        self.understood.update(df["understood_from"].value_counts().to_dict())
        for value, n in df["top_tasks"].value_counts().items():
            for part in str(value).split(";"):
                tid, _, amount = part.partition("=")
                if tid:
                    self.tasks[tid] += float(amount or 0) * int(n)
                    self.task_people[tid] += int(n)
        moved = df[df["best_move"].notna()]
        for (target, title), n in moved.groupby(["best_move", "best_move_title"]).size().items():
            self.moves[(str(target), str(title))] += int(n)
        for value, n in moved["best_move_skills"].value_counts().items():
            for skill in str(value).split(";"):
                if skill:
                    self.skills[skill] += int(n)
        pairs = moved.groupby(["craft", "best_move_title", "best_move_kind"]).size()
        for (src, dst, kind), n in pairs.items():
            self.clusters[(str(src), str(dst), str(kind))] += int(n)


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
        shown = []
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
                    "now": {c: _count(g["now"][c], k) for c in CATEGORIES},
                    "in_5y": {c: _count(g["in_5y"][c], k) for c in CATEGORIES},
                }
            )
        shown.sort(key=lambda g: (-g["people"], g["label"]))
        by[dim] = {
            "groups": shown,
            "withheld": {"groups": withheld_groups, "people": _count(withheld_people, k)},
        }
    tasks = []
    for tid, amount in agg.tasks.most_common():
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
            "reasons": {r: _count(n, k) for r, n in sorted(agg.reasons.items())},
            "understood_from": {h: _count(n, k) for h, n in sorted(agg.understood.items())},
        },
        "categories": {
            "now": {c: _count(now[c], k) for c in CATEGORIES},
            "in_5y": {c: _count(later[c], k) for c in CATEGORIES},
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
    return f"fewer than {k}" if n is None else f"{n:,}"


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
        parts.append(
            f'<rect x="{x:.1f}" width="{w:.1f}" height="{height}" fill="{COLOURS[c]}"/>'
        )
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

TEMPLATE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ReelShift group report</title><style>{{ css }}</style></head>
<body>
<h1>Group report</h1>
<p class="muted">ReelShift, knowledge pack {{ s.pack.name }} {{ s.pack.version }} ({{ s.pack.as_of }}),
generated {{ s.generated }}. Figures are model estimates for the expected adoption pace; see the
method in the project's documentation. Groups of fewer than {{ k }} people are not shown.</p>

<div class="cards">
<div class="card"><b>{{ fmt(s.rows.placed) }}</b>rows placed</div>
<div class="card"><b>{{ fmt(s.rows.not_placed) }}</b>rows not placed</div>
{% for c in cats %}<div class="card"><b>{{ fmt(s.categories.in_5y[c]) }}</b>{{ labels[c] }} in five years</div>{% endfor %}
</div>

<h2>Where the group stands, now and in five years</h2>
<p class="key">{% for c in cats %}<span><i class="sw" style="background:{{ colours[c] }}"></i>{{ labels[c] }}</span>{% endfor %}</p>
<table><tr><th></th><th>now</th><th>in five years</th></tr>
<tr><td>everyone placed</td><td>{{ bar(s.categories.now) }}</td><td>{{ bar(s.categories.in_5y) }}</td></tr></table>
<p>Average share of working time exposed to AI: {{ pct(s.mean.exposure_now) }} now,
{{ pct(s.mean.exposure_5y) }} in five years; of it automation-exposed: {{ pct(s.mean.automation_now) }}
now, {{ pct(s.mean.automation_5y) }} in five years.</p>

{% for dim, title in dims %}{% set d = s.by[dim] %}{% if d.groups %}
<h2>By {{ title }}</h2>
<table><tr><th>{{ title }}</th><th class="n">people</th><th>now</th><th>in five years</th>
{% for c in cats %}<th class="n">{{ labels[c] }}, 5 y</th>{% endfor %}</tr>
{% for g in d.groups %}<tr><td>{{ g.label }}</td><td class="n">{{ fmt(g.people) }}</td>
<td>{{ bar(g.now, 160) }}</td><td>{{ bar(g.in_5y, 160) }}</td>
{% for c in cats %}<td class="n">{{ fmt(g.in_5y[c]) }}</td>{% endfor %}</tr>{% endfor %}
</table>{% if d.withheld.groups %}<p class="muted">{{ d.withheld.groups }} smaller group(s)
({{ fmt(d.withheld.people) }} people) not shown.</p>{% endif %}{% endif %}{% endfor %}

{% if s.tasks %}<h2>The most exposed tasks across the group</h2>
<p class="muted">Share of the group's working time in each task that is automation-exposed in
five years (summed over each person's three most exposed tasks).</p>
{{ chart(task_bars, " %") }}
<table><tr><th>task</th><th>craft</th><th class="n">people</th><th class="n">share of group time</th></tr>
{% for t in s.tasks %}<tr><td>{{ t.statement }}</td><td>{{ t.role }}</td><td class="n">{{ fmt(t.people) }}</td>
<td class="n">{{ pct(t.share_of_group_time) }}</td></tr>{% endfor %}</table>{% endif %}

{% if s.skills %}<h2>The skills the group most needs</h2>
<p class="muted">Skills missing for each person's best move, counted over people.</p>
{{ chart(skill_bars, "") }}{% endif %}

{% if s.moves %}<h2>Where best moves lead</h2>
<table><tr><th>best move</th><th class="n">people</th></tr>
{% for m in s.moves %}<tr><td>{{ m.title }}</td><td class="n">{{ fmt(m.people) }}</td></tr>{% endfor %}</table>{% endif %}

{% if s.clusters %}<h2>People who share a move (for planning training)</h2>
<table><tr><th>from</th><th>to</th><th>kind of move</th><th class="n">people</th></tr>
{% for c in s.clusters %}<tr><td>{{ c.from_title }}</td><td>{{ c.to_title }}</td><td>{{ c.kind }}</td>
<td class="n">{{ fmt(c.people) }}</td></tr>{% endfor %}</table>{% endif %}

<h2>Rows not placed</h2>
{% if s.rows.reasons %}<table><tr><th>reason</th><th class="n">rows</th></tr>
{% for r, n in s.rows.reasons.items() %}<tr><td>{{ reasons.get(r, r) }}</td><td class="n">{{ fmt(n) }}</td></tr>{% endfor %}
</table><p class="muted">Each row and its reason is listed in rejects.csv.</p>{% else %}<p>Every row was placed.</p>{% endif %}

{% if compare %}<h2>What changed since the earlier run</h2>
<p class="muted">Compared with the run of {{ compare.old.generated }} (pack {{ compare.old.pack }}).</p>
<table><tr><th></th><th class="n">before</th><th class="n">now</th><th class="n">change</th></tr>
{% for c in cats %}{% set v = compare.categories[c] %}<tr><td>{{ labels[c] }} in five years</td>
<td class="n">{{ fmt(v.before) }}</td><td class="n">{{ fmt(v.after) }}</td><td class="n">{{ signed(v.change) }}</td></tr>{% endfor %}
{% for m, v in compare.mean.items() %}<tr><td>average {{ m.replace("_", " ") }}</td>
<td class="n">{{ pct(v.before) }}</td><td class="n">{{ pct(v.after) }}</td><td class="n">{{ pts(v.change) }}</td></tr>{% endfor %}
</table>
{% if compare.moved %}<table><tr><th>the same people (by id): category before</th><th>after</th><th class="n">people</th></tr>
{% for m in compare.moved %}<tr><td>{{ labels[m.before] }}</td><td>{{ labels[m.after] }}</td><td class="n">{{ fmt(m.people) }}</td></tr>{% endfor %}
</table>{% endif %}{% endif %}
</body></html>
"""

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
    template = env.from_string(TEMPLATE)

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
            (t["statement"], round(t["share_of_group_time"] * 100, 1)) for t in summary["tasks"][:10]
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
