"""The persona matrix of issue 3: every URL pattern and every API operation, asked by every
persona, answers exactly what the access rules give, and tells the personas who may not see the
household nothing about it.

Both lists are enumerated (``get_resolver()`` and drf-spectacular's schema) and must equal the
tables below, so a new page or endpoint without a row fails ``test_every_*_has_a_row`` with its
name. A row says which objects of the world fill the route's parameters and which *rule* it
follows; a rule says per persona what comes back:

``ok``          allowed: 200 for a read; for a write with an empty body 2xx, 3xx, 400 or 409
                (the access check passed, validation or the state refused)
``hidden``      404, the same as for something that does not exist
``forbidden``   403 (pages and endpoints of a role, which hide nothing by existing)
``denied``      403 or 404
``self``        200 or a redirect: the user's own account pages
``login``       not logged in: a redirect to the login page, or 401 from the API
``to:<path>``   a redirect to that path (e.g. a colleague to the "known" card)

A persona for whom the household is not theirs to see must find none of its distinctive values
(name, BSN, street, question, goal, contact note, ZRM note, phone, e-mail) in any answer, in the
body or in a header, whatever the status; the same for the other household.

One exception, explicit per row: ``Row.shows`` names a persona and the few values that the
household's own data sent to that persona legitimately contains on that row. The back office
gets an advice the team sent it (``wijkteam.backoffice``), and a decision names the person it is
for: so on the advice's page and endpoint the back office may see ``ADVICE_SHOWS`` (the name
and BSN), and nothing else of the household. Every other row, and every other value on those
rows, is checked as strictly as without it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from drf_spectacular.generators import SchemaGenerator

from wijkteam.access.tests.persona_world import (
    ADVICE_SHOWS,
    OTHER_SECRETS,
    PERSONAS,
    SECRETS,
    PersonaWorld,
    build_persona_world,
)

HTTP_METHODS = ("get", "post", "put", "patch", "delete")
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}

# Who may see each household's file; everyone else must get none of its values.
SEES_HOUSEHOLD = {"director", "cjg_coach", "resident"}
SEES_OTHER_HOUSEHOLD = {"director", "other_resident"}

RESIDENTS = ("resident", "other_resident")
TEAM_ON_CASE = ("director", "cjg_coach")  # the director, and the CJG coach assigned to the case
TEAM_NOT_ON_CASE = ("colleague", "coordinator")


# Rules ------------------------------------------------------------------------------------------


def rule(default: str, anonymous: str = "login", **outcomes: str) -> dict[str, str]:
    """Every persona's outcome: ``default``, except those named.

    Where others get ``hidden``, a resident may also get 403: the API refuses residents every
    endpoint not made for them before it looks anything up, which tells nothing either."""
    table = dict.fromkeys(PERSONAS, default)
    if default == "hidden":
        table.update(dict.fromkeys(RESIDENTS, "denied"))
    table["anonymous"] = anonymous
    table.update(outcomes)
    return table


def each(personas: tuple[str, ...], outcome: str) -> dict[str, str]:
    return dict.fromkeys(personas, outcome)


FILE = "/huishoudens/{household}/"
KNOWN = "/toegang/huishoudens/{household}/"
ADMIN_LOGIN = "to:/beheer/login/"

# The household's file: its director and the members on its case; 404 for everyone else.
CONTENT = rule("hidden", **each(TEAM_ON_CASE, "ok"))
# The household page: colleagues in the team who are not on the case go to the "known" card.
HOUSEHOLD_PAGE = rule("hidden", **each(TEAM_ON_CASE, "ok"), **each(TEAM_NOT_ON_CASE, f"to:{KNOWN}"))
# The "known" card: for the team; who sees the file is sent to it.
KNOWN_CARD_PAGE = rule("hidden", **each(TEAM_ON_CASE, f"to:{FILE}"), **each(TEAM_NOT_ON_CASE, "ok"))
KNOWN_CARD_API = rule("hidden", **each(TEAM_ON_CASE + TEAM_NOT_ON_CASE, "ok"))
# Breaking the glass: members of the household's team only.
EMERGENCY_START = KNOWN_CARD_API
# Ending one's own emergency access (the colleague's, in the world).
EMERGENCY_END = rule("hidden", colleague="ok")
COORDINATOR_ONLY = rule("forbidden", coordinator="ok")
LOG_OFFICER_ONLY = rule("forbidden", log_officer="ok")
# Hit/no-hit: members of any team and the back office.
LOOKUP = rule(
    "forbidden", **each(TEAM_ON_CASE + TEAM_NOT_ON_CASE + ("outsider", "backoffice"), "ok")
)
# Lists and forms of the staff's work (caseload, search, registering, reference data): every
# staff login gets the page, filtered to what they may see; a resident gets none of it.
STAFF_LIST = rule("ok", **each(RESIDENTS, "denied"))
# The resident's own pages: for residents, each about their own household.
RESIDENT_OWN = rule("hidden", **each(RESIDENTS, "ok"))
RESIDENT_CONSENT = rule("hidden", resident="ok")  # a consent of the household
# Grounds for sharing in the API: who sees the file, and the household's own resident.
SHARING_API = rule("hidden", **each(TEAM_ON_CASE, "ok"), resident="ok")
# The subject-access export of the person: who sees the file, and the person themself.
EXPORT = rule("hidden", **each(TEAM_ON_CASE, "ok"), resident="ok")
# The rights page: who sees the file, and the team coordinator (without the file's content).
RIGHTS = rule("hidden", **each(TEAM_ON_CASE, "ok"), coordinator="ok")
# The custom-solutions budget of the household's team: its members and the municipality (back
# office, functional administrator); the ledger shows household references, never names.
BUDGET = rule(
    "hidden", **each(TEAM_ON_CASE + TEAM_NOT_ON_CASE + ("backoffice", "functional_admin"), "ok")
)
BUDGET_SETTER = rule("forbidden", backoffice="ok", functional_admin="ok")
# The social map: every staff member reads it (STAFF_LIST), the functional administrator keeps it.
SOCIAL_MAP_MANAGER = rule("forbidden", functional_admin="ok")
# The list of themes: the same, every staff member reads the active themes in the API.
THEME_MANAGER = rule("forbidden", functional_admin="ok")
# Case conferences and the time balance of the household's team: its members (the agenda shows
# names and conclusions only to who sees the file; content routes use CONTENT).
CONFERENCE_TEAM = rule("hidden", **each(TEAM_ON_CASE + TEAM_NOT_ON_CASE, "ok"))
# Collective activities (wijkteam.community): the team reads them, and the policy advisor; its
# community workers and coordinator (in the world: the coordinator) run them.
ACTIVITY_READ = rule("hidden", **each(TEAM_ON_CASE + TEAM_NOT_ON_CASE + ("policy",), "ok"))
ACTIVITY_WORK = rule(
    "hidden",
    **each((*TEAM_ON_CASE, "colleague", "policy"), "forbidden"),
    coordinator="ok",
)
# Neighbourhood signals (wijkteam.community): team members and the policy advisor read them
# (the outsider only their own team's), team members file them, the team's community workers
# and coordinator (in the world: the coordinator) close and reopen them.
SIGNAL_LIST = rule(
    "forbidden", **each(TEAM_ON_CASE + TEAM_NOT_ON_CASE + ("outsider", "policy"), "ok")
)
SIGNAL_FILE = rule("forbidden", **each(TEAM_ON_CASE + TEAM_NOT_ON_CASE + ("outsider",), "ok"))
SIGNAL_READ = rule(
    "forbidden", **each(TEAM_ON_CASE + TEAM_NOT_ON_CASE + ("policy",), "ok"), outsider="hidden"
)
SIGNAL_WORK = rule("forbidden", coordinator="ok", outsider="hidden")
# The back office (wijkteam.backoffice): its inbox and its acts are for its group only; an advice
# or breakthrough request is for who sees the file and for the back office it was sent to.
BACK_OFFICE_ONLY = rule("forbidden", backoffice="ok")
SENT_TO_BACK_OFFICE = rule("hidden", **each(TEAM_ON_CASE, "ok"), backoffice="ok")
BACK_OFFICE_SHOWS = {"backoffice": ADVICE_SHOWS}
PUBLIC = rule("ok", anonymous="ok")
OWN_ACCOUNT = rule("self")
# The start page: team members go to their caseload, residents to their own pages, other roles
# get a page of what their role lets them do.
HOME = rule(
    "ok",
    **each(TEAM_ON_CASE + TEAM_NOT_ON_CASE + ("outsider",), "to:/zaken/"),
    **each(RESIDENTS, "to:/mijn/"),
)
LOGOUT = rule("to:/inloggen/", anonymous="to:/inloggen/")
# DigiD login when no broker is configured (as in tests): not there, for anyone.
DIGID_OFF = rule("hidden", anonymous="hidden")
DIGID_REFUSED = rule("forbidden", anonymous="forbidden")  # the explanation page says 403
# The area analysis (wijkteam.monitoring): aggregates for policy advisors and every team member;
# roles without the need (back office, functional administrator, log officer) are refused.
# The knowledge-network monitor (wijkteam.knowledgenetwork): its coordinator and its
# municipalities' respondents only; no persona of the matrix is either (their own tests cover
# the coordinator and respondents).
KNOWLEDGE_NETWORK = rule("forbidden")
AREA_ANALYSIS = rule(
    "forbidden",
    **each(TEAM_ON_CASE + TEAM_NOT_ON_CASE + ("outsider", "policy"), "ok"),
    **each(RESIDENTS, "denied"),
)

# Background jobs (wijkteam.jobs): a job is its requester's (in the world: the policy advisor's);
# for everyone else it does not exist.
JOB_OWN = rule("hidden", policy="ok")


def admin_rule(functional_admin: str) -> dict[str, str]:
    """The admin: only staff users (the functional administrator) get in; everyone else, also
    logged in, is sent to the admin's login page."""
    return rule(ADMIN_LOGIN, anonymous=ADMIN_LOGIN, functional_admin=functional_admin)


