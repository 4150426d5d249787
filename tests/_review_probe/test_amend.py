from datetime import timedelta
from django.utils import timezone
from tandem.core.errors import DomainError
from tandem.mentorships import services
from tandem.mentorships.models import Agreement
from tandem.notifications.models import Notification


def test_amend_stuck(personas):
    goals = [g.pk for g in personas.mentee.career_goals.all()[:1]]
    req = services.request_create(actor=personas.mentee, mentor=personas.mentor, message="hello", goal_ids=goals)
    rel = services.request_accept(actor=personas.mentor, request=req)
    services.agreement_confirm(actor=personas.mentee, relationship=rel, version=1)
    services.agreement_confirm(actor=personas.mentor, relationship=rel, version=1)
    services.agreement_propose(actor=personas.mentor, relationship=rel, changes={"cadence": "weekly"})
    try:
        services.agreement_propose(actor=personas.mentee, relationship=rel, changes={"cadence": "biweekly"})
        print("\nrevert ok")
    except DomainError as exc:
        print("\nmentee cannot reject/revert amendment:", exc.message)
    n = 0
    now = timezone.now()
    for k in range(1, 5):
        n += services.agreements_remind(now=now + timedelta(days=4 * k))
    print("reminders sent over 16 days:", n, Notification.objects.filter(kind="agreement.reminder").values_list("recipient__email", flat=True).distinct().count())
