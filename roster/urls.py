from django.urls import path

from roster import views

app_name = "roster"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("me/", views.my_profile, name="me"),
]
