"""Fixtures of the web tests: one real server for the session, and an HTTP client."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from webserver import Server, start_server, stop_server, token_on


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    srv = start_server(tmp_path_factory.mktemp("server"))
    yield srv
    stop_server(srv)


@pytest.fixture()
def client(server: Server) -> Iterator[httpx.Client]:
    # The questionnaire answers POST with a redirect to a GET (Back and reload work): follow it.
    with httpx.Client(base_url=server.url, timeout=60, follow_redirects=True) as c:
        yield c


@pytest.fixture()
def csrf(client: httpx.Client) -> str:
    """Load the start page (which sets the CSRF cookie) and return the form token on it."""
    page = client.get("/start")
    assert page.status_code == 200
    return token_on(page)
