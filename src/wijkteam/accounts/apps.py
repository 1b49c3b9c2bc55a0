from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "wijkteam.accounts"

    def ready(self) -> None:
        from wijkteam.accounts import checks  # noqa: F401 - registers the deploy check
