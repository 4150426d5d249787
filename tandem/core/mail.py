"""The file email backend (``EMAIL_BACKEND=file``), writing into the data folder's
``mail/`` readable by Tandem's user only: emails hold sign-in links and private news."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.mail.backends.filebased import EmailBackend


class PrivateFileEmailBackend(EmailBackend):
    """Django's file backend, with the folder made 0700 and each file 0600 (Django's
    follow the umask: 0755 and 0644)."""

    def __init__(self, fail_silently: bool = False, file_path: str | None = None,
                 **kwargs: Any) -> None:
        path = Path(file_path or getattr(settings, "EMAIL_FILE_PATH", "") or "")
        if str(path) and not path.exists():
            path.mkdir(parents=True, mode=0o700)
        super().__init__(fail_silently=fail_silently, file_path=file_path, **kwargs)

    def open(self):
        if self.stream is None:
            fd = os.open(self._get_filename(), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            self.stream = os.fdopen(fd, "ab")
            return True
        return False
