"""The demo's social map: a Haarlem-like catalogue of 40 provisions, from self-help to tailored
provisions, loaded through the same CSV import the functional administrator uses.

Every provider is marked "(demo)" and every contact detail is made up (023-5xx xx xx numbers,
example.org addresses), so nobody real is called or mailed. After the catalogue, the demo's plan
actions that clearly use one of these provisions are linked to it.
"""

from __future__ import annotations

import io

from django.db import transaction

from wijkteam.core.csvio import csv_rows_write
from wijkteam.plans.models import Action
from wijkteam.socialmap.models import Provision
from wijkteam.socialmap.services import PROVISION_COLUMNS, provisions_import

MUNICIPALITY_CODE = "0392"
WELFARE = "Welzijn Haarlem (demo)"
MUNICIPALITY_WMO = "Gemeente Haarlem – Wmo (demo)"
MUNICIPALITY_WI = "Gemeente Haarlem – Werk & Inkomen (demo)"
LIBRARY = "Bibliotheek Zuid-Kennemerland (demo)"
VOLUNTEERS = "Vrijwilligerscentrale Haarlem (demo)"
CARERS = "Mantelzorgsteunpunt Haarlem (demo)"

# (name, provider, kind, life domains, team areas, description, conditions)
CATALOGUE: list[tuple[str, str, str, str, str, str, str]] = [
    # Step 1: own strength, with a little help to find the way.
    (
        "Geldzaken-check online",
        "Gemeente Haarlem (demo)",
        "self_help",
        "finances",
        "",
        "Een anonieme online test: hoe staan je geldzaken ervoor, en wat kun je zelf doen?",
        "Gratis, anoniem",
    ),
    (
        "Mantelzorgtest online",
        CARERS,
        "self_help",
        "domestic_relations|mental_health",
        "",
        "Hoe zwaar is de zorg voor een naaste? Met tips voor wat je zelf kunt regelen.",
        "Gratis, anoniem",
    ),
    (
        "Online zelfhulp bij somberheid",
        "GGZ Kennemerland (demo)",
        "self_help",
        "mental_health",
        "",
        "Een zelfhulpprogramma van zes weken, in eigen tempo.",
        "Gratis, zonder verwijzing",
    ),
    # Step 2: network, volunteers and informal initiatives.
    (
        "Schuldhulpmaatje",
        "Stichting Schuldhulpmaatje Haarlem (demo)",
        "volunteer",
        "finances",
        "",
        "Een getrainde vrijwilliger helpt de post, betalingen en schuldeisers op orde te "
        "brengen, naast of na de schuldhulpverlening.",
        "Gratis; zelf aanmelden of via het wijkteam",
    ),
    (
        "Thuisadministratie",
        "Humanitas Kennemerland (demo)",
        "volunteer",
        "finances|instrumental_adl",
        "",
        "Een vrijwilliger komt thuis en helpt de administratie te ordenen en bij te houden.",
        "Gratis; wachttijd ongeveer 4 weken",
    ),
    (
        "Formulierenhulp",
        "Humanitas Kennemerland (demo)",
        "volunteer",
        "finances|instrumental_adl",
        "",
        "Hulp bij het invullen van formulieren, toeslagen en aanvragen, op een spreekuur.",
        "Gratis, vrije inloop",
    ),
    (
        "Voedselbank",
        "Voedselbank Haarlem e.o. (demo)",
        "volunteer",
        "finances|physical_health",
        "",
        "Wekelijks een voedselpakket voor huishoudens die tijdelijk niet rondkomen.",
        "Met verwijzing van het wijkteam of de sociaal raadslieden; inkomenstoets",
    ),
    (
        "Taalmaatje",
        VOLUNTEERS,
        "volunteer",
        "work_education|social_network|social_participation",
        "",
        "Een vrijwilliger oefent elke week Nederlands in het dagelijks leven.",
        "Gratis",
    ),
    (
        "Buurtbemiddeling",
        "Buurtbemiddeling Haarlem (demo)",
        "volunteer",
        "housing|social_network",
        "",
        "Getrainde buurtbewoners helpen buren een conflict samen op te lossen.",
        "Gratis; beide partijen doen vrijwillig mee",
    ),
    (
        "Respijtzorg door vrijwilligers",
        CARERS,
        "volunteer",
        "domestic_relations|social_network",
        "",
        "Een vrijwilliger neemt een dagdeel per week de zorg over, zodat de mantelzorger op "
        "adem komt.",
        "Gratis",
    ),
    (
        "Maatjesproject Samen op pad",
        VOLUNTEERS,
        "volunteer",
        "social_network|time_use",
        "",
        "Een maatje om samen te wandelen, koffie te drinken of naar de markt te gaan.",
        "Gratis",
    ),
    (
        "Klussendienst",
        VOLUNTEERS,
        "volunteer",
        "housing|instrumental_adl",
        "",
        "Vrijwilligers doen kleine klussen in huis: een lamp, een kraan, een drempel.",
        "Materiaal zelf betalen",
    ),
    (
        "Boodschappen- en vervoersdienst",
        VOLUNTEERS,
        "volunteer",
        "instrumental_adl|social_participation",
        "",
        "Vrijwilligers rijden naar het ziekenhuis of doen samen boodschappen.",
        "Kleine vergoeding per rit",
    ),
    # Step 3: general and collective provisions.
    (
        "Sociaal raadslieden",
        "Sociaal Raadslieden Haarlem (demo)",
        "general",
        "finances|justice|instrumental_adl",
        "",
        "Gratis advies over toeslagen, uitkeringen, belastingen, boetes en brieven van instanties.",
        "Gratis spreekuur, zonder afspraak",
    ),
    (
        "Vroegsignalering betalingsachterstanden",
        MUNICIPALITY_WI,
        "general",
        "finances|housing",
        "",
        "Na een signaal van verhuurder, energie- of zorgverzekeraar belt een medewerker aan "
        "en helpt een betalingsregeling te treffen.",
        "Gratis; op signaal van een partner of op eigen verzoek",
    ),
    (
        "Budgetcursus Rondkomen",
        LIBRARY,
        "general",
        "finances",
        "",
        "Vier avonden over een begroting, sparen en slim besparen.",
        "Gratis, aanmelden vooraf",
    ),
    (
        "Taalcafé",
        LIBRARY,
        "general",
        "work_education|social_participation",
        "",
        "Elke week Nederlands praten aan tafel, met vrijwilligers als gespreksleider.",
        "Gratis, vrije inloop",
    ),
    (
        "Werkcafé",
        "Werkplein Haarlem (demo)",
        "general",
        "work_education|time_use",
        "",
        "Samen solliciteren, een cv maken en vacatures bespreken.",
        "Gratis, vrije inloop",
    ),
    (
        "Cursus positief opvoeden",
        "Centrum voor Jeugd en Gezin (demo)",
        "general",
        "domestic_relations",
        "",
        "Een oudercursus van zes bijeenkomsten met praktische handvatten.",
        "Gratis voor inwoners van Haarlem",
    ),
    (
        "Mantelzorgondersteuning",
        CARERS,
        "general",
        "domestic_relations|mental_health|social_network",
        "",
        "Een consulent denkt mee, bemiddelt naar respijtzorg en organiseert lotgenotencontact.",
        "Gratis",
    ),
    (
        "Huurteam",
        "Huurteam Haarlem (demo)",
        "general",
        "housing",
        "",
        "Advies en hulp bij huurverhoging, servicekosten en achterstallig onderhoud.",
        "Gratis voor huurders",
    ),
    (
        "Inloophuis GGZ De Brug",
        "GGZ Kennemerland (demo)",
        "collective",
        "mental_health|social_network|time_use",
        "",
        "Een plek om binnen te lopen, samen te eten en mee te doen aan activiteiten.",
        "Gratis, zonder indicatie",
    ),
    (
        "Algemene dagbesteding De Werkplaats",
        WELFARE,
        "collective",
        "time_use|social_participation",
        "",
        "Houtbewerking, tuinieren en koken in een groep, zonder indicatie.",
        "Eigen bijdrage € 2,50 per dagdeel",
    ),
    # Step 4: tailored provisions, mostly with a decision (beschikking) of the municipality.
    (
        "Schuldhulpverlening",
        MUNICIPALITY_WI,
        "tailored",
        "finances",
        "",
        "Een schuldregeling of budgetbeheer, met stabilisatie van de situatie eerst.",
        "Aanmelding via het wijkteam; intakegesprek binnen 3 weken",
    ),
    (
        "Bijzondere bijstand",
        MUNICIPALITY_WI,
        "tailored",
        "finances",
        "",
        "Vergoeding van noodzakelijke, bijzondere kosten die niet uit het inkomen kunnen.",
        "Aanvraag met inkomens- en vermogenstoets (Participatiewet)",
    ),
    (
        "Hulp bij het huishouden",
        MUNICIPALITY_WMO,
        "tailored",
        "instrumental_adl|housing",
        "",
        "Schoonmaken en de was, als dat zelf en met het netwerk niet lukt (Wmo-categorie 01).",
        "Wmo-beschikking nodig; eigen bijdrage",
    ),
    (
        "Begeleiding individueel",
        MUNICIPALITY_WMO,
        "tailored",
        "mental_health|instrumental_adl|social_participation",
        "",
        "Een begeleider helpt structuur te houden in het dagelijks leven (Wmo-categorie 02).",
        "Wmo-beschikking nodig",
    ),
    (
        "Dagbesteding met indicatie",
        MUNICIPALITY_WMO,
        "tailored",
        "time_use|social_participation|basic_adl",
        "",
        "Dagbesteding met begeleiding voor wie dat nodig heeft (Wmo-categorie 07).",
        "Wmo-beschikking nodig",
    ),
    (
        "Jeugdhulp ambulant",
        "Jeugdhulp Kennemerland (demo)",
        "tailored",
        "domestic_relations|mental_health",
        "",
        "Hulp thuis bij opvoed- en opgroeiproblemen.",
        "Beschikking jeugdhulp of verwijzing van de huisarts",
    ),
    (
        "Verslavingszorg ambulant",
        "Verslavingszorg Noord-Holland (demo)",
        "tailored",
        "substance_use|mental_health",
        "",
        "Behandeling en begeleiding bij alcohol- en drugsgebruik.",
        "Verwijzing van de huisarts; bij spoed via het wijkteam",
    ),
    (
        "Beschermd wonen",
        MUNICIPALITY_WMO,
        "tailored",
        "housing|mental_health",
        "",
        "Wonen met toezicht en begeleiding (Wmo-categorie 15).",
        "Indicatie via de centrumgemeente",
    ),
]

