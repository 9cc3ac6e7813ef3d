import os

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from peersupport import views

# The admin's login goes through allauth: the same rate limits and MFA as everywhere else.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Peer Support administration"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots, name="robots"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("requests/", include("support_requests.urls")),
    path("roster/", include("roster.urls")),
    path("training/", include("training.urls")),
    path("calendar/feed/", include("training.feed_urls")),
    path("committees/", include("committees.urls")),
    path("reports/", include("reports.urls")),
    path("scim/v2/", include("identity.urls")),
]

if os.environ.get("PEERSUPPORT_BENCH_BARE_VIEW") == "1":
    # `make bench-throughput` only (issue 9): the bare one-row insert the intake POST is measured
    # against. Never mounted otherwise, so it is no production URL and not in the access matrix.
    urlpatterns.append(
        path("bench/bare-insert/", views.bench_bare_insert, name="bench_bare_insert")
    )

handler403 = "peersupport.errors.forbidden"
handler404 = "peersupport.errors.not_found"
handler500 = "peersupport.errors.server_error"
