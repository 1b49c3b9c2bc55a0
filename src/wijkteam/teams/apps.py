from django.apps import AppConfig


class TeamsConfig(AppConfig):
    name = "wijkteam.teams"
