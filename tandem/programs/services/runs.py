"""Matching runs and their review (lock, swap, remove, add, re-run, publish), approvals
of published matches and their expiry.

A published match becomes a mentorship through ``mentorships.services.relationship_start``,
which takes the mentor's place the same way accepting a request does (a conditional
UPDATE on ``places_taken < mentor_capacity``), so publishing can never overfill a mentor,
whatever else happens at the same moment."""

from __future__ import annotations

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from tandem.accounts.models import User
from tandem.core.audit import audit_log
from tandem.core.errors import Conflict, Forbidden, ValidationFailed
from tandem.core.errors import FieldErrors as Errors
from tandem.core.validation import is_id
from tandem.notifications.services import notify
from tandem.programs.models import (
    MatchingRun,
    MatchPair,
    PairStatus,
    Participant,
    ParticipantStatus,
    Program,
    Role,
    RunStatus,
)


def run_start(*, actor: User, program: Program, mode: str = "optimal") -> MatchingRun:
    """Start a fresh matching run (in the background) for everyone not matched yet."""
    if mode not in ("optimal", "stable"):
        raise ValidationFailed("Use optimal or stable.", field="mode")
    return _new_run(actor=actor, program=program, mode=mode, keep_from=None)


def run_rerun(*, actor: User, run: MatchingRun) -> MatchingRun:
    """Match again, keeping the locked pairs and never proposing the removed ones."""
    if run.status != RunStatus.READY:
        raise Conflict("Only a run ready for review can be run again.")
    return _new_run(actor=actor, program=run.program, mode=run.mode, keep_from=run)


def _new_run(*, actor, program, mode, keep_from: MatchingRun | None) -> MatchingRun:
    with transaction.atomic():
        if program.runs.filter(status__in=[RunStatus.QUEUED, RunStatus.RUNNING]).exists():
            raise Conflict("A matching run is in progress already.")
        replaced = program.runs.filter(status=RunStatus.READY)
        if keep_from is not None:
            replaced = replaced.filter(pk=keep_from.pk) | program.runs.filter(
                status=RunStatus.READY)
        replaced.update(status=RunStatus.REPLACED, updated_at=timezone.now())
        try:
            with transaction.atomic():  # numbered after the program's last run
                run = MatchingRun.objects.create(program=program, started_by=actor, mode=mode)
        except IntegrityError:  # another run took this number at the same moment
            raise Conflict("A matching run is in progress already.") from None
        if keep_from is not None:
            kept = keep_from.pairs.filter(Q(locked=True, status=PairStatus.PROPOSED)
                                          | Q(status=PairStatus.REMOVED))
            MatchPair.objects.bulk_create([
                MatchPair(run=run, mentee_id=p.mentee_id, mentor_id=p.mentor_id,
                          score=p.score, contributions=p.contributions, locked=p.locked,
                          manual=p.manual, warnings=p.warnings, status=p.status)
                for p in kept])
        audit_log(actor=actor, action="programs.run.started", target=run,
                  data={"mode": mode, "rerun_of": keep_from.pk if keep_from else None})
        transaction.on_commit(lambda: _enqueue_run(run.pk))
    return run


def _enqueue_run(run_id: int) -> None:
    from tandem.programs.tasks import execute_run

    execute_run.enqueue(run_id)


