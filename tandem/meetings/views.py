"""Meeting pages. Thin: parse, check access, call a service, redirect with a message."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from tandem.accounts.selectors import profile_of
from tandem.core.errors import DomainError, ValidationFailed
from tandem.core.forms import apply_errors
from tandem.meetings import calendar, selectors, services
from tandem.meetings.forms import (
    ActionForm,
    CancelForm,
    MoveForm,
    NotesForm,
    OfferForm,
    ScheduleForm,
    SeriesForm,
    TextForm,
)
from tandem.meetings.models import CalendarFeed
from tandem.meetings.permissions import (
    access_action_item,
    access_agenda_item,
    access_meeting,
    access_offer,
    access_series,
)
from tandem.meetings.selectors import shared_goals
from tandem.mentorships.permissions import access_relationship


def _small_int(raw: str) -> int | None:
    """``raw`` as a number when it is 1 to 9 ASCII digits, else None. (``str.isdigit``
    also accepts "²" and other digits ``int`` refuses; very long numbers overflow the
    database's integer.)"""
    if raw and len(raw) <= 9 and raw.isascii() and raw.isdecimal():
        return int(raw)
    return None


def _list_context(request, rel, **forms):
    defaults = services.series_defaults(rel)
    viewer_tz = profile_of(request.user).timezone
    slots = selectors.common_slots(rel, duration_minutes=defaults["duration_minutes"])
    series_initial = {"tz": defaults["tz"], "frequency": defaults["frequency"],
                      "interval": defaults["interval"], "count": defaults["count"],
                      "duration_minutes": defaults["duration_minutes"],
                      "channel": defaults["channel"], "place": defaults["place"],
                      "at": defaults.get("at")}
    context = {
        "rel": rel, "other": rel.other_party(request.user), "viewer_tz": viewer_tz,
        "meetings": list(selectors.meetings_of(rel)), "now": timezone.now(),
        "next_meeting": selectors.next_meeting(rel), "offers": selectors.open_offers(rel),
        "slots": slots,
        "schedule_form": ScheduleForm(initial={"tz": viewer_tz, "channel": defaults["channel"],
                                               "place": defaults["place"],
                                               "duration_minutes": defaults["duration_minutes"]}),
        "series_form": SeriesForm(initial=series_initial),
        "offer_form": OfferForm(slots=slots, initial={
            "duration_minutes": defaults["duration_minutes"]}),
        "series": list(rel.meeting_series.all()),
    }
    context.update(forms)
    return context


@login_required
def meeting_list(request, relationship_id: int):
    rel = access_relationship(request.user, relationship_id)
    return render(request, "meetings/list.html", _list_context(request, rel))


def _post_form(request, rel, form, key, call, done):
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except ValidationFailed as exc:
            apply_errors(form, exc)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, done)
            return redirect("meetings:list", rel.pk)
    return render(request, "meetings/list.html", _list_context(request, rel, **{key: form}),
                  status=400)


@login_required
@require_POST
def meeting_schedule(request, relationship_id: int):
    rel = access_relationship(request.user, relationship_id, write=True)
    return _post_form(request, rel, ScheduleForm(request.POST), "schedule_form",
                      lambda d: services.meeting_schedule(actor=request.user, relationship=rel, **d),
                      "The meeting is scheduled.")


@login_required
@require_POST
def series_create(request, relationship_id: int):
    rel = access_relationship(request.user, relationship_id, write=True)
    return _post_form(request, rel, SeriesForm(request.POST), "series_form",
                      lambda d: services.series_create(actor=request.user, relationship=rel, **d),
                      "The meetings are scheduled.")


@login_required
@require_POST
def offer_create(request, relationship_id: int):
    rel = access_relationship(request.user, relationship_id, write=True)
    duration = _small_int(request.POST.get("duration_minutes", ""))
    duration = duration if duration is not None and 15 <= duration <= 240 else 60
    form = OfferForm(request.POST, slots=selectors.common_slots(rel, duration_minutes=duration))
    return _post_form(request, rel, form, "offer_form", lambda d: services.offer_create(
        actor=request.user, relationship=rel,
        slots=[datetime.fromisoformat(s) for s in d["slots"]],
        duration_minutes=d["duration_minutes"]), "Your times were offered.")


def _action(request, rel_pk, call, done, *, to_meeting=None):
    """Run a one-button action; say what happened; go back to the meeting or the list."""
    try:
        call()
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    if to_meeting:
        return redirect("meetings:detail", to_meeting)
    return redirect("meetings:list", rel_pk)


@login_required
@require_POST
def offer_pick(request, offer_id: int):
    offer = access_offer(request.user, offer_id, write=True)
    try:
        index = int(request.POST.get("index", ""))
    except ValueError:
        index = -1
    return _action(request, offer.relationship_id,
                   lambda: services.offer_pick(actor=request.user, offer=offer, index=index),
                   "The meeting is scheduled.")


@login_required
@require_POST
def offer_withdraw(request, offer_id: int):
    offer = access_offer(request.user, offer_id, write=True)
    return _action(request, offer.relationship_id,
                   lambda: services.offer_withdraw(actor=request.user, offer=offer),
                   "Your offer was withdrawn.")


@login_required
def meeting_detail(request, meeting_id: int, **forms):
    meeting = selectors.meeting_detail(access_meeting(request.user, meeting_id))
    rel = meeting.relationship
    context = {
        "meeting": meeting, "rel": rel, "other": rel.other_party(request.user),
        "started": meeting.starts_at <= timezone.now(),
        "move_form": MoveForm(), "cancel_form": CancelForm(), "agenda_form": TextForm(),
        "notes_form": NotesForm(initial={"notes": meeting.notes}),
        "action_form": ActionForm(relationship=rel),
        "shared_goals": shared_goals(rel),
    }
    context.update(forms)
    return render(request, "meetings/detail.html", context, status=400 if forms else 200)


