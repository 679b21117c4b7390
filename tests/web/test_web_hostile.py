"""Hostile input: markup in every text field comes back escaped, limits hold, forms need a CSRF
token, and none of the input reaches the server's log."""

from __future__ import annotations

import json
import re

import httpx
import pytest
from webserver import Server, token_on

MARK = "zq81hostile"
SCRIPT = f"<script>alert('{MARK}')</script>"
HTML = f'<img src=x onerror="alert(1)"><b>{MARK}</b>'


def assert_escaped(text: str) -> None:
    assert "<script>alert" not in text
    assert "<img src=x" not in text
    assert f"<b>{MARK}" not in text


def test_questionnaire_fields_are_escaped(client: httpx.Client, csrf: str) -> None:
    # step 1: the description, which nothing matches
    step1 = client.post(
        "/start", data={"csrf_token": csrf, "action": "match", "describe": SCRIPT + HTML}
    )
    assert step1.status_code == 200
    assert_escaped(step1.text)
    assert "&lt;script&gt;" in step1.text
    # step 2 and the report: every free-text field at once
    form = {
        "csrf_token": csrf,
        "action": "analyze",
        "describe": f"roto artist {SCRIPT}",
        "role": "rotoscope-artist",
        "seniority": "junior",
        "task": ["rotoscope-artist:articulate-roto", "rotoscope-artist:paint-out"],
        "share:rotoscope-artist:articulate-roto": "60",
        "share:rotoscope-artist:paint-out": "40",
        "tools": [SCRIPT],
        "other_tools": f"Nuke, {HTML}",
        "region": SCRIPT,
        "employment": "freelance",
        "sector": "features",
        "goal": "stay",
        "hours_per_week": "40",
    }
    report = client.post("/report", data=form)
    assert report.status_code == 200, report.text[:500]
    assert_escaped(report.text)
    assert report.text.count("&lt;script&gt;") >= 3  # description, region, tools
    assert "High risk of disruption" in report.text


def test_unmatched_task_text_is_escaped_in_the_error(client: httpx.Client, csrf: str) -> None:
    form = {
        "csrf_token": csrf,
        "action": "analyze",
        "role": "rotoscope-artist",
        "task": ["rotoscope-artist:paint-out"],
        "share:rotoscope-artist:paint-out": "50",
        "extra_tasks": f"{SCRIPT} qqq zzz",
    }
    r = client.post("/report", data=form)
    assert r.status_code == 422
    assert_escaped(r.text)
    assert "Please check" in r.text
    assert "qqq zzz" in r.text  # what they typed is kept in the form


def test_bad_shares_keep_the_form(client: httpx.Client, csrf: str) -> None:
    form = {
        "csrf_token": csrf,
        "action": "analyze",
        "role": "editor",
        "region": "Lisbon",
        "task": ["editor:" + "x"],
        "share:editor:x": "abc",
    }
    r = client.post("/report", data=form)
    assert r.status_code == 422
    assert "Tick at least one task" in r.text
    assert 'value="Lisbon"' in r.text


def test_saved_profile_text_is_escaped(client: httpx.Client) -> None:
    profile = {
        "title": SCRIPT,
        "roles": ["editor"],
        "description": HTML,
        "region": SCRIPT,
        "tools": [HTML],
    }
    saved = client.post("/api/v1/analyses", json={"profile": profile})
    assert saved.status_code == 201
    page = client.get(f"/a/{saved.json()['token']}")
    assert page.status_code == 200
    assert_escaped(page.text)
    assert "&lt;script&gt;" in page.text
    md = client.get(f"/a/{saved.json()['token']}/report.md")
    assert md.status_code == 200 and md.headers["content-disposition"].startswith("attachment")


def test_profile_field_in_forms_is_validated(client: httpx.Client, csrf: str) -> None:
    for bad in ("{not json", json.dumps({"roles": ["editor"], "seniority": SCRIPT})):
        r = client.post("/download", data={"csrf_token": csrf, "profile": bad, "format": "md"})
        assert r.status_code == 422
        assert_escaped(r.text)
        assert "not valid" in r.text


def test_forms_need_a_csrf_token(client: httpx.Client, csrf: str) -> None:
    profile = json.dumps({"roles": ["editor"]})
    for path, data in (
        ("/start", {"action": "match", "describe": "editor"}),
        ("/report", {"role": "editor"}),
        ("/save", {"profile": profile}),
        ("/download", {"profile": profile, "format": "md"}),
        ("/compare", {"profile": profile}),
        ("/a/" + "A" * 43 + "/delete", {}),
    ):
        missing = client.post(path, data=data)
        assert missing.status_code == 403, path
        assert "expired" in missing.text
        wrong = client.post(path, data={**data, "csrf_token": "0" * 64})
        assert wrong.status_code == 403, path
    # a right token from another origin is refused too
    other = client.post(
        "/start",
        data={"csrf_token": csrf, "action": "match", "describe": "editor"},
        headers={"Origin": "http://evil.example"},
    )
    assert other.status_code == 403
    same = client.post("/start", data={"csrf_token": csrf, "action": "match", "describe": "editor"})
    assert same.status_code == 200


def test_a_token_from_another_browser_is_refused(server: Server, csrf: str) -> None:
    with httpx.Client(base_url=server.url) as stranger:
        stranger.get("/start")  # has a CSRF cookie of its own
        r = stranger.post("/start", data={"csrf_token": csrf, "action": "match", "describe": "x"})
        assert r.status_code == 403


def test_oversized_form_is_413(client: httpx.Client, csrf: str) -> None:
    r = client.post("/start", data={"csrf_token": csrf, "describe": "x" * 400_000})
    assert r.status_code == 413
    assert "<!doctype html>" in r.text and "larger than the limit" in r.text


@pytest.mark.parametrize("length", ["abc", "-1"])
def test_bad_content_length_is_refused(server: Server, length: str) -> None:
    import socket

    host, port = server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as s:
        s.sendall(
            f"POST /api/v1/analyze HTTP/1.1\r\nHost: {host}\r\nContent-Length: {length}\r\n"
            "Content-Type: application/json\r\n\r\n{}".encode()
        )
        reply = s.recv(4096).decode(errors="replace")
    assert reply.startswith("HTTP/1.1 4")


def test_hostile_input_never_reaches_the_log(server: Server, client: httpx.Client) -> None:
    client.post("/api/v1/analyze", json={"title": f"{SCRIPT} {MARK}", "region": MARK})
    client.post("/api/v1/match", json={"text": MARK * 3})
    client.post("/api/v1/analyze", content=f'{{"title": "{MARK}"'.encode())
    client.get("/industry", params={"q": MARK})
    client.get(f"/report?role={MARK}")
    log = server.log_text()
    assert MARK not in log
    assert "reelshift.web.access" in log  # the log is there, just without the input
    assert not re.search(r"/a/[A-Za-z0-9_-]{30,}", log)  # private tokens are redacted
    assert client.get("/healthz").json()["status"] == "ok"


def test_industry_filters_escape_the_query(client: httpx.Client) -> None:
    r = client.get("/industry", params={"q": SCRIPT, "sort": SCRIPT, "dir": SCRIPT})
    assert r.status_code == 200
    assert_escaped(r.text)
    assert "No role matches" in r.text


def test_details_page_keeps_token_and_rejects_unknown_roles(client: httpx.Client) -> None:
    page = client.get("/start")
    token = token_on(page)
    r = client.post(
        "/start", data={"csrf_token": token, "action": "refresh", "role": "<b>no-such</b>"}
    )
    assert r.status_code == 200
    assert "Which of these is you?" in r.text
    assert "<b>no-such" not in r.text
