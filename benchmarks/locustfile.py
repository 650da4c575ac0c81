"""The mixed workload of benchmarks/load_stack.py: regional officers and consultants, logged in through the
login form, who list, search, open and chart (the dashboard) and write attendance and outcome figures
through the API. Every write the server acknowledged is recorded (UPLIFT_LOAD_ACKS) so the benchmark can
count lost writes; every request's time and status is recorded (UPLIFT_LOAD_TRACE) to see outages.

Loopback only: the host must be 127.0.0.1 or localhost. Run by load_stack.py, or by hand:
    .venv/bin/locust -f benchmarks/locustfile.py --headless -u 20 -r 10 -t 60s --host http://127.0.0.1:8080 Officer Consultant
"""

import json
import os
import random
import re
import threading
import time
from decimal import Decimal
from urllib.parse import quote

from locust import HttpUser, between, constant, events, task

PASSWORD = os.environ.get("UPLIFT_LOAD_PASSWORD", "otop2563")
SEARCH_WORDS = ["กลุ่ม", "ผ้า", "วิสาหกิจ", "ชุมชน", "ข้าว", "สมุนไพร", "จักสาน", "ไหม", "กาแฟ", "น้ำพริก"]
_acks: list[dict] = []
_trace: list[tuple] = []
_lock = threading.Lock()
_started = time.time()
# UPLIFT_LOAD_THINK=0: no pause between a user's requests (the server's capacity, and the bare-view yardstick)
THINK = between(0.2, 1.0) if os.environ.get("UPLIFT_LOAD_THINK", "1") == "1" else constant(0)


@events.init.add_listener
def _loopback_only(environment, **kwargs):
    host = environment.host or ""
    if environment.host and not re.match(r"^http://(127\.0\.0\.1|localhost)(:\d+)?/?$", host):
        raise SystemExit(f"refusing {host}: the load test runs against 127.0.0.1 only")


@events.request.add_listener
def _record(request_type, name, response_time, response_length, response=None, exception=None, **kwargs):
    status = getattr(response, "status_code", 0) or 0
    request_id = response.headers.get("X-Request-ID", "") if response is not None and status >= 400 else ""
    with _lock:
        _trace.append((round(time.time() - _started, 3), name, status, round(response_time, 1), request_id))


@events.quitting.add_listener
def _dump(environment, **kwargs):
    for variable, rows in (("UPLIFT_LOAD_ACKS", _acks), ("UPLIFT_LOAD_TRACE", _trace)):
        if os.environ.get(variable):
            with open(os.environ[variable], "w", encoding="utf-8") as out:
                json.dump(rows, out, ensure_ascii=False)


class _Person(HttpUser):
    abstract = True
    wait_time = THINK
    usernames: tuple[str, ...] = ()

    def on_start(self):
        self.username = random.choice(self.usernames)
        page = self.client.get("/login/", name="login form")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text or "")
        self.client.post("/login/", {"username": self.username, "password": PASSWORD,
                                     "csrfmiddlewaretoken": token.group(1) if token else ""},
                         headers={"Referer": f"{self.host}/login/"}, name="login")
        self.entrepreneurs = self._ids("/api/entrepreneurs?page_size=100", "entrepreneurs (discover)")
        self.sessions = self._ids("/api/programme/sessions?page_size=50", "sessions (discover)")
        enrolments = self._json("/api/programme/enrolments?page_size=100&status=active", "enrolments (discover)")
        self.enrolled = [(e["entrepreneur"], e["round"]) for e in (enrolments or {}).get("items", [])]
        codes = {i["code"] for i in (self._json("/api/outcomes/indicators", "indicators (discover)") or [])}
        self.indicators = sorted(codes & {"sales", "production_cost"})
        self.rosters: dict[int, list[int]] = {}

    def _json(self, url: str, name: str):
        response = self.client.get(url, name=name)
        try:
            return response.json() if response.status_code == 200 else None
        except ValueError:
            return None

    def _ids(self, url: str, name: str) -> list[int]:
        return [item["id"] for item in (self._json(url, name) or {}).get("items", [])]

    def _headers(self) -> dict:
        return {"X-CSRFToken": self.client.cookies.get("csrftoken", ""), "Referer": f"{self.host}/"}

    @task(4)
    def list_entrepreneurs(self):
        self.client.get(f"/entrepreneurs/?page={random.randint(1, 5)}", name="list")

    @task(3)
    def search(self):
        self.client.get(f"/entrepreneurs/?q={quote(random.choice(SEARCH_WORDS))}", name="search")

    @task(4)
    def detail(self):
        if self.entrepreneurs:
            self.client.get(f"/entrepreneurs/{random.choice(self.entrepreneurs)}/", name="detail")

    @task(1)
    def record_attendance(self):
        if not self.sessions:
            return
        session = random.choice(self.sessions)
        if session not in self.rosters:
            roster = self._json(f"/api/programme/sessions/{session}/attendance", "roster")
            self.rosters[session] = [row["enrolment"] for row in roster or []]
        if not self.rosters[session]:
            return
        enrolment = random.choice(self.rosters[session])
        status = random.choice(["present", "late", "absent"])
        with self.client.post(f"/api/programme/sessions/{session}/attendance", name="attendance write",
                              json={"rows": [{"enrolment": enrolment, "status": status}]},
                              headers=self._headers(), catch_response=True) as response:
            if response.status_code == 200:
                with _lock:
                    _acks.append({"kind": "attendance", "session": session, "enrolment": enrolment, "status": status,
                                  "at": time.time()})
                response.success()

    @task(1)
    def enter_observation(self):
        if not (self.enrolled and self.indicators):
            return
        entrepreneur, round_id = random.choice(self.enrolled)
        value = str(Decimal(random.randint(1_000, 900_000)))
        item = {"entrepreneur_id": entrepreneur, "round_id": round_id, "indicator": random.choice(self.indicators),
                "wave": random.choice(["end", "m3", "m6"]), "value": value, "source": "self",
                "note": "บันทึกจากการทดสอบโหลด"}
        with self.client.post("/api/outcomes/observations", name="observation write", json=[item],
                              headers=self._headers(), catch_response=True) as response:
            if response.status_code == 201:
                saved = response.json()[0]
                with _lock:
                    _acks.append({"kind": "observation", "id": saved["id"], "value": saved["value"], "at": time.time()})
                response.success()


class Officer(_Person):
    weight = 3
    usernames = ("officer10", "officer1")

    @task(2)
    def dashboard(self):
        self.client.get("/dashboards/", name="dashboard")


class Consultant(_Person):
    weight = 2
    usernames = ("consultant",)

    @task(2)
    def workspace(self):
        self.client.get("/programme/", name="workspace")


class Bare(HttpUser):
    """The yardstick: a bare Django view (/healthz) through the same proxy, middleware and app servers."""

    wait_time = THINK

    @task
    def bare(self):
        self.client.get("/healthz", name="bare view")