@dataclass(frozen=True)
class Row:
    rule: dict[str, str]
    fill: dict[str, str] = field(default_factory=dict)  # URL parameter -> object of the world
    methods: tuple[str, ...] = ("GET",)
    query: str = ""  # with {object} placeholders
    path: str = ""  # for regex routes: the path to ask, with {object} placeholders
    # persona -> the household's values that were sent to them and this row may show them
    shows: dict[str, tuple[str, ...]] = field(default_factory=dict)


HH = {"pk": "household"}
CASE = {"pk": "case"}
CASE_PK = {"case_pk": "case"}
GET_POST = ("GET", "POST")
POST = ("POST",)
ACTIVITY = {"pk": "activity"}
ACTIVITY_ID = {"id": "activity"}

ROUTES: dict[str, Row] = {
    "": Row(HOME),
    "inloggen/": Row(PUBLIC, methods=GET_POST),
    "uitloggen/": Row(LOGOUT, methods=POST),
    "tweestap/": Row(OWN_ACCOUNT),
    "tweestap/instellen/": Row(OWN_ACCOUNT, methods=GET_POST),
    "tweestap/controleren/": Row(OWN_ACCOUNT, methods=GET_POST),
    "zaken/": Row(STAFF_LIST),
    "zaken/inbox/": Row(STAFF_LIST),
    "zaken/aanmelden/": Row(STAFF_LIST, methods=GET_POST),
    "zaken/aanmelden/klaar/": Row(rule("to:/zaken/aanmelden/", **each(RESIDENTS, "denied"))),
    "zaken/<int:pk>/": Row(CONTENT, CASE),
    "zaken/<int:pk>/intake/": Row(CONTENT, CASE, POST),
    "zaken/<int:pk>/regie/": Row(CONTENT, CASE, POST),
    "zaken/<int:pk>/plan-activeren/": Row(CONTENT, CASE, POST),
    "zaken/<int:pk>/contacten/": Row(CONTENT, CASE, POST),
    "zaken/<int:pk>/afsluiten/": Row(CONTENT, CASE, GET_POST),
    "zaken/<int:pk>/stoppen/": Row(CONTENT, CASE, POST),
    "zaken/<int:pk>/overdragen/": Row(CONTENT, CASE, POST),
    "zaken/<int:pk>/heropenen/": Row(CONTENT, CASE, POST),
    "zaken/<int:pk>/themas/": Row(CONTENT, CASE, POST),
    # The list of themes: the functional administrator keeps it (reference data, no client data).
    "zaken/themas/": Row(THEME_MANAGER),
    "zaken/themas/nieuw/": Row(THEME_MANAGER, methods=GET_POST),
    "zaken/themas/<int:pk>/wijzigen/": Row(THEME_MANAGER, {"pk": "theme"}, GET_POST),
    "zaken/themas/<int:pk>/actief/": Row(THEME_MANAGER, {"pk": "theme"}, POST),
    "huishoudens/zoeken/": Row(STAFF_LIST, methods=GET_POST),
    "huishoudens/<int:pk>/": Row(HOUSEHOLD_PAGE, HH),
    "huishoudens/<int:pk>/adres/": Row(CONTENT, HH, GET_POST),
    "huishoudens/<int:pk>/personen/nieuw/": Row(CONTENT, HH, GET_POST),
    "huishoudens/personen/<int:pk>/": Row(CONTENT, {"pk": "person"}, GET_POST),
    "plannen/zaak/<int:case_pk>/doelen/": Row(CONTENT, CASE_PK, POST),
    "plannen/zaak/<int:case_pk>/versies/": Row(CONTENT, CASE_PK),
    "plannen/zaak/<int:case_pk>/versies/nieuw/": Row(CONTENT, CASE_PK, POST),
    "plannen/doelen/<int:pk>/acties/": Row(CONTENT, {"pk": "goal"}, POST),
    "plannen/doelen/<int:pk>/trede/": Row(CONTENT, {"pk": "goal"}, POST),
    "plannen/acties/<int:pk>/status/": Row(CONTENT, {"pk": "action"}, POST),
    "plannen/doelen/<int:pk>/voorzieningen/": Row(CONTENT, {"pk": "goal"}),
    "plannen/doelen/<int:pk>/voorziening/": Row(CONTENT, {"pk": "goal"}, POST),
    "zrm/zaak/<int:case_pk>/nieuw/": Row(CONTENT, CASE_PK, GET_POST),
    "logboek/": Row(LOG_OFFICER_ONLY, methods=GET_POST),
    "toegang/bekend/": Row(LOOKUP, methods=GET_POST),
    "toegang/huishoudens/<int:pk>/": Row(KNOWN_CARD_PAGE, HH, GET_POST),
    "toegang/noodtoegang/": Row(COORDINATOR_ONLY),
    "toegang/noodtoegang/<int:pk>/beeindigen/": Row(EMERGENCY_END, {"pk": "emergency"}, POST),
    "delen/huishoudens/<int:pk>/gronden/": Row(CONTENT, HH, GET_POST),
    "delen/gronden/<int:pk>/intrekken/": Row(CONTENT, {"pk": "ground"}, GET_POST),
    "mijn/": Row(RESIDENT_OWN),
    "mijn/hoe-gaat-het/": Row(RESIDENT_OWN),
    "mijn/wie-keek/": Row(RESIDENT_OWN),
    "mijn/toestemmingen/": Row(RESIDENT_OWN),
    "mijn/toestemmingen/geven/": Row(RESIDENT_OWN, methods=POST),
    "mijn/toestemmingen/<int:pk>/intrekken/": Row(RESIDENT_CONSENT, {"pk": "ground"}, GET_POST),
    "mijn/doel/": Row(RESIDENT_OWN, methods=GET_POST),
    "mijn/bericht/": Row(RESIDENT_OWN, methods=GET_POST),
    "mijn/buurtsignaal/": Row(RESIDENT_OWN, methods=GET_POST),
    "mijn/digid/": Row(DIGID_OFF),
    "mijn/digid/terug/": Row(DIGID_OFF),
    "mijn/digid/geweigerd/": Row(DIGID_REFUSED),
    "rechten/personen/<int:person_id>/inzage/": Row(EXPORT, {"person_id": "person"}),
    "rechten/personen/<int:person_id>/inzage.json": Row(EXPORT, {"person_id": "person"}),
    "rechten/huishoudens/<int:pk>/": Row(RIGHTS, HH),
    "rechten/huishoudens/<int:pk>/beperken/": Row(RIGHTS, HH, POST),
    "rechten/huishoudens/<int:pk>/opheffen/": Row(RIGHTS, HH, POST),
    "rechten/huishoudens/<int:pk>/wissen/": Row(RIGHTS, HH, POST),
    "budget/": Row(STAFF_LIST),
    "budget/vaststellen/": Row(BUDGET_SETTER, methods=GET_POST),
    "budget/<int:pk>/": Row(BUDGET, {"pk": "budget"}),
    "budget/aanvragen/<int:pk>/goedkeuren/": Row(BUDGET, {"pk": "spending_request"}, POST),
    "budget/aanvragen/<int:pk>/afwijzen/": Row(BUDGET, {"pk": "spending_request"}, POST),
    "budget/huishoudens/<int:pk>/aanvragen/": Row(CONTENT, HH, GET_POST),
    "buurt/signalen/": Row(SIGNAL_LIST),
    "buurt/signalen/nieuw/": Row(SIGNAL_FILE, methods=GET_POST),
    "buurt/signalen/export/": Row(SIGNAL_LIST),
    "buurt/signalen/<int:pk>/": Row(SIGNAL_READ, {"pk": "signal"}),
    "buurt/signalen/<int:pk>/sluiten/": Row(SIGNAL_WORK, {"pk": "signal"}, POST),
    "buurt/signalen/<int:pk>/heropenen/": Row(SIGNAL_WORK, {"pk": "signal"}, POST),
    "buurt/activiteiten/": Row(STAFF_LIST),
    "buurt/activiteiten/nieuw/": Row(COORDINATOR_ONLY, methods=GET_POST),
    "buurt/activiteiten/<int:pk>/": Row(ACTIVITY_READ, ACTIVITY),
    "buurt/activiteiten/<int:pk>/wijzigen/": Row(ACTIVITY_WORK, ACTIVITY, GET_POST),
    "buurt/activiteiten/<int:pk>/starten/": Row(ACTIVITY_WORK, ACTIVITY, POST),
    "buurt/activiteiten/<int:pk>/deelname/": Row(ACTIVITY_WORK, ACTIVITY, POST),
    "buurt/activiteiten/<int:pk>/afronden/": Row(ACTIVITY_WORK, ACTIVITY, GET_POST),
    "buurt/activiteiten/<int:pk>/signalen/": Row(ACTIVITY_WORK, ACTIVITY, POST),
    "buurt/activiteiten/<int:pk>/voorzieningen/": Row(ACTIVITY_WORK, ACTIVITY),
    "buurt/activiteiten/<int:pk>/voorzieningen/koppelen/": Row(ACTIVITY_WORK, ACTIVITY, POST),
    "buurt/activiteiten/<int:pk>/voorzieningen/ontkoppelen/": Row(ACTIVITY_WORK, ACTIVITY, POST),
    "sociale-kaart/": Row(STAFF_LIST),
    "sociale-kaart/nieuw/": Row(SOCIAL_MAP_MANAGER, methods=GET_POST),
    "sociale-kaart/importeren/": Row(SOCIAL_MAP_MANAGER, methods=GET_POST),
    "sociale-kaart/exporteren/": Row(STAFF_LIST),
    "sociale-kaart/<int:pk>/": Row(STAFF_LIST, {"pk": "provision"}),
    "sociale-kaart/<int:pk>/wijzigen/": Row(SOCIAL_MAP_MANAGER, {"pk": "provision"}, GET_POST),
    "sociale-kaart/<int:pk>/actief/": Row(SOCIAL_MAP_MANAGER, {"pk": "provision"}, POST),
    # A team's capacity and norms: its coordinator only (counts and names, no client data).
    "teams/capaciteit/": Row(rule("forbidden", coordinator="to:/teams/{team}/capaciteit/")),
    "teams/<int:pk>/capaciteit/": Row(COORDINATOR_ONLY, {"pk": "team"}),
    "teams/<int:pk>/normen/": Row(COORDINATOR_ONLY, {"pk": "team"}, POST),
    "overleg/": Row(STAFF_LIST),
    "overleg/teams/<int:pk>/": Row(CONFERENCE_TEAM, {"pk": "team"}),
    "overleg/teams/<int:pk>/nieuw/": Row(CONFERENCE_TEAM, {"pk": "team"}, GET_POST),
    "overleg/<int:pk>/": Row(CONFERENCE_TEAM, {"pk": "conference"}),
    "overleg/<int:pk>/bewerken/": Row(CONFERENCE_TEAM, {"pk": "conference"}, GET_POST),
    "overleg/<int:pk>/agenda/": Row(CONFERENCE_TEAM, {"pk": "conference"}, POST),
    "overleg/agendapunten/<int:pk>/conclusie/": Row(CONTENT, {"pk": "agenda_item"}, POST),
    "overleg/agendapunten/<int:pk>/actie/": Row(CONTENT, {"pk": "agenda_item"}, POST),
    "backoffice/": Row(BACK_OFFICE_ONLY),
    "backoffice/zaken/<int:case_pk>/advies/": Row(CONTENT, CASE_PK, GET_POST),
    "backoffice/adviezen/<int:pk>/": Row(
        SENT_TO_BACK_OFFICE, {"pk": "advice"}, shows=BACK_OFFICE_SHOWS
    ),
    "backoffice/adviezen/<int:pk>/bewerken/": Row(CONTENT, {"pk": "advice"}, POST),
    "backoffice/adviezen/<int:pk>/intrekken/": Row(CONTENT, {"pk": "advice"}, POST),
    "backoffice/adviezen/<int:pk>/besluit/": Row(
        BACK_OFFICE_ONLY, {"pk": "advice"}, POST, shows=BACK_OFFICE_SHOWS
    ),
    "backoffice/huishoudens/<int:pk>/": Row(BACK_OFFICE_ONLY, HH),
    "backoffice/huishoudens/<int:pk>/contactpersoon/": Row(BACK_OFFICE_ONLY, HH, POST),
    "backoffice/zaken/<int:case_pk>/doorbraak/": Row(CONTENT, CASE_PK, GET_POST),
    "backoffice/doorbraken/<int:pk>/": Row(SENT_TO_BACK_OFFICE, {"pk": "breakthrough"}),
    "backoffice/doorbraken/<int:pk>/stap/": Row(BACK_OFFICE_ONLY, {"pk": "breakthrough"}, POST),
    # The API's own pages (its operations are in OPERATIONS).
    "monitoring/wijkanalyse/": Row(AREA_ANALYSIS),
    "monitoring/wijkanalyse/export/": Row(AREA_ANALYSIS),
    # The dashboard: the same people as the area analysis (ADR 0011 suppression outside the team).
    "monitoring/dashboard/": Row(AREA_ANALYSIS),
    "monitoring/dashboard/export/": Row(AREA_ANALYSIS),
    "taken/nieuw/wijkanalyse-export/": Row(AREA_ANALYSIS, methods=POST),
    "taken/nieuw/dashboard-export/": Row(AREA_ANALYSIS, methods=POST),
    "taken/<int:pk>/": Row(JOB_OWN, {"pk": "job"}),
    "taken/<int:pk>/voortgang/": Row(JOB_OWN, {"pk": "job"}),
    "taken/<int:pk>/download/": Row(JOB_OWN, {"pk": "job"}),
    "kenniskring/": Row(KNOWLEDGE_NETWORK),
    "kenniskring/rondes/nieuw/": Row(KNOWLEDGE_NETWORK, methods=POST),
    "kenniskring/rondes/<int:pk>/invullen/": Row(KNOWLEDGE_NETWORK, {"pk": "kk_round"}, GET_POST),
    "kenniskring/rondes/<int:pk>/vergelijking/": Row(KNOWLEDGE_NETWORK, {"pk": "kk_round"}),
    "kenniskring/rondes/<int:pk>/overzicht/": Row(KNOWLEDGE_NETWORK, {"pk": "kk_round"}),
    "kenniskring/rondes/<int:pk>/open/": Row(KNOWLEDGE_NETWORK, {"pk": "kk_round"}, POST),
    "api/": Row(STAFF_LIST),
    "api/schema/": Row(PUBLIC),
    "api/docs/": Row(PUBLIC),
    "i18n/setlang/": Row(PUBLIC, methods=POST),
}

