"""The industry page counts people: departments with headcounts, sorted and filtered by query
parameters (no JavaScript), and retired role ids still open a report."""

from __future__ import annotations

import re

import httpx

from reelshift.industry import industry_view
from reelshift.kb.loader import builtin_pack


def _department_rows(html: str) -> list[tuple[str, int]]:
    """(department id, people midpoint) of each row of the department table, in page order."""
    table = html.split('id="department-table"', 1)[1].split("</table>", 1)[0]
    return [(d, int(n)) for d, n in re.findall(r'data-dept="([a-z-]+)" data-people="(\d+)"', table)]


def test_departments_show_headcounts_sorted_by_people(client: httpx.Client) -> None:
    r = client.get("/industry")
    assert r.status_code == 200
    rows = _department_rows(r.text)
    view = industry_view(builtin_pack())
    assert {d for d, _ in rows} == {d.department for d in view.departments}
    people = [n for _, n in rows]
    assert people == sorted(people, reverse=True)
    low, high = view.people
    assert f"{low:,}–{high:,}" in r.text  # the total row
    assert "Most exposed tasks across the industry" in r.text


def test_department_sort_and_filter_by_query_parameters(client: httpx.Client) -> None:
    by_name = _department_rows(client.get("/industry", params={"dsort": "name"}).text)
    names = {d.department: d.name for d in industry_view(builtin_pack()).departments}
    titles = [names[d] for d, _ in by_name]
    assert titles == sorted(titles, key=str.casefold)
    only = client.get("/industry", params={"department": "camera"}).text
    assert [d for d, _ in _department_rows(only)] == ["camera"]
    # The role table sorts by people too, largest first, crafts before roles without a count.
    roles = client.get("/industry", params={"sort": "people", "dir": "desc"}).text
    values = [
        float(v) for v in re.findall(r'data-people="(-?[\d.]+)"', roles.split("industry-table")[1])
    ]
    assert values == sorted(values, reverse=True) and values[0] > 0
    bad = client.get("/industry", params={"dsort": "<script>"})
    assert bad.status_code == 200 and "<script>" not in bad.text.split("<main", 1)[1]


def test_a_retired_role_id_still_opens_its_successors_report(client: httpx.Client) -> None:
    r = client.get("/report", params={"role": "cinematographer"})
    assert r.status_code == 200
    assert "Videographer" in r.text and "was retired" in r.text
    assert client.get("/report", params={"role": "no-such-role"}).status_code == 404
