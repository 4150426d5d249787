"""Who may see what of a program. Coordinators see their own programs only (and staff
all of them); to anyone else a program answers 404 unless they may join it, are in it
or are invited to it. Runs, pairs, imports, invitations and re-match requests belong to
their program's coordinators; a person sees their own invitations and matches."""

from __future__ import annotations

from django.db.models import Q

from tandem.core.errors import Forbidden, NotFound
from tandem.core.permissions import parse_id
from tandem.mentorships.models import involving_q
from tandem.programs.models import (
    ImportJob,
    Invitation,
    InvitationStatus,
    JoinRule,
    MatchingRun,
    MatchPair,
    PairStatus,
    Participant,
    Program,
    RematchRequest,
)


def coordinated_programs(user):
    """The programs ``user`` runs (every program for staff)."""
    if not user.is_authenticated:
        return Program.objects.none()
    if user.is_staff:
        return Program.objects.all()
    return Program.objects.filter(coordinators=user)


def is_coordinator_of(user, program: Program) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_staff or program.coordinators.filter(pk=user.pk).exists()


def access_program(user, program_id, *, write: bool = False) -> Program:
    """A program for its coordinators (and staff); 404 for everyone else."""
    program = coordinated_programs(user).filter(pk=parse_id(program_id)).first()
    if program is None:
        raise NotFound
    return program


def visible_to_member(user) -> Q:
    """Programs a signed-in person may look at as a (future) participant."""
    domain = user.email.lower().rsplit("@", 1)[-1]
    return (Q(join_rule=JoinRule.OPEN)
            | Q(join_rule=JoinRule.DOMAIN, email_domain__iexact=domain)
            | Q(participants__user=user)
            | Q(invitations__email=user.email.lower(),
                invitations__status=InvitationStatus.PENDING))


def access_program_page(user, program_id) -> tuple[Program, bool]:
    """(program, whether the user coordinates it) for the program's page: coordinators,
    participants, invitees, and people who may join it; 404 for anyone else."""
    if not user.is_authenticated:
        raise NotFound
    pk = parse_id(program_id)
    program = coordinated_programs(user).filter(pk=pk).first()
    if program is not None:
        return program, True
    program = Program.objects.filter(visible_to_member(user), pk=pk).distinct().first()
    if program is None:
        raise NotFound
    return program, False


def access_participation(user, program_id) -> tuple[Program, Participant | None]:
    program, _ = access_program_page(user, program_id)
    participant = Participant.objects.filter(program=program, user=user).first()
    return program, participant


def access_import(user, import_id, *, write: bool = False) -> ImportJob:
    job = (ImportJob.objects.select_related("program")
           .filter(pk=parse_id(import_id), program__in=coordinated_programs(user)).first())
    if job is None:
        raise NotFound
    return job


def access_run(user, run_id, *, write: bool = False) -> MatchingRun:
    run = (MatchingRun.objects.select_related("program")
           .filter(pk=parse_id(run_id), program__in=coordinated_programs(user)).first())
    if run is None:
        raise NotFound
    return run


def access_pair(user, pair_id, *, write: bool = False) -> MatchPair:
    """A pair, for its program's coordinators."""
    pair = (MatchPair.objects.select_related("run__program", "mentee__profile",
                                             "mentor__profile")
            .filter(pk=parse_id(pair_id), run__program__in=coordinated_programs(user)).first())
    if pair is None:
        raise NotFound
    return pair


def access_my_match(user, pair_id, *, write: bool = False) -> MatchPair:
    """A published match, for its two people."""
    if not user.is_authenticated:
        raise NotFound
    pair = (MatchPair.objects.select_related("run__program", "mentee__profile",
                                             "mentor__profile")
            .filter(involving_q(user), pk=parse_id(pair_id))
            .exclude(status__in=[PairStatus.PROPOSED, PairStatus.REMOVED]).first())
    if pair is None:
        raise NotFound
    return pair


def access_invitation(user, invitation_id, *, write: bool = False,
                      as_invitee: bool = False) -> Invitation:
    """An invitation, for its program's coordinators and for the person invited (their
    address). ``as_invitee``: only the invitee may act (a coordinator gets 403)."""
    if not user.is_authenticated:
        raise NotFound
    invitation = (Invitation.objects.select_related("program")
                  .filter(pk=parse_id(invitation_id)).first())
    if invitation is None:
        raise NotFound
    invitee = invitation.email == user.email.lower()
    coordinator = is_coordinator_of(user, invitation.program)
    if not invitee and not coordinator:
        raise NotFound
    if write and as_invitee and not invitee:
        raise Forbidden
    if write and not as_invitee and not coordinator:
        raise Forbidden
    return invitation


def access_rematch(user, rematch_id, *, write: bool = False) -> RematchRequest:
    rematch = (RematchRequest.objects.select_related("program", "relationship",
                                                     "requested_by__profile")
               .filter(pk=parse_id(rematch_id), program__in=coordinated_programs(user)).first())
    if rematch is None:
        raise NotFound
    return rematch
