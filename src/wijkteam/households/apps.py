from django.apps import AppConfig


class HouseholdsConfig(AppConfig):
    name = "wijkteam.households"