def run_execute(*, run_id: int) -> MatchingRun:
    """The task's body: claim the run, build the problem from the pool's profiles, solve
    with the engine, store the pairs and every unmatched mentee's reason."""
    from tandem.matching import ProblemError, solve
    from tandem.programs import matching

    if not MatchingRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
            status=RunStatus.RUNNING, updated_at=timezone.now()):
        return MatchingRun.objects.get(pk=run_id)
    run = MatchingRun.objects.select_related("program").get(pk=run_id)
    try:
        pool = matching.pool(run.program)
        # Never proposed: pairs that have or had a mentorship, were declined or expired,
        # or were ended by a re-match (docs/programs.md), and pairs removed in review.
        excluded = matching.pool_exclusions(run.program, pool)
        kept = list(run.pairs.all())
        locked = [(p.mentee_id, p.mentor_id) for p in kept if p.locked
                  and p.status == PairStatus.PROPOSED
                  and p.mentee_id in pool.mentees and p.mentor_id in pool.capacity
                  and (p.mentee_id, p.mentor_id) not in excluded]
        forbidden = set(excluded) | {
            (p.mentee_id, p.mentor_id) for p in kept if p.status == PairStatus.REMOVED
            and p.mentee_id in pool.mentees and p.mentor_id in pool.capacity}
        problem = matching.problem(run.program, pool, locked=locked,
                                   forbidden=sorted(forbidden))
        result = solve(problem, mode=run.mode)
    except (ProblemError, ValueError) as exc:
        MatchingRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, error=str(exc)[:300], finished_at=timezone.now())
        run.refresh_from_db()
        return run
    with transaction.atomic():
        by_key = {(p.mentee_id, p.mentor_id): p for p in kept if p.locked}
        # Locked pairs whose people left the pool are dropped with the run's old copy.
        MatchPair.objects.filter(run=run, locked=True, status=PairStatus.PROPOSED).exclude(
            pk__in=[by_key[k].pk for k in locked]).delete()
        new = []
        for pair in result.pairs:
            key = (int(pair.mentee), int(pair.mentor))
            contributions = {k: round(v, 4) for k, v in pair.contributions.items()}
            if pair.locked and key in by_key:
                MatchPair.objects.filter(pk=by_key[key].pk).update(
                    score=round(pair.score, 4), contributions=contributions)
            else:
                new.append(MatchPair(run=run, mentee_id=key[0], mentor_id=key[1],
                                     score=round(pair.score, 4), contributions=contributions))
        MatchPair.objects.bulk_create(new, batch_size=1000)
        MatchingRun.objects.filter(pk=run.pk).update(
            status=RunStatus.READY, mentees=len(pool.mentees), mentors=len(pool.capacity),
            unmatched=dict(result.reasons), total_score=round(result.total_score, 4),
            finished_at=timezone.now(), updated_at=timezone.now())
        audit_log(actor=None, action="programs.run.finished", target=run,
                  data={"matched": result.matched, "unmatched": len(result.unmatched)})
        for coordinator in run.program.coordinators.all():
            notify(recipient=coordinator, kind="program.run_ready", email=False,
                   title="Your matching run is ready for review",
                   url=reverse("programs:matching", args=[run.program_id]))
    run.refresh_from_db()
    return run


def _ready(run: MatchingRun) -> None:
    if run.status != RunStatus.READY:
        raise Conflict("This run is not open for review: it is "
                       f"{run.get_status_display().lower()}.")


def _live(pair: MatchPair) -> None:
    _ready(pair.run)
    if pair.status != PairStatus.PROPOSED:
        raise Conflict("This pair has been removed.")


def pair_lock(*, actor: User, pair: MatchPair, locked: bool = True) -> MatchPair:
    """Keep (or stop keeping) a pair when the run is run again."""
    if not isinstance(locked, bool):
        raise ValidationFailed("Must be true or false.", field="locked")
    _live(pair)
    with transaction.atomic():
        pair.locked = locked
        pair.save(update_fields=["locked", "updated_at"])
        audit_log(actor=actor, action="programs.pair.locked" if locked
                  else "programs.pair.unlocked", target=pair)
    return pair


def pair_remove(*, actor: User, pair: MatchPair) -> MatchPair:
    """Take a pair out; a re-run will not propose it again."""
    _live(pair)
    with transaction.atomic():
        pair.status, pair.locked = PairStatus.REMOVED, False
        pair.save(update_fields=["status", "locked", "updated_at"])
        run = pair.run
        unmatched = dict(run.unmatched or {})
        unmatched[str(pair.mentee_id)] = "removed from their pair by a coordinator"
        MatchingRun.objects.filter(pk=run.pk).update(unmatched=unmatched)
        run.unmatched = unmatched
        audit_log(actor=actor, action="programs.pair.removed", target=pair)
    return pair


