"""The staff audit page shows an entry's details as "key: value" pairs, not Python data
(issue 16, item 9)."""

from django.urls import reverse

from tandem.core.audit import audit_log


def test_it_shows_details_as_key_value_pairs(personas, client_for):
    audit_log(actor=personas.staff, action="safety.account.frozen",
              data={"user_id": 5, "report_id": None, "reasons": ["spam", "abuse"],
                    "done": True})
    page = client_for(personas.staff).get(
        reverse("core:audit"), {"action": "safety.account.frozen"}).content.decode()
    assert "user_id: 5" in page
    assert "report_id: —" in page
    assert "reasons: spam, abuse" in page
    assert "done: yes" in page
    assert "{&#x27;" not in page and "None" not in page
