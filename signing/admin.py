"""Back office for covenants and ceremonies. Signatures and audit events are
append-only facts: the app's services are the only way to change them."""

from events.admin import register_remaining

register_remaining("signing")
