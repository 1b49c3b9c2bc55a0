"""The monitoring dashboard (issue 6, docs/indicators.md "Dashboard and exports"): every
indicator of the catalogue for one scope (the municipality, a team, a team area or a
neighbourhood) and one period (a month, a quarter or a year), next to the previous period, and
at the municipality level a comparison between the teams.

Who sees what: policy advisors and every team member. Only a team member looking at their own
team sees exact counts (they are inside the team and know its files); everyone else, a policy
advisor or a member of another team, sees aggregates with small cells withheld through
``wijkteam.core.disclosure``, and with ``complements_hide`` on the comparison between teams and
on breakdowns that add up, so no withheld figure can be worked out from a total.

Queries: the roles, the scope's name, then each indicator's ``compute`` for this period and the
previous one (a fixed number each, whatever the data size); the comparison adds each
indicator's ``compute_teams``, the same queries grouped by team (a fixed number whatever the
number of teams).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wijkteam.access.roles import Role, user_roles
from wijkteam.accounts.models import User
from wijkteam.areas.models import Municipality, Neighbourhood, TeamArea
from wijkteam.backoffice.models import CATEGORY_CHOICES
from wijkteam.core.disclosure import Suppressed, complements_hide, is_disclosable, threshold
from wijkteam.core.domains import LifeDomain
from wijkteam.core.errors import DomainError, Forbidden
from wijkteam.monitoring.charts import (
    BOTTOM,
    LABEL_WIDTH,
    PLOT_WIDTH,
    TOP,
    VALUE_WIDTH,
    Bar,
    BarChart,
    Group,
    short_label,
)
from wijkteam.monitoring.indicators import (
    INDICATORS,
    MUNICIPALITY,
    NEIGHBOURHOOD,
    TEAM,
    TEAM_AREA,
    Indicator,
    Period,
    Result,
    Scope,
    computed_together,
)
from wijkteam.monitoring.indicators import flow as _flow  # noqa: F401  (registers)
from wijkteam.monitoring.indicators import outcomes as _outcomes  # noqa: F401  (registers)
from wijkteam.teams.models import Membership, Team

Figure = int | float | Suppressed | None

MONTH, QUARTER, YEAR = "month", "quarter", "year"

# Breakdown items that are not parts of the total (a median next to a 90th percentile, the fte
# behind a caseload, minutes): never hidden as complements of each other.
NOT_PARTS = frozenset({"median", "p90", "fte", "sent", "meeting", "execution"})
# Breakdown items that are not counts of people.
NOT_PEOPLE = frozenset({"fte", "meeting", "execution"})

BREAKDOWN_LABELS: dict[str, Promise] = {
    "closed": gettext_lazy("Closed"),
    "answered_without_case": gettext_lazy("Answered without a case"),
    "median": gettext_lazy("Median"),
    "p90": gettext_lazy("90th percentile"),
    "fte": gettext_lazy("Fte"),
    "sent": gettext_lazy("Advices sent"),
    "meeting": gettext_lazy("Meeting minutes"),
    "execution": gettext_lazy("Execution minutes"),
    "step_2": gettext_lazy("Step 2 (network)"),
    "informal_performer": gettext_lazy("Informal performer"),
    "volunteer_provision": gettext_lazy("Volunteer provision"),
    "collective_activity": gettext_lazy("Collective activity"),
    **{str(value): label for value, label in LifeDomain.choices},
    **{str(value): label for value, label in CATEGORY_CHOICES},
}
UNIT_LABELS: dict[str, Promise] = {
    "per_1000": gettext_lazy("per 1,000 inhabitants"),
    "percent": gettext_lazy("%"),
    "days": gettext_lazy("days"),
    "score": gettext_lazy("ZRM points"),
    "euro": gettext_lazy("euro"),
    "minutes": gettext_lazy("minutes"),
    "ratio": gettext_lazy("ratio"),
}
LEVEL_LABELS: dict[str, Promise] = {
    MUNICIPALITY: gettext_lazy("Municipality"),
    TEAM: gettext_lazy("Team"),
    TEAM_AREA: gettext_lazy("Team area"),
    NEIGHBOURHOOD: gettext_lazy("Neighbourhood"),
}


def breakdown_label(key: str) -> str:
    if key in BREAKDOWN_LABELS:
        return str(BREAKDOWN_LABELS[key])
    if key.isdigit():
        return _("Step %(step)s") % {"step": key}
    return key


# Who may -----------------------------------------------------------------------------------------


def dashboard_may_view(*, user: User) -> bool:
    """Policy advisors and team members; not the back office, the functional administrator or
    the log officer; never a resident."""
    return bool(user_roles(user) & {Role.POLICY_ADVISOR, Role.TEAM_MEMBER})


def dashboard_require(*, user: User) -> None:
    if not dashboard_may_view(user=user):
        raise Forbidden(
            _("The dashboard is for policy advisors and members of a team."), code="not_allowed"
        )


def dashboard_own_team_ids(*, user: User) -> list[int]:
    """The teams ``user`` is an active member of, lowest id first."""
    return list(
        Membership.objects.filter(user=user, is_active=True)
        .order_by("team_id")
        .values_list("team_id", flat=True)
    )


# The period --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DashboardPeriod:
    kind: str  # MONTH, QUARTER or YEAR
    year: int
    number: int | None = None  # the month (1–12) or the quarter (1–4)

    @property
    def period(self) -> Period:
        if self.kind == MONTH:
            return Period.month(self.year, self.number or 1)
        if self.kind == QUARTER:
            return Period.quarter(self.year, self.number or 1)
        return Period.year(self.year)

    def previous(self) -> DashboardPeriod:
        if self.kind == YEAR:
            return DashboardPeriod(YEAR, self.year - 1)
        last = 12 if self.kind == MONTH else 4
        if self.number == 1:
            return DashboardPeriod(self.kind, self.year - 1, last)
        return DashboardPeriod(self.kind, self.year, (self.number or 1) - 1)

    @property
    def label(self) -> str:
        if self.kind == MONTH:
            from django.utils.dateformat import format as date_format

            return date_format(date(self.year, self.number or 1, 1), "F Y")
        if self.kind == QUARTER:
            return _("Q%(quarter)s %(year)s") % {"quarter": self.number, "year": self.year}
        return str(self.year)


def dashboard_period_parse(
    *, year: int | None, quarter: int | None = None, month: int | None = None
) -> DashboardPeriod:
    """A month when ``month`` is given, else a quarter when ``quarter`` is, else the year (this
    year when none is given)."""
    year = year or timezone.localdate().year
    if not 2000 <= year <= 2100:
        raise DomainError(_("Choose a year between 2000 and 2100."), code="invalid", field="year")
    if month is not None:
        if not 1 <= month <= 12:
            raise DomainError(_("Choose a month from 1 to 12."), code="invalid", field="month")
        return DashboardPeriod(MONTH, year, month)
    if quarter is not None:
        if not 1 <= quarter <= 4:
            raise DomainError(_("Choose a quarter from 1 to 4."), code="invalid", field="quarter")
        return DashboardPeriod(QUARTER, year, quarter)
    return DashboardPeriod(YEAR, year)


def dashboard_scope_default(*, user: User) -> Scope:
    """The municipality for a policy advisor, the own team for a team member."""
    if Role.POLICY_ADVISOR in user_roles(user):
        return Scope()
    teams = dashboard_own_team_ids(user=user)
    return Scope(TEAM, teams[0]) if teams else Scope()


def dashboard_scope_parse(*, level: str | None, pk: int | None) -> Scope:
    if level not in (None, "", *LEVEL_LABELS):
        raise DomainError(_("Choose a level."), code="invalid", field="level")
    if not level or level == MUNICIPALITY:
        return Scope()
    if pk is None:
        raise DomainError(_("Choose which one."), code="required", field="scope")
    return Scope(level, pk)


def _scope_name(scope: Scope) -> str:
    model = {TEAM: Team, TEAM_AREA: TeamArea, NEIGHBOURHOOD: Neighbourhood}.get(scope.level)
    if model is None:
        municipality = Municipality.objects.filter(code=settings.WIJKTEAM_MUNICIPALITY_CODE)
        return municipality.values_list("name", flat=True).first() or str(
            LEVEL_LABELS[MUNICIPALITY]
        )
    name = model.objects.filter(pk=scope.pk).values_list("name", flat=True).first()
    if name is None:
        raise DomainError(_("This team or area does not exist."), code="not_found", field="scope")
    return name


# The result --------------------------------------------------------------------------------------


@dataclass
class Item:
    """One bar of a card's chart and one row of its table."""

    key: str
    label: str
    value: Figure


