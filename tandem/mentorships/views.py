"""The home page (dashboard, with its getting-started checklist) and the pages for asking,
answering, running and closing a mentorship. Thin: parse, check access, call a service,
redirect; errors land on the form or as a message."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from tandem.accounts.selectors import goals_of, profile_of
from tandem.accounts.services import onboarding_hide
from tandem.core.errors import Conflict, DomainError, ValidationFailed
from tandem.core.forms import apply_errors, split_tags
from tandem.core.sections import relationship_sections
from tandem.mentorships import selectors, services, workspace
from tandem.mentorships.forms import (
    AgreementForm,
    AskInfoForm,
    BecomeMentorForm,
    DeclineForm,
    EndEarlyForm,
    PauseForm,
    ReflectionForm,
    ReplyForm,
    RequestForm,
)
from tandem.mentorships.models import Relationship
from tandem.mentorships.permissions import access_profile, access_relationship, access_request


def _bad(form) -> int:
    return 400 if form.errors else 200


# --- Home -----------------------------------------------------------------------------
# The signed-in person's dashboard (the landing page for anyone else). It is here rather
# than in accounts because its getting-started checklist asks whether they have asked a
# mentor yet (tandem/mentorships/onboarding.py).


@require_http_methods(["GET", "HEAD", "POST"])
def home(request):
    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect_to_login(request.get_full_path())
        return render(request, "mentorships/landing.html")
    if request.method == "POST":
        # The one thing the dashboard posts: "Hide these steps" on the getting-started list.
        if request.POST.get("onboarding") == "dismiss":
            onboarding_hide(actor=request.user)
            messages.success(request, "Getting started is hidden. Your profile page "
                             "still shows what is missing.")
        return redirect("home")
    from tandem.mentorships.home import home_context

    return render(request, "mentorships/dashboard.html", home_context(request))


# --- Requests -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def request_new(request, profile_id: int):
    mentor_profile = access_profile(request.user, profile_id)
    mentor = mentor_profile.user
    existing = selectors.open_request_between(request.user, mentor)
    if existing:
        messages.info(request, "You have already asked this mentor; here is your request.")
        return redirect("mentorships:request", existing.pk)
    goals = list(goals_of(request.user))
    if request.method == "POST":
        form = RequestForm(request.POST, goals=goals)
        if form.is_valid():
            try:
                req = services.request_create(actor=request.user, mentor=mentor,
                                              **form.values())
            except ValidationFailed as exc:
                apply_errors(form, exc)
            except Conflict as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, f"Your request is on its way to "
                                 f"{mentor_profile.display_name}.")
                return redirect("mentorships:request", req.pk)
    else:
        form = RequestForm(goals=goals, initial={
            "goals": [str(g.pk) for g in goals if g.visibility == "mentors"][:3]})
    return render(request, "mentorships/request_form.html", {
        "form": form, "mentor": mentor_profile}, status=_bad(form))


@login_required
def request_list(request):
    received = list(selectors.requests_received(request.user))
    sent = list(selectors.requests_sent(request.user))
    return render(request, "mentorships/request_list.html", {
        "received_open": [r for r in received if r.is_open],
        "received_closed": [r for r in received if not r.is_open],
        "sent": sent,
    })


@login_required
def request_detail(request, request_id: int):
    req = selectors.request_detail(access_request(request.user, request_id))
    is_mentor = req.mentor_id == request.user.pk
    context = {
        "req": req, "is_mentor": is_mentor, "ask_form": AskInfoForm(), "reply_form": ReplyForm(),
        "decline_form": DeclineForm(),
    }
    if not is_mentor and req.state in ("declined", "expired"):
        context["suggestions"] = selectors.suggested_mentors(request.user,
                                                             exclude=(req.mentor_id,))
    return render(request, "mentorships/request_detail.html", context)


def _request_action(request, request_id, *, role, form_class=None, call, done, field_ctx):
    req = access_request(request.user, request_id, write=True, as_role=role)
    form = form_class(request.POST) if form_class else None
    if form is not None and not form.is_valid():
        return _request_page_with(request, req, field_ctx, form)
    try:
        result = call(req, form.cleaned_data if form else {})
    except ValidationFailed as exc:
        if form is None:
            messages.error(request, exc.message)
            return redirect("mentorships:request", req.pk)
        apply_errors(form, exc)
        return _request_page_with(request, req, field_ctx, form)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("mentorships:request", req.pk)
    messages.success(request, done)
    if isinstance(result, Relationship):
        return redirect("mentorships:agreement", result.pk)
    return redirect("mentorships:request", req.pk)


def _request_page_with(request, req, field_ctx, form):
    req = selectors.request_detail(req)
    context = {"req": req, "is_mentor": req.mentor_id == request.user.pk,
               "ask_form": AskInfoForm(), "reply_form": ReplyForm(),
               "decline_form": DeclineForm(), field_ctx: form}
    return render(request, "mentorships/request_detail.html", context, status=400)


@login_required
@require_POST
def request_accept(request, request_id: int):
    return _request_action(
        request, request_id, role="mentor", field_ctx="accept_form",
        call=lambda req, _: services.request_accept(actor=request.user, request=req),
        done="You accepted. Now agree together how you will work.")


@login_required
@require_POST
def request_decline(request, request_id: int):
    return _request_action(
        request, request_id, role="mentor", form_class=DeclineForm, field_ctx="decline_form",
        call=lambda req, data: services.request_decline(
            actor=request.user, request=req, reason_id=data["reason_id"], text=data["text"]),
        done="You declined the request. Thank you for answering.")


@login_required
@require_POST
def request_ask(request, request_id: int):
    return _request_action(
        request, request_id, role="mentor", form_class=AskInfoForm, field_ctx="ask_form",
        call=lambda req, data: services.request_ask_info(
            actor=request.user, request=req, question=data["question"]),
        done="Your question was sent.")


@login_required
@require_POST
def request_reply(request, request_id: int):
    return _request_action(
        request, request_id, role="mentee", form_class=ReplyForm, field_ctx="reply_form",
        call=lambda req, data: services.request_reply(
            actor=request.user, request=req, reply=data["reply"]),
        done="Your answer was sent; the request is back with the mentor.")


@login_required
@require_POST
def request_withdraw(request, request_id: int):
    return _request_action(
        request, request_id, role="mentee", field_ctx="withdraw_form",
        call=lambda req, _: services.request_withdraw(actor=request.user, request=req),
        done="You withdrew the request.")


# --- Relationships --------------------------------------------------------------------


@login_required
def relationship_list(request):
    rows = list(selectors.relationships_of(request.user))
    for rel in rows:
        rel.attention = selectors.attention_items(rel)
        rel.other = rel.other_party(request.user)
        rel.my_role = rel.role_of(request.user)
    return render(request, "mentorships/relationship_list.html", {
        "open": [r for r in rows if r.is_open], "closed": [r for r in rows if r.is_closed]})


@login_required
def relationship_detail(request, relationship_id: int):
    """The workspace's Overview: what needs the viewer, the frequent tasks, and the cards
    whose section says ``"tab": "overview"``; the other cards are on their tabs."""
    rel = access_relationship(request.user, relationship_id)
    view = selectors.agreement_view(rel)
    sections = relationship_sections(viewer=request.user, relationship=rel)
    reflections = selectors.reflections_visible_to(request.user, rel)
    return render(request, "mentorships/relationship_detail.html", {
        "rel": rel, "other": rel.other_party(request.user), "role": rel.role_of(request.user),
        "agreement": view, "reflections": reflections,
        "can_become_mentor": _can_become_mentor(request.user, rel),
        "sections": _on_tab(sections, "overview"),
        "attention": _own_attention(request.user, rel, view, reflections)
        + [item for s in sections for item in s.get("attention", ())],
        "glance": [item for s in sections for item in s.get("glance", ())],
        "actions": _own_actions(request.user, rel, view)
        + [item for s in sections for item in s.get("actions", ())],
    })


def _on_tab(sections: list[dict], tab: str) -> list[dict]:
    """The cards of one tab, the lead ones first (sorted() keeps the registry's order)."""
    return sorted((s for s in sections if workspace.tab_of(s) == tab),
                  key=lambda s: not s.get("lead"))


def _own_attention(user, rel, view, reflections) -> list[dict]:
    status = workspace.agreement_status(user, rel, view)
    url = reverse("mentorships:agreement", args=[rel.pk])
    if status["waits_on_me"]:
        return [{"text": f"Read and confirm the agreement (version {view.draft.version})",
                 "url": url}]
    if rel.is_open and view.current is None and view.draft is None:
        return [{"text": "Write your agreement together", "url": url}]
    if rel.is_closed and not reflections["mine"]:
        return [{"text": "Write your closing reflection",
                 "url": reverse("mentorships:reflection", args=[rel.pk])}]
    return []


def _own_actions(user, rel, view) -> list[dict]:
    if not rel.is_open:
        return []
    if workspace.agreement_status(user, rel, view)["waits_on_me"]:
        return [{"label": "Confirm the agreement",
                 "url": reverse("mentorships:agreement", args=[rel.pk])}]
    return []


@login_required
def relationship_tab(request, relationship_id: int, tab: str):
    """One tab of the workspace: the relationship sections that name it."""
    if tab not in workspace.SECTION_TABS:
        raise Http404
    rel = access_relationship(request.user, relationship_id)
    # Only the apps of this tab: the others' cards (and their queries) are not shown here.
    sections = relationship_sections(viewer=request.user, relationship=rel, tab=tab)
    return render(request, "mentorships/relationship_tab.html", {
        "rel": rel, "other": rel.other_party(request.user), "tab": tab,
        "title": workspace.TAB_LABELS[tab], "sections": _on_tab(sections, tab),
    })


def _can_become_mentor(user, rel) -> bool:
    return (rel.state == Relationship.State.COMPLETED and rel.mentee_id == user.pk
            and not profile_of(user).is_mentor)


# --- Pausing, resuming, completing, ending early -----------------------------------------
# The relationship page links to one page of choices (manage); each choice is a
# confirmation step at the action's own URL: GET says what will happen (whose place is
# freed, who is told, what stays readable), and a POST carrying confirm=yes does it. A
# POST without it (a form from an old page, a script) changes nothing and shows the step
# again, so nobody pauses or closes a mentorship by a stray click.


@dataclass(frozen=True)
class _Step:
    question: str  # the confirmation page's title, with {name}: the other person
    allowed: tuple[str, ...]
    not_now: str  # why the step is not offered in the relationship's current state
    done: str
    form_class: type[forms.Form] | None = None


STEPS = {
    "pause": _Step(
        question="Pause the mentorship with {name}?", allowed=(Relationship.State.ACTIVE,),
        form_class=PauseForm, not_now="Only an active mentorship can be paused.",
        done="The mentorship is paused."),
    "resume": _Step(
        question="Resume the mentorship with {name}?", allowed=(Relationship.State.PAUSED,),
        not_now="The mentorship is not paused.", done="The mentorship is active again."),
    "complete": _Step(
        question="Complete the mentorship with {name}?", allowed=Relationship.OPEN_STATES,
        not_now="The mentorship has already closed.",
        done="The mentorship is complete. Congratulations!"),
    "end": _Step(
        question="End the mentorship with {name} early?", allowed=Relationship.OPEN_STATES,
        form_class=EndEarlyForm, not_now="The mentorship has already closed.",
        done="The mentorship has ended."),
}


def _manage_context(user, rel) -> dict:
    """The two people and the mentor's places now and once this mentorship closes."""
    mentor = rel.mentor.profile
    return {
        "rel": rel, "other": rel.other_party(user), "role": rel.role_of(user),
        "mentor": rel.mentor,
        "places": {"taken": mentor.places_taken, "capacity": mentor.mentor_capacity,
                   "after": max(mentor.places_taken - 1, 0)},
        "max_pause_days": services.MAX_PAUSE_DAYS,
    }


def _perform(user, rel, action: str, data: dict) -> None:
    if action == "pause":
        services.relationship_pause(actor=user, relationship=rel, until=data["until"],
                                    reason=data["reason"])
    elif action == "resume":
        services.relationship_resume(actor=user, relationship=rel)
    elif action == "complete":
        services.relationship_complete(actor=user, relationship=rel)
    else:
        services.relationship_end_early(actor=user, relationship=rel, reason=data["reason"])


@login_required
def relationship_manage(request, relationship_id: int):
    rel = access_relationship(request.user, relationship_id)
    return render(request, "mentorships/manage.html", _manage_context(request.user, rel))


def _confirm_step(request, relationship_id: int, action: str):
    step = STEPS[action]
    rel = access_relationship(request.user, relationship_id,
                              write=request.method == "POST")
    if rel.state not in step.allowed:
        messages.info(request, step.not_now)
        return redirect("mentorships:manage", rel.pk)
    posted = request.method == "POST"
    confirmed = posted and request.POST.get("confirm") == "yes"
    form = None
    if step.form_class is not None:
        if confirmed:
            form = step.form_class(request.POST, auto_id=f"{action}_%s")
        else:
            # Unconfirmed, what they typed is kept but not judged yet.
            kept = {name: request.POST[name] for name in step.form_class.base_fields
                    if posted and name in request.POST}
            form = step.form_class(initial=kept, auto_id=f"{action}_%s")
    if confirmed and (form is None or form.is_valid()):
        try:
            _perform(request.user, rel, action, form.cleaned_data if form else {})
        except ValidationFailed as exc:
            if form is None:
                messages.error(request, exc.message)
                return redirect("mentorships:manage", rel.pk)
            apply_errors(form, exc)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("mentorships:manage", rel.pk)
        else:
            messages.success(request, step.done)
            if rel.is_closed:
                return redirect("mentorships:reflection", rel.pk)
            return redirect("mentorships:detail", rel.pk)
    context = _manage_context(request.user, rel)
    return render(request, "mentorships/manage_confirm.html", {
        **context, "action": action, "form": form,
        "question": step.question.format(name=context["other"].display_name),
        "post_url": reverse(f"mentorships:{action}", args=[rel.pk]),
        "unconfirmed": posted and not confirmed,
    }, status=400 if posted else 200)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def relationship_pause(request, relationship_id: int):
    return _confirm_step(request, relationship_id, "pause")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def relationship_resume(request, relationship_id: int):
    return _confirm_step(request, relationship_id, "resume")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def relationship_complete(request, relationship_id: int):
    return _confirm_step(request, relationship_id, "complete")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def relationship_end(request, relationship_id: int):
    return _confirm_step(request, relationship_id, "end")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def reflection(request, relationship_id: int):
    rel = access_relationship(request.user, relationship_id)
    seen = selectors.reflections_visible_to(request.user, rel)
    form = ReflectionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reflection_submit(actor=request.user, relationship=rel, **form.cleaned_data)
        except ValidationFailed as exc:
            apply_errors(form, exc)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Thank you for your reflection.")
            return redirect("mentorships:detail", rel.pk)
    return render(request, "mentorships/reflection_form.html", {
        "rel": rel, "form": form, "reflections": seen, "other": rel.other_party(request.user),
    }, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "HEAD"])
