"""The relationship's timeline and a person's exported record, gathered from every
feature through the section hooks in tandem/core/sections.py."""

from __future__ import annotations

from django.utils import timezone

from tandem.core import sections
from tandem.core.errors import ValidationFailed
from tandem.core.sections import TimelineEvent, timeline_kinds


def parse_kinds(values) -> set[str]:
    """The kinds a timeline is filtered on; unknown ones are an error, naming the field."""
    kinds = {str(v).strip() for v in values or [] if str(v).strip()}
    unknown = sorted(kinds - set(timeline_kinds()))
    if unknown:
        raise ValidationFailed(
            f"Unknown kind {unknown[0][:40]!r}: use one of {', '.join(timeline_kinds())}.",
            field="kind")
    return kinds


def _clock_of(rel, viewer):
    """The viewer's timezone, whether they came with a session or with a token (the
    middleware activates it only for a session)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    parties = {rel.mentee_id: rel.mentee, rel.mentor_id: rel.mentor}
    if viewer.pk not in parties:
        return timezone.get_current_timezone()
    profile = parties[viewer.pk].profile
    try:
        return ZoneInfo(profile.timezone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def timeline_for(*, viewer, relationship, kinds: set[str] | None = None) -> list[TimelineEvent]:
    from tandem.mentorships.models import Relationship

    # One query for what every hook reads from the relationship itself.
    rel = (Relationship.objects.select_related(
        "mentee__profile", "mentor__profile", "request")
        .prefetch_related("agreements", "meetings").get(pk=relationship.pk))
    # Times written into the events' text are on the viewer's clock, as on every page.
    with timezone.override(_clock_of(rel, viewer)):
        return sections.timeline(viewer=viewer, relationship=rel, kinds=kinds)


def record_document(*, user) -> str:
    """The person's whole record as one Markdown document, dated on their own clock."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from tandem.accounts.models import Profile

    name = Profile.objects.filter(user=user).values_list("timezone", flat=True).first()
    try:
        zone = ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    with timezone.override(zone):
        return _record_document(user=user)


def _record_document(*, user) -> str:
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
