from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Field, Router, Schema, Status
from pydantic import ConfigDict, StrictBool, StrictFloat, StrictInt, StrictStr

from tandem.core.errors import NotFound, ValidationFailed
from tandem.core.schemas import ERRORS
from tandem.mentorships.permissions import access_relationship
from tandem.programs import selectors, services
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

router = Router(tags=["programs"])
STRICT = ConfigDict(extra="forbid")
MATCHING = ["matching"]


class WeightsIn(Schema):
    model_config = STRICT
    skills: StrictInt | None = None
    goals: StrictInt | None = None
    language: StrictInt | None = None
    timezone: StrictInt | None = None
    availability: StrictInt | None = None
    industry: StrictInt | None = None
    seniority: StrictInt | None = None
    preference: StrictInt | None = None


class ProgramIn(Schema):
    model_config = STRICT
    name: StrictStr | None = None
    description: StrictStr | None = None
    applications_open: date | None = None
    applications_close: date | None = None
    matching_date: date | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    join_rule: StrictStr | None = Field(None, description="open, invite or domain")
    email_domain: StrictStr | None = None
    mentee_questions: list[StrictStr] | None = None
    mentor_questions: list[StrictStr] | None = None
    weights: WeightsIn | None = Field(None, description="0-10 per criterion")
    shared_language: StrictBool | None = None
    max_timezone_gap: StrictInt | None = Field(None, description="hours, 0-12")
    min_overlap_hours: StrictInt | None = None
    exclude_same_team: StrictBool | None = None
    min_score: StrictFloat | StrictInt | None = None
    default_capacity: StrictInt | None = None
    request_expiry_days: StrictInt | None = None
    report_every_weeks: StrictInt | None = None
    agreement_objectives: list[StrictStr] | None = None
    approval_required: StrictBool | None = None


NULLABLE = {"matching_date", "max_timezone_gap", "min_score"}


def _program_data(payload: ProgramIn) -> dict:
    data = payload.model_dump(exclude_unset=True)
    data = {k: v for k, v in data.items() if v is not None or k in NULLABLE}
    if "weights" in data:
        data["weights"] = {k: v for k, v in (data["weights"] or {}).items() if v is not None}
    return data


class ProgramPublicOut(Schema):
    """What anyone who may join a program reads: enough to apply (one answer per
    question of their role)."""

    access: Literal["public"] = Field(description="public: the part anyone who may join "
                                                  "reads")
    id: int
    name: str
    description: str
    applications_open: date
    applications_close: date
    matching_date: date | None
    starts_on: date
    ends_on: date
    mentee_questions: list[str]
    mentor_questions: list[str]


class ProgramOut(Schema):
    access: Literal["coordinator"] = Field(
        "coordinator", description="coordinator: the whole program, for its coordinators")
    id: int
    name: str
    description: str
    applications_open: date
    applications_close: date
    matching_date: date | None
    starts_on: date
    ends_on: date
    join_rule: str
    email_domain: str
    mentee_questions: list[str]
    mentor_questions: list[str]
    weights: dict[str, int]
    shared_language: bool
    max_timezone_gap: int | None
    min_overlap_hours: int
    exclude_same_team: bool
    min_score: float | None
    default_capacity: int
    request_expiry_days: int
    report_every_weeks: int
    agreement_objectives: list[str]
    approval_required: bool


class FiguresOut(Schema):
    mentees: int
    mentors: int
    withdrawn: int
    invitations: int
    active: int
    completed: int
    ended_early: int
    rematches: int
    places: int


class ProgramDetailOut(ProgramOut):
    figures: FiguresOut


def _public(program) -> ProgramPublicOut:
    return ProgramPublicOut.model_validate({
        "access": "public", **{name: getattr(program, name) for name in
                               ProgramPublicOut.model_fields if name != "access"}})


def _whole(program):
    program.access = "coordinator"
    return program


ProgramListItem = Annotated[ProgramOut | ProgramPublicOut, Field(discriminator="access")]
ProgramDetailItem = Annotated[ProgramDetailOut | ProgramPublicOut,
                              Field(discriminator="access")]


@router.get("/programs", response={200: list[ProgramListItem], **ERRORS},
            summary="The programs I coordinate (whole), then those I am in, am invited "
                    "to or may apply to now (their public part)")
def list_programs(request):
    return ([_whole(p) for p in selectors.coordinated(request.user)]
            + [_public(p) for p in selectors.readable(request.user)])


@router.post("/programs", response={201: ProgramOut, **ERRORS}, summary="Create a program")
def create_program(request, payload: ProgramIn):
    return Status(201, services.program_create(actor=request.user,
                                               **_program_data(payload)))


