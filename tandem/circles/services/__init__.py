"""Every write of the circles app, one module per concern:

- ``circles``: starting, changing and closing a circle;
- ``membership``: invitations, requests, removal, leaving, a program's assignment of its
  mentees, and account erasure;
- ``agreement``: the circle agreement;
- ``meetings``: meetings, agenda, notes and attendance;
- ``content``: posts, resources and shared goals;
- ``_common``: limits, field checks, who leads, places under a row lock.

Who may do what:
* anyone signed in may start a **peer circle** (they organise it and are its first member);
  a person with the mentor role may start a **mentor-led circle** (they are its first
  mentor and may invite one more mentor). A circle is part of a program only when its
  starter is an enrolled mentor of that program.
* the leaders (mentors, or a peer circle's organiser) invite, decide requests, remove
  members, edit the circle, schedule meetings, record attendance and close it;
* every active member posts, adds agenda items, writes their own meeting notes, adds
  resources, proposes and confirms the agreement and chooses which of their goals the
  circle sees.

Places are counted on the circle row (``member_count``), changed only while that row is
locked (``select_for_update``), so two people accepting the last place at once cannot both
get it. A closed circle is read-only.

The public functions are re-exported here, so ``from tandem.circles.services import x``
keeps working. To replace one in a test, patch it in the module that uses it: patching
this package's attribute does not change the name a submodule looks up.
"""

from tandem.circles.services._common import (
    CIRCLE_FIELDS,
    CLOSED_MESSAGE,
    MAX_AGENDA_ITEMS,
    MAX_MEETINGS_AHEAD,
    MAX_POSTS_PER_CIRCLE,
    MAX_RESOURCES,
    active_members,
    leaders_of,
)
from tandem.circles.services.agreement import agreement_confirm, agreement_propose
from tandem.circles.services.circles import circle_close, circle_create, circle_update
from tandem.circles.services.content import goals_share, post_add, resource_add, resource_delete
from tandem.circles.services.meetings import (
    agenda_add,
    attendance_record,
    meeting_cancel,
    meetings_schedule,
    note_save,
)
from tandem.circles.services.membership import (
    circle_leave,
    erase_member,
    invitation_respond,
    member_invite,
    member_remove,
    membership_request,
    program_assign,
    request_decide,
)

__all__ = [
    "CIRCLE_FIELDS",
    "CLOSED_MESSAGE",
    "MAX_AGENDA_ITEMS",
    "MAX_MEETINGS_AHEAD",
    "MAX_POSTS_PER_CIRCLE",
    "MAX_RESOURCES",
    "active_members",
    "agenda_add",
    "agreement_confirm",
    "agreement_propose",
    "attendance_record",
    "circle_close",
    "circle_create",
    "circle_leave",
    "circle_update",
    "erase_member",
    "goals_share",
    "invitation_respond",
    "leaders_of",
    "meeting_cancel",
    "meetings_schedule",
    "member_invite",
    "member_remove",
    "membership_request",
    "note_save",
    "post_add",
    "program_assign",
    "request_decide",
    "resource_add",
    "resource_delete",
]