def certificate(request, relationship_id: int):
    """A completed mentorship's certificate, for its two parties to keep or print (the
    print stylesheet frames it on a page of its own). Not there (404) until completed."""
    rel = access_relationship(request.user, relationship_id)
    found = selectors.certificate_of(rel)
    if found is None:
        raise Http404
    return render(request, "mentorships/certificate.html", {"rel": rel, "certificate": found})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def become_mentor(request):
    profile = profile_of(request.user)
    if request.method == "POST":
        form = BecomeMentorForm(request.POST)
        if form.is_valid():
            try:
                services.become_mentor(actor=request.user,
                                       skills=split_tags(form.cleaned_data["skills"]),
                                       capacity=form.cleaned_data["capacity"])
            except ValidationFailed as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, "You are a mentor now. Thank you for paying it "
                                 "forward!")
                return redirect("directory:person", profile.pk)
    else:
        skills = [t.name for t in profile.skills_wanted.all()]
        form = BecomeMentorForm(initial={"skills": ", ".join(skills), "capacity": 1})
    return render(request, "mentorships/become_mentor.html", {"form": form},
                  status=_bad(form))


# --- Agreement ------------------------------------------------------------------------


def _saved_message(result, *, rel, user, draft_before) -> str:
    """What saving the agreement page did, read from the version the service returned."""
    if result.status == result.Status.CONFIRMED:
        if draft_before is not None and result.pk == draft_before.pk:
            return (f"Version {result.version} is confirmed by both of you and now in "
                    "force.")
        return (f"That is what version {result.version} says, so the proposed change was "
                f"withdrawn; version {result.version} stays in force.")
    stamp = (result.mentee_confirmed_at if rel.role_of(user) == "mentee"
             else result.mentor_confirmed_at)
    if stamp is None:
        return "Saved. Add at least one objective; then you can both confirm it."
    return ("Saved. This counts as your confirmation; it is in force once the other person "
            "confirms it too.")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def agreement(request, relationship_id: int):
    rel = access_relationship(request.user, relationship_id)
    view = selectors.agreement_view(rel)
    goals = selectors.agreement_goals(rel)
    editing = view.draft or view.current
    objectives = len(editing.objectives) if editing else 0
    if request.method == "POST":
        form = AgreementForm(request.POST, goals=goals, objectives=objectives)
        if form.is_valid():
            try:
                result = services.agreement_propose(actor=request.user, relationship=rel,
                                                    changes=form.changes())
            except ValidationFailed as exc:
                apply_errors(form, exc)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _saved_message(
                    result, rel=rel, user=request.user, draft_before=view.draft))
                return redirect("mentorships:agreement", rel.pk)
    else:
        form = AgreementForm(goals=goals, objectives=objectives,
                             initial=AgreementForm.initial_from(editing))
    return render(request, "mentorships/agreement.html", {
        "rel": rel, "view": view, "form": form, "role": rel.role_of(request.user),
        "goal_titles": {g.pk: g.title for g in goals},
        "i_confirmed_draft": bool(view.draft and view.draft.confirmed_by(request.user)),
    }, status=_bad(form))


