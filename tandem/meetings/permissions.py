"""Meetings belong to their mentorship: visible to its two parties only (404 for anyone
else)."""

from __future__ import annotations

from tandem.core.errors import NotFound
from tandem.core.permissions import parse_id
from tandem.meetings.models import ActionItem, AgendaItem, Meeting, MeetingSeries, TimeOffer
from tandem.mentorships.models import involving_q


def _get(queryset, user, pk, prefix="relationship__"):
    if not user.is_authenticated:
        raise NotFound
    found = queryset.filter(involving_q(user, prefix=prefix), pk=parse_id(pk)).first()
    if found is None:
        raise NotFound
    return found


def access_meeting(user, meeting_id, *, write: bool = False) -> Meeting:
    return _get(Meeting.objects.select_related("relationship__mentee__profile",
                                               "relationship__mentor__profile", "series"),
                user, meeting_id)


def access_series(user, series_id, *, write: bool = False) -> MeetingSeries:
    return _get(MeetingSeries.objects.select_related("relationship__mentee__profile",
                                                     "relationship__mentor__profile"),
                user, series_id)


def access_agenda_item(user, item_id, *, write: bool = False) -> AgendaItem:
    return _get(AgendaItem.objects.select_related("meeting__relationship"), user, item_id,
                prefix="meeting__relationship__")


def access_action_item(user, item_id, *, write: bool = False) -> ActionItem:
    return _get(ActionItem.objects.select_related("meeting__relationship"), user, item_id,
                prefix="meeting__relationship__")


def access_offer(user, offer_id, *, write: bool = False) -> TimeOffer:
    return _get(TimeOffer.objects.select_related("relationship"), user, offer_id)
