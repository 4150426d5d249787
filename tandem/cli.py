"""The ``tandem`` command: Django's manage.py for this project (``tandem migrate``,
``tandem check --deploy``), Tandem's own commands (``tandem demo``, ``tandem serve``) and
the matching engine's (``tandem match solve|bench``)."""

import os
import sys


def main() -> None:
    if sys.argv[1:2] == ["match"]:
        # The matching engine is a library without Django: its commands start fast and
        # need no database.
        from tandem.matching.cli import main as match_main

        sys.exit(match_main(sys.argv[2:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tandem.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
