"""SVG line charts: pure functions, no database."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tandem.core.charts import DASHES, PALETTE, Series, line_chart, table_rows

NS = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert(1)</script> & "x"'
D0 = date(2027, 3, 3)


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # raises if the SVG is not well-formed XML
    assert root.tag == f"{NS}svg"
    return root


def find_all(root: ET.Element, tag: str, cls: str | None = None) -> list[ET.Element]:
    found = root.iter(f"{NS}{tag}")
    if cls is None:
        return list(found)
    return [el for el in found if cls in (el.get("class") or "").split()]


def plot_area(root: ET.Element) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) of the plot rectangle."""
    (rect,) = find_all(root, "rect", "tc-plot")
    x, y = float(rect.get("x")), float(rect.get("y"))
    return x, y, x + float(rect.get("width")), y + float(rect.get("height"))


def series_groups(root: ET.Element, kind: str) -> dict[int, ET.Element]:
    """Series index -> its <g> in the lines or markers layer."""
    (layer,) = find_all(root, "g", f"tc-{kind}")
    groups = {}
    for g in layer.findall(f"{NS}g"):
        (index,) = [int(c.rsplit("-", 1)[1]) for c in g.get("class").split() if c[-1].isdigit()]
        groups[index] = g
    return groups


def points_of(root: ET.Element, index: int) -> list[tuple[float, float]]:
    g = series_groups(root, "markers")[index]
    return [(float(c.get("cx")), float(c.get("cy"))) for c in g.findall(f"{NS}circle")]


def chart(series, **kw) -> str:
    kw.setdefault("title", "Satisfaction")
    kw.setdefault("y_min", 1)
    kw.setdefault("y_max", 5)
    kw.setdefault("y_ticks", [1, 2, 3, 4, 5])
    return line_chart(series=series, **kw)


def satisfaction() -> list[Series]:
    return [
        Series("Mia", [(D0, 4), (D0 + timedelta(28), 5), (D0 + timedelta(56), 3)]),
        Series("Marta", [(D0, 3), (D0 + timedelta(28), None), (D0 + timedelta(56), 4)]),
    ]


# ---------------------------------------------------------------- structure and a11y


def test_root_is_an_accessible_scalable_image():
    root = parse(chart(satisfaction()))
    assert root.get("role") == "img"
    assert root.get("width") == "100%" and root.get("preserveAspectRatio")
    assert re.fullmatch(r"0 0 640 \d+(\.\d+)?", root.get("viewBox"))
    ids = {el.get("id"): el for el in root.iter() if el.get("id")}
    title = ids[root.get("aria-labelledby")]
    desc = ids[root.get("aria-describedby")]
    assert title.tag == f"{NS}title" and title.text == "Satisfaction"
    assert desc.tag == f"{NS}desc"
    # The <title> and <desc> are the first children, as SVG accessibility expects.
    assert [c.tag for c in root[:2]] == [f"{NS}title", f"{NS}desc"]


def test_ids_are_unique_per_chart_and_configurable():
    a = parse(chart(satisfaction(), title="Satisfaction"))
    b = parse(chart(satisfaction(), title="Goal progress"))
    c = parse(chart(satisfaction(), title="Satisfaction", chart_id="sat-2"))
    ids = [[el.get("id") for el in r.iter() if el.get("id")] for r in (a, b, c)]
    for chart_ids in ids:
        assert len(chart_ids) == len(set(chart_ids))
    assert not set(ids[0]) & set(ids[1])
    assert not set(ids[0]) & set(ids[2])
    assert c.get("aria-labelledby") == "sat-2-title"
    # The default is stable, so the page does not change between renders.
    assert ids[0] == [el.get("id") for el in parse(chart(satisfaction())).iter() if el.get("id")]


@pytest.mark.parametrize("bad", ["", "1chart", 'x" onload="alert(1)', "a b"])
def test_a_bad_chart_id_is_refused(bad):
    with pytest.raises(ValueError):
        chart(satisfaction(), chart_id=bad)


def test_y_range_must_not_be_empty():
    with pytest.raises(ValueError):
        chart(satisfaction(), y_min=5, y_max=5)


