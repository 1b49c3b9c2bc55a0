from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """A person who logs in: a professional, a back-office consultant, an administrator.

    What a user may see follows from their team memberships (``wijkteam.teams``), not from
    flags on the user; roles beyond team membership arrive with the access model.
    """

    class Meta:
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username
