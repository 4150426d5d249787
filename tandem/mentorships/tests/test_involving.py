"""The one way to say "relationships this user is part of": as the mentee or as the mentor."""

from tandem.mentorships.models import Agreement, Relationship, involving_q


def test_it_finds_the_relationship_for_the_mentee_and_the_mentor(personas, relationship):
    assert list(Relationship.objects.involving(personas.mentee)) == [relationship]
    assert list(Relationship.objects.involving(personas.mentor)) == [relationship]


def test_it_finds_nothing_for_an_outsider(personas, relationship):
    assert not Relationship.objects.involving(personas.outsider).exists()
    assert not Relationship.objects.involving(personas.mentor2).exists()


def test_it_chains_with_other_filters_and_stays_a_manager(personas, relationship):
    assert Relationship.objects.involving(personas.mentee).filter(
        state__in=Relationship.OPEN_STATES).get() == relationship
    assert Relationship.objects.filter(pk=relationship.pk).involving(personas.mentor).exists()
    assert Relationship.objects.get(pk=relationship.pk) == relationship


def test_it_reaches_a_relationship_from_another_model_with_a_prefix(personas, relationship):
    agreement = Agreement.objects.get(relationship=relationship)
    for user in (personas.mentee, personas.mentor):
        assert list(Agreement.objects.filter(involving_q(user, prefix="relationship__"))) == [
            agreement]
        assert Agreement.objects.filter(Relationship.involving_q(
            user, prefix="relationship__")).get() == agreement
    assert not Agreement.objects.filter(
        involving_q(personas.outsider, prefix="relationship__")).exists()
