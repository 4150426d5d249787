from django.core.management.base import BaseCommand

from tandem.accounts.services import profile_refresh_offsets


class Command(BaseCommand):
    help = ("Recompute stored UTC offsets and availability after daylight-saving changes. "
            "Run it daily (cron or a scheduled task).")

    def handle(self, *args, **options):
        changed = profile_refresh_offsets()
        self.stdout.write(f"{changed} profile(s) updated.")