# One neighbourhood centre per team area (collective provisions, step 3).
CENTRES: list[tuple[str, str, str]] = [
    ("centrum-rozenprieel", "Buurthuis Rozenprieel", "Voorbeeldstraat 1 (demo)"),
    ("noord-1", "Buurtcentrum Delftwijk", "Voorbeeldstraat 2 (demo)"),
    ("noord-2", "Wijkcentrum Kleverpark", "Voorbeeldstraat 3 (demo)"),
    ("oost-1", "Buurtcentrum Slachthuisbuurt", "Voorbeeldstraat 4 (demo)"),
    ("oost-2", "Buurtcentrum Parkwijk", "Voorbeeldstraat 5 (demo)"),
    ("schalkwijk-1", "Buurtcentrum Boerhaave", "Voorbeeldstraat 6 (demo)"),
    ("schalkwijk-2", "Wijkcentrum Europawijk", "Voorbeeldstraat 7 (demo)"),
    ("zuid-west", "Buurtcentrum Zuid-West", "Voorbeeldstraat 8 (demo)"),
]

# Demo plan actions (``core.demo.stories``) that use a provision: the start of their description,
# and the name of the provision. The neighbourhood centre is the one of the case's team area.
ACTION_LINKS: list[tuple[str, str]] = [
    ("Vrijwilliger thuisadministratie", "Thuisadministratie"),
    ("Spreekuur thuisadministratie", "Thuisadministratie"),
    ("Aanmelding bij de schuldhulpverlening", "Schuldhulpverlening"),
    ("Betalingsregeling voor de huurachterstand", "Vroegsignalering betalingsachterstanden"),
    ("Wmo-melding voor hulp bij het huishouden", "Hulp bij het huishouden"),
    ("Oudercursus positief opvoeden", "Cursus positief opvoeden"),
    ("Jeugdhulp na overleg", "Jeugdhulp ambulant"),
    ("Spoedaanmelding bij de verslavingszorg", "Verslavingszorg ambulant"),
    ("Buurtbemiddeling", "Buurtbemiddeling"),
    ("Meedoen aan het werkcafé", "Werkcafé"),
    ("Budgetcursus", "Budgetcursus Rondkomen"),
    ("Vrijwillige respijtzorg", "Respijtzorg door vrijwilligers"),
    ("Huurteam helpt", "Huurteam"),
    ("Een taalmaatje", "Taalmaatje"),
    ("Taalcafé in de bibliotheek", "Taalcafé"),
]
CENTRE_ACTION = "Meedoen aan de open tafel in het buurtcentrum"


