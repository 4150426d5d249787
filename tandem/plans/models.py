"""The development plan of a mentorship: the knowledge, skills and abilities the mentee
needs for a goal, each with a current and a target level, actions and resources; every
change of the current level kept; and templates that copy a plan into another mentorship."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from tandem.core.models import BaseModel

LEVELS = {1: "Aware", 2: "Beginner", 3: "Practising", 4: "Proficient", 5: "Expert"}
LEVEL_CHOICES = [(n, f"{n} {label}") for n, label in LEVELS.items()]


def level_label(level: int | None) -> str:
    """ "3 Practising" for 3; "" for no level."""
    return f"{level} {LEVELS[level]}" if level in LEVELS else ""


class ItemKind(models.TextChoices):
    KNOWLEDGE = "knowledge", "Knowledge"
    SKILL = "skill", "Skill"
    ABILITY = "ability", "Ability"


class ResourceKind(models.TextChoices):
    COURSE = "course", "Course"
    BOOK = "book", "Book"
    ARTICLE = "article", "Article"
    PERSON = "person", "Person to meet"
    EVENT = "event", "Event"


def _level_check(field: str, name: str, *, nullable: bool = False) -> models.CheckConstraint:
    condition = models.Q(**{f"{field}__gte": 1, f"{field}__lte": 5})
    if nullable:
        condition |= models.Q(**{f"{field}__isnull": True})
    return models.CheckConstraint(condition=condition, name=name)


class PlanItem(BaseModel):
    relationship = models.ForeignKey("mentorships.Relationship", on_delete=models.CASCADE,
                                     related_name="plan_items")
    # Kept when the mentee deletes the goal: the item then shows under "No goal".
    goal = models.ForeignKey("accounts.CareerGoal", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="plan_items")
    kind = models.CharField(max_length=10, choices=ItemKind.choices)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=4000)
    current_level = models.PositiveSmallIntegerField(default=1)
    target_level = models.PositiveSmallIntegerField(default=3)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    # Set when the item came from a template: the timeline shows one event for the lot.
    application = models.ForeignKey("TemplateApplication", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="items")

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            _level_check("current_level", "plan_item_current_level_1_to_5"),
            _level_check("target_level", "plan_item_target_level_1_to_5"),
            models.CheckConstraint(condition=models.Q(kind__in=ItemKind.values),
                                   name="plan_item_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"Plan item #{self.pk}"

    @property
    def current_label(self) -> str:
        return level_label(self.current_level)

    @property
    def target_label(self) -> str:
        return level_label(self.target_level)

    @property
    def at_target(self) -> bool:
        return self.current_level >= self.target_level

    @property
    def near_target(self) -> bool:
        return self.current_level == self.target_level - 1

    @property
    def actions_done(self) -> int:
        """Reads the prefetched ``actions``: no query per item on a list."""
        return sum(1 for a in self.actions.all() if a.done_at is not None)


class PlanAction(BaseModel):
    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="actions")
    text = models.CharField(max_length=300)
    due_date = models.DateField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Plan action #{self.pk}"

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class PlanResource(BaseModel):
    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="resources")
    kind = models.CharField(max_length=10, choices=ResourceKind.choices)
    title = models.CharField(max_length=200)
    url = models.CharField(max_length=500, blank=True)
    person_name = models.CharField(max_length=120, blank=True)
    person_why = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=ResourceKind.values),
                                   name="plan_resource_kind_valid"),
            # A person is introduced, not linked; anything else has no person attached.
            models.CheckConstraint(
                condition=(models.Q(kind="person", url="") & ~models.Q(person_name=""))
                | (~models.Q(kind="person") & models.Q(person_name="", person_why="")),
                name="plan_resource_person_or_link"),
        ]

    def __str__(self) -> str:
        return f"Plan resource #{self.pk}"


class LevelChange(models.Model):
    """One change of an item's current level: who, when, from what to what. The first
    row of an item (``from_level`` empty) is the level it started at."""

    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="level_changes")
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    from_level = models.PositiveSmallIntegerField(null=True, blank=True)
    to_level = models.PositiveSmallIntegerField()
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            _level_check("from_level", "level_change_from_1_to_5", nullable=True),
            _level_check("to_level", "level_change_to_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"Level change #{self.pk}"

    @property
    def from_label(self) -> str:
        return level_label(self.from_level)

    @property
    def to_label(self) -> str:
        return level_label(self.to_level)


class PlanTemplate(BaseModel):
    """A reusable plan: items without a goal and without anything personal. Built-in
    templates (no owner) ship with Tandem and are read-only; the others belong to the
    mentor or coordinator who saved them and are seen by them only."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.CASCADE, related_name="plan_templates")
    builtin_key = models.SlugField(max_length=60, blank=True)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            # Exactly one of: an owner, or a built-in key.
            models.CheckConstraint(
                condition=(models.Q(owner__isnull=True) & ~models.Q(builtin_key=""))
                | (models.Q(owner__isnull=False) & models.Q(builtin_key="")),
                name="plan_template_owner_or_builtin"),
            models.UniqueConstraint(fields=["builtin_key"], condition=~models.Q(builtin_key=""),
                                    name="plan_template_builtin_key_unique"),
        ]

    def __str__(self) -> str:
        return f"Plan template #{self.pk}"

    @property
    def is_builtin(self) -> bool:
        return self.owner_id is None


class TemplateItem(models.Model):
    template = models.ForeignKey(PlanTemplate, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=10, choices=ItemKind.choices)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=4000)
    target_level = models.PositiveSmallIntegerField(default=3)
    actions = models.JSONField(default=list, blank=True)  # [str]
    resources = models.JSONField(default=list, blank=True)  # [{"kind", "title", "url"}]

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            _level_check("target_level", "template_item_target_level_1_to_5"),
            models.CheckConstraint(condition=models.Q(kind__in=ItemKind.values),
                                   name="template_item_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"Template item #{self.pk}"

    @property
    def target_label(self) -> str:
        return level_label(self.target_level)


class TemplateApplication(models.Model):
    """A template applied to a mentorship: for its timeline and the plan page."""

    relationship = models.ForeignKey("mentorships.Relationship", on_delete=models.CASCADE,
                                     related_name="plan_template_applications")
    template = models.ForeignKey(PlanTemplate, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    # The name at the time: the template may be deleted later.
    template_name = models.CharField(max_length=120)
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    item_count = models.PositiveSmallIntegerField()
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"Template application #{self.pk}"
