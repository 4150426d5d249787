from __future__ import annotations

from ninja import Router, Status

from tandem.accounts.schemas import MyProfileOut
from tandem.core.schemas import ERRORS
from tandem.mentorships import selectors, services
from tandem.mentorships.models import DeclineReason, Relationship
from tandem.mentorships.permissions import access_profile, access_relationship, access_request
from tandem.mentorships.schemas import (
    AgreementChangeIn,
    AgreementOut,
    AgreementStateOut,
    BecomeMentorIn,
    ConfirmIn,
    DeclineIn,
    DeclineReasonOut,
    EndIn,
    PauseIn,
    QuestionIn,
    ReflectionIn,
    ReflectionsOut,
    RelationshipOut,
    ReplyIn,
    RequestIn,
    RequestOut,
)

router = Router()
MENTORSHIPS = ["mentorships"]
AGREEMENTS = ["agreements"]


def _request_out(req):
    return selectors.request_detail(req)


# --- Requests -------------------------------------------------------------------------


@router.get("/requests", response={200: list[RequestOut], **ERRORS}, tags=MENTORSHIPS,
            summary="My requests, received or sent")
def list_requests(request, box: str = "received"):
    if box not in ("received", "sent"):
        from tandem.core.errors import ValidationFailed

        raise ValidationFailed("Use received or sent.", field="box")
    rows = (selectors.requests_received if box == "received" else selectors.requests_sent)(
        request.user)
    return list(rows[:100])  # already prefetched: a fixed number of queries for 100 rows


@router.post("/requests", response={201: RequestOut, **ERRORS}, tags=MENTORSHIPS,
             summary="Ask a mentor")
def create_request(request, payload: RequestIn):
    mentor = access_profile(request.user, payload.mentor_profile_id).user
    req = services.request_create(actor=request.user, mentor=mentor, message=payload.message,
                                  goal_ids=payload.goal_ids, cadence=payload.cadence,
                                  channel=payload.channel)
    return Status(201, _request_out(req))


@router.get("/requests/{request_id}", response={200: RequestOut, **ERRORS}, tags=MENTORSHIPS,
            summary="One request")
def get_request(request, request_id: int):
    return _request_out(access_request(request.user, request_id))


@router.post("/requests/{request_id}/accept", response={201: RelationshipOut, **ERRORS},
             tags=MENTORSHIPS, summary="Accept (mentor)")
def accept_request(request, request_id: int):
    req = access_request(request.user, request_id, write=True, as_role="mentor")
    rel = services.request_accept(actor=request.user, request=req)
    return Status(201, _relationship_out(request.user, rel.pk))


@router.post("/requests/{request_id}/decline", response={200: RequestOut, **ERRORS},
             tags=MENTORSHIPS, summary="Decline (mentor)")
def decline_request(request, request_id: int, payload: DeclineIn):
    req = access_request(request.user, request_id, write=True, as_role="mentor")
    services.request_decline(actor=request.user, request=req, reason_id=payload.reason_id,
                             text=payload.text)
    return _request_out(req)


@router.post("/requests/{request_id}/ask", response={200: RequestOut, **ERRORS},
             tags=MENTORSHIPS, summary="Ask for more information (mentor)")
def ask_request(request, request_id: int, payload: QuestionIn):
    req = access_request(request.user, request_id, write=True, as_role="mentor")
    services.request_ask_info(actor=request.user, request=req, question=payload.question)
    return _request_out(req)


@router.post("/requests/{request_id}/reply", response={200: RequestOut, **ERRORS},
             tags=MENTORSHIPS, summary="Answer the mentor's question (mentee)")
def reply_request(request, request_id: int, payload: ReplyIn):
    req = access_request(request.user, request_id, write=True, as_role="mentee")
    services.request_reply(actor=request.user, request=req, reply=payload.reply)
    return _request_out(req)


@router.post("/requests/{request_id}/withdraw", response={200: RequestOut, **ERRORS},
             tags=MENTORSHIPS, summary="Withdraw (mentee)")
def withdraw_request(request, request_id: int):
    req = access_request(request.user, request_id, write=True, as_role="mentee")
    services.request_withdraw(actor=request.user, request=req)
    return _request_out(req)


@router.get("/decline-reasons", response={200: list[DeclineReasonOut], **ERRORS},
            tags=MENTORSHIPS, summary="Reasons a mentor can pick when declining")
def decline_reasons(request):
    return list(DeclineReason.objects.filter(active=True))


# --- Relationships --------------------------------------------------------------------


def _relationship_out(user, relationship_id: int) -> Relationship:
    rel = selectors.relationships_of(user).get(pk=relationship_id)
    rel.my_role = rel.role_of(user)
    rel.agreement_pending = not rel.has_confirmed_agreement
    rel.needs_attention = selectors.attention_items(rel)
    return rel


@router.get("/mentorships", response={200: list[RelationshipOut], **ERRORS}, tags=MENTORSHIPS,
            summary="My mentorships")
def list_mentorships(request):
    rows = list(selectors.relationships_of(request.user))
    for rel in rows:
        rel.my_role = rel.role_of(request.user)
        rel.agreement_pending = not rel.has_confirmed_agreement
        rel.needs_attention = selectors.attention_items(rel)
    return rows


@router.get("/mentorships/{relationship_id}", response={200: RelationshipOut, **ERRORS},
            tags=MENTORSHIPS, summary="One mentorship")
def get_mentorship(request, relationship_id: int):
    rel = access_relationship(request.user, relationship_id)
    return _relationship_out(request.user, rel.pk)


@router.post("/mentorships/{relationship_id}/pause", response={200: RelationshipOut, **ERRORS},
             tags=MENTORSHIPS, summary="Pause")
