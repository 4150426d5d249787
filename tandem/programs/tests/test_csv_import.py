from __future__ import annotations

import time

import pytest

from tandem.accounts.models import User
from tandem.core.errors import ValidationFailed
from tandem.programs import csv_import, services
from tandem.programs.models import ImportJob, Participant

GOOD = ("email,name,role,capacity,skills,languages,timezone,team\n"
        "ana@example.com,Ana Ferreira,mentee,,Python;SQL,pt;en,Europe/Lisbon,Data\n"
        "ben@example.com,Ben Okafor,mentor,3,Python;Leadership,en,Europe/London,Platform\n")


def _upload(personas, program, text, capture, *, encoding="utf-8"):
    with capture(execute=True):
        job = services.import_start(actor=personas.coordinator, program=program,
                                    filename="people.csv", data=text.encode(encoding))
    job.refresh_from_db()
    return job


def test_it_imports_a_clean_file_with_new_accounts(personas, program,
                                                   django_capture_on_commit_callbacks):
    job = _upload(personas, program, GOOD, django_capture_on_commit_callbacks)
    assert job.status == "done" and job.imported_rows == 2
    ben = User.objects.get(email="ben@example.com")
    assert ben.display_name == "Ben Okafor" and not ben.has_usable_password()
    assert ben.profile.mentor_capacity == 3 and ben.profile.is_mentor
    assert sorted(ben.profile.skills_offered.values_list("slug", flat=True)) == [
        "leadership", "python"]
    ana = Participant.objects.get(user__email="ana@example.com")
    assert (ana.role, ana.team, ana.source) == ("mentee", "Data", "imported")
    assert sorted(ana.user.profile.languages.values_list("code", flat=True)) == ["en", "pt"]


def test_it_imports_nothing_from_a_file_with_errors_until_asked(
        personas, program, client_for, django_capture_on_commit_callbacks):
    text = GOOD + ("not-an-email,X,mentee,,,,,\n"
                   "ana@example.com,Ana again,mentee,,,,,\n"
                   "cy@example.com,Cy,boss,,,,,\n"
                   "di@example.com,Di,mentor,99,,xx,Mars/Base,\n"
                   f"{personas.mentee.email},Mia,mentee,,,,,\n")
    job = _upload(personas, program, text, django_capture_on_commit_callbacks)
    assert job.status == "invalid" and job.valid_rows == 3
    assert not Participant.objects.filter(program=program).exists()
    report = {(e["row"], e["field"]) for e in job.errors}
    assert {(4, "email"), (5, "email"), (6, "role"), (7, "capacity"), (7, "languages"),
            (7, "timezone")} <= report
    page = client_for(personas.coordinator).get(f"/programs/imports/{job.pk}/")
    assert b"appears already on row 2" in page.content
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(personas.coordinator).post(
            f"/programs/imports/{job.pk}/import-valid/")
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == "done" and job.imported_rows == 3
    assert Participant.objects.filter(program=program).count() == 3
    # Mia's own profile is left as she made it.
    personas.mentee.profile.refresh_from_db()
    assert personas.mentee.profile.display_name == "Mia Mentee"


def test_it_discards_a_file_with_errors(personas, program,
                                        django_capture_on_commit_callbacks):
    job = _upload(personas, program, GOOD + "bad,,mentee\n", django_capture_on_commit_callbacks)
    services.import_discard(actor=personas.coordinator, job=job)
    job.refresh_from_db()
    assert job.status == "discarded" and job.content == ""


@pytest.mark.parametrize("data,message", [
    (b"", "Choose a CSV file"),
    ("email,role\nzoë@example.com,mentee\n".encode("latin-1"), "not UTF-8"),
    (b"name,capacity\nAna,2\n", "Missing columns: email, role"),
    (b"email,role,emial\n", "Unknown column"),
    (b"email,role,email\n", "appears twice"),
    (b"email,role\na@example.com,mentee\x00\n", "NUL"),
])
def test_it_refuses_unusable_files_at_once(personas, program, data, message):
    with pytest.raises(ValidationFailed) as exc:
        services.import_start(actor=personas.coordinator, program=program, filename="f.csv",
                              data=data)
    assert exc.value.field == "file" and message in exc.value.message
    assert not ImportJob.objects.exists()


def test_it_reads_a_bom_and_odd_header_case(personas, program,
                                            django_capture_on_commit_callbacks):
    text = "\ufeffEmail , ROLE\nana@example.com,Mentee\n\n"
    job = _upload(personas, program, text, django_capture_on_commit_callbacks)
    assert job.status == "done" and job.imported_rows == 1


