from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from tandem.core import sections
from tandem.core.csv_export import csv_response
from tandem.core.errors import DomainError, Forbidden, NotFound, ValidationFailed
from tandem.core.forms import apply_errors
from tandem.core.views import attempt
from tandem.mentorships.permissions import access_relationship
from tandem.programs import csv_import, selectors, services, workspace
from tandem.programs.forms import (
    AddPairForm,
    ApplyForm,
    CoordinatorForm,
    ImportForm,
    InviteForm,
    ProgramForm,
    RematchForm,
    RunForm,
    SwapForm,
)
from tandem.programs.models import (
    InvitationStatus,
    PairStatus,
    ParticipantStatus,
    Role,
    RunStatus,
)
from tandem.programs.permissions import (
    access_import,
    access_invitation,
    access_my_match,
    access_pair,
    access_participation,
    access_program,
    access_program_page,
    access_rematch,
    access_run,
)


def _form_field(name: str | None) -> str:
    """The form's name for a service's field: ``weights.skills`` is ``weight_skills``,
    ``answers[3]`` is ``answer_3``, ``mentee_id`` is ``mentee``."""
    name = name or ""
    if name.startswith("weights."):
        name = "weight_" + name.split(".", 1)[1]
    if name.startswith("answers["):
        name = "answer_" + name[len("answers["):].rstrip("]")
    return {"mentee_id": "mentee", "mentor_id": "mentor"}.get(name, name)


def _back(request, fallback: str):
    return redirect(fallback)


# --- Programs -----------------------------------------------------------------------------


@login_required
def program_list(request):
    user = request.user
    return render(request, "programs/list.html", {
        "coordinated": list(selectors.coordinated(user)) if (user.is_coordinator
                                                             or user.is_staff) else [],
        "can_create": user.is_coordinator or user.is_staff,
        "mine": list(selectors.my_participations(user)),
        "joinable": list(selectors.joinable(user)),
        "invitations": list(selectors.my_invitations(user)),
    })


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def program_create(request):
    if not (request.user.is_coordinator or request.user.is_staff):
        raise Forbidden
    form = ProgramForm(request.POST if request.method == "POST" else None,
                       initial=ProgramForm.defaults())
    if request.method == "POST" and form.is_valid():
        try:
            program = services.program_create(actor=request.user, **form.values())
        except DomainError as exc:
            apply_errors(form, exc, fields=_form_field)
        else:
            messages.success(request, "The program is created. Next, bring people in.")
            return redirect("programs:detail", program.pk)
    return render(request, "programs/program_form.html", {"form": form, "program": None},
                  status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def program_edit(request, program_id: int):
    program = access_program(request.user, program_id, write=True)
    if request.method == "POST" and request.POST.get("add_coordinator"):
        cform = CoordinatorForm(request.POST)
        if cform.is_valid():
            try:
                services.coordinator_add(actor=request.user, program=program,
                                         email=cform.cleaned_data["email"])
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, "The coordinator is added.")
        return redirect("programs:edit", program.pk)
    form = ProgramForm(request.POST if request.method == "POST" else None,
                       initial=ProgramForm.initial_from(program))
    if request.method == "POST" and form.is_valid():
        try:
            services.program_update(actor=request.user, program=program,
                                    changes=form.values())
        except DomainError as exc:
            apply_errors(form, exc, fields=_form_field)
        else:
            messages.success(request, "The program is saved.")
            return redirect("programs:detail", program.pk)
    return render(request, "programs/program_form.html", {
        "form": form, "program": program, "coordinator_form": CoordinatorForm(),
        "coordinators": list(program.coordinators.select_related("profile")),
    }, status=400 if form.errors else 200)


