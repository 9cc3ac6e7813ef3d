"""SCIM 2.0 Users endpoint for the hospital's directory: bearer token per client, no session."""

from __future__ import annotations

import json
from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from identity import scim, selectors, services
from identity.scim import ScimError

MAX_PAGE = 200


def _answer(body: dict | None, status: int = 200) -> HttpResponse:
    if body is None:
        return HttpResponse(status=status)
    response = JsonResponse(body, status=status, content_type=scim.CONTENT_TYPE)
    response["Cache-Control"] = "no-store"
    return response


def scim_endpoint(view):
    """Token check (401 without a valid one, whatever the session), SCIM errors, JSON bodies."""

    # No session sign-in (LoginRequiredMiddleware lets it through) and no CSRF cookie: the bearer
    # token, checked on every request, is the only credential.
    @login_not_required
    @csrf_exempt
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        client = selectors.scim_client_for(request.headers.get("Authorization", ""))
        try:
            if client is None:
                raise ScimError(401, "A valid bearer token is required.")
            return view(request, client, *args, **kwargs)
        except ScimError as error:
            response = _answer(error.body(), error.status)
        except services.DirectoryConflict as error:
            response = _answer(ScimError(409, str(error), "uniqueness").body(), 409)
        if response.status_code == 401:
            response["WWW-Authenticate"] = 'Bearer realm="scim"'
        return response

    return wrapper


def _body(request) -> dict:
    try:
        return json.loads(request.body or b"null")
    except ValueError as error:
        raise ScimError(400, "The body is not JSON.", "invalidSyntax") from error


def _resource(request, user) -> dict:
    location = request.build_absolute_uri(reverse("scim:user", args=[user.pk]))
    return scim.user_resource(user, location)


def _user_or_404(user_id: str):
    user = selectors.directory_users().filter(pk=user_id).first() if user_id.isdigit() else None
    if user is None:
        raise ScimError(404, "No such user.")
    return user


@scim_endpoint
def users(request, client):
    if request.method == "POST":
        user = services.provision_user(person=scim.parse_user(_body(request)), client=client)
        return _answer(_resource(request, _user_or_404(str(user.pk))), 201)
    if request.method != "GET":
        raise ScimError(405, "Use GET or POST here.")
    people = selectors.directory_users()
    match = scim.parse_filter(request.GET.get("filter", ""))
    if match is not None:
        attribute, value = match
        people = people.filter(
            **{"email__iexact" if attribute == "userName" else "employment__external_id": value}
        )
    try:
        start = max(int(request.GET.get("startIndex", 1)), 1)
        count = min(max(int(request.GET.get("count", 100)), 0), MAX_PAGE)
    except ValueError as error:
        raise ScimError(400, "startIndex and count must be numbers.", "invalidValue") from error
    page = list(people[start - 1 : start - 1 + count])
    return _answer(
        {
            "schemas": [scim.LIST_SCHEMA],
            "totalResults": people.count(),
            "startIndex": start,
            "itemsPerPage": len(page),
            "Resources": [_resource(request, user) for user in page],
        }
    )


@scim_endpoint
def user(request, client, user_id: str):
    person = _user_or_404(user_id)
    if request.method == "GET":
        return _answer(_resource(request, person))
    if request.method == "DELETE":
        services.deprovision_user(user=person, client=client)
        return _answer(None, 204)
    if request.method == "PUT":
        changed = scim.parse_user(_body(request))
    elif request.method == "PATCH":
        changed = scim.apply_patch(scim.person_of(person), _body(request))
    else:
        raise ScimError(405, "Use GET, PUT, PATCH or DELETE here.")
    services.update_user(user=person, person=changed, client=client)
    return _answer(_resource(request, _user_or_404(user_id)))
