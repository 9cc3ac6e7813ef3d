"""SCIM 2.0 provisioning (RFC 7644) as the hospital's directory speaks it: a bearer token per
client, create, get, filter by userName, PATCH active=false (a leaver), PUT, DELETE."""

import io
import json

import pytest
import requests
from django.core.management import call_command

from core.models import AuditEvent, User
from identity.models import Employment, ScimClient
from identity.services import add_scim_client, revoke_scim_client
from support_requests.models import State
from tests import factories
from tests.support_requests.conftest import walk

USER = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


def new_person(email="ana.ruiz@hospital.test", **extra) -> dict:
    return {
        "schemas": [USER, ENTERPRISE],
        "userName": email,
        "externalId": "e-1001",
        "name": {"givenName": "Ana", "familyName": "Ruiz"},
        "active": True,
        "title": "Registered Nurse",
        ENTERPRISE: {"department": "Critical Care"},
        **extra,
    }


def switch_off() -> dict:
    # As Entra ID sends it: capitalised op, the value as a string.
    return {
        "schemas": [PATCH],
        "Operations": [{"op": "Replace", "path": "active", "value": "False"}],
    }


@pytest.fixture
def mapping(settings):
    settings.PEERSUPPORT_SSO = {
        **settings.PEERSUPPORT_SSO,
        "UNIT_CLAIM": "department",
        "ROLE_TYPE_CLAIM": "job_role",
        "UNIT_MAP": {"Critical Care": "icu"},
        "ROLE_TYPE_MAP": {"Registered Nurse": "nurse"},
    }


@pytest.fixture
def token(db, mapping):
    return add_scim_client(name="Entra ID", actor=None)[1]


class Scim:
    """The test client as a SCIM client: JSON bodies, the bearer token on every request."""

    def __init__(self, client, token):
        self.client, self.headers = client, {"Authorization": f"Bearer {token}"}

    def call(self, method, path, body=None):
        response = getattr(self.client, method)(
            f"/scim/v2/{path}",
            data=json.dumps(body) if body is not None else None,
            content_type="application/scim+json",
            headers=self.headers,
        )
        return response.status_code, (response.json() if response.content else None)


@pytest.fixture
def scim(client, token):
    return Scim(client, token)


def test_the_whole_lifecycle_over_real_http(live_server, transactional_db, settings):
    settings.PEERSUPPORT_SSO = {**settings.PEERSUPPORT_SSO, "UNIT_MAP": {"Critical Care": "icu"}}
    icu = factories.UnitFactory(code="icu")
    _, token = add_scim_client(name="Okta", actor=None)
    http = requests.Session()
    http.headers.update(
        {"Authorization": f"Bearer {token}", "Content-Type": "application/scim+json"}
    )
    base = f"{live_server.url}/scim/v2/Users"

    created = http.post(base, data=json.dumps(new_person()))
    assert created.status_code == 201
    assert created.headers["Content-Type"] == "application/scim+json"
    user_id = created.json()["id"]
    assert created.json()["meta"]["location"] == f"{base}/{user_id}"
    assert created.json()[ENTERPRISE]["department"] == "icu"
    assert User.objects.get(pk=user_id).employment.unit == icu

    assert http.get(f"{base}/{user_id}").json()["userName"] == "ana.ruiz@hospital.test"
    found = http.get(base, params={"filter": 'userName eq "Ana.Ruiz@hospital.test"'}).json()
    assert (found["totalResults"], found["Resources"][0]["id"]) == (1, user_id)

    patched = http.patch(f"{base}/{user_id}", data=json.dumps(switch_off()))
    assert (patched.status_code, patched.json()["active"]) == (200, False)
    assert not User.objects.get(pk=user_id).is_active

    assert http.delete(f"{base}/{user_id}").status_code == 204
    assert http.get(f"{base}/{user_id}").status_code == 404
    assert (
        http.get(base, params={"filter": 'userName eq "ana.ruiz@hospital.test"'}).json()[
            "totalResults"
        ]
        == 0
    )
    # The account stays, switched off, for the program's history.
    assert User.objects.filter(pk=user_id, is_active=False).exists()


