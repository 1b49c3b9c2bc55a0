"""Add a municipality to a knowledge network, and optionally the user who answers for it."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from wijkteam.accounts.models import User
from wijkteam.core.errors import DomainError
from wijkteam.knowledgenetwork.services import (
    network_get_or_create,
    participant_add,
    participant_member_add,
)


class Command(BaseCommand):
    @property
    def help(self) -> str:  # translated when shown, not when imported
        return _(
            "Add a municipality to a knowledge network (made if it does not exist), or rename "
            "the one with this CBS code; with --user, let that user answer the monitor for it."
        )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--network", required=True, help="The network's name.")
        parser.add_argument("--name", required=True, help="The municipality's name.")
        parser.add_argument("--cbs-code", required=True, help="The CBS code, e.g. 0392.")
        parser.add_argument("--user", default="", help="Username of the respondent.")

    def handle(self, *args, network: str, name: str, cbs_code: str, user: str, **options):
        if not cbs_code.isdigit() or len(cbs_code) != 4:
            raise CommandError(_("A CBS municipality code is 4 digits, e.g. 0392."))
        participant = participant_add(
            network=network_get_or_create(name=network), name=name, cbs_code=cbs_code
        )
        if user:
            found = User.objects.filter(username=user).first()
            if found is None:
                raise CommandError(_("No user with this username."))
            try:
                participant_member_add(participant=participant, user=found)
            except DomainError as error:
                raise CommandError(str(error.message)) from None
        self.stdout.write(_("Participant %(id)d saved.") % {"id": participant.pk})
