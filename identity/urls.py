from django.urls import path

from identity import views

app_name = "scim"

urlpatterns = [
    path("Users", views.users, name="users"),
    path("Users/<str:user_id>", views.user, name="user"),
]
