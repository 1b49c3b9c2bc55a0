from wijkteam.cases.views import casework, lists, registration, themes

app_name = "cases"

urlpatterns = [
    *lists.urlpatterns,
    *registration.urlpatterns,
    *casework.urlpatterns,
    *themes.urlpatterns,
]