def _rescore(pairs: list[MatchPair], program: Program) -> None:
    from tandem.programs import matching

    explained = matching.explain(program, [(p.mentee_id, p.mentor_id) for p in pairs])
    for pair in pairs:
        score, contributions, passes = explained[(pair.mentee_id, pair.mentor_id)]
        pair.score, pair.contributions = score, contributions
        pair.warnings = [] if passes else [
            "Breaks a must-have rule of the program (language, timezone, overlap, team or "
            "minimum score)."]


def _capacity_warnings(run: MatchingRun, pairs: list[MatchPair]) -> None:
    from tandem.programs import matching

    capacity = matching.pool(run.program).capacity
    counts: dict[int, int] = {}
    for mentor_id in run.pairs.filter(status=PairStatus.PROPOSED).values_list("mentor_id",
                                                                                flat=True):
        counts[mentor_id] = counts.get(mentor_id, 0) + 1
    for pair in pairs:
        places = capacity.get(pair.mentor_id, 0)
        if counts.get(pair.mentor_id, 0) > places:
            pair.warnings = [*pair.warnings, f"The mentor has {places} free place"
                             f"{'' if places == 1 else 's'} and {counts[pair.mentor_id]} "
                             "mentees in this run."]


def pair_swap(*, actor: User, first: MatchPair, second: MatchPair) -> tuple[MatchPair, MatchPair]:
    """Exchange the mentors of two pairs of the same run; refused (with the reason) when it
    would make a pair a run may never propose (``matching.excluded_pairs``)."""
    if first.pk == second.pk:
        raise ValidationFailed("Choose two different pairs.", field="other_pair_id")
    if first.run_id != second.run_id:
        raise ValidationFailed("Choose a pair of the same run.", field="other_pair_id")
    _live(first)
    if second.status != PairStatus.PROPOSED:
        raise Conflict("This pair has been removed.")
    if first.locked or second.locked:
        raise Conflict("Unlock a pair before swapping it.")
    if first.mentor_id == second.mentor_id:
        raise ValidationFailed("Both pairs have the same mentor.", field="other_pair_id")
    from tandem.programs import matching

    swapped = [(first.mentee_id, second.mentor_id), (second.mentee_id, first.mentor_id)]
    excluded = matching.excluded_pairs(mentees=[i for i, _ in swapped],
                                       mentors=[j for _, j in swapped])
    for key in swapped:
        if key in excluded:
            raise ValidationFailed(excluded[key].message(_names(list(key))),
                                   field="other_pair_id")
    with transaction.atomic():
        first.mentor_id, second.mentor_id = second.mentor_id, first.mentor_id
        first.manual = second.manual = True
        _rescore([first, second], first.run.program)
        for pair in (first, second):
            pair.save(update_fields=["mentor", "manual", "score", "contributions", "warnings",
                                     "updated_at"])
        audit_log(actor=actor, action="programs.pair.swapped", target=first,
                  data={"with": second.pk})
    return first, second


def _names(user_ids: list[int]) -> dict[int, str]:
    return {u.pk: u.display_name for u in User.objects.filter(pk__in=user_ids)
            .select_related("profile")}


