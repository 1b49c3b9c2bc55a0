"""The life cycle of a case: its states and the one table of allowed transitions.

Every change of state goes through ``wijkteam.cases.services.case_transition``, which looks the
move up here, so this table is the whole truth about what may follow what.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    INTAKE = "intake", _("Intake")
    PLAN_ACTIVE = "plan_active", _("Plan active")
    CLOSED = "closed", _("Closed")
    TRANSFERRED = "transferred", _("Transferred")
    STOPPED = "stopped", _("Stopped")


# A household has at most one case in these states (a database constraint enforces it).
OPEN_STATES = frozenset({Status.REGISTERED, Status.INTAKE, Status.PLAN_ACTIVE})
ENDED_STATES = frozenset({Status.CLOSED, Status.TRANSFERRED, Status.STOPPED})


class Transition(models.TextChoices):
    START_INTAKE = "start_intake", _("Start intake")
    ACTIVATE_PLAN = "activate_plan", _("Activate plan")
    CLOSE = "close", _("Close")
    TRANSFER = "transfer", _("Transfer")
    STOP = "stop", _("Stop")
    REOPEN = "reopen", _("Reopen")


# (from state, transition) -> to state. Anything not listed is refused.
TRANSITIONS: dict[tuple[str, str], str] = {
    (Status.REGISTERED, Transition.START_INTAKE): Status.INTAKE,
    (Status.REGISTERED, Transition.TRANSFER): Status.TRANSFERRED,
    (Status.REGISTERED, Transition.STOP): Status.STOPPED,
    (Status.INTAKE, Transition.ACTIVATE_PLAN): Status.PLAN_ACTIVE,
    (Status.INTAKE, Transition.TRANSFER): Status.TRANSFERRED,
    (Status.INTAKE, Transition.STOP): Status.STOPPED,
    (Status.PLAN_ACTIVE, Transition.CLOSE): Status.CLOSED,
    (Status.PLAN_ACTIVE, Transition.TRANSFER): Status.TRANSFERRED,
    (Status.PLAN_ACTIVE, Transition.STOP): Status.STOPPED,
    # Reopening goes back to intake, so the plan is looked at again before work resumes.
    (Status.CLOSED, Transition.REOPEN): Status.INTAKE,
    (Status.STOPPED, Transition.REOPEN): Status.INTAKE,
}


def allowed_transitions(status: str) -> list[str]:
    """The transitions a case in ``status`` may take, in table order."""
    return [transition for (source, transition) in TRANSITIONS if source == status]


class StopReason(models.TextChoices):
    DECLINED = "declined", _("Resident declined help")
    MOVED = "moved", _("Moved away")
    UNREACHABLE = "unreachable", _("Unreachable")
    ANSWERED = "answered", _("Question answered, no case needed")


class TransferReason(models.TextChoices):
    SPECIALIST = "specialist", _("To specialist care")
    OTHER_TEAM = "other_team", _("To another team")


class CloseReason(models.TextChoices):
    GOALS_REACHED = "goals_reached", _("Goals reached")
    SELF_RELIANT = "self_reliant", _("Household manages on its own again")
    PARTLY_REACHED = "partly_reached", _("Goals partly reached, no further help needed")
    OTHER = "other", _("Other")


class ReopenReason(models.TextChoices):
    RELAPSE = "relapse", _("Problems returned")
    NEW_QUESTION = "new_question", _("New question on the same plan")
    CLOSED_IN_ERROR = "closed_in_error", _("Closed in error")


# Which reasons fit which transition. Transitions not listed need no reason code.
REASONS: dict[str, type[models.TextChoices]] = {
    Transition.STOP: StopReason,
    Transition.TRANSFER: TransferReason,
    Transition.CLOSE: CloseReason,
    Transition.REOPEN: ReopenReason,
}