# The admin (/beheer/): the functional administrator's group may view, change and delete
# authenticator apps (to reset a lost phone) and nothing else. A model newly registered in the
# admin adds routes that have no row here, and fails until someone decides who may see it.
ADMIN_MODELS = {
    # admin URL prefix: (object filling <object_id>, what the functional administrator may)
    "auth/group/": ("group", set()),
    "authtoken/tokenproxy/": ("token_user", set()),
    "axes/accessattempt/": ("accessattempt", set()),
    "axes/accesslog/": ("accesslog", set()),
    "axes/accessfailurelog/": ("accessfailurelog", set()),
    "otp_totp/totpdevice/": ("device", {"view", "change", "delete"}),
    # A staff account: residents' accounts are not in the admin at all (accounts/tests).
    "accounts/user/": ("token_user", set()),
}


def _admin_rows() -> dict[str, Row]:
    rows = {
        "beheer/": Row(admin_rule("ok")),
        "beheer/login/": Row(rule("ok", anonymous="ok", functional_admin="to:/beheer/")),
        # Logging out of the admin sends whoever is not in it to its start page.
        "beheer/logout/": Row(
            rule("to:/beheer/", anonymous="to:/beheer/", functional_admin="to:/inloggen/"),
            methods=POST,
        ),
        "beheer/password_change/": Row(admin_rule("ok")),
        "beheer/password_change/done/": Row(admin_rule("ok")),
        "beheer/autocomplete/": Row(admin_rule("forbidden")),
        "beheer/jsi18n/": Row(admin_rule("ok")),
        # "View on site" of a household: households have no page address to give.
        "beheer/r/<path:content_type_id>/<path:object_id>/": Row(
            admin_rule("hidden"),
            {"content_type_id": "household_type", "object_id": "household"},
        ),
        "beheer/otp_totp/totpdevice/<int:pk>/config/": Row(
            admin_rule("forbidden"), {"pk": "device"}
        ),
        "beheer/otp_totp/totpdevice/<int:pk>/qrcode/": Row(
            admin_rule("forbidden"), {"pk": "device"}
        ),
        "beheer/accounts/user/<id>/password/": Row(
            admin_rule("forbidden"), {"id": "resident_user"}
        ),
        # The apps in the order of registration (accounts.admin registers otp_totp's again).
        "beheer/(?P<app_label>auth|authtoken|axes|accounts|otp_totp)/$": Row(
            admin_rule("ok"), path="/beheer/otp_totp/"
        ),
        "beheer/(?P<url>.*)$": Row(admin_rule("hidden"), path="/beheer/nergens/"),
    }
    for prefix, (obj, may) in ADMIN_MODELS.items():
        fill = {"object_id": obj}

        def allowed(permission: str) -> str:
            return "ok" if permission in may else "forbidden"  # noqa: B023

        rows[f"beheer/{prefix}"] = Row(admin_rule(allowed("view")))
        rows[f"beheer/{prefix}add/"] = Row(admin_rule(allowed("add")))
        rows[f"beheer/{prefix}<path:object_id>/history/"] = Row(admin_rule(allowed("view")), fill)
        rows[f"beheer/{prefix}<path:object_id>/delete/"] = Row(admin_rule(allowed("delete")), fill)
        rows[f"beheer/{prefix}<path:object_id>/change/"] = Row(admin_rule(allowed("view")), fill)
        rows[f"beheer/{prefix}<path:object_id>/"] = Row(
            admin_rule(f"to:/beheer/{prefix}{{{obj}}}/change/"), fill
        )
    return rows


