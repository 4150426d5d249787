"""Server-rendered, accessible SVG line charts (standard library only).

Made for pages served under a strict Content-Security-Policy: the output has no
JavaScript, no external assets, no ``style`` attributes and no ``<style>`` element.
Every visual property is an SVG presentation attribute (fill, stroke, font-size, ...),
and every element carries a ``tc-*`` class, so the page's own stylesheet can still
override colours (presentation attributes lose to any CSS rule), e.g. for dark mode.

The SVG is built with ``xml.etree.ElementTree`` and serialised by it, so all text and
attribute values are escaped and the result is always well-formed XML. Characters that
XML 1.0 forbids (control characters, lone surrogates) are dropped from user text.

In a Django template the result must be marked safe by the caller, e.g.
``mark_safe(line_chart(...))`` in the view: it is escaped here, not by the template.

    chart = line_chart(
        title="Satisfaction",
        series=[Series("Mia", [(date(2027, 3, 3), 4), (date(2027, 3, 31), 5)])],
        y_min=1, y_max=5, y_ticks=[1, 2, 3, 4, 5], y_format=lambda v: f"{v:g}",
    )
    rows = table_rows(series)  # for a <table> alternative under the chart
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

__all__ = ["Series", "line_chart", "table_rows", "PALETTE", "DASHES"]

SVG_NS = "http://www.w3.org/2000/svg"

# Okabe-Ito colour-blind-safe palette, ordered by contrast against white (WCAG 1.4.11
# asks 3:1 for graphics). Yellow (#F0E442, 1.3:1) is left out: it vanishes on white.
PALETTE = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#000000",  # black
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
)
# Second, colour-independent cue: each series also gets a dash pattern and a marker
# fill (solid, hollow: alternating). The dash cycle is coprime with the palette length,
# so the first 28 series all differ in colour or dash pattern.
DASHES = ("", "7 4", "2 3", "10 3 2 3")
TEXT_COLOUR = "#444444"  # 9.7:1 on white
GRID_COLOUR = "#E3E3E3"
AXIS_COLOUR = "#8A8A8A"

FONT_SIZE = 12
FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
LINE_WIDTH = 2
# Filled markers are bigger than hollow ones and drawn first, so when two series share
# a value on a date (common on a 1-5 scale) the hollow ring sits inside the filled disc
# and both stay visible.
FILLED_RADIUS = 5.5
HOLLOW_RADIUS = 3.25
HOLLOW_STROKE = 1.75
TOP = 12  # room above the plot for half of the top y label
X_LABEL_BAND = 24  # below the plot: tick + x labels
LEGEND_ROW = 22
LEGEND_PAD = 8
SWATCH = 26
MAX_LEGEND_CHARS = 40
MAX_DESC_VALUES = 12
EMPTY_HEIGHT = 72  # a series with more values is summarised in <desc>

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_ID_RE = re.compile(r"[A-Za-z][A-Za-z0-9_-]*\Z")
_XML_INVALID = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass
class Series:
    label: str
    # None = no value that period: the line is broken there.
    points: list[tuple[date, float | None]] = field(default_factory=list)


# ---------------------------------------------------------------- helpers


def _clean(text: object) -> str:
    """User text as a str that XML 1.0 can carry (escaping is ElementTree's job)."""
    return _XML_INVALID.sub("", str(text))


def _value(v: float | None) -> float | None:
    """None, NaN and infinities all mean "no value". Other values are kept as given (an
    int stays an int, so the default ``y_format=str`` shows "4", not "4.0")."""
    if v is None or not math.isfinite(v):
        return None
    return v


def _day(d: date) -> date:
    # datetime is a subclass of date; plot it by its calendar day.
    return date(d.year, d.month, d.day)


def _normalise(points: Sequence[tuple[date, float | None]]) -> list[tuple[date, float | None]]:
    """Points sorted by date; when a date repeats, the last value given wins."""
    by_date: dict[date, float | None] = {}
    for d, v in points:
        by_date[_day(d)] = _value(v)
    return sorted(by_date.items())


def _fmt_date(d: date, with_year: bool) -> str:
    text = f"{d.day} {_MONTHS[d.month - 1]}"
    return f"{text} {d.year}" if with_year else text


def _text_width(text: str, size: float = FONT_SIZE) -> float:
    """A generous estimate of rendered width (no font metrics on the server)."""
    units = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return units * size * 0.6


def _shorten(text: str, max_chars: int, max_width: float) -> str:
    """``text`` cut with an ellipsis to at most max_chars and about max_width."""
    if len(text) <= max_chars and _text_width(text) <= max_width:
        return text
    cut = text[: max_chars - 1]
    while len(cut) > 3 and _text_width(cut + "…") > max_width:
        cut = cut[:-1]
    return cut.rstrip() + "…"


def _num(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: object) -> ET.Element:
    el = ET.SubElement(parent, tag, {k.rstrip("_").replace("_", "-"): str(v) for k, v in attrs.items()})
    if text is not None:
        el.text = _clean(text)
    return el


def _runs(points: list[tuple[date, float | None]]) -> list[list[tuple[date, float]]]:
    """Contiguous runs of values, split at None."""
    runs: list[list[tuple[date, float]]] = []
    current: list[tuple[date, float]] = []
    for d, v in points:
        if v is None:
            if current:
                runs.append(current)
            current = []
        else:
            current.append((d, v))
    if current:
        runs.append(current)
    return runs


def _style(index: int) -> tuple[str, str, bool]:
    """(colour, dash pattern, hollow marker) for the index-th series."""
    return PALETTE[index % len(PALETTE)], DASHES[index % len(DASHES)], index % 2 == 1


def _marker_attrs(colour: str, hollow: bool) -> dict[str, str]:
    if hollow:
        return {"fill": "#FFFFFF", "stroke": colour, "stroke-width": _num(HOLLOW_STROKE)}
    return {"fill": colour, "stroke": "none"}


def _pick_x_labels(dates: list[date], limit: int = 8, target: int = 6) -> list[date]:
    if len(dates) <= limit:
        return list(dates)
    first, last = dates[0], dates[-1]
    span = (last - first).days
    picked: list[date] = []
    for i in range(target):
        want = first.toordinal() + span * i / (target - 1)
        best = min(dates, key=lambda d: abs(d.toordinal() - want))
        if best not in picked:
            picked.append(best)
    return sorted(picked)


def _drop_overlaps(labels: list[tuple[float, str]], gap: float = 8) -> list[tuple[float, str]]:
    """Keep labels left to right that do not collide; always keep the first and last."""
    if len(labels) <= 1:
        return labels

    def left(item: tuple[float, str]) -> float:
        return item[0] - _text_width(item[1]) / 2

    def right(item: tuple[float, str]) -> float:
        return item[0] + _text_width(item[1]) / 2

    kept = [labels[0]]
    for item in labels[1:-1]:
        if left(item) >= right(kept[-1]) + gap:
            kept.append(item)
    last = labels[-1]
    while len(kept) > 1 and left(last) < right(kept[-1]) + gap:
        kept.pop()
    kept.append(last)
    return kept


def _chart_id(chart_id: str | None, title: str) -> str:
    if chart_id is None:
        return "chart-" + hashlib.sha1(title.encode("utf-8", "surrogatepass"),
                                       usedforsecurity=False).hexdigest()[:10]
    if not _ID_RE.match(chart_id):
        raise ValueError(f"chart_id must match {_ID_RE.pattern!r}: {chart_id!r}")
    return chart_id


def _root(cid: str, title: str, desc: str, width: int, height: float) -> ET.Element:
    root = ET.Element(
        "svg",
        {
            "xmlns": SVG_NS,
            "id": cid,
            "class": "tc-chart",
            "viewBox": f"0 0 {width} {_num(height)}",
            "width": "100%",
            "preserveAspectRatio": "xMidYMid meet",
            "role": "img",
            "aria-labelledby": f"{cid}-title",
            "aria-describedby": f"{cid}-desc",
            "font-family": FONT_FAMILY,
            "font-size": str(FONT_SIZE),
        },
    )
    _el(root, "title", title, id=f"{cid}-title")
    _el(root, "desc", desc, id=f"{cid}-desc")
    return root


def _serialise(root: ET.Element) -> str:
    return ET.tostring(root, encoding="unicode")


# ---------------------------------------------------------------- public API


def table_rows(series: Sequence[Series]) -> list[dict]:
    """One row per date found in any series, oldest first:
    ``{"date": date, "values": [value or None, one per series, in series order]}``.
    Dates whose values are all None are kept (a period with no values)."""
    columns = [dict(_normalise(s.points)) for s in series]
    dates = sorted({d for col in columns for d in col})
    return [{"date": d, "values": [col.get(d) for col in columns]} for d in dates]


def line_chart(
    *,
    title: str,
    series: list[Series],
    y_min: float,
    y_max: float,
    y_ticks: list[float],
    y_format: Callable[[float], str] = str,
    width: int = 640,
    height: int = 260,
    chart_id: str | None = None,
) -> str:
    """An SVG line chart as a string.

    x is time: each date is placed by its real distance from the first date. y runs from
    ``y_min`` (bottom) to ``y_max`` (top); values outside are drawn at the edge (their
    tooltip keeps the real value). ``height`` fits one legend row; when the legend wraps,
    the viewBox grows by one row each. ``chart_id`` (letters, digits, ``-``, ``_``)
    prefixes the element ids; by default it is derived from the title, so give it
    explicitly if one page shows two charts with the same title.
    """
    if not y_max > y_min:
        raise ValueError("y_max must be greater than y_min")
    title = _clean(title)
    cid = _chart_id(chart_id, title)
    data = [(_clean(s.label), _normalise(s.points)) for s in series]
    all_dates = sorted({d for _, pts in data for d, _v in pts})
    has_value = any(v is not None for _, pts in data for _d, v in pts)

    if not has_value:
        # A short placeholder rather than a tall empty box.
        empty_h = min(height, EMPTY_HEIGHT)
        root = _root(cid, title, f"{title}: no data yet.", width, empty_h)
        _el(root, "rect", class_="tc-empty-frame", x=1, y=1, width=width - 2,
            height=empty_h - 2, rx=6, fill="none", stroke=GRID_COLOUR, stroke_width=1)
        _el(root, "text", "No data yet", class_="tc-empty", x=_num(width / 2),
            y=_num(empty_h / 2), text_anchor="middle", dy="0.35em", fill=TEXT_COLOUR,
            font_size=FONT_SIZE + 2)
        return _serialise(root)

    first, last = all_dates[0], all_dates[-1]
    with_year = first.year != last.year
    span_days = (last - first).days

    def fmt_value(v: float) -> str:
        return _clean(y_format(v))

    # -- horizontal layout: margins wide enough for the y labels and the edge x labels
    ticks = sorted({t for t in y_ticks if y_min <= t <= y_max})
    tick_labels = [(t, fmt_value(t)) for t in ticks]
    x_candidates = _pick_x_labels(all_dates)
    x_texts = {d: _fmt_date(d, with_year) for d in x_candidates}
    y_label_w = max((_text_width(s) for _, s in tick_labels), default=0)
    left = max(y_label_w + 16, _text_width(x_texts[first]) / 2 + 10, 36)
    right_margin = max(_text_width(x_texts[last]) / 2 + 10, 20)
    if span_days == 0:  # a single date: centred, so its label needs no extra margin
        left, right_margin = max(y_label_w + 16, 36), 20
    # Absurdly long y labels or a tiny width must not squeeze the plot away.
    left, right = min(left, width * 0.4), width - min(right_margin, width * 0.2)
    plot_w = right - left

    def x_of(d: date) -> float:
        if span_days == 0:
            return left + plot_w / 2
        return left + plot_w * (d - first).days / span_days

    # -- legend layout (below the x labels), wrapping into rows
    legend_items = []  # (row, x, label, shown label)
    row, cursor = 0, left
    room = right - left - SWATCH - 6
    for label, _pts in data:
        shown = _shorten(label, MAX_LEGEND_CHARS, room)
        item_w = SWATCH + 6 + _text_width(shown) + 18
        if cursor > left and cursor + item_w - 18 > right:
            row, cursor = row + 1, left
        legend_items.append((row, cursor, label, shown))
        cursor += item_w
    legend_rows = row + 1
    total_h = height + (legend_rows - 1) * LEGEND_ROW

    # -- vertical layout
    bottom = height - X_LABEL_BAND - LEGEND_ROW - LEGEND_PAD
    if bottom - TOP < 40:
        raise ValueError("height is too small for a chart")

    def y_of(v: float) -> float:
        v = min(max(float(v), y_min), y_max)
        return bottom - (bottom - TOP) * (v - y_min) / (y_max - y_min)

    # -- <desc>: a text summary of the data
    parts = []
    for label, pts in data:
        values = [(d, v) for d, v in pts if v is not None]
        if not values:
            parts.append(f"{label}: no data")
        elif len(values) <= MAX_DESC_VALUES:
            listed = ", ".join(f"{fmt_value(v)} on {_fmt_date(d, with_year)}" for d, v in values)
            parts.append(f"{label}: {listed}")
        else:
            nums = [v for _, v in values]
            parts.append(
                f"{label}: {len(values)} values from {_fmt_date(values[0][0], with_year)} "
                f"({fmt_value(nums[0])}) to {_fmt_date(values[-1][0], with_year)} "
                f"({fmt_value(nums[-1])}), lowest {fmt_value(min(nums))}, "
                f"highest {fmt_value(max(nums))}"
            )
    period = _fmt_date(first, True)
    if span_days:
        period += f" to {_fmt_date(last, True)}"
    desc = f"{title}, {period}. " + "; ".join(parts) + "."

    root = _root(cid, title, desc, width, total_h)
    _el(
        root, "rect", class_="tc-plot", x=_num(left), y=_num(TOP), width=_num(plot_w),
        height=_num(bottom - TOP), fill="none",
    )

    # -- y grid and labels
    grid = _el(root, "g", class_="tc-y-axis")
    for t, text in tick_labels:
        y = _num(y_of(t))
        _el(grid, "line", class_="tc-grid", x1=_num(left), x2=_num(right), y1=y, y2=y,
            stroke=GRID_COLOUR, stroke_width=1)
        _el(grid, "text", text, class_="tc-label", x=_num(left - 8), y=y, dy="0.35em",
            text_anchor="end", fill=TEXT_COLOUR)

    # -- x axis line, ticks and labels
    xaxis = _el(root, "g", class_="tc-x-axis")
    _el(xaxis, "line", class_="tc-axis", x1=_num(left), x2=_num(right), y1=_num(bottom),
        y2=_num(bottom), stroke=AXIS_COLOUR, stroke_width=1)
    for x, text in _drop_overlaps([(x_of(d), x_texts[d]) for d in x_candidates]):
        _el(xaxis, "line", class_="tc-tick", x1=_num(x), x2=_num(x), y1=_num(bottom),
            y2=_num(bottom + 4), stroke=AXIS_COLOUR, stroke_width=1)
        _el(xaxis, "text", text, class_="tc-label", x=_num(x), y=_num(bottom + 17),
            text_anchor="middle", fill=TEXT_COLOUR)

    # -- lines first (all series), then markers on top of every line
    lines = _el(root, "g", class_="tc-lines", fill="none", stroke_width=LINE_WIDTH,
                stroke_linejoin="round", stroke_linecap="round")
    markers = _el(root, "g", class_="tc-markers")
    marker_groups: list[ET.Element] = []
    for i, (label, pts) in enumerate(data):
        colour, dash, hollow = _style(i)
        line_g = _el(lines, "g", class_=f"tc-series tc-series-{i}", stroke=colour)
        if dash:
            line_g.set("stroke-dasharray", dash)
        for run in _runs(pts):
            if len(run) > 1:
                coords = " ".join(f"{_num(x_of(d))},{_num(y_of(v))}" for d, v in run)
                _el(line_g, "polyline", class_="tc-line", points=coords)
        marker_g = ET.Element("g", _marker_attrs(colour, hollow))
        marker_g.set("class", f"tc-series tc-series-{i}")
        marker_g.set("data-hollow", "1" if hollow else "0")
        marker_groups.append(marker_g)
        for d, v in pts:
            if v is None:
                continue
            dot = _el(marker_g, "circle", class_="tc-point", cx=_num(x_of(d)),
                      cy=_num(y_of(v)), r=_num(HOLLOW_RADIUS if hollow else FILLED_RADIUS))
            _el(dot, "title", f"{label}, {_fmt_date(d, with_year)}: {fmt_value(v)}")
    # Filled (bigger) markers under hollow (smaller) ones; stable within each kind.
    markers.extend(sorted(marker_groups, key=lambda g: g.attrib["data-hollow"]))
    for g in marker_groups:
        del g.attrib["data-hollow"]

    # -- legend
    legend = _el(root, "g", class_="tc-legend")
    legend_top = bottom + X_LABEL_BAND + LEGEND_PAD
    for i, (row_i, x, label, shown) in enumerate(legend_items):
        colour, dash, hollow = _style(i)
        cy = legend_top + row_i * LEGEND_ROW + LEGEND_ROW / 2
        item = _el(legend, "g", class_=f"tc-legend-item tc-series-{i}")
        if shown != label:
            _el(item, "title", label)
        sample = _el(item, "line", x1=_num(x), x2=_num(x + SWATCH), y1=_num(cy), y2=_num(cy),
                     stroke=colour, stroke_width=LINE_WIDTH, stroke_linecap="round")
        if dash:
            sample.set("stroke-dasharray", dash)
        # Drawn as a path, so every <circle> in the chart is a data point.
        mx, r = x + SWATCH / 2, HOLLOW_RADIUS if hollow else FILLED_RADIUS
        marker = _el(item, "path", d=f"M{_num(mx - r)},{_num(cy)}a{_num(r)},{_num(r)} 0 1,0 "
                     f"{_num(2 * r)},0a{_num(r)},{_num(r)} 0 1,0 {_num(-2 * r)},0z")
        for attr, value in _marker_attrs(colour, hollow).items():
            marker.set(attr, value)
        _el(item, "text", shown, class_="tc-label", x=_num(x + SWATCH + 6), y=_num(cy),
            dy="0.35em", fill=TEXT_COLOUR)

    return _serialise(root)
