from django.db import models


class VersionedModel(models.Model):
    """A row that people edit: ``version`` goes up on every change.

    Services take the version the editor started from and refuse the change when the row moved
    on in the meantime (``wijkteam.core.concurrency.update_versioned``), so two people editing
    the same household never silently overwrite each other.
    """

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True
