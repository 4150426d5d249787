"""Pages of the circles app. Thin: parse the form, check access, call a service or a
selector, render. Every page works without JavaScript; the conversation polls for new
posts with htmx when it is there."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from tandem.accounts.models import User
from tandem.circles import matching, selectors, services
from tandem.circles.forms import (
    AgendaForm,
    AgreementForm,
    CircleForm,
    CreateForm,
    InviteForm,
    LeaveForm,
    NoteForm,
    PostForm,
    RequestForm,
    ResourceForm,
    ScheduleForm,
    SearchForm,
)
from tandem.circles.models import Circle, MemberStatus, Role
from tandem.circles.permissions import (
    access_circle,
    access_circle_summary,
    access_health,
    access_meeting,
    access_membership,
    access_program_circles,
    access_resource,
    health_circles,
)
from tandem.core.errors import ValidationFailed
from tandem.core.forms import submit
from tandem.core.views import attempt


def _home(circle, anchor: str = "") -> str:
    return reverse("circles:home", args=[circle.pk]) + (f"#{anchor}" if anchor else "")


def _tab(name: str, circle, anchor: str = "") -> str:
    return reverse(f"circles:{name}", args=[circle.pk]) + (f"#{anchor}" if anchor else "")


def _posted(request):
    """The posted data, or None on a GET (an empty POST is still a submitted form)."""
    return request.POST if request.method == "POST" else None


def _my_programs(user):
    from tandem.programs.models import Participant, ParticipantStatus

    return [p.program for p in Participant.objects.filter(
        user=user, role="mentor", status=ParticipantStatus.ACTIVE).select_related("program")]


# --- List, create, edit ---------------------------------------------------------------


@login_required
@require_safe
def circle_list(request):
    search = SearchForm(request.GET)
    q = search.cleaned_data["q"] if search.is_valid() else ""
    memberships = selectors.my_memberships(request.user)
    return render(request, "circles/list.html", {
        "active": [m for m in memberships if m.status == MemberStatus.ACTIVE],
        "invited": [m for m in memberships if m.status == MemberStatus.INVITED],
        "requested": [m for m in memberships if m.status == MemberStatus.REQUESTED],
        "open_circles": selectors.open_circles(request.user, q=q),
        "search": search, "q": q,
        "can_see_health": request.user.is_staff or request.user.is_coordinator,
    })


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def circle_create(request):
    programs = _my_programs(request.user)
    is_mentor = request.user.profile.is_mentor
    form = CreateForm(_posted(request), programs=programs,
                      initial={"kind": "mentor" if is_mentor else "peer"})
    if request.method == "POST":
        def create(v):
            program = next((p for p in programs if p.pk == v.get("program")), None)
            return services.circle_create(
                actor=request.user, mentor_led=v["kind"] == "mentor", program=program,
                **{k: v[k] for k in services.CIRCLE_FIELDS})

        circle = submit(request, form, create, done="Circle started. Invite people to it.")
        if circle:
            return redirect("circles:members", circle.pk)
    return render(request, "circles/form.html", {"form": form, "is_mentor": is_mentor},
                  status=400 if request.method == "POST" else 200)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def circle_edit(request, circle_id: int):
    circle = access_circle(request.user, circle_id, write=True)
    form = CircleForm(_posted(request), initial={
        name: getattr(circle, name) for name in services.CIRCLE_FIELDS})
    if request.method == "POST":
        done = submit(request, form, lambda v: services.circle_update(
            actor=request.user, circle=circle, changes=v), done="Circle updated.")
        if done:
            return redirect(_home(circle))
    return render(request, "circles/form.html", {"form": form, "circle": circle},
                  status=400 if request.method == "POST" else 200)


@login_required
@require_POST
def circle_close(request, circle_id: int):
    circle = access_circle(request.user, circle_id, write=True)
    attempt(request, lambda: services.circle_close(actor=request.user, circle=circle),
            done="The circle is closed. Its members can still read it.")
    return redirect(_home(circle))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def circle_leave(request, circle_id: int):
    circle = access_circle(request.user, circle_id)
    others = [m.user for m in selectors.members_of(circle)
              if m.status == MemberStatus.ACTIVE and m.user_id != request.user.pk]
    needs_successor = bool(others) and circle.viewer_is_leader and (
        circle.is_peer or not any(m.role == Role.MENTOR for m in selectors.members_of(circle)
                                  if m.status == MemberStatus.ACTIVE
                                  and m.user_id != request.user.pk))
    form = LeaveForm(_posted(request), candidates=others if needs_successor else ())
    if request.method == "POST":
        done = submit(request, form, lambda v: services.circle_leave(
            actor=request.user, circle=circle, successor=v.get("successor")),
            done=f"You left the circle “{circle.topic}”.")
        if done:
            return redirect("circles:list")
    return render(request, "circles/leave.html", {
        "circle": circle, "form": form, "needs_successor": needs_successor,
        "alone": not others}, status=400 if request.method == "POST" else 200)


# --- Home and summary -----------------------------------------------------------------


@login_required
@require_safe
def circle_home(request, circle_id: int):
    circle, mine = access_circle_summary(request.user, circle_id)
    if mine is None or mine.status != MemberStatus.ACTIVE:
        mentors = [m for m in selectors.members_of(circle)
                   if m.role == Role.MENTOR and m.status == MemberStatus.ACTIVE]
        return render(request, "circles/about.html", {
            "circle": circle, "mine": mine, "mentors": mentors,
            "request_form": RequestForm()})
    # The overview: what waits on the member (the agreement to confirm, people asking
    # to join for a leader), the next meeting, the latest posts; each tab has the rest.
    circle = access_circle(request.user, circle_id)
    members = selectors.members_of(circle)
    posts, more = selectors.posts_page(circle, size=3)
    agreement = selectors.current_agreement(circle)
    confirmed = agreement is not None and any(
        c.user_id == request.user.pk for c in agreement.confirmations.all())
    return render(request, "circles/home.html", {
        "circle": circle, "is_leader": circle.viewer_is_leader,
        "writable": not circle.is_closed,
        "active_members": [m for m in members if m.status == MemberStatus.ACTIVE],
        "waiting": sum(1 for m in members if m.status == MemberStatus.REQUESTED),
        "agreement": agreement, "confirmed": confirmed,
        "next_meeting": selectors.next_meeting(circle),
        "posts": posts, "more_posts": more,
    })


@login_required
@require_safe
def meetings(request, circle_id: int):
    """The circle's meetings, coming up and past, and (for its leaders) planning more."""
    circle = access_circle(request.user, circle_id)
    meetings = selectors.meetings_of(circle)
    now = timezone.now()
    return render(request, "circles/meetings.html", {
        "circle": circle, "is_leader": circle.viewer_is_leader,
        "writable": not circle.is_closed,
        "next_meeting": next((m for m in meetings if m.status == "scheduled"
                              and m.starts_at >= now), None),
        "upcoming": [m for m in meetings if m.starts_at >= now][:12],
        "past": [m for m in meetings if m.starts_at < now][::-1][:12],
        "schedule_form": ScheduleForm(initial={"every_weeks": circle.meeting_every_weeks,
                                               "at": "18:00"}),
    })


