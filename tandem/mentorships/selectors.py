"""Reads for requests and relationships, scoped to the viewer and prefetched."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from tandem.accounts.models import CareerGoal, Profile, User
from tandem.mentorships.models import (
    Agreement,
    MentorshipRequest,
    Reflection,
    Relationship,
    RequestMessage,
)


def _requests_loaded() -> QuerySet[MentorshipRequest]:
    """Requests with everything a list row or the API's RequestOut reads."""
    return (MentorshipRequest.objects
            .select_related("mentee__profile", "mentor__profile", "decline_reason",
                            "relationship")
            .prefetch_related("goals", Prefetch("messages", queryset=RequestMessage.objects
                                                .select_related("author__profile"))))


def has_asked_for_a_mentor(user: User) -> bool:
    """Any request sent (in any state) or any mentorship as the mentee counts."""
    return (MentorshipRequest.objects.filter(mentee=user).exists()
            or Relationship.objects.filter(mentee=user).exists())


def requests_received(user: User) -> QuerySet[MentorshipRequest]:
    return _requests_loaded().filter(mentor=user).order_by("-created_at", "-id")


def requests_sent(user: User) -> QuerySet[MentorshipRequest]:
    return _requests_loaded().filter(mentee=user).order_by("-created_at", "-id")


def request_detail(req: MentorshipRequest) -> MentorshipRequest:
    return _requests_loaded().get(pk=req.pk)


def open_request_between(mentee: User, mentor: User) -> MentorshipRequest | None:
    return MentorshipRequest.objects.filter(
        mentee=mentee, mentor=mentor, state__in=MentorshipRequest.OPEN_STATES).first()


def open_relationship_between(mentee: User, mentor: User) -> Relationship | None:
    return Relationship.objects.filter(
        mentee=mentee, mentor=mentor, state__in=Relationship.OPEN_STATES).first()


def relationships_of(user: User) -> QuerySet[Relationship]:
    """The user's mentorships, each annotated with what needs their attention."""
    confirmed = Agreement.objects.filter(relationship=OuterRef("pk"), status="confirmed")
    my_reflection = Reflection.objects.filter(relationship=OuterRef("pk"), author=user)
    draft_waiting_for_me = Agreement.objects.filter(
        Q(relationship__mentee=user, mentee_confirmed_at__isnull=True)
        | Q(relationship__mentor=user, mentor_confirmed_at__isnull=True),
        relationship=OuterRef("pk"), status="draft")
    return (Relationship.objects.involving(user)
            .select_related("mentee__profile", "mentor__profile")
            .annotate(has_confirmed_agreement=Exists(confirmed),
                      wrote_reflection=Exists(my_reflection),
                      draft_waiting_for_me=Exists(draft_waiting_for_me))
            .order_by("-started_at", "-id"))


def attention_items(rel: Relationship) -> list[str]:
    """What the viewer should do next on this mentorship (uses relationships_of's
    annotations)."""
    items = []
    if rel.is_open and not rel.has_confirmed_agreement:
        items.append("Agreement pending")
    if rel.is_open and rel.draft_waiting_for_me:
        items.append("Confirm the agreement")
    if rel.is_closed and not rel.wrote_reflection:
        items.append("Write your closing reflection")
    return items


# Which of the mentee's career goals a mentorship's mentor may see is the goal-sharing
# rule of growth (``growth.selectors.goals_shared_with``). Growth sits above mentorships,
# so it hands the rule over at start-up (``GrowthConfig.ready``) instead of mentorships
# importing it.
_goal_sharing: list = []


def register_goal_sharing(rule) -> None:
    """``rule(relationship)`` returns the queryset of the mentee's career goals shared in
    ``relationship``."""
    _goal_sharing[:] = [rule]


def agreement_goals(rel: Relationship) -> list[CareerGoal]:
    """The mentee's career goals the agreement may link and name: those shared in this
    relationship. Their private goals never reach the mentor, not even as the title of an
    objective linked before it became private. With no sharing rule registered (goals not
    installed), none."""
    if not _goal_sharing:
        return []
    return list(_goal_sharing[0](rel))


