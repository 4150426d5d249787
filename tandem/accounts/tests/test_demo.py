import pytest
from django.core.management import CommandError, call_command

from tandem.accounts.models import Profile, User


def test_it_fills_an_empty_database_with_varied_people(db, capsys):
    call_command("demo")
    out = capsys.readouterr().out
    assert "mentee@demo.tandem.test" in out and "tandem-demo-2026" in out
    assert 40 <= User.objects.count() <= 50
    mentors = Profile.objects.filter(is_mentor=True)
    assert mentors.count() >= 15
    assert Profile.objects.values("timezone").distinct().count() >= 10
    assert User.objects.get(email="coordinator@demo.tandem.test").is_coordinator
    assert User.objects.get(email="admin@demo.tandem.test").is_staff
    mentee = User.objects.get(email="mentee@demo.tandem.test")
    assert mentee.check_password("tandem-demo-2026")
    assert mentee.career_goals.count() == 2


def test_it_leaves_a_database_with_people_alone(personas):
    with pytest.raises(CommandError, match="not empty"):
        call_command("demo")
    call_command("demo", if_empty=True)  # what `make run` does every time
    assert not User.objects.filter(email__endswith="@demo.tandem.test").exists()


def test_it_signs_the_demo_mentee_in(db, client):
    call_command("demo")
    response = client.post("/accounts/login/", {"login": "mentee@demo.tandem.test",
                                                "password": "tandem-demo-2026"})
    assert response.status_code == 302
    assert "Maya Mentee" in client.get("/").content.decode()