@login_required
@require_safe
def resources(request, circle_id: int):
    """What members share with the circle: resources, and the goals each chose to show."""
    circle = access_circle(request.user, circle_id)
    own_goals = list(request.user.career_goals.order_by("title"))
    shared = selectors.my_shared_goal_ids(circle, request.user)
    return render(request, "circles/resources.html", {
        "circle": circle, "is_leader": circle.viewer_is_leader,
        "writable": not circle.is_closed,
        "resources": selectors.resources_of(circle), "resource_form": ResourceForm(),
        "shared_goals": selectors.shared_goals(circle),
        "own_goals": [(g, g.pk in shared) for g in own_goals],
    })


# --- Members, invitations, requests ---------------------------------------------------


def _render_members(request, circle, *, invite_form=None, status=200):
    members = selectors.members_of(circle)
    return render(request, "circles/members.html", {
        "circle": circle, "is_leader": circle.viewer_is_leader,
        "writable": not circle.is_closed,
        "active": [m for m in members if m.status == MemberStatus.ACTIVE],
        "invited": [m for m in members if m.status == MemberStatus.INVITED],
        "requests": [m for m in members if m.status == MemberStatus.REQUESTED],
        "past": [m for m in members if m.status in (MemberStatus.LEFT, MemberStatus.REMOVED,
                                                    MemberStatus.DECLINED)],
        "invite_form": invite_form or (InviteForm(peer=circle.is_peer)
                                       if circle.viewer_is_leader else None),
    }, status=status)


