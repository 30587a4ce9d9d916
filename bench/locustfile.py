"""Simulated users for `python -m bench load`: product managers, presales and leadership reading their pages.

Each user logs in once through the login form, then opens pages with a few seconds of reading between them.
Ids of real rows come from `PLEDGEBOARD_LOAD_IDS` (JSON written by bench/load.py). The server runs behind no
proxy here, so each request says it came over HTTPS (`X-Forwarded-Proto`), as the proxy would in production,
and the secure cookies are sent by hand.
"""

import json
import os
import random
import re
import time

from locust import HttpUser, between, events, task

IDS = json.loads(os.environ.get("PLEDGEBOARD_LOAD_IDS", "{}"))
PASSWORD = os.environ.get("PLEDGEBOARD_LOAD_PASSWORD", "pledgeboard")
HTTPS = {"X-Forwarded-Proto": "https"}
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _pick(kind: str) -> int:
    return random.choice(IDS[kind])


class _Reader(HttpUser):
    abstract = True
    username = ""
    wait_time = between(2, 8)

    def on_start(self) -> None:
        page = self.client.get("/accounts/login/", headers=HTTPS, name="login form")
        token = CSRF_INPUT.search(page.text).group(1)
        csrf_cookie = page.cookies.get("csrftoken", "")
        secure_host = self.host.replace("http:", "https:", 1)
        answer = self.client.post(
            "/accounts/login/",
            data={"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={**HTTPS, "Cookie": f"csrftoken={csrf_cookie}", "Referer": f"{secure_host}/accounts/login/"},
            allow_redirects=False,
            name="login",
        )
        session = answer.cookies.get("sessionid", "")
        if answer.status_code != 302 or not session:
            raise RuntimeError(f"login as {self.username} failed: {answer.status_code}")
        self.headers = {**HTTPS, "Cookie": f"sessionid={session}; csrftoken={csrf_cookie}"}

    def page(self, url: str, name: str | None = None) -> None:
        with self.client.get(url, headers=self.headers, name=name or url, catch_response=True) as answer:
            if answer.status_code != 200:
                answer.failure(f"{answer.status_code} on {url}")


class ProductManager(_Reader):
    weight = 3
    username = "pm"

    @task(4)
    def home(self):
        self.page("/")

    @task(2)
    def customers(self):
        self.page("/customers/")

    @task(3)
    def customer(self):
        self.page(f"/customers/{_pick('customers')}/", "/customers/[id]/")

    @task(2)
    def incidents(self):
        self.page("/incidents/?severity=SEV1", "/incidents/?severity")

    @task(2)
    def incident(self):
        self.page(f"/incidents/{_pick('incidents')}/", "/incidents/[id]/")

    @task(2)
    def fleet(self):
        self.page("/customers/fleet/")

    @task(1)
    def deployment(self):
        self.page(f"/customers/deployments/{_pick('deployments')}/", "/customers/deployments/[id]/")

    @task(2)
    def roadmap(self):
        self.page("/roadmap/")

    @task(2)
    def priorities(self):
        self.page("/roadmap/priorities/")

    @task(1)
    def scenarios(self):
        if IDS.get("scenarios"):
            self.page(f"/roadmap/scenarios/{_pick('scenarios')}/", "/roadmap/scenarios/[id]/")
        else:
            self.page("/roadmap/scenarios/")

    @task(1)
    def requests(self):
        self.page("/roadmap/requests/")


class Presales(_Reader):
    weight = 2
    username = "presales"

    @task(3)
    def check(self):
        self.page(f"/roadmap/check/?feature={_pick('features')}", "/roadmap/check/?feature")

    @task(2)
    def feature(self):
        self.page(f"/roadmap/features/{_pick('features')}/", "/roadmap/features/[id]/")

    @task(2)
    def search(self):
        self.page(f"/search/?q={random.choice(['storage', 'sync', 'export', 'Vantage', 'dark'])}", "/search/?q")

    @task(1)
    def customer(self):
        self.page(f"/customers/{_pick('customers')}/", "/customers/[id]/")


class Leadership(_Reader):
    weight = 1
    username = "leadership"

    @task(3)
    def weekly(self):
        self.page("/review/weekly/")

    @task(2)
    def home(self):
        self.page("/")

    @task(1)
    def fleet(self):
        self.page("/customers/fleet/")


# Every response time and when it ended, so bench/load.py can report exact percentiles for the pages apart from
# the logins, and the ramp apart from the steady state.
TIMINGS_FILE = os.environ.get("PLEDGEBOARD_LOAD_TIMINGS", "")
_timings: list[tuple[str, float, bool, float]] = []


@events.request.add_listener
def _record(request_type, name, response_time, response_length, exception=None, **kwargs):
    _timings.append((name, response_time, exception is None, time.time()))


@events.quitting.add_listener
def _write(environment, **kwargs):
    if TIMINGS_FILE:
        with open(TIMINGS_FILE, "w") as out:
            json.dump(_timings, out)
