"""SCIM 2.0 (RFC 7643 and 7644), as much as provisioning Users needs: the wire format of a User,
the `userName eq` and `externalId eq` filters, and PATCH operations. No database writes here."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from django.conf import settings

USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error"
CONTENT_TYPE = "application/scim+json"
FILTER = re.compile(r'^\s*(userName|externalId)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$', re.IGNORECASE)


class ScimError(Exception):
    """An answer in SCIM's error format (RFC 7644, section 3.12)."""

    def __init__(self, status: int, detail: str, scim_type: str = "") -> None:
        super().__init__(detail)
        self.status, self.detail, self.scim_type = status, detail, scim_type

    def body(self) -> dict:
        body = {"schemas": [ERROR_SCHEMA], "status": str(self.status), "detail": self.detail}
        if self.scim_type:
            body["scimType"] = self.scim_type
        return body


@dataclass(frozen=True)
class DirectoryPerson:
    """What the directory says about one person, whichever protocol said it."""

    email: str
    given_name: str = ""
    family_name: str = ""
    active: bool = True
    external_id: str = ""
    department: str = ""
    title: str = ""

    def claims(self) -> dict:
        """As claims under the configured names, so SSO's unit and role type mapping applies."""
        sso = settings.PEERSUPPORT_SSO
        return {sso["UNIT_CLAIM"]: self.department, sso["ROLE_TYPE_CLAIM"]: self.title}


def _boolean(value) -> bool:
    # Some directories (Entra ID among them) send "False" as a string.
    if isinstance(value, str) and value.strip().lower() in {"true", "false"}:
        return value.strip().lower() == "true"
    if isinstance(value, bool):
        return value
    raise ScimError(400, "active must be true or false.", "invalidValue")


def _text(value, name: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ScimError(400, f"{name} must be a string.", "invalidValue")
    return value.strip()


def parse_user(payload) -> DirectoryPerson:
    """A User resource from a POST or PUT body."""
    if not isinstance(payload, dict) or USER_SCHEMA not in payload.get("schemas", []):
        raise ScimError(400, f"The body must be a User ({USER_SCHEMA}).", "invalidSyntax")
    email = _text(payload.get("userName"), "userName").lower()
    if "@" not in email:
        raise ScimError(400, "userName must be the person's email address.", "invalidValue")
    name = payload.get("name") or {}
    enterprise = payload.get(ENTERPRISE_SCHEMA) or {}
    if not isinstance(name, dict) or not isinstance(enterprise, dict):
        raise ScimError(400, "name and the enterprise extension must be objects.", "invalidSyntax")
    return DirectoryPerson(
        email=email,
        given_name=_text(name.get("givenName"), "name.givenName"),
        family_name=_text(name.get("familyName"), "name.familyName"),
        active=_boolean(payload.get("active", True)),
        external_id=_text(payload.get("externalId"), "externalId"),
        department=_text(enterprise.get("department"), "department"),
        title=_text(payload.get("title"), "title"),
    )


# PATCH paths we understand -> the field of DirectoryPerson they set.
PATCH_PATHS = {
    "active": "active",
    "username": "email",
    "externalid": "external_id",
    "name.givenname": "given_name",
    "name.familyname": "family_name",
    "title": "title",
    f"{ENTERPRISE_SCHEMA}:department".lower(): "department",
}


def _patch_value(field: str, value):
    if field == "active":
        return _boolean(value)
    text = _text(value, field)
    return text.lower() if field == "email" else text


def apply_patch(person: DirectoryPerson, payload) -> DirectoryPerson:
    """The person after a PatchOp's operations (add, replace; remove only blanks a text)."""
    if not isinstance(payload, dict) or PATCH_SCHEMA not in payload.get("schemas", []):
        raise ScimError(400, f"The body must be a PatchOp ({PATCH_SCHEMA}).", "invalidSyntax")
    operations = payload.get("Operations")
    if not isinstance(operations, list) or not operations:
        raise ScimError(400, "Operations must be a non-empty list.", "invalidSyntax")
    for operation in operations:
        op = str(operation.get("op", "")).lower()
        if op not in {"add", "replace", "remove"}:
            raise ScimError(400, f"Unknown operation {op!r}.", "invalidSyntax")
        path = str(operation.get("path") or "").lower()
        if path:
            changes = {path: None if op == "remove" else operation.get("value")}
        elif op != "remove" and isinstance(operation.get("value"), dict):
            changes = _flatten(operation["value"])
        else:
            raise ScimError(400, "An operation needs a path or an object value.", "noTarget")
        for key, value in changes.items():
            field = PATCH_PATHS.get(key)
            if field is None:
                # Directories send what they hold (phone numbers, addresses, emails[...]); we keep
                # only what the program needs and ignore the rest rather than fail provisioning.
                continue
            if op == "remove" and field in {"active", "email"}:
                raise ScimError(400, f"{key!r} cannot be removed.", "mutability")
            person = replace(person, **{field: _patch_value(field, value)})
    if "@" not in person.email:
        raise ScimError(400, "userName must be the person's email address.", "invalidValue")
    return person


def _flatten(value: dict, prefix: str = "") -> dict:
    flat = {}
    for key, item in value.items():
        name = f"{prefix}{key}".lower()
        if isinstance(item, dict) and name in {"name", ENTERPRISE_SCHEMA.lower()}:
            flat.update(_flatten(item, f"{name}." if name == "name" else f"{name}:"))
        else:
            flat[name] = item
    return flat


def parse_filter(text: str) -> tuple[str, str] | None:
    """("userName" or "externalId", value) for the two filters directories send, else 400."""
    if not text:
        return None
    match = FILTER.match(text)
    if match is None:
        raise ScimError(
            400, 'Only userName eq "..." and externalId eq "..." are supported.', "invalidFilter"
        )
    attribute = "userName" if match[1].lower() == "username" else "externalId"
    return attribute, re.sub(r"\\(.)", r"\1", match[2])


def user_resource(user, location: str) -> dict:
    """A person as a SCIM User resource."""
    employment = getattr(user, "employment", None)
    modified = employment.updated_at if employment else user.date_joined
    resource = {
        "schemas": [USER_SCHEMA, ENTERPRISE_SCHEMA],
        "id": str(user.pk),
        "userName": user.email,
        "name": {"givenName": user.first_name, "familyName": user.last_name},
        "displayName": user.display_name,
        "emails": [{"value": user.email, "type": "work", "primary": True}],
        "active": user.is_active,
        ENTERPRISE_SCHEMA: {
            "department": employment.unit.code if employment and employment.unit else ""
        },
        "meta": {
            "resourceType": "User",
            "created": user.date_joined.isoformat(),
            "lastModified": max(modified, user.date_joined).isoformat(),
            "location": location,
        },
    }
    if employment and employment.external_id:
        resource["externalId"] = employment.external_id
    if employment and employment.role_type:
        resource["title"] = employment.role_type
    return resource


def person_of(user) -> DirectoryPerson:
    """What we hold about a person, as the starting point of a PATCH."""
    employment = getattr(user, "employment", None)
    return DirectoryPerson(
        email=user.email,
        given_name=user.first_name,
        family_name=user.last_name,
        active=user.is_active,
        external_id=employment.external_id if employment else "",
        department=employment.unit.code if employment and employment.unit else "",
        title=employment.role_type if employment else "",
    )
