"""docs/accessibility.md, the WCAG 2.2 conformance report, stays true: one row for each
Level A and AA success criterion, conformance in the report's four words, a summary that
adds up, and every test and axe-core rule it names real. An axe rule must also be one that
tests/browser/axe.py runs (its WCAG tags, not experimental or deprecated), be tagged with
the criterion of its row, and fail a test when it finds something (serious or critical).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "docs" / "accessibility.md"

# WCAG 2.2's Level A and AA success criteria, as the Recommendation numbers and names
# them (https://www.w3.org/TR/WCAG22/); 4.1.1 Parsing is obsolete and removed in 2.2.
WCAG22_A_AA = {
    "1.1.1": ("Non-text Content", "A"),
    "1.2.1": ("Audio-only and Video-only (Prerecorded)", "A"),
    "1.2.2": ("Captions (Prerecorded)", "A"),
    "1.2.3": ("Audio Description or Media Alternative (Prerecorded)", "A"),
    "1.2.4": ("Captions (Live)", "AA"),
    "1.2.5": ("Audio Description (Prerecorded)", "AA"),
    "1.3.1": ("Info and Relationships", "A"),
    "1.3.2": ("Meaningful Sequence", "A"),
    "1.3.3": ("Sensory Characteristics", "A"),
    "1.3.4": ("Orientation", "AA"),
    "1.3.5": ("Identify Input Purpose", "AA"),
    "1.4.1": ("Use of Color", "A"),
    "1.4.2": ("Audio Control", "A"),
    "1.4.3": ("Contrast (Minimum)", "AA"),
    "1.4.4": ("Resize Text", "AA"),
    "1.4.5": ("Images of Text", "AA"),
    "1.4.10": ("Reflow", "AA"),
    "1.4.11": ("Non-text Contrast", "AA"),
    "1.4.12": ("Text Spacing", "AA"),
    "1.4.13": ("Content on Hover or Focus", "AA"),
    "2.1.1": ("Keyboard", "A"),
    "2.1.2": ("No Keyboard Trap", "A"),
    "2.1.4": ("Character Key Shortcuts", "A"),
    "2.2.1": ("Timing Adjustable", "A"),
    "2.2.2": ("Pause, Stop, Hide", "A"),
    "2.3.1": ("Three Flashes or Below Threshold", "A"),
    "2.4.1": ("Bypass Blocks", "A"),
    "2.4.2": ("Page Titled", "A"),
    "2.4.3": ("Focus Order", "A"),
    "2.4.4": ("Link Purpose (In Context)", "A"),
    "2.4.5": ("Multiple Ways", "AA"),
    "2.4.6": ("Headings and Labels", "AA"),
    "2.4.7": ("Focus Visible", "AA"),
    "2.4.11": ("Focus Not Obscured (Minimum)", "AA"),
    "2.5.1": ("Pointer Gestures", "A"),
    "2.5.2": ("Pointer Cancellation", "A"),
    "2.5.3": ("Label in Name", "A"),
    "2.5.4": ("Motion Actuation", "A"),
    "2.5.7": ("Dragging Movements", "AA"),
    "2.5.8": ("Target Size (Minimum)", "AA"),
    "3.1.1": ("Language of Page", "A"),
    "3.1.2": ("Language of Parts", "AA"),
    "3.2.1": ("On Focus", "A"),
    "3.2.2": ("On Input", "A"),
    "3.2.3": ("Consistent Navigation", "AA"),
    "3.2.4": ("Consistent Identification", "AA"),
    "3.2.6": ("Consistent Help", "A"),
    "3.3.1": ("Error Identification", "A"),
    "3.3.2": ("Labels or Instructions", "A"),
    "3.3.3": ("Error Suggestion", "AA"),
    "3.3.4": ("Error Prevention (Legal, Financial, Data)", "AA"),
    "3.3.7": ("Redundant Entry", "A"),
    "3.3.8": ("Accessible Authentication (Minimum)", "AA"),
    "4.1.2": ("Name, Role, Value", "A"),
    "4.1.3": ("Status Messages", "AA"),
}
CONFORMANCE = ("Supports", "Partially supports", "Does not support", "Not applicable")
COLUMNS = ["Criterion", "Name", "Level", "Conformance", "How Tandem meets it", "Checked by"]
# A test named in the report: a file under tests/ or an app's tests/, optionally ::function.
TEST_REF = re.compile(r"^(?:tests|tandem)/[\w/]+\.py(?:::(\w+))?$")


def test_the_official_list_has_31_a_and_24_aa_criteria():
    levels = [level for _, level in WCAG22_A_AA.values()]
    assert (levels.count("A"), levels.count("AA")) == (31, 24)
    assert "4.1.1" not in WCAG22_A_AA


def report_rows() -> list[dict[str, str]]:
    rows = []
    header = None
    for line in REPORT.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            header = None if not line.strip() else header
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if header is None:
            header = cells
            continue
        if set("".join(cells)) <= set("-: "):
            continue
        if header == COLUMNS:
            assert len(cells) == len(COLUMNS), f"a '|' inside a cell breaks the row: {line[:80]}"
            rows.append(dict(zip(COLUMNS, cells, strict=True)))
    return rows


ROWS = report_rows()


def test_every_criterion_has_exactly_one_row_with_its_name_and_level():
    numbers = [row["Criterion"] for row in ROWS]
    assert sorted(set(numbers)) == sorted(numbers), "a criterion has more than one row"
    assert set(numbers) == set(WCAG22_A_AA), (
        f"missing: {sorted(set(WCAG22_A_AA) - set(numbers))}; "
        f"not WCAG 2.2 A/AA: {sorted(set(numbers) - set(WCAG22_A_AA))}")
    for row in ROWS:
        assert (row["Name"], row["Level"]) == WCAG22_A_AA[row["Criterion"]], row["Criterion"]


def test_it_says_that_4_1_1_parsing_is_obsolete():
    assert re.search(r"4\.1\.1 Parsing\*\* is not in the table: WCAG 2\.2 made it obsolete",
                     REPORT.read_text(encoding="utf-8"))


def test_conformance_uses_the_four_words_and_every_row_says_how_and_what_checks_it():
    for row in ROWS:
        assert row["Conformance"] in CONFORMANCE, row
        assert len(row["How Tandem meets it"]) > 20, row["Criterion"]
        assert references(row) or axe_references(row) or "Review" in row["Checked by"], (
            row["Criterion"])


def test_the_summary_adds_up():
    text = REPORT.read_text(encoding="utf-8")
    found = re.search(r"Tandem supports (\d+) criteria, partially supports (\d+) .*?and (\d+) do "
                      r"not apply", text, re.S)
    assert found, "the summary sentence is missing"
    counts = [sum(row["Conformance"] == word for row in ROWS)
              for word in ("Supports", "Partially supports", "Not applicable")]
    assert [int(n) for n in found.groups()] == counts
    partial = [row["Criterion"] for row in ROWS if row["Conformance"] == "Partially supports"]
    for number in partial:
        assert f"**{number} " in text.split("## What is left")[1], f"{number} is not in What is left"


def references(row) -> list[str]:
    """The tests a row names: backquoted paths like tests/x.py::test_y."""
    return [ref for ref in re.findall(r"`([^`]+)`", row["Checked by"]) if TEST_REF.match(ref)]


def axe_references(row) -> list[str]:
    """The axe rules a row names: backquoted, in a part of "Checked by" (between
    semicolons) that starts with "axe "."""
    return [rule for part in row["Checked by"].split(";") if part.strip().startswith("axe ")
            for rule in re.findall(r"`([^`]+)`", part)]


def test_every_test_the_report_names_exists():
    missing = []
    for row in ROWS:
        for ref in references(row):
            found = TEST_REF.match(ref)
            path = ROOT / ref.split("::")[0]
            if not path.is_file():
                missing.append(f"{row['Criterion']}: {ref} (no such file)")
            elif found.group(1) and not re.search(
                    rf"^\s*def {found.group(1)}\(", path.read_text(encoding="utf-8"), re.M):
                missing.append(f"{row['Criterion']}: {ref} (no such test)")
    assert not missing, "\n".join(missing)


def axe_rules() -> dict[str, dict]:
    """Every rule of the pinned axe-core: its tags and impact, read from axe.min.js."""
    from tests.browser.axe import require_axe

    rules = {}
    for rule_id, body, tags in re.findall(
            r'\{id:"([\w-]+)",([^{}]*?)tags:\[([^\]]*)\]', require_axe()):
        impact = re.search(r'impact:"(\w+)"', body)
        rules[rule_id] = {"tags": set(re.findall(r'"([^"]+)"', tags)),
                          "impact": impact and impact.group(1)}
    return rules


def test_every_axe_rule_the_report_names_checks_its_criterion_in_the_journeys():
    from tests.browser.axe import FAILING_IMPACTS, WCAG_TAGS

    rules = axe_rules()
    assert {"color-contrast", "target-size", "label"} <= set(rules), "axe.min.js not parsed"
    wrong = []
    for row in ROWS:
        tag = "wcag" + row["Criterion"].replace(".", "")
        for ref in axe_references(row):
            rule = rules.get(ref)
            if rule is None:
                wrong.append(f"{row['Criterion']}: {ref} is not an axe-core rule")
            elif not rule["tags"] & set(WCAG_TAGS) or rule["tags"] & {"experimental",
                                                                      "deprecated"}:
                wrong.append(f"{row['Criterion']}: axe.py does not run {ref}")
            elif tag not in rule["tags"]:
                wrong.append(f"{row['Criterion']}: {ref} is not tagged {tag}")
            elif rule["impact"] not in FAILING_IMPACTS:
                wrong.append(f"{row['Criterion']}: {ref} ({rule['impact']}) fails no test")
    assert not wrong, "\n".join(wrong)


# Templates that are layouts for other pages, not pages.
LAYOUTS = {"allauth/layouts/base.html", "allauth/layouts/manage.html"}


@pytest.mark.parametrize("template", sorted(
    path for path in (ROOT / "tandem").rglob("templates/**/*.html")
    if re.search(r'\{% extends "(base\.html|allauth/layouts/\w+\.html)" %\}',
                 path.read_text(encoding="utf-8"))
    and path.as_posix().split("/templates/", 1)[1] not in LAYOUTS), ids=lambda p: p.name)
def test_every_page_template_names_its_page(template):
    """WCAG 2.4.2: each page's <title> names it (base.html adds " · Tandem")."""
    title = re.search(r"\{% block head_title %\}(.*?)\{% endblock", template.read_text(
        encoding="utf-8"), re.S)
    assert title and title.group(1).strip(), f"{template} sets no head_title"
