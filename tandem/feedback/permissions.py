from __future__ import annotations

from django.db.models import Q

from tandem.core.errors import NotFound
from tandem.feedback.models import ProgressReport


def access_report(user, report_id, *, write: bool = False) -> ProgressReport:
    """A report is read by the two parties of its mentorship; to anyone else it does not
    exist. Only its author could change it (reports are final once written)."""
    if not user.is_authenticated:
        raise NotFound
    try:
        pk = int(report_id)
    except (TypeError, ValueError):
        raise NotFound from None
    report = (ProgressReport.objects.select_related("relationship__mentee__profile",
                                                    "relationship__mentor__profile",
                                                    "author__profile")
              .filter(Q(relationship__mentee=user) | Q(relationship__mentor=user), pk=pk)
              .first())
    if report is None:
        raise NotFound
    return report
