"""The words of generated data: names, streets and the short Dutch texts of casework.

Clearly synthetic on purpose where a reader could mistake it for a real person: the names are
common Dutch names combined at random, the streets are generic, e-mail addresses are at
example.org. Texts are the kind a professional writes, without details of anyone.
"""

from __future__ import annotations

import random

GIVEN_NAMES = (
    "Anna",
    "Bram",
    "Charlotte",
    "Daan",
    "Emma",
    "Fenna",
    "Gijs",
    "Hanna",
    "Ilse",
    "Jesse",
    "Kim",
    "Lars",
    "Mila",
    "Noah",
    "Olivia",
    "Pieter",
    "Quinten",
    "Roos",
    "Sem",
    "Tess",
    "Umar",
    "Vera",
    "Wouter",
    "Yara",
    "Zoë",
    "Ahmed",
    "Fatima",
    "Mohamed",
    "Samira",
    "Youssef",
    "Ayşe",
    "Mehmet",
    "Elif",
    "Priya",
    "Dewi",
    "Johan",
    "Marja",
    "Henk",
    "Ria",
    "Kees",
    "Lotte",
    "Thijs",
    "Sanne",
    "Ruben",
    "Nadia",
    "Mirjam",
    "Sven",
    "Iris",
    "Joost",
    "Esther",
)
FAMILY_NAMES = (
    "de Jong",
    "Jansen",
    "de Vries",
    "van den Berg",
    "van Dijk",
    "Bakker",
    "Janssen",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Smits",
    "de Graaf",
    "van der Meer",
    "van der Linden",
    "Kok",
    "Jacobs",
    "de Haan",
    "Vermeulen",
    "van den Heuvel",
    "van der Veen",
    "van den Broek",
    "de Bruijn",
    "de Bruin",
    "van der Heijden",
    "Schouten",
    "van Beek",
    "Willems",
    "van Vliet",
    "Yılmaz",
    "El Amrani",
    "Kaya",
    "Bouali",
    "Öztürk",
    "Ramdin",
    "Tahiri",
    "Nguyen",
    "Pinas",
    "Kartosen",
)
STREETS = (
    "Dorpsstraat",
    "Kerkstraat",
    "Schoolstraat",
    "Molenweg",
    "Stationsweg",
    "Julianalaan",
    "Beatrixstraat",
    "Wilhelminastraat",
    "Parkweg",
    "Lindelaan",
    "Eikenlaan",
    "Berkenlaan",
    "Tulpstraat",
    "Rozenstraat",
    "Sportlaan",
    "Marktplein",
    "Havenstraat",
    "Nieuwstraat",
    "Emmastraat",
    "Prinses Irenestraat",
    "Vondellaan",
    "Rembrandtstraat",
    "Vermeerplein",
    "Spoorstraat",
    "Brinklaan",
)
QUESTION_BY_DOMAIN = {
    "finances": "Loopt achter met de huur en de energierekening; post blijft ongeopend liggen.",
    "work_education": "Zoekt werk of een opleiding en weet niet waar te beginnen.",
    "time_use": "Heeft overdag weinig te doen en zit veel thuis.",
    "housing": "De woning is te klein of slecht onderhouden; er dreigt een huisuitzetting.",
    "domestic_relations": "Veel spanning thuis; ouders weten niet goed hoe verder met hun kind.",
    "mental_health": "Somber en slaapt slecht sinds een ingrijpende gebeurtenis.",
    "physical_health": "Lichamelijk minder mobiel na een ziekenhuisopname.",
    "substance_use": "Zorgen over alcoholgebruik; de huisarts verwijst door.",
    "basic_adl": "Redt de persoonlijke verzorging niet meer alleen.",
    "instrumental_adl": "Het huishouden en de boodschappen lukken niet meer zonder hulp.",
    "social_network": "Voelt zich eenzaam; weinig contact met familie of buren.",
    "social_participation": "Wil graag meedoen in de buurt maar weet de weg niet.",
    "justice": "Net uit detentie en heeft hulp nodig bij het opnieuw beginnen.",
}
GOAL_BY_DOMAIN = {
    "finances": "Ik wil weer overzicht over mijn geld en geen nieuwe achterstanden.",
    "work_education": "Ik wil binnen een half jaar werk of een opleiding hebben.",
    "time_use": "Ik wil een paar dagdelen per week iets zinvols doen.",
    "housing": "Ik wil veilig en betaalbaar blijven wonen.",
    "domestic_relations": "Wij willen thuis weer rustig met elkaar omgaan.",
    "mental_health": "Ik wil beter slapen en me minder somber voelen.",
    "physical_health": "Ik wil zelf weer boodschappen kunnen doen.",
    "substance_use": "Ik wil minder drinken en dat volhouden.",
    "basic_adl": "Ik wil me elke dag zelf kunnen verzorgen, met wat hulp.",
    "instrumental_adl": "Ik wil dat het huishouden op orde blijft.",
    "social_network": "Ik wil elke week iemand spreken buiten de deur.",
    "social_participation": "Ik wil meedoen aan een activiteit in de buurt.",
    "justice": "Ik wil mijn afspraken met de reclassering nakomen.",
}
ACTION_BY_STEP = {
    1: "Houdt zelf een overzicht bij en bespreekt dat bij het volgende huisbezoek.",
    2: "Iemand uit het netwerk of een vrijwilliger helpt elke week mee.",
    3: "Meldt zich aan bij een algemene voorziening in de wijk.",
    4: "Maatwerk aanvragen via een zwaarwegend advies aan de gemeente.",
}
STEP_REASONS = {
    2: "Zelf lukt het nog niet; het netwerk kan bijspringen.",
    3: "Het netwerk is te klein; een voorziening in de wijk past.",
    4: "De lagere treden zijn geprobeerd en zijn niet genoeg.",
}
CONTACT_NOTES = (
    "Voortgang besproken; afspraken staan.",
    "Samen de post doorgenomen en geordend.",
    "Telefonisch contact over de volgende stap.",
    "Huisbezoek: het gaat iets beter.",
    "Overleg met de huisarts over de aanpak.",
    "Afspraak verzet op verzoek van het huishouden.",
    "Netwerk erbij gehaald; buurvrouw helpt mee.",
)
ZRM_NOTES = ("Inschatting samen met het huishouden.", "Besproken in het teamoverleg.")
CONCLUSIONS = (
    "Plan loopt; geen wijziging.",
    "Schuldhulp inschakelen; regisseur blijft.",
    "Netwerkberaad organiseren.",
    "Opschalen naar maatwerk; advies voorbereiden.",
    "Afschalen; afsluiten binnen een maand als het zo blijft.",
)
ADVICE_REASONS = "Zonder deze voorziening lukt het huishouden niet zelfstandig verder."
ADVICE_TRIED = "Eigen kracht, netwerk en algemene voorzieningen zijn geprobeerd."
DECISION_REASON = "Besloten op grond van het zwaarwegend advies van het team."
SPENDING_PURPOSE = "Eenmalige bijdrage om een acute situatie op te lossen."


def given_name(rng: random.Random) -> str:
    return rng.choice(GIVEN_NAMES)


def family_name(rng: random.Random) -> str:
    return rng.choice(FAMILY_NAMES)


def staff_name(rng: random.Random) -> tuple[str, str]:
    return rng.choice(GIVEN_NAMES), rng.choice(FAMILY_NAMES)


def street(rng: random.Random) -> str:
    return rng.choice(STREETS)


def question(rng: random.Random, domains: list[str]) -> str:
    return " ".join(QUESTION_BY_DOMAIN[domain] for domain in domains[:2])


def goal(rng: random.Random, domain: str) -> str:
    return GOAL_BY_DOMAIN[domain]


def action(rng: random.Random, domain: str, step: int) -> str:
    return ACTION_BY_STEP[step]


def step_reason(step: int) -> str:
    return STEP_REASONS[step]


def contact_note(rng: random.Random) -> str:
    return rng.choice(CONTACT_NOTES)


def zrm_note(rng: random.Random) -> str:
    return rng.choice(ZRM_NOTES)


def conclusion(rng: random.Random) -> str:
    return rng.choice(CONCLUSIONS)


def provision(category: str) -> str:
    return f"Voorziening in categorie {category}"
