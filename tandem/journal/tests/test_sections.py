from tandem.journal import sections, services
from tandem.journal.demo import demo_records
from tandem.journal.models import JournalEntry, Note


def _fill(personas, rel):
    mia, marta = personas.mentee, personas.mentor
    services.entry_create(actor=mia, title="Shared reflection", visibility="shared",
                          relationship_id=rel.pk, tags=["growth"])
    services.entry_create(actor=mia, title="Diary only", body="Mine alone.")
    services.note_create(actor=mia, relationship=rel, body="Mia private thought")
    services.note_create(actor=marta, relationship=rel, body="Marta private thought")
    services.note_create(actor=marta, relationship=rel, body="Our agreed reading",
                         visibility="shared")


def test_it_shows_a_journal_and_notes_card_on_the_relationship_page(personas, rel,
                                                                    client_for):
    _fill(personas, rel)
    page = client_for(personas.mentee).get(f"/mentorships/{rel.pk}/tab/notes/").content.decode()
    assert "Journal and notes" in page
    assert "Shared journal entries</a>: 1" in page
    assert "1 shared, 1 private" in page
    assert f"/mentorships/{rel.pk}/notes/" in page
    assert "Marta private thought" not in page and "Diary only" not in page


def test_it_shows_my_recent_entries_on_the_dashboard(personas, client_for):
    services.entry_create(actor=personas.mentee, title="Yesterday's win")
    page = client_for(personas.mentee).get("/").content.decode()
    assert "My journal" in page and "Yesterday&#x27;s win" in page and "/journal/new/" in page
    assert "Yesterday" not in client_for(personas.mentor).get("/").content.decode()


def test_it_puts_shared_things_and_only_my_own_private_notes_on_the_timeline(personas, rel):
    _fill(personas, rel)
    mine = sections.timeline_events(viewer=personas.mentee, relationship=rel)
    text = " ".join(f"{e.kind} {e.title} {e.detail}" for e in mine)
    assert "journal Journal entry: Shared reflection" in text
    assert "Diary only" not in text
    assert "Mia private thought" in text and "Private: only you see this" in text
    assert "Marta private thought" not in text and "Our agreed reading" in text
    theirs = sections.timeline_events(viewer=personas.mentor, relationship=rel)
    text = " ".join(f"{e.title} {e.detail}" for e in theirs)
    assert "Mia private thought" not in text and "Marta private thought" in text
    assert all(e.at.tzinfo is not None for e in mine + theirs)


def test_it_exports_my_whole_journal_and_my_own_notes(personas, rel):
    _fill(personas, rel)
    text = sections.record_markdown(user=personas.mentee)
    assert "## Journal" in text and "Shared reflection" in text and "Diary only" in text
    assert "Mia private thought" in text and "(private)" in text
    assert "Marta private thought" not in text and "Our agreed reading" not in text
    assert "Marta private thought" in sections.record_markdown(user=personas.mentor)
    assert sections.record_markdown(user=personas.outsider) == ""


def test_it_fills_the_demo_mentorship(personas, rel, client_for):
    counts = demo_records(mentee=personas.mentee, mentor=personas.mentor, relationship=rel)
    assert counts == {"journal entries": 7, "notes": 6}
    assert JournalEntry.objects.filter(shared_with=rel).count() == 5
    assert Note.objects.filter(author=personas.mentor, visibility="private").count() == 2
    assert client_for(personas.mentee).get("/journal/").status_code == 200
    notes = client_for(personas.mentor).get(f"/mentorships/{rel.pk}/notes/").content.decode()
    assert "Reading list" in notes and "not sure I want to become a manager" not in notes
