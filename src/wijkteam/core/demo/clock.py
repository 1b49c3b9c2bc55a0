"""The demo's clock: the moment the services read as "now", moved through each story.

Services stamp "now" on registrations, state changes, director assignments and plan revisions.
Building the demo takes seconds, so without this every case would look registered today while
its contacts are weeks old. Travelling the clock makes each service call happen at the moment
of the story, so what the services record is exactly what they would have recorded then.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

if TYPE_CHECKING:
    from time_machine import Traveller

# A working day, when a team member registers, visits and decides.
WORKING_HOURS = (9, 16)


class DemoClock:
    """Moves a stopped ``time_machine`` clock forward through one story at a time.

    Within a story the clock only goes forward and never past the real ``now``; between stories
    it starts again, since households live their histories side by side.
    """

    def __init__(self, *, traveller: Traveller, now: datetime, rng: random.Random) -> None:
        self.traveller = traveller
        self.now = now
        self.rng = rng
        self.last: datetime | None = None

    @property
    def day(self) -> date:
        """The date of the story so far, as the services see it."""
        return timezone.localdate()

    def restart(self) -> None:
        """Begin a new story: the next move may go back in time."""
        self.last = None

    def to(self, day: date, *, hours: tuple[int, int] = WORKING_HOURS) -> None:
        """Move to a working hour of ``day``, or a little while ago when that is still ahead."""
        moment = timezone.make_aware(
            datetime.combine(day, time(self.rng.randint(*hours), self.rng.randint(0, 59)))
        )
        # Drawn every time, so the rest of the demo does not depend on the hour it is built.
        margin = timedelta(minutes=self.rng.randint(5, 90))
        moment = min(moment, self.now - margin)
        self._move(moment)

    def later(self) -> None:
        """A few minutes on: the next step of the same piece of work."""
        assert self.last is not None, "a story starts with clock.to()"
        self._move(self.last)

    def _move(self, moment: datetime) -> None:
        step = timedelta(minutes=self.rng.randint(2, 15))
        if self.last is not None:
            moment = max(moment, self.last + step)
        if moment > self.now:
            # Only the first step of a story may fall on today; a story that runs on past now
            # is a mistake in its schedule.
            raise ValueError("a demo story runs past the present")
        self.traveller.move_to(moment)
        self.last = moment
