"""The organisation page: upload a generated roster, get the group report; nothing kept."""

from __future__ import annotations

import csv
import io
import random

import httpx

TITLES = ["Senior DI colourist", "boom operator", "Picture editor", "gaffer", "focus puller"]


def _roster(n: int) -> bytes:
    rng = random.Random(5)
    buffer = io.StringIO()
    w = csv.writer(buffer)
    w.writerow(["id", "title", "region"])
    for i in range(n):
        w.writerow([f"member-{i}", rng.choice(TITLES), rng.choice(["Leeds", "York"])])
    return buffer.getvalue().encode()


def test_upload_gives_a_private_group_report(client: httpx.Client, csrf: str) -> None:
    form = client.get("/organisation")
    assert form.status_code == 200
    assert 'enctype="multipart/form-data"' in form.text
    res = client.post(
        "/organisation",
        data={"csrf_token": csrf, "kind": "roster", "min_group": "5"},
        files={"roster": ("team.csv", _roster(120), "text/csv")},
    )
    assert res.status_code == 200, res.text[:500]
    assert "Group report" in res.text and "<svg" in res.text
    assert "member-" not in res.text  # no ids in the report
    assert res.headers["cache-control"] == "no-store"
    assert "attachment" in res.headers["content-disposition"]


def test_upload_errors_are_shown_on_the_form(client: httpx.Client, csrf: str) -> None:
    res = client.post(
        "/organisation",
        data={"csrf_token": csrf, "min_group": "2"},
        files={"roster": ("team.doc", b"x", "application/msword")},
    )
    assert res.status_code == 422
    assert "Upload a .csv" in res.text and "between 5 and 1,000" in res.text
    refused = client.post(
        "/organisation",
        data={"min_group": "5"},
        files={"roster": ("team.csv", _roster(10), "text/csv")},
    )
    assert refused.status_code == 403  # no form token: refused like every other form
