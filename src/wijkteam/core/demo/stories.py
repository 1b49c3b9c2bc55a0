"""The questions the demo households bring, with the plan a team would make for them.

The texts are in Dutch because they stand for what Dutch professionals and residents write: they
are demo data, not user interface, so they are not translated. Names of providers end in
"(demo)" where a real organisation could be mistaken for a referral.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from wijkteam.cases.models import Channel, Source, Urgency
from wijkteam.core.domains import LifeDomain as D
from wijkteam.households.models import HouseholdRole
from wijkteam.plans.models import Performer as P


@dataclass(frozen=True)
class ActionSpec:
    step: int
    performer: str
    description: str
    performer_name: str = ""
    # Why this step and not a lower one; used when the service asks for it.
    reason: str = ""
    fast_track: bool = False
    # Added at an evaluation after the plan started, so the plan gets a real revision.
    later: bool = False


@dataclass(frozen=True)
class GoalSpec:
    domain: str
    description: str
    actions: tuple[ActionSpec, ...]
    # The goal is about this household member (first one with the role) instead of everyone.
    person_role: str = ""


@dataclass(frozen=True)
class Story:
    key: str
    question: str
    domains: tuple[str, ...]
    source: str
    channel: str
    goals: tuple[GoalSpec, ...]
    urgency: int = Urgency.NORMAL
    main_age: tuple[int, int] = (25, 60)
    # Members besides the main resident.
    others: tuple[str, ...] = field(default=())


STORIES: dict[str, Story] = {
    story.key: story
    for story in (
        Story(
            key="schulden",
            question=(
                "Huurachterstand van drie maanden en een stapel ongeopende post. "
                "Vraagt hulp om weer overzicht te krijgen."
            ),
            domains=(D.FINANCES, D.HOUSING),
            source=Source.HOUSING,
            channel=Channel.PHONE,
            urgency=Urgency.HIGH,
            others=(HouseholdRole.PARTNER,),
            goals=(
                GoalSpec(
                    D.FINANCES,
                    "We willen weten wat we moeten betalen en geen nieuwe schulden maken.",
                    (
                        ActionSpec(1, P.RESIDENT, "Elke week samen de post openen en sorteren"),
                        ActionSpec(
                            2,
                            P.VOLUNTEER_ORGANISATION,
                            "Vrijwilliger thuisadministratie helpt een maandbegroting maken",
                            "Thuisadministratie (demo)",
                            "Alleen lukt het overzicht niet; niemand in het netwerk kan dit.",
                        ),
                        ActionSpec(
                            4,
                            P.PROFESSIONAL,
                            "Aanmelding bij de schuldhulpverlening van de gemeente",
                            "Gemeente Haarlem – Werk & Inkomen",
                            "Te veel schuldeisers en te hoge schulden voor een eigen regeling.",
                            later=True,
                        ),
                    ),
                ),
                GoalSpec(
                    D.HOUSING,
                    "We willen in ons huis kunnen blijven wonen.",
                    (
                        ActionSpec(
                            3,
                            P.PROVISION,
                            "Betalingsregeling voor de huurachterstand via vroegsignalering",
                            "Woningcorporatie (demo)",
                            "Huisuitzetting dreigt; de corporatie moet meedoen aan een regeling.",
                        ),
                    ),
                ),
            ),
        ),
        Story(
            key="eenzaamheid",
            question=(
                "Meneer is sinds het overlijden van zijn vrouw veel alleen en het huishouden "
                "loopt vast. De huisarts maakt zich zorgen."
            ),
            domains=(D.SOCIAL_NETWORK, D.INSTRUMENTAL_ADL, D.MENTAL_HEALTH),
            source=Source.GP,
            channel=Channel.PHONE,
            main_age=(72, 88),
            goals=(
                GoalSpec(
                    D.SOCIAL_NETWORK,
                    "Ik wil weer een paar keer per week met mensen praten.",
                    (
                        ActionSpec(1, P.RESIDENT, "Zelf de buurvrouw vragen voor een kop koffie"),
                        ActionSpec(
                            2,
                            P.NETWORK_PERSON,
                            "Dochter komt elke zondag langs en belt op woensdag",
                            "dochter",
                            "Zelf contact zoeken lukt nog niet vaak genoeg.",
                        ),
                        ActionSpec(
                            3,
                            P.PROVISION,
                            "Meedoen aan de open tafel in het buurtcentrum",
                            "Buurtcentrum (demo)",
                            "Het netwerk is klein; een vaste plek in de wijk geeft houvast.",
                            later=True,
                        ),
                    ),
                ),
                GoalSpec(
                    D.INSTRUMENTAL_ADL,
                    "Mijn huis moet weer schoon en opgeruimd zijn.",
                    (
                        ActionSpec(
                            2,
                            P.NETWORK_PERSON,
                            "Zoon helpt om de twee weken met boodschappen en opruimen",
                            "zoon",
                            "Door knieklachten lukt het zelf niet.",
                        ),
                        ActionSpec(
                            4,
                            P.PROFESSIONAL,
                            "Wmo-melding voor hulp bij het huishouden",
                            "Gemeente Haarlem – Wmo",
                            "De hulp van de kinderen is niet genoeg en niet vol te houden.",
                            later=True,
                        ),
                    ),
                ),
            ),
        ),
        Story(
            key="gezin",
            question=(
                "Veel spanning thuis; de oudste zoon spijbelt. School vraagt het wijkteam "
                "mee te kijken."
            ),
            domains=(D.DOMESTIC_RELATIONS, D.WORK_EDUCATION, D.MENTAL_HEALTH),
            source=Source.SCHOOL,
            channel=Channel.EMAIL,
            main_age=(35, 48),
            others=(HouseholdRole.PARTNER, HouseholdRole.CHILD, HouseholdRole.CHILD),
            goals=(
                GoalSpec(
                    D.DOMESTIC_RELATIONS,
                    "Minder ruzie in huis en weer samen aan tafel eten.",
                    (
                        ActionSpec(
                            1, P.RESIDENT, "Elke week een vaste gezinsavond zonder telefoon"
                        ),
                        ActionSpec(
                            3,
                            P.PROVISION,
                            "Oudercursus positief opvoeden",
                            "Centrum voor Jeugd en Gezin",
                            "Eigen afspraken houden geen stand; de ouders willen handvatten.",
                        ),
                    ),
                ),
                GoalSpec(
                    D.WORK_EDUCATION,
                    "Onze zoon gaat weer elke dag naar school.",
                    (
                        ActionSpec(
                            2,
                            P.NETWORK_PERSON,
                            "Oom brengt hem de eerste weken 's ochtends naar school",
                            "oom",
                            "Afspraken thuis alleen werken niet.",
                        ),
                        ActionSpec(
                            4,
                            P.PROFESSIONAL,
                            "Jeugdhulp na overleg met de leerplichtambtenaar",
                            "Jeugdhulp (demo)",
                            "Het verzuim loopt op ondanks de hulp van de familie.",
                            later=True,
                        ),
                    ),
                    person_role=HouseholdRole.CHILD,
                ),
            ),
        ),
        Story(
            key="verslaving",
            question=(
                "Melding van de wijkagent: overlast en zorgen over alcoholgebruik. "
                "De bewoner wil zelf ook hulp."
            ),
            domains=(D.SUBSTANCE_USE, D.MENTAL_HEALTH, D.JUSTICE, D.HOUSING),
            source=Source.POLICE,
            channel=Channel.HOME_VISIT,
            urgency=Urgency.CRISIS,
            main_age=(30, 55),
            goals=(
                GoalSpec(
                    D.SUBSTANCE_USE,
                    "Ik wil minder drinken en weer grip krijgen.",
                    (
                        ActionSpec(
                            4,
                            P.PROFESSIONAL,
                            "Spoedaanmelding bij de verslavingszorg",
                            "Verslavingszorg (demo)",
                            "Acuut gezondheidsrisico en dreigende huisuitzetting.",
                            fast_track=True,
                        ),
                    ),
                ),
                GoalSpec(
                    D.HOUSING,
                    "Ik wil dat de buren geen last meer van me hebben.",
                    (
                        ActionSpec(1, P.RESIDENT, "Afspraken met de buren over rust na tien uur"),
                        ActionSpec(
                            2,
                            P.VOLUNTEER_ORGANISATION,
                            "Buurtbemiddeling bij het gesprek met de buren",
                            "Buurtbemiddeling (demo)",
                            "Een eerder gesprek zonder bemiddelaar liep uit de hand.",
                        ),
                    ),
                ),
            ),
        ),
        Story(
            key="werk",
            question=(
                "Jonge moeder, sinds kort zonder werk, wil weer aan de slag en komt met "
                "moeite rond."
            ),
            domains=(D.WORK_EDUCATION, D.FINANCES, D.TIME_USE),
            source=Source.RESIDENT,
            channel=Channel.WALK_IN,
            main_age=(22, 35),
            others=(HouseholdRole.CHILD,),
            goals=(
                GoalSpec(
                    D.WORK_EDUCATION,
                    "Binnen een half jaar heb ik weer werk.",
                    (
                        ActionSpec(
                            1, P.RESIDENT, "CV bijwerken en elke week vijf vacatures bekijken"
                        ),
                        ActionSpec(
                            3,
                            P.PROVISION,
                            "Meedoen aan het werkcafé in de wijk",
                            "Werkcafé (demo)",
                            "Alleen solliciteren levert geen gesprekken op.",
                        ),
                    ),
                ),
                GoalSpec(
                    D.FINANCES,
                    "Rondkomen tot ik weer werk heb.",
                    (
                        ActionSpec(1, P.RESIDENT, "Toeslagen en kwijtschelding aanvragen"),
                        ActionSpec(
                            3,
                            P.PROVISION,
                            "Budgetcursus in de bibliotheek",
                            "Bibliotheek (demo)",
                            "De aanvragen alleen zijn niet genoeg om rond te komen.",
                            later=True,
                        ),
                    ),
                ),
            ),
        ),
        Story(
            key="mantelzorg",
            question=(
                "Mevrouw zorgt voor haar zieke man en is uitgeput. De dochter belt namens haar."
            ),
            domains=(D.PHYSICAL_HEALTH, D.BASIC_ADL, D.SOCIAL_NETWORK),
            source=Source.OWN_NETWORK,
            channel=Channel.PHONE,
            urgency=Urgency.HIGH,
            main_age=(65, 80),
            others=(HouseholdRole.PARTNER,),
            goals=(
                GoalSpec(
                    D.BASIC_ADL,
                    "Mijn man krijgt de verzorging die hij nodig heeft.",
                    (
                        ActionSpec(
                            2,
                            P.NETWORK_PERSON,
                            "De kinderen verdelen de avonden onderling",
                            "kinderen",
                            "Mevrouw kan het niet meer alleen.",
                        ),
                        ActionSpec(
                            4,
                            P.PROFESSIONAL,
                            "Wijkverpleging voor de persoonlijke verzorging in de ochtend",
                            "Zorgbalans wijkverpleging",
                            "De verzorging vraagt verpleegkundige handelingen.",
                        ),
                    ),
                    person_role=HouseholdRole.PARTNER,
                ),
                GoalSpec(
                    D.SOCIAL_NETWORK,
                    "Ik wil af en toe tijd voor mezelf.",
                    (
                        ActionSpec(
                            2,
                            P.VOLUNTEER_ORGANISATION,
                            "Vrijwillige respijtzorg één middag per week",
                            "Steunpunt mantelzorg (demo)",
                            "De familie kan overdag niet.",
                        ),
                    ),
                ),
            ),
        ),
        Story(
            key="woning",
            question=(
                "Vochtige woning met schimmel; de kinderen zijn vaak ziek. Gesprekken met de "
                "verhuurder lopen vast."
            ),
            domains=(D.HOUSING, D.PHYSICAL_HEALTH),
            source=Source.RESIDENT,
            channel=Channel.WALK_IN,
            main_age=(28, 45),
            others=(HouseholdRole.PARTNER, HouseholdRole.CHILD),
            goals=(
                GoalSpec(
                    D.HOUSING,
                    "Een droog en gezond huis voor de kinderen.",
                    (
                        ActionSpec(
                            1, P.RESIDENT, "Dagelijks ventileren en de schimmel fotograferen"
                        ),
                        ActionSpec(
                            2,
                            P.NETWORK_PERSON,
                            "Buurman, aannemer, kijkt mee naar de oorzaak",
                            "buurman",
                            "Eigen maatregelen helpen niet.",
                        ),
                        ActionSpec(
                            3,
                            P.PROVISION,
                            "Huurteam helpt met een klacht over achterstallig onderhoud",
                            "Huurteam (demo)",
                            "De verhuurder reageert niet op eigen verzoeken.",
                            later=True,
                        ),
                    ),
                ),
            ),
        ),
        Story(
            key="statushouder",
            question=(
                "Gezin met een verblijfsvergunning, net in Haarlem. Vragen over taal, brieven van "
                "instanties en meedoen in de wijk."
            ),
            domains=(D.SOCIAL_PARTICIPATION, D.WORK_EDUCATION, D.FINANCES),
            source=Source.OTHER_PARTNER,
            channel=Channel.HOME_VISIT,
            main_age=(28, 45),
            others=(HouseholdRole.PARTNER, HouseholdRole.CHILD, HouseholdRole.CHILD),
            goals=(
                GoalSpec(
                    D.SOCIAL_PARTICIPATION,
                    "We willen de buurt leren kennen en Nederlands oefenen.",
                    (
                        ActionSpec(
                            2,
                            P.VOLUNTEER_ORGANISATION,
                            "Een taalmaatje komt elke week langs",
                            "Taalmaatjes (demo)",
                            "Nog geen netwerk in Haarlem.",
                        ),
                        ActionSpec(
                            3,
                            P.PROVISION,
                            "Taalcafé in de bibliotheek",
                            "Bibliotheek (demo)",
                            "Meer oefening nodig dan een maatje kan geven.",
                        ),
                    ),
                ),
                GoalSpec(
                    D.FINANCES,
                    "We begrijpen de brieven van instanties.",
                    (
                        ActionSpec(
                            1, P.RESIDENT, "Brieven met een vertaalapp lezen, vragen noteren"
                        ),
                        ActionSpec(
                            2,
                            P.VOLUNTEER_ORGANISATION,
                            "Spreekuur thuisadministratie",
                            "Thuisadministratie (demo)",
                            "De brieven zijn te ingewikkeld om alleen te doen.",
                            later=True,
                        ),
                    ),
                ),
            ),
        ),
    )
}

# A later question from a household whose earlier case was closed.
FOLLOW_UP_QUESTION = (
    "Nieuwe vraag na een eerder afgesloten traject: zorgen over de energierekening.",
    (D.FINANCES,),
)

CONTACT_NOTES = (
    "Kennismaking en de vraag samen verkend.",
    "Afspraken van vorige keer nagelopen.",
    "Met het netwerk taken verdeeld.",
    "Casusoverleg: wie doet wat, regie blijft bij de regisseur.",
    "Kort telefonisch contact: het gaat iets beter.",
    "Samen de post doorgenomen.",
    "Evaluatie van het plan met de bewoner.",
)

# Fake names: every family name starts with "Demo-" so nobody mistakes them for real people.
GIVEN_NAMES = (
    "Sanne",
    "Mohamed",
    "Joke",
    "Kees",
    "Fatima",
    "Daan",
    "Priya",
    "Ahmet",
    "Marieke",
    "Jan",
    "Esra",
    "Tom",
    "Ingrid",
    "Youssef",
    "Lotte",
    "Henk",
    "Aylin",
    "Ruud",
    "Naima",
    "Bas",
)
FAMILY_NAMES = (
    "Demo-de Vries",
    "Demo-Jansen",
    "Demo-El Amrani",
    "Demo-Yilmaz",
    "Demo-van Dijk",
    "Demo-Bakker",
    "Demo-Kramer",
    "Demo-Pinas",
    "Demo-Hoekstra",
    "Demo-Öztürk",
    "Demo-de Graaf",
    "Demo-Mulder",
    "Demo-Benali",
    "Demo-Koster",
    "Demo-Smit",
)
STREETS = (
    "Proefstraat",
    "Voorbeeldlaan",
    "Oefenweg",
    "Testplein",
    "Demohof",
    "Verzinsingel",
    "Fictiekade",
)
