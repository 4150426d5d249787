"""Copy: words said twice, zero-padded days and clumsy rule messages, on the pages where
they were seen and, as a guard for the class, in every template and Python string."""

from __future__ import annotations

import re
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.utils import timezone

ROOT = Path(__file__).resolve().parent.parent / "tandem"


class _Text(HTMLParser):
    """The text a reader meets, hidden headings included (a screen reader reads them)."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "title"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "title") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def text_of(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.parts))


@pytest.fixture
def rel(personas):
    from tandem.mentorships.services import agreement_confirm, request_accept, request_create

    req = request_create(actor=personas.mentee, mentor=personas.mentor, message="Hi",
                         goal_ids=[g.pk for g in personas.mentee.career_goals.all()])
    rel = request_accept(actor=personas.mentor, request=req)
    agreement_confirm(actor=rel.mentee, relationship=rel, version=1)
    agreement_confirm(actor=rel.mentor, relationship=rel, version=1)
    return rel


def test_it_says_confirmed_once_on_an_agreement_version(rel, client_for):
    page = text_of(client_for(rel.mentee).get(
        f"/mentorships/{rel.pk}/agreement/v1/").content.decode())
    assert "Confirmed by both on" in page
    assert "confirmed confirmed" not in page.lower()


def test_it_says_who_sees_my_own_plan_template_in_one_phrase(rel, client_for):
    from tandem.plans.models import PlanTemplate
    from tandem.plans.tests.helpers import item

    item(rel, title="Negotiation")
    client = client_for(rel.mentor)
    client.post(f"/mentorships/{rel.pk}/plan/save-template/", {"name": "My staples"})
    template = PlanTemplate.objects.get(owner=rel.mentor)
    page = text_of(client.get(f"/plan-templates/{template.pk}/").content.decode())
    assert "Yours only you see it" not in page
    assert "Yours (only you see it)" in page


def test_it_says_show_only_once_on_the_timeline(rel, client_for):
    page = text_of(client_for(rel.mentee).get(f"/mentorships/{rel.pk}/timeline/")
                   .content.decode())
    assert page.count("Show only") == 1


def test_it_says_the_program_must_end_after_it_starts(personas):
    from tandem.core.errors import ValidationFailed
    from tandem.programs import services
    from tandem.programs.tests.conftest import program_data

    today = timezone.localdate()
    with pytest.raises(ValidationFailed) as exc:
        services.program_create(actor=personas.coordinator, **program_data(
            starts_on=today + timedelta(days=10), ends_on=today + timedelta(days=10)))
    assert {"field": "ends_on", "message": "The program must end after it starts."} in (
        exc.value.errors)


def test_it_writes_days_without_a_leading_zero_in_the_timeline(rel, client_for):
    from datetime import date

    from tandem.feedback.models import ProgressReport

    # Written straight to the table: the day of the month is what is checked here.
    ProgressReport.objects.create(relationship=rel, author=rel.mentee, due_date=date(2026, 12, 6),
                                  went_well="Talks", satisfaction=4, cadence_fit="right")
    page = text_of(client_for(rel.mentee).get(f"/mentorships/{rel.pk}/timeline/")
                   .content.decode())
    assert "wrote the progress report due 6 December 2026" in page


ZERO_PADDED_DAY = [
    # strftime's %d before a month name: "06 December" (write f"{d.day} {d:%B}").
    re.compile(r"%d[ ,]+%[bB]"),
    re.compile(r"%[aA] %d\b"),
    # Django's date filter: "d" is the zero-padded day, "j" the plain one.
    re.compile(r"""\|date:["'][^"']*(?<![\\\w])d [FMNb]"""),
]


def test_it_has_no_zero_padded_day_before_a_month_anywhere():
    found = []
    for path in sorted(ROOT.rglob("*")):
        if path.suffix not in (".py", ".html", ".txt") or "/tests/" in str(path):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if any(pattern.search(line) for pattern in ZERO_PADDED_DAY):
                found.append(f"{path.relative_to(ROOT.parent)}:{number}: {line.strip()}")
    assert found == [], "\n".join(found)