def test_it_shows_a_missing_column_on_the_upload_page(personas, program, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    c = client_for(personas.coordinator)
    upload = SimpleUploadedFile("p.csv", b"name\nAna\n", content_type="text/csv")
    response = c.post(f"/programs/{program.pk}/import/", {"file": upload})
    assert response.status_code == 400 and b"Missing columns" in response.content


def test_it_imports_ten_thousand_rows_quickly(personas, program,
                                              django_capture_on_commit_callbacks):
    lines = ["email,name,role,skills,languages,timezone"]
    lines += [f"p{i}@bulk.example.com,Person {i},{'mentor' if i % 5 == 0 else 'mentee'},"
              f"Skill {i % 40};Python,en,Europe/Berlin" for i in range(10_000)]
    started = time.monotonic()
    job = _upload(personas, program, "\n".join(lines) + "\n",
                  django_capture_on_commit_callbacks)
    elapsed = time.monotonic() - started
    assert job.status == "done" and job.imported_rows == 10_000
    assert Participant.objects.filter(program=program).count() == 10_000
    assert elapsed < 60, f"took {elapsed:.1f}s"


def test_it_never_exports_a_formula(personas, program, client_for,
                                    django_capture_on_commit_callbacks):
    text = ("email,name,role\n"
            "eve@example.com,=HYPERLINK(\"http://evil\"),mentee\n"
            "fay@example.com,+1+1,mentee\n"
            "gus@example.com,@SUM(A1),mentee\n"
            "hal@example.com,-2,mentee\n")
    job = _upload(personas, program, text, django_capture_on_commit_callbacks)
    assert job.status == "done"
    body = client_for(personas.coordinator).get(
        f"/programs/{program.pk}/participants.csv").content.decode()
    for cell in ("'=HYPERLINK", "'+1+1", "'@SUM(A1)", "'-2"):
        assert cell in body
    assert "\n=HYPERLINK" not in body and ",=HYPERLINK" not in body
    assert csv_import.safe_cell("plain") == "plain"


def test_it_reports_import_progress_through_the_api(personas, program, api_client,
                                                    django_capture_on_commit_callbacks):
    api = api_client(personas.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(f"/api/programs/{program.pk}/imports",
                            {"filename": "x.csv", "content": GOOD + "bad,,mentee\n"})
    assert response.status_code == 201
    job = api.get(f"/api/program-imports/{response.json()['id']}").json()
    assert job["status"] == "invalid" and job["percent"] == 100
    assert job["errors"][0] == {"row": 4, "field": "email", "reason": "not an email address"}
    assert api.post(f"/api/programs/{program.pk}/imports", {"content": ""}).status_code == 422
    assert api_client(personas.mentor).get(
        f"/api/program-imports/{job['id']}").status_code == 404


def test_it_builds_an_imported_profiles_search_text_as_the_profile_page_does(
        personas, program, django_capture_on_commit_callbacks):
    from tandem.accounts.services import profile_update, user_create

    job = _upload(personas, program, GOOD, django_capture_on_commit_callbacks)
    assert job.status == "done"
    for email, skills in (("ben@example.com", "skills_offered"),
                          ("ana@example.com", "skills_wanted")):
        imported = User.objects.get(email=email).profile
        made = user_create(email=f"typed-{email}", password=None).profile
        profile_update(actor=made.user, profile=made, changes={
            "display_name": imported.display_name,
            skills: list(getattr(imported, skills).values_list("name", flat=True))})
        made.refresh_from_db()
        assert imported.search_text == made.search_text
    assert User.objects.get(email="ben@example.com").profile.search_text == \
        "ben okafor leadership python"


def test_it_writes_one_audit_entry_per_account_it_creates(
        personas, program, django_capture_on_commit_callbacks):
    from tandem.core.models import AuditEntry

    existing = User.objects.create_user(email="ben@example.com", password=None)
    before = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    job = _upload(personas, program, GOOD, django_capture_on_commit_callbacks)
    assert job.status == "done" and job.imported_rows == 2
    ana = User.objects.get(email="ana@example.com")
    created = AuditEntry.objects.filter(id__gt=before, action="accounts.user.created",
                                        target_type="accounts.user")
    assert [(e.target_id, e.actor_id, e.data) for e in created] == [
        (str(ana.pk), personas.coordinator.pk, {"via": "programs.import"})]
    assert not created.filter(target_id=str(existing.pk)).exists()
