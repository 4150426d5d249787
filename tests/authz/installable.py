"""Installable on a phone (issue 18, item 8): the web app manifest, the service worker
and its offline page are public and the same for everyone. They hold no one's data, and
the browser fetches them by itself, signed in or not."""

from __future__ import annotations

from tests.authz import everyone

MATRIX = {
    "manifest": {"GET": everyone(200), "HEAD": everyone(200)},
    "service_worker": {"GET": everyone(200), "HEAD": everyone(200)},
    "offline": {"GET": everyone(200)},
}
