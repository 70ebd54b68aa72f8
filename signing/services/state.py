"""Checks shared by the signing services."""

from django.utils.translation import gettext as _

from signing.errors import SigningError
from signing.models import Ceremony, CeremonyState


def require_open(ceremony: Ceremony) -> None:
    if ceremony.state == CeremonyState.SEALED:
        raise SigningError(_("The covenant is sealed; nothing can change."), code="sealed")
    if ceremony.state != CeremonyState.OPEN:
        raise SigningError(_("Signing is not open."), code="not_open")