def test_no_inline_styles_scripts_or_external_references():
    svg = chart([Series(HOSTILE, [(D0, 1), (D0 + timedelta(7), 5)])], title=HOSTILE)
    root = parse(svg)
    for el in root.iter():
        assert el.tag not in (f"{NS}style", f"{NS}script", f"{NS}foreignObject", f"{NS}image")
        assert "style" not in el.attrib
        assert not any(a.endswith("href") or a.startswith("on") for a in el.attrib)
    assert not re.search(r"<\s*(style|script)\b", svg)
    assert not re.search(r"\sstyle\s*=", svg)


# ---------------------------------------------------------------- lines and markers


def test_one_polyline_per_contiguous_run_and_one_circle_per_value():
    days = [D0 + timedelta(7 * i) for i in range(8)]
    series = [
        Series("no gaps", [(d, 3) for d in days]),
        Series("two runs", [(days[0], 1), (days[1], 2), (days[2], None), (days[3], 4), (days[4], 5)]),
        # a lone value between gaps is a marker only (a one-point polyline draws nothing)
        Series("lone", [(days[0], 1), (days[1], 2), (days[2], None), (days[3], 4),
                        (days[4], None), (days[5], 2), (days[6], 3)]),
        Series("leading and trailing gaps", [(days[0], None), (days[1], 2), (days[2], 3),
                                             (days[3], None)]),
        Series("single point", [(days[2], 4)]),
    ]
    root = parse(chart(series))
    lines, markers = series_groups(root, "lines"), series_groups(root, "markers")
    assert [len(lines[i].findall(f"{NS}polyline")) for i in range(5)] == [1, 2, 2, 1, 0]
    assert [len(markers[i].findall(f"{NS}circle")) for i in range(5)] == [8, 4, 5, 2, 1]
    # Every circle in the chart is a data point (legend markers are paths).
    assert len(find_all(root, "circle")) == 20
    two_runs = [p.get("points").split() for p in lines[1].findall(f"{NS}polyline")]
    assert [len(r) for r in two_runs] == [2, 2]


def test_points_are_sorted_and_a_repeated_date_keeps_the_last_value():
    root = parse(chart([Series("Mia", [(D0 + timedelta(14), 2), (D0, 4), (D0 + timedelta(14), 5)])]))
    tips = [c.find(f"{NS}title").text for c in find_all(root, "circle")]
    assert tips == ["Mia, 3 Mar: 4", "Mia, 17 Mar: 5"]


def test_x_follows_real_time_from_left_edge_to_right_edge():
    offsets = [0, 7, 21, 49, 50, 120]
    root = parse(chart([Series("Mia", [(D0 + timedelta(o), 3) for o in offsets])]))
    left, _top, right, _bottom = plot_area(root)
    xs = [x for x, _ in points_of(root, 0)]
    assert xs == sorted(xs) and len(set(xs)) == len(xs)
    assert xs[0] == pytest.approx(left, abs=0.01)
    assert xs[-1] == pytest.approx(right, abs=0.01)
    for o, x in zip(offsets, xs, strict=True):
        assert (x - left) / (right - left) == pytest.approx(o / 120, abs=1e-3)


def test_x_is_shared_between_series():
    a = Series("a", [(D0, 1), (D0 + timedelta(30), 2)])
    b = Series("b", [(D0 + timedelta(10), 3), (D0 + timedelta(30), 4)])
    root = parse(chart([a, b]))
    left, _, right, _ = plot_area(root)
    (ax0, _), (ax1, _) = points_of(root, 0)
    (bx0, _), (bx1, _) = points_of(root, 1)
    assert ax1 == bx1 == pytest.approx(right, abs=0.01)
    assert (bx0 - left) / (right - left) == pytest.approx(10 / 30, abs=1e-3)


def test_a_single_date_is_centred():
    root = parse(chart([Series("Mia", [(D0, 4)]), Series("Marta", [(D0, 2)])]))
    left, _, right, _ = plot_area(root)
    assert points_of(root, 0)[0][0] == pytest.approx((left + right) / 2, abs=0.01)
    assert not find_all(root, "polyline")


def test_datetimes_are_plotted_by_their_day():
    root = parse(chart([Series("Mia", [(datetime(2027, 3, 3, 23, 59), 4), (date(2027, 3, 5), 5)])]))
    assert [c.find(f"{NS}title").text for c in find_all(root, "circle")] == [
        "Mia, 3 Mar: 4", "Mia, 5 Mar: 5",
    ]


