"""A program's mentees into its circles, with the matching engine.

Circles play the part of mentors: a circle's capacity is its free places, and its
features are those of its mentors' profiles (skills offered, headline and bio, languages,
time zones, free hours, experience) with its topic and description as text; a peer
circle, without mentors, takes its current members' circumstances and the tags named in
its topic. Mentees are the program's enrolled mentees who are not yet in (or invited to)
one of its circles. The program's weights and must-haves apply, except "not the same
team", which is about pairs.

Nothing is written here: ``propose`` returns the proposal, the coordinator confirms it
(``services.program_assign``)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from tandem.circles.models import Circle, CircleState, Membership, MemberStatus, Role

MIN_SHARE = {"skills": 0.01, "goals": 0.05, "language": 0.5, "timezone": 0.74,
             "availability": 0.25, "industry": 0.5, "seniority": 0.66}


@dataclass
class Row:
    mentee: object  # User
    circle: Circle
    score: float
    reasons: list[str]


@dataclass
class Proposal:
    rows: list[Row] = field(default_factory=list)
    unmatched: list[tuple[object, str]] = field(default_factory=list)  # (User, reason)
    circles: list[Circle] = field(default_factory=list)  # with free places
    error: str = ""


def _circle_person(circle: Circle, people: list, tags_by_name: dict[str, tuple[int, str]]):
    """One engine "mentor" standing for the circle."""
    from tandem.directory.features import Person

    merged = Person(user_id=circle.pk, headline=circle.topic, bio=circle.description)
    years = [p.experience_years for p in people if p.experience_years is not None]
    merged.experience_years = max(years) if years else None
    merged.offset_minutes = round(sum(p.offset_minutes for p in people) / len(people)) \
        if people else 0
    for p in people:
        merged.offered.update(p.offered)
        merged.bio += " " + " ".join(filter(None, (p.headline, p.bio)))
        merged.languages += [c for c in p.languages if c not in merged.languages]
        merged.windows += p.windows
        merged.industries += [i for i in p.industries if i not in merged.industries]
    text = f"{circle.topic} {circle.description}".casefold()
    for name, (tag_id, label) in tags_by_name.items():
        if name in text:
            merged.offered.setdefault(tag_id, label)
    return merged


def _reasons(contributions: dict[str, float], weights) -> list[str]:
    words = {"skills": "wants to learn what the circle offers",
             "goals": "their goals fit the circle's topic",
             "language": "speaks the circle's language",
             "timezone": "a close time zone", "availability": "free when the circle is",
             "industry": "the same industry", "seniority": "the right experience gap"}
    ranked = sorted(((v, k) for k, v in contributions.items()
                     if k in MIN_SHARE and getattr(weights, k, 0) > 0
                     and v >= MIN_SHARE[k] * getattr(weights, k)), reverse=True)
    return [words[k] for _, k in ranked[:3]] or ["the best place left"]


def propose(program) -> Proposal:
    """The engine's proposal for the program's unplaced mentees. A fixed number of
    queries, whatever the number of people."""
    from tandem.accounts.models import Tag, User
    from tandem.directory.features import build_problem, load_people
    from tandem.matching import ProblemError, solve
    from tandem.programs.matching import constraints_of, weights_of
    from tandem.programs.models import Participant, ParticipantStatus

    proposal = Proposal()
    circles = [c for c in Circle.objects.filter(program=program).exclude(
        state=CircleState.CLOSED).order_by("topic", "id") if c.places_left > 0]
    proposal.circles = circles
    placed = set(Membership.objects.filter(
        circle__program=program, status__in=[MemberStatus.ACTIVE, MemberStatus.INVITED])
        .values_list("user_id", flat=True))
    mentee_ids = [u for u in Participant.objects.filter(
        program=program, role="mentee", status=ParticipantStatus.ACTIVE)
        .order_by("id").values_list("user_id", flat=True) if u not in placed]
    users = {u.pk: u for u in User.objects.filter(pk__in=mentee_ids).select_related("profile")}
    if not mentee_ids:
        return proposal
    if not circles:
        proposal.unmatched = [(users[u], "no circle of the program has a free place")
                              for u in mentee_ids]
        return proposal
    rows = list(Membership.objects.active().filter(circle__in=circles)
                .values_list("circle_id", "user_id", "role"))
    mentors_of: dict[int, list[int]] = {}
    members_of: dict[int, list[int]] = {}
    for circle_id, user_id, role in rows:
        (mentors_of if role == Role.MENTOR else members_of).setdefault(circle_id, []) \
            .append(user_id)
    source = {c.pk: mentors_of.get(c.pk) or members_of.get(c.pk, []) for c in circles}
    everyone = sorted({u for ids in source.values() for u in ids})
    people = {p.user_id: p for p in load_people(everyone, as_mentor=True, as_mentee=False)} \
        if everyone else {}
    tags = {name.casefold(): (pk, name) for pk, name in Tag.objects.values_list("pk", "name")
            if len(name) >= 3}
    stand_ins = [_circle_person(c, [people[u] for u in source[c.pk] if u in people], tags)
                 for c in circles]
    mentees = load_people(mentee_ids, as_mentor=False, as_mentee=True)
    weights = weights_of(program)
    constraints = replace(constraints_of(program), exclude_same_team=False)
    try:
        problem = build_problem(mentees=mentees, mentors=stand_ins, weights=weights,
                                constraints=constraints,
                                capacity={c.pk: c.places_left for c in circles},
                                candidates=len(circles))
        result = solve(problem, mode="optimal")
    except (ProblemError, ValueError) as exc:
        proposal.error = str(exc)[:300]
        return proposal
    by_pk = {c.pk: c for c in circles}
    for pair in result.pairs:
        proposal.rows.append(Row(mentee=users[int(pair.mentee)],
                                 circle=by_pk[int(pair.mentor)], score=round(pair.score, 2),
                                 reasons=_reasons(pair.contributions, weights)))
    for mentee_id in result.unmatched:
        proposal.unmatched.append((users[int(mentee_id)],
                                   result.reasons.get(mentee_id, "no place left")))
    proposal.rows.sort(key=lambda r: (r.circle.topic, -r.score))
    return proposal