@dataclass
class Card:
    indicator: Indicator
    value: Figure
    previous: Figure
    change: Figure  # this period minus the previous one, in the indicator's unit
    breakdown: list[Item] = field(default_factory=list)
    chart: BarChart | None = None
    chart_items: list[Item] = field(default_factory=list)
    team_chart: BarChart | None = None  # the comparison between teams, when there is one
    team_items: list[Item] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.indicator.key

    @property
    def unit_label(self) -> str:
        return str(UNIT_LABELS.get(self.indicator.unit, ""))

    @property
    def suppressed(self) -> list[str]:
        """The fields withheld (for the API)."""
        names = [
            name
            for name in ("value", "previous", "change")
            if isinstance(getattr(self, name), Suppressed)
        ]
        names += [f"breakdown.{i.key}" for i in self.breakdown if isinstance(i.value, Suppressed)]
        return names


@dataclass
class TeamRow:
    """One team in the comparison: a figure per indicator key."""

    pk: int
    name: str
    values: dict[str, Figure] = field(default_factory=dict)


@dataclass
class Dashboard:
    scope: Scope
    scope_name: str
    when: DashboardPeriod
    exact: bool  # True: a team member on their own team, no suppression
    cards: list[Card]
    teams: list[TeamRow] = field(default_factory=list)

    @property
    def period(self) -> Period:
        return self.when.period

    @property
    def previous_period(self) -> Period:
        return self.when.previous().period

    @property
    def level_label(self) -> str:
        return str(LEVEL_LABELS[self.scope.level])

    @property
    def compared(self) -> list[Card]:
        """The cards that have a figure per team in the comparison."""
        return [card for card in self.cards if self.teams and card.key in self.teams[0].values]


