from wijkteam.cases.views import casework, lists, registration

app_name = "cases"

urlpatterns = [*lists.urlpatterns, *registration.urlpatterns, *casework.urlpatterns]
