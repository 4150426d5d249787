"""Health badges read in order of severity (healthy, needs attention, at risk) by more than
colour: each has its own symbol and word, and "At risk" is the strongest (the danger colour,
bold), not a grey weaker than the yellow "Needs attention". The at-risk list does not say
"Send a nudge" twice over the button that does it."""

import re
from pathlib import Path
from types import SimpleNamespace

from django.template.loader import render_to_string
from django.urls import reverse

from tandem.health.tests.test_pages import _age

CSS = (Path(__file__).resolve().parents[2] / "static" / "css" / "tandem.css").read_text()


def badge(state: str) -> str:
    return render_to_string("health/partials/badge.html",
                            {"health": SimpleNamespace(state=state)})


def rule(selector: str) -> str:
    """The declarations of the CSS rule whose selector list names ``selector`` (alone or
    among others, as in ``.badge.health-at-risk, .badge.state-at_risk { ... }``)."""
    for selectors, body in re.findall(r"([^{}]+)\{([^}]*)\}", CSS):
        if selector in (s.strip() for s in selectors.split(",")):
            return body
    raise AssertionError(f"no CSS rule for {selector}")


def test_it_shows_each_state_with_its_own_symbol_word_and_class():
    seen = {}
    for state, word in (("healthy", "Healthy"), ("needs_attention", "Needs attention"),
                        ("at_risk", "At risk")):
        html = badge(state)
        assert word in html
        symbol = re.search(r'<span class="badge-icon" aria-hidden="true">([^<]+)</span>', html)
        assert symbol, f"{state}: no symbol beside the word"
        seen[state] = (symbol.group(1), re.search(r'class="badge (health-[\w-]+)"', html)[1])
    assert len({s for s, _ in seen.values()}) == 3  # three shapes, not one in three colours
    assert seen["at_risk"][1] == "health-at-risk"


def test_it_makes_at_risk_the_strongest_badge():
    at_risk, attention = rule(".badge.health-at-risk"), rule(".badge.health-attention")
    assert "var(--danger)" in at_risk and "font-weight: 700" in at_risk
    assert "var(--danger)" not in attention and "#eceff3" not in at_risk  # not grey


def test_it_does_not_repeat_send_a_nudge_above_its_button(mentorship, personas, client_for):
    _age(mentorship, 22)  # no meeting in 22 days: needs attention, suggested action "nudge"
    page = client_for(personas.staff).get(reverse("health:at_risk")).content.decode()
    assert "Needs attention" in page
    assert page.count("Send a nudge") == 1