def pause_mentorship(request, relationship_id: int, payload: PauseIn):
    rel = access_relationship(request.user, relationship_id, write=True)
    services.relationship_pause(actor=request.user, relationship=rel, until=payload.until,
                                reason=payload.reason)
    return _relationship_out(request.user, rel.pk)


@router.post("/mentorships/{relationship_id}/resume", response={200: RelationshipOut, **ERRORS},
             tags=MENTORSHIPS, summary="Resume")
def resume_mentorship(request, relationship_id: int):
    rel = access_relationship(request.user, relationship_id, write=True)
    services.relationship_resume(actor=request.user, relationship=rel)
    return _relationship_out(request.user, rel.pk)


@router.post("/mentorships/{relationship_id}/complete",
             response={200: RelationshipOut, **ERRORS}, tags=MENTORSHIPS, summary="Complete")
def complete_mentorship(request, relationship_id: int):
    rel = access_relationship(request.user, relationship_id, write=True)
    services.relationship_complete(actor=request.user, relationship=rel)
    return _relationship_out(request.user, rel.pk)


@router.post("/mentorships/{relationship_id}/end", response={200: RelationshipOut, **ERRORS},
             tags=MENTORSHIPS, summary="End early, with a reason")
def end_mentorship(request, relationship_id: int, payload: EndIn):
    rel = access_relationship(request.user, relationship_id, write=True)
    services.relationship_end_early(actor=request.user, relationship=rel, reason=payload.reason)
    return _relationship_out(request.user, rel.pk)


@router.get("/mentorships/{relationship_id}/reflections", response={200: ReflectionsOut,
            **ERRORS}, tags=MENTORSHIPS, summary="Closing reflections")
def get_reflections(request, relationship_id: int):
    rel = access_relationship(request.user, relationship_id)
    return selectors.reflections_visible_to(request.user, rel)


@router.post("/mentorships/{relationship_id}/reflections", response={201: ReflectionsOut,
             **ERRORS}, tags=MENTORSHIPS, summary="Write my closing reflection")
def submit_reflection(request, relationship_id: int, payload: ReflectionIn):
    rel = access_relationship(request.user, relationship_id, write=True)
    services.reflection_submit(actor=request.user, relationship=rel, **payload.model_dump())
    return Status(201, selectors.reflections_visible_to(request.user, rel))


@router.post("/me/become-mentor", response={200: MyProfileOut, **ERRORS}, tags=["account"],
             summary="Pay it forward: add the mentor role")
def become_mentor(request, payload: BecomeMentorIn):
    from tandem.accounts.selectors import own_profile

    services.become_mentor(actor=request.user, skills=payload.skills, capacity=payload.capacity)
    return own_profile(request.user)


# --- Agreement ------------------------------------------------------------------------


def _shared_goals_only(agreement, shared: set[int]):
    """Unlink, in what is shown, objectives whose goal the mentee keeps private (the
    pages show no goal for them either). ``agreement`` is a freshly read row, never
    saved afterwards."""
    if agreement is not None:
        agreement.objectives = [
            {**item, "goal_id": item.get("goal_id") if item.get("goal_id") in shared else None}
            for item in agreement.objectives]
    return agreement


def _agreement_state(rel) -> dict:
    view = selectors.agreement_view(rel)
    shared = {goal.pk for goal in selectors.agreement_goals(rel)}
    return {"current": _shared_goals_only(view.current, shared),
            "draft": _shared_goals_only(view.draft, shared),
            "versions": [a.version for a in view.versions]}


@router.get("/mentorships/{relationship_id}/agreement", response={200: AgreementStateOut,
            **ERRORS}, tags=AGREEMENTS, summary="The agreement in force and any draft")
def get_agreement(request, relationship_id: int):
    return _agreement_state(access_relationship(request.user, relationship_id))


@router.get("/mentorships/{relationship_id}/agreement/versions/{version}",
            response={200: AgreementOut, **ERRORS}, tags=AGREEMENTS, summary="One version")
def get_agreement_version(request, relationship_id: int, version: int):
    rel = access_relationship(request.user, relationship_id)
    found = rel.agreements.filter(version=version).first()
    if found is None:
        from tandem.core.errors import NotFound

        raise NotFound
    return _shared_goals_only(found, {goal.pk for goal in selectors.agreement_goals(rel)})


@router.patch("/mentorships/{relationship_id}/agreement", response={200: AgreementStateOut,
              **ERRORS}, tags=AGREEMENTS,
              summary="Propose a change (edits the draft, or starts an amendment)")
def propose_agreement(request, relationship_id: int, payload: AgreementChangeIn):
    rel = access_relationship(request.user, relationship_id, write=True)
    changes = payload.model_dump(exclude_unset=True)
    services.agreement_propose(actor=request.user, relationship=rel, changes=changes)
    return _agreement_state(rel)


@router.post("/mentorships/{relationship_id}/agreement/confirm",
             response={200: AgreementStateOut, **ERRORS}, tags=AGREEMENTS,
             summary="Confirm the draft version")
def confirm_agreement(request, relationship_id: int, payload: ConfirmIn):
    rel = access_relationship(request.user, relationship_id, write=True)
    services.agreement_confirm(actor=request.user, relationship=rel, version=payload.version)
    return _agreement_state(rel)


@router.post("/mentorships/{relationship_id}/agreement/withdraw",
             response={200: AgreementStateOut, **ERRORS}, tags=AGREEMENTS,
             summary="Withdraw the proposed change (the confirmed version stays in force)")
def withdraw_agreement_draft(request, relationship_id: int):
    rel = access_relationship(request.user, relationship_id, write=True)
    services.agreement_withdraw_draft(actor=request.user, relationship=rel)
    return _agreement_state(rel)
