"""Reads of collective activities, for the acting user only.

Activities hold no client data: every member of the team reads its activities, the policy
advisor all of them (``teams_readable_by``). What links them to client files — plan actions
that point to an activity, and so the households reached — is only ever counted, and through
``wijkteam.core.disclosure``: community workers are not on those files. Participation figures
are the community worker's own tallies, not client data, and are shown as entered.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet

from wijkteam.accounts.models import User
from wijkteam.community.models import (
    ActivitySignal,
    ActivityStatus,
    CollectiveActivity,
    Participation,
)
from wijkteam.community.roles import may_work_on, teams_readable_by
from wijkteam.core.disclosure import Suppressed, count_disclosed
from wijkteam.core.errors import NotFoundOrHidden
from wijkteam.plans.models import Action


def activities_visible_to(*, user: User) -> QuerySet[CollectiveActivity]:
    """The activities of the teams ``user`` may read, newest first, with what a list shows."""
    return (
        CollectiveActivity.objects.filter(team__in=teams_readable_by(user=user))
        .select_related("team")
        .prefetch_related("neighbourhoods", "themes")
        .annotate(signal_count=Count("activitysignal", distinct=True))
        .order_by("-created_at", "-pk")
    )


def activities_filter(
    queryset: QuerySet[CollectiveActivity],
    *,
    team: int | None = None,
    status: str = "",
    kind: str = "",
    theme: int | None = None,
) -> QuerySet[CollectiveActivity]:
    """The list's filters; empty values filter nothing."""
    if team:
        queryset = queryset.filter(team_id=team)
    if status:
        queryset = queryset.filter(status=status)
    if kind:
        queryset = queryset.filter(kind=kind)
    if theme:
        queryset = queryset.filter(themes__pk=theme).distinct()
    return queryset


def activity_get(*, user: User, pk: int) -> CollectiveActivity:
    """One activity ``user`` may read, with its signals, provisions and participation, or
    ``NotFoundOrHidden``."""
    activity = (
        activities_visible_to(user=user)
        .prefetch_related(
            Prefetch(
                "activitysignal_set",
                queryset=ActivitySignal.objects.select_related(
                    "signal__neighbourhood", "signal__theme"
                ).order_by("added_at", "pk"),
                to_attr="signal_links",
            ),
            "provisions",
            Prefetch(
                "participations",
                queryset=Participation.objects.order_by("on", "pk"),
            ),
        )
        .filter(pk=pk)
        .first()
    )
    if activity is None:
        raise NotFoundOrHidden("not found")
    return activity


def activity_may_work(*, user: User, activity: CollectiveActivity) -> bool:
    """Whether ``user`` may change ``activity`` (its team's community workers, coordinator)."""
    return may_work_on(user=user, team=activity.team_id)


def activities_linkable(*, team_id: int | None) -> list[CollectiveActivity]:
    """The activities of a team a plan action may point to: those that have not ended. Plain
    names and ids only (this is read on a case page, by who works on the case)."""
    if team_id is None:
        return []
    return list(
        CollectiveActivity.objects.filter(team_id=team_id)
        .exclude(status=ActivityStatus.ENDED)
        .only("pk", "name", "kind", "team_id")
        .order_by("name", "pk")
    )


@dataclass(frozen=True)
class RouteCounts:
    """From individual question to collective answer: how many plan actions point to the
    activity and how many households they belong to (both through ``count_disclosed``), and how
    many signals it answers (signals are not client data)."""

    actions: int | Suppressed
    households: int | Suppressed
    signals: int


def activity_route_counts(*, activity: CollectiveActivity) -> RouteCounts:
    """The counts of the route to ``activity``, suppressed below the disclosure threshold. Never
    which households or cases: the community worker is not on those files."""
    linked = Action.objects.filter(collective_activity_id=activity.pk)
    totals = linked.aggregate(
        actions=Count("pk"), households=Count("goal__plan__case__household_id", distinct=True)
    )
    return RouteCounts(
        actions=count_disclosed(totals["actions"]),
        households=count_disclosed(totals["households"]),
        signals=ActivitySignal.objects.filter(activity_id=activity.pk).count(),
    )


@dataclass(frozen=True)
class ParticipationTotals:
    sessions: int
    participants: int
    new_participants: int
    volunteers: int


def participation_totals(*, activity: CollectiveActivity) -> ParticipationTotals:
    """The sums of the tallies, from the prefetched rows when ``activity_get`` fetched it."""
    rows = list(activity.participations.all())
    return ParticipationTotals(
        sessions=len(rows),
        participants=sum(row.participants for row in rows),
        new_participants=sum(row.new_participants for row in rows),
        volunteers=sum(row.volunteers for row in rows),
    )
