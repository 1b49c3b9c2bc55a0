"""The load test's operations, shared by the Locust scenario (``locustfile.py``) and the query
count (``query_counts.py``), so both measure the same requests.

Each operation is a generator over one simulated staff member's ``Visit``: it yields a
``Request``, is sent the ``Reply``, and yields the next request until the operation is done,
the way a person clicks through the pages. Ids come from the pages themselves (the caseload's
links, the dashboard's own team, the forms' CSRF tokens), never from the database, so the same
scenario runs on the demo data and on generated data. Standard library only: the Locust venv
has no Django, the query count has no Locust.

Configuration, from the environment (or a JSON file, ``BENCH_CONFIG``, with the same keys in
lower case without ``BENCH_``):

- ``BENCH_USERS``: comma-separated usernames; or ``BENCH_USER_PATTERN`` (a ``str.format``
  pattern such as ``medewerker-{:05d}``) with ``BENCH_USER_COUNT`` (and ``BENCH_USER_START``,
  default 1). Default: the demo's case directors.
- ``BENCH_PASSWORD``: their shared password. Default: the demo's published password.
- ``BENCH_POSTCODES``: comma-separated four-digit postcodes of the municipality, for
  registrations and postcode searches. Default: Haarlem's.
- ``BENCH_SEARCH_TERMS``: comma-separated name or street fragments to search for.
"""

from __future__ import annotations

import html
import json
import os
import random
import re
import string
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from pathlib import Path

DEMO_USERS = ["regisseur", "collega", "cjgcoach", "oost2"]
DEMO_PASSWORD = "demo-wijkteam-2026"  # noqa: S105 - the demo's published password (README)
# Haarlem (CBS 0392), as in the demo's areas.
HAARLEM_POSTCODES = [
    *map(str, range(2011, 2016)),
    *map(str, range(2021, 2027)),
    *map(str, range(2031, 2038)),
]
SEARCH_TERMS = ["jan", "bakker", "vries", "berg", "visser", "smit", "meer", "dijk", "straat"]
GIVEN_NAMES = ["Anna", "Mohamed", "Sanne", "Daan", "Fatima", "Kees", "Lotte", "Yusuf", "Emma"]
FAMILY_NAMES = ["Bakker", "de Vries", "Jansen", "El Amrani", "Visser", "Smit", "van den Berg"]
QUESTIONS = [
    "Huurachterstand en brieven van de deurwaarder; wil graag overzicht.",
    "Moeder alleen met drie kinderen, weinig netwerk, zoekt hulp bij opvoeding.",
    "Buurman maakt zich zorgen: meneer komt de deur niet meer uit.",
    "Vraag over ondersteuning thuis na ziekenhuisopname.",
    "Jongere zit thuis zonder school of werk.",
]
SOURCES = ["resident", "own_network", "gp", "police", "housing", "school", "cjg", "outreach"]
CHANNELS = ["walk_in", "phone", "email", "home_visit"]
DOMAINS = [
    "finances",
    "work_education",
    "housing",
    "domestic_relations",
    "mental_health",
    "physical_health",
    "social_network",
]
CONTACT_KINDS = ["home_visit", "phone", "office", "network", "email"]

_CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_HOUSEHOLD_RE = re.compile(r'href="/huishoudens/(\d+)/"')
_CASE_RE = re.compile(r'href="/zaken/(\d+)/"')
_TEAM_RE = re.compile(
    r'name="level" value="team">\s*<input type="hidden" name="scope" value="(\d+)"'
)
_THEME_RE = re.compile(r'name="themes" value="([^"]+)"')
_CONTACT_VERSION_RE = re.compile(r'name="contact-expected_version" value="(\d+)"')
_CONTACT_DATE_RE = re.compile(r'name="contact-date" value="([0-9-]+)"')
_DUPLICATE_RE = re.compile(r'name="confirm_new" value="1"')


@dataclass(frozen=True)
class Request:
    """One HTTP request: ``name`` is the operation (and step) it is counted under."""

    name: str
    method: str
    path: str
    form: list[tuple[str, str]] | None = None
    expect: int = 200
    # Sent the way htmx sends it: the CSRF token in a header, only the fragment comes back.
    htmx: bool = False


