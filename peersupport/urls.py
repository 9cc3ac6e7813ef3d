import os

from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from core.language import set_language
from operations import views as operations_views
from peersupport import views

# The admin's login goes through allauth: the same rate limits and MFA as everywhere else.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Peer Support administration"

urlpatterns = [
    path("", views.home, name="home"),
    path("design/", views.design, name="design"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", operations_views.readyz, name="readyz"),
    path("metrics", operations_views.metrics_view, name="metrics"),
    path("robots.txt", views.robots, name="robots"),
    path("language/", set_language, name="set_language"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("requests/", include("support_requests.urls")),
    path("roster/", include("roster.urls")),
    path("training/", include("training.urls")),
    path("calendar/feed/", include("training.feed_urls")),
    path("committees/", include("committees.urls")),
    path("reports/", include("reports.urls")),
    path("scim/v2/", include("identity.urls")),
    path("operations/", include("operations.urls")),
]

if "bench" in settings.INSTALLED_APPS and os.environ.get("PEERSUPPORT_BENCH_BARE_VIEW") == "1":
    # `make bench-throughput` only: the bare views the product's pages are measured against.
    urlpatterns.append(path("bench/", include("bench.urls")))

handler403 = "core.errors.forbidden"
handler404 = "core.errors.not_found"
handler500 = "core.errors.server_error"