@login_required
@require_safe
def members(request, circle_id: int):
    return _render_members(request, access_circle(request.user, circle_id))


@login_required
@require_POST
def invite(request, circle_id: int):
    circle = access_circle(request.user, circle_id, write=True)
    form = InviteForm(request.POST, peer=circle.is_peer)

    def call(v):
        user = User.objects.filter(email__iexact=v["email"], is_active=True).first()
        if user is None:
            raise ValidationFailed("Nobody with this address uses Tandem.", field="email")
        return services.member_invite(actor=request.user, circle=circle, user=user,
                                      role=v.get("role") or Role.MEMBER,
                                      message=v["message"])

    if submit(request, form, call, done="Invitation sent."):
        return redirect("circles:members", circle.pk)
    return _render_members(request, circle, invite_form=form, status=400)


@login_required
@require_POST
def join(request, circle_id: int):
    circle, _ = access_circle_summary(request.user, circle_id)
    form = RequestForm(request.POST)
    message = form.cleaned_data["message"] if form.is_valid() else ""
    attempt(request, lambda: services.membership_request(actor=request.user, circle=circle,
                                                         message=message),
            done="Request sent. You will be told when the circle answers.")
    return redirect(_home(circle))


@login_required
@require_POST
def respond(request, circle_id: int):
    circle, _ = access_circle_summary(request.user, circle_id)
    accept = request.POST.get("accept") == "yes"
    if attempt(request, lambda: services.invitation_respond(actor=request.user, circle=circle,
                                                            accept=accept),
               done="Welcome to the circle." if accept else "Invitation declined."):
        return redirect(_home(circle) if accept else reverse("circles:list"))
    return redirect(_home(circle))


@login_required
@require_POST
def decide(request, membership_id: int):
    membership = access_membership(request.user, membership_id)
    accept = request.POST.get("accept") == "yes"
    attempt(request, lambda: services.request_decide(actor=request.user, membership=membership,
                                                     accept=accept),
            done=f"{membership.user.display_name} "
                 f"{'joined the circle' if accept else 'was declined'}.")
    return redirect("circles:members", membership.circle_id)


@login_required
@require_POST
def remove(request, membership_id: int):
    membership = access_membership(request.user, membership_id)
    attempt(request, lambda: services.member_remove(actor=request.user, membership=membership),
            done=f"{membership.user.display_name} is no longer in the circle.")
    return redirect("circles:members", membership.circle_id)


# --- Agreement ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def agreement(request, circle_id: int):
    circle = access_circle(request.user, circle_id)
    history = selectors.agreement_history(circle)
    current = history[0] if history else None
    form = AgreementForm(_posted(request),
                         initial={"text": current.text if current else ""})
    if request.method == "POST":
        if submit(request, form, lambda v: services.agreement_propose(
                actor=request.user, circle=circle, text=v["text"]),
                done="New version saved; the others are asked to confirm it."):
            return redirect("circles:agreement", circle.pk)
    members = [m for m in selectors.members_of(circle) if m.status == MemberStatus.ACTIVE]
    confirmed_by = {c.user_id for c in current.confirmations.all()} if current else set()
    return render(request, "circles/agreement.html", {
        "circle": circle, "current": current, "history": history[1:], "form": form,
        "writable": not circle.is_closed, "confirmed": request.user.pk in confirmed_by,
        "waiting_for": [m.user for m in members if m.user_id not in confirmed_by],
    }, status=400 if request.method == "POST" else 200)


