"""The journal (a person's own record of their development) and notes (per mentorship,
private to their author or shared with the other party).

Neither model's ``__str__`` holds user text: it ends up in admin pages and logs."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from tandem.core.models import BaseModel


class Visibility(models.TextChoices):
    PRIVATE = "private", "Private: only me"
    SHARED = "shared", "Shared with the mentorship"


class JournalEntry(BaseModel):
    """A dated entry in its author's journal. Private unless ``shared_with`` names one of
    the author's mentorships: then both of its parties read it (only the author edits)."""

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                               related_name="journal_entries")
    entry_date = models.DateField()
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True, max_length=20000)
    # Shared iff set. SET_NULL: should a mentorship ever be deleted, the entry stays the
    # author's, private again, rather than disappearing with it.
    shared_with = models.ForeignKey("mentorships.Relationship", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="journal_entries")
    goals = models.ManyToManyField("accounts.CareerGoal", blank=True, related_name="+")

    class Meta:
        ordering = ["-entry_date", "-id"]
        indexes = [models.Index(fields=["author", "-entry_date"], name="journal_author_date")]

    def __str__(self) -> str:
        return f"Journal entry #{self.pk}"

    @property
    def visibility(self) -> str:
        return Visibility.SHARED if self.shared_with_id else Visibility.PRIVATE

    @property
    def is_shared(self) -> bool:
        return self.shared_with_id is not None


class JournalTag(models.Model):
    """One normalised (lower-case, single-spaced) tag of an entry. Kept apart from the
    directory's tags on purpose: a journal tag must never show up in a public list."""

    entry = models.ForeignKey(JournalEntry, on_delete=models.CASCADE, related_name="tags")
    name = models.CharField(max_length=40, db_index=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["entry", "name"],
                                               name="journal_tag_once_per_entry")]

    def __str__(self) -> str:
        return f"Journal tag #{self.pk}"


class Note(BaseModel):
    """A note in a mentorship, by one of its parties: private (its author alone reads it,
    nobody else, through any page, API, admin or export) or shared with the other party."""

    relationship = models.ForeignKey("mentorships.Relationship", on_delete=models.CASCADE,
                                     related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                               related_name="+")
    visibility = models.CharField(max_length=8, choices=Visibility.choices,
                                  default=Visibility.PRIVATE)
    body = models.TextField(max_length=20000)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.CheckConstraint(
            condition=models.Q(visibility__in=[Visibility.PRIVATE, Visibility.SHARED]),
            name="note_visibility_valid")]
        indexes = [models.Index(fields=["relationship", "author"], name="note_rel_author")]

    def __str__(self) -> str:
        return f"Note #{self.pk}"

    @property
    def is_private(self) -> bool:
        return self.visibility == Visibility.PRIVATE
