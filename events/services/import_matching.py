"""Matching an import's unit and role cells as people write them.

A unit is found by its official name, its short name, its slug, or the
short name behind a prefix people add or drop: "Sở Nội vụ Tuyên Quang"
(without "tỉnh"), "SNV Tuyên Quang", "Tỉnh Tuyên Quang", "TP. Hà Nội". A
role by its name or code, or by the start of its name when only one role
starts that way ("Chuyên viên" → "Chuyên viên thi đua - khen thưởng").
Everything is compared folded (no diacritics, lower case, punctuation as
spaces). A cell that matches nothing, or several, gets a message that lists
the accepted values.
"""

import re

from django.utils.translation import gettext as _

from events.models import Conference, DelegateRole, MemberUnit
from events.names import fold, vietnamese_sorted

# Folded prefixes, longest first: the office, then the level of the province.
_OFFICE = ("so noi vu", "so nv", "snv", "so")
_LEVEL = ("thanh pho", "tp", "tinh")
_PREFIX = re.compile(
    rf"^(?:(?:{'|'.join(_OFFICE)}) )?(?:(?:{'|'.join(_LEVEL)}) )?",
)


def _bare(folded: str) -> str:
    """The place name inside a folded unit name: "so noi vu tinh tuyen quang"
    → "tuyen quang"."""
    return _PREFIX.sub("", folded, count=1)


class UnitMatcher:
    def __init__(self, conference: Conference):
        self.units = list(conference.term.members.all())
        self.exact: dict[str, MemberUnit] = {}
        self.bare: dict[str, set[MemberUnit]] = {}
        for unit in self.units:
            for name in (unit.name, unit.short_name, unit.slug):
                self.exact[fold(name)] = unit
            for name in (unit.name, unit.short_name):
                self.bare.setdefault(_bare(fold(name)), set()).add(unit)

    def accepted(self) -> str:
        return ", ".join(vietnamese_sorted(u.short_name for u in self.units))

    def match(self, text: str) -> tuple[MemberUnit | None, str]:
        """The unit, or None and the message to show."""
        folded = fold(text)
        unit = self.exact.get(folded)
        if unit is not None:
            return unit, ""
        found = self.bare.get(_bare(folded), set())
        if len(found) == 1:
            return next(iter(found)), ""
        return None, _(
            "“%(value)s” is not a member unit this year. Unit must be one of: %(units)s."
        ) % {"value": text, "units": self.accepted()}


class RoleMatcher:
    def __init__(self, conference: Conference):
        self.roles = list(conference.roles.order_by("position"))
        self.exact: dict[str, DelegateRole] = {}
        for role in self.roles:
            self.exact[fold(role.name)] = role
            self.exact[fold(role.code)] = role

    def accepted(self) -> str:
        return ", ".join(role.name for role in self.roles)

    def match(self, text: str) -> tuple[DelegateRole | None, str]:
        folded = fold(text)
        role = self.exact.get(folded)
        if role is not None:
            return role, ""
        if folded:
            starts = [r for r in self.roles if f"{fold(r.name)} ".startswith(f"{folded} ")]
            if len(starts) == 1:
                return starts[0], ""
            if len(starts) > 1:
                return None, _(
                    "“%(value)s” could be %(roles)s: write the role in full. "
                    "Role must be one of: %(accepted)s."
                ) % {
                    "value": text,
                    "roles": ", ".join(r.name for r in starts),
                    "accepted": self.accepted(),
                }
        return None, _("Unknown role “%(value)s”. Role must be one of: %(accepted)s.") % {
            "value": text,
            "accepted": self.accepted(),
        }