def test_y_maps_min_to_bottom_and_max_to_top():
    series = [Series("goal", [(D0, 0), (D0 + timedelta(7), 100), (D0 + timedelta(14), 25)])]
    root = parse(chart(series, y_min=0, y_max=100, y_ticks=[0, 50, 100]))
    _, top, _, bottom = plot_area(root)
    ys = [y for _, y in points_of(root, 0)]
    assert ys[0] == pytest.approx(bottom, abs=0.01)
    assert ys[1] == pytest.approx(top, abs=0.01)
    assert ys[2] == pytest.approx(bottom - (bottom - top) / 4, abs=0.01)
    # The grid lines sit at the ticks.
    grid_ys = sorted(float(g.get("y1")) for g in find_all(root, "line", "tc-grid"))
    assert grid_ys == pytest.approx([top, (top + bottom) / 2, bottom], abs=0.01)


def test_values_outside_the_range_are_pinned_to_the_edge_but_told_truly():
    series = [Series("goal", [(D0, -10), (D0 + timedelta(7), 120)])]
    root = parse(chart(series, y_min=0, y_max=100, y_ticks=[0, 100], y_format=lambda v: f"{v:g} %"))
    _, top, _, bottom = plot_area(root)
    assert [y for _, y in points_of(root, 0)] == pytest.approx([bottom, top], abs=0.01)
    tips = [c.find(f"{NS}title").text for c in find_all(root, "circle")]
    assert tips == ["goal, 3 Mar: -10 %", "goal, 10 Mar: 120 %"]


def test_nan_and_infinity_are_gaps():
    series = [Series("Mia", [(D0, 1), (D0 + timedelta(1), float("nan")), (D0 + timedelta(2), 2),
                             (D0 + timedelta(3), float("inf")), (D0 + timedelta(4), 3)])]
    root = parse(chart(series))
    assert len(find_all(root, "circle")) == 3 and not find_all(root, "polyline")


# ---------------------------------------------------------------- text


def test_y_labels_use_the_formatter_and_skip_ticks_outside_the_range():
    series = [Series("goal", [(D0, 10), (D0 + timedelta(7), 20)])]
    root = parse(chart(series, y_min=0, y_max=100, y_ticks=[100, 0, 50, 150, -5],
                       y_format=lambda v: f"{v:.0f} %"))
    (axis,) = find_all(root, "g", "tc-y-axis")
    assert [t.text for t in axis.iter(f"{NS}text")] == ["0 %", "50 %", "100 %"]


def x_labels(root: ET.Element) -> list[str]:
    (axis,) = find_all(root, "g", "tc-x-axis")
    return [t.text for t in axis.iter(f"{NS}text")]


def test_x_labels_name_every_date_when_there_are_few():
    days = [D0 + timedelta(7 * i) for i in range(8)]
    root = parse(chart([Series("Mia", [(d, 3) for d in days])]))
    assert x_labels(root) == ["3 Mar", "10 Mar", "17 Mar", "24 Mar", "31 Mar", "7 Apr",
                              "14 Apr", "21 Apr"]


def test_x_labels_are_thinned_when_there_are_many():
    days = [D0 + timedelta(7 * i) for i in range(40)]
    labels = x_labels(parse(chart([Series("Mia", [(d, 3) for d in days])])))
    assert 5 <= len(labels) <= 6
    assert labels[0] == "3 Mar" and labels[-1] == "1 Dec"


def test_x_labels_never_overlap_and_keep_both_ends():
    # Two dates a day apart on a long axis would collide: one is dropped.
    days = [D0, D0 + timedelta(1), D0 + timedelta(90), D0 + timedelta(180), D0 + timedelta(181)]
    labels = x_labels(parse(chart([Series("Mia", [(d, 3) for d in days])])))
    assert labels == ["3 Mar", "1 Jun", "31 Aug"]


def test_year_is_shown_when_the_dates_cross_a_year():
    series = [Series("Mia", [(date(2026, 12, 9), 3), (date(2027, 1, 6), 4)])]
    root = parse(chart(series))
    assert x_labels(root) == ["9 Dec 2026", "6 Jan 2027"]
    assert find_all(root, "circle")[1].find(f"{NS}title").text == "Mia, 6 Jan 2027: 4"


