"""Recognize drama and film soundtrack albums by their titles.

Soundtrack singles are released as numbered parts of one work's soundtrack, and labels
write that in a few ways: "Hotel Del Luna OST Part.5",
"HOSPITAL PLAYLIST (Original Television Soundtrack), Pt. 3",
"Lovely Runner, Pt. 5 (Original Soundtrack)". ``recognize_soundtrack`` turns any of them
into the work's title and the part number.
"""

import re
from dataclasses import dataclass

_PART = r"(?:Part|Pt|Vol)\.?\s*(?P<part>[0-9]+)"
# "Original Soundtrack", "Original Television Soundtrack", "Original Motion Picture
# Soundtrack", "Soundtrack from the Netflix Series"...
_NOTE = r"(?:Original\s+(?:\w+\s+){0,3}?Soundtrack|Soundtrack\s+from\s+[^()]+)"

_SOUNDTRACK_TITLES = [
    # "Start Dating (Original Drama Soundtrack, Pt. 2)"
    re.compile(rf"(?P<title>.+?)\s*\({_NOTE},?\s*{_PART}\)", re.IGNORECASE),
    # "Lovely Runner, Pt. 5 (Original Soundtrack)"
    re.compile(rf"(?P<title>.+?),?\s+{_PART}\s*\({_NOTE}\)", re.IGNORECASE),
    # "HOSPITAL PLAYLIST (Original Television Soundtrack), Pt. 3", "X (Original Soundtrack)"
    re.compile(rf"(?P<title>.+?)\s*\({_NOTE}\)(?:,?\s*{_PART})?", re.IGNORECASE),
    # "Hotel Del Luna OST Part.5", "Crash Landing on You OST Part 11", "X OST Special"
    re.compile(rf"(?P<title>.+?)\s+OST(?:[\s.,-]*{_PART}|\s+Special)?", re.IGNORECASE),
]


@dataclass(frozen=True)
class Soundtrack:
    title: str
    part: int | None


def recognize_soundtrack(album_title: str) -> Soundtrack | None:
    """The work and part number a soundtrack album is for, or None if it is not one."""
    for pattern in _SOUNDTRACK_TITLES:
        match = pattern.fullmatch(album_title.strip())
        if match:
            part = match.group("part")
            return Soundtrack(
                title=match.group("title").strip(" ,-"),
                part=int(part) if part else None,
            )
    return None