def pair_add(*, actor: User, run: MatchingRun, mentee_id, mentor_id) -> MatchPair:
    """Pair a mentee with a mentor by hand. Breaking a must-have rule or a mentor's
    capacity is allowed, with a warning on the pair; a pair a run may never propose
    (``matching.excluded_pairs``) is refused with the reason."""
    from tandem.programs import matching

    errors = Errors()
    for field, value in (("mentee_id", mentee_id), ("mentor_id", mentor_id)):
        if not is_id(value):
            errors.add(field, "Choose a person from the lists.")
    errors.raise_if_any()
    _ready(run)
    pool = matching.pool(run.program)
    if mentee_id not in pool.mentees:
        errors.add("mentee_id", "Choose an enrolled mentee who has no mentor in the program.")
    if mentor_id not in pool.capacity:
        errors.add("mentor_id", "Choose an enrolled mentor.")
    errors.raise_if_any()
    excluded = matching.excluded_pairs(mentees=[mentee_id], mentors=[mentor_id])
    if (mentee_id, mentor_id) in excluded:
        raise ValidationFailed(excluded[(mentee_id, mentor_id)].message(
            _names([mentee_id, mentor_id])), field="mentor_id")
    with transaction.atomic():
        if run.pairs.filter(mentee_id=mentee_id, status=PairStatus.PROPOSED).exists():
            raise Conflict("This mentee has a pair already: remove it first.")
        pair = MatchPair(run=run, mentee_id=mentee_id, mentor_id=mentor_id, manual=True)
        _rescore([pair], run.program)
        try:
            with transaction.atomic():
                pair.save()
        except IntegrityError:
            raise Conflict("This mentee has a pair already: remove it first.") from None
        _capacity_warnings(run, [pair])
        pair.save(update_fields=["warnings"])
        unmatched = dict(run.unmatched or {})
        unmatched.pop(str(mentee_id), None)
        MatchingRun.objects.filter(pk=run.pk).update(unmatched=unmatched)
        run.unmatched = unmatched
        audit_log(actor=actor, action="programs.pair.added", target=pair)
    return pair


def _start(pair: MatchPair, program: Program) -> bool:
    """Turn a pair into a mentorship (``mentorships.services.relationship_start``, which
    takes the mentor's place) with a draft agreement from the program's template. When it
    cannot start (the mentor is full, an account was frozen, someone left the program),
    the pair is "not started" with the reason and what happens next, and both people and
    the coordinators are told the same; False then."""
    from tandem.mentorships.services import relationship_start

    mentee, mentor = pair.mentee, pair.mentor
    start = max(timezone.localdate(), program.starts_on)
    end = program.ends_on if program.ends_on > start else start + timedelta(weeks=12)
    try:
        with transaction.atomic():
            left = [user for user in (mentee, mentor) if not Participant.objects.filter(
                program=program, user=user, status=ParticipantStatus.ACTIVE).exists()]
            if left:
                raise Conflict(f"{left[0].display_name} has left the program.")
            relationship = relationship_start(
                mentee=mentee, mentor=mentor, program=program, agreement={
                    "objectives": [{"text": t, "goal_id": None}
                                   for t in program.agreement_objectives],
                    "report_every_weeks": program.report_every_weeks,
                    "start_date": start, "end_date": end})
    except Conflict as exc:
        _not_started(pair, program, exc.message)
        return False
    pair.status, pair.relationship, pair.note = PairStatus.STARTED, relationship, ""
    pair.save(update_fields=["status", "note", "relationship", "updated_at"])
    url = reverse("mentorships:agreement", args=[pair.relationship_id])
    for user, other in ((mentee, mentor), (mentor, mentee)):
        notify(recipient=user, kind="program.match_started",
               title=f"Your program matched you with {other.display_name}",
               body="Your mentorship has started: next, agree together how you will work.",
               url=url)
    return True


def _not_started(pair: MatchPair, program: Program, reason: str) -> None:
    """Record why a match could not start, and tell both people and the coordinators the
    reason and what happens next: the mentee is back in the pool of the next run."""
    mentee, mentor = pair.mentee, pair.mentor
    next_step = f"{mentee.display_name} is back in the pool for the next matching run."
    note = f"{reason} {next_step}"
    pair.status, pair.note = PairStatus.NOT_STARTED, (
        note if len(note) <= 200 else note[:199] + "\N{HORIZONTAL ELLIPSIS}")
    pair.save(update_fields=["status", "note", "updated_at"])
    audit_log(actor=None, action="programs.pair.not_started", target=pair,
              data={"reason": reason[:200]})
    title = "Your program match could not start"
    page = reverse("programs:application", args=[program.pk])
    notify(recipient=mentee, kind="program.match_not_started", title=title, url=page,
           body=f"Your match with {mentor.display_name} could not start: {reason} You are "
                "back in the pool for the next matching run; your coordinator can also "
                "match you by hand.")
    notify(recipient=mentor, kind="program.match_not_started", title=title, url=page,
           body=f"Your match with {mentee.display_name} could not start: {reason} "
                f"{next_step}")
    for coordinator in program.coordinators.all():
        notify(recipient=coordinator, kind="program.match_not_started", email=False,
               title=f"A match in {program.name} could not start",
               body=f"{mentee.display_name} and {mentor.display_name}: {reason} {next_step}",
               url=reverse("programs:matching", args=[program.pk]))