def _contact(number: int, name: str) -> dict[str, str]:
    slug = "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-")
    return {
        "phone": f"023-5{number % 100:02d} 00 {number % 90 + 10:02d}",
        "email": f"info@{slug[:40]}.example.org",
        "website": f"https://{slug[:40]}.example.org",
    }


def catalogue_rows() -> list[dict[str, str]]:
    """The demo catalogue as rows of the CSV format (``PROVISION_COLUMNS``)."""
    rows = []
    for number, (name, provider, kind, domains, areas, description, conditions) in enumerate(
        CATALOGUE, start=1
    ):
        rows.append(
            {
                "municipality_code": MUNICIPALITY_CODE,
                "name": name,
                "provider": provider,
                "kind": kind,
                "step": "",
                "life_domains": domains,
                "team_areas": areas,
                "neighbourhoods": "",
                "description": description,
                "conditions": conditions,
                "address": f"Voorbeeldplein {number} (demo), Haarlem",
                "active": "true",
                **_contact(number, name),
            }
        )
    for number, (area, name, address) in enumerate(CENTRES, start=len(CATALOGUE) + 1):
        rows.append(
            {
                "municipality_code": MUNICIPALITY_CODE,
                "name": name,
                "provider": WELFARE,
                "kind": "collective",
                "step": "",
                "life_domains": "time_use|social_network|social_participation",
                "team_areas": area,
                "neighbourhoods": "",
                "description": "Open tafel, koffie-ochtenden, spreekuren en activiteiten voor "
                "iedereen uit de buurt.",
                "conditions": "Gratis, vrije inloop",
                "address": f"{address}, Haarlem",
                "active": "true",
                **_contact(number, name),
            }
        )
    return rows


