"""Community work pages, under /buurt/: neighbourhood signals and collective activities.
Numeric ids only; no search terms about people (there are none to search for)."""

from django.urls import path

from wijkteam.community.views import activities, signals

app_name = "community"

urlpatterns = [
    # Neighbourhood signals (views/signals.py).
    path("signalen/", signals.signal_list, name="signals"),
    path("signalen/nieuw/", signals.signal_file, name="signal_file"),
    path("signalen/export/", signals.signal_export, name="signal_export"),
    path("signalen/<int:pk>/", signals.signal_detail, name="signal_detail"),
    path("signalen/<int:pk>/sluiten/", signals.signal_close, name="signal_close"),
    path("signalen/<int:pk>/heropenen/", signals.signal_reopen, name="signal_reopen"),
    # Collective activities (views/activities.py).
    path("activiteiten/", activities.activities, name="activities"),
    path("activiteiten/nieuw/", activities.activity_create, name="activity_create"),
    path("activiteiten/<int:pk>/", activities.activity_detail, name="activity_detail"),
    path("activiteiten/<int:pk>/wijzigen/", activities.activity_edit, name="activity_edit"),
    path("activiteiten/<int:pk>/starten/", activities.activity_start, name="activity_start"),
    path(
        "activiteiten/<int:pk>/deelname/",
        activities.participation_add,
        name="participation_add",
    ),
    path("activiteiten/<int:pk>/afronden/", activities.activity_end, name="activity_end"),
    path(
        "activiteiten/<int:pk>/signalen/",
        activities.activity_signal_link,
        name="activity_signal_link",
    ),
    path(
        "activiteiten/<int:pk>/voorzieningen/",
        activities.activity_provisions,
        name="activity_provisions",
    ),
    path(
        "activiteiten/<int:pk>/voorzieningen/koppelen/",
        activities.activity_provision_link,
        name="activity_provision_link",
    ),
    path(
        "activiteiten/<int:pk>/voorzieningen/ontkoppelen/",
        activities.activity_provision_unlink,
        name="activity_provision_unlink",
    ),
]
