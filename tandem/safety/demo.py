"""Demo safety reports around the demo mentorship: the mentee reported an account that
sent her a paid "career boost" offer (reviewed, the account frozen), and a mentor whose
messages felt pushy (in review); the mentor reported a profile with an offensive bio
(closed with a warning). Made through the real services, then back-dated."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tandem.accounts.models import Profile, User
from tandem.accounts.services import profile_update, user_create
from tandem.safety import services
from tandem.safety.models import Freeze, Report


def _ago(days: int, hours: int = 0):
    return timezone.now() - timedelta(days=days, hours=hours)


def demo_records(*, mentee, mentor, relationship) -> dict[str, int]:
    staff = User.objects.filter(is_staff=True, is_active=True).order_by("pk").first()
    coordinator = (User.objects.filter(is_coordinator=True, is_active=True, is_staff=False)
                   .order_by("pk").first() or staff)
    if staff is None:
        return {}
    spammer = user_create(email="career.boost@demo.tandem.test", password=None,
                          display_name="Quick Career Boost", verified=True)
    profile_update(actor=spammer, profile=spammer.profile, changes={
        "is_mentor": True, "mentor_capacity": 20, "open_to_requests": True,
        "headline": "Guaranteed senior offers in 30 days",
        "bio": "DM me for the premium programme."})
    others = list(Profile.objects.filter(is_mentor=True, user__is_active=True)
                  .exclude(user__in=[mentee, mentor, spammer, staff, coordinator])
                  .exclude(user__is_staff=True).exclude(user__is_coordinator=True)
                  .order_by("pk").values_list("pk", flat=True)[:2])
    pushy_profile = others[0] if others else spammer.profile.pk
    rude_profile = others[1] if len(others) > 1 else pushy_profile

    spam = services.report_create(
        actor=mentee, category="spam_or_scam", profile_id=spammer.profile.pk,
        wants_contact=False,
        details="After I looked at this profile I got three messages offering a 'premium "
                "career programme' for 400 euros, with a link to a payment page. The "
                "profile promises guaranteed job offers.")
    services.report_update(actor=coordinator, report=spam, status="in_review")
    services.account_freeze(actor=coordinator, user=spammer, report_id=spam.pk,
                            reason="Paid offers sent to mentees who viewed the profile; "
                                   "the same text was reported by another member last week.")
    services.report_update(actor=coordinator, report=spam, status="closed",
                           action_taken="frozen",
                           outcome_note="Three members confirmed the messages. Account "
                                        "frozen; payment link reported to the host.")

    pushy = services.report_create(
        actor=mentee, category="harassment", profile_id=pushy_profile, wants_contact=True,
        details="I declined to work with this mentor politely, but I keep getting messages "
                "asking me to reconsider, four in the last week. I would like it to stop.")
    services.report_update(actor=staff, report=pushy, status="in_review")

    rude = services.report_create(
        actor=mentor, category="inappropriate_content", profile_id=rude_profile,
        details="The bio has a joke about 'women in tech' that mentees may find "
                "offensive. Probably not meant badly, but it should not be on a "
                "mentor's page.")
    services.report_update(actor=staff, report=rude, status="closed", action_taken="warned",
                           outcome_note="Wrote to the mentor, who removed the line the same "
                                        "day and apologised.")

    # Back-date so the queue and histories read like the last few weeks.
    Report.objects.filter(pk=rude.pk).update(created_at=_ago(26), reviewed_at=_ago(25),
                                             closed_at=_ago(24))
    Report.objects.filter(pk=spam.pk).update(created_at=_ago(9, 5), reviewed_at=_ago(9),
                                             closed_at=_ago(8))
    Freeze.objects.filter(report=spam).update(created_at=_ago(9))
    Report.objects.filter(pk=pushy.pk).update(created_at=_ago(2, 3), reviewed_at=_ago(1))
    return {"safety reports": 3, "frozen accounts": 1}
