"""The relationship's workspace: its tabs and the header every page of the relationship
shows (the two people, the state, the agreement's status and the apps' header facts, such
as the next meeting).

The Overview (``mentorships:detail``) and the section tabs (``mentorships:tab``) are pages
of this app and show the ``relationship_section`` cards whose ``"tab"`` names them
(tandem/core/sections.py). Messages and Timeline are pages of their own apps
(conversations, record); they are linked by URL name, not imported, and include the header
with ``{% load workspace %}{% workspace_header rel "messages" %}``."""

from __future__ import annotations

from django.urls import reverse

from tandem.core.sections import relationship_summaries
from tandem.mentorships import selectors
from tandem.mentorships.models import Relationship

TABS = (
    ("overview", "Overview"),
    ("meetings", "Meetings"),
    ("goals", "Goals and plan"),
    ("feedback", "Feedback and reports"),
    ("messages", "Messages"),
    ("notes", "Notes and journal"),
    ("timeline", "Timeline"),
)
TAB_LABELS = dict(TABS)
# The tabs that show the cards of the apps' relationship sections (mentorships:tab).
SECTION_TABS = ("meetings", "goals", "feedback", "notes")
_PAGES = {"overview": "mentorships:detail", "messages": "conversations:thread",
          "timeline": "record:timeline"}


def tab_of(section: dict) -> str:
    return section.get("tab") or "overview"


def tab_url(relationship_id: int, key: str) -> str:
    if key in _PAGES:
        return reverse(_PAGES[key], args=[relationship_id])
    return reverse("mentorships:tab", args=[relationship_id, key])


def agreement_status(viewer, rel: Relationship, view: selectors.AgreementView) -> dict:
    """The agreement in a few words: confirmed vN, pending, or a change waiting (and
    whether it waits on ``viewer``)."""
    draft, current = view.draft, view.current
    waits_on_me = bool(draft and rel.is_open and not draft.confirmed_by(viewer))
    if current and draft and rel.is_open:
        text = (f"version {current.version} confirmed; version {draft.version} waits for "
                + ("your confirmation" if waits_on_me else "the other person"))
        state = "change"
    elif current:
        text, state = f"confirmed, version {current.version}", "confirmed"
    elif rel.is_open:
        text = "pending" + (": waiting for your confirmation" if waits_on_me else "")
        state = "pending"
    else:
        text, state = "none was confirmed", "none"
    return {"text": text, "state": state, "waits_on_me": waits_on_me,
            "url": reverse("mentorships:agreement", args=[rel.pk])}


def header(*, viewer, relationship: Relationship, current: str,
           agreement: selectors.AgreementView | None = None) -> dict:
    """What the workspace header and its sub-navigation show (a fixed number of queries:
    the agreement's versions and each app's header fact)."""
    rel = relationship
    view = agreement if agreement is not None else selectors.agreement_view(rel)
    return {
        "rel": rel, "other": rel.other_party(viewer), "role": rel.role_of(viewer),
        "agreement_status": agreement_status(viewer, rel, view),
        "facts": relationship_summaries(viewer=viewer, relationship=rel),
        "tabs": [{"key": key, "label": label, "url": tab_url(rel.pk, key),
                  "current": key == current} for key, label in TABS],
    }
