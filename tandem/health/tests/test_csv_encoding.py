"""The dashboards' CSV downloads are UTF-8 with a byte-order mark and say so (issue 16,
item 24): Excel otherwise reads "—" and "…" as mojibake."""

from django.urls import reverse


def test_it_sends_dashboard_tables_as_utf8_with_a_bom(mentorship, personas, client_for):
    response = client_for(personas.staff).get(reverse("health:export", args=["requests"]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert response.content.decode("utf-8-sig").startswith("Requests,Count")
