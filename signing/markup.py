"""The covenant's small, safe body markup: parsed into a structure, never HTML.

    I. HEADING            a section (Roman numeral, then a full stop)
    1. Text               a numbered clause within the section
    a) Text               a point within the clause
    any other line        continues the paragraph above (or stands alone)

Numbers are taken from the text as typed, so the printed document shows what
the organizer wrote. The output is plain data; templates escape it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from events.names import clean_text

_SECTION = re.compile(r"^([IVXLC]+)\.\s+(.+)$")
_CLAUSE = re.compile(r"^(\d{1,2})\.\s+(.+)$")
_POINT = re.compile(r"^([a-zđ])\)\s+(.+)$")


@dataclass
class Point:
    label: str
    text: str


@dataclass
class Clause:
    number: str
    text: str
    points: list[Point] = field(default_factory=list)


@dataclass
class Section:
    number: str
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    clauses: list[Clause] = field(default_factory=list)


def parse_body(text: str) -> list[Section]:
    """Sections with their clauses and points. Text before the first section
    heading goes into an unnumbered section."""
    sections: list[Section] = []
    last: Section | Clause | Point | None = None

    def current_section() -> Section:
        if not sections:
            sections.append(Section(number="", heading=""))
        return sections[-1]

    for raw in text.splitlines():
        line = clean_text(raw)
        if not line:
            last = None
            continue
        if match := _SECTION.match(line):
            sections.append(Section(number=match[1], heading=match[2]))
            last = sections[-1]
        elif match := _CLAUSE.match(line):
            clause = Clause(number=match[1], text=match[2])
            current_section().clauses.append(clause)
            last = clause
        elif (match := _POINT.match(line)) and current_section().clauses:
            point = Point(label=match[1], text=match[2])
            current_section().clauses[-1].points.append(point)
            last = point
        elif isinstance(last, Clause | Point):
            last.text = f"{last.text} {line}"
        else:
            section = current_section()
            if section.clauses:
                # A paragraph after clauses closes the list: attach to the last clause.
                section.clauses[-1].text = f"{section.clauses[-1].text} {line}"
            else:
                section.paragraphs.append(line)
            last = None
    return sections


def body_problems(text: str) -> list[str]:
    """Lines that look like HTML; the body is plain text with markup only."""
    return [line for line in text.splitlines() if re.search(r"<\s*/?\s*[a-zA-Z!]", line)]