def test_desc_summarises_every_series():
    root = parse(chart(satisfaction() + [Series("Nobody", [(D0, None)])],
                       y_format=lambda v: f"{v:g}"))
    desc = root.find(f"{NS}desc").text
    assert desc.startswith("Satisfaction, 3 Mar 2027 to 28 Apr 2027.")
    assert "Mia: 4 on 3 Mar, 5 on 31 Mar, 3 on 28 Apr" in desc
    assert "Marta: 3 on 3 Mar, 4 on 28 Apr" in desc
    assert "Nobody: no data" in desc


def test_desc_summarises_a_long_series_instead_of_listing_it():
    values = [3, 1, 5] + [4] * 20
    series = [Series("Mia", [(D0 + timedelta(7 * i), v) for i, v in enumerate(values)])]
    desc = parse(chart(series, y_format=lambda v: f"{v:g}")).find(f"{NS}desc").text
    assert "Mia: 23 values from 3 Mar (3) to 4 Aug (4), lowest 1, highest 5" in desc


def test_tooltips_give_label_date_and_value():
    root = parse(chart(satisfaction(), y_format=lambda v: f"{v:g}/5"))
    tips = [c.find(f"{NS}title").text for c in find_all(root, "circle")]
    assert "Mia, 3 Mar: 4/5" in tips and "Marta, 28 Apr: 4/5" in tips


def test_hostile_text_is_escaped_everywhere():
    svg = chart([Series(HOSTILE, [(D0, 2), (D0 + timedelta(7), 3)])], title=HOSTILE,
                y_format=lambda v: f"<b>{v:g}</b>")
    assert "<script" not in svg and "<b>" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in svg
    root = parse(svg)
    # The text survives intact for the reader: escaped, not mangled.
    assert root.find(f"{NS}title").text == HOSTILE
    assert HOSTILE in root.find(f"{NS}desc").text
    (legend,) = find_all(root, "g", "tc-legend")
    assert [t.text for t in legend.iter(f"{NS}text")] == [HOSTILE]
    assert find_all(root, "circle")[0].find(f"{NS}title").text == f"{HOSTILE}, 3 Mar: <b>2</b>"
    assert all(el.tag.startswith(NS) for el in root.iter())  # no smuggled elements


def test_characters_xml_cannot_carry_are_dropped():
    label = "Mia\x00\x08\x1b\ufffe\ud800 ok\t"
    root = parse(chart([Series(label, [(D0, 2)])], title="Sat\x0cisfaction"))
    assert root.find(f"{NS}title").text == "Satisfaction"
    assert find_all(root, "circle")[0].find(f"{NS}title").text == "Mia ok\t, 3 Mar: 2"


def test_long_legend_labels_are_shortened_with_the_full_label_as_tooltip():
    long = "Give a conference talk about accessible data visualisation on the web"
    root = parse(chart([Series(long, [(D0, 2)])]))
    (item,) = find_all(root, "g", "tc-legend-item")
    assert item.find(f"{NS}title").text == long
    shown = item.find(f"{NS}text").text
    assert shown.endswith("…") and len(shown) <= 40


def test_the_legend_wraps_and_the_chart_grows_to_fit():
    few = parse(chart([Series("a", [(D0, 1)])]))
    many = parse(chart([Series(f"Goal number {i} with a longer name", [(D0, 1)]) for i in range(8)]))
    rows = {item.find(f"{NS}text").get("y") for item in find_all(many, "g", "tc-legend-item")}
    assert len(rows) > 1
    assert float(many.get("viewBox").split()[3]) > float(few.get("viewBox").split()[3])
    width = float(many.get("viewBox").split()[2])
    for text in find_all(many, "g", "tc-legend")[0].iter(f"{NS}text"):
        assert float(text.get("x")) < width


# ---------------------------------------------------------------- colours and dashes


def test_series_get_distinct_colours_and_dashes():
    series = [Series(f"goal {i}", [(D0, i), (D0 + timedelta(7), i)]) for i in range(4)]
    root = parse(chart(series, y_min=0, y_max=5, y_ticks=[0, 5]))
    lines = series_groups(root, "lines")
    colours = [lines[i].get("stroke") for i in range(4)]
    dashes = [lines[i].get("stroke-dasharray") for i in range(4)]
    assert colours == list(PALETTE[:4])
    assert len(set(dashes)) == 4 and dashes == [d or None for d in DASHES[:4]]
    # Markers alternate filled and hollow, so colour is never the only cue.
    markers = series_groups(root, "markers")
    assert [markers[i].get("fill") == "#FFFFFF" for i in range(4)] == [False, True, False, True]
    # Hollow markers are drawn last (and smaller), so a tie shows both.
    (layer,) = find_all(root, "g", "tc-markers")
    assert [g.get("fill") == "#FFFFFF" for g in layer] == [False, False, True, True]


