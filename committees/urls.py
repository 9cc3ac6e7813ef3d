from django.urls import path

from committees import views

app_name = "committees"

urlpatterns = [
    path("", views.index, name="index"),
    path("leadership/", views.leadership, name="leadership"),
]
