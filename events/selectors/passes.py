"""What a pass carries: the text of its QR code."""

from events.models import Registration


def pass_qr_payload(registration: Registration) -> str:
    """The text the pass QR (page, badge, email) encodes. Every QR of a
    pass goes through here, so its format changes in one place."""
    return registration.code