ROUTES.update(_admin_rows())

ID = {"id": "household"}
CASE_ID = {"id": "case"}
OPERATIONS: dict[str, Row] = {
    "PATCH /api/actions/{id}/": Row(CONTENT, {"id": "action"}),
    "GET /api/areas/": Row(STAFF_LIST),
    "GET /api/areas/{id}/": Row(STAFF_LIST, {"id": "area"}),
    "GET /api/audit/entries/": Row(LOG_OFFICER_ONLY),
    "GET /api/cases/": Row(STAFF_LIST),
    "GET /api/cases/{id}/": Row(CONTENT, CASE_ID),
    "POST /api/cases/{id}/activate-plan/": Row(CONTENT, CASE_ID),
    "GET /api/cases/{id}/assessments/": Row(CONTENT, CASE_ID),
    "POST /api/cases/{id}/assessments/": Row(CONTENT, CASE_ID),
    "POST /api/cases/{id}/close/": Row(CONTENT, CASE_ID),
    "GET /api/cases/{id}/contacts/": Row(CONTENT, CASE_ID),
    "POST /api/cases/{id}/contacts/": Row(CONTENT, CASE_ID),
    "POST /api/cases/{id}/goals/": Row(CONTENT, CASE_ID),
    "POST /api/cases/{id}/hand-over/": Row(CONTENT, CASE_ID),
    "POST /api/cases/{id}/intake/": Row(CONTENT, CASE_ID),
    "GET /api/cases/{id}/plan/revisions/": Row(CONTENT, CASE_ID),
    "POST /api/cases/{id}/plan/revisions/": Row(CONTENT, CASE_ID),
    "POST /api/cases/{id}/reopen/": Row(CONTENT, CASE_ID),
    "POST /api/cases/{id}/stop/": Row(CONTENT, CASE_ID),
    "POST /api/cases/{id}/transfer/": Row(CONTENT, CASE_ID),
    "PUT /api/cases/{id}/themes/": Row(CONTENT, CASE_ID),
    "GET /api/themes/": Row(STAFF_LIST),
    "POST /api/themes/": Row(THEME_MANAGER),
    "PATCH /api/themes/{id}/": Row(THEME_MANAGER, {"id": "theme"}),
    "GET /api/cases/caseload/": Row(STAFF_LIST),
    "GET /api/budgets/": Row(STAFF_LIST),
    "POST /api/budgets/": Row(BUDGET_SETTER),
    "GET /api/budgets/{id}/": Row(BUDGET, {"id": "budget"}),
    "POST /api/spending-requests/": Row(STAFF_LIST),
    "POST /api/spending-requests/{id}/approve/": Row(BUDGET, {"id": "spending_request"}),
    "POST /api/spending-requests/{id}/refuse/": Row(BUDGET, {"id": "spending_request"}),
    "GET /api/neighbourhood-signals/": Row(SIGNAL_LIST),
    "POST /api/neighbourhood-signals/": Row(SIGNAL_FILE),
    "GET /api/neighbourhood-signals/{id}/": Row(SIGNAL_READ, {"id": "signal"}),
    "POST /api/neighbourhood-signals/{id}/close/": Row(SIGNAL_WORK, {"id": "signal"}),
    "POST /api/neighbourhood-signals/{id}/reopen/": Row(SIGNAL_WORK, {"id": "signal"}),
    "GET /api/collective-activities/": Row(STAFF_LIST),
    "POST /api/collective-activities/": Row(COORDINATOR_ONLY),
    "GET /api/collective-activities/{id}/": Row(ACTIVITY_READ, ACTIVITY_ID),
    "PATCH /api/collective-activities/{id}/": Row(ACTIVITY_WORK, ACTIVITY_ID),
    "POST /api/collective-activities/{id}/participations/": Row(ACTIVITY_WORK, ACTIVITY_ID),
    "POST /api/collective-activities/{id}/signals/": Row(ACTIVITY_WORK, ACTIVITY_ID),
    "POST /api/collective-activities/{id}/end/": Row(ACTIVITY_WORK, ACTIVITY_ID),
    "GET /api/provisions/": Row(STAFF_LIST),
    "POST /api/provisions/": Row(SOCIAL_MAP_MANAGER),
    "POST /api/provisions/search/": Row(STAFF_LIST),
    "GET /api/provisions/{id}/": Row(STAFF_LIST, {"id": "provision"}),
    "PATCH /api/provisions/{id}/": Row(SOCIAL_MAP_MANAGER, {"id": "provision"}),
    "POST /api/provisions/import/": Row(SOCIAL_MAP_MANAGER),
    "GET /api/provisions/export/": Row(STAFF_LIST),
    "GET /api/conferences/": Row(STAFF_LIST),
    "POST /api/conferences/": Row(STAFF_LIST),
    "GET /api/conferences/{id}/": Row(CONFERENCE_TEAM, {"id": "conference"}),
    "PATCH /api/conferences/{id}/": Row(CONFERENCE_TEAM, {"id": "conference"}),
    "POST /api/conferences/{id}/agenda-items/": Row(CONFERENCE_TEAM, {"id": "conference"}),
    "POST /api/agenda-items/{id}/conclusions/": Row(CONTENT, {"id": "agenda_item"}),
    "POST /api/agenda-items/{id}/actions/": Row(CONTENT, {"id": "agenda_item"}),
    "GET /api/teams/{id}/time-balance/": Row(CONFERENCE_TEAM, {"id": "team"}),
    "GET /api/advices/": Row(STAFF_LIST),
    "POST /api/advices/": Row(STAFF_LIST),
    "GET /api/advices/{id}/": Row(SENT_TO_BACK_OFFICE, {"id": "advice"}, shows=BACK_OFFICE_SHOWS),
    "POST /api/advices/{id}/send/": Row(CONTENT, {"id": "advice"}),
    "POST /api/advices/{id}/withdraw/": Row(CONTENT, {"id": "advice"}),
    "POST /api/advices/{id}/decisions/": Row(BACK_OFFICE_ONLY, {"id": "advice"}),
    "GET /api/households/{id}/back-office-contact/": Row(SENT_TO_BACK_OFFICE, ID),
    "POST /api/households/{id}/back-office-contact/": Row(BACK_OFFICE_ONLY, ID),
    "GET /api/breakthroughs/": Row(STAFF_LIST),
    "POST /api/breakthroughs/": Row(STAFF_LIST),
    "GET /api/breakthroughs/{id}/": Row(SENT_TO_BACK_OFFICE, {"id": "breakthrough"}),
    "POST /api/breakthroughs/{id}/transition/": Row(BACK_OFFICE_ONLY, {"id": "breakthrough"}),
    "GET /api/emergency-accesses/": Row(COORDINATOR_ONLY),
    "POST /api/goals/{id}/actions/": Row(CONTENT, {"id": "goal"}),
    "GET /api/households/": Row(STAFF_LIST),
    "GET /api/households/{id}/": Row(CONTENT, ID),
    "PATCH /api/households/{id}/": Row(CONTENT, ID),
    "POST /api/households/{id}/emergency-access/": Row(EMERGENCY_START, ID),
    "GET /api/households/{id}/known/": Row(KNOWN_CARD_API, ID),
    "POST /api/households/{id}/persons/": Row(CONTENT, ID),
    "GET /api/households/{id}/sharing-grounds/": Row(SHARING_API, ID),
    "POST /api/households/{id}/sharing-grounds/": Row(SHARING_API, ID),
    "GET /api/households/{id}/timeline/": Row(CONTENT, ID),
    "GET /api/households/{id}/zrm-progress/": Row(CONTENT, ID),
    "POST /api/households/search/": Row(STAFF_LIST),
    "POST /api/known-lookups/": Row(LOOKUP),
    "PATCH /api/persons/{id}/": Row(CONTENT, {"id": "person"}),
    "GET /api/persons/{id}/export/": Row(EXPORT, {"id": "person"}),
    "GET /api/plan-revisions/compare/": Row(CONTENT, query="older={older}&newer={newer}"),
    "POST /api/registrations/": Row(STAFF_LIST),
    "POST /api/sharing-grounds/{id}/withdraw/": Row(SHARING_API, {"id": "ground"}),
    "GET /api/teams/": Row(STAFF_LIST),
    "GET /api/teams/{id}/": Row(STAFF_LIST, {"id": "team"}),
    "GET /api/teams/{id}/inbox/": Row(STAFF_LIST, {"id": "team"}),
    "GET /api/teams/{id}/capacity/": Row(COORDINATOR_ONLY, {"id": "team"}),
    "GET /api/teams/{id}/norms/": Row(COORDINATOR_ONLY, {"id": "team"}),
    "PUT /api/teams/{id}/norms/": Row(COORDINATOR_ONLY, {"id": "team"}),
    "POST /api/token/": Row(PUBLIC),
    "GET /api/zrm/matrix/": Row(STAFF_LIST),
    "GET /api/area-analysis/": Row(AREA_ANALYSIS),
    "GET /api/dashboard/": Row(AREA_ANALYSIS),
    "GET /api/knowledge-network/rounds/": Row(KNOWLEDGE_NETWORK),
    "GET /api/knowledge-network/rounds/{id}/response/": Row(KNOWLEDGE_NETWORK, {"id": "kk_round"}),
    "PUT /api/knowledge-network/rounds/{id}/response/": Row(KNOWLEDGE_NETWORK, {"id": "kk_round"}),
    "GET /api/knowledge-network/rounds/{id}/comparison/": Row(
        KNOWLEDGE_NETWORK, {"id": "kk_round"}
    ),
}


