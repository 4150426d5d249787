from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tandem.accounts.models import User
from tandem.demo.people import (
    DEMO_LOGINS,
    DEMO_TOTP_SECRET,
    demo_authenticators,
    demo_populate,
    demo_totp_code,
)


class Command(BaseCommand):
    help = "Fill an empty database with demo people and the fixed demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true",
                            help="Do nothing (and succeed) when the database has users already.")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--scale", type=int, default=0, metavar="N",
                            help="Also generate N people with N/2 mentorships, 5N meetings, "
                                 "2N feedback entries, goals, reports and notifications "
                                 "(for load tests; N=100000 takes about 90 seconds on SQLite).")
        parser.add_argument("--code", action="store_true",
                            help="Print the demo coordinator's and staff's current "
                                 "two-factor code, and nothing else.")
        parser.add_argument("--allow-production", action="store_true",
                            help="Load demo data even with TANDEM_ENV=production (it makes a "
                                 "staff superuser whose password is published).")

    def handle(self, *args, if_empty=False, seed=2026, allow_production=False, scale=0,
               code=False, **options):
        if code:
            self.stdout.write(demo_totp_code())
            return
        # Checked before --if-empty: on a fresh production database "if empty" would
        # otherwise quietly create admin@demo.tandem.test with the published password.
        if settings.PRODUCTION and not allow_production:
            raise CommandError(
                "Refusing to load demo data: this is a production installation "
                "(TANDEM_ENV=production). The demo accounts, including a superuser, share a "
                f"published password ({settings.TANDEM_DEMO_PASSWORD!r}). Use "
                "`tandem createsuperuser` instead, or pass --allow-production if you really "
                "mean to.")
        if User.objects.exists():
            if if_empty:
                self.stdout.write("The database has users already; demo data not loaded.")
                self.print_logins()
                return
            raise CommandError("The database is not empty; demo data goes into an empty one.")
        if scale < 0 or scale == 1 or scale > 1_000_000:
            raise CommandError("--scale takes a number of people from 2 to 1000000.")
        from django.db import transaction

        from tandem.demo.history import demo_meetings_and_reports
        from tandem.mentorships.demo import demo_mentorships
        from tandem.mentorships.models import Relationship

        with transaction.atomic():
            result = demo_populate(seed=seed)
            demo_authenticators()
            mentee = User.objects.get(email=DEMO_LOGINS[0][0])
            mentor = User.objects.get(email=DEMO_LOGINS[1][0])
            mentorships = demo_mentorships(mentee=mentee, mentor=mentor)
            rel = Relationship.objects.get(mentee=mentee, mentor=mentor, state="active")
            history = demo_meetings_and_reports(rel)
            extra = self.feature_demos(mentee=mentee, mentor=mentor, relationship=rel)
        self.stdout.write(self.style.SUCCESS(
            f"Demo data loaded: {result['people']} people, {mentorships['requests']} "
            f"requests, {mentorships['relationships']} mentorships, {history['meetings']} "
            f"meetings, {history['reports']} progress reports"
            + "".join(f", {count} {what}" for what, count in extra.items()) + "."))
        if scale:
            self.generate(scale, seed=seed)
        self.print_logins()

    def generate(self, people: int, *, seed: int) -> None:
        import time

        from tandem.demo.scale import demo_scale, scale_email

        self.stdout.write(f"Generating {people} people and their mentorships...")
        started = time.perf_counter()
        result = demo_scale(people=people, seed=seed, log=self.stdout.write)
        self.stdout.write(self.style.SUCCESS(
            f"Generated in {time.perf_counter() - started:.1f} s: "
            + ", ".join(f"{count} {what}" for what, count in result["counts"].items())
            + f". Sign in as {scale_email(0)} ... {scale_email(people - 1)} "
            "with the demo password."))

    def feature_demos(self, **people) -> dict:
        """Each feature app's ``demo_records(*, mentee, mentor, relationship) -> {what:
        count}``, filling the demo mentorship with its own things, in this order."""
        from tandem.advocacy import demo as advocacy
        from tandem.circles import demo as circles
        from tandem.conversations import demo as conversations
        from tandem.feedback import demo as feedback
        from tandem.growth import demo as growth
        from tandem.health import demo as health
        from tandem.journal import demo as journal
        from tandem.notifications import demo as notifications
        from tandem.plans import demo as plans
        from tandem.programs import demo as programs
        from tandem.safety import demo as safety

        counts = {}
        for module in (growth, plans, feedback, journal, advocacy, safety, programs, health,
                       conversations, circles, notifications):
            counts.update(module.demo_records(**people))
        return counts

    def print_logins(self):
        if not User.objects.filter(email=DEMO_LOGINS[0][0]).exists():
            return
        self.stdout.write(f"Demo logins (password: {settings.TANDEM_DEMO_PASSWORD}):")
        for email, name, role in DEMO_LOGINS:
            self.stdout.write(f"  {role:<12} {email}  ({name})")
        self.stdout.write(
            "Coordinators and staff must use two-factor authentication: add the key "
            f"{DEMO_TOTP_SECRET} to an authenticator app, or print the current code with "
            "`tandem demo --code`.")
