from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tandem.accounts.demo import DEMO_LOGINS, demo_populate
from tandem.accounts.models import User


class Command(BaseCommand):
    help = "Fill an empty database with demo people and the fixed demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true",
                            help="Do nothing (and succeed) when the database has users already.")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, if_empty=False, seed=2026, **options):
        if User.objects.exists():
            if if_empty:
                self.stdout.write("The database has users already; demo data not loaded.")
                self.print_logins()
                return
            raise CommandError("The database is not empty; demo data goes into an empty one.")
        result = demo_populate(seed=seed)
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded: {result['people']} people."))
        self.print_logins()

    def print_logins(self):
        if not User.objects.filter(email=DEMO_LOGINS[0][0]).exists():
            return
        self.stdout.write(f"Demo logins (password: {settings.TANDEM_DEMO_PASSWORD}):")
        for email, name, role in DEMO_LOGINS:
            self.stdout.write(f"  {role:<12} {email}  ({name})")
