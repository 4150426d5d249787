import logging
import time

from django.conf import settings
from django.core.management.base import BaseCommand

from tandem.core.periodic import run_all, run_periodic_jobs

logger = logging.getLogger(__name__)


def loop(iterations: int | None = None, sleep=time.sleep, interval: int | None = None) -> None:
    """Queue the periodic jobs every ``interval`` seconds (TANDEM_SCHEDULER_INTERVAL), for
    ``iterations`` rounds or forever. A failed round (the database briefly unreachable or
    locked) is logged and the next one comes as usual: the scheduler, and with it
    `tandem serve`, must not die of one error."""
    interval = settings.TANDEM_SCHEDULER_INTERVAL if interval is None else interval
    done = 0
    while iterations is None or done < iterations:
        try:
            run_periodic_jobs.enqueue()
        except Exception:
            logger.exception("could not queue the periodic jobs; trying again in %s s",
                             interval)
        done += 1
        sleep(interval)


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
        loop(interval=interval)
