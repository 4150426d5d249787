"""Pausing, resuming, completing and ending a mentorship: the page of choices and each
action's confirmation step, for the two parties of Noah (mentee2) and Marta's (mentor)
active mentorship only. A POST without ``confirm=yes`` shows the step again (400) and
changes nothing; resuming a mentorship that is not paused goes back to the choices."""

from tests.authz import only

PARTIES = ["mentee2", "mentor"]

MATRIX = {
    "mentorships:manage": {"GET": only(200, PARTIES)},
    "mentorships:pause": {"GET": only(200, PARTIES), "POST": only(400, PARTIES)},
    "mentorships:resume": {"GET": only(302, PARTIES), "POST": only(302, PARTIES)},
    "mentorships:complete": {"GET": only(200, PARTIES), "POST": only(400, PARTIES)},
    "mentorships:end": {"GET": only(200, PARTIES), "POST": only(400, PARTIES)},
}
