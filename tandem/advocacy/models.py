"""The mentor as advocate: opportunities passed on to the mentee, introductions to people
in the mentor's network, and a library of resources per mentorship, some of which their
adders share with everyone in the community library."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from tandem.core.models import BaseModel


class OpportunityKind(models.TextChoices):
    JOB = "job", "Job"
    PROJECT = "project", "Project"
    EVENT = "event", "Event"
    TALK = "talk", "Talk"
    STRETCH = "stretch", "Stretch assignment"


class OpportunityStatus(models.TextChoices):
    SUGGESTED = "suggested", "Suggested"
    APPLIED = "applied", "Applied"
    DONE = "done", "Done"
    DECLINED = "declined", "Not for me"


class IntroductionStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    MADE = "made", "Introduction made"
    MET = "met", "We met"
    DECLINED = "declined", "Declined"


class ResourceKind(models.TextChoices):
    ARTICLE = "article", "Article"
    BOOK = "book", "Book"
    COURSE = "course", "Course"
    VIDEO = "video", "Video"
    TOOL = "tool", "Tool"
    PODCAST = "podcast", "Podcast"
    PERSON = "person", "Person"
    EVENT = "event", "Event"
    OTHER = "other", "Other"


# Kinds a resource may have without a link: a book can be found by its title, a person is
# met, not visited.
LINK_OPTIONAL_KINDS = (ResourceKind.BOOK, ResourceKind.PERSON)


class Opportunity(BaseModel):
    """Something the mentor thinks the mentee should go for. Both parties see it; the
    mentee (or the mentor) moves its status, and every move is kept."""

    Kind = OpportunityKind
    Status = OpportunityStatus

    relationship = models.ForeignKey("mentorships.Relationship", on_delete=models.CASCADE,
                                     related_name="opportunities")
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="+")
    kind = models.CharField(max_length=10, choices=OpportunityKind.choices)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=5000, help_text="Markdown")
    url = models.CharField(max_length=500, blank=True)
    deadline = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=OpportunityStatus.choices,
                              default=OpportunityStatus.SUGGESTED)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True, max_length=1000)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "opportunities"
        constraints = [
            models.CheckConstraint(condition=Q(status__in=OpportunityStatus.values),
                                   name="opportunity_status_valid"),
            models.CheckConstraint(condition=Q(kind__in=OpportunityKind.values),
                                   name="opportunity_kind_valid"),
            models.CheckConstraint(condition=Q(status="declined") | Q(decline_reason=""),
                                   name="opportunity_reason_only_when_declined"),
        ]

    def __str__(self) -> str:
        return f"Opportunity #{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in (OpportunityStatus.SUGGESTED, OpportunityStatus.APPLIED)


class OpportunityChange(models.Model):
    """One status change of an opportunity: the history the pair can read back."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE,
                                    related_name="changes")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                              related_name="+")
    from_status = models.CharField(max_length=10, choices=OpportunityStatus.choices)
    to_status = models.CharField(max_length=10, choices=OpportunityStatus.choices)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"Opportunity change #{self.pk}"


class Introduction(BaseModel):
    """The mentor introducing the mentee to someone they know. The contact is not a
    Tandem user: only a name, a role and perhaps a profile link."""

    Status = IntroductionStatus

    relationship = models.ForeignKey("mentorships.Relationship", on_delete=models.CASCADE,
                                     related_name="introductions")
    introduced_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                      related_name="+")
    contact_name = models.CharField(max_length=120)
    contact_role = models.CharField("role or organisation", max_length=200, blank=True)
    contact_url = models.CharField(max_length=500, blank=True)
    why = models.TextField(max_length=2000)
    note = models.TextField(blank=True, max_length=2000)
    status = models.CharField(max_length=10, choices=IntroductionStatus.choices,
                              default=IntroductionStatus.PROPOSED)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.TextField(blank=True, max_length=2000)  # how it went, once met

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=IntroductionStatus.values),
                                   name="introduction_status_valid"),
        ]

    def __str__(self) -> str:
        return f"Introduction #{self.pk}"

    @property
    def in_progress(self) -> bool:
        return self.status in (IntroductionStatus.PROPOSED, IntroductionStatus.MADE)


class IntroductionChange(models.Model):
    introduction = models.ForeignKey(Introduction, on_delete=models.CASCADE,
                                     related_name="changes")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                              related_name="+")
    from_status = models.CharField(max_length=10, choices=IntroductionStatus.choices)
    to_status = models.CharField(max_length=10, choices=IntroductionStatus.choices)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"Introduction change #{self.pk}"


class Resource(BaseModel):
    """A book, article, course, person... worth knowing. In a mentorship it is the pair's;
    without one it was added straight to the community library. Public resources show in
    the community library with the adder's name, never with the mentorship they came from."""

    Kind = ResourceKind

    relationship = models.ForeignKey("mentorships.Relationship", null=True, blank=True,
                                     on_delete=models.CASCADE, related_name="resources")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                 related_name="advocacy_resources")
    kind = models.CharField(max_length=10, choices=ResourceKind.choices)
    title = models.CharField(max_length=200)
    url = models.CharField(max_length=500, blank=True)
    description = models.TextField(blank=True, max_length=4000, help_text="Markdown")
    tags = models.JSONField(default=list, blank=True)  # display labels, in order
    # ",slug,slug," so one tag is one indexed-free LIKE that works on every database.
    tag_slugs = models.CharField(max_length=1000, blank=True)
    # Lower-cased title, description and tags: the community library's text search.
    search_text = models.TextField(blank=True)
    is_public = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ResourceKind.values),
                                   name="resource_kind_valid"),
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in LINK_OPTIONAL_KINDS]) | ~Q(url=""),
                name="resource_link_unless_book_or_person"),
            # Added straight to the community library: it is public or it is nothing.
            models.CheckConstraint(condition=Q(relationship__isnull=False) | Q(is_public=True),
                                   name="resource_community_is_public"),
            models.CheckConstraint(condition=Q(is_public=False) | Q(published_at__isnull=False),
                                   name="resource_public_has_date"),
        ]
        indexes = [models.Index(fields=["is_public", "published_at"])]

    def __str__(self) -> str:
        return f"Resource #{self.pk}"


# What the button that moves a thing to each status says.
OPPORTUNITY_LABELS = {
    OpportunityStatus.APPLIED: "I applied",
    OpportunityStatus.DONE: "Done",
    OpportunityStatus.DECLINED: "Not for me",
    OpportunityStatus.SUGGESTED: "Reconsider",
}
INTRODUCTION_LABELS = {
    IntroductionStatus.MADE: "Introduction made",
    IntroductionStatus.MET: "We met",
    IntroductionStatus.DECLINED: "Decline",
    IntroductionStatus.PROPOSED: "Propose again",
}