def run_publish(*, actor: User, run: MatchingRun) -> MatchingRun:
    """Publish a reviewed run, once: each pair becomes a mentorship at once, or waits for
    both people to accept it when the program asks for approval. Everyone is told,
    unmatched mentees too."""
    program = run.program
    with transaction.atomic():
        now = timezone.now()
        if not MatchingRun.objects.filter(pk=run.pk, status=RunStatus.READY).update(
                status=RunStatus.PUBLISHED, published_at=now, published_by=actor,
                updated_at=now):
            run.refresh_from_db(fields=["status"])
            raise Conflict("This run was published already." if run.status ==
                           RunStatus.PUBLISHED else "This run is not ready to publish.")
        run.status, run.published_at, run.published_by = RunStatus.PUBLISHED, now, actor
        pairs = list(run.pairs.filter(status=PairStatus.PROPOSED)
                     .select_related("mentee__profile", "mentor__profile"))
        started = 0
        for pair in pairs:
            if program.approval_required:
                pair.status = PairStatus.AWAITING
                pair.expires_at = now + timedelta(days=program.request_expiry_days)
                pair.save(update_fields=["status", "expires_at", "updated_at"])
                url = reverse("programs:application", args=[program.pk])
                by = timezone.localdate(pair.expires_at).strftime("%-d %B %Y")
                for user, other in ((pair.mentee, pair.mentor), (pair.mentor, pair.mentee)):
                    notify(recipient=user, kind="program.match_proposed",
                           title=f"Your program proposes {other.display_name} as your "
                                 f"{'mentor' if user.pk == pair.mentee_id else 'mentee'}",
                           body=f"Accept or decline the match on your program page by {by}; "
                                "after that it expires.", url=url)
            else:
                started += _start(pair, program)
        for user_id in run.unmatched or {}:
            user = User.objects.filter(pk=int(user_id)).first()
            if user is not None:
                notify(recipient=user, kind="program.not_matched",
                       title="No mentor was found for you in this round",
                       body="Your coordinator may match you by hand or in the next round.",
                       url=reverse("programs:application", args=[program.pk]))
        audit_log(actor=actor, action="programs.run.published", target=run,
                  data={"pairs": len(pairs), "started": started})
    return run


