from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from tandem.accounts.models import CareerGoal
from tandem.core.errors import DomainError, ValidationFailed
from tandem.core.forms import apply_errors, submit
from tandem.core.validation import ID_MAX, ID_MIN
from tandem.journal import selectors, services
from tandem.journal.forms import EntryForm, NoteForm
from tandem.journal.permissions import access_entry, access_note
from tandem.mentorships.models import Relationship
from tandem.mentorships.permissions import access_relationship

PAGE_SIZE = 20


def _int_or_none(value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if ID_MIN <= number <= ID_MAX else None


def _entry_form(request, *, data=None, initial=None, current=None):
    user = request.user
    rels = Relationship.objects.involving(user).select_related(
        "mentee__profile", "mentor__profile").order_by("-started_at", "-id")
    allowed = [r for r in rels if r.is_open or (current is not None and r.pk == current)]
    goals = CareerGoal.objects.filter(user=user).order_by("position", "id")
    return EntryForm(data, initial=initial, goals=goals, relationships=allowed, viewer=user)


# The form asks "who can read it" as one choice: the service's two arguments.
SHARE_FIELDS = {"visibility": "share", "relationship_id": "share"}


@login_required
def journal_list(request):
    tag = services.tag_normalize(request.GET.get("tag", "").replace("\x00", ""))[:40]
    goal_id = _int_or_none(request.GET.get("goal"))
    goals = list(CareerGoal.objects.filter(user=request.user).order_by("position", "id"))
    goal = next((g for g in goals if g.pk == goal_id), None)
    if request.GET.get("goal") and goal is None:
        goal_id = -1  # not one of mine: nothing matches
    page = Paginator(selectors.entries_of(request.user, tag=tag, goal_id=goal_id),
                     PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "journal/list.html", {
        "page": page, "tag": tag, "goal": goal, "goals": goals,
        "tags": selectors.tags_of(request.user), "filtered": bool(tag or goal_id),
    })


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def entry_new(request):
    share = _int_or_none(request.GET.get("share"))
    form = _entry_form(request, data=request.POST if request.method == "POST" else None,
                       initial={"entry_date": services.today_for(request.user),
                                "share": str(share) if share else ""})
    if request.method == "POST":
        entry = submit(request, form, lambda values: services.entry_create(
            actor=request.user, **values), fields=SHARE_FIELDS)
        if entry is not None:
            messages.success(request, "Entry saved." if not entry.is_shared else
                             "Entry saved and shared.")
            return redirect("journal:entry", entry.pk)
    return render(request, "journal/entry_form.html", {"form": form, "entry": None},
                  status=400 if form.errors else 200)


@login_required
def entry_detail(request, journal_entry_id: int):
    entry = access_entry(request.user, journal_entry_id)
    return render(request, "journal/entry_detail.html", {
        "entry": entry, "is_author": entry.author_id == request.user.pk,
        "goals": selectors.visible_goals(entry, request.user),
    })


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def entry_edit(request, journal_entry_id: int):
    entry = access_entry(request.user, journal_entry_id, write=True)
    initial = {"entry_date": entry.entry_date, "title": entry.title, "body": entry.body,
               "tags": ", ".join(t.name for t in entry.tags.all()),
               "goal_ids": [g.pk for g in entry.goals.all()],
               "share": str(entry.shared_with_id or "")}
    form = _entry_form(request, data=request.POST if request.method == "POST" else None,
                       initial=initial, current=entry.shared_with_id)
    if request.method == "POST":
        saved = submit(request, form, lambda values: services.entry_update(
            actor=request.user, entry=entry, changes=values), fields=SHARE_FIELDS)
        if saved is not None:
            messages.success(request, "Entry updated.")
            return redirect("journal:entry", saved.pk)
    return render(request, "journal/entry_form.html", {"form": form, "entry": entry},
                  status=400 if form.errors else 200)


@login_required
@require_POST
def entry_delete(request, journal_entry_id: int):
    entry = access_entry(request.user, journal_entry_id, write=True)
    services.entry_delete(actor=request.user, entry=entry)
    messages.success(request, "Entry deleted.")
    return redirect("journal:list")


@login_required
def shared_journal(request, relationship_id: int):
    rel = access_relationship(request.user, relationship_id)
    entries = selectors.with_visible_goals(selectors.entries_shared_in(rel), request.user, rel)
    return render(request, "journal/shared.html", {
        "rel": rel, "other": rel.other_party(request.user), "entries": entries})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def notes(request, relationship_id: int):
    rel = access_relationship(request.user, relationship_id,
                              write=request.method == "POST")
    other = rel.other_party(request.user)
    form = NoteForm(request.POST if request.method == "POST" else None,
                    other_name=other.display_name)
    if request.method == "POST" and form.is_valid():
        try:
            note = services.note_create(actor=request.user, relationship=rel,
                                        **form.cleaned_data)
        except ValidationFailed as exc:
            apply_errors(form, exc)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Private note saved: only you can read it."
                             if note.is_private else f"Note shared with {other.display_name}.")
            return redirect("journal:notes", rel.pk)
    view = selectors.notes_for(rel, request.user)
    return render(request, "journal/notes.html", {
        "rel": rel, "other": other, "form": form, "private": view.private,
        "shared": view.shared}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def note_edit(request, journal_note_id: int):
    note = access_note(request.user, journal_note_id, write=True)
    rel = note.relationship
    other = rel.other_party(request.user)
    form = NoteForm(request.POST if request.method == "POST" else None,
                    initial={"body": note.body, "visibility": note.visibility},
                    other_name=other.display_name)
    if request.method == "POST" and form.is_valid():
        try:
            services.note_update(actor=request.user, note=note, **form.cleaned_data)
        except ValidationFailed as exc:
            apply_errors(form, exc)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Note updated.")
            return redirect("journal:notes", rel.pk)
    return render(request, "journal/note_form.html", {
        "note": note, "rel": rel, "other": other, "form": form},
        status=400 if form.errors else 200)


@login_required
@require_POST
def note_delete(request, journal_note_id: int):
    note = access_note(request.user, journal_note_id, write=True)
    rel_id = note.relationship_id
    services.note_delete(actor=request.user, note=note)
    messages.success(request, "Note deleted.")
    return redirect("journal:notes", rel_id)
