"""Reads for the resident's own view: only ever their own household."""

from __future__ import annotations

from wijkteam.accounts.models import User
from wijkteam.households.models import Household
from wijkteam.residents.models import ResidentAccount


def resident_household_of(*, user: User) -> Household | None:
    """The household of the person ``user`` logs in as, or ``None`` for anyone else."""
    if not user.is_authenticated or not user.is_active:
        return None
    account = ResidentAccount.objects.filter(user=user).select_related("person__household").first()
    return account.person.household if account else None
