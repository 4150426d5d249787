"""A frozen person is told what happened and whom to write to (issue 16, item 20)."""

from tandem.accounts.tests.factories import PASSWORD
from tandem.safety import services


def test_it_explains_a_frozen_account_and_names_the_contact(personas, client, settings):
    settings.TANDEM_CONTACT_EMAIL = "care@mentoring.example.org"
    services.account_freeze(actor=personas.coordinator, user=personas.mentor,
                            reason="Spam to many mentees.")
    response = client.post("/accounts/login/", {"login": "marta@example.com",
                                                 "password": PASSWORD}, follow=True)
    page = response.content.decode()
    assert response.status_code == 200
    assert "frozen" in page and "reviewed" in page
    assert 'href="mailto:care@mentoring.example.org"' in page
    assert "Spam to many mentees." not in page  # the reviewers' reason stays theirs


def test_it_defaults_the_contact_to_the_sender_address(tmp_path):
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", "import tandem.settings as s; print(s.TANDEM_CONTACT_EMAIL)"],
        env={"PATH": "/usr/bin:/bin", "TANDEM_DATA_DIR": str(tmp_path),
             "TANDEM_TESTING": "false", "DEFAULT_FROM_EMAIL": "Mentoring <hello@example.org>"},
        capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "hello@example.org"


def test_it_refuses_a_contact_that_is_not_an_address(tmp_path):
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", "import tandem.settings"],
        env={"PATH": "/usr/bin:/bin", "TANDEM_DATA_DIR": str(tmp_path),
             "TANDEM_TESTING": "false", "TANDEM_CONTACT_EMAIL": "the coordinators"},
        capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "TANDEM_CONTACT_EMAIL" in result.stderr
