"""What changed on the web: an analysis saved with an older pack offers the update and its
difference, its owner updates it in place, and the pack's history is a page and an Atom feed."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import httpx
from webserver import Server, token_on

from reelshift.store import NewAnalysis
from reelshift.store.sql import SqlRepository

OLD = Path(__file__).resolve().parents[1] / "data" / "analysis-1.0-colorist.json"


def _save_old(server: Server) -> tuple[str, str]:
    """An analysis saved by ReelShift 0.1 (schema 1.0, pack 0.1.0), straight into the store."""
    old = json.loads(OLD.read_text(encoding="utf-8"))
    repo = SqlRepository(f"sqlite:///{server.data_dir / 'reelshift.db'}")
    receipt = repo.save(
        NewAnalysis(
            profile_json=json.dumps(old["profile"]),
            analysis_json=json.dumps(old),
            summary="Colourist (mid)",
            pack="reelshift-builtin 0.1.0",
            schema_version="1.0",
        )
    )
    repo.close()
    return receipt.token, receipt.delete_token


def test_an_older_analysis_offers_its_update_and_the_owner_updates_it(
    client: httpx.Client, server: Server
) -> None:
    token, delete_key = _save_old(server)
    page = client.get(f"/a/{token}")
    assert page.status_code == 200
    assert "Updated analysis available" in page.text
    assert "reelshift-builtin 0.1.0" in page.text
    csrf = token_on(page)
    wrong = client.post(f"/a/{token}/update", data={"csrf_token": csrf, "delete_key": "x" * 43})
    assert wrong.status_code == 403
    done = client.post(
        f"/a/{token}/update",
        data={"csrf_token": csrf, "delete_key": delete_key},
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"] == f"/a/{token}?updated=1"
    after = client.get(done.headers["location"])
    assert after.status_code == 200
    assert "Updated." in after.text
    assert "Updated analysis available" not in after.text


def test_updates_page_and_feed_list_changes_by_craft(client: httpx.Client) -> None:
    all_changes = client.get("/updates")
    assert all_changes.status_code == 200 and "What changed" in all_changes.text
    screenwriter = client.get("/updates", params={"role": "screenwriter"})
    assert screenwriter.status_code == 200
    assert "WGA" in screenwriter.text
    assert client.get("/updates", params={"role": "no-such-craft"}).status_code == 404
    feed = client.get("/updates.atom", params={"role": "screenwriter"})
    assert feed.status_code == 200
    assert feed.headers["content-type"].startswith("application/atom+xml")
    root = ET.fromstring(feed.content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = root.findall("a:entry", ns)
    assert entries and all(e.find("a:updated", ns) is not None for e in entries)
    assert re.search(r"WGA", feed.text)
