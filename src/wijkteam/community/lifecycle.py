"""The life of a neighbourhood signal: the one table of allowed moves.

A signal is new until the community worker takes it up with a collective activity (linking an
activity does that) or closes it; closing needs a reason in words when nothing was done, so
"no action" is a decision on record, not a signal left lying. A closed signal can be reopened
when the pattern turns out not to be over.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkteam.community.models import SignalStatus


class SignalMove(models.TextChoices):
    TAKE_UP = "take_up", _("Take up")
    CLOSE = "close", _("Close")
    REOPEN = "reopen", _("Reopen")


# (from status, move) -> to status. Anything not listed is refused.
SIGNAL_TRANSITIONS: dict[tuple[str, str], str] = {
    (SignalStatus.NEW, SignalMove.TAKE_UP): SignalStatus.TAKEN_UP,
    (SignalStatus.NEW, SignalMove.CLOSE): SignalStatus.CLOSED,
    (SignalStatus.TAKEN_UP, SignalMove.CLOSE): SignalStatus.CLOSED,
    (SignalStatus.CLOSED, SignalMove.REOPEN): SignalStatus.NEW,
}


def signal_moves_allowed(status: str) -> list[str]:
    """The moves a signal in ``status`` may make, in table order."""
    return [move for (source, move) in SIGNAL_TRANSITIONS if source == status]