@router.get("/programs/{program_id}", response={200: ProgramDetailItem, **ERRORS},
            summary="A program: whole, with its figures, for its coordinators; its public "
                    "part (name, dates, description, questions) for people who may join it")
def get_program(request, program_id: int):
    program, coordinating = access_program_page(request.user, program_id)
    if not coordinating:
        return _public(program)
    program.figures = selectors.figures(program)
    return _whole(program)


@router.patch("/programs/{program_id}", response={200: ProgramOut, **ERRORS},
              summary="Change a program")
def update_program(request, program_id: int, payload: ProgramIn):
    program = access_program(request.user, program_id, write=True)
    return services.program_update(actor=request.user, program=program,
                                   changes=_program_data(payload))


class AnswerOut(Schema):
    question: str
    answer: str


class ParticipantOut(Schema):
    id: int
    program_id: int
    user_id: int
    name: str
    email: str
    role: str
    status: str
    source: str
    capacity: int
    team: str
    created_at: datetime

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.user.display_name

    @staticmethod
    def resolve_email(obj) -> str:
        return obj.user.email


class ApplicationOut(ParticipantOut):
    answers: list[AnswerOut]


@router.get("/programs/{program_id}/participants", response={200: list[ParticipantOut],
                                                             **ERRORS},
            summary="Participants, filtered by role (mentee, mentor) and status")
def list_participants(request, program_id: int, role: str = "", status: str = ""):
    program = access_program(request.user, program_id)
    return list(selectors.participants(program, role=role, status=status))


class ApplyIn(Schema):
    model_config = STRICT
    role: StrictStr = Field(description="mentee or mentor")
    answers: list[StrictStr] = Field([], description="One per question of the role")
    capacity: StrictInt | None = Field(None, description="Mentors: mentees in this program")
    team: StrictStr = ""


@router.post("/programs/{program_id}/application", response={201: ApplicationOut, **ERRORS},
             summary="Apply to a program")
def apply(request, program_id: int, payload: ApplyIn):
    program, _ = access_participation(request.user, program_id)
    return Status(201, services.participant_apply(actor=request.user, program=program,
                                                  **payload.model_dump()))


@router.get("/programs/{program_id}/application", response={200: ApplicationOut, **ERRORS},
            summary="My application")
def my_application(request, program_id: int):
    _, participant = access_participation(request.user, program_id)
    if participant is None:
        raise NotFound
    return participant


@router.post("/programs/{program_id}/application/withdraw",
             response={200: ApplicationOut, **ERRORS}, summary="Withdraw from a program")
def withdraw(request, program_id: int):
    _, participant = access_participation(request.user, program_id)
    if participant is None:
        raise NotFound
    return services.participant_withdraw(actor=request.user, participant=participant)


class InvitationIn(Schema):
    model_config = STRICT
    email: StrictStr
    role: StrictStr = Field(description="mentee or mentor")
    capacity: StrictInt | None = None


class InvitationOut(Schema):
    id: int
    program_id: int
    email: str
    role: str
    capacity: int
    status: str
    created_at: datetime


@router.get("/programs/{program_id}/invitations", response={200: list[InvitationOut],
                                                            **ERRORS},
            summary="Invitations of a program")
def list_invitations(request, program_id: int):
    return list(selectors.invitations(access_program(request.user, program_id)))


@router.post("/programs/{program_id}/invitations", response={201: InvitationOut, **ERRORS},
             summary="Invite someone by email")
def invite(request, program_id: int, payload: InvitationIn):
    program = access_program(request.user, program_id, write=True)
    return Status(201, services.invitation_create(actor=request.user, program=program,
                                                  **payload.model_dump()))


@router.post("/program-invitations/{invitation_id}/accept",
             response={200: ApplicationOut, **ERRORS},
             summary="Accept an invitation sent to my address")
def accept_invitation(request, invitation_id: int):
    invitation = access_invitation(request.user, invitation_id, write=True, as_invitee=True)
    return services.invitation_accept(actor=request.user, invitation=invitation)


@router.post("/program-invitations/{invitation_id}/decline",
             response={200: InvitationOut, **ERRORS}, summary="Decline an invitation")
def decline_invitation(request, invitation_id: int):
    invitation = access_invitation(request.user, invitation_id, write=True, as_invitee=True)
    return services.invitation_decline(actor=request.user, invitation=invitation)


@router.post("/program-invitations/{invitation_id}/revoke",
             response={200: InvitationOut, **ERRORS}, summary="Revoke an invitation")
def revoke_invitation(request, invitation_id: int):
    invitation = access_invitation(request.user, invitation_id, write=True)
    return services.invitation_revoke(actor=request.user, invitation=invitation)


class ImportIn(Schema):
    model_config = STRICT
    filename: StrictStr = ""
    content: StrictStr = Field(description="The CSV text (UTF-8), header row first")


