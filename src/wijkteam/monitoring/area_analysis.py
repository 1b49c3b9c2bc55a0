"""The area analysis (*wijkanalyse*, docs/area-analysis.md): per neighbourhood and team area of
the municipality, how many registrations came in over a period, how heavy they were, what they
were about, and how that compares with the municipality as a whole.

Aggregates only, never a person: every figure goes through ``wijkteam.core.disclosure``, and
``complements_hide`` then hides enough further figures that no hidden one can be rebuilt by
subtracting shown ones from a total (complementary disclosure). Six queries whatever the number
of areas or cases: the places, then one grouped query per measure.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from django.conf import settings
from django.db.models import (
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wijkteam.access.roles import Role, user_roles
from wijkteam.accounts.models import User
from wijkteam.areas.models import Municipality, Neighbourhood, TeamArea
from wijkteam.cases.models import Case, CaseTheme
from wijkteam.core.disclosure import (
    Suppressed,
    complements_hide,
    count_disclosed,
    is_disclosable,
    mean_disclosed,
    rate_disclosed,
    share_disclosed,
    threshold,
)
from wijkteam.core.domains import LifeDomain
from wijkteam.core.errors import DomainError, Forbidden
from wijkteam.monitoring.indicators import MUNICIPALITY, NEIGHBOURHOOD, TEAM_AREA, Period
from wijkteam.zrm.models import Assessment, AssessmentKind, Score

LEVELS = (NEIGHBOURHOOD, TEAM_AREA)

# A case has problems on several domains when its registration names this many life domains,
# or its intake ZRM scores this many domains at 1 or 2 (acute or not self-reliant).
MULTI_DOMAIN_MINIMUM = 2
PROBLEM_SCORE_MAX = 2
TOP_THEMES = 3

Figure = int | float | Suppressed | None


# Who may ------------------------------------------------------------------------------------------


def area_analysis_may_view(*, user: User) -> bool:
    """Policy advisors (for the municipality's choices) and members of a team (to know their
    area). Not the back office, the functional administrator or the log officer: their work
    needs no neighbourhood figures. Never a resident."""
    return bool(user_roles(user) & {Role.POLICY_ADVISOR, Role.TEAM_MEMBER})


def area_analysis_require(*, user: User) -> None:
    if not area_analysis_may_view(user=user):
        raise Forbidden(
            _("The area analysis is for policy advisors and members of a team."),
            code="not_allowed",
        )


# The result ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ZrmFigure:
    domain: str
    label: str
    mean: Figure
    difference: Figure  # the row's mean minus the municipality's, in ZRM points


@dataclass
class AreaRow:
    """One row of the analysis: a neighbourhood, a team area or the municipality."""

    level: str
    pk: int | None
    code: str
    name: str
    team_area: str  # the team area a neighbourhood lies in; "" for the others
    inhabitants: int
    registrations: Figure = None
    rate: Figure = None  # registrations per 1,000 inhabitants
    rate_ratio: Figure = None  # the rate as a multiple of the municipality's
    multi_domain_share: Figure = None  # % of the registrations
    multi_domain_difference: Figure = None  # percentage points above (+) or below the municipality
    top_themes: list[str] = field(default_factory=list)
    zrm: list[ZrmFigure] = field(default_factory=list)
    guideline: str = ""  # team areas: "below" or "above" the guideline, "" within it
    rank: int | None = None

    @property
    def key(self) -> str:
        return f"{self.level}:{self.pk}"

    @property
    def guideline_text(self) -> str:
        if not self.guideline:
            return ""
        values = {
            "min": number_format(settings.WIJKTEAM_AREA_MIN_INHABITANTS, force_grouping=True),
            "max": number_format(settings.WIJKTEAM_AREA_MAX_INHABITANTS, force_grouping=True),
        }
        if self.guideline == "below":
            return _("Below the guideline of %(min)s–%(max)s inhabitants per team") % values
        return _("Above the guideline of %(min)s–%(max)s inhabitants per team") % values

    def zrm_mean(self, domain: str) -> Figure:
        for figure in self.zrm:
            if figure.domain == domain:
                return figure.mean
        return None


@dataclass
class AreaAnalysis:
    start: date
    end: date
    municipality: AreaRow | None
    neighbourhoods: list[AreaRow]
    team_areas: list[AreaRow]

    @property
    def flagged(self) -> list[AreaRow]:
        """Team areas outside the guideline for the inhabitants of one team."""
        return [row for row in self.team_areas if row.guideline]

    def rows(self, level: str) -> list[AreaRow]:
        return self.team_areas if level == TEAM_AREA else self.neighbourhoods


# Sorting ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SortKey:
    label: object
    descending: bool


SORTS: dict[str, SortKey] = {
    "rate": SortKey(gettext_lazy("Registrations per 1,000 inhabitants"), True),
    "registrations": SortKey(gettext_lazy("Registrations"), True),
    "multi_domain": SortKey(gettext_lazy("Share with problems on several domains"), True),
    "inhabitants": SortKey(gettext_lazy("Inhabitants"), True),
    "name": SortKey(gettext_lazy("Name"), False),
    # Lowest self-reliance first: the most need ranks highest.
    **{
        f"zrm_{domain.value}": SortKey(domain.label, False)
        for domain in LifeDomain  # type: ignore[attr-defined]
    },
}
DEFAULT_SORT = "rate"


def _sort_value(row: AreaRow, sort: str) -> object:
    if sort == "name":
        return row.name.lower()
    if sort.startswith("zrm_"):
        return row.zrm_mean(sort.removeprefix("zrm_"))
    return {
        "rate": row.rate,
        "registrations": row.registrations,
        "multi_domain": row.multi_domain_share,
        "inhabitants": row.inhabitants,
    }[sort]


def area_rows_ranked(*, rows: Iterable[AreaRow], sort: str = DEFAULT_SORT) -> list[AreaRow]:
    """``rows`` ranked by ``sort`` (a key of ``SORTS``), numbered from 1. Rows whose figure is
    withheld or missing come last, by name, without a rank: ranking them by the hidden value
    would tell it."""
    key = SORTS[sort]
    known: list[tuple[object, AreaRow]] = []
    unknown: list[AreaRow] = []
    for row in rows:
        value = _sort_value(row, sort)
        if value is None or isinstance(value, Suppressed):
            unknown.append(row)
        else:
            known.append((value, row))
    known.sort(key=lambda pair: pair[1].name.lower())
    known.sort(key=lambda pair: pair[0], reverse=key.descending)  # type: ignore[arg-type,return-value]
    ranked = [replace(row, rank=number) for number, (_v, row) in enumerate(known, start=1)]
    ranked += [replace(row, rank=None) for row in sorted(unknown, key=lambda r: r.name.lower())]
    return ranked


# The figures --------------------------------------------------------------------------------------


class JsonArrayLength(Func):
    """The number of elements of a JSON array (the life domains of a registration)."""

    function = "JSON_ARRAY_LENGTH"
    output_field = IntegerField()

    def as_postgresql(self, compiler, connection, **extra_context):  # type: ignore[no-untyped-def]
        return super().as_sql(compiler, connection, function="JSONB_ARRAY_LENGTH", **extra_context)


def first_intakes(*, cases: QuerySet[Case]) -> QuerySet[Assessment]:
    """The first household intake ZRM (``person`` empty) of each of ``cases``."""
    first_intake = (
        Assessment.objects.filter(
            case=OuterRef("case"), kind=AssessmentKind.INTAKE, person__isnull=True
        )
        .order_by("assessed_on", "created_at", "pk")
        .values("pk")[:1]
    )
    return Assessment.objects.filter(
        case__in=cases.values("pk"),
        kind=AssessmentKind.INTAKE,
        person__isnull=True,
        pk=Subquery(first_intake),
    )


def domains_counted(cases: QuerySet[Case]) -> QuerySet[Case]:
    """``cases`` with ``domain_count``, the number of life domains their registration names."""
    return cases.annotate(domain_count=JsonArrayLength(F("domains")))


def several_domains(*, minimum: int = MULTI_DOMAIN_MINIMUM) -> Q:
    """The condition, on ``domains_counted(cases)``, for a case with problems on at least
    ``minimum`` domains: its registration names that many life domains, or its first intake
    ZRM scores that many domains at 1 or 2. Also used by the indicator catalogue
    (``monitoring.indicators.outcomes``, three or more domains)."""
    # Correlated on the case: per case one lookup of its first intake and that intake's scores,
    # through their indexes. As ``pk IN (every heavy intake's case)`` inside the count's FILTER,
    # PostgreSQL ran the whole subquery again for every case (minutes on a city's year).
    first_intake = (
        Assessment.objects.filter(
            case=OuterRef(OuterRef("pk")), kind=AssessmentKind.INTAKE, person__isnull=True
        )
        .order_by("assessed_on", "created_at", "pk")
        .values("pk")[:1]
    )
    heavy_intake = (
        Score.objects.filter(assessment=Subquery(first_intake), score__lte=PROBLEM_SCORE_MAX)
        .order_by()
        .values("assessment")
        .annotate(problems=Count("pk"))
        .filter(problems__gte=minimum)
    )
    return Q(domain_count__gte=minimum) | Exists(heavy_intake)


@dataclass
class _Counts:
    """The raw counts of one cell (never shown as such)."""

    registrations: int = 0
    multi: int = 0
    zrm_total: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    zrm_count: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    themes: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def add(self, other: _Counts) -> None:
        self.registrations += other.registrations
        self.multi += other.multi
        for domain, value in other.zrm_total.items():
            self.zrm_total[domain] += value
        for domain, value in other.zrm_count.items():
            self.zrm_count[domain] += value
        for theme, value in other.themes.items():
            self.themes[theme] += value


def _neighbourhood_counts(
    *, municipality: Municipality, start: date, end: date
) -> dict[int, _Counts]:
    """Per neighbourhood id: registrations, multi-domain cases, intake ZRM sums and theme
    households. Three grouped queries."""
    begin, until = Period(start, end).moments
    cases = Case.objects.filter(
        registered_at__gte=begin,
        registered_at__lt=until,
        household__neighbourhood__area__municipality=municipality,
    )
    intakes = first_intakes(cases=cases)
    result: dict[int, _Counts] = defaultdict(_Counts)
    registrations = (
        domains_counted(cases)
        .order_by()
        .values("household__neighbourhood")
        .annotate(
            registrations=Count("pk"),
            multi=Count("pk", filter=several_domains()),
        )
    )
    for row in registrations:
        counts = result[row["household__neighbourhood"]]
        counts.registrations = row["registrations"]
        counts.multi = row["multi"]
    scores = (
        Score.objects.filter(assessment__in=intakes.values("pk"))
        .order_by()
        .values("assessment__case__household__neighbourhood", "domain")
        .annotate(total=Sum("score"), count=Count("pk"))
    )
    for row in scores:
        counts = result[row["assessment__case__household__neighbourhood"]]
        counts.zrm_total[row["domain"]] = row["total"]
        counts.zrm_count[row["domain"]] = row["count"]
    themes = (
        CaseTheme.objects.filter(case__in=cases.values("pk"))
        .order_by()
        .values("case__household__neighbourhood", "theme__name")
        .annotate(households=Count("case__household", distinct=True))
    )
    for row in themes:
        result[row["case__household__neighbourhood"]].themes[row["theme__name"]] = row["households"]
    return result


def _hidden_by_measure(
    *,
    groups: list[tuple[str, list[str]]],
    counts: dict[str, tuple[int, ...]],
    shown: dict[str, bool],
) -> set[str]:
    return complements_hide(
        groups=groups, counts=counts, hidden={key for key, ok in shown.items() if not ok}
    )


def _rate_ratio(row: AreaRow, cell: _Counts, muni: AreaRow, muni_cell: _Counts) -> Figure:
    """The row's rate as a multiple of the municipality's, from the counts, not the rounded
    rates; withheld with either rate."""
    if isinstance(row.rate, Suppressed) or isinstance(muni.rate, Suppressed):
        return Suppressed(threshold())
    if row.rate is None or not muni.rate:
        return None
    own = cell.registrations / row.inhabitants
    base = muni_cell.registrations / muni.inhabitants
    return round(own / base, 1)


def _difference(value: Figure, base: Figure, *, digits: int = 1) -> Figure:
    if isinstance(value, Suppressed) or isinstance(base, Suppressed):
        return Suppressed(threshold())
    if value is None or base is None:
        return None
    return round(value - base, digits)


def _guideline(inhabitants: int) -> str:
    if inhabitants < settings.WIJKTEAM_AREA_MIN_INHABITANTS:
        return "below"
    if inhabitants > settings.WIJKTEAM_AREA_MAX_INHABITANTS:
        return "above"
    return ""


def period_check(*, start: date, end: date) -> None:
    if end < start:
        raise DomainError(_("The end lies before the start."), code="invalid_period", field="end")


def area_analysis(*, user: User, start: date, end: date) -> AreaAnalysis:
    """The area analysis of the municipality (``WIJKTEAM_MUNICIPALITY_CODE``) for the
    registrations from ``start`` to ``end`` (both included). 403 for who may not see it."""
    area_analysis_require(user=user)
    period_check(start=start, end=end)
    municipality = Municipality.objects.filter(code=settings.WIJKTEAM_MUNICIPALITY_CODE).first()
    if municipality is None:
        return AreaAnalysis(start, end, None, [], [])
    areas = list(TeamArea.objects.filter(municipality=municipality).order_by("name", "pk"))
    neighbourhoods = list(
        Neighbourhood.objects.filter(area__municipality=municipality).order_by("name", "pk")
    )
    raw = _neighbourhood_counts(municipality=municipality, start=start, end=end)

    area_names = {area.pk: area.name for area in areas}
    cells: dict[str, _Counts] = {}
    rows: dict[str, AreaRow] = {}
    area_parts: dict[str, list[str]] = {f"{TEAM_AREA}:{area.pk}": [] for area in areas}
    muni_key = f"{MUNICIPALITY}:{municipality.pk}"
    muni = AreaRow(MUNICIPALITY, municipality.pk, municipality.code, municipality.name, "", 0)
    rows[muni_key] = muni
    cells[muni_key] = _Counts()
    for area in areas:
        row = AreaRow(TEAM_AREA, area.pk, area.code, area.name, "", 0)
        rows[row.key] = row
        cells[row.key] = _Counts()
    for neighbourhood in neighbourhoods:
        row = AreaRow(
            NEIGHBOURHOOD,
            neighbourhood.pk,
            neighbourhood.code,
            neighbourhood.name,
            area_names[neighbourhood.area_id],
            neighbourhood.population,
        )
        area_key = f"{TEAM_AREA}:{neighbourhood.area_id}"
        rows[row.key] = row
        cells[row.key] = raw.get(neighbourhood.pk, _Counts())
        area_parts[area_key].append(row.key)
        for total_key in (area_key, muni_key):
            rows[total_key].inhabitants += neighbourhood.population
            cells[total_key].add(cells[row.key])

    groups = [(muni_key, list(area_parts)), *area_parts.items()]

    # Registrations, and their rate (inhabitants are public: a rate tells its count).
    hidden = _hidden_by_measure(
        groups=groups,
        counts={key: (cell.registrations,) for key, cell in cells.items()},
        shown={key: is_disclosable(cell.registrations) for key, cell in cells.items()},
    )
    for key, row in rows.items():
        count = cells[key].registrations
        if key in hidden:
            row.registrations = Suppressed(threshold())
            row.rate = Suppressed(threshold()) if row.inhabitants else None
        else:
            row.registrations = count_disclosed(count)
            row.rate = rate_disclosed(count, row.inhabitants)

    # The share with problems on several domains: its part and its rest both add up.
    def share_shown(cell: _Counts) -> bool:
        return is_disclosable(cell.registrations) and not isinstance(
            share_disclosed(cell.multi, cell.registrations), Suppressed
        )

    hidden = _hidden_by_measure(
        groups=groups,
        counts={k: (c.multi, c.registrations - c.multi) for k, c in cells.items()},
        shown={key: share_shown(cell) for key, cell in cells.items()},
    )
    for key, row in rows.items():
        cell = cells[key]
        row.multi_domain_share = (
            Suppressed(threshold())
            if key in hidden
            else share_disclosed(cell.multi, cell.registrations)
        )

    # The average intake ZRM per domain: the number of intakes scored on it adds up.
    means: dict[str, dict[str, Figure]] = {key: {} for key in rows}
    for domain in LifeDomain.values:
        hidden = _hidden_by_measure(
            groups=groups,
            counts={key: (cell.zrm_count[domain],) for key, cell in cells.items()},
            shown={key: is_disclosable(cell.zrm_count[domain]) for key, cell in cells.items()},
        )
        for key in rows:
            cell = cells[key]
            means[key][domain] = (
                Suppressed(threshold())
                if key in hidden
                else mean_disclosed(cell.zrm_total[domain], cell.zrm_count[domain])
            )

    # Top themes: names only, ranked by households; no count, so nothing to subtract.
    for key, row in rows.items():
        ranked = sorted(cells[key].themes.items(), key=lambda pair: (-pair[1], pair[0]))
        row.top_themes = [name for name, households in ranked if is_disclosable(households)][
            :TOP_THEMES
        ]

    # The comparison with the municipality.
    labels = dict(LifeDomain.choices)
    for key, row in rows.items():
        row.rate_ratio = (
            _rate_ratio(row, cells[key], muni, cells[muni_key]) if row is not muni else None
        )
        row.multi_domain_difference = (
            _difference(row.multi_domain_share, muni.multi_domain_share, digits=0)
            if row is not muni
            else None
        )
        row.zrm = [
            ZrmFigure(
                domain=domain,
                label=str(labels[domain]),
                mean=means[key][domain],
                difference=(
                    _difference(means[key][domain], means[muni_key][domain])
                    if row is not muni
                    else None
                ),
            )
            for domain in LifeDomain.values
        ]
        if row.level == TEAM_AREA:
            row.guideline = _guideline(row.inhabitants)

    return AreaAnalysis(
        start=start,
        end=end,
        municipality=muni,
        neighbourhoods=[row for row in rows.values() if row.level == NEIGHBOURHOOD],
        team_areas=[row for row in rows.values() if row.level == TEAM_AREA],
    )


def period_default(*, today: date | None = None) -> tuple[date, date]:
    """The last twelve months up to and including today."""
    today = today or timezone.localdate()
    try:
        start = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        start = today.replace(year=today.year - 1, day=28)
    return start + timedelta(days=1), today
