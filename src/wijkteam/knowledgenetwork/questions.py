"""The monitor's 20 questions of seed 003, appendix 4 ("Ingrediënten voor een monitor"), as the
data migration seeds them. Texts are the seed's, in Dutch; only layout is tidied: the trailing
dots of "namelijk …", a missing space, a stray bracket or quote. Appendix 4's question 16 ends
with the placeholders "d) .. e) .. f) Etc.", which are no options and are left out.

Each entry: (number, section of the appendix-3 overview, kind, question, text label, options);
an option is (text, is_other).
"""

STAGE = "Stand van zaken"
GOALS = "Doelstelling, taken & doelgroep"
ORGANISATION = "Organisatie/regie"
COOPERATION = "Samenwerking & verbinding"
LESSONS = "Opbrengsten & lessen en vragen"

SECTIONS = (STAGE, GOALS, ORGANISATION, COOPERATION, LESSONS)

OTHER = ("Anders, namelijk", True)

QUESTIONS: tuple = (
    (
        1,
        STAGE,
        "single",
        "In welk stadium bevinden de sociale teams zich in uw gemeente(n)?",
        "",
        [
            ("Plannen ontbreken", False),
            ("Visieontwikkeling", False),
            ("Beleidsvoorbereiding", False),
            ("Beleidsuitvoering", False),
            OTHER,
        ],
    ),
    (
        2,
        STAGE,
        "single",
        "Welke rol speelt uw gemeente (of gaat uw gemeente spelen) bij het formeren van "
        "sociale teams?",
        "",
        [
            ("Initiërende rol", False),
            ("Regisserende rol", False),
            ("Uitvoerende rol", False),
            OTHER,
        ],
    ),
    (
        3,
        GOALS,
        "multiple",
        "Welke doelstellingen zijn er gesteld aan de sociale teams?",
        "Toelichting",
        [
            ("Het ondersteunen van kwetsbare groepen", False),
            ("Aanpak multiprobleemgezinnen", False),
            ("Het bevorderen van de sociale samenhang", False),
            ("Schoon, heel en veilig", False),
            ("Toegang tot zorg anders regelen", False),
            OTHER,
        ],
    ),
    (
        4,
        GOALS,
        "multiple",
        "Welke (transitie)domeinen bestrijkt het team?",
        "",
        [
            ("Wmo/AWBZ", False),
            ("Jeugdzorg", False),
            ("Beschutte arbeid", False),
            ("(Para)medische zorg", False),
            OTHER,
        ],
    ),
    (
        5,
        GOALS,
        "multiple",
        "Op wie of wat is de focus van het sociale team gericht?",
        "",
        [
            ("Individueel", False),
            ("Categoriaal, specifieke groepen, namelijk", True),
            ("Gebiedsgericht, namelijk", True),
            ("Vindplaatsgericht, namelijk", True),
            ("Thema/probleemgericht, namelijk", True),
        ],
    ),
    (
        6,
        GOALS,
        "single",
        "Welke bevoegdheden heeft het team?",
        "",
        [
            (
                "Dezelfde bevoegdheden die zij vanuit hun professionele organisatie al hadden, "
                "namelijk",
                True,
            ),
            ("Nieuwe bevoegdheden, namelijk", True),
            OTHER,
        ],
    ),
    (
        7,
        ORGANISATION,
        "single",
        "Hoe is de positionering van de sociale teams georganiseerd?",
        "",
        [
            ("Gemeentelijk", False),
            ("Aparte organisatie", False),
            ("Detachering bij een (lokale) maatschappelijke organisatie", False),
            OTHER,
        ],
    ),
    (
        8,
        ORGANISATION,
        "single",
        "Hoe is de financiering geregeld?",
        "",
        [
            ("Gemeentelijk", False),
            ("Via zorgverzekeringswetten/AWBZ", False),
            ("Hybride vormen", False),
            OTHER,
        ],
    ),
    (
        9,
        ORGANISATION,
        "text",
        "Wat is de omvang van de budgetten op jaarbasis?",
        "a) Experimenteel; b) Regulier/structureel; c) Toelichting",
        [],
    ),
    (
        10,
        ORGANISATION,
        "single",
        "Wat is de samenstelling van de sociale teams?",
        "",
        [
            ("1 best person (een wijkcoach of wijkconsulent)", False),
            (
                "Combinatie van enkele professionals uit eenzelfde organisatie (bv. "
                "maatschappelijk werk en opbouwwerk e wijkverpleegkundige)",
                False,
            ),
            (
                "Brede samenstelling waarin uiteenlopende organisaties vertegenwoordigd zijn.",
                False,
            ),
            OTHER,
        ],
    ),
    (
        11,
        ORGANISATION,
        "single",
        "Is er sprake van één sociaal team, of is er sprake van netwerkvorming?",
        "",
        [("Een sociaal team", False), ("Netwerkvorming", False), ("Iets anders, namelijk", True)],
    ),
    (
        12,
        COOPERATION,
        "single",
        "Hoe is de samenwerking binnen het sociale (wijk)team?",
        "",
        [
            ("Bovenal constructief", False),
            ("Wisselend, soms positief maar soms ook spanningen", False),
            ("Veel spanningen", False),
            OTHER,
        ],
    ),
    (
        13,
        COOPERATION,
        "single",
        "Hoe is de samenwerking en positionering ten opzichte van andere professionele actoren "
        "en teams (eerste en tweede lijn), zoals CJG’s en FACT-teams?",
        "",
        [
            ("Bovenal constructief; weten elkaar te vinden.", False),
            ("Samenwerking ontbreekt.", False),
            ("Wisselend, soms positief maar soms ook spanningen", False),
            ("Veel spanningen", False),
            OTHER,
        ],
    ),
    (
        14,
        COOPERATION,
        "single",
        "In hoeverre wordt er samengewerkt met de ‘civil society’ (ongeorganiseerde en "
        "georganiseerde burgerverbanden)?",
        "",
        [
            ("Intensieve samenwerking", False),
            ("Matige samenwerking", False),
            ("Samenwerking ontbreekt", False),
            OTHER,
        ],
    ),
    (
        15,
        LESSONS,
        "multiple",
        "Op welke aspecten zijn er knelpunten en dilemma’s?",
        "",
        [
            ("Caseload", False),
            ("Omvang teams", False),
            ("Uitwisseling gevoelige informatie", False),
            ("Handelingsverlegenheid", False),
            ("Outreachende professionals", False),
            ("Verantwoording", False),
            ("Samenwerking", False),
            OTHER,
        ],
    ),
    (
        16,
        LESSONS,
        "multiple",
        "Wat zijn de successen en de aanraders?",
        "",
        [
            ("Professionele ruimte om onconventioneel te durven denken en doen", False),
            ("Ruimte om te mogen leren en bij te stellen", False),
            OTHER,
        ],
    ),
    (
        17,
        LESSONS,
        "text",
        "Wat zijn de effecten in relatie tot de beoogde resultaten tot nog toe? (indien van "
        "toepassing)",
        "",
        [],
    ),
    (
        18,
        LESSONS,
        "text",
        "Is er in borging of duurzaamheid van de resultaten en/of de teams voorzien?",
        "",
        [],
    ),
    (
        19,
        LESSONS,
        "text",
        "Wat zijn de toekomstverwachtingen, ook in relatie tot de tweedelijns-transities en "
        "transformaties en het lokaal sociaal beleid (Wmo, sociale zaken en werkgelegenheid, "
        "stedelijk beheer en stadsontwikkeling)?",
        "",
        [],
    ),
    (
        20,
        LESSONS,
        "text",
        "Welke behoefte aan uitwisseling en ondersteuning heeft u rond de sociale teams?",
        "",
        [],
    ),
)