# Suppression -------------------------------------------------------------------------------------


def _counts_behind(result: Result) -> tuple[int, ...]:
    """The counts of people a figure rests on: a part of a whole rests on the part and the
    rest; a figure with only a numerator or a denominator on that; a plain count on itself."""
    if result.numerator is not None and result.denominator is not None:
        return (result.numerator, max(result.denominator - result.numerator, 0))
    if result.numerator is not None:
        return (result.numerator,)
    if result.denominator is not None:
        return (result.denominator,)
    return (int(result.value or 0),)


def _size(result: Result) -> int:
    """The one count that adds up over the parts of a total (cases, households, actions)."""
    for count in (result.numerator, result.denominator, result.value):
        if count is not None:
            return int(count)
    return 0


def _shown(result: Result) -> bool:
    return all(is_disclosable(count) for count in _counts_behind(result))


def _withheld() -> Suppressed:
    return Suppressed(threshold())


def _change(value: Figure, previous: Figure) -> Figure:
    if isinstance(value, Suppressed) or isinstance(previous, Suppressed):
        return _withheld()
    if value is None or previous is None:
        return None
    return round(value - previous, 2)


def _breakdown(result: Result, *, people: bool, exact: bool, total_hidden: bool) -> list[Item]:
    items = list(result.breakdown.items())
    if exact or not people:
        return [Item(key, breakdown_label(key), part.value) for key, part in items]
    parts = [key for key, part in items if key not in NOT_PARTS]
    hidden = {key for key, part in items if key not in NOT_PEOPLE and not _shown(part)}
    if total_hidden:
        hidden.add("total")
    counts: dict[str, tuple[int, ...]] = {key: (_size(part),) for key, part in items}
    counts["total"] = (_size(result),)
    hidden = complements_hide(groups=[("total", parts)], counts=counts, hidden=hidden)
    if total_hidden:
        hidden.update(key for key, _part in items if key not in NOT_PEOPLE)
    return [
        Item(key, breakdown_label(key), _withheld() if key in hidden else part.value)
        for key, part in items
    ]


def _figure(result: Result, *, people: bool, exact: bool) -> Figure:
    if exact or not people or _shown(result):
        return result.value
    return _withheld()


# Charts ------------------------------------------------------------------------------------------


def dashboard_chart(*, items: list[Item]) -> BarChart:
    """Horizontal bars, one per item, scaled to the largest shown value; a withheld figure gets
    no bar, only its text (``monitoring.charts`` draws the same way)."""
    row_height, bar_height = 22, 16
    known = [
        abs(float(i.value))
        for i in items
        if i.value is not None and not isinstance(i.value, Suppressed)
    ]
    maximum = max(known, default=0.0) * 1.1 or 1.0
    groups = []
    for index, item in enumerate(items):
        top = TOP + index * row_height
        drawn = item.value is not None and not isinstance(item.value, Suppressed)
        length = abs(float(item.value)) * PLOT_WIDTH / maximum if drawn else 0.0  # type: ignore[arg-type]
        bar = Bar(
            label=short_label(item.label),
            value=item.value,
            y=f"{top + (row_height - bar_height) / 2:.1f}",
            text_y=f"{top + row_height / 2:.1f}",
            width=f"{length:.1f}",
            value_x=f"{LABEL_WIDTH + length + 6:.1f}",
        )
        groups.append(Group(label=item.label, label_y=bar.text_y, bars=[bar]))
    axis = TOP + len(items) * row_height
    return BarChart(
        width=LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH,
        height=axis + BOTTOM,
        plot_left=LABEL_WIDTH,
        label_x=LABEL_WIDTH - 8,
        groups=groups,
        axis_y=f"{axis:.1f}",
    )