@login_required
def program_detail(request, program_id: int):
    program, coordinating = access_program_page(request.user, program_id)
    if coordinating:
        # The overview: what waits on the coordinator first, then the health and circles
        # cards of the apps above this one (tandem.core.sections), dates and figures.
        return render(request, "programs/home.html", {
            "program": program, "figures": selectors.figures(program),
            "needs": workspace.needs_you(program),
            "sections": sections.program_sections(viewer=request.user, program=program),
        })
    _, participant = access_participation(request.user, program_id)
    invitation = (program.invitations.filter(email=request.user.email.lower(),
                                             status=InvitationStatus.PENDING).first())
    return render(request, "programs/public.html", {
        "program": program, "participant": participant, "invitation": invitation,
        "offers": list(selectors.my_offers(request.user, program)) if participant else [],
        # Matches that could not start, with why and what happens next (the pair's note).
        "not_started": list(selectors.my_matches(request.user, program).filter(
            status=PairStatus.NOT_STARTED)) if participant else [],
        "open": services.applications_open(program),
        "may_apply": program.join_rule != "invite"
        and services.email_allowed(program, request.user.email),
    })


# --- Participants -------------------------------------------------------------------------


@login_required
def participant_list(request, program_id: int):
    program = access_program(request.user, program_id)
    role, status = request.GET.get("role", ""), request.GET.get("status", "")
    rows = list(selectors.participants(program, role=role, status=status))
    return render(request, "programs/participants.html", {
        "program": program, "rows": rows, "role": role, "status": status,
        "matched": selectors.matched_ids(program), "roles": Role.choices,
        "statuses": ParticipantStatus.choices,
    })


@login_required
def participants_csv(request, program_id: int):
    program = access_program(request.user, program_id)
    matched = selectors.matched_ids(program)
    rows = ([p.user.email, p.user.display_name, p.role, p.get_status_display(),
             p.get_source_display(), p.capacity if p.role == Role.MENTOR else "", p.team,
             "yes" if p.user_id in matched else "no"]
            for p in selectors.participants(program))
    return csv_response(["email", "name", "role", "status", "source", "capacity", "team",
                         "matched"], rows, filename=f"program-{program.pk}-participants.csv")


# --- Invitations --------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def invitation_list(request, program_id: int):
    program = access_program(request.user, program_id, write=request.method == "POST")
    form = InviteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_create(actor=request.user, program=program,
                                       email=form.cleaned_data["email"],
                                       role=form.cleaned_data["role"],
                                       capacity=form.cleaned_data["capacity"])
        except DomainError as exc:
            apply_errors(form, exc, fields=_form_field)
        else:
            messages.success(request, "The invitation is sent.")
            return redirect("programs:invitations", program.pk)
    return render(request, "programs/invitations.html", {
        "program": program, "form": form, "invitations": list(selectors.invitations(program)),
        "applications": list(workspace.recent_applications(program)),
        "matched": selectors.matched_ids(program),
    }, status=400 if form.errors else 200)


@login_required
@require_POST
def invitation_revoke(request, invitation_id: int):
    invitation = access_invitation(request.user, invitation_id, write=True)
    attempt(request,
            lambda: services.invitation_revoke(actor=request.user, invitation=invitation),
            done="The invitation is revoked.")
    return redirect("programs:invitations", invitation.program_id)


@login_required
@require_POST
def invitation_accept(request, invitation_id: int):
    invitation = access_invitation(request.user, invitation_id, write=True, as_invitee=True)
    if not attempt(request,
                   lambda: services.invitation_accept(actor=request.user, invitation=invitation),
                   done="Welcome to the program."):
        return redirect("programs:detail", invitation.program_id)
    return redirect("programs:application", invitation.program_id)


@login_required
@require_POST
def invitation_decline(request, invitation_id: int):
    invitation = access_invitation(request.user, invitation_id, write=True, as_invitee=True)
    attempt(request,
            lambda: services.invitation_decline(actor=request.user, invitation=invitation),
            done="You declined the invitation.")
    return redirect("programs:list")


