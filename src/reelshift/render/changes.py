"""Markdown for pack and analysis diffs; the terminal prints the same text."""

from __future__ import annotations

from collections import defaultdict

from reelshift.changes import AnalysisDiff, FigureChange, PackDiff

KIND_HEADINGS = {
    "agreement-added": "Agreements",
    "agreement-superseded": "Agreements",
    "agreement-terms": "Agreements",
    "tool-added": "Tools added",
    "tool-removed": "Tools removed",
    "tool-status": "Tool status (retired, superseded, restricted)",
    "tool-version": "Tool versions",
    "capability-added": "Capabilities",
    "capability-point": "Capabilities: new maturity evidence",
    "capability-outlook": "Capabilities: outlooks",
    "role-added": "Roles",
    "role-removed": "Roles",
    "task-added": "Tasks",
    "task-removed": "Tasks",
    "task-changed": "Tasks",
    "advice-link": "Tool advice per role",
    "occupation-figures": "Labour-market figures",
    "ladder-edge": "Career ladders",
    "role-figures": "Figures that moved (mid level, expected adoption)",
}
SECTION_ORDER = list(dict.fromkeys(KIND_HEADINGS.values()))
MEASURE_WORDS = {"exposure": "exposed", "automation": "automated", "augmentation": "assisted"}
HORIZON_WORDS = {"now": "now", "in_2y": "in 2 years", "in_5y": "in 5 years"}


def _md(text: str) -> str:
    """Text from the pack or a saved file, safe inside Markdown (no markup, no HTML)."""
    return "".join("\\" + ch if ch in "\\`*_[]<>#|" else ch for ch in " ".join(text.split()))


def pack_diff_markdown(diff: PackDiff, heading: str = "##") -> str:
    lines = [
        f"{heading} {_md(diff.new)} ({diff.new_as_of}), since {_md(diff.old)} ({diff.old_as_of})",
        "",
    ]
    if not diff.changes:
        return "\n".join([*lines, "No changes.", ""])
    sections: dict[str, list[str]] = defaultdict(list)
    for change in diff.changes:
        roles = f" — {_md(', '.join(change.roles[:8]))}" if change.roles else ""
        more = f" and {len(change.roles) - 8} more" if len(change.roles) > 8 else ""
        sections[KIND_HEADINGS[change.kind]].append(f"- {_md(change.text)}{roles}{more}")
    for title in SECTION_ORDER:
        if sections.get(title):
            lines += [f"{heading}# {title}", "", *sections[title], ""]
    return "\n".join(lines)


def _figure(f: FigureChange) -> str:
    return (
        f"{MEASURE_WORDS.get(f.measure, f.measure)} {HORIZON_WORDS.get(f.horizon, f.horizon)}: "
        f"{f.old:.0%} → {f.new:.0%}"
    )


def analysis_diff_markdown(diff: AnalysisDiff) -> str:
    lines = [f"# What changed: {_md(diff.old_pack)} → {_md(diff.new_pack)}", ""]
    if diff.unchanged:
        return "\n".join([*lines, "Nothing in this analysis changed.", ""])
    if diff.category_old != diff.category_new:
        lines.append(f"Category: {diff.category_old} → **{diff.category_new}**.")
    else:
        lines.append(f"Category unchanged: {diff.category_old}.")
    if diff.headline:
        lines += ["", "Share of your working week:", ""]
        lines += [f"- {_figure(f)}" for f in diff.headline]
    if diff.tasks:
        lines += ["", "## Tasks", ""]
        for t in diff.tasks:
            lines.append(f"- **{_md(t.statement)}** ({t.status})")
            lines += [f"  - {_figure(f)}" for f in t.figures]
            if t.tools_added:
                lines.append(f"  - tools now shown: {_md(', '.join(t.tools_added))}")
            if t.tools_removed:
                lines.append(f"  - tools no longer shown: {_md(', '.join(t.tools_removed))}")
            lines += [f"  - because: {_md(b)}" for b in t.because[:4]]
    for label, items in (
        ("New paths", diff.paths_added),
        ("Paths no longer suggested", diff.paths_removed),
        ("Agreements now covering you", diff.agreements_added),
        ("Agreements no longer listed", diff.agreements_removed),
    ):
        if items:
            lines += ["", f"{label}: {_md(', '.join(items))}."]
    if diff.explained_by:
        lines += ["", "## Pack changes behind this", ""]
        lines += [f"- {_md(c.text)}" for c in diff.explained_by[:40]]
        if len(diff.explained_by) > 40:
            lines.append(f"- … and {len(diff.explained_by) - 40} more")
    return "\n".join(lines) + "\n"


def changelog_markdown(history: list[PackDiff]) -> str:
    lines = [
        "# Knowledge-pack changelog",
        "",
        "Generated from the pack data by `reelshift kb changelog --old OLD_PACK_DIR`; do not edit "
        "by hand. Newest release first.",
        "",
    ]
    for diff in reversed(history):
        lines.append(pack_diff_markdown(diff))
    return "\n".join(lines)
