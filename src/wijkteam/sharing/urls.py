from django.urls import path

from wijkteam.sharing import views

app_name = "sharing"

urlpatterns = [
    path("huishoudens/<int:pk>/gronden/", views.ground_record, name="ground_record"),
    path("gronden/<int:pk>/intrekken/", views.ground_withdraw, name="ground_withdraw"),
]