# Enumeration ------------------------------------------------------------------------------------


def url_routes() -> dict[str, URLPattern]:
    """Every URL pattern, as the route string ``resolve()`` reports for it."""
    found: dict[str, URLPattern] = {}

    def walk(resolver: URLResolver, prefix: str) -> None:
        for pattern in resolver.url_patterns:
            route = URLResolver._join_route(prefix, str(pattern.pattern))
            if isinstance(pattern, URLResolver):
                walk(pattern, route)
            else:
                found[route] = pattern

    walk(get_resolver(), "")
    return found


def api_schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def schema_operations(schema: dict) -> set[str]:
    return {
        f"{method.upper()} {path}"
        for path, item in schema["paths"].items()
        for method in item
        if method in HTTP_METHODS
    }


def _shape(path: str) -> str:
    """A path with its parameters blanked, to match URL routes with schema paths."""
    return re.sub(r"\{[^}]*\}|<[^>]*>", "{}", path)


def _view_methods(pattern: URLPattern) -> set[str]:
    callback = pattern.callback
    actions = getattr(callback, "actions", None)
    if actions:  # a viewset's route: exactly the methods it maps
        # DRF adds "head" to the map at the first request; HEAD and OPTIONS answer for any GET.
        return {method.upper() for method in actions} - {"HEAD", "OPTIONS"}
    view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    return {
        method.upper()
        for method in view_class.http_method_names
        if method not in {"options", "head"} and hasattr(view_class, method)
    }


