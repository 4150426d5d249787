from django.core.management.base import BaseCommand, CommandError

from tandem.privacy.backups import BackupError, check, restore


class Command(BaseCommand):
    help = ("Restore the whole database from a backup made by `tandem backup`. The file's "
            "integrity is checked first (PRAGMA integrity_check for SQLite, pg_restore "
            "--list for PostgreSQL); a database that is not empty is only overwritten with "
            "--force. Stop the app and its workers first.")

    def add_arguments(self, parser):
        parser.add_argument("path", help="The backup file")
        parser.add_argument("--force", action="store_true",
                            help="Replace everything in a database that is not empty")
        parser.add_argument("--check-only", action="store_true",
                            help="Only check the backup file; change nothing")
        parser.add_argument("--database", default="default", help="Database alias")

    def handle(self, *args, path, force=False, check_only=False, database="default",
               **options):
        try:
            if check_only:
                self.stdout.write(f"{path}: {check(path=path, alias=database)}.")
                return
            outcome = restore(path=path, alias=database, force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Restored the {outcome.engine} database from {outcome.path} "
                          f"({outcome.detail}). Run `tandem migrate` if this backup is older "
                          "than the code.")
