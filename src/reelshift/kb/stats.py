"""Counts and coverage figures behind ``reelshift kb stats``."""

from __future__ import annotations

from collections import Counter

from reelshift.kb.loader import KnowledgePack


def pack_stats(pack: KnowledgePack) -> dict[str, object]:
    tasks = [t for r in pack.roles.values() for t in r.tasks]
    cited = {s for t in tasks for s in t.sources} | {
        s for r in pack.roles.values() for s in r.sources
    }
    cited |= {s for c in pack.capabilities.values() for p in c.timeline for s in p.sources}
    cited |= {s for tool in pack.tools.values() for s in tool.sources}
    return {
        "roles": len(pack.roles),
        "emerging_roles": sum(r.kind == "emerging" for r in pack.roles.values()),
        "departments": len(pack.departments),
        "tasks": len(tasks),
        "tasks_with_sources": sum(bool(t.sources) for t in tasks),
        "capabilities": len(pack.capabilities),
        "tools": len(pack.tools),
        "skills": len(pack.skills),
        "sources": len(pack.sources),
        "sources_cited": len(cited & set(pack.sources)),
        "occupations": len(pack.occupations),
        "guild_agreements": len(pack.guilds),
        "aliases": sum(len(r.aliases) for r in pack.roles.values()),
        "coverage": {
            "roles_with_soc_codes": sum(bool(r.soc.codes) for r in pack.roles.values()),
            "roles_with_market_facts": sum(
                any(c[:7] in pack.occupations for c in r.soc.codes) for r in pack.roles.values()
            ),
            "roles_with_guild_terms": sum(
                r.id in pack.agreements_by_role for r in pack.roles.values()
            ),
            "roles_with_communities": sum(bool(r.communities) for r in pack.roles.values()),
            "share_of_tasks_with_sources": round(
                sum(bool(t.sources) for t in tasks) / len(tasks), 3
            )
            if tasks
            else 0.0,
            "tasks_with_capability_links": sum(bool(t.capabilities) for t in tasks),
            "capabilities_by_level_now": dict(
                Counter(c.timeline[-1].level.value for c in pack.capabilities.values())
            ),
        },
        "roles_by_department": dict(Counter(r.department for r in pack.roles.values())),
        "pack": {"name": pack.meta.name, "version": pack.meta.version, "as_of": pack.meta.as_of},
    }