def demo_social_map_load() -> int:
    """Load (or update) the demo catalogue and link the demo's plan actions; the number of
    provisions. Run after ``demo_load``: the areas must be there, and the actions it made."""
    buffer = io.StringIO()
    rows = catalogue_rows()
    csv_rows_write(stream=buffer, columns=PROVISION_COLUMNS, rows=rows)
    buffer.seek(0)
    with transaction.atomic():
        provisions_import(stream=buffer)
        _actions_link()
    return len(rows)


def _actions_link() -> None:
    by_name = {
        provision.name: provision
        for provision in Provision.objects.filter(municipality__code=MUNICIPALITY_CODE)
    }
    for start, name in ACTION_LINKS:
        provision = by_name[name]
        # Only where the action is at the provision's step, as the plan's rules require.
        Action.objects.filter(
            description__startswith=start, step=provision.step, provision__isnull=True
        ).update(provision=provision)
    centres = {
        provision.areas.get().code: provision
        for provision in Provision.objects.filter(name__in=[name for _a, name, _ad in CENTRES])
    }
    actions = Action.objects.filter(
        description__startswith=CENTRE_ACTION, provision__isnull=True
    ).select_related("goal__plan__case__team__area")
    for action in actions:
        centre = centres.get(action.goal.plan.case.team.area.code)
        if centre is not None and centre.step == action.step:
            Action.objects.filter(pk=action.pk).update(provision=centre)
