"""The ``tandem`` command: Django's manage.py for this project (``tandem migrate``,
``tandem check --deploy``) plus Tandem's own commands (``tandem demo``, ``tandem serve``)."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tandem.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
