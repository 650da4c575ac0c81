"""Journeys: each role finishes its job in the browser, from the login page, by clicks and typing only.

Shared here: the programme data every journey starts from (built with the real services), a login
helper (the only `page.goto` of a journey), and a rendered-page check that fails on English words in the
Thai UI except those listed in allowed_words.txt.
"""

import re
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from tests.browser.conftest import browser_type_launch_args  # noqa: F401  (Debian Chromium, as tests/browser)
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/shots/journeys")
_LISTED = [line.strip() for line in (Path(__file__).parent / "allowed_words.txt").read_text().splitlines()
           if line.strip() and not line.startswith("#")]
ALLOWED = {w.lower() for w in _LISTED if " " not in w}
PHRASES = sorted((w for w in _LISTED if " " in w), key=len, reverse=True)  # official names such as "OTOP to Global"
WORD = re.compile(r"[A-Za-z][A-Za-z'’]+")

PHUKET = "กลุ่มวิสาหกิจชุมชนบาติกป่าตอง"
CHIANGMAI = "กลุ่มทอผ้าไหมบ้านสันกำแพง"
KATHU = "กลุ่มน้ำพริกกะทู้"
ROUND = "รอบที่ 1/2570"
CONSULTANT_NAME = "สมชาย ใจดี"
SECOND_CONSULTANT = "วิภา รักษ์ถิ่น"
TRAINER_TOPIC = "การปรับปรุงสายการผลิตตาม มผช."

# Thai display names for the fixture accounts (usernames are Latin; people see names).
NAMES = {"admin": ("ผู้ดูแล", "ระบบ"), "executive": ("ประภา", "ผู้บริหาร"), "officer10": ("อรุณี", "ศรีภูเก็ต"),
         "consultant": ("สมชาย", "ใจดี"), "owner": ("บุญมี", "ทอไหม")}


def english_words(text: str) -> list[str]:
    for phrase in PHRASES:
        text = text.replace(phrase, " ")
    return sorted({w for w in WORD.findall(text) if w.lower().strip("'’") not in ALLOWED})


class Journey:
    """One role's walk: screenshots every step and collects English words seen on each Thai page."""

    def __init__(self, page, base: str, name: str):
        self.page, self.base, self.name = page, base, name
        self.step = 0
        self.english: dict[str, list[str]] = {}
        SHOTS.mkdir(parents=True, exist_ok=True)

    def log_in(self, username: str) -> None:
        self.page.goto(f"{self.base}/login/")
        self.look("login")
        self.page.get_by_label("ชื่อผู้ใช้").fill(username)
        self.page.get_by_label("รหัสผ่าน").fill(PASSWORD)
        self.page.get_by_role("button", name="เข้าสู่ระบบ").click()
        self.page.wait_for_load_state()

    def look(self, label: str) -> Path:
        """Screenshot the page and note any English words in its visible text."""
        self.page.wait_for_load_state()
        self.step += 1
        path = SHOTS / f"{self.name}-{self.step:02d}-{label}.png"
        self.page.screenshot(path=path, full_page=True)
        text = self.page.evaluate("""() => {
            // Text the page itself declares English (lang="en": registered English names) is data, not UI.
            let body = document.body.innerText;
            for (const el of document.body.querySelectorAll('[lang="en"]'))
                if (el.innerText) body = body.split(el.innerText).join(' ');
            const parts = [document.title, body];
            for (const el of document.querySelectorAll('input[placeholder], textarea[placeholder]'))
                if (el.offsetParent !== null) parts.push(el.placeholder);
            for (const el of document.querySelectorAll('select'))
                if (el.offsetParent !== null) for (const o of el.options) parts.push(o.text);
            for (const el of document.querySelectorAll('input[type=submit], input[type=button]'))
                if (el.offsetParent !== null) parts.push(el.value);
            return parts.join('\\n');
        }""")
        words = english_words(text)
        if words:
            self.english[f"{self.step:02d}-{label} {self.page.url.removeprefix(self.base)}"] = words
        return path

    def fits(self, width: int) -> None:
        assert self.page.evaluate("document.documentElement.scrollWidth") <= width, "page scrolls sideways"

    def assert_thai(self) -> None:
        assert not self.english, "English words on Thai pages:\n" + "\n".join(
            f"  {where}: {', '.join(words)}" for where, words in self.english.items())


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """A Thai user's browser: Thai locale and Bangkok time. (Headless Chromium still draws its native date
    pickers and file inputs in English whatever the locale; the rendered-page check cannot see inside them.)"""
    return {**browser_context_args, "locale": "th-TH", "timezone_id": "Asia/Bangkok"}


