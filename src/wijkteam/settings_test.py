"""Settings for the test suite: the real settings, in development mode, with fast hashing."""

import os

os.environ.setdefault("WIJKTEAM_DEBUG", "true")
os.environ.setdefault("WIJKTEAM_SECRET_KEY", "test-only-" + "x" * 60)

from wijkteam.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed; tests only
# Most tests log in with force_login or the password-only ``login`` browser fixture; the second
# factor's own tests (wijkteam.accounts) switch it on with the ``settings`` fixture.
WIJKTEAM_2FA_REQUIRED = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Background jobs run at once, in the test's own process (wijkteam.jobs).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# A file, not memory, for SQLite test databases: the concurrency tests run writers in threads,
# which each need their own connection to the same database.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # One file per run, so two runs in the same checkout do not share a database.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")  # noqa: F405
    }