@dataclass
class AgreementView:
    current: Agreement | None  # the confirmed version in force
    draft: Agreement | None
    versions: list[Agreement]


def agreement_view(rel: Relationship) -> AgreementView:
    versions = list(Agreement.objects.filter(relationship=rel).order_by("-version"))
    return AgreementView(
        current=next((a for a in versions if a.status == Agreement.Status.CONFIRMED), None),
        draft=next((a for a in versions if a.status == Agreement.Status.DRAFT), None),
        versions=versions,
    )


def reflections_visible_to(user: User, rel: Relationship) -> dict:
    """My reflection, and the other party's once both have written theirs (so neither is
    swayed by the other). The other's private remark is never included."""
    rows = {r.author_id: r for r in Reflection.objects.filter(relationship=rel)}
    mine = rows.get(user.pk)
    other = rows.get(rel.other_party(user).pk)
    shared = None
    if mine and other:
        shared = {"achieved": other.achieved, "rating": other.rating,
                  "would_recommend": other.would_recommend}
    return {"mine": mine, "other": shared, "other_written": other is not None}


@dataclass(frozen=True)
class Certificate:
    mentee: str
    mentor: str
    program: str
    started: object  # date
    completed: object  # date
    months: int
    objectives: list[str]


def certificate_of(rel: Relationship) -> Certificate | None:
    """What a completed mentorship's certificate says: who, when, in which program and
    the objectives they agreed on. None unless the mentorship was completed (one ended
    early gets no certificate)."""
    if rel.state != Relationship.State.COMPLETED or rel.ended_at is None:
        return None
    current = agreement_view(rel).current
    started = timezone.localdate(rel.started_at)
    completed = timezone.localdate(rel.ended_at)
    months = (completed.year - started.year) * 12 + completed.month - started.month
    return Certificate(
        mentee=rel.mentee.display_name, mentor=rel.mentor.display_name,
        program=rel.program.name if rel.program_id else "", started=started,
        completed=completed, months=max(months, 1) if completed > started else 0,
        objectives=[o.get("text", "") for o in (current.objectives if current else [])
                    if isinstance(o, dict) and o.get("text")],
    )


# --- Responsiveness -------------------------------------------------------------------

RESPONSE_WINDOW_DAYS = 90
SILENCE_DAYS = 30


def typical_response_time(mentor: User) -> timedelta | None:
    """Median time to first answer (accept, decline or a question) over the last 90 days."""
    since = timezone.now() - timedelta(days=RESPONSE_WINDOW_DAYS)
    rows = MentorshipRequest.objects.filter(
        mentor=mentor, created_at__gte=since, first_response_at__isnull=False
    ).values_list("created_at", "first_response_at")
    durations = [answered - asked for asked, answered in rows]
    if not durations:
        return None
    return statistics.median(durations)


def unresponsive_condition(prefix: str = "") -> Q:
    """Q for users who, as mentors, have stopped answering: their most recent request that
    is at least 30 days old (withdrawn ones aside) has no answer, and no request has been
    answered since it came in. An old silence followed by prompt answers does not count.
    Correlated subqueries only, so a list of mentors costs no query per mentor."""
    cutoff = timezone.now() - timedelta(days=SILENCE_DAYS)
    user_ref = OuterRef(f"{prefix}pk") if prefix else OuterRef("pk")
    latest_old = (MentorshipRequest.objects
                  .filter(mentor=OuterRef("mentor"), created_at__lte=cutoff)
                  .exclude(state=MentorshipRequest.State.WITHDRAWN)
                  .order_by("-created_at", "-id").values("pk")[:1])
    answered_since = MentorshipRequest.objects.filter(
        mentor=OuterRef("mentor"), first_response_at__gte=OuterRef("created_at"))
    silent = (MentorshipRequest.objects
              .filter(mentor=user_ref, pk=Subquery(latest_old), first_response_at__isnull=True)
              .exclude(Exists(answered_since)))
    return Q(Exists(silent))


def is_unresponsive(mentor: User) -> bool:
    return User.objects.filter(unresponsive_condition(), pk=mentor.pk).exists()


TURNED_DOWN_DAYS = 90