@pytest.fixture(scope="module")
def schema() -> dict:
    return api_schema()


def _api_routes(schema: dict) -> dict[str, URLPattern]:
    """The URL routes that the schema documents (their persona rows are in OPERATIONS)."""
    shapes = {_shape(path) for path in schema["paths"]}
    return {
        route: pattern
        for route, pattern in url_routes().items()
        if route.startswith("api/") and _shape(f"/{route}") in shapes
    }


def test_every_url_pattern_has_a_row(schema):
    routes = set(url_routes()) - set(_api_routes(schema))
    missing = sorted(routes - set(ROUTES))
    stale = sorted(set(ROUTES) - routes)
    assert not missing, f"URL patterns without a row in ROUTES (who may see them?): {missing}"
    assert not stale, f"Rows in ROUTES for URL patterns that no longer exist: {stale}"


def test_every_api_operation_has_a_row(schema):
    operations = schema_operations(schema)
    missing = sorted(operations - set(OPERATIONS))
    stale = sorted(set(OPERATIONS) - operations)
    assert not missing, f"API operations without a row in OPERATIONS: {missing}"
    assert not stale, f"Rows in OPERATIONS for operations that no longer exist: {stale}"


def test_every_method_of_an_api_route_is_in_the_schema(schema):
    """A method the schema leaves out would escape the matrix: each route's view answers
    exactly the methods the schema lists for its path."""
    by_shape: dict[str, set[str]] = {}
    for operation in schema_operations(schema):
        method, path = operation.split(" ", 1)
        by_shape.setdefault(_shape(path), set()).add(method)
    for route, pattern in _api_routes(schema).items():
        assert _view_methods(pattern) <= by_shape[_shape(f"/{route}")], route


