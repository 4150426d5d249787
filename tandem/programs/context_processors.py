from django.utils.functional import SimpleLazyObject


def programs(request):
    """``program_role``: whether the header shows "Programs" (to the people who coordinate
    or take part in a program, and to staff). Coordinators and staff are known from the
    user row; anyone else costs one query, and only if a template asks; anonymous people
    none."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"program_role": False}
    if user.is_staff or user.is_coordinator:
        return {"program_role": True}
    return {"program_role": SimpleLazyObject(lambda: _takes_part(user))}


def _takes_part(user) -> bool:
    from django.db.models import Q

    from tandem.programs.models import ParticipantStatus, Program

    return Program.objects.filter(
        Q(coordinators=user)
        | Q(participants__user=user, participants__status=ParticipantStatus.ACTIVE)).exists()
