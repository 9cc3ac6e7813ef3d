from django.urls import path

from bench import views

urlpatterns = [
    path("bare-insert/", views.bare_insert, name="bench_bare_insert"),
    path("bare-read/", views.bare_read, name="bench_bare_read"),
]
