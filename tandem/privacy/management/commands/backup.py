from django.core.management.base import BaseCommand, CommandError

from tandem.privacy.backups import BackupError, backup


class Command(BaseCommand):
    help = ("Back up the whole database to PATH (default: a dated file under the data "
            "folder's backups/). SQLite: the online backup API, safe while Tandem runs. "
            "PostgreSQL: pg_dump in its custom format.")

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="Where to write the backup (a new file)")
        parser.add_argument("--database", default="default", help="Database alias")

    def handle(self, *args, path=None, database="default", **options):
        try:
            outcome = backup(path=path, alias=database)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        size = outcome.path.stat().st_size
        self.stdout.write(f"Backed up the {outcome.engine} database to {outcome.path} "
                          f"({size:,} bytes; {outcome.detail}).")
