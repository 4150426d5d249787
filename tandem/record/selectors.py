"""The relationship's timeline and a person's exported record, gathered from every
feature through the section hooks in tandem/core/sections.py."""

from __future__ import annotations

from django.utils import timezone

from tandem.core import sections
from tandem.core.errors import ValidationFailed
from tandem.core.sections import TIMELINE_KINDS, TimelineEvent


def parse_kinds(values) -> set[str]:
    """The kinds a timeline is filtered on; unknown ones are an error, naming the field."""
    kinds = {str(v).strip() for v in values or [] if str(v).strip()}
    unknown = sorted(kinds - set(TIMELINE_KINDS))
    if unknown:
        raise ValidationFailed(
            f"Unknown kind {unknown[0][:40]!r}: use one of {', '.join(TIMELINE_KINDS)}.",
            field="kind")
    return kinds


def timeline_for(*, viewer, relationship, kinds: set[str] | None = None) -> list[TimelineEvent]:
    from tandem.mentorships.models import Relationship

    # One query for what every hook reads from the relationship itself.
    rel = (Relationship.objects.select_related(
        "mentee__profile", "mentor__profile", "request")
        .prefetch_related("agreements", "meetings").get(pk=relationship.pk))
    return sections.timeline(viewer=viewer, relationship=rel, kinds=kinds)


def record_document(*, user) -> str:
    """The person's whole record as one Markdown document."""
    name = user.display_name
    today = timezone.localdate()
    parts = [f"# Development record: {name}", "",
             f"Exported from Tandem on {today:%Y-%m-%d}. It holds what you wrote and what "
             "was shared with you, including your private notes: keep it safe.", ""]
    body = sections.record_markdown(user=user)
    if not body:
        parts.append("Nothing recorded yet: goals, meetings, feedback and journal entries "
                     "appear here as you add them.")
    parts.extend(text.rstrip() + "\n" for text in body)
    return "\n".join(parts).rstrip() + "\n"
