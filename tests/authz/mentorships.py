"""Pausing, resuming, completing and ending a mentorship: the page of choices and each
action's confirmation step, for the two parties of Noah (mentee2) and Marta's (mentor)
active mentorship only. A POST without ``confirm=yes`` shows the step again (400) and
changes nothing; resuming a mentorship that is not paused goes back to the choices.

The workspace's tabs (mentorships:tab): the two parties only; a tab that does not exist is
404 to everyone (tandem/mentorships/tests/test_workspace.py calls every tab)."""

from tests.authz import only

PARTIES = ["mentee2", "mentor"]

ARGS = {"tab": lambda o: "meetings"}

MATRIX = {
    "mentorships:tab": {"GET": only(200, PARTIES)},
    "mentorships:manage": {"GET": only(200, PARTIES)},
    "mentorships:pause": {"GET": only(200, PARTIES), "POST": only(400, PARTIES)},
    "mentorships:resume": {"GET": only(302, PARTIES), "POST": only(302, PARTIES)},
    "mentorships:complete": {"GET": only(200, PARTIES), "POST": only(400, PARTIES)},
    "mentorships:end": {"GET": only(200, PARTIES), "POST": only(400, PARTIES)},
}

PRIVATE_OBJECT_CASES = {
    "mentorships:tab": ({"tab": lambda o: "no-such-tab"}, {"GET": only(404, [])}),
}