@dataclass(frozen=True)
class Reply:
    status: int
    text: str
    location: str = ""


class OperationFailed(Exception):
    """The page was not what a person would have seen; the driver counts it as a failure."""


@dataclass
class Config:
    usernames: list[str]
    password: str
    postcodes: list[str]
    search_terms: list[str]

    @classmethod
    def load(cls) -> Config:
        values: dict[str, str] = {}
        config_file = os.environ.get("BENCH_CONFIG")
        if config_file:
            loaded = json.loads(Path(config_file).read_text())
            values = {
                key.lower(): ",".join(v) if isinstance(v, list) else str(v)
                for key, v in loaded.items()
            }
        for key, value in os.environ.items():
            if key.startswith("BENCH_") and value:
                values[key[len("BENCH_") :].lower()] = value

        def listed(name: str, default: list[str]) -> list[str]:
            items = [item.strip() for item in values.get(name, "").split(",") if item.strip()]
            return items or default

        if values.get("user_pattern"):
            start = int(values.get("user_start", "1"))
            count = int(values.get("user_count", "0"))
            if count < 1:
                raise ValueError("BENCH_USER_PATTERN needs BENCH_USER_COUNT (1 or more).")
            usernames = [values["user_pattern"].format(n) for n in range(start, start + count)]
        else:
            usernames = listed("users", DEMO_USERS)
        return cls(
            usernames=usernames,
            password=values.get("password", DEMO_PASSWORD),
            postcodes=listed("postcodes", HAARLEM_POSTCODES),
            search_terms=listed("search_terms", SEARCH_TERMS),
        )


@dataclass
class Visit:
    """What one simulated staff member knows from the pages they saw."""

    username: str
    config: Config
    random: random.Random = field(default_factory=random.Random)
    csrf: str = ""
    household_ids: list[int] = field(default_factory=list)
    case_ids: list[int] = field(default_factory=list)
    team_id: int | None = None

    def saw(self, reply: Reply) -> None:
        """Keep the page's CSRF token for the next form, as a browser keeps the page."""
        match = _CSRF_RE.search(reply.text)
        if match:
            self.csrf = html.unescape(match.group(1))


Operation = Callable[[Visit], Generator[Request, Reply, None]]


def _expect(reply: Reply, pattern: re.Pattern[str], what: str) -> str:
    match = pattern.search(reply.text)
    if match is None:
        raise OperationFailed(f"no {what} on the page")
    return html.unescape(match.group(1))


def login(visit: Visit) -> Generator[Request, Reply, None]:
    """Log in with the password (two-step verification off on the bench server), then open
    the caseload and the own team's dashboard, whose links the other operations use."""
    yield Request("login: form", "GET", "/inloggen/")
    form = [("username", visit.username), ("password", visit.config.password)]
    reply = yield Request("login: submit", "POST", "/inloggen/", form=form, expect=302)
    if reply.location.rstrip("/").endswith("inloggen"):
        raise OperationFailed("login refused")
    yield from caseload(visit)
    reply = yield Request("login: dashboard", "GET", "/monitoring/dashboard/")
    match = _TEAM_RE.search(reply.text)
    visit.team_id = int(match.group(1)) if match else None


def caseload(visit: Visit) -> Generator[Request, Reply, None]:
    reply = yield Request("caseload", "GET", "/zaken/")
    visit.household_ids = sorted({int(pk) for pk in _HOUSEHOLD_RE.findall(reply.text)})
    visit.case_ids = sorted({int(pk) for pk in _CASE_RE.findall(reply.text)})


def inbox(visit: Visit) -> Generator[Request, Reply, None]:
    yield Request("inbox", "GET", "/zaken/inbox/")


def household(visit: Visit) -> Generator[Request, Reply, None]:
    """The page of a household from the own caseload."""
    if not visit.household_ids:
        yield from caseload(visit)
        return
    pk = visit.random.choice(visit.household_ids)
    yield Request("household", "GET", f"/huishoudens/{pk}/")


