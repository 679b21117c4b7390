"""The industry view: every role's figures at a reference seniority level."""

from __future__ import annotations

from pydantic import BaseModel

from reelshift.exposure import HORIZONS, SCENARIOS, Scenario, model_for
from reelshift.kb.loader import KnowledgePack, builtin_pack
from reelshift.kb.schema import Seniority
from reelshift.models import Category, Horizons
from reelshift.paths import nearest_level, role_mix


class IndustryRow(BaseModel):
    role: str
    title: str
    department: str
    kind: str
    seniority: Seniority
    exposure: Horizons
    automation: Horizons
    augmentation: Horizons
    category: Category
    soc: list[str]


def industry(
    pack: KnowledgePack | None = None,
    seniority: Seniority = Seniority.mid,
    scenario: Scenario = "expected",
) -> list[IndustryRow]:
    """One row per role (at ``seniority``, or the role's nearest level), by department."""
    pack = pack or builtin_pack()
    model = model_for(pack)
    s = SCENARIOS.index(scenario)
    rows = []
    for role in pack.roles.values():
        level = nearest_level(role, seniority)
        mix = role_mix(model, role, level)
        fig = model.person(mix.rows, mix.shares)

        def h(arr: object) -> Horizons:
            return Horizons(**{k: round(float(arr[s, y]), 4) for k, y in HORIZONS.items()})  # type: ignore[index]

        rows.append(
            IndustryRow(
                role=role.id,
                title=role.title,
                department=role.department,
                kind=role.kind,
                seniority=level,
                exposure=h(fig.exposure),
                automation=h(fig.automation),
                augmentation=h(fig.augmentation),
                category=fig.category(),
                soc=list(role.soc.codes),
            )
        )
    order = list(pack.departments)
    rows.sort(key=lambda r: (order.index(r.department) if r.department in order else 99, r.role))
    return rows
