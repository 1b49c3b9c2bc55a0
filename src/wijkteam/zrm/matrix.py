"""The Zelfredzaamheid-Matrix (ZRM 2017): what each score means.

The five levels are the same on every domain; per domain, a short summary of what the level
looks like helps the professional score consistently. The summaries are our paraphrase for
orientation while scoring; the official ZRM 2017 matrix with its full descriptions is the
reference (https://www.zelfredzaamheidmatrix.nl).
"""

from django.utils.translation import gettext_lazy as _

from wijkteam.core.domains import LifeDomain

LEVELS: dict[int, str] = {
    1: _("Acute problems"),
    2: _("Not self-reliant"),
    3: _("Limited self-reliance"),
    4: _("Sufficiently self-reliant"),
    5: _("Fully self-reliant"),
}

# Per domain, per level: what it typically looks like (paraphrased; see the module docstring).
DESCRIPTIONS: dict[str, dict[int, str]] = {
    LifeDomain.FINANCES: {
        1: _("Growing, complex debts."),
        2: _("No adequate income, or spontaneous or inappropriate spending; growing debts."),
        3: _("Adequate income, but debts in a repayment arrangement or budget coaching."),
        4: _("Adequate income for basic needs; any debts are being repaid regularly."),
        5: _("Income covers more than basic needs; money is managed well, no debts."),
    },
    LifeDomain.WORK_EDUCATION: {
        1: _("No work or education, not registered or looking."),
        2: _("No work or education; registered or looking, or voluntary work only."),
        3: _("Work or education, but with a high risk of losing it."),
        4: _("Work or education that suits, with a moderate risk of losing it."),
        5: _("Steady work or education that suits."),
    },
    LifeDomain.TIME_USE: {
        1: _("Hardly any structure in the day; day-night rhythm disturbed."),
        2: _("Little structure in the day; a disturbed rhythm affects daily life."),
        3: _("Some structure, but activities that are not satisfying."),
        4: _("A structured day with activities that are largely satisfying."),
        5: _("A structured, satisfying way of spending time."),
    },
    LifeDomain.HOUSING: {
        1: _("Homeless or in emergency shelter."),
        2: _("Unstable or unsafe housing; eviction threatens."),
        3: _("Stable housing, but only just adequate or barely affordable."),
        4: _("Safe, stable and affordable housing, with some issues."),
        5: _("Safe, stable, affordable and suitable housing."),
    },
    LifeDomain.DOMESTIC_RELATIONS: {
        1: _("Domestic violence or child abuse; unsafe at home."),
        2: _("Serious tension or conflict at home; relationships under pressure."),
        3: _("Relationships with problems that the household partly handles."),
        4: _("Relationships mostly support, problems are handled."),
        5: _("Supportive relationships at home, no problems."),
    },
    LifeDomain.MENTAL_HEALTH: {
        1: _("A danger to self or others; acute crisis."),
        2: _("Serious mental problems, no or insufficient care."),
        3: _("Mental problems that affect daily life; care in place."),
        4: _("Minor mental problems, little effect on daily life."),
        5: _("No indication of mental problems."),
    },
    LifeDomain.PHYSICAL_HEALTH: {
        1: _("Acute or serious illness needing immediate treatment."),
        2: _("Chronic or serious illness without adequate treatment."),
        3: _("Illness under treatment that still limits daily life."),
        4: _("Minor physical problems or a chronic illness that is well managed."),
        5: _("Good physical health."),
    },
    LifeDomain.SUBSTANCE_USE: {
        1: _("Addiction causing serious problems; danger to self or others."),
        2: _("Substance use causing problems in daily life; no treatment."),
        3: _("Substance use with some problems, or in treatment."),
        4: _("Substance use without problems, or abstinent with risk."),
        5: _("No substance use, or use without any risk."),
    },
    LifeDomain.BASIC_ADL: {
        1: _("Unable to care for basic needs; serious neglect."),
        2: _("Needs help with several basic activities, not adequately arranged."),
        3: _("Needs help with some basic activities; help is arranged."),
        4: _("Manages basic activities with some effort or aids."),
        5: _("Manages all basic activities independently."),
    },
    LifeDomain.INSTRUMENTAL_ADL: {
        1: _("Household tasks not done at all; unhealthy situation."),
        2: _("Needs help with several household tasks, not adequately arranged."),
        3: _("Needs help with some tasks; help is arranged."),
        4: _("Manages household tasks with some effort or aids."),
        5: _("Manages all household tasks independently."),
    },
    LifeDomain.SOCIAL_NETWORK: {
        1: _("Socially isolated, or a network that harms."),
        2: _("Very limited network; hardly any support."),
        3: _("Some network, but limited support."),
        4: _("A sufficient network that supports."),
        5: _("A wide, healthy and supportive network."),
    },
    LifeDomain.SOCIAL_PARTICIPATION: {
        1: _("Does not take part in society at all; no access."),
        2: _("Hardly takes part; barriers like language or mobility."),
        3: _("Takes part to a limited extent."),
        4: _("Takes part in society to a sufficient extent."),
        5: _("Takes part actively in society."),
    },
    LifeDomain.JUSTICE: {
        1: _("Recently arrested or detained; serious ongoing offences."),
        2: _("Offences, or contact with police and justice, with consequences."),
        3: _("Recent contact with the justice system, or on probation."),
        4: _("No recent contact with the justice system; earlier history."),
        5: _("No contact with the justice system."),
    },
}


def level_label(score: int) -> str:
    return str(LEVELS[score])