def pair_respond(*, actor: User, pair: MatchPair, accept: bool) -> MatchPair:
    """A party accepts or declines a published match that needs both approvals. When the
    second one accepts, the mentorship starts (if the mentor still has a place)."""
    if not isinstance(accept, bool):
        raise ValidationFailed("Must be true or false.", field="accept")
    if actor.pk not in (pair.mentee_id, pair.mentor_id):
        raise Forbidden
    field = "mentee_accepted_at" if actor.pk == pair.mentee_id else "mentor_accepted_at"
    with transaction.atomic():
        now = timezone.now()
        # An answer after the deadline is refused even before the expiry job has run.
        waiting = Q(status=PairStatus.AWAITING) & (Q(expires_at__isnull=True)
                                                   | Q(expires_at__gt=now))
        if pair.status == PairStatus.EXPIRED or (
                pair.status == PairStatus.AWAITING and pair.expires_at
                and pair.expires_at <= now):
            raise Conflict("This match expired: it was not answered in time. Your "
                           "coordinator can match you again.")
        if accept:
            changed = MatchPair.objects.filter(waiting, pk=pair.pk,
                                               **{f"{field}__isnull": True}).update(
                **{field: now}, updated_at=now)
            if not changed:
                raise Conflict("This match is not waiting for your answer.")
            pair.refresh_from_db()
            audit_log(actor=actor, action="programs.pair.accepted", target=pair)
            if pair.mentee_accepted_at and pair.mentor_accepted_at:
                if not MatchPair.objects.filter(pk=pair.pk, status=PairStatus.AWAITING).update(
                        status=PairStatus.PROPOSED):
                    raise Conflict("This match is not waiting any more.")
                _start(pair, pair.run.program)
            else:
                other = pair.mentor if actor.pk == pair.mentee_id else pair.mentee
                notify(recipient=other, kind="program.match_accepted",
                       title=f"{actor.display_name} accepted your program match",
                       url=reverse("programs:application", args=[pair.run.program_id]))
        else:
            from tandem.programs.matching import DECLINED_BY

            by = Role.MENTEE if actor.pk == pair.mentee_id else Role.MENTOR
            if not MatchPair.objects.filter(waiting, pk=pair.pk).update(
                    status=PairStatus.DECLINED, note=DECLINED_BY[by], updated_at=now):
                raise Conflict("This match is not waiting for your answer.")
            pair.status, pair.note = PairStatus.DECLINED, DECLINED_BY[by]
            audit_log(actor=actor, action="programs.pair.declined", target=pair)
            other = pair.mentor if actor.pk == pair.mentee_id else pair.mentee
            notify(recipient=other, kind="program.match_declined",
                   title="Your program match was declined",
                   body="Your coordinator will look for another match.",
                   url=reverse("programs:application", args=[pair.run.program_id]))
            for coordinator in pair.run.program.coordinators.all():
                notify(recipient=coordinator, kind="program.match_declined", email=False,
                       title="A proposed match was declined",
                       url=reverse("programs:matching", args=[pair.run.program_id]))
    return pair


def pairs_expire(*, now=None) -> int:
    """Published matches still waiting for an approval past their deadline expire (a
    periodic job): both people and the program's coordinators are told, and the mentee
    is free to be matched again. Each pair is claimed with a conditional update, so two
    schedulers never expire one twice."""
    now = now or timezone.now()
    expired = 0
    freed: dict[Program, list[str]] = {}  # program -> mentees free again, for coordinators
    due = (MatchPair.objects.filter(status=PairStatus.AWAITING, expires_at__lte=now)
           .select_related("mentee", "mentor", "run__program").order_by("id"))
    for pair in due:
        with transaction.atomic():
            if not MatchPair.objects.filter(pk=pair.pk, status=PairStatus.AWAITING,
                                            expires_at__lte=now).update(
                    status=PairStatus.EXPIRED, updated_at=now):
                continue
            expired += 1
            program = pair.run.program
            audit_log(actor=None, action="programs.pair.expired", target=pair,
                      data={"program": program.pk})
            url = reverse("programs:application", args=[program.pk])
            waiting_for = [p for p, at in ((pair.mentee, pair.mentee_accepted_at),
                                           (pair.mentor, pair.mentor_accepted_at)) if not at]
            for user, other in ((pair.mentee, pair.mentor), (pair.mentor, pair.mentee)):
                notify(recipient=user, kind="program.match_expired",
                       title=f"Your program match with {other.display_name} expired",
                       body=("It was not accepted in time by "
                             + " and ".join("you" if p.pk == user.pk else p.display_name
                                            for p in waiting_for)
                             + ". Your coordinator can match you again."),
                       url=url)
            freed.setdefault(program, []).append(pair.mentee.display_name)
    for program, names in freed.items():
        for coordinator in program.coordinators.all():
            notify(recipient=coordinator, kind="program.match_expired", email=False,
                   title=(f"{len(names)} proposed match{'es' if len(names) > 1 else ''} in "
                          f"{program.name} expired unanswered"),
                   body=f"Can be matched again: {', '.join(names)}.",
                   url=reverse("programs:matching", args=[program.pk]))
    return expired
