"""A goal comment's text: its own words for an empty comment, a length limit, no NUL."""

import pytest

from tandem.core.errors import ValidationFailed
from tandem.core.validation import NUL_MESSAGE
from tandem.growth import services


@pytest.mark.parametrize(("text", "message"), [
    ("   ", "Write a comment."),
    (None, "Write a comment."),
    ("x" * 4001, "At most 4000 characters."),
    ("a\x00b", NUL_MESSAGE),
])
def test_it_refuses_a_bad_comment_naming_the_text(personas, rel, text, message):
    goal = personas.mentee.career_goals.get(title="Lead a team")
    with pytest.raises(ValidationFailed) as caught:
        services.goal_comment_add(actor=personas.mentor, relationship=rel, goal=goal, text=text)
    assert caught.value.errors == [{"field": "text", "message": message}]


def test_it_keeps_a_comment_without_its_surrounding_space(personas, rel):
    goal = personas.mentee.career_goals.get(title="Lead a team")
    comment = services.goal_comment_add(actor=personas.mentor, relationship=rel, goal=goal,
                                        text="  " + "x" * 4000 + "\n")
    assert comment.text == "x" * 4000
