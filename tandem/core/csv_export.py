"""The one way Tandem sends a CSV file: UTF-8 with a byte-order mark (without it Excel
reads the file in the machine's legacy code page, and "—" or "…" turn to mojibake), the
charset declared, every cell safe from spreadsheet formulas."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from django.http import HttpResponse

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    """A cell a spreadsheet shows as text: one starting like a formula gets a quote in
    front (OWASP's advice against CSV injection). Numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(columns: list, rows: Iterable[Iterable]) -> str:
    """The table as CSV text (no byte-order mark): a header row, then the rows."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([csv_cell(c) for c in columns])
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return out.getvalue()


def csv_response(columns: list, rows: Iterable[Iterable], *, filename: str) -> HttpResponse:
    """A download of the table as ``filename``."""
    response = HttpResponse((BOM + csv_text(columns, rows)).encode("utf-8"),
                            content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
