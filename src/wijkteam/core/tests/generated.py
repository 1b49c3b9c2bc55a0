"""Generated data (``wijkteam.core.generator``) as a module-wide test world."""

from __future__ import annotations

from collections.abc import Iterator

from django.db import transaction

from wijkteam.cases.tests.factories import ThemeFactory
from wijkteam.core.generator import GeneratedSummary, Options, data_generate


def generated_world(django_db_blocker, options: Options) -> Iterator[GeneratedSummary]:
    """Generate ``options`` once, in a transaction rolled back when the module is done: use as
    the body of a module-scoped fixture (with ``pytestmark = pytest.mark.django_db``, so
    pytest-django has set the test database up first), and override ``db`` with
    ``savepoint_per_test``."""
    with django_db_blocker.unblock(), transaction.atomic():
        # The themes come from a data migration, which a browser test may have flushed.
        for code in ("loneliness", "debts", "poverty"):
            ThemeFactory(code=code)
        yield data_generate(options)
        transaction.set_rollback(True)


def savepoint_per_test() -> Iterator[None]:
    """A savepoint on the generated data for each test."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)