def _meeting_form(request, meeting_id, form_class, key, call, done):
    meeting = access_meeting(request.user, meeting_id, write=True)
    extra = {"relationship": meeting.relationship} if form_class is ActionForm else {}
    form = form_class(request.POST, **extra)
    if form.is_valid():
        try:
            call(meeting, form.cleaned_data)
        except ValidationFailed as exc:
            apply_errors(form, exc)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("meetings:detail", meeting.pk)
        else:
            messages.success(request, done)
            return redirect("meetings:detail", meeting.pk)
    return meeting_detail(request, meeting.pk, **{key: form})


@login_required
@require_POST
def meeting_move(request, meeting_id: int):
    return _meeting_form(request, meeting_id, MoveForm, "move_form",
                         lambda m, d: services.meeting_move(actor=request.user, meeting=m, **d),
                         "The meeting was moved.")


@login_required
@require_POST
def meeting_cancel(request, meeting_id: int):
    return _meeting_form(request, meeting_id, CancelForm, "cancel_form",
                         lambda m, d: services.meeting_cancel(actor=request.user, meeting=m,
                                                              reason=d["reason"]),
                         "The meeting was cancelled.")


@login_required
@require_POST
def meeting_record(request, meeting_id: int):
    meeting = access_meeting(request.user, meeting_id, write=True)
    outcome = request.POST.get("outcome", "")
    return _action(request, meeting.relationship_id,
                   lambda: services.meeting_record(actor=request.user, meeting=meeting,
                                                   outcome=outcome),
                   f"Marked as {outcome}.", to_meeting=meeting.pk)


@login_required
@require_POST
def meeting_notes(request, meeting_id: int):
    return _meeting_form(request, meeting_id, NotesForm, "notes_form",
                         lambda m, d: services.meeting_notes_update(actor=request.user,
                                                                    meeting=m, notes=d["notes"]),
                         "Notes saved.")


@login_required
@require_POST
def agenda_add(request, meeting_id: int):
    return _meeting_form(request, meeting_id, TextForm, "agenda_form",
                         lambda m, d: services.agenda_add(actor=request.user, meeting=m,
                                                          text=d["text"]),
                         "Added to the agenda.")


@login_required
@require_POST
def agenda_remove(request, agenda_id: int):
    item = access_agenda_item(request.user, agenda_id, write=True)
    meeting_id = item.meeting_id
    return _action(request, item.meeting.relationship_id,
                   lambda: services.agenda_remove(actor=request.user, item=item),
                   "Removed from the agenda.", to_meeting=meeting_id)


@login_required
@require_POST
def action_add(request, meeting_id: int):
    def call(meeting, data):
        rel = meeting.relationship
        owner = rel.mentee if data["owner"] == rel.mentee_id else (
            rel.mentor if data["owner"] == rel.mentor_id else None)
        return services.action_add(actor=request.user, meeting=meeting, text=data["text"],
                                   owner=owner, due_date=data["due_date"])

    return _meeting_form(request, meeting_id, ActionForm, "action_form", call,
                         "Action added.")


@login_required
@require_POST
def action_toggle(request, action_id: int):
    item = access_action_item(request.user, action_id, write=True)
    done = request.POST.get("done") == "yes"
    return _action(request, item.meeting.relationship_id,
                   lambda: services.action_set_done(actor=request.user, item=item, done=done),
                   "Action updated.", to_meeting=item.meeting_id)


@login_required
@require_POST
def action_milestone(request, action_id: int):
    from tandem.growth.services import milestone_from_action

    item = access_action_item(request.user, action_id, write=True)
    goal_id = _small_int(request.POST.get("goal_id", ""))
    return _action(request, item.meeting.relationship_id,
                   lambda: milestone_from_action(actor=request.user, action=item,
                                                 goal_id=goal_id),
                   "The action is now a milestone of that goal.", to_meeting=item.meeting_id)


def _ics(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def meeting_ics(request, meeting_id: int):
    meeting = access_meeting(request.user, meeting_id)
    return _ics(calendar.meeting_ics(meeting), f"tandem-meeting-{meeting.pk}.ics")


@login_required
def series_ics(request, series_id: int):
    series = access_series(request.user, series_id)
    return _ics(calendar.series_ics(series), f"tandem-series-{series.pk}.ics")


@login_required
def feed_settings(request):
    new_url = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.feed_revoke(actor=request.user)
            messages.success(request, "Your calendar link no longer works.")
            return redirect("meetings:feed")
        secret = services.feed_regenerate(actor=request.user)
        new_url = request.build_absolute_uri(f"/calendar/{secret}.ics")
    feed = CalendarFeed.objects.filter(user=request.user).first()
    return render(request, "meetings/feed.html", {"feed": feed, "new_url": new_url})


@never_cache
def feed(request, secret: str):
    """The subscription feed. No sign-in (calendar programs cannot): the secret in the
    URL is the key, compared by hash."""
    found = CalendarFeed.objects.select_related("user").filter(
        token_hash=CalendarFeed.hash(secret)).first()
    if found is None or not found.user.is_active:
        raise Http404
    CalendarFeed.objects.filter(pk=found.pk).update(last_fetched_at=timezone.now())
    meetings, series = selectors.feed_items(found.user)
    return _ics(calendar.feed_ics(found.user, meetings=meetings, series=series), "tandem.ics")
