"""The periodic jobs and the tasks that run them. ``tandem scheduler`` (started by
``tandem serve``) enqueues ``run_periodic_jobs`` every TANDEM_SCHEDULER_INTERVAL seconds;
a worker runs it. Each job is idempotent and claims its rows with conditional updates,
so two schedulers or an overlap do no harm."""

from __future__ import annotations

import logging

from django_tasks import task

logger = logging.getLogger(__name__)


def periodic_jobs() -> dict:
    from tandem.accounts.services import profile_refresh_offsets
    from tandem.conversations.services import messages_email_unseen
    from tandem.feedback.services import reports_remind
    from tandem.health.services import health_checks
    from tandem.meetings.services import actions_remind, meetings_remind
    from tandem.mentorships.services import (
        agreements_remind,
        relationships_resume_due,
        requests_expire,
        requests_remind,
    )
    from tandem.notifications.digests import daily_digests_send, weekly_digests_send
    from tandem.programs.services import pairs_expire

    return {
        "requests_expired": requests_expire,
        "request_reminders": requests_remind,
        "agreement_reminders": agreements_remind,
        "relationships_resumed": relationships_resume_due,
        "timezones_refreshed": profile_refresh_offsets,
        "meeting_reminders": meetings_remind,
        "action_reminders": actions_remind,
        "report_reminders": reports_remind,
        # Relationship health: nudges when it gets worse, pause notices, automatic pauses.
        "health_checks": health_checks,
        # Program matches waiting for approval past the program's request expiry.
        "program_matches_expired": pairs_expire,
        # Messages unseen for TANDEM_MESSAGE_EMAIL_DELAY_MINUTES: one email per conversation.
        "message_emails": messages_email_unseen,
        # After the reminders, so a reminder due now can be part of today's digest.
        "daily_digests": daily_digests_send,
        "weekly_digests": weekly_digests_send,
    }


def run_all() -> dict:
    results = {}
    for name, job in periodic_jobs().items():
        try:
            results[name] = job()
        except Exception:  # one failing job must not stop the others
            logger.exception("periodic job %s failed", name)
            results[name] = "failed"
    return results


@task()
def run_periodic_jobs() -> dict:
    return run_all()