class RowErrorOut(Schema):
    row: int
    field: str
    reason: str


class ImportOut(Schema):
    id: int
    program_id: int
    filename: str
    status: str
    total_rows: int
    processed_rows: int
    valid_rows: int
    imported_rows: int
    percent: int
    errors: list[RowErrorOut]
    created_at: datetime


@router.post("/programs/{program_id}/imports", response={201: ImportOut, **ERRORS},
             summary="Import participants from CSV text (checked in the background)")
def start_import(request, program_id: int, payload: ImportIn):
    program = access_program(request.user, program_id, write=True)
    job = services.import_start(actor=request.user, program=program,
                                filename=payload.filename,
                                data=payload.content.encode("utf-8", "surrogatepass")
                                if payload.content else b"")
    job.refresh_from_db()
    return Status(201, job)


@router.get("/program-imports/{import_id}", response={200: ImportOut, **ERRORS},
            summary="An import: progress and the per-row report")
def get_import(request, import_id: int):
    return access_import(request.user, import_id)


@router.post("/program-imports/{import_id}/import-valid", response={200: ImportOut, **ERRORS},
             summary="Import the valid rows of a file with errors")
def import_valid(request, import_id: int):
    job = access_import(request.user, import_id, write=True)
    services.import_valid_rows(actor=request.user, job=job)
    job.refresh_from_db()
    return job


# --- Matching ------------------------------------------------------------------------------


class RunIn(Schema):
    model_config = STRICT
    mode: StrictStr = Field("optimal", description="optimal or stable")


class PairOut(Schema):
    id: int
    mentee_id: int
    mentor_id: int
    mentee_name: str
    mentor_name: str
    score: float
    contributions: dict[str, float]
    locked: bool
    manual: bool
    warnings: list[str]
    status: str
    note: str = Field("", description="Why a published match could not start (or who "
                                      "declined it), and what happens next")

    @staticmethod
    def resolve_mentee_name(obj) -> str:
        return obj.mentee.display_name

    @staticmethod
    def resolve_mentor_name(obj) -> str:
        return obj.mentor.display_name


class UnmatchedOut(Schema):
    user_id: int
    reason: str


class RunOut(Schema):
    id: int
    number: int = Field(description="The run's number in its program: 1 for the first")
    program_id: int
    status: str
    mode: str
    mentees: int
    mentors: int
    total_score: float = Field(description="The sum of the scores of its pairs as they are "
                                           "now (removed pairs left out)")
    error: str
    published_at: datetime | None
    pairs: list[PairOut] = []
    unmatched: list[UnmatchedOut] = []

    @staticmethod
    def resolve_pairs(obj) -> list:
        return list(selectors.run_pairs(obj))

    @staticmethod
    def resolve_total_score(obj) -> float:
        return round(selectors.run_summary(obj, selectors.run_pairs(obj))["total_score"], 4)

    @staticmethod
    def resolve_unmatched(obj) -> list:
        return [{"user_id": int(k), "reason": v} for k, v in (obj.unmatched or {}).items()]


@router.post("/programs/{program_id}/runs", response={201: RunOut, **ERRORS}, tags=MATCHING,
             summary="Start a matching run (in the background)")
def start_run(request, program_id: int, payload: RunIn):
    program = access_program(request.user, program_id, write=True)
    run = services.run_start(actor=request.user, program=program, mode=payload.mode)
    run.refresh_from_db()
    return Status(201, run)


@router.get("/matching-runs/{run_id}", response={200: RunOut, **ERRORS}, tags=MATCHING,
            summary="A run: status, pairs with their score split by criterion, unmatched")
def get_run(request, run_id: int):
    return access_run(request.user, run_id)


@router.post("/matching-runs/{run_id}/rerun", response={201: RunOut, **ERRORS}, tags=MATCHING,
             summary="Run again, keeping locked pairs and never proposing removed ones")
def rerun(request, run_id: int):
    run = services.run_rerun(actor=request.user, run=access_run(request.user, run_id,
                                                                 write=True))
    run.refresh_from_db()
    return Status(201, run)


class PairIn(Schema):
    model_config = STRICT
    mentee_id: StrictInt
    mentor_id: StrictInt


@router.post("/matching-runs/{run_id}/pairs", response={201: PairOut, **ERRORS}, tags=MATCHING,
             summary="Add a pair by hand (warnings say which rules it breaks)")
def add_pair(request, run_id: int, payload: PairIn):
    run = access_run(request.user, run_id, write=True)
    return Status(201, services.pair_add(actor=request.user, run=run, **payload.model_dump()))


class SwapIn(Schema):
    model_config = STRICT
    first_pair_id: StrictInt
    second_pair_id: StrictInt