# The world and the requests ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def persona_world(django_db_setup, django_db_blocker) -> PersonaWorld:
    """Built once for the module, in a transaction rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_persona_world()
        transaction.set_rollback(True)


@pytest.fixture
def db(persona_world) -> None:
    """pytest-django's ``db``, overridden for this module: a savepoint on the world, rolled back
    after the test, so a POST that gets through changes nothing for the next one. Cheaper than
    the original by far, which matters two thousand times; asking for ``db`` by name still tells
    pytest-django to set up the test database."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@dataclass(frozen=True)
class Ask:
    """One request of the matrix: ``method`` on ``template`` (a route or a schema path)."""

    id: str
    row: Row
    method: str
    template: str  # "/zaken/<int:pk>/" or "/api/cases/{id}/"
    route: str | None  # the URL route, for pages; None for API operations

    @property
    def api(self) -> bool:
        return self.route is None


def _cases() -> list[Ask]:
    cases = []
    for route, row in ROUTES.items():
        for method in row.methods:
            cases.append(Ask(f"{method} /{route}", row, method, f"/{route}", route))
    for operation, row in OPERATIONS.items():
        method, path = operation.split(" ", 1)
        cases.append(Ask(operation, row, method, path, None))
    return cases


def _params():
    for ask in _cases():
        for persona in PERSONAS:
            yield pytest.param(ask, persona, id=f"{ask.id} as {persona}")


def _url(ask: Ask, ids: dict[str, str]) -> str:
    row = ask.row
    if row.path:
        path = row.path.format(**ids)
    else:

        def fill(match: re.Match) -> str:
            return ids[row.fill[match.group(1).split(":")[-1]]]

        path = re.sub(r"[<{]([^>}]+)[>}]", fill, ask.template)
    return f"{path}?{row.query.format(**ids)}" if row.query else path