@login_required
@require_POST
def agreement_confirm(request, relationship_id: int):
    rel = access_relationship(request.user, relationship_id, write=True)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        messages.error(request, "Reload the page and confirm again.")
        return redirect("mentorships:agreement", rel.pk)
    try:
        agreement = services.agreement_confirm(actor=request.user, relationship=rel,
                                               version=version)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if agreement.status == agreement.Status.CONFIRMED:
            messages.success(request, f"Version {agreement.version} is confirmed by both of "
                             "you and now in force.")
        else:
            messages.success(request, "You confirmed. It is in force once the other party "
                             "confirms too.")
    return redirect("mentorships:agreement", rel.pk)


@login_required
@require_POST
def agreement_withdraw(request, relationship_id: int):
    rel = access_relationship(request.user, relationship_id, write=True)
    try:
        current = services.agreement_withdraw_draft(actor=request.user, relationship=rel)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"The proposed change was withdrawn; version "
                         f"{current.version} stays in force.")
    return redirect("mentorships:agreement", rel.pk)


@login_required
def agreement_version(request, relationship_id: int, version: int):
    rel = access_relationship(request.user, relationship_id)
    view = selectors.agreement_view(rel)
    found = next((a for a in view.versions if a.version == version), None)
    if found is None:
        from django.http import Http404

        raise Http404
    goals = {g.pk: g.title for g in selectors.agreement_goals(rel)}
    return render(request, "mentorships/agreement_version.html", {
        "rel": rel, "agreement": found, "view": view, "goal_titles": goals})
