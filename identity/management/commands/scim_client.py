"""Add or switch off a SCIM provisioning client: `scim_client add NAME`, `scim_client revoke NAME`."""

from django.core.management.base import BaseCommand, CommandError

from identity.models import ScimClient
from identity.services import add_scim_client, revoke_scim_client


class Command(BaseCommand):
    help = "Add a SCIM client (prints its bearer token once) or revoke one."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["add", "revoke"])
        parser.add_argument("name")

    def handle(self, *args, action, name, **options):
        if action == "add":
            if ScimClient.objects.filter(name=name).exists():
                raise CommandError(f"A SCIM client named {name!r} exists already.")
            _, token = add_scim_client(name=name, actor=None)
            self.stdout.write(f"Bearer token for {name} (shown once, keep it in the directory):")
            self.stdout.write(token)
            return
        client = ScimClient.objects.filter(name=name).first()
        if client is None:
            raise CommandError(f"No SCIM client named {name!r}.")
        revoke_scim_client(client=client, actor=None)
        self.stdout.write(f"{name} can no longer provision.")
