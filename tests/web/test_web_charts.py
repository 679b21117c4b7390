"""The inline SVG charts: well-formed, accessible, and drawn from the analysis's own numbers."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import reelshift
from reelshift.web import charts

NS = "{http://www.w3.org/2000/svg}"


def test_timeline_states_its_numbers() -> None:
    a = reelshift.analyze({"roles": ["rotoscope-artist"], "seniority": "junior"})
    svg = ET.fromstring(str(charts.timeline(a.headline, 2026)))
    assert svg.get("role") == "img"
    desc = svg.find(f"{NS}desc")
    assert desc is not None and desc.text
    assert f"in 5 years {a.headline.automation.in_5y:.0%}" in desc.text
    assert f"in 5 years {a.headline.exposure.in_5y:.0%}" in desc.text
    labels = [t.text for t in svg.iter(f"{NS}text")]
    assert "Now" in labels and "2028" in labels and "2031" in labels
    assert len(svg.findall(f"{NS}polyline")) == 2  # exposed and automated (values: legend)
    assert len(svg.findall(f"{NS}polygon")) == 2  # the slow-fast bands


def test_task_bar_widths_follow_the_figures() -> None:
    svg = ET.fromstring(str(charts.task_bar(0.5, 0.25)))
    rects = svg.findall(f"{NS}rect")
    assert [r.get("width") for r in rects] == ["200", "100.0", "50.0"]
    assert svg.get("aria-hidden") == "true"
    clipped = ET.fromstring(str(charts.task_bar(1.4, 0.5)))
    assert [r.get("width") for r in clipped.findall(f"{NS}rect")][1:] == ["200.0", "0.0"]


def test_hours_chart_adds_up() -> None:
    a = reelshift.analyze({"roles": ["editor"], "hours_per_week": 50})
    svg = ET.fromstring(str(charts.hours(a.hours)))
    title = svg.find(f"{NS}title")
    assert title is not None and title.text == "Hours a week out of 50"
    widths = [float(r.get("width") or 0) for r in svg.findall(f"{NS}rect")]
    assert len(widths) == 9
    for row in range(3):
        assert abs(sum(widths[row * 3 : row * 3 + 3]) - 282) < 1.0  # the plot width: 390 - 104 - 4
