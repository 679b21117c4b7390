"""The JSON API over HTTP, against a real `reelshift serve` process."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from webserver import Server, start_server, stop_server

from reelshift.models import SCHEMA_VERSION

CLI = [sys.executable, "-m", "reelshift"]
ROTO = {"roles": ["rotoscope-artist"], "seniority": "junior"}


def test_analyze_returns_the_cli_schema(client: httpx.Client) -> None:
    r = client.post("/api/v1/analyze", json=ROTO)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/json")
    api = r.json()
    cli = subprocess.run(
        [*CLI, "analyze", "--role", "rotoscope-artist", "--seniority", "junior", "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert api == json.loads(cli.stdout)
    assert api["headline"]["category"] == "high_risk"
    assert {t["id"].split(":")[0] for t in api["tasks"]} == {"rotoscope-artist"}


def test_analyze_from_a_title(client: httpx.Client) -> None:
    r = client.post("/api/v1/analyze", json={"title": "senior vfx supervisor"})
    assert r.status_code == 200
    body = r.json()
    assert body["roles"][0]["id"] == "vfx-supervisor"
    assert body["roles"][0]["seniority_used"] == "senior"


def test_ambiguous_title_asks_to_choose(client: httpx.Client) -> None:
    r = client.post("/api/v1/analyze", json={"title": "subtitler"})
    assert r.status_code == 409
    body = r.json()
    assert body["status"] == "ambiguous"
    roles = {c["role"] for c in body["candidates"]}
    assert {"captioner", "subtitle-translator"} <= roles
    assert all(c["title"] for c in body["candidates"])


def test_unknown_role_is_a_clear_422(client: httpx.Client) -> None:
    r = client.post("/api/v1/analyze", json={"roles": ["rotoscope-artst"]})
    assert r.status_code == 422
    body = r.json()
    assert "rotoscope-artst" in body["detail"][0]["msg"]
    assert "rotoscope-artist" in body["choices"]


def test_validation_errors_name_the_field(client: httpx.Client) -> None:
    r = client.post(
        "/api/v1/analyze",
        json={"title": "editor", "seniority": "boss", "hours_per_week": 400, "colour": 1},
    )
    assert r.status_code == 422
    where = {tuple(d["loc"]): d["msg"] for d in r.json()["detail"]}
    assert "junior" in where[("body", "seniority")]
    assert "100" in where[("body", "hours_per_week")]
    assert ("body", "colour") in where
    assert "input" not in json.dumps(r.json()["detail"][0])  # input values are not echoed


def test_malformed_json_is_422(client: httpx.Client) -> None:
    r = client.post(
        "/api/v1/analyze",
        content=b'{"title": "editor",',
        headers={"content-type": "application/json"},
    )
    assert r.status_code == 422
    assert r.json()["detail"][0]["type"] == "json_invalid"


def test_oversized_body_is_413(client: httpx.Client) -> None:
    big = json.dumps({"title": "editor", "description": "x" * 300_000})
    r = client.post("/api/v1/analyze", content=big, headers={"content-type": "application/json"})
    assert r.status_code == 413
    assert "limit" in r.json()["detail"]


def test_oversized_chunked_body_is_413(client: httpx.Client) -> None:
    def chunks():  # type: ignore[no-untyped-def]
        yield b'{"title": "editor", "description": "'
        for _ in range(50):
            yield b"y" * 10_000
        yield b'"}'

    r = client.post(
        "/api/v1/analyze", content=chunks(), headers={"content-type": "application/json"}
    )
    assert r.status_code == 413


def test_match(client: httpx.Client) -> None:
    r = client.post("/api/v1/match", json={"text": "junior roto artist, freelance"})
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "confident"
    assert body["candidates"][0]["role"] == "rotoscope-artist"
    assert body["seniority"] == "junior"
    assert body["employment"] == "freelance"
    dp = client.post("/api/v1/match", json={"text": "subtitler"}).json()
    assert dp["status"] == "ambiguous" and len(dp["candidates"]) >= 2
    assert client.post("/api/v1/match", json={"text": ""}).status_code == 422


def test_roles_and_industry(client: httpx.Client) -> None:
    roles = client.get("/api/v1/roles").json()
    ids = {r["id"] for r in roles}
    assert {"rotoscope-artist", "director", "colorist"} <= ids
    roto = next(r for r in roles if r["id"] == "rotoscope-artist")
    assert roto["tasks"] and roto["tasks"][0]["id"].startswith("rotoscope-artist:")
    rows = client.get("/api/v1/industry", params={"seniority": "junior"}).json()
    assert {r["role"] for r in rows} == ids
    assert all(0 <= r["exposure"]["now"] <= r["exposure"]["in_5y"] + 1e-9 for r in rows)
    bad = client.get("/api/v1/industry", params={"scenario": "warp"})
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"] == ["query", "scenario"]


def test_saved_analysis_lifecycle(client: httpx.Client) -> None:
    r = client.post("/api/v1/analyses", json={"profile": ROTO})
    assert r.status_code == 201
    saved = r.json()
    token, delete_token = saved["token"], saved["delete_token"]
    assert len(token) >= 43 and re.fullmatch(r"[A-Za-z0-9_-]+", token)  # 256 random bits
    assert token != delete_token
    assert saved["link"].endswith(f"/a/{token}")

    got = client.get(f"/api/v1/analyses/{token}")
    assert got.status_code == 200
    assert got.headers["cache-control"] == "no-store"
    body = got.json()
    assert body["id"] == saved["id"]
    assert body["analysis"]["headline"]["category"] == "high_risk"
    assert client.get(saved["link"]).status_code == 200

    wrong = client.delete(f"/api/v1/analyses/{token}", headers={"X-Delete-Token": "x" * 43})
    assert wrong.status_code == 403
    assert client.delete(f"/api/v1/analyses/{token}").status_code == 403
    assert client.get(f"/api/v1/analyses/{token}").status_code == 200  # still there

    gone = client.delete(f"/api/v1/analyses/{token}", headers={"X-Delete-Token": delete_token})
    assert gone.status_code == 204
    assert client.get(f"/api/v1/analyses/{token}").status_code == 404
    page = client.get(f"/a/{token}")
    assert page.status_code == 404
    assert "does not exist" in page.text and "<!doctype html>" in page.text
    again = client.delete(f"/api/v1/analyses/{token}", headers={"X-Delete-Token": delete_token})
    assert again.status_code == 404


def test_unknown_tokens_are_404(client: httpx.Client) -> None:
    assert client.get("/api/v1/analyses/" + "A" * 43).status_code == 404
    assert client.get("/api/v1/analyses/short").status_code == 404
    assert client.get("/a/" + "A" * 43).status_code == 404


def test_security_headers(client: httpx.Client) -> None:
    for path in ("/", "/api/v1/roles", "/does-not-exist", "/static/app.css"):
        r = client.get(path)
        csp = r.headers["content-security-policy"]
        assert "default-src 'none'" in csp and "script-src 'self'" in csp
        assert "unsafe-inline" not in csp
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["x-frame-options"] == "DENY"
        assert r.headers["referrer-policy"] == "same-origin"
        assert "server" not in r.headers


def test_every_asset_is_served_locally(client: httpx.Client) -> None:
    for path in ("/", "/industry", "/method", "/compare", "/api/v1/docs", "/report?role=editor"):
        html = client.get(path).text
        assets = re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="([^"]+)"', html)
        assert assets, path
        for url in assets:
            assert url.startswith("/static/"), f"{path} loads {url}"
            assert client.get(url).status_code == 200
        assert "@import" not in html and "fonts.googleapis" not in html
    css = client.get("/static/app.css").text
    assert "url(http" not in css and "@import" not in css


def test_openapi_and_local_docs(client: httpx.Client) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    paths = spec["paths"]
    assert {"post"} <= set(paths["/api/v1/analyze"])
    assert {"post"} <= set(paths["/api/v1/match"])
    assert {"get"} <= set(paths["/api/v1/roles"]) and {"get"} <= set(paths["/api/v1/industry"])
    assert {"post"} <= set(paths["/api/v1/analyses"])
    assert {"get", "delete"} <= set(paths["/api/v1/analyses/{token}"])
    assert not any(p.startswith("/a/") or p == "/start" for p in paths)  # pages stay out
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert "DELETE /api/v1/analyses/{token}" in docs.text
    assert client.get("/docs").status_code == 404  # no CDN-based Swagger UI


def test_pages_answer(client: httpx.Client) -> None:
    for path in ("/", "/start", "/industry", "/compare", "/method", "/report?role=director"):
        r = client.get(path)
        assert r.status_code == 200, path
        assert r.headers["content-type"].startswith("text/html")
    assert client.get("/report?role=no-such-role").status_code == 404
    assert "Sources" in client.get("/method").text


def test_rate_limit(tmp_path: Path) -> None:
    server: Server = start_server(tmp_path, REELSHIFT_RATE_ANALYZE="3", REELSHIFT_RATE_SAVE="1")
    try:
        with httpx.Client(base_url=server.url, timeout=30) as c:
            codes = [c.post("/api/v1/analyze", json=ROTO).status_code for _ in range(4)]
            assert codes == [200, 200, 200, 429]
            limited = c.post("/api/v1/analyze", json=ROTO)
            assert limited.status_code == 429
            assert int(limited.headers["retry-after"]) >= 1
            assert "try again" in limited.json()["detail"]
            assert c.post("/api/v1/analyses", json={"profile": ROTO}).status_code == 201
            assert c.post("/api/v1/analyses", json={"profile": ROTO}).status_code == 429
            assert c.get("/api/v1/roles").status_code == 200  # reading is not limited
    finally:
        stop_server(server)


@pytest.mark.parametrize("path", ["/api/v1/analyze", "/api/v1/analyses"])
def test_wrong_content_type_is_422(client: httpx.Client, path: str) -> None:
    r = client.post(path, content=b"title=editor", headers={"content-type": "text/plain"})
    assert r.status_code == 422


def test_saved_under_an_older_schema_is_analysed_again(
    server: Server, client: httpx.Client
) -> None:
    from reelshift.store import NewAnalysis, open_repository

    repo = open_repository(f"sqlite:///{server.data_dir / 'reelshift.db'}")
    try:
        old = repo.save(
            NewAnalysis(
                profile_json=json.dumps(ROTO),
                analysis_json='{"schema_version": "0.1", "headline": {}}',
                summary="Rotoscope artist (junior)",
                pack="reelshift-builtin 0.0.1",
                schema_version="0.1",
            )
        )
        broken = repo.save(NewAnalysis("{", "{", "x", "p", "0.1"))
    finally:
        repo.close()
    page = client.get(f"/a/{old.token}")
    assert page.status_code == 200
    assert "saved with an earlier version" in page.text
    assert "High risk of disruption" in page.text
    assert client.get(f"/a/{old.token}/analysis.json").json()["schema_version"] == SCHEMA_VERSION
    assert client.get(f"/a/{broken.token}").status_code == 404
