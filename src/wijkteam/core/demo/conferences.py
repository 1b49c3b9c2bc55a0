"""Demo case conferences of Schalkwijk 1: one held two weeks ago with conclusions and the plan
actions they led to, and one next week with its agenda ready. The CJG coach (``cjgcoach``) joins
both as expert member, so each household on the agenda first gets its ground for sharing with
outside experts at a case conference (a legal task), as the services require.

All through the services, each actor in their own access context, like in real use.
"""

from __future__ import annotations

from datetime import time, timedelta

from django.utils import timezone

from wijkteam.accounts.models import User
from wijkteam.audit.context import access_context
from wijkteam.audit.models import LogChannel
from wijkteam.cases.lifecycle import Status
from wijkteam.cases.models import Case, CaseConference, ConferenceAgendaItem
from wijkteam.conferences import services
from wijkteam.plans.models import Goal, Performer
from wijkteam.sharing.models import Basis, LegalTask, Party, Purpose
from wijkteam.sharing.services import sharing_check, sharing_ground_record
from wijkteam.teams.models import Membership

TEAM = "Schalkwijk 1"
PAST_CONCLUSIONS = (
    "Schuldhulp loopt vast op de beslagvrije voet. Budgetbeheer aanvragen en de "
    "woningcorporatie bellen over een betalingsregeling.",
    "Het gaat beter met de kinderen; de CJG-coach sluit aan bij het volgende gezinsgesprek.",
)
PAST_ACTIONS = (
    "Samen met de bewoner budgetbeheer aanvragen",
    "Gezinsgesprek met de CJG-coach plannen",
)


def _member(username: str) -> Membership:
    return Membership.objects.select_related("user", "team").get(
        team__name=TEAM, user__username=username
    )


def _ground_for(case: Case, *, by: User) -> None:
    if sharing_check(
        household=case.household, party=Party.CASE_CONFERENCE, purpose=Purpose.CASE_CONFERENCE
    ):
        return
    sharing_ground_record(
        actor=by,
        household=case.household,
        party=Party.CASE_CONFERENCE,
        purpose=Purpose.CASE_CONFERENCE,
        basis=Basis.LEGAL_TASK,
        legal_task=LegalTask.YOUTH_PROCESSING,
        party_name="CJG Haarlem",
    )


def demo_conferences_build() -> None:
    """(Re)build the demo conferences; earlier ones of the team are removed first."""
    CaseConference.objects.filter(team__name=TEAM).delete()
    director, colleague, coach = _member("regisseur"), _member("collega"), _member("cjgcoach")
    cases = list(
        Case.objects.filter(team=director.team, director=director, status=Status.PLAN_ACTIVE)
        .filter(plan__goals__isnull=False)
        .select_related("household")
        .distinct()
        .order_by("registered_at", "pk")[:4]
    )
    if len(cases) < 2:
        return
    today = timezone.localdate()
    actor = director.user
    with access_context(channel=LogChannel.UI, actor=actor):
        for case in cases:
            _ground_for(case, by=actor)
        past = services.conference_create(
            actor=actor,
            team=director.team,
            held_on=today - timedelta(days=14),
            starts_at=time(13, 30),
            duration_minutes=90,
            attendees=[director, colleague, coach],
        )
        # Its agenda was set before the day; the services refuse a past agenda, so as history.
        for position, case in enumerate(cases[:2], start=1):
            item = ConferenceAgendaItem.objects.create(
                conference=past, case=case, position=position, added_by=actor
            )
            services.conclusion_add(actor=actor, item=item, text=PAST_CONCLUSIONS[position - 1])
            goal = Goal.objects.filter(plan__case=case).order_by("created_at", "pk").first()
            services.conclusion_action_add(
                actor=actor,
                item=item,
                goal=goal,
                description=PAST_ACTIONS[position - 1],
                step=goal.actions.order_by("-step").values_list("step", flat=True).first() or 1,
                performer=Performer.PROFESSIONAL,
                performer_name="Rosa Demo-Visser",
            )
        upcoming = services.conference_create(
            actor=actor,
            team=director.team,
            held_on=today + timedelta(days=7),
            starts_at=time(9, 30),
            duration_minutes=60,
            attendees=[director, colleague, coach],
        )
        for case in cases[1:]:
            services.agenda_item_add(actor=actor, conference=upcoming, case=case)
