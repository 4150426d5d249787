"""What members share: posts, resources and goals."""

from __future__ import annotations

from django.db import transaction

from tandem.circles.models import Circle, CircleResource, Post, SharedGoal
from tandem.circles.permissions import is_leader
from tandem.circles.services._common import (
    MAX_RESOURCES,
    _check_member,
    _check_open,
    _link,
    _touch,
    _url,
    active_members,
)
from tandem.core.audit import audit_log
from tandem.core.errors import FieldErrors, Forbidden, ValidationFailed
from tandem.core.validation import reject_nul_characters
from tandem.notifications.services import notify


def post_add(*, actor, circle: Circle, body: str) -> Post:
    """A member posts to the circle's conversation. The others are told sparingly: one
    unread "new posts" notification per circle, refreshed (not repeated) while unread,
    and never emailed."""
    reject_nul_characters({"body": body})
    errors = FieldErrors()
    body = errors.text(body, "body", 5000, required=True, empty="Write something first.")
    errors.raise_if_any()
    _check_member(actor, circle)
    _check_open(circle)
    with transaction.atomic():
        post = Post.objects.create(circle=circle, author=actor, body=body)
        _touch(circle, post.created_at)
        for user in active_members(circle, exclude=actor):
            notify(recipient=user, kind="circle.posts", email=False,
                   url=_url("circles:posts", circle.pk),
                   title=f"New posts in the circle “{circle.topic}”")
    return post


def resource_add(*, actor, circle: Circle, title: str, url: str = "",
                 note: str = "") -> CircleResource:
    reject_nul_characters({"title": title, "url": url, "note": note})
    errors = FieldErrors()
    title = errors.text(title, "title", 200, required=True, empty="Give it a title.")
    url = _link(errors, "url", url)
    note = errors.text(note, "note", 2000, required=False)
    errors.raise_if_any()
    _check_member(actor, circle)
    _check_open(circle)
    with transaction.atomic():
        if CircleResource.objects.filter(circle=circle).count() >= MAX_RESOURCES:
            raise ValidationFailed(f"At most {MAX_RESOURCES} resources.", field="title")
        resource = CircleResource.objects.create(circle=circle, added_by=actor, title=title,
                                                 url=url, note=note)
        _touch(circle)
        audit_log(actor=actor, action="circles.resource.added", target=resource)
    return resource


def resource_delete(*, actor, resource: CircleResource) -> None:
    if resource.added_by_id != actor.pk and not is_leader(actor, resource.circle):
        raise Forbidden("Only the person who added it, or the circle's leaders, can remove it.")
    _check_open(resource.circle)
    with transaction.atomic():
        audit_log(actor=actor, action="circles.resource.deleted", target=resource)
        resource.delete()


def goals_share(*, actor, circle: Circle, goal_ids: list) -> list[int]:
    """The member chooses exactly which of their career goals this circle sees."""
    if not isinstance(goal_ids, list | tuple | set) or not all(
            isinstance(g, int) and not isinstance(g, bool) for g in goal_ids):
        raise ValidationFailed("A list of goal ids.", field="goal_ids")
    _check_member(actor, circle)
    _check_open(circle)
    wanted = set(goal_ids)
    own = set(actor.career_goals.filter(pk__in=wanted).values_list("pk", flat=True))
    if wanted - own:
        raise ValidationFailed("Choose among your own goals.", field="goal_ids")
    with transaction.atomic():
        SharedGoal.objects.filter(circle=circle, goal__user=actor).exclude(
            goal_id__in=wanted).delete()
        have = set(SharedGoal.objects.filter(circle=circle, goal__user=actor)
                   .values_list("goal_id", flat=True))
        SharedGoal.objects.bulk_create([SharedGoal(circle=circle, goal_id=g)
                                        for g in sorted(wanted - have)])
        audit_log(actor=actor, action="circles.goals.shared", target=circle,
                  data={"goals": len(wanted)})
    return sorted(wanted)