# The dashboard -----------------------------------------------------------------------------------


def _comparison(
    *, indicators: Iterable[Indicator], cards: dict[str, Card], period: Period
) -> list[TeamRow]:
    """Per team, each indicator; the municipality's figure (the card) is the total, so a
    withheld team is hidden with enough others that the total does not give it away."""
    indicators = list(indicators)
    if not indicators:
        return []
    teams = list(Team.objects.order_by("name", "pk").values_list("pk", "name"))
    rows = [TeamRow(pk, name) for pk, name in teams]
    pks = [pk for pk, _name in teams]
    for indicator in indicators:
        results = {
            f"team:{pk}": result
            for pk, result in indicator.compute_teams(period=period, teams=pks).items()
        }
        hidden: set[str] = set()
        if indicator.counts_people:  # other teams' figures: never exact
            counts = {key: (_size(result),) for key, result in results.items()}
            card = cards[indicator.key]
            counts["total"] = (sum(count for (count,) in counts.values()),)
            hidden = {key for key, result in results.items() if not _shown(result)}
            if isinstance(card.value, Suppressed):
                hidden.add("total")
            hidden = complements_hide(
                groups=[("total", list(results))], counts=counts, hidden=hidden
            )
            if "total" in hidden and not isinstance(card.value, Suppressed):
                card.value = _withheld()
                card.change = _change(card.value, card.previous)
                for item in card.breakdown:
                    if item.key not in NOT_PEOPLE:
                        item.value = _withheld()
        for row in rows:
            key = f"team:{row.pk}"
            row.values[indicator.key] = _withheld() if key in hidden else results[key].value
    return rows


def dashboard_compute(
    *, user: User, scope: Scope, period: DashboardPeriod, compare: str | None = None
) -> Dashboard:
    """Every indicator for ``scope`` in ``period`` and the period before; at the municipality
    level (or for the one indicator ``compare``) also per team. 403 for who may not see it."""
    dashboard_require(user=user)
    with computed_together(period.period, period.previous().period):
        return _dashboard(user=user, scope=scope, period=period, compare=compare)


def _dashboard(
    *, user: User, scope: Scope, period: DashboardPeriod, compare: str | None
) -> Dashboard:
    name = _scope_name(scope)
    exact = scope.level == TEAM and scope.pk in dashboard_own_team_ids(user=user)
    current, previous = period.period, period.previous().period
    cards: dict[str, Card] = {}
    for key, indicator in INDICATORS.items():
        people = indicator.counts_people
        now = indicator.compute(scope=scope, period=current)
        before = indicator.compute(scope=scope, period=previous)
        value = _figure(now, people=people, exact=exact)
        prior = _figure(before, people=people, exact=exact)
        breakdown = _breakdown(
            now, people=people, exact=exact, total_hidden=isinstance(value, Suppressed)
        )
        cards[key] = Card(indicator, value, prior, _change(value, prior), breakdown)
    if compare and compare not in INDICATORS:
        raise DomainError(_("Unknown indicator."), code="invalid", field="compare")
    compared = (
        list(INDICATORS.values())
        if scope.level == MUNICIPALITY
        else [INDICATORS[compare]]
        if compare
        else []
    )
    teams = _comparison(indicators=compared, cards=cards, period=current)
    for card in cards.values():
        if card.breakdown:
            card.chart_items = [item for item in card.breakdown if item.key not in NOT_PEOPLE]
            card.chart_items = card.chart_items or card.breakdown
        else:
            card.chart_items = [
                Item("previous", period.previous().label, card.previous),
                Item("current", period.label, card.value),
            ]
        card.chart = dashboard_chart(items=card.chart_items)
        if teams and card.key in teams[0].values:
            card.team_items = [
                Item(f"team:{row.pk}", row.name, row.values[card.key]) for row in teams
            ]
            card.team_chart = dashboard_chart(items=card.team_items)
    return Dashboard(
        scope=scope,
        scope_name=name,
        when=period,
        exact=exact,
        cards=list(cards.values()),
        teams=teams,
    )