@pytest.mark.parametrize("method", ["get", "post", "put", "patch", "delete"])
@pytest.mark.parametrize("path", ["Users", "Users/1"])
@pytest.mark.parametrize("authorization", [None, "Bearer not-a-token", "Basic YWRtaW46YWRtaW4="])
def test_without_a_valid_token_everything_is_401(client, token, method, path, authorization):
    headers = {"Authorization": authorization} if authorization else {}
    response = getattr(client, method)(f"/scim/v2/{path}", headers=headers)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["status"] == "401"


def test_a_signed_in_session_is_not_a_token(client, token, people):
    client.force_login(people.superuser)
    assert client.get("/scim/v2/Users", secure=True).status_code == 401


def test_a_revoked_client_is_refused_at_once(client, db, mapping):
    scim_client, token = add_scim_client(name="Old directory", actor=None)
    assert Scim(client, token).call("get", "Users")[0] == 200

    revoke_scim_client(client=scim_client, actor=None)

    assert Scim(client, token).call("get", "Users")[0] == 401


def test_the_command_prints_a_token_that_works_once_and_stores_only_its_digest(client, db):
    out = io.StringIO()
    call_command("scim_client", "add", "Ping", stdout=out)
    token = out.getvalue().strip().splitlines()[-1]

    assert Scim(client, token).call("get", "Users")[0] == 200
    assert token not in ScimClient.objects.get(name="Ping").token_digest


def test_creating_a_taken_user_name_is_a_conflict(scim):
    factories.UserFactory(email="ana.ruiz@hospital.test")
    status, body = scim.call("post", "Users", new_person())
    assert (status, body["scimType"]) == (409, "uniqueness")


def test_a_hand_made_account_is_found_by_its_user_name_and_linked(scim):
    existing = factories.UserFactory(email="known@hospital.test")
    status, found = scim.call("get", 'Users?filter=userName%20eq%20"known@hospital.test"')
    assert (status, found["Resources"][0]["id"]) == (200, str(existing.pk))

    status, body = scim.call(
        "patch",
        f"Users/{existing.pk}",
        {"schemas": [PATCH], "Operations": [{"op": "add", "value": {"externalId": "e-7"}}]},
    )

    assert (status, body["externalId"]) == (200, "e-7")
    status, found = scim.call("get", 'Users?filter=externalId%20eq%20"e-7"')
    assert found["totalResults"] == 1


def test_put_replaces_names_unit_and_role_type(scim):
    icu = factories.UnitFactory(code="icu")
    ed = factories.UnitFactory(code="ed")
    _, created = scim.call("post", "Users", new_person())
    person = new_person(name={"givenName": "Ana", "familyName": "Ruiz-Lopez"}, title="pharmacist")
    person[ENTERPRISE] = {"department": "ed"}

    status, body = scim.call("put", f"Users/{created['id']}", person)

    assert status == 200
    user = User.objects.get(pk=created["id"])
    assert user.last_name == "Ruiz-Lopez"
    assert (user.employment.unit, user.employment.role_type) == (ed, "pharmacist")
    assert icu != ed


def test_patch_active_false_makes_a_leaver_whose_requests_go_back(scim, people):
    request = walk(people, State.ACCEPTED)

    status, body = scim.call("patch", f"Users/{people.supporter.pk}", switch_off())

    assert (status, body["active"]) == (200, False)
    request.refresh_from_db()
    assert (request.state, request.assigned_to) == (State.DECLINED, None)
    assert (
        AuditEvent.objects.filter(
            object_type="user",
            object_id=str(people.supporter.pk),
            detail="deactivated: scim_deactivated",
        ).count()
        == 1
    )