# --- Import ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def import_upload(request, program_id: int):
    program = access_program(request.user, program_id, write=request.method == "POST")
    posted = request.method == "POST"
    form = ImportForm(request.POST if posted else None, request.FILES if posted else None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > csv_import.MAX_BYTES:
            form.add_error("file", "The file is larger than 5 MB.")
        else:
            try:
                job = services.import_start(actor=request.user, program=program,
                                            filename=upload.name, data=upload.read())
            except DomainError as exc:
                apply_errors(form, exc, fields=_form_field)
            else:
                return redirect("programs:import_detail", job.pk)
    return render(request, "programs/import.html", {
        "program": program, "form": form, "jobs": list(selectors.imports(program)),
        "columns": csv_import.COLUMNS,
    }, status=400 if form.errors else 200)


@login_required
def import_detail(request, import_id: int):
    job = access_import(request.user, import_id)
    template = ("programs/partials/import_status.html" if request.headers.get("HX-Request")
                else "programs/import_detail.html")
    return render(request, template, {"job": job, "program": job.program})


@login_required
@require_POST
def import_valid(request, import_id: int):
    job = access_import(request.user, import_id, write=True)
    attempt(request,
            lambda: services.import_valid_rows(actor=request.user, job=job),
            done="Importing the valid rows.")
    return redirect("programs:import_detail", job.pk)


@login_required
@require_POST
def import_discard(request, import_id: int):
    job = access_import(request.user, import_id, write=True)
    attempt(request,
            lambda: services.import_discard(actor=request.user, job=job),
            done="The file is discarded: nothing was imported.")
    return redirect("programs:import", job.program_id)


# --- Applying ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def apply(request, program_id: int):
    program, participant = access_participation(request.user, program_id)
    if participant and participant.status == ParticipantStatus.ACTIVE:
        return redirect("programs:application", program.pk)
    role = request.POST.get("role") or request.GET.get("role") or Role.MENTEE
    if role not in Role.values:
        role = Role.MENTEE
    questions = program.mentor_questions if role == Role.MENTOR else program.mentee_questions
    form = ApplyForm(request.POST if request.method == "POST" else None,
                     questions=questions or [], role=role,
                     initial={"role": role, "capacity": program.default_capacity})
    if request.method == "POST" and form.is_valid():
        try:
            services.participant_apply(actor=request.user, program=program, role=role,
                                       **form.values())
        except DomainError as exc:
            apply_errors(form, exc, fields=_form_field)
        else:
            messages.success(request, "Your application is in. Your coordinator will match "
                                      "you after applications close.")
            return redirect("programs:application", program.pk)
    return render(request, "programs/apply.html", {
        "program": program, "form": form, "role": role,
        "open": services.applications_open(program),
    }, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def application(request, program_id: int):
    program, participant = access_participation(request.user, program_id)
    if participant is None:
        raise NotFound
    questions = [a["question"] for a in participant.answers] or (
        program.mentor_questions if participant.role == Role.MENTOR
        else program.mentee_questions) or []
    initial = {"role": participant.role, "capacity": participant.capacity,
               "team": participant.team}
    for index, item in enumerate(participant.answers):
        initial[f"answer_{index}"] = item["answer"]
    form = ApplyForm(request.POST if request.method == "POST" else None, questions=questions,
                     role=participant.role, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        try:
            services.participant_update(
                actor=request.user, participant=participant, answers=values["answers"],
                capacity=values["capacity"] if participant.role == Role.MENTOR else None,
                team=values["team"])
        except DomainError as exc:
            apply_errors(form, exc, fields=_form_field)
        else:
            messages.success(request, "Your application is saved.")
            return redirect("programs:application", program.pk)
    return render(request, "programs/application.html", {
        "program": program, "participant": participant, "form": form,
        "matches": list(selectors.my_matches(request.user, program)),
        "relationships": list(program.relationships.filter(
            **{f"{participant.role}": request.user}).select_related(
            "mentee__profile", "mentor__profile")),
    }, status=400 if form.errors else 200)


@login_required
@require_POST
def withdraw(request, program_id: int):
    program, participant = access_participation(request.user, program_id)
    if participant is None:
        raise NotFound
    attempt(request,
            lambda: services.participant_withdraw(actor=request.user, participant=participant),
            done="You have withdrawn from the program.")
    return redirect("programs:detail", program.pk)


@login_required
@require_POST
def match_respond(request, match_id: int):
    pair = access_my_match(request.user, match_id, write=True)
    accept = request.POST.get("answer") == "accept"
    attempt(request,
            lambda: services.pair_respond(actor=request.user, pair=pair, accept=accept),
            done="You accepted the match." if accept else "You declined the match.")
    if pair.status == PairStatus.NOT_STARTED and pair.note:
        messages.warning(request, pair.note)  # why it could not start, and what next
    if request.POST.get("back") == "program":
        return redirect("programs:detail", pair.run.program_id)
    return redirect("programs:application", pair.run.program_id)


# --- Matching ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def matching(request, program_id: int):
    program = access_program(request.user, program_id, write=request.method == "POST")
    run_form = RunForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and run_form.is_valid():
        try:
            services.run_start(actor=request.user, program=program,
                               mode=run_form.cleaned_data["mode"])
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Matching has started.")
        return redirect("programs:matching", program.pk)
    context = _matching_context(program)
    if run_form.errors:
        context["run_form"] = run_form
    if request.headers.get("HX-Request"):
        return render(request, "programs/partials/run_status.html", context)
    return render(request, "programs/matching.html", context,
                  status=400 if run_form.errors else 200)


def _matching_context(program, *, add_data=None) -> dict:
    """What the matching page shows; ``add_data`` binds the "add a pair" form (to show
    why a pair was refused at its field)."""
    run = selectors.current_run(program)
    context = {"program": program, "run": run, "run_form": RunForm()}
    if run is not None:
        pairs = list(selectors.run_pairs(run))
        live = [p for p in pairs if p.status == PairStatus.PROPOSED]
        from tandem.programs.matching import pool

        the_pool = pool(program)
        users = selectors.users_by_id(list(run.unmatched or {}) + the_pool.mentees
                                      + list(the_pool.capacity))
        paired = {p.mentee_id for p in live}
        unmatched = [(users.get(int(pk)), reason) for pk, reason in (run.unmatched or {}).items()
                     if int(pk) not in paired]
        load: dict[int, int] = {}
        for p in live:
            load[p.mentor_id] = load.get(p.mentor_id, 0) + 1
        context.update({
            "pairs": pairs, "live": live, "unmatched": [u for u in unmatched if u[0]],
            "summary": selectors.run_summary(run, pairs),
            "removed": [p for p in pairs if p.status == PairStatus.REMOVED],
            "published": [p for p in pairs if p.status not in (PairStatus.PROPOSED,
                                                                PairStatus.REMOVED)],
            "reason_counts": selectors.unmatched_reason_counts(
                {k: v for k, v in (run.unmatched or {}).items() if int(k) not in paired}),
            "mentors": [(users[pk], the_pool.capacity[pk], load.get(pk, 0))
                        for pk in the_pool.capacity if pk in users],
            "add_form": AddPairForm(
                add_data,
                mentees=[users[pk] for pk in the_pool.mentees if pk in users
                         and pk not in paired],
                mentors=[users[pk] for pk in the_pool.capacity if pk in users]),
            "swap_form": SwapForm(pairs=[p for p in live if not p.locked]),
            "ready": run.status == RunStatus.READY,
        })
    return context


def _run_action(request, run, action, success: str):
    attempt(request, action, done=success)
    return redirect("programs:matching", run.program_id)


@login_required
@require_POST
def run_rerun(request, run_id: int):
    run = access_run(request.user, run_id, write=True)
    return _run_action(request, run, lambda: services.run_rerun(actor=request.user, run=run),
                       "Matching again, keeping the locked pairs.")


@login_required
@require_POST
def pair_add(request, run_id: int):
    run = access_run(request.user, run_id, write=True)

    try:
        mentee, mentor = int(request.POST.get("mentee", "")), int(request.POST.get("mentor", ""))
    except ValueError:
        messages.error(request, "Choose a mentee and a mentor.")
        return redirect("programs:matching", run.program_id)
    try:
        pair = services.pair_add(actor=request.user, run=run, mentee_id=mentee, mentor_id=mentor)
    except ValidationFailed as exc:
        # Shown at the form's field: why this pair is refused (e.g. a past mentorship).
        context = _matching_context(run.program, add_data=request.POST)
        form = context.get("add_form")
        if form is None:
            messages.error(request, exc.message)
            return redirect("programs:matching", run.program_id)
        form.is_valid()
        for error in exc.errors or [{"field": None, "message": exc.message}]:
            field = {"mentee_id": "mentee", "mentor_id": "mentor"}.get(error["field"],
                                                                       error["field"])
            form.add_error(field if field in form.fields else None, error["message"])
        return render(request, "programs/matching.html", context, status=400)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        for warning in pair.warnings:
            messages.warning(request, warning)
        messages.success(request, "The pair is added.")
    return redirect("programs:matching", run.program_id)


@login_required
@require_POST
def pair_swap(request, run_id: int):
    run = access_run(request.user, run_id, write=True)

    def swap():
        try:
            first = access_pair(request.user, request.POST.get("first"))
            second = access_pair(request.user, request.POST.get("second"))
        except NotFound:
            raise ValidationFailed("Choose two pairs of this run.", field="first") from None
        if first.run_id != run.pk:
            raise ValidationFailed("Choose two pairs of this run.", field="first")
        a, b = services.pair_swap(actor=request.user, first=first, second=second)
        for warning in a.warnings + b.warnings:
            messages.warning(request, warning)

    return _run_action(request, run, swap, "The mentors are swapped.")


@login_required
@require_POST
def pair_lock(request, pair_id: int):
    pair = access_pair(request.user, pair_id, write=True)
    locked = request.POST.get("locked", "true") != "false"
    return _run_action(request, pair.run, lambda: services.pair_lock(
        actor=request.user, pair=pair, locked=locked),
        "The pair is locked." if locked else "The pair is unlocked.")


@login_required
@require_POST
def pair_remove(request, pair_id: int):
    pair = access_pair(request.user, pair_id, write=True)
    return _run_action(request, pair.run, lambda: services.pair_remove(
        actor=request.user, pair=pair), "The pair is removed; a re-run will not propose it.")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def run_publish(request, run_id: int):
    run = access_run(request.user, run_id, write=request.method == "POST")
    if request.method == "POST":
        try:
            services.run_publish(actor=request.user, run=run)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("programs:matching", run.program_id)
        messages.success(request, "The matches are published and everyone is told.")
        return redirect("programs:matching", run.program_id)
    live = run.pairs.filter(status=PairStatus.PROPOSED)
    return render(request, "programs/publish.html", {
        "program": run.program, "run": run, "count": live.count(),
        "warned": sum(1 for w in live.values_list("warnings", flat=True) if w),
        "unmatched": len(run.unmatched or {}) - 0,
    })


@login_required
def matches_csv(request, run_id: int):
    run = access_run(request.user, run_id)
    rows = ([p.mentee.email, p.mentee.display_name, p.mentor.email, p.mentor.display_name,
             f"{p.score:.2f}", ", ".join(k for k, _ in p.top_reasons()),
             "yes" if p.locked else "no", p.get_status_display()]
            for p in selectors.run_pairs(run) if p.status != PairStatus.REMOVED)
    return csv_response(["mentee_email", "mentee", "mentor_email", "mentor", "score",
                         "top_reasons", "locked", "status"], rows,
                        filename=f"program-{run.program_id}-run-{run.number}-matches.csv")


# --- Re-match -----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def rematch_new(request, relationship_id: int):
    rel = access_relationship(request.user, relationship_id, write=request.method == "POST")
    if rel.program_id is None:
        raise NotFound
    form = RematchForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.rematch_request(actor=request.user, relationship=rel,
                                     reason=form.cleaned_data["reason"])
        except DomainError as exc:
            apply_errors(form, exc, fields=_form_field)
        else:
            messages.success(request, "Your coordinator has your request.")
            return redirect("mentorships:detail", rel.pk)
    return render(request, "programs/rematch_form.html", {"rel": rel, "form": form},
                  status=400 if form.errors else 200)


@login_required
def rematch_list(request, program_id: int):
    program = access_program(request.user, program_id)
    return render(request, "programs/rematches.html", {
        "program": program, "rematches": list(selectors.rematches(program))})


@login_required
@require_POST
def rematch_resolve(request, rematch_id: int):
    rematch = access_rematch(request.user, rematch_id, write=True)
    end = request.POST.get("action") == "end"
    attempt(request,
            lambda: services.rematch_resolve(actor=request.user, rematch=rematch, end=end),
            done=("The mentorship is ended; the mentee will be matched again in the next "
                  "run.") if end else "Dismissed.")
    return redirect("programs:rematches", rematch.program_id)


__all__ = ["reverse"]
