"""Back office for covenants and ceremonies. Ceremonies, signatories, links,
kiosk sessions and audit events are facts the services write: the back office
shows them and changes nothing."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin, register_remaining
from signing.models import AuditEvent, Ceremony, KioskSession, Signatory, SigningLink


@admin.register(Ceremony)
class CeremonyAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "state", "opened_at", "sealed_at"]
    list_filter = ["state"]


@admin.register(Signatory)
class SignatoryAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "ceremony", "position", "email", "signed_at"]
    list_filter = ["ceremony"]
    exclude = ["signature_png"]


@admin.register(SigningLink)
class SigningLinkAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "issued_at", "expires_at", "used_at", "revoked_at"]
    exclude = ["token_sha256"]


@admin.register(KioskSession)
class KioskSessionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "ceremony", "unlocked_at", "closed_at"]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "ceremony", "at", "user_email", "signatory"]
    list_filter = ["ceremony", "kind"]


register_remaining("signing")
