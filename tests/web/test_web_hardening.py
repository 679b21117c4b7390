"""Hardening: slow and idle clients, trusted hosts and proxies, HEAD and OPTIONS, escaped log
lines and retention — against a real `reelshift serve` on loopback."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import httpx
import pytest
from webserver import Server, start_server, stop_server


@pytest.fixture(scope="module")
def tight(tmp_path_factory: pytest.TempPathFactory) -> Server:
    srv = start_server(
        tmp_path_factory.mktemp("tight"),
        REELSHIFT_HEADER_TIMEOUT="1",
        REELSHIFT_BODY_TIMEOUT="1",
        REELSHIFT_ALLOWED_HOSTS="127.0.0.1,localhost",
        REELSHIFT_RATE_ANALYZE="3",
    )
    yield srv  # type: ignore[misc]
    stop_server(srv)


def _port(server: Server) -> int:
    return int(server.url.rsplit(":", 1)[1])


def test_idle_and_half_finished_connections_are_closed(tight: Server) -> None:
    idle = socket.create_connection(("127.0.0.1", _port(tight)), timeout=5)
    slow = socket.create_connection(("127.0.0.1", _port(tight)), timeout=5)
    slow.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # never finishes its headers
    time.sleep(2.0)
    for sock in (idle, slow):
        sock.settimeout(3)
        assert sock.recv(1024) == b""  # the server hung up
        sock.close()
    assert httpx.get(f"{tight.url}/healthz", timeout=5).status_code == 200


def test_a_body_that_never_arrives_times_out(tight: Server) -> None:
    sock = socket.create_connection(("127.0.0.1", _port(tight)), timeout=10)
    sock.sendall(
        b"POST /api/v1/analyze HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        b'Content-Length: 500\r\n\r\n{"title": '
    )
    sock.settimeout(10)
    reply = sock.recv(4096)
    sock.close()
    assert reply.startswith(b"HTTP/1.1 408")


def test_unknown_hosts_are_refused(tight: Server) -> None:
    ok = httpx.get(f"{tight.url}/healthz", headers={"Host": "localhost"})
    assert ok.status_code == 200
    bad = httpx.get(f"{tight.url}/start", headers={"Host": "evil.example"})
    assert bad.status_code == 400
    assert "evil.example" not in bad.text


def test_forwarded_for_is_not_believed_without_a_configured_proxy(tight: Server) -> None:
    statuses = [
        httpx.post(
            f"{tight.url}/api/v1/analyze",
            json={"roles": ["editor"]},
            headers={"X-Forwarded-For": f"10.0.0.{i}"},
        ).status_code
        for i in range(6)
    ]
    assert 429 in statuses  # rotating the header does not escape the per-client limit


def test_head_and_options_and_allow(server: Server) -> None:
    for path in ("/", "/start", "/industry", "/healthz", "/api/v1/roles", "/method"):
        head = httpx.head(f"{server.url}{path}")
        assert head.status_code == 200, path
        assert head.content == b""
    options = httpx.options(f"{server.url}/api/v1/analyses/{'A' * 43}")
    assert options.status_code == 204
    allow = {m.strip() for m in options.headers["allow"].split(",")}
    assert {"GET", "HEAD", "DELETE", "OPTIONS"} <= allow
    wrong = httpx.put(f"{server.url}/api/v1/analyses/{'A' * 43}")
    assert wrong.status_code == 405
    assert "DELETE" in wrong.headers["allow"]


def test_control_characters_in_paths_do_not_forge_log_lines(server: Server) -> None:
    forged = "x%0d%0a2026-01-01 INFO reelshift.web.access: GET /forged 200"
    httpx.get(f"{server.url}/nothing-{forged}")
    time.sleep(0.5)
    lines = server.log_text().splitlines()
    assert not any(
        line.startswith("2026-01-01 INFO reelshift.web.access: GET /forged") for line in lines
    )
    assert any("\\r\\n" in line for line in lines)


def test_expired_analyses_are_purged_on_start(tmp_path: Path) -> None:
    from reelshift.store import NewAnalysis
    from reelshift.store.sql import SqlRepository

    data = tmp_path / "data"
    repo = SqlRepository(f"sqlite:///{data / 'reelshift.db'}")
    repo.migrate()
    import datetime as dt

    repo.save(NewAnalysis("{}", "{}", "old", "p", "2.0"), dt.timedelta(seconds=-1))
    repo.save(NewAnalysis("{}", "{}", "live", "p", "2.0"), dt.timedelta(days=1))
    repo.close()
    srv = start_server(tmp_path)
    try:
        check = SqlRepository(f"sqlite:///{data / 'reelshift.db'}")
        with check.engine.connect() as conn:
            import sqlalchemy as sa

            left = conn.execute(sa.text("SELECT summary FROM saved_analyses")).scalars().all()
        check.close()
        assert left == ["live"]
    finally:
        stop_server(srv)


def test_share_links_use_the_public_url_not_the_host_header(tmp_path: Path) -> None:
    srv = start_server(
        tmp_path,
        REELSHIFT_PUBLIC_URL="https://reelshift.example.org",
        REELSHIFT_ALLOWED_HOSTS="127.0.0.1,localhost",
    )
    try:
        saved = httpx.post(f"{srv.url}/api/v1/analyses", json={"profile": {"roles": ["editor"]}})
        assert saved.status_code == 201
        assert saved.json()["link"].startswith("https://reelshift.example.org/a/")
        spoofed = httpx.post(
            f"{srv.url}/api/v1/analyses",
            json={"profile": {"roles": ["editor"]}},
            headers={"Host": "evil.example"},
        )
        assert spoofed.status_code == 400
    finally:
        stop_server(srv)


def test_storage_quotas_answer_429_and_507_and_store_nothing(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    srv = start_server(tmp_path / "a", REELSHIFT_MAX_SAVES_PER_CLIENT="2")
    try:
        body = {"profile": {"roles": ["gaffer"]}}
        codes = [httpx.post(f"{srv.url}/api/v1/analyses", json=body).status_code for _ in range(3)]
        assert codes == [201, 201, 429]
    finally:
        stop_server(srv)
    full = start_server(tmp_path / "b", REELSHIFT_MAX_STORE_BYTES="1")
    try:
        first = httpx.post(f"{full.url}/api/v1/analyses", json={"profile": {"roles": ["gaffer"]}})
        second = httpx.post(f"{full.url}/api/v1/analyses", json={"profile": {"roles": ["grip"]}})
        assert first.status_code == 201  # the store was empty
        assert second.status_code == 507
    finally:
        stop_server(full)


def test_pdfs_are_limited_per_client_and_cached(tmp_path: Path) -> None:
    pytest.importorskip("weasyprint")
    from reelshift.render import pdf

    if not pdf.available():
        pytest.skip("WeasyPrint's system libraries are missing (apt-get install libpango-1.0-0)")
    srv = start_server(tmp_path, REELSHIFT_RATE_PDF="1")
    try:
        saved = httpx.post(f"{srv.url}/api/v1/analyses", json={"profile": {"roles": ["editor"]}})
        token = saved.json()["token"]
        other = httpx.post(f"{srv.url}/api/v1/analyses", json={"profile": {"roles": ["grip"]}})
        first = httpx.get(f"{srv.url}/a/{token}/report.pdf", timeout=120)
        assert first.status_code == 200 and first.content.startswith(b"%PDF")
        again = httpx.get(f"{srv.url}/a/{token}/report.pdf", timeout=120)
        assert again.status_code == 200 and again.content == first.content  # from the cache
        limited = httpx.get(f"{srv.url}/a/{other.json()['token']}/report.pdf", timeout=120)
        assert limited.status_code == 429 and "retry-after" in limited.headers
    finally:
        stop_server(srv)
