"""Statutory terms of an advice, as pure functions of dates (easy to check by hand).

- Wmo 2015: the investigation (*onderzoek*) within 6 weeks of the request for help (*melding*,
  art. 2.3.2 lid 1), the decision within 2 weeks of the application (*aanvraag*, art. 2.3.5
  lid 1).
- Jeugdwet, Participatiewet and debt relief (Wgs) set no decision term of their own: the
  General Administrative Law Act (Awb art. 4:13 lid 2) gives 8 weeks from the application.
  They have no statutory investigation term here. (Debt relief's first conversation within
  4 weeks of the request, Wgs art. 4a, is the team's own work before the advice.)

A term counted in weeks ends on the same weekday; when that day is a Saturday, Sunday or a
holiday of the Algemene termijnenwet, the term runs to the next working day (Atw art. 1). The
holidays are those of ``wijkteam.core.workdays``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from wijkteam.core.workdays import is_working_day

INVESTIGATION_WEEKS = {"wmo": 6}
DECISION_WEEKS = {"wmo": 2, "jeugdwet": 8, "participatiewet": 8, "wgs": 8}


def term_end(start: date, *, weeks: int) -> date:
    """The last day of a term of ``weeks`` weeks from ``start``, extended past a weekend or
    holiday to the next working day (Algemene termijnenwet)."""
    day = start + timedelta(weeks=weeks)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def investigation_due(*, law: str, requested_on: date | None) -> date | None:
    """When the investigation must be done; ``None`` when the law sets no such term."""
    weeks = INVESTIGATION_WEEKS.get(law)
    if weeks is None or requested_on is None:
        return None
    return term_end(requested_on, weeks=weeks)


def decision_due(*, law: str, applied_on: date | None) -> date | None:
    """When the decision must be taken."""
    weeks = DECISION_WEEKS.get(law)
    if weeks is None or applied_on is None:
        return None
    return term_end(applied_on, weeks=weeks)


@dataclass(frozen=True)
class Term:
    """A term and where it stands on ``today``.

    ``state``: ``open`` (running), ``overdue`` (passed, not done), ``met`` (done in time),
    ``late`` (done after the term).
    """

    due: date
    done_on: date | None
    today: date

    @property
    def days_left(self) -> int:
        """Days until the due date; negative when it has passed."""
        return (self.due - self.today).days

    @property
    def state(self) -> str:
        if self.done_on is not None:
            return "met" if self.done_on <= self.due else "late"
        return "overdue" if self.today > self.due else "open"

    @property
    def is_overdue(self) -> bool:
        return self.state == "overdue"


def term_of(*, due: date | None, done_on: date | None, today: date) -> Term | None:
    return None if due is None else Term(due=due, done_on=done_on, today=today)
