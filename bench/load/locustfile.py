"""Mixed journeys of signed-in people on a `tandem demo --scale` dataset, for locust.

Run it through ``bench/load.py`` (which prepares the data, starts gunicorn and reports);
by hand:

    LOAD_PEOPLE=people.json locust -f bench/load/locustfile.py --headless -u 20 -r 10 \\
        -t 60s --host http://127.0.0.1:8000 Person

``LOAD_PEOPLE`` is a JSON list of ``{"email", "relationship_id", "session"}``: people with
an active mentorship (mentees and mentors), all with the demo password, and a session
made for them in advance. ``Person`` takes the next one's session and moves between the
dashboard, the directory, the mentorship's pages, goals, notifications and the API, with
a think time of ``LOAD_WAIT`` seconds (a range "0.5-1.5"; "0" for none). ``SignIn`` (one
in twenty) signs in with the form, again and again. Every request is named by its page,
not its URL, so the figures group by page. ``Minimal`` only calls /healthz: the yardstick
for throughput.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import threading

# FastHttpUser (geventhttpclient) costs the load generator several times less CPU per
# request than HttpUser (requests): locust shares the two CPUs with the server here.
from locust import FastHttpUser, between, constant, task

PASSWORD = os.environ.get("LOAD_PASSWORD", "tandem-demo-2026")
_people = json.loads(open(os.environ["LOAD_PEOPLE"]).read()) if "LOAD_PEOPLE" in os.environ \
    else []
_next = itertools.count()
_lock = threading.Lock()
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SEARCHES = ["python", "leadership", "design", "data", "security", "product", "kubernetes"]


def _wait():
    raw = os.environ.get("LOAD_WAIT", "0.5-1.5")
    if raw in ("", "0"):
        return constant(0)
    low, _, high = raw.partition("-")
    return between(float(low), float(high or low))


def _next_person() -> dict:
    with _lock:
        return _people[next(_next) % len(_people)]


class SignIn(FastHttpUser):
    weight = 1
    wait_time = between(2, 4)

    @task
    def sign_in(self):
        me = _next_person()
        self.client.cookiejar.clear()
        page = self.client.get("/accounts/login/", name="sign in (form)").text
        token = CSRF.search(page).group(1)
        with self.client.post("/accounts/login/", name="sign in",
                              data={"login": me["email"], "password": PASSWORD,
                                    "csrfmiddlewaretoken": token},
                              headers={"Referer": self.host + "/accounts/login/"},
                              allow_redirects=False, catch_response=True) as response:
            if response.status_code != 302:
                response.failure(f"sign in answered {response.status_code}")


class Person(FastHttpUser):
    weight = 19
    wait_time = _wait()

    def on_start(self):
        me = _next_person()
        self.rel = me["relationship_id"]
        self.session = {"Cookie": f"sessionid={me['session']}"}

    def page(self, url: str, name: str):
        with self.client.get(url, name=name, headers=self.session, allow_redirects=False,
                             catch_response=True) as response:
            if response.status_code != 200:  # a redirect to sign in included
                response.failure(f"{response.status_code}")

    @task(4)
    def dashboard(self):
        self.page("/", "dashboard")

    @task(3)
    def directory(self):
        self.page(f"/mentors/?q={random.choice(SEARCHES)}", "directory search")

    @task(1)
    def directory_filtered(self):
        self.page("/mentors/?q=python&language=en&has_free_places=on&overlaps_mine=on",
                  "directory search (filters)")

    @task(3)
    def relationship(self):
        self.page(f"/mentorships/{self.rel}/", "mentorship")

    @task(2)
    def meetings(self):
        self.page(f"/mentorships/{self.rel}/meetings/", "meetings")

    @task(2)
    def goals(self):
        self.page("/goals/", "my goals")

    @task(1)
    def shared_goals(self):
        self.page(f"/mentorships/{self.rel}/goals/", "mentorship goals")

    @task(1)
    def feedback(self):
        self.page(f"/mentorships/{self.rel}/feedback/", "feedback")

    @task(1)
    def reports(self):
        self.page(f"/mentorships/{self.rel}/reports/", "progress reports")

    @task(1)
    def timeline(self):
        self.page(f"/mentorships/{self.rel}/timeline/", "timeline")

    @task(2)
    def notifications(self):
        self.page("/notifications/", "notifications")

    @task(2)
    def api(self):
        self.page("/api/me", "API: me")
        self.page("/api/mentorships", "API: mentorships")
        self.page(f"/api/mentorships/{self.rel}/meetings", "API: meetings")
        self.page("/api/directory/mentors?q=python", "API: directory search")


class Minimal(FastHttpUser):
    """The smallest Django view there is here: /healthz (one SELECT 1)."""

    wait_time = constant(0)

    @task
    def healthz(self):
        self.client.get("/healthz", name="minimal view (/healthz)")