def test_the_palette_has_enough_contrast_on_white():
    def luminance(hex_colour: str) -> float:
        rgb = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    contrasts = [1.05 / (luminance(c) + 0.05) for c in PALETTE]
    # The first four (the usual case) meet WCAG's 3:1 for graphics.
    assert all(c >= 3 for c in contrasts[:4]), contrasts


# ---------------------------------------------------------------- empty


@pytest.mark.parametrize("series", [[], [Series("Mia", [])], [Series("Mia", [(D0, None)])]])
def test_no_data_yet(series):
    root = parse(chart(series))
    assert root.get("role") == "img"
    assert [t.text for t in find_all(root, "text")] == ["No data yet"]
    assert not find_all(root, "polyline") and not find_all(root, "circle")
    assert "no data yet" in root.find(f"{NS}desc").text


# ---------------------------------------------------------------- table_rows


def test_table_rows_union_of_dates_in_order_with_gaps_as_none():
    a = Series("Mia", [(D0 + timedelta(28), 5), (D0, 4)])
    b = Series("Marta", [(D0, 3), (D0 + timedelta(14), None), (D0 + timedelta(56), 4)])
    assert table_rows([a, b]) == [
        {"date": D0, "values": [4.0, 3.0]},
        {"date": D0 + timedelta(14), "values": [None, None]},
        {"date": D0 + timedelta(28), "values": [5.0, None]},
        {"date": D0 + timedelta(56), "values": [None, 4.0]},
    ]


def test_table_rows_edge_cases():
    assert table_rows([]) == []
    assert table_rows([Series("Mia", [])]) == []
    # Same normalisation as the chart: last value for a date wins, NaN is no value.
    rows = table_rows([Series("Mia", [(D0, 1), (D0, 2), (D0 + timedelta(1), float("nan"))])])
    assert rows == [{"date": D0, "values": [2.0]}, {"date": D0 + timedelta(1), "values": [None]}]


# ---------------------------------------------------------------- property


@st.composite
def chart_inputs(draw):
    y_min = draw(st.floats(-1e6, 1e6, allow_nan=False))
    y_max = y_min + draw(st.floats(1e-3, 1e6))
    assert y_max > y_min
    value = st.one_of(st.none(), st.floats(y_min, y_max))
    point = st.tuples(st.dates(date(2000, 1, 1), date(2100, 12, 31)), value)
    series = draw(st.lists(
        st.builds(Series, st.text(max_size=60), st.lists(point, max_size=15)), max_size=6,
    ))
    ticks = draw(st.lists(st.floats(y_min, y_max), max_size=6))
    return dict(title=draw(st.text(max_size=80)), series=series, y_min=y_min, y_max=y_max,
                y_ticks=ticks)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chart_inputs())
def test_property_every_point_is_inside_the_plot_and_the_xml_parses(kw):
    root = parse(line_chart(**kw))
    values = sum(v is not None for row in table_rows(kw["series"]) for v in row["values"])
    circles = find_all(root, "circle")
    assert len(circles) == values
    if not values:
        assert [t.text for t in find_all(root, "text")] == ["No data yet"]
        return
    left, top, right, bottom = plot_area(root)
    eps = 0.01
    for c in circles:
        assert left - eps <= float(c.get("cx")) <= right + eps
        assert top - eps <= float(c.get("cy")) <= bottom + eps
    for el in root.iter():
        assert "style" not in el.attrib and el.tag != f"{NS}style"


def test_wide_labels_and_small_sizes_still_make_a_chart():
    series = [Series("界" * 60, [(D0, 1), (D0 + timedelta(7), 2)])]
    root = parse(chart(series, width=200, y_format=lambda v: "a very long label " * 5))
    left, _, right, _ = plot_area(root)
    assert right - left >= 200 * 0.4
    (item,) = find_all(root, "g", "tc-legend-item")
    assert item.find(f"{NS}text").text.endswith("…")
    with pytest.raises(ValueError):
        chart(series, height=80)
