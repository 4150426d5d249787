"""Every write of the advocacy features: opportunities, introductions and resources.

Opportunities and introductions are the mentor's to post; either party moves their status
(with a conditional UPDATE on the current status, so two people clicking at once cannot
both win) and every move is kept. Resources are anyone's to add; only the adder changes,
publishes or deletes them. A closed mentorship is read-only, except that a person can
always take their own resource out of the community library.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tandem.accounts.services import tag_normalize
from tandem.advocacy.models import (
    LINK_OPTIONAL_KINDS,
    Introduction,
    IntroductionChange,
    IntroductionStatus,
    Opportunity,
    OpportunityChange,
    OpportunityKind,
    OpportunityStatus,
    Resource,
    ResourceKind,
)
from tandem.core.audit import audit_log
from tandem.core.errors import Conflict, Forbidden, ValidationFailed
from tandem.core.errors import FieldErrors as _Errors
from tandem.core.validation import EMPTY_MESSAGE, check_choice, check_text, reject_nul_characters
from tandem.notifications.services import notify

MAX_PER_RELATIONSHIP = 300  # of each kind of thing, so one pair cannot fill the database
MAX_COMMUNITY_PER_PERSON = 300
MAX_TAGS = 10
MAX_TAG_LENGTH = 40
DEADLINE_YEARS_AHEAD = 5

# Where each status may go next. Done and met are where things end; a declined one can be
# taken up again.
OPPORTUNITY_MOVES = {
    OpportunityStatus.SUGGESTED: {OpportunityStatus.APPLIED, OpportunityStatus.DONE,
                                  OpportunityStatus.DECLINED},
    OpportunityStatus.APPLIED: {OpportunityStatus.DONE, OpportunityStatus.DECLINED},
    OpportunityStatus.DONE: set(),
    OpportunityStatus.DECLINED: {OpportunityStatus.SUGGESTED},
}
INTRODUCTION_MOVES = {
    IntroductionStatus.PROPOSED: {IntroductionStatus.MADE, IntroductionStatus.DECLINED},
    IntroductionStatus.MADE: {IntroductionStatus.MET, IntroductionStatus.DECLINED},
    IntroductionStatus.MET: set(),
    IntroductionStatus.DECLINED: {IntroductionStatus.PROPOSED},
}

CLOSED_MESSAGE = "This mentorship is closed: its opportunities, introductions and resources " \
                 "can be read but not changed."


# --- Checks shared by every write -----------------------------------------------------


def _text(errors: _Errors, field: str, value, limit: int, *, required: bool,
          empty_message: str = EMPTY_MESSAGE) -> str:
    return check_text(value, field=field, limit=limit, required=required, empty=empty_message,
                      errors=errors)


_url_validator = URLValidator(schemes=["http", "https"])


def _url(errors: _Errors, field: str, value) -> str:
    value = _text(errors, field, value, 500, required=False)
    if value:
        try:
            _url_validator(value)
        except (DjangoValidationError, ValueError):
            errors.add(field, "A web address starting with http:// or https://.")
    return value



def _deadline(errors: _Errors, field: str, value) -> date | None:
    if value in (None, ""):
        return None
    if not isinstance(value, date):
        errors.add(field, "A date like 2027-03-01.")
        return None
    today = timezone.localdate()
    # A day of slack either way: "today" differs across the pair's timezones.
    if value < today - timedelta(days=1):
        errors.add(field, "The date has passed.")
    elif value > today + timedelta(days=365 * DEADLINE_YEARS_AHEAD):
        errors.add(field, f"At most {DEADLINE_YEARS_AHEAD} years ahead.")
    return value


def _tags(errors: _Errors, field: str, value) -> list[dict]:
    if value in (None, ""):
        return []
    if isinstance(value, str):  # "python, career change" from a form
        value = [part for part in value.split(",")]
    if not isinstance(value, list | tuple):
        errors.add(field, "Give a list of tags.")
        return []
    tags, seen = [], set()
    for item in value:
        if not isinstance(item, str):
            errors.add(field, "Each tag must be text.")
            return []
        if len(item.strip()) > MAX_TAG_LENGTH:
            errors.add(field, f"Each tag at most {MAX_TAG_LENGTH} characters.")
            return []
        slug, name = tag_normalize(item)
        if slug and slug not in seen:
            seen.add(slug)
            tags.append({"slug": slug, "name": name})
    if len(tags) > MAX_TAGS:
        errors.add(field, f"At most {MAX_TAGS} tags.")
    return tags


def _unknown(errors: _Errors, changes: dict, known: set[str], what: str) -> None:
    for key in sorted(set(changes) - known):
        errors.add(str(key), f"Not {what} field.")


def _check_open(relationship) -> None:
    if not relationship.is_open:
        raise Conflict(CLOSED_MESSAGE)


def _check_party(actor, relationship) -> None:
    if actor.pk not in (relationship.mentee_id, relationship.mentor_id):
        raise Forbidden("Only the two people in this mentorship can do this.")


def _check_mentor(actor, relationship, what: str) -> None:
    if actor.pk != relationship.mentor_id:
        raise Forbidden(f"The mentor {what}.")


# --- Opportunities --------------------------------------------------------------------


def _opportunity_url(opportunity) -> str:
    return reverse("advocacy:opportunity", args=[opportunity.pk])


def _clean_opportunity(changes: dict, *, partial: bool) -> dict:
    reject_nul_characters(changes)
    errors = _Errors()
    clean: dict = {}
    if not partial or "kind" in changes:
        clean["kind"] = check_choice(errors, "kind", changes.get("kind"), OpportunityKind)
    if not partial or "title" in changes:
        clean["title"] = _text(errors, "title", changes.get("title"), 200, required=True,
                               empty_message="Give the opportunity a title.")
    if not partial or "description" in changes:
        clean["description"] = _text(errors, "description", changes.get("description"), 5000,
                                     required=False)
    if not partial or "url" in changes:
        clean["url"] = _url(errors, "url", changes.get("url"))
    if not partial or "deadline" in changes:
        clean["deadline"] = _deadline(errors, "deadline", changes.get("deadline"))
    _unknown(errors, changes, {"kind", "title", "description", "url", "deadline"},
             "an opportunity")
    errors.raise_if_any()
    return clean


def opportunity_post(*, actor, relationship, kind: str, title: str, description: str = "",
                     url: str = "", deadline: date | None = None) -> Opportunity:
    """The mentor passes an opportunity on to the mentee, who is told about it."""
    clean = _clean_opportunity({"kind": kind, "title": title, "description": description,
                                "url": url, "deadline": deadline}, partial=False)
    _check_mentor(actor, relationship, "posts opportunities")
    _check_open(relationship)
    with transaction.atomic():
        if Opportunity.objects.filter(relationship=relationship).count() >= MAX_PER_RELATIONSHIP:
            raise ValidationFailed(f"At most {MAX_PER_RELATIONSHIP} opportunities per "
                                   "mentorship.", field="title")
        opportunity = Opportunity.objects.create(relationship=relationship, posted_by=actor,
                                                 **clean)
        audit_log(actor=actor, action="advocacy.opportunity.posted", target=opportunity)
        notify(recipient=relationship.mentee, kind="advocacy.opportunity",
               title=f"{actor.display_name} shared an opportunity with you",
               url=_opportunity_url(opportunity))
    return opportunity


def opportunity_update(*, actor, opportunity: Opportunity, changes: dict) -> Opportunity:
    """The poster corrects an opportunity. A deadline already passed may stay as it is."""
    if "deadline" in changes and changes["deadline"] == opportunity.deadline:
        changes = {k: v for k, v in changes.items() if k != "deadline"}
    clean = _clean_opportunity(changes, partial=True)
    if actor.pk != opportunity.posted_by_id:
        raise Forbidden("Only the person who posted it can change it.")
    _check_open(opportunity.relationship)
    with transaction.atomic():
        for field, value in clean.items():
            setattr(opportunity, field, value)
        opportunity.save(update_fields=[*clean, "updated_at"])
        audit_log(actor=actor, action="advocacy.opportunity.updated", target=opportunity,
                  data={"fields": sorted(clean)})
    return opportunity


def opportunity_set_status(*, actor, opportunity: Opportunity, status: str,
                           reason: str = "") -> Opportunity:
    """Move an opportunity (suggested → applied → done, or "not for me" with an optional
    reason). Either party may; the other one is told, and the change is kept."""
    reject_nul_characters({"status": status, "reason": reason})
    errors = _Errors()
    status = check_choice(errors, "status", status, OpportunityStatus)
    reason = _text(errors, "reason", reason, 1000, required=False)
    if status and status != OpportunityStatus.DECLINED and reason:
        errors.add("reason", "A reason goes with “not for me” only.")
    errors.raise_if_any()
    rel = opportunity.relationship
    _check_party(actor, rel)
    _check_open(rel)
    current = opportunity.status
    if status == current:
        raise Conflict(f"It is “{opportunity.get_status_display()}” already.")
    if status not in OPPORTUNITY_MOVES[current]:
        raise Conflict(f"An opportunity that is “{opportunity.get_status_display()}” cannot "
                       f"become “{OpportunityStatus(status).label}”.")
    now = timezone.now()
    with transaction.atomic():
        moved = Opportunity.objects.filter(pk=opportunity.pk, status=current).update(
            status=status, status_changed_at=now, decline_reason=reason, updated_at=now)
        if not moved:
            raise Conflict("Someone changed this opportunity a moment ago; reload the page.")
        OpportunityChange.objects.create(opportunity=opportunity, actor=actor,
                                         from_status=current, to_status=status)
        opportunity.status, opportunity.status_changed_at = status, now
        opportunity.decline_reason = reason
        audit_log(actor=actor, action="advocacy.opportunity.status", target=opportunity,
                  data={"from": current, "to": status})
        notify(recipient=rel.other_party(actor), kind="advocacy.opportunity_status",
               title=f"{actor.display_name} marked an opportunity "
                     f"“{OpportunityStatus(status).label}”",
               url=_opportunity_url(opportunity))
    return opportunity


def opportunity_delete(*, actor, opportunity: Opportunity) -> None:
    if actor.pk != opportunity.posted_by_id:
        raise Forbidden("Only the person who posted it can remove it.")
    _check_open(opportunity.relationship)
    with transaction.atomic():
        audit_log(actor=actor, action="advocacy.opportunity.deleted", target=opportunity)
        opportunity.delete()


# --- Introductions --------------------------------------------------------------------

INTRODUCER_FIELDS = {"contact_name", "contact_role", "contact_url", "why", "note"}


def _introduction_url(introduction) -> str:
    return reverse("advocacy:introduction", args=[introduction.pk])


def _clean_introduction(changes: dict, *, partial: bool) -> dict:
    reject_nul_characters(changes)
    errors = _Errors()
    clean: dict = {}
    if not partial or "contact_name" in changes:
        clean["contact_name"] = _text(errors, "contact_name", changes.get("contact_name"), 120,
                                      required=True, empty_message="Who is the introduction to?")
    if not partial or "contact_role" in changes:
        clean["contact_role"] = _text(errors, "contact_role", changes.get("contact_role"), 200,
                                      required=False)
    if not partial or "contact_url" in changes:
        clean["contact_url"] = _url(errors, "contact_url", changes.get("contact_url"))
    if not partial or "why" in changes:
        clean["why"] = _text(errors, "why", changes.get("why"), 2000, required=True,
                             empty_message="Say why the two of them should meet.")
    if not partial or "note" in changes:
        clean["note"] = _text(errors, "note", changes.get("note"), 2000, required=False)
    if "outcome" in changes:
        clean["outcome"] = _text(errors, "outcome", changes.get("outcome"), 2000,
                                 required=False)
    _unknown(errors, changes, INTRODUCER_FIELDS | {"outcome"}, "an introduction")
    errors.raise_if_any()
    return clean


def introduction_propose(*, actor, relationship, contact_name: str, why: str,
                         contact_role: str = "", contact_url: str = "",
                         note: str = "") -> Introduction:
    """The mentor proposes to introduce the mentee to someone in their network."""
    clean = _clean_introduction({"contact_name": contact_name, "contact_role": contact_role,
                                 "contact_url": contact_url, "why": why, "note": note},
                                partial=False)
    _check_mentor(actor, relationship, "makes introductions")
    _check_open(relationship)
    with transaction.atomic():
        if Introduction.objects.filter(relationship=relationship).count() \
                >= MAX_PER_RELATIONSHIP:
            raise ValidationFailed(f"At most {MAX_PER_RELATIONSHIP} introductions per "
                                   "mentorship.", field="contact_name")
        introduction = Introduction.objects.create(relationship=relationship,
                                                   introduced_by=actor, **clean)
        audit_log(actor=actor, action="advocacy.introduction.proposed", target=introduction)
        notify(recipient=relationship.mentee, kind="advocacy.introduction",
               title=f"{actor.display_name} proposed an introduction to someone they know",
               url=_introduction_url(introduction))
    return introduction


def introduction_update(*, actor, introduction: Introduction, changes: dict) -> Introduction:
    """The introducer corrects the details; either party writes how the meeting went once
    they have met."""
    clean = _clean_introduction(changes, partial=True)
    rel = introduction.relationship
    _check_party(actor, rel)
    if set(clean) & INTRODUCER_FIELDS and actor.pk != introduction.introduced_by_id:
        raise Forbidden("Only the person who made the introduction can change its details.")
    if "outcome" in clean and clean["outcome"] and introduction.status != IntroductionStatus.MET:
        raise ValidationFailed("Say how it went once you have met.", field="outcome")
    _check_open(rel)
    with transaction.atomic():
        for field, value in clean.items():
            setattr(introduction, field, value)
        introduction.save(update_fields=[*clean, "updated_at"])
        audit_log(actor=actor, action="advocacy.introduction.updated", target=introduction,
                  data={"fields": sorted(clean)})
    return introduction


def introduction_set_status(*, actor, introduction: Introduction, status: str,
                            outcome: str = "") -> Introduction:
    """proposed → made → met (with how it went), or declined. Either party may move it;
    the other is told and the change is kept."""
    reject_nul_characters({"status": status, "outcome": outcome})
    errors = _Errors()
    status = check_choice(errors, "status", status, IntroductionStatus)
    outcome = _text(errors, "outcome", outcome, 2000, required=False)
    if status and status != IntroductionStatus.MET and outcome:
        errors.add("outcome", "Say how it went when you mark that you met.")
    errors.raise_if_any()
    rel = introduction.relationship
    _check_party(actor, rel)
    _check_open(rel)
    current = introduction.status
    if status == current:
        raise Conflict(f"It is “{introduction.get_status_display()}” already.")
    if status not in INTRODUCTION_MOVES[current]:
        raise Conflict(f"An introduction that is “{introduction.get_status_display()}” "
                       f"cannot become “{IntroductionStatus(status).label}”.")
    now = timezone.now()
    fields = {"status": status, "status_changed_at": now, "updated_at": now}
    if status == IntroductionStatus.MET:
        fields["outcome"] = outcome
    with transaction.atomic():
        moved = Introduction.objects.filter(pk=introduction.pk, status=current).update(**fields)
        if not moved:
            raise Conflict("Someone changed this introduction a moment ago; reload the page.")
        IntroductionChange.objects.create(introduction=introduction, actor=actor,
                                          from_status=current, to_status=status)
        for field, value in fields.items():
            setattr(introduction, field, value)
        audit_log(actor=actor, action="advocacy.introduction.status", target=introduction,
                  data={"from": current, "to": status})
        notify(recipient=rel.other_party(actor), kind="advocacy.introduction_status",
               title=f"{actor.display_name} marked an introduction "
                     f"“{IntroductionStatus(status).label}”",
               url=_introduction_url(introduction))
    return introduction


def introduction_delete(*, actor, introduction: Introduction) -> None:
    if actor.pk != introduction.introduced_by_id:
        raise Forbidden("Only the person who made the introduction can remove it.")
    _check_open(introduction.relationship)
    with transaction.atomic():
        audit_log(actor=actor, action="advocacy.introduction.deleted", target=introduction)
        introduction.delete()


# --- Resources ------------------------------------------------------------------------

RESOURCE_FIELDS = {"kind", "title", "url", "description", "tags", "is_public"}


def _clean_resource(changes: dict, *, current: Resource | None) -> dict:
    reject_nul_characters(changes)
    errors = _Errors()
    clean: dict = {}
    partial = current is not None
    if not partial or "kind" in changes:
        clean["kind"] = check_choice(errors, "kind", changes.get("kind"), ResourceKind)
    if not partial or "title" in changes:
        clean["title"] = _text(errors, "title", changes.get("title"), 200, required=True,
                               empty_message="Give the resource a title.")
    if not partial or "url" in changes:
        clean["url"] = _url(errors, "url", changes.get("url"))
    if not partial or "description" in changes:
        clean["description"] = _text(errors, "description", changes.get("description"), 4000,
                                     required=False)
    if not partial or "tags" in changes:
        clean["tags"] = _tags(errors, "tags", changes.get("tags"))
    if not partial or "is_public" in changes:
        value = changes.get("is_public", False)
        if not isinstance(value, bool):
            errors.add("is_public", "true or false.")
        clean["is_public"] = value is True
    _unknown(errors, changes, RESOURCE_FIELDS, "a resource")
    kind = clean.get("kind") or (current.kind if current else "")
    url = clean["url"] if "url" in clean else (current.url if current else "")
    if kind and not url and kind not in LINK_OPTIONAL_KINDS and not any(
            e["field"] == "url" for e in errors.items):
        errors.add("url", "Give a link (only a book or a person may go without one).")
    errors.raise_if_any()
    return clean


def _search_text(resource: Resource) -> str:
    names = " ".join(tag["name"] for tag in resource.tags)
    return " ".join([resource.title, resource.description, names]).lower()


def _apply(resource: Resource, clean: dict) -> list[str]:
    fields = []
    for field, value in clean.items():
        if field == "tags":
            resource.tags = value
            resource.tag_slugs = "".join(f",{tag['slug']}" for tag in value) + "," \
                if value else ""
            fields += ["tags", "tag_slugs"]
        elif field == "is_public":
            if value and not resource.is_public:
                resource.published_at = timezone.now()
            elif not value:
                resource.published_at = None
            resource.is_public = value
            fields += ["is_public", "published_at"]
        else:
            setattr(resource, field, value)
            fields.append(field)
    resource.search_text = _search_text(resource)
    return [*fields, "search_text"]


def resource_add(*, actor, relationship=None, kind: str, title: str, url: str = "",
                 description: str = "", tags=(), is_public: bool = False) -> Resource:
    """Add a resource to a mentorship's library (either party), or, without a mentorship,
    straight to the community library (always public)."""
    if relationship is None and is_public is False:
        is_public = True  # the community library holds public things only
    clean = _clean_resource({"kind": kind, "title": title, "url": url,
                             "description": description, "tags": list(tags)
                             if isinstance(tags, tuple) else tags, "is_public": is_public},
                            current=None)
    if relationship is not None:
        _check_party(actor, relationship)
        _check_open(relationship)
    with transaction.atomic():
        if relationship is not None:
            many = Resource.objects.filter(relationship=relationship).count() \
                >= MAX_PER_RELATIONSHIP
        else:
            many = Resource.objects.filter(relationship=None, added_by=actor).count() \
                >= MAX_COMMUNITY_PER_PERSON
        if many:
            raise ValidationFailed("You have added the most resources this library holds.",
                                   field="title")
        resource = Resource(relationship=relationship, added_by=actor)
        _apply(resource, clean)
        resource.save()
        audit_log(actor=actor, action="advocacy.resource.added", target=resource,
                  data={"public": resource.is_public})
        if relationship is not None:
            notify(recipient=relationship.other_party(actor), kind="advocacy.resource",
                   title=f"{actor.display_name} added a resource to your shared library",
                   url=reverse("advocacy:home", args=[relationship.pk]) + "#resources",
                   email=False)
    return resource


def resource_update(*, actor, resource: Resource, changes: dict) -> Resource:
    """Only the adder changes a resource. Un-publishing takes it out of the community
    library at once, even after the mentorship has closed."""
    clean = _clean_resource(changes, current=resource)
    if actor.pk != resource.added_by_id:
        raise Forbidden("Only the person who added it can change it.")
    if resource.relationship_id is None and clean.get("is_public") is False \
            and "is_public" in changes:
        raise ValidationFailed("A resource added straight to the community library stays "
                               "public; remove it instead.", field="is_public")
    if resource.relationship_id is not None and not resource.relationship.is_open:
        if set(changes) != {"is_public"} or clean["is_public"]:
            raise Conflict(CLOSED_MESSAGE)
    with transaction.atomic():
        was_public = resource.is_public
        fields = _apply(resource, clean)
        resource.save(update_fields=[*dict.fromkeys(fields), "updated_at"])
        action = "advocacy.resource.updated"
        if "is_public" in clean and clean["is_public"] != was_public:
            action = "advocacy.resource.published" if clean["is_public"] else \
                "advocacy.resource.unpublished"
        audit_log(actor=actor, action=action, target=resource,
                  data={"fields": sorted(clean)})
    return resource


def resource_delete(*, actor, resource: Resource) -> None:
    if actor.pk != resource.added_by_id:
        raise Forbidden("Only the person who added it can remove it.")
    if resource.relationship_id is not None:
        _check_open(resource.relationship)
    with transaction.atomic():
        audit_log(actor=actor, action="advocacy.resource.deleted", target=resource)
        resource.delete()
