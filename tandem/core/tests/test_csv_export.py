"""Every CSV download is UTF-8 with a byte-order mark and says so, from one helper
(issue 16, item 24)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from tandem.core.csv_export import csv_response

TANDEM = Path(__file__).resolve().parents[2]


def test_it_sends_utf8_with_a_bom_and_the_charset():
    response = csv_response(["Name", "Note"], [["Zoë", "… – ok"], ["=1+1", 3]],
                            filename="people.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="people.csv"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [["Name", "Note"], ["Zoë", "… – ok"], ["'=1+1", "3"]]


def test_it_builds_every_csv_download_with_the_one_helper():
    """The guard: no view writes its own text/csv response."""
    own = [str(path.relative_to(TANDEM.parent)) for path in TANDEM.rglob("*.py")
           if "tests" not in path.parts and path.name != "csv_export.py"
           and "text/csv" in path.read_text()]
    assert own == []