@router.post("/matching-runs/{run_id}/swap", response={200: list[PairOut], **ERRORS},
             tags=MATCHING, summary="Exchange the mentors of two pairs")
def swap(request, run_id: int, payload: SwapIn):
    run = access_run(request.user, run_id, write=True)
    pairs = []
    for field in ("first_pair_id", "second_pair_id"):
        try:
            pair = access_pair(request.user, getattr(payload, field))
        except NotFound:
            pair = None
        if pair is None or pair.run_id != run.pk:
            raise ValidationFailed("Choose a pair of this run.", field=field)
        pairs.append(pair)
    return list(services.pair_swap(actor=request.user, first=pairs[0], second=pairs[1]))


class LockIn(Schema):
    model_config = STRICT
    locked: StrictBool = True


@router.post("/match-pairs/{pair_id}/lock", response={200: PairOut, **ERRORS}, tags=MATCHING,
             summary="Lock or unlock a pair")
def lock_pair(request, pair_id: int, payload: LockIn):
    pair = access_pair(request.user, pair_id, write=True)
    return services.pair_lock(actor=request.user, pair=pair, locked=payload.locked)


@router.delete("/match-pairs/{pair_id}", response={204: None, **ERRORS}, tags=MATCHING,
               summary="Remove a pair (a re-run will not propose it)")
def remove_pair(request, pair_id: int):
    services.pair_remove(actor=request.user, pair=access_pair(request.user, pair_id,
                                                              write=True))
    return Status(204, None)


@router.post("/matching-runs/{run_id}/publish", response={200: RunOut, **ERRORS},
             tags=MATCHING, summary="Publish a run, once (a second time answers 409)")
def publish(request, run_id: int):
    run = access_run(request.user, run_id, write=True)
    return services.run_publish(actor=request.user, run=run)


class MatchOut(Schema):
    id: int
    program_id: int
    mentee_id: int
    mentor_id: int
    status: str
    mentee_accepted: bool
    mentor_accepted: bool
    expires_at: datetime | None = Field(
        None, description="When a match waiting for both approvals expires unanswered")
    relationship_id: int | None
    note: str = Field("", description="Why a match could not start (or who declined it), "
                                      "and what happens next")

    @staticmethod
    def resolve_program_id(obj) -> int:
        return obj.run.program_id

    @staticmethod
    def resolve_mentee_accepted(obj) -> bool:
        return obj.mentee_accepted_at is not None

    @staticmethod
    def resolve_mentor_accepted(obj) -> bool:
        return obj.mentor_accepted_at is not None


class RespondIn(Schema):
    model_config = STRICT
    accept: StrictBool


@router.get("/programs/{program_id}/matches", response={200: list[MatchOut], **ERRORS},
            tags=MATCHING, summary="My published matches in a program")
def my_matches(request, program_id: int):
    program, participant = access_participation(request.user, program_id)
    if participant is None:
        raise NotFound
    return list(selectors.my_matches(request.user, program))


@router.post("/program-matches/{match_id}/respond", response={200: MatchOut, **ERRORS},
             tags=MATCHING, summary="Accept or decline a match waiting for my approval")
def respond(request, match_id: int, payload: RespondIn):
    pair = access_my_match(request.user, match_id, write=True)
    return services.pair_respond(actor=request.user, pair=pair, accept=payload.accept)


class RematchIn(Schema):
    model_config = STRICT
    reason: StrictStr


class RematchOut(Schema):
    id: int
    program_id: int
    relationship_id: int
    requested_by_id: int
    reason: str
    status: str
    created_at: datetime


@router.post("/mentorships/{relationship_id}/rematch", response={201: RematchOut, **ERRORS},
             summary="Ask the program's coordinators for a re-match")
def ask_rematch(request, relationship_id: int, payload: RematchIn):
    rel = access_relationship(request.user, relationship_id, write=True)
    if rel.program_id is None:
        raise NotFound
    return Status(201, services.rematch_request(actor=request.user, relationship=rel,
                                                reason=payload.reason))


@router.get("/programs/{program_id}/rematches", response={200: list[RematchOut], **ERRORS},
            summary="Re-match requests of a program")
def list_rematches(request, program_id: int):
    return list(selectors.rematches(access_program(request.user, program_id)))


class ResolveIn(Schema):
    model_config = STRICT
    end: StrictBool = Field(description="true: end the mentorship and match again; "
                                        "false: dismiss")


@router.post("/rematch-requests/{rematch_id}/resolve", response={200: RematchOut, **ERRORS},
             summary="End the mentorship for a re-match, or dismiss the request")
def resolve_rematch(request, rematch_id: int, payload: ResolveIn):
    rematch = access_rematch(request.user, rematch_id, write=True)
    return services.rematch_resolve(actor=request.user, rematch=rematch, end=payload.end)
