import time

from django.conf import settings
from django.core.management.base import BaseCommand

from tandem.core.periodic import run_all, run_periodic_jobs


class Command(BaseCommand):
    help = ("Run Tandem's periodic jobs (expire requests, reminders, resume paused "
            "mentorships, daylight-saving updates) every TANDEM_SCHEDULER_INTERVAL seconds.")

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true",
                            help="Run the jobs now, in this process, print what they did, "
                                 "and exit (for cron).")

    def handle(self, *args, once=False, **options):
        if once:
            for name, result in run_all().items():
                self.stdout.write(f"{name}: {result}")
            return
        interval = settings.TANDEM_SCHEDULER_INTERVAL
        self.stdout.write(f"Scheduling periodic jobs every {interval} s.")
        while True:
            run_periodic_jobs.enqueue()
            time.sleep(interval)
