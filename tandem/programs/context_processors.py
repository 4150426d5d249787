from django.utils.functional import SimpleLazyObject

from tandem.core.cache import header_figures


def programs(request):
    """``program_role``: whether the header shows "Programs" (to the people who coordinate
    or take part in a program, and to staff). Coordinators and staff are known from the
    user row (read on every request, so a changed flag shows at once); anyone else's
    answer is a cached header figure (``tandem.core.cache``), read only if a template asks;
    anonymous people cost nothing."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"program_role": False}
    if user.is_staff or user.is_coordinator:
        return {"program_role": True}
    return {"program_role": SimpleLazyObject(
        lambda: bool(header_figures(request)["takes_part_in_program"]))}


def takes_part_expression():
    """The header figure ``takes_part_in_program``: the person coordinates a program or
    takes part in one. The enrolment and program services call ``header_changed`` when
    that may change."""
    from django.db.models import Exists, OuterRef, Q

    from tandem.programs.models import ParticipantStatus, Program

    me = OuterRef("pk")
    return Exists(Program.objects.filter(
        Q(coordinators=me) | Q(participants__user=me,
                               participants__status=ParticipantStatus.ACTIVE)))
