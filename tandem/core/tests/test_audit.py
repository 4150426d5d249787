import pytest

from tandem.core.models import AuditEntry


def test_it_records_who_what_and_from_where(personas, client_for):
    client = client_for(personas.mentee)
    client.post("/goals/", {"title": "Ship a side project", "horizon": "6m",
                            "visibility": "private"}, REMOTE_ADDR="203.0.113.9")
    entry = AuditEntry.objects.filter(action="accounts.goal.created").latest("at")
    assert entry.actor == personas.mentee
    assert entry.actor_label == "mia@example.com"
    assert entry.ip_address == "203.0.113.9"
    assert entry.target_type == "accounts.careergoal"


def test_it_cannot_change_or_delete_an_entry(personas):
    entry = AuditEntry.objects.first()
    entry.action = "tampered"
    with pytest.raises(ValueError, match="append-only"):
        entry.save()
    with pytest.raises(ValueError, match="append-only"):
        entry.delete()


def test_it_is_read_only_in_the_admin(personas, client_for):
    client = client_for(personas.staff)
    entry = AuditEntry.objects.first()
    assert client.get("/admin/core/auditentry/").status_code == 200
    response = client.post(f"/admin/core/auditentry/{entry.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_it_serves_a_health_check(client, db):
    response = client.get("/healthz")
    assert response.json() == {"status": "ok"}