def test_patch_active_true_brings_a_person_back(scim):
    _, created = scim.call("post", "Users", new_person())
    scim.call("patch", f"Users/{created['id']}", switch_off())

    status, body = scim.call(
        "patch",
        f"Users/{created['id']}",
        {"schemas": [PATCH], "Operations": [{"op": "replace", "value": {"active": True}}]},
    )

    assert (status, body["active"]) == (200, True)
    assert User.objects.get(pk=created["id"]).is_active


def test_a_deleted_person_created_again_comes_back_as_the_same_account(scim):
    _, created = scim.call("post", "Users", new_person())
    scim.call("delete", f"Users/{created['id']}")

    status, again = scim.call("post", "Users", new_person())

    assert (status, again["id"], again["active"]) == (201, created["id"], True)


@pytest.mark.parametrize(
    "query",
    ['filter=displayName%20co%20"Ana"', "filter=userName%20eq%20ana", "startIndex=one"],
)
def test_unsupported_filters_and_bad_paging_are_400(scim, query):
    status, body = scim.call("get", f"Users?{query}")
    assert status == 400 and body["scimType"] in {"invalidFilter", "invalidValue"}


@pytest.mark.parametrize(
    "body",
    [
        {"userName": "no-schema@hospital.test"},
        {"schemas": [USER], "userName": "not-an-email"},
        {"schemas": [USER], "userName": "x@hospital.test", "active": "maybe"},
        [],
    ],
)
def test_a_bad_user_body_is_400_and_creates_nothing(scim, body):
    count = User.objects.count()
    status, answer = scim.call("post", "Users", body)
    assert status == 400 and answer["status"] == "400"
    assert User.objects.count() == count


def test_attributes_the_program_does_not_keep_are_ignored_not_refused(scim):
    # What Entra ID sends by default besides the attributes we keep.
    _, created = scim.call("post", "Users", new_person(phoneNumbers=[{"value": "555-0101"}]))
    status, body = scim.call(
        "patch",
        f"Users/{created['id']}",
        {
            "schemas": [PATCH],
            "Operations": [
                {"op": "Add", "path": 'emails[type eq "work"].value', "value": "x@hospital.test"},
                {"op": "Replace", "path": "password", "value": "chosen-by-the-directory"},
                {"op": "Replace", "path": "name.familyName", "value": "Ruiz-Lopez"},
            ],
        },
    )
    assert (status, body["name"]["familyName"], body["userName"]) == (
        200,
        "Ruiz-Lopez",
        "ana.ruiz@hospital.test",
    )
    assert not User.objects.get(pk=created["id"]).has_usable_password()


def test_a_bad_patch_is_400_and_changes_nothing(scim):
    _, created = scim.call("post", "Users", new_person())
    for operations in (
        [{"op": "remove", "path": "userName"}],
        [{"op": "remove", "path": "active"}],
        [{"op": "move", "path": "title", "value": "x"}],
    ):
        status, _ = scim.call(
            "patch", f"Users/{created['id']}", {"schemas": [PATCH], "Operations": operations}
        )
        assert status == 400
    assert User.objects.get(pk=created["id"]).is_active


@pytest.mark.parametrize("user_id", ["999999", "abc", "-1"])
def test_an_unknown_user_is_404_alike(scim, user_id):
    status, body = scim.call("get", f"Users/{user_id}")
    assert (status, body["detail"]) == (404, "No such user.")


def test_the_list_costs_the_same_few_queries_for_many_people(scim, django_assert_max_num_queries):
    for n in range(30):
        scim.call("post", "Users", new_person(email=f"p{n}@hospital.test", externalId=f"e{n}"))
    # token, its last use, the page, the count (and the request transaction): not one per person
    with django_assert_max_num_queries(6):
        status, body = scim.call("get", "Users?count=50")
    assert (status, body["totalResults"], body["itemsPerPage"]) == (200, 30, 30)
    assert Employment.objects.filter(source="scim").count() == 30