@login_required
@require_POST
def agreement_confirm(request, circle_id: int):
    circle = access_circle(request.user, circle_id)
    attempt(request, lambda: services.agreement_confirm(actor=request.user, circle=circle),
            done="You confirmed the agreement.")
    return redirect("circles:agreement", circle.pk)


# --- Meetings -------------------------------------------------------------------------


@login_required
@require_POST
def meetings_schedule(request, circle_id: int):
    circle = access_circle(request.user, circle_id, write=True)
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(request, f"{form.fields[field].label if field in form.fields else ''}"
                                    f": {errors[0]}".lstrip(": "))
        return redirect(_tab("meetings", circle))
    v = form.cleaned_data
    zone = timezone.get_current_timezone()
    try:
        from zoneinfo import ZoneInfo

        zone = ZoneInfo(request.user.profile.timezone or "UTC")
    except (ValueError, KeyError, LookupError):
        pass
    first = timezone.make_aware(datetime.combine(v["day"], v["at"]), zone)
    attempt(request, lambda: services.meetings_schedule(
        actor=request.user, circle=circle, first_at=first, count=v["count"],
        every_weeks=v["every_weeks"]), done=f"{v['count']} meetings planned.")
    return redirect(_tab("meetings", circle))


def _render_meeting(request, meeting, *, agenda_form=None, note_form=None, status=200):
    circle = meeting.circle
    agenda, notes, attendance = selectors.meeting_detail(meeting)
    mine = next((n for n in notes if n.author_id == request.user.pk), None)
    members = [m for m in selectors.members_of(circle) if m.status == MemberStatus.ACTIVE]
    return render(request, "circles/meeting.html", {
        "circle": circle, "meeting": meeting, "is_leader": circle.viewer_is_leader,
        "writable": not circle.is_closed and meeting.status != "cancelled",
        "started": meeting.starts_at <= timezone.now(),
        "agenda": agenda, "notes": notes,
        "attendance": [(m.user, attendance.get(m.user_id)) for m in members],
        "recorded": bool(attendance),
        "agenda_form": agenda_form or AgendaForm(),
        "note_form": note_form or NoteForm(initial={"text": mine.text if mine else ""}),
    }, status=status)


@login_required
@require_safe
def meeting_detail(request, circle_meeting_id: int):
    return _render_meeting(request, access_meeting(request.user, circle_meeting_id))


@login_required
@require_POST
def agenda_add(request, circle_meeting_id: int):
    meeting = access_meeting(request.user, circle_meeting_id)
    form = AgendaForm(request.POST)
    if submit(request, form, lambda v: services.agenda_add(actor=request.user, meeting=meeting,
                                                           text=v["text"]),
              done="Added to the agenda."):
        return redirect("circles:meeting", meeting.pk)
    return _render_meeting(request, meeting, agenda_form=form, status=400)


@login_required
@require_POST
def note_save(request, circle_meeting_id: int):
    meeting = access_meeting(request.user, circle_meeting_id)
    form = NoteForm(request.POST)
    if submit(request, form, lambda v: services.note_save(actor=request.user, meeting=meeting,
                                                          text=v["text"]),
              done="Your notes are saved."):
        return redirect("circles:meeting", meeting.pk)
    return _render_meeting(request, meeting, note_form=form, status=400)


@login_required
@require_POST
def attendance(request, circle_meeting_id: int):
    meeting = access_meeting(request.user, circle_meeting_id, write=True)
    present = [int(v) for v in request.POST.getlist("present") if v.isdecimal()]
    attempt(request, lambda: services.attendance_record(actor=request.user, meeting=meeting,
                                                        present=present),
            done="Attendance recorded.")
    return redirect("circles:meeting", meeting.pk)


