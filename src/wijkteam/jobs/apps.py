from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "wijkteam.jobs"
    verbose_name = _("Background jobs")

    def ready(self) -> None:
        # django-tasks-db registers its queue table in the admin. The queue holds only job ids
        # and is the worker's business; our ``Job`` rows say what happened, to whom asked. Kept
        # out of the admin, so the functional administrator's admin stays what the persona
        # matrix allows.
        from django.contrib import admin
        from django_tasks_db.models import DBTaskResult

        if admin.site.is_registered(DBTaskResult):
            admin.site.unregister(DBTaskResult)