def _expected(outcome: str, *, api: bool, unsafe: bool, ids: dict[str, str]):
    """The statuses that ``outcome`` allows, and where a redirect must go (or None)."""
    if outcome == "ok":
        return ({200, 201, 204, 302, 400, 409} if unsafe else {200}), None
    if outcome == "self":
        return {200, 302}, None
    if outcome == "hidden":
        return {404}, None
    if outcome == "forbidden":
        return {403}, None
    if outcome == "denied":
        return {403, 404}, None
    if outcome == "login":
        return ({401}, None) if api else ({302}, "/inloggen/")
    if outcome.startswith("to:"):
        return {302}, outcome[3:].format(**ids)
    raise ValueError(outcome)


def _ask(persona_world: PersonaWorld, persona: str, method: str, url: str, api: bool):
    client = Client()
    if persona != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = persona_world.sessions[persona]
    if api:
        body = json.dumps({}) if method in UNSAFE else None
        return client.generic(
            method,
            url,
            data=body or "",
            content_type="application/json",
            HTTP_ACCEPT="application/json",
        )
    if method == "GET":
        return client.get(url)
    return client.generic(method, url, data="", content_type="application/x-www-form-urlencoded")


def _leaks(response, secrets: tuple[str, ...]) -> list[str]:
    text = response.content.decode("utf-8", errors="replace")
    text += "\n".join(f"{name}: {value}" for name, value in response.items())
    return [secret for secret in secrets if secret.lower() in text.lower()]


@pytest.mark.parametrize(("ask", "persona"), list(_params()))
def test_persona_gets_what_the_rules_give(db, persona_world, ask, persona):
    ids = persona_world.ids
    url = _url(ask, ids)
    if ask.route is not None:  # the row's objects fill this very route
        assert resolve(url.split("?")[0]).route == ask.route, url
    # The API's own pages answer like pages; its operations like the API.
    api = ask.api or ask.route == "api/"
    response = _ask(persona_world, persona, ask.method, url, api)
    outcome = ask.row.rule[persona]
    statuses, location = _expected(outcome, api=api, unsafe=ask.method in UNSAFE, ids=ids)
    status = response.status_code
    where = f" to {response['Location']}" if response.has_header("Location") else ""
    said = f"{ask.id} as {persona}: {status}{where}, the rule says {outcome}"
    assert status in statuses, said
    if location is not None:
        assert response["Location"].split("?")[0] == location, said
    elif status == 302:  # allowed: a redirect onwards, never back to a login page
        assert not response["Location"].startswith(("/inloggen/", "/beheer/login/")), said
    if persona not in SEES_HOUSEHOLD:
        shown = ask.row.shows.get(persona, ())
        leaked = _leaks(response, tuple(value for value in SECRETS if value not in shown))
        assert not leaked, f"{ask.id} as {persona} ({status}) shows {leaked}"
    if persona not in SEES_OTHER_HOUSEHOLD:
        leaked = _leaks(response, OTHER_SECRETS)
        assert not leaked, f"{ask.id} as {persona} ({status}) shows the other household's {leaked}"


# Before the second factor --------------------------------------------------------------------

# The routes a staff login reaches before it has passed the second factor (``OPEN_VIEWS`` and
# the second factor's own pages in wijkteam.accounts.middleware).
OPEN_BEFORE_SECOND_FACTOR = {
    "GET /inloggen/",
    "POST /inloggen/",
    "POST /uitloggen/",
    "GET /tweestap/",
    "GET /tweestap/instellen/",
    "POST /tweestap/instellen/",
    "GET /tweestap/controleren/",
    "POST /tweestap/controleren/",
    "POST /i18n/setlang/",
    "GET /api/schema/",
    "GET /api/docs/",
    "POST /api/token/",
}


@pytest.mark.parametrize("ask", [pytest.param(ask, id=ask.id) for ask in _cases()])
def test_before_the_second_factor_the_director_gets_nothing(db, persona_world, ask):
    """With two-step verification on (the default outside tests), the director's login that has
    not entered a code yet is sent to the code page everywhere, or refused by the API."""
    url = _url(ask, persona_world.ids)
    api = ask.api or ask.route == "api/"
    with override_settings(WIJKTEAM_2FA_REQUIRED=True):
        response = _ask(persona_world, "director", ask.method, url, api)
    if ask.id not in OPEN_BEFORE_SECOND_FACTOR:
        if api:
            assert response.status_code == 403, ask.id
            assert response.json()["code"] == "second_factor_required", ask.id
        else:
            assert response.status_code == 302, ask.id
            assert response["Location"].startswith("/tweestap/controleren/"), ask.id
    assert not _leaks(response, SECRETS + OTHER_SECRETS), ask.id


# The control: the values searched for are there for who may see them ---------------------------

CONTROLS = [
    # (persona, request, what it must show); together every value of SECRETS and OTHER_SECRETS
    (
        "director",
        "GET /huishoudens/{household}/",
        ("Zephyrina", "Quackenbosch", "Vlindertuinstraat"),
    ),
    ("director", "GET /zaken/{case}/", ("Zwaluwhof", "Xylofoonrust", "Pimpelmees", "Quokkadag")),
    ("director", "GET /api/cases/{case}/assessments/", ("Narwalnacht",)),
    ("cjg_coach", "GET /api/persons/{person}/export/", SECRETS),
    ("resident", "GET /rechten/personen/{person}/inzage.json", SECRETS),
    ("other_resident", "GET /api/persons/{other_person}/export/", OTHER_SECRETS),
    # The exception of ``Row.shows`` is not empty: the back office sees the advice's person.
    ("backoffice", "GET /backoffice/adviezen/{advice}/", ADVICE_SHOWS),
]


@pytest.mark.parametrize(("persona", "request_line", "shown"), CONTROLS)
def test_who_may_see_the_file_sees_the_values_searched_for(
    db, persona_world, persona, request_line, shown
):
    """Without this, a matrix whose values appeared nowhere would prove nothing."""
    method, template = request_line.split(" ", 1)
    ids = {**persona_world.ids, "other_person": str(persona_world.other_person.pk)}
    url = template.format(**ids)
    response = _ask(persona_world, persona, method, url, url.startswith("/api/"))
    assert response.status_code == 200, request_line
    assert _leaks(response, tuple(shown)) == list(shown), request_line


def test_the_controls_cover_every_value():
    shown = {value for _persona, _request, values in CONTROLS for value in values}
    assert {*SECRETS, *OTHER_SECRETS} <= shown