@pytest.fixture
def journey(page, live_server, request):
    made = []

    def start(name: str, *, phone: bool = False) -> Journey:
        page.set_viewport_size({"width": 390, "height": 844} if phone else {"width": 1366, "height": 900})
        made.append(Journey(page, live_server.url, name))
        return made[-1]
    yield start
    for j in made:  # where the journey ended, passed or not
        page.screenshot(path=SHOTS / f"{j.name}-zz-end.png", full_page=True)


@pytest.fixture
def immediate(settings):
    """Background jobs (value recompute, baseline freeze, reports, solves) run at once, in-process."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.SCREENING_SOLVE_IN_SUBPROCESS = False
    return settings


@pytest.fixture
def people(world):
    from django.contrib.auth import get_user_model

    for username, (first, last) in NAMES.items():
        get_user_model().objects.filter(username=username).update(first_name=first, last_name=last)
    return world


@pytest.fixture
def programme(people, immediate):
    """A running round in Phuket: three active enrolments, a cohort, a workshop staffed by the consultant.

    กลุ่มน้ำพริกกะทู้ is active but has no consultant yet (the officer assigns one); the Chiang Mai
    group (the owner's) is enrolled in the same activity in its own region.
    """
    from tests.factories import entrepreneur, monthly_sales
    from uplift.access.actions import user_create
    from uplift.access.models import Role
    from uplift.programme import actions as services
    from uplift.programme.models import Enrolment
    from uplift.screening.rounds import round_create

    world = people
    today = timezone.localdate()
    round_ = round_create(actor=world.admin, data={
        "name": ROUND, "starts_on": today - timedelta(days=30), "ends_on": today + timedelta(days=150),
        "budget": Decimal("1000000"), "target_entrepreneurs": 100, "target_value": Decimal("5000000"),
    }, activities={5: {"places": 5, "cost_per_place": 50_000}})
    ra = round_.activities.get(activity__number=5)
    ra.required_hours = 12
    ra.save(update_fields=["required_hours"])
    kathu = entrepreneur(world.admin, name_th=KATHU, name_en="", subdistrict="830202", postal_code="83150")
    user_create(actor=world.admin, username="consultant2", password=PASSWORD, role=Role.CONSULTANT,
                first_name="วิภา", last_name="รักษ์ถิ่น")
    # the registry's last twelve months of sales before the start, frozen as the baseline when the enrolment starts
    started = today - timedelta(days=20)
    first = started.replace(day=1)
    monthly_sales(world.phuket, {date(first.year - (first.month - k <= 0), (first.month - k - 1) % 12 + 1, 1): 100_000
                                 for k in range(1, 13)})
    enrolments = {}
    for e in (world.phuket, kathu, world.chiangmai):
        en = Enrolment.objects.create(round_activity=ra, entrepreneur=e, status="accepted")
        services.enrolment_transition(actor=world.admin, enrolment_id=en.pk, action="start", on=started)
        enrolments[e.pk] = en
    cohort = enrolments[world.phuket.pk].cohort_link.cohort
    start = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0) + timedelta(days=1)
    workshop = services.session_create(actor=world.officer, data={
        "cohort": cohort.pk, "kind": "workshop", "topic": TRAINER_TOPIC, "starts_at": start,
        "ends_at": start + timedelta(hours=3), "subdistrict": "830202", "venue": "ศาลาประชาคมป่าตอง",
        "staff": world.consultant.pk, "capacity": 20})[0]
    return {"world": world, "round": round_, "ra": ra, "kathu": kathu, "enrolments": enrolments, "cohort": cohort,
            "workshop": workshop, "today": today}


def be_date(d: date) -> str:
    return f"{d.day}/{d.month}/{d.year + 543}"
