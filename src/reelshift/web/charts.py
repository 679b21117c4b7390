"""Charts as inline SVG, drawn on the server: no chart library, no script, works offline.

These functions only place the analysis's own numbers on a canvas; they compute no figures.
Every chart carries a ``<title>`` and a ``<desc>`` that state its numbers in words, and the page
puts the same numbers in a table next to it.
"""

from __future__ import annotations

import itertools

from markupsafe import Markup, escape

from reelshift.models import Headline, Horizons, Hours

AUTO = "#a3213a"
ASSIST = "#2f6db5"
UNTOUCHED = "#c9ced9"
BAND_AUTO = "#e8b4be"
BAND_EXP = "#bcd0ea"
GRID = "#d8dbe3"
INK = "#1b1d23"
MUTED = "#555a68"
YEARS = (("now", 0), ("in_2y", 2), ("in_5y", 5))

_ids = itertools.count(1)


def _pct(x: float) -> str:
    return f"{x:.0%}"


def _n(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def timeline(headline: Headline, start_year: int) -> Markup:
    """Exposed and automated share of working time at now, +2 and +5 years, with the slow-fast
    adoption range as shaded bands around the chosen scenario's line."""
    uid = f"tl{next(_ids)}"
    # A small canvas with large type: on a 320 px phone the chart is drawn about 250 px wide,
    # and its text must still be at least 11 px there.
    # Values at the line ends are in the legend beside the chart, not on the canvas: that keeps
    # the canvas small enough for large type.
    w, h = 320, 236
    left, right, top, bottom = 60, 14, 14, 36
    pw, ph = w - left - right, h - top - bottom

    def x(years: float) -> float:
        return left + pw * years / 5

    def y(v: float) -> float:
        return top + ph * (1 - max(0.0, min(1.0, v)))

    bands = headline.bands
    parts: list[str] = []
    for tick in (0, 0.25, 0.5, 0.75, 1.0):
        parts.append(
            f'<line x1="{left}" x2="{left + pw}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
            f'<text x="{left - 6}" y="{y(tick) + 5:.1f}" text-anchor="end" font-size="18" '
            f'fill="{MUTED}">{_pct(tick)}</text>'
        )
    for key, yrs in YEARS:
        label = "Now" if yrs == 0 else str(start_year + yrs)
        anchor = "start" if yrs == 0 else ("end" if yrs == 5 else "middle")
        parts.append(
            f'<text x="{x(yrs):.1f}" y="{h - bottom + 22}" text-anchor="{anchor}" font-size="18" '
            f'fill="{MUTED}">{escape(label)}</text>'
        )
        del key

    def band(measure: str, colour: str) -> str:
        lows, highs = [], []
        for key, yrs in YEARS:
            values = [getattr(getattr(b, measure), key) for b in bands.values()]
            lows.append((x(yrs), y(min(values))))
            highs.append((x(yrs), y(max(values))))
        pts = highs + list(reversed(lows))
        coords = " ".join(f"{px:.1f},{py:.1f}" for px, py in pts)
        return f'<polygon points="{coords}" fill="{colour}" fill-opacity="0.55" stroke="none"/>'

    def line(hz: Horizons, colour: str, dash: str) -> str:
        pts = [(x(yrs), y(getattr(hz, key))) for key, yrs in YEARS]
        coords = " ".join(f"{px:.1f},{py:.1f}" for px, py in pts)
        dots = "".join(
            f'<circle cx="{px:.1f}" cy="{py:.1f}" r="4" fill="{colour}"/>' for px, py in pts
        )
        return (
            f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="3" '
            f'stroke-dasharray="{dash}" stroke-linejoin="round"/>{dots}'
        )

    parts.append(band("exposure", BAND_EXP))
    parts.append(band("automation", BAND_AUTO))
    parts.append(line(headline.exposure, ASSIST, "7 5"))
    parts.append(line(headline.automation, AUTO, "0"))

    s = headline.scenario
    slow, fast = bands["slow"], bands["fast"]
    desc = (
        f"Share of working time exposed to AI ({s} adoption): now {_pct(headline.exposure.now)}, "
        f"in 2 years {_pct(headline.exposure.in_2y)}, in 5 years {_pct(headline.exposure.in_5y)}. "
        f"Of it automated: now {_pct(headline.automation.now)}, in 2 years "
        f"{_pct(headline.automation.in_2y)}, in 5 years {_pct(headline.automation.in_5y)}. "
        f"Shaded bands show slow to fast adoption: automation in 2 years from "
        f"{_pct(slow.automation.in_2y)} to {_pct(fast.automation.in_2y)}."
    )
    return Markup(
        f'<svg class="chart" viewBox="0 0 {w} {h}" role="img" aria-labelledby="{uid}t {uid}d" '
        f'xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif">'
        f'<title id="{uid}t">Exposure timeline</title><desc id="{uid}d">{escape(desc)}</desc>'
        + "".join(parts)
        + "</svg>"
    )


def task_bar(automation: float, augmentation: float) -> Markup:
    """One task's five-year split: automated, assisted, the rest. Decorative: numbers are
    printed beside it."""
    w = 200.0
    a = max(0.0, min(1.0, automation)) * w
    g = max(0.0, min(1.0 - automation, augmentation)) * w
    return Markup(
        f'<svg viewBox="0 0 {w:.0f} 14" aria-hidden="true" focusable="false" '
        f'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="none">'
        f'<rect width="{w:.0f}" height="14" rx="3" fill="{UNTOUCHED}"/>'
        f'<rect width="{a:.1f}" height="14" fill="{AUTO}"/>'
        f'<rect x="{a:.1f}" width="{g:.1f}" height="14" fill="{ASSIST}"/></svg>'
    )


def _span(hrs: Hours, band: str, key: str) -> str:
    """Whole hours, slow to fast adoption: the bar's width is the model's figure, its label is
    not more precise than the model is."""
    r = getattr(hrs.bands[band], key)  # type: ignore[index]
    return f"{r.low}" if r.low == r.high else f"{r.low}–{r.high}"


def hours(hrs: Hours) -> Markup:
    """Hours a week automated, assisted and untouched, now and in 2 and 5 years."""
    uid = f"hr{next(_ids)}"
    w, row_h, gap, left, right = 390, 32, 14, 104, 4
    pw = w - left - right
    rows = (("Now", "now"), ("In 2 years", "in_2y"), ("In 5 years", "in_5y"))
    h = len(rows) * (row_h + gap) + 4
    parts: list[str] = []
    total = hrs.per_week or 1.0
    for i, (label, key) in enumerate(rows):
        y0 = i * (row_h + gap) + 2
        parts.append(
            f'<text x="0" y="{y0 + row_h / 2 + 6:.1f}" font-size="19" fill="{INK}">'
            f"{escape(label)}</text>"
        )
        x0 = float(left)
        for value, band, colour, ink in (
            (getattr(hrs.automated, key), "automated", AUTO, "#fff"),
            (getattr(hrs.assisted, key), "assisted", ASSIST, "#fff"),
            (getattr(hrs.untouched, key), "untouched", UNTOUCHED, INK),
        ):
            width = max(0.0, value) / total * pw
            parts.append(
                f'<rect x="{x0:.1f}" y="{y0}" width="{width:.1f}" height="{row_h}" '
                f'fill="{colour}"/>'
            )
            if width > 70:
                parts.append(
                    f'<text x="{x0 + width / 2:.1f}" y="{y0 + row_h / 2 + 6:.1f}" '
                    f'text-anchor="middle" font-size="19" font-weight="700" fill="{ink}">'
                    f"{_span(hrs, band, key)} h</text>"
                )
            x0 += width
    desc = "; ".join(
        f"{label}: {_span(hrs, 'automated', key)} h automated, "
        f"{_span(hrs, 'assisted', key)} h assisted, {_span(hrs, 'untouched', key)} h "
        f"untouched (slow to fast adoption)"
        for label, key in rows
    )
    return Markup(
        f'<svg class="chart" viewBox="0 0 {w} {h}" role="img" aria-labelledby="{uid}t {uid}d" '
        f'xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif">'
        f'<title id="{uid}t">Hours a week out of {_n(hrs.per_week)}</title>'
        f'<desc id="{uid}d">{escape(desc)}.</desc>' + "".join(parts) + "</svg>"
    )


def mini(now: float, later: float) -> Markup:
    """A small bar: exposure now (solid) inside exposure in five years (light)."""
    return Markup(
        '<svg class="mini" viewBox="0 0 100 10" aria-hidden="true" focusable="false" '
        'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="none">'
        f'<rect width="100" height="10" rx="2" fill="#eceef3"/>'
        f'<rect width="{max(0.0, min(1.0, later)) * 100:.1f}" height="10" fill="{BAND_EXP}"/>'
        f'<rect width="{max(0.0, min(1.0, now)) * 100:.1f}" height="10" fill="{ASSIST}"/></svg>'
    )
