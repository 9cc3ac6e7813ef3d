"""Cross-cutting request rules: MFA for leads, session lifetime, no caching.

Sign-in everywhere is Django's LoginRequiredMiddleware; the few public views carry
`@login_not_required` (allauth marks its own).
"""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

from core import audit
from core.access import roles_of
from core.roles import MFA_REQUIRED_ROLES


class AbsoluteSessionLifetimeMiddleware:
    """Ends a session 12 hours after sign-in however active it is (idle expiry is Django's)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            started = request.session.get("signed_in_at")
            now = time.time()
            if started is None:
                request.session["signed_in_at"] = now
            elif now - started > settings.PEERSUPPORT_SESSION_ABSOLUTE_SECONDS:
                logout(request)
                return redirect(f"{reverse(settings.LOGIN_URL)}?next={request.path}")
        return self.get_response(request)


class RequireMFAForLeadsMiddleware:
    """Leads, the program manager, the chair and admin users must set up MFA before any page.

    allauth has no such setting; this is the one place it is enforced.
    """

    EXEMPT_PREFIXES = ("/accounts/", "/healthz", "/readyz", "/metrics", "/static/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.PEERSUPPORT_REQUIRE_MFA_FOR_LEADS
            and request.user.is_authenticated
            and not request.path.startswith(self.EXEMPT_PREFIXES)
            and (
                request.user.is_superuser
                or request.user.is_staff
                or roles_of(request.user) & MFA_REQUIRED_ROLES
            )
        ):
            from allauth.mfa.utils import is_mfa_enabled

            if not is_mfa_enabled(request.user):
                return redirect(f"{reverse('mfa_activate_totp')}?next={request.path}")
        return self.get_response(request)


class NoStoreForSignedInMiddleware:
    """Pages for a signed-in person are never kept in a shared or browser cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated and not request.path.startswith("/static/"):
            response["Cache-Control"] = "no-store"
            response["Pragma"] = "no-cache"
        return response


class AuditAdminMiddleware:
    """Every page of the Django admin opened by a signed-in person writes one audit event.

    Written after the response, outside the view's transaction, so a refused lookup (400) or a
    denied page is recorded too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated and request.path.startswith(reverse("admin:index")):
            audit.record(
                action="admin_view",
                actor=request.user,
                object_type="admin",
                object_id=request.path[:64],
                detail=request.method,
                outcome="ok" if response.status_code < 400 else "denied",
            )
        return response
