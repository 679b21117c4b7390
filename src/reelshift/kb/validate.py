"""Cross-reference checks behind ``reelshift kb check``.

Schema problems (a missing field, a weight above 1) are caught when the pack loads; these checks
look across entries: ids that point nowhere, shares that do not add up, timelines out of order.
Each problem is one line naming the file, the entry and what is wrong.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import get_args

from reelshift.kb.loader import KnowledgePack
from reelshift.kb.schema import LEVEL_ORDER, Seniority, date_start, ladder_node
from reelshift.models import Sector

SHARE_TOLERANCE = 0.005
LOCATABLE_URL = ("http://", "https://", "repo: ")
"""A reader can find a source: a web address, or 'repo: owner/name — path' for a data file."""
SECTORS: frozenset[str] = frozenset(get_args(Sector))
MIN_CRAFT_TOOLS = 3
"""A craft role names at least this many public, active assist tools, or says why it cannot."""


@dataclass(frozen=True)
class Problem:
    where: str
    entry: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.entry}: {self.message}"


def normalise_alias(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w/&+ ]", " ", text.casefold())).strip()


def check_pack(pack: KnowledgePack) -> list[Problem]:
    """Every cross-reference problem in ``pack`` (empty when the pack is sound)."""
    problems: list[Problem] = [Problem("pack", "duplicate", d) for d in pack.duplicates]
    add = problems.append
    as_of = date_start(pack.meta.as_of)

    def origin(section: str, entry_id: str) -> str:
        return pack.origin.get(f"{section}:{entry_id}", section)

    def sources_exist(section: str, entry_id: str, where: str, ids: list[str]) -> None:
        for sid in ids:
            if sid not in pack.sources:
                add(Problem(origin(section, entry_id), where, f"unknown source id '{sid}'"))

    for source in pack.sources.values():
        where = origin("sources", source.id)
        if not source.url.startswith(LOCATABLE_URL):
            add(
                Problem(
                    where,
                    f"source '{source.id}'",
                    f"url '{source.url[:60]}' cannot be located: give an http(s):// address or "
                    "'repo: owner/name — path'",
                )
            )
        if source.date and date_start(source.date) > as_of:
            add(
                Problem(
                    where,
                    f"source '{source.id}'",
                    f"dated {source.date}, after the pack date {pack.meta.as_of}",
                )
            )

    for tool in pack.tools.values():
        sources_exist("tools", tool.id, f"tool '{tool.id}'", tool.sources)
        for cid in tool.capabilities:
            if cid not in pack.capabilities:
                add(
                    Problem(
                        origin("tools", tool.id), f"tool '{tool.id}'", f"unknown capability '{cid}'"
                    )
                )
        for fieldname in ("availability", "status", "runs_in"):
            if getattr(tool, fieldname) is None:
                add(
                    Problem(
                        origin("tools", tool.id),
                        f"tool '{tool.id}'",
                        f"'{fieldname}' is not stated (every tool says who can use it, its "
                        "status as of the pack date and where it runs)",
                    )
                )
        if tool.status is not None:
            st = tool.status
            sources_exist("tools", tool.id, f"tool '{tool.id}' status", st.sources)
            if st.state != "active" and (st.since is None or not st.sources):
                add(
                    Problem(
                        origin("tools", tool.id),
                        f"tool '{tool.id}'",
                        f"status '{st.state}' needs the date it changed ('since') and a source",
                    )
                )
            if st.state == "superseded" and st.superseded_by not in pack.tools:
                add(
                    Problem(
                        origin("tools", tool.id),
                        f"tool '{tool.id}'",
                        f"superseded by unknown tool '{st.superseded_by}'",
                    )
                )
            if st.superseded_by and (
                st.superseded_by == tool.id
                or (st.state != "superseded" and st.superseded_by not in pack.tools)
            ):
                add(
                    Problem(
                        origin("tools", tool.id),
                        f"tool '{tool.id}'",
                        f"superseded_by '{st.superseded_by}' must name another tool in the pack",
                    )
                )
            if st.since and date_start(st.since) > as_of:
                add(
                    Problem(
                        origin("tools", tool.id),
                        f"tool '{tool.id}'",
                        f"status changed {st.since}, after the pack date {pack.meta.as_of}",
                    )
                )
            if st.since and date_start(st.since) < date_start(tool.released):
                add(
                    Problem(
                        origin("tools", tool.id),
                        f"tool '{tool.id}'",
                        f"status changed {st.since}, before its release {tool.released}",
                    )
                )
        if date_start(tool.released) > as_of:
            add(
                Problem(
                    origin("tools", tool.id),
                    f"tool '{tool.id}'",
                    f"released {tool.released}, after the pack date {pack.meta.as_of}",
                )
            )

    for cap in pack.capabilities.values():
        where = origin("capabilities", cap.id)
        label = f"capability '{cap.id}'"
        previous = None
        for i, point in enumerate(cap.timeline):
            sources_exist("capabilities", cap.id, f"{label} timeline[{i}]", point.sources)
            for tid in point.tools:
                if tid not in pack.tools:
                    add(Problem(where, f"{label} timeline[{i}]", f"unknown tool '{tid}'"))
            if date_start(point.date) > as_of:
                add(
                    Problem(
                        where, f"{label} timeline[{i}]", f"dated {point.date}, after the pack date"
                    )
                )
            if previous is not None:
                if date_start(point.date) < date_start(previous.date):
                    add(
                        Problem(
                            where,
                            f"{label} timeline[{i}]",
                            f"timeline out of order: {point.date} comes after {previous.date}",
                        )
                    )
                if LEVEL_ORDER.index(point.level) < LEVEL_ORDER.index(previous.level):
                    add(
                        Problem(
                            where,
                            f"{label} timeline[{i}]",
                            f"timeline out of order: level '{point.level.value}' after "
                            f"'{previous.level.value}'",
                        )
                    )
            previous = point
        if not any(point.sources for point in cap.timeline):
            add(Problem(where, label, "capability without evidence (no sourced maturity point)"))

    for occ in pack.occupations.values():
        sources_exist("occupations", occ.soc, f"occupation '{occ.soc}'", occ.sources)

    for agreement in pack.guilds.values():
        label = f"agreement '{agreement.id}'"
        where = origin("guilds", agreement.id)
        for i, term in enumerate(agreement.terms):
            sources_exist("guilds", agreement.id, f"{label} terms[{i}]", term.sources)
        for rid in agreement.roles:
            if rid not in pack.roles:
                add(Problem(where, label, f"unknown role '{rid}'"))
        if agreement.superseded_by and agreement.superseded_by not in pack.guilds:
            add(
                Problem(
                    where, label, f"superseded by unknown agreement '{agreement.superseded_by}'"
                )
            )

    for ladder in pack.ladders.values():
        where = origin("ladders", ladder.id)
        label = f"ladder '{ladder.id}'"
        if ladder.department not in pack.departments:
            add(Problem(where, label, f"unknown department '{ladder.department}'"))
        seen_edges: set[tuple[str, str]] = set()
        for i, edge in enumerate(ladder.edges):
            elabel = f"{label} edge {i + 1} ({edge.from_} -> {edge.to})"
            for node in (edge.from_, edge.to):
                rid, _, level = node.partition("@")
                if rid not in pack.roles:
                    add(Problem(where, elabel, f"unknown role '{rid}'"))
                elif level:
                    if level not in {s.value for s in Seniority}:
                        add(Problem(where, elabel, f"unknown level '{level}'"))
                    elif Seniority(level) not in pack.roles[rid].seniority:
                        add(Problem(where, elabel, f"role '{rid}' has no level '{level}'"))
            if (edge.from_, edge.to) in seen_edges:
                add(Problem(where, elabel, "edge listed twice"))
            seen_edges.add((edge.from_, edge.to))
            if edge.from_ == edge.to:
                add(Problem(where, elabel, "an edge goes from a step to itself"))
            if ladder_node(edge.from_)[0] == ladder_node(edge.to)[0] and not (
                "@" in edge.from_ and "@" in edge.to
            ):
                add(Problem(where, elabel, "a move within one role names both levels"))
            low, high = edge.years
            if not 0 <= low <= high <= 40:
                add(Problem(where, elabel, f"years {low}-{high} are not a range from 0 to 40"))
            if not edge.sources and len(edge.judgement.strip()) < 20:
                add(Problem(where, elabel, "needs a source, or a judgement with its reasoning"))
            sources_exist("ladders", ladder.id, elabel, edge.sources)

    sector_owner: dict[str, str] = {}
    for ctx in pack.contexts.values():
        where = origin("contexts", ctx.id)
        sources_exist("contexts", ctx.id, f"context '{ctx.id}'", ctx.sources)
        for sector in ctx.sectors:
            if sector not in SECTORS:
                add(Problem(where, f"context '{ctx.id}'", f"unknown sector '{sector}'"))
            if sector in sector_owner:
                add(
                    Problem(
                        where,
                        f"context '{ctx.id}'",
                        f"sector '{sector}' is already read as context '{sector_owner[sector]}'",
                    )
                )
            sector_owner[sector] = ctx.id

    # Published indices: only for codes the pack's roles are filed under, on their own scale.
    role_codes = {c for r in pack.roles.values() for c in r.soc.codes}
    role_codes |= {c[:7] for c in role_codes}
    bounds = {"share": (0.0, 1.0), "score-100": (0.0, 100.0), "z-score": (-5.0, 5.0)}
    for key, fig in pack.published.items():
        label = f"published figure '{key}'"
        sources_exist("published", key, label, fig.sources)
        if fig.soc not in role_codes:
            add(Problem(origin("published", key), label, "no role is filed under this code"))
        low, high = bounds[fig.scale]
        if not low <= fig.value <= high:
            add(Problem(origin("published", key), label, f"{fig.value} is outside its {fig.scale}"))

    for demand in pack.role_demand.values():
        where = origin("role_demand", demand.role)
        label = f"role demand '{demand.role}'"
        if demand.role not in pack.roles:
            add(Problem(where, label, "unknown role"))
        sources_exist("role_demand", demand.role, label, demand.sources)
        for tid in demand.tools:
            if tid not in pack.tools:
                add(Problem(where, label, f"unknown tool '{tid}'"))
        low, high = demand.positions_at_risk_pct
        if not 0 <= low <= high <= 100:
            add(Problem(where, label, f"positions at risk {low}-{high}% is not a range in 0-100"))

    alias_owners: dict[str, set[str]] = defaultdict(set)
    for role in pack.roles.values():
        where = origin("roles", role.id)
        label = f"role '{role.id}'"
        if role.department not in pack.departments:
            add(Problem(where, label, f"unknown department '{role.department}'"))
        sources_exist("roles", role.id, label, role.sources)
        if (role.kind == "owner") != (role.venture is not None):
            add(Problem(where, label, "only kind 'owner' has, and needs, a venture block"))
        if role.venture:
            for rid in role.venture.suits:
                if rid not in pack.roles:
                    add(Problem(where, label, f"venture suits unknown role '{rid}'"))
        if not role.sources and not any(t.sources for t in role.tasks):
            add(Problem(where, label, "role without sources"))
        levels = set(role.seniority)
        recommendable: set[str] = set()
        totals: dict[str, float] = defaultdict(float)
        task_ids: set[str] = set()
        for task in role.tasks:
            tlabel = f"{label} task '{task.id}'"
            if task.id in task_ids:
                add(Problem(where, tlabel, "task id used twice in this role"))
            task_ids.add(task.id)
            sources_exist("roles", role.id, tlabel, task.sources)
            for level, share in task.share.items():
                if level not in levels:
                    add(
                        Problem(
                            where,
                            tlabel,
                            f"share given for '{level.value}', a level the role does not list "
                            f"({', '.join(s.value for s in role.seniority)})",
                        )
                    )
                totals[level.value] += share
            for link in task.capabilities:
                if link.id not in pack.capabilities:
                    add(Problem(where, tlabel, f"unknown capability '{link.id}'"))
            if len({link.id for link in task.capabilities}) != len(task.capabilities):
                add(Problem(where, tlabel, "a capability is linked twice"))
            for sid in task.skills:
                if sid not in pack.skills:
                    add(Problem(where, tlabel, f"unknown skill '{sid}'"))
            for tlink in task.tools:
                llabel = f"{tlabel} tool link '{tlink.tool}'"
                if tlink.tool not in pack.tools:
                    add(Problem(where, llabel, "unknown tool"))
                if not tlink.feature.strip():
                    add(Problem(where, llabel, "an advice link names the feature doing the work"))
                if not tlink.sources:
                    add(Problem(where, llabel, "an advice link needs a source"))
                sources_exist("roles", role.id, llabel, tlink.sources)
                linked = pack.tools.get(tlink.tool)
                if linked is not None and linked.recommendable and tlink.effect == "assist":
                    recommendable.add(linked.id)
            if len({(tl.tool, tl.feature) for tl in task.tools}) != len(task.tools):
                add(Problem(where, tlabel, "a tool feature is linked twice"))
        for level in role.seniority:
            total = totals.get(level.value, 0.0)
            if abs(total - 1.0) > SHARE_TOLERANCE:
                add(
                    Problem(
                        where,
                        label,
                        f"task shares for '{level.value}' add up to {total:.3f}, not 1",
                    )
                )
        if (
            role.kind == "craft"
            and len(recommendable) < MIN_CRAFT_TOOLS
            and not role.tools_note.strip()
        ):
            add(
                Problem(
                    where,
                    label,
                    f"{len(recommendable)} public, active AI-assisted tool(s) linked to its tasks; "
                    f"link at least {MIN_CRAFT_TOOLS} or say why in tools_note",
                )
            )
        for alias in {normalise_alias(a) for a in [role.title, *role.aliases]}:
            alias_owners[alias].add(role.id)

    for alias, owners in sorted(alias_owners.items()):
        if len(owners) < 2:
            continue
        for rid in sorted(owners):
            marked = {normalise_alias(a) for a in pack.roles[rid].ambiguous_aliases}
            if alias not in marked:
                others = ", ".join(sorted(owners - {rid}))
                add(
                    Problem(
                        origin("roles", rid),
                        f"role '{rid}'",
                        f"alias '{alias}' also belongs to {others}; list it in ambiguous_aliases",
                    )
                )
    problems += check_headcounts(pack) + check_successors(pack)
    return problems


HEADCOUNT_TOLERANCE = 0.15
"""How far a stated headcount range may sit from occupation people x share (rounding)."""


def occupation_people(pack: KnowledgePack, soc: str) -> float | None:
    """People in a SOC occupation: OEWS May 2024 wage-and-salary jobs grossed up by BLS's
    self-employed share (OEWS leaves the self-employed out; BLS Employment Projections count
    them). None when the pack has no employment figure for it."""
    occ = pack.occupations.get(soc)
    if occ is None or occ.employment_2024 is None:
        return None
    self_employed = (occ.self_employed_pct_2024 or 0.0) / 100
    return occ.employment_2024 / (1 - min(self_employed, 0.9))


def check_headcounts(pack: KnowledgePack) -> list[Problem]:
    """Craft roles carry a headcount whose range follows from its stated basis, and the shares
    of one occupation do not claim more than all of its people."""
    problems: list[Problem] = []
    add = problems.append
    claimed: dict[str, float] = defaultdict(float)
    for role in pack.roles.values():
        where = pack.origin.get(f"roles:{role.id}", "roles")
        label = f"role '{role.id}'"
        hc = role.headcount
        if hc is None:
            if role.kind == "craft":
                add(
                    Problem(
                        where,
                        label,
                        "a craft role needs a headcount: us_estimate [low, high], its basis "
                        "and sources",
                    )
                )
            continue
        low, high = hc.us_estimate
        if not 0 < low <= high:
            add(Problem(where, label, f"headcount {low}-{high} is not a range of people"))
        for sid in [*hc.sources, *(hc.freelance_share.sources if hc.freelance_share else [])]:
            if sid not in pack.sources:
                add(Problem(where, f"{label} headcount", f"unknown source id '{sid}'"))
        if (hc.soc is None) != (hc.share is None):
            add(Problem(where, f"{label} headcount", "give soc and share together, or neither"))
        if hc.soc is None or hc.share is None:
            continue
        if not any(code.startswith(hc.soc) for code in role.soc.codes):
            add(
                Problem(
                    where,
                    f"{label} headcount",
                    f"soc {hc.soc} is not one of the role's SOC codes",
                )
            )
        people = occupation_people(pack, hc.soc)
        if people is None:
            add(Problem(where, f"{label} headcount", f"no employment figure for {hc.soc}"))
            continue
        s_low, s_high = hc.share
        if s_low > s_high:
            add(Problem(where, f"{label} headcount", f"share {s_low}-{s_high} is not a range"))
        claimed[hc.soc] += s_low
        lo, hi = s_low * people, s_high * people
        if not (
            abs(low - lo) <= HEADCOUNT_TOLERANCE * lo + 50
            and abs(high - hi) <= HEADCOUNT_TOLERANCE * hi + 50
        ):
            add(
                Problem(
                    where,
                    f"{label} headcount",
                    f"us_estimate {low}-{high} does not follow from share {s_low}-{s_high} of "
                    f"{hc.soc}'s {people:,.0f} people ({lo:,.0f}-{hi:,.0f})",
                )
            )
    for soc, total in sorted(claimed.items()):
        if total > 1.0 + SHARE_TOLERANCE:
            add(
                Problem(
                    "roles",
                    f"occupation {soc}",
                    f"the roles' lowest headcount shares add up to {total:.2f}, more than all of "
                    "the occupation's people",
                )
            )
    return problems


def check_successors(pack: KnowledgePack) -> list[Problem]:
    """``replaces`` declarations: a retired id is not a live role, has one primary successor,
    and its task map points at the successor's own tasks."""
    problems: list[Problem] = []
    add = problems.append
    primaries: dict[str, list[str]] = defaultdict(list)
    mapped: dict[tuple[str, str], str] = {}
    for role in pack.roles.values():
        where = pack.origin.get(f"roles:{role.id}", "roles")
        label = f"role '{role.id}'"
        own = {t.id for t in role.tasks}
        for rep in role.replaces:
            if rep.id == role.id:
                add(Problem(where, label, "a role cannot replace itself"))
            if rep.primary:
                primaries[rep.id].append(role.id)
            else:
                primaries.setdefault(rep.id, [])
            for old, new in rep.tasks.items():
                if new not in own:
                    add(
                        Problem(
                            where,
                            f"{label} replaces '{rep.id}'",
                            f"task '{old}' maps to '{new}', not a task of this role",
                        )
                    )
                if (rep.id, old) in mapped:
                    add(
                        Problem(
                            where,
                            f"{label} replaces '{rep.id}'",
                            f"task '{old}' is already mapped by '{mapped[(rep.id, old)]}'",
                        )
                    )
                mapped[(rep.id, old)] = role.id
    for old, owners in sorted(primaries.items()):
        if old in pack.roles:
            # An overlay may bring a retired id back as a live role; it then wins.
            continue
        if len(owners) != 1:
            who = ", ".join(owners) or "none"
            add(
                Problem(
                    "roles",
                    f"retired role '{old}'",
                    f"needs exactly one primary successor (primary: true), has {who}",
                )
            )
    return problems
