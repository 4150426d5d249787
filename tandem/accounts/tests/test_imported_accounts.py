"""Accounts made in bulk by an import, and the roles a program enrolment marks."""

from __future__ import annotations

import pytest

from tandem.accounts.models import MAX_CAPACITY, Profile
from tandem.accounts.services import (
    ImportedPerson,
    accounts_create_imported,
    profile_role_take,
    profile_update,
    user_create,
)
from tandem.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_it_makes_imported_accounts_searchable_like_typed_profiles(personas):
    [ines] = accounts_create_imported(actor=personas.coordinator, people=[ImportedPerson(
        email="ines@example.com", display_name="Inês Costa", mentor=True, mentor_capacity=2,
        timezone="Europe/Lisbon", skills_offered=("Rust", "C++", "rust"),
        languages=("pt", "en"))])
    typed = user_create(email="typed@example.com", password=None)
    profile_update(actor=typed, profile=typed.profile, changes={
        "display_name": "Inês Costa", "skills_offered": ["Rust", "C++"]})
    typed.profile.refresh_from_db()
    profile = Profile.objects.get(user=ines)
    assert profile.search_text == typed.profile.search_text
    assert profile.is_mentor and profile.mentor_capacity == 2 and profile.utc_offset_minutes in (0, 60)
    assert not ines.has_usable_password()
    assert sorted(profile.languages.values_list("code", flat=True)) == ["en", "pt"]
    entry = AuditEntry.objects.get(action="accounts.user.created", target_id=str(ines.pk))
    assert (entry.actor_id, entry.data) == (personas.coordinator.pk, {"via": "import"})


def test_it_marks_a_role_and_grows_a_mentors_capacity_but_never_lowers_it(personas):
    profile_role_take(user=personas.outsider, role="mentee")
    assert Profile.objects.get(user=personas.outsider).is_mentee
    mentor = Profile.objects.get(user=personas.mentor)
    profile_role_take(user=personas.mentor, role="mentor", places=0)
    assert Profile.objects.get(user=personas.mentor).mentor_capacity == mentor.mentor_capacity
    profile_role_take(user=personas.mentor, role="mentor", places=MAX_CAPACITY + 5)
    assert Profile.objects.get(user=personas.mentor).mentor_capacity == MAX_CAPACITY
    with pytest.raises(ValueError):
        profile_role_take(user=personas.mentor, role="coach")