def search(visit: Visit) -> Generator[Request, Reply, None]:
    """A search as typed in the search box (htmx swaps in the results): a postcode, a postcode
    with letters, or a fragment of a name or street."""
    rnd = visit.random
    roll = rnd.random()
    if roll < 0.3:
        query = rnd.choice(visit.config.postcodes)
    elif roll < 0.6:
        query = f"{rnd.choice(visit.config.postcodes)} {rnd.choice('BCDEGHJKLMNPRT')}"
    else:
        query = rnd.choice(visit.config.search_terms)
    yield Request("search", "POST", "/huishoudens/zoeken/", form=[("q", query)], htmx=True)


def register(visit: Visit) -> Generator[Request, Reply, None]:
    """Register a new question for a new household at a random address in the municipality;
    when the address is already known, confirm that it is a new household, as the warning
    offers."""
    rnd = visit.random
    reply = yield Request("register: form", "GET", "/zaken/aanmelden/")
    themes = _THEME_RE.findall(reply.text)
    form = [
        ("question", rnd.choice(QUESTIONS)),
        ("source", rnd.choice(SOURCES)),
        ("channel", rnd.choice(CHANNELS)),
        ("urgency", rnd.choice(["1", "2", "2", "2", "3"])),
        *(("domains", domain) for domain in rnd.sample(DOMAINS, rnd.randint(1, 3))),
        *(("themes", theme) for theme in rnd.sample(themes, min(len(themes), rnd.randint(0, 1)))),
        (
            "postcode",
            rnd.choice(visit.config.postcodes) + "".join(rnd.choices(string.ascii_uppercase, k=2)),
        ),
        ("house_number", str(rnd.randint(1, 250))),
        ("given_name", rnd.choice(GIVEN_NAMES)),
        ("family_name", rnd.choice(FAMILY_NAMES)),
    ]
    reply = yield Request("register: submit", "POST", "/zaken/aanmelden/", form=form, expect=0)
    if reply.status == 200 and _DUPLICATE_RE.search(reply.text):
        form.append(("confirm_new", "1"))
        reply = yield Request(
            "register: confirm new", "POST", "/zaken/aanmelden/", form=form, expect=302
        )
    if reply.status != 302:
        raise OperationFailed(f"registration refused ({reply.status})")
    yield Request("register: done", "GET", reply.location)


def contact(visit: Visit) -> Generator[Request, Reply, None]:
    """Open a case from the own caseload and record a contact on it."""
    if not visit.case_ids:
        yield from caseload(visit)
        return
    rnd = visit.random
    pk = rnd.choice(visit.case_ids)
    reply = yield Request("contact: case page", "GET", f"/zaken/{pk}/")
    form = [
        ("contact-expected_version", _expect(reply, _CONTACT_VERSION_RE, "contact form")),
        ("contact-kind", rnd.choice(CONTACT_KINDS)),
        ("contact-date", _expect(reply, _CONTACT_DATE_RE, "contact date")),
        ("contact-duration_minutes", str(rnd.choice([10, 15, 30, 45, 60]))),
        ("contact-note", "Gebeld, afspraak gemaakt voor huisbezoek."),
    ]
    reply = yield Request(
        "contact: submit", "POST", f"/zaken/{pk}/contacten/", form=form, expect=302
    )
    yield Request("contact: case page after", "GET", reply.location)


def dashboard(visit: Visit) -> Generator[Request, Reply, None]:
    """The own team's dashboard for one of the last twelve months."""
    if visit.team_id is None:
        yield Request("dashboard", "GET", "/monitoring/dashboard/")
        return
    from datetime import date

    today = date.today()
    back = visit.random.randint(0, 11)
    year, month = divmod(today.year * 12 + today.month - 1 - back, 12)
    query = f"level=team&scope={visit.team_id}&year={year}&month={month + 1}"
    yield Request("dashboard", "GET", f"/monitoring/dashboard/?{query}")


# The mix of a case worker's day: mostly their own caseload and files, now and then a search, a
# new registration or a look at the team's figures. Weights are relative.
MIX: dict[str, tuple[Operation, int]] = {
    "caseload": (caseload, 20),
    "household": (household, 20),
    "contact": (contact, 12),
    "search": (search, 15),
    "inbox": (inbox, 12),
    "register": (register, 6),
    "dashboard": (dashboard, 4),
}