def suggested_mentors(mentee: User, *, limit: int = 5, exclude: tuple[int, ...] = ()
                      ) -> list[Profile]:
    """Mentors who fit: with free places, responding, not already asked or mentoring this
    person, and not one who declined them or let their request expire in the last 90 days
    (nor the users in ``exclude``, nor those other apps leave out: a program match either
    declined, a mentorship a re-match ended), ranked by skills they offer that the mentee
    wants, then shared languages."""
    from django.db.models import Count, F

    from tandem.core.sections import mentors_not_suggested

    me = Profile.objects.prefetch_related("skills_wanted", "languages").get(user=mentee)
    wanted = [t.pk for t in me.skills_wanted.all()]
    languages = [lang.code for lang in me.languages.all()]
    asked = MentorshipRequest.objects.filter(
        mentee=mentee, state__in=MentorshipRequest.OPEN_STATES).values("mentor_id")
    mentoring = Relationship.objects.filter(
        mentee=mentee, state__in=Relationship.OPEN_STATES).values("mentor_id")
    turned_down = MentorshipRequest.objects.filter(
        mentee=mentee, state__in=[MentorshipRequest.State.DECLINED,
                                  MentorshipRequest.State.EXPIRED],
        closed_at__gte=timezone.now() - timedelta(days=TURNED_DOWN_DAYS)).values("mentor_id")
    unresponsive = User.objects.filter(unresponsive_condition()).values("pk")
    not_for = Q(pk__in=[])
    for ids in mentors_not_suggested(mentee=mentee):
        not_for |= Q(pk__in=ids)
    elsewhere = User.objects.filter(not_for).values("pk")
    candidates = (
        Profile.objects.filter(is_mentor=True, open_to_requests=True, user__is_active=True,
                               mentor_capacity__gt=F("places_taken"))
        .exclude(user=mentee).exclude(user_id__in=asked).exclude(user_id__in=mentoring)
        .exclude(user_id__in=turned_down).exclude(user_id__in=list(exclude))
        .exclude(user_id__in=unresponsive)
        .exclude(user_id__in=elsewhere)
        .annotate(skill_match=Count("skills_offered", filter=Q(skills_offered__in=wanted),
                                    distinct=True),
                  language_match=Count("languages", filter=Q(languages__code__in=languages),
                                       distinct=True))
        .filter(Q(skill_match__gt=0) | Q(language_match__gt=0))
        .order_by("-skill_match", "-language_match", "display_name")
        .select_related("user").prefetch_related("skills_offered")
    )
    return list(candidates[:limit])


# --- What the home page's cards share (tandem.core.sections.Home) -----------------------


def relationships_for_home(viewer: User, home) -> list[Relationship]:
    """Every relationship of ``viewer`` (any state, either side) with both people's
    profiles, oldest first, and the apps' figures of each (``dashboard_relationship_figures``,
    as attributes): read once for all the home's cards, and not at all when the home's
    probe says there is none. ``home`` may be None (a card on its own)."""
    from tandem.core.sections import dashboard_relationship_figures, home_memo

    home = home_memo(home, viewer)

    def load():
        if not home.probe("mentorships.relationships"):
            return []
        return list(Relationship.objects.involving(viewer)
                    .annotate(**dashboard_relationship_figures(viewer=viewer, home=home))
                    .select_related("mentee__profile", "mentor__profile").order_by("id"))

    return home.once("mentorships.relationships", load)


def agreements_for_home(viewer: User, home) -> dict[int, list[Agreement]]:
    """{relationship id: its agreements, oldest version first} for each of the viewer's
    relationships (see :func:`relationships_for_home`), each agreement's
    ``relationship`` set: one query for every card that reads them."""
    from tandem.core.sections import home_memo

    home = home_memo(home, viewer)

    def load():
        rels = {r.pk: r for r in relationships_for_home(viewer, home)}
        found: dict[int, list[Agreement]] = {pk: [] for pk in rels}
        if rels:
            for agreement in Agreement.objects.filter(relationship_id__in=list(rels)).order_by(
                    "version", "id"):
                agreement.relationship = rels[agreement.relationship_id]
                found[agreement.relationship_id].append(agreement)
        return found

    return home.once("mentorships.agreements", load)
