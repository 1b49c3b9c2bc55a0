"""The demo of the team and the municipal back office: advices, decisions, the back-office
contact and a breakthrough request, on cases the persona ``regisseur`` directs in Schalkwijk 1.

- an advice past its decision term (Wmo 01, applied for three weeks ago, not decided);
- an advice the back office decided (Wmo 13, partly granted), by the persona ``backoffice``,
  who thereby became the household's contact;
- an advice still within its term (youth care, Jeugdwet: 8 weeks);
- a breakthrough request the persona ``backoffice`` is working on (in progress).

Everything goes through the services, each actor in their own access context, on a legal-task
ground for sharing with the back office (Wmo 2015 art. 2.3.2). Only the moments the advices
were sent are set back afterwards, so the terms look as they would in real use; the demo is
loaded in seconds, not over weeks.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from wijkteam.accounts.models import User
from wijkteam.audit.context import access_context
from wijkteam.audit.models import LogChannel
from wijkteam.backoffice import services
from wijkteam.backoffice.models import Advice
from wijkteam.cases.lifecycle import Status
from wijkteam.cases.models import Case
from wijkteam.sharing.models import Basis, LegalTask, Party, Purpose
from wijkteam.sharing.services import sharing_check, sharing_ground_record

ADVICES = (
    # (category, provision, reasons, tried, days since the request, days since the application)
    (
        "wmo_01",
        "Hulp bij het huishouden, 3 uur per week",
        "Na een heupoperatie kan mevrouw niet stofzuigen, dweilen of de was doen. Ze woont "
        "alleen en raakt overzicht kwijt als het huis rommelig wordt.",
        "Eigen kracht: boodschappen laten bezorgen lukt. Netwerk: de buurvrouw hielp zes weken, "
        "maar kan het niet volhouden. Algemene voorziening: de huishoudelijke "
        "ondersteuningspool heeft een wachtlijst van vier maanden.",
        35,
        21,
    ),
    (
        "wmo_13",
        "Traplift naar de eerste verdieping",
        "Meneer kan door COPD de trap niet meer op; slaapkamer en badkamer zijn boven.",
        "Bed beneden gezet (eigen kracht), zoon helpt bij het douchen (netwerk). Verhuizen naar "
        "een benedenwoning is onderzocht: geen passend aanbod binnen een jaar.",
        40,
        18,
    ),
    (
        "youth_care",
        "Ambulante gezinsbegeleiding, 6 maanden",
        "De oudste zoon (14) verzuimt veel; thuis lopen de spanningen hoog op.",
        "Schoolmaatschappelijk werk en het CJG-opvoedspreekuur zijn gebruikt; de "
        "huiswerkbegeleiding van de buurtvereniging hielp even.",
        16,
        6,
    ),
)


def _cases() -> list[Case]:
    return list(
        Case.objects.filter(
            status=Status.PLAN_ACTIVE,
            director__user__username="regisseur",
            team__name="Schalkwijk 1",
        )
        .select_related("household", "director__user")
        .order_by("registered_at", "pk")[: len(ADVICES)]
    )


def _ground(case: Case, director: User) -> None:
    if sharing_check(
        household=case.household, party=Party.BACK_OFFICE, purpose=Purpose.PROVISION_ADVICE
    ):
        return
    sharing_ground_record(
        actor=director,
        household=case.household,
        party=Party.BACK_OFFICE,
        purpose=Purpose.PROVISION_ADVICE,
        basis=Basis.LEGAL_TASK,
        legal_task=LegalTask.WMO_INVESTIGATION,
    )


@transaction.atomic
def demo_backoffice_load() -> int:
    """Advices, a decision and a breakthrough request on ``regisseur``'s cases; the number of
    advices made. Safe to run after ``demo_load``, which removed the previous ones with their
    cases."""
    back_office = User.objects.get(username="backoffice")
    cases = _cases()
    today = timezone.localdate()
    advices: list[Advice] = []
    for case, (category, provision, reasons, tried, requested, applied) in zip(
        cases, ADVICES, strict=False
    ):
        director = case.director.user
        with access_context(channel=LogChannel.UI, actor=director):
            _ground(case, director)
            person = case.household.members.order_by("pk").first()
            advice = services.advice_create(
                actor=director,
                case=case,
                person=person,
                category=category,
                provision=provision,
                reasons=reasons,
                tried=tried,
                requested_on=today - timedelta(days=requested),
                applied_on=today - timedelta(days=applied),
                send=True,
            )
        sent_on = today - timedelta(days=applied)
        sent_at = timezone.make_aware(datetime.combine(sent_on, time(11)))
        Advice.objects.filter(pk=advice.pk).update(sent_at=sent_at)
        advices.append(advice)
    if len(advices) >= 2:
        decided = Advice.objects.get(pk=advices[1].pk)
        with access_context(channel=LogChannel.UI, actor=back_office):
            services.advice_decide(
                actor=back_office,
                advice=decided,
                outcome="partly_granted",
                reason="Traplift toegekend als bruikleen; de aanpassing van de badkamer valt "
                "onder een woningaanpassing en vraagt een eigen aanvraag.",
                expected_version=decided.version,
            )
    if cases:
        case = cases[0]
        with access_context(channel=LogChannel.UI, actor=back_office):
            services.back_office_contact_assign(actor=back_office, household=case.household)
        with access_context(channel=LogChannel.UI, actor=case.director.user):
            request = services.breakthrough_file(
                actor=case.director.user,
                case=case,
                blocking_rule="Huishoudelijke hulp start pas na de indicatie; de wachttijd "
                "voor het onderzoek is vier weken.",
                solution="Twee weken overbruggingshulp vanuit de algemene voorziening, "
                "vooruitlopend op het besluit.",
                reasons="Mevrouw valt bijna thuis; zonder hulp dreigt een opname.",
            )
        with access_context(channel=LogChannel.UI, actor=back_office):
            services.breakthrough_transition(
                actor=back_office,
                breakthrough=request,
                to_status="in_progress",
                note="Ik overleg met de zorgaanbieder over een snelle start.",
                expected_version=request.version,
            )
    return len(advices)
