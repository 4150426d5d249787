"""Signing in asks for nothing to remember or transcribe that a browser or a password
manager cannot fill (WCAG 2.2, 3.3.8 Accessible Authentication), and the fields about the
person say what they hold (WCAG 1.3.5 Identify Input Purpose): the autocomplete tokens on
the sign-in, sign-up, authenticator-code and profile forms, and no page script or
attribute that blocks pasting. docs/accessibility.md cites these tests."""

from __future__ import annotations

from html.parser import HTMLParser

from django.test import Client

from tandem.accounts.tests.factories import PASSWORD


class Inputs(HTMLParser):
    """Every <input>'s attributes by name, and every attribute of the page seen at all."""

    def __init__(self, html: str):
        super().__init__()
        self.inputs: dict[str, dict[str, str | None]] = {}
        self.attribute_names: set[str] = set()
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.attribute_names.update(name for name, _ in attrs)
        if tag == "input":
            named = dict(attrs)
            self.inputs[named.get("name") or ""] = named


def inputs_of(response) -> Inputs:
    assert response.status_code == 200
    page = Inputs(response.content.decode())
    # Nothing on the page stops pasting, copying or autofill (CSP forbids inline handlers
    # anyway; this says why it matters here).
    assert not page.attribute_names & {"onpaste", "oncopy", "oncut", "ondrop"}
    return page


def test_it_lets_a_password_manager_fill_the_sign_in_form(db):
    page = inputs_of(Client().get("/accounts/login/"))
    assert page.inputs["login"]["type"] == "email"
    assert page.inputs["login"]["autocomplete"] == "email"
    assert page.inputs["password"]["type"] == "password"
    assert page.inputs["password"]["autocomplete"] == "current-password"
    # No puzzle, no character-picking from the password: these two fields are all.
    visible = [name for name, attrs in page.inputs.items()
               if attrs.get("type") not in ("hidden", "checkbox", "submit")]
    assert sorted(visible) == ["login", "password"]


def test_it_lets_a_password_manager_save_the_new_password_on_sign_up(db):
    page = inputs_of(Client().get("/accounts/signup/"))
    assert page.inputs["email"]["autocomplete"] == "email"
    assert page.inputs["password1"]["autocomplete"] == "new-password"
    assert page.inputs["password2"]["autocomplete"] == "new-password"


def test_the_authenticator_code_can_be_filled_or_pasted(personas):
    client = Client()
    response = client.post("/accounts/login/", {"login": personas.coordinator.email,
                                                "password": PASSWORD})
    assert response.status_code == 302 and "/2fa/authenticate" in response["Location"]
    page = inputs_of(client.get(response["Location"]))
    assert page.inputs["code"]["autocomplete"] == "one-time-code"
    assert "maxlength" not in page.inputs["code"] or int(page.inputs["code"]["maxlength"]) >= 6


def test_the_profile_form_says_which_fields_are_the_person_s_name_and_city(personas,
                                                                          client_for):
    page = inputs_of(client_for(personas.mentee).get("/profile/"))
    assert page.inputs["display_name"]["autocomplete"] == "name"
    assert page.inputs["location"]["autocomplete"] == "address-level2"
