from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "wijkteam.core"