@login_required
@require_POST
def meeting_cancel(request, circle_meeting_id: int):
    meeting = access_meeting(request.user, circle_meeting_id, write=True)
    attempt(request, lambda: services.meeting_cancel(actor=request.user, meeting=meeting),
            done="Meeting cancelled; the members are told.")
    return redirect("circles:meeting", meeting.pk)


# --- Conversation ---------------------------------------------------------------------


def _id(value) -> int | None:
    return int(value) if isinstance(value, str) and value.isdecimal() and len(value) < 19 \
        else None


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def posts(request, circle_id: int):
    circle = access_circle(request.user, circle_id)
    form = PostForm(_posted(request))
    if request.method == "POST":
        if submit(request, form, lambda v: services.post_add(
                actor=request.user, circle=circle, body=v["body"]), done="Posted."):
            return redirect(reverse("circles:posts", args=[circle.pk]) + "#latest")
    after = _id(request.GET.get("after"))
    if after is not None and request.headers.get("HX-Request"):
        # htmx polling: only the posts newer than the last one shown.
        new, _ = selectors.posts_page(circle, after=after)
        return render(request, "circles/partials/new_posts.html",
                      {"circle": circle, "posts": new, "last_id": new[-1].pk if new else after})
    before = _id(request.GET.get("before"))
    page, more = selectors.posts_page(circle, before=before)
    return render(request, "circles/posts.html", {
        "circle": circle, "posts": page, "more": more, "form": form,
        "writable": not circle.is_closed, "paged": before is not None,
        "last_id": page[-1].pk if page else 0,
    }, status=400 if request.method == "POST" else 200)


# --- Resources and goals --------------------------------------------------------------


@login_required
@require_POST
def resource_add(request, circle_id: int):
    circle = access_circle(request.user, circle_id)
    form = ResourceForm(request.POST)
    if not submit(request, form, lambda v: services.resource_add(
            actor=request.user, circle=circle, **v), done="Resource shared with the circle."):
        errors = [e for errs in form.errors.values() for e in errs]
        messages.error(request, errors[0] if errors else "The resource was not added.")
    return redirect(_tab("resources", circle, "resources-title"))


@login_required
@require_POST
def resource_delete(request, circle_resource_id: int):
    resource = access_resource(request.user, circle_resource_id, write=True)
    attempt(request, lambda: services.resource_delete(actor=request.user, resource=resource),
            done="Resource removed.")
    return redirect(_tab("resources", resource.circle, "resources-title"))


@login_required
@require_POST
def goals(request, circle_id: int):
    circle = access_circle(request.user, circle_id)
    ids = [int(v) for v in request.POST.getlist("goal") if v.isdecimal() and len(v) < 19]
    attempt(request, lambda: services.goals_share(actor=request.user, circle=circle,
                                                  goal_ids=ids),
            done="The circle now sees the goals you chose.")
    return redirect(_tab("resources", circle, "goals-title"))


# --- Coordinators: health and program assignment --------------------------------------


@login_required
@require_safe
def health(request):
    access_health(request.user)
    rows = selectors.health(health_circles(request.user))
    return render(request, "circles/health.html", {"rows": rows, "program": None})


@login_required
@require_safe
def program_circles(request, program_id: int):
    program = access_program_circles(request.user, program_id)
    rows = selectors.health(Circle.objects.filter(program=program))
    return render(request, "circles/health.html", {"rows": rows, "program": program})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def program_assign(request, program_id: int):
    program = access_program_circles(request.user, program_id)
    if request.method == "POST":
        pairs = []
        for value in request.POST.getlist("assign"):
            mentee, _, circle = value.partition(":")
            if mentee.isdecimal() and circle.isdecimal() and len(value) < 40:
                pairs.append((int(mentee), int(circle)))
        if attempt(request, lambda: services.program_assign(actor=request.user,
                                                            program=program,
                                                            assignments=pairs),
                   done=f"{len(pairs)} mentees joined their circles and were told."):
            return redirect("circles:program_circles", program.pk)
        return redirect("circles:program_assign", program.pk)
    proposal = matching.propose(program)
    return render(request, "circles/assign.html", {"program": program,
                                                   "proposal": proposal})
