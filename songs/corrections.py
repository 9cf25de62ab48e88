"""Editors' corrections win over a re-import.

Each field a playlist import writes keeps, beside it, what the import last read
from Spotify (``Song.imported_title`` and the like). A field that is empty, or
still holds exactly what the last import wrote, follows Spotify; any other value
was put there by an editor and stays, however Spotify spells it now. A record
from before imports kept this (nothing imported yet) keeps what it has, unless
it is empty.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Outcome:
    value: object  # what the field should hold now
    kept_editors: bool  # the editor's value stays although Spotify now says otherwise


def reconcile(current, last_imported, spotify):
    """The ``Outcome`` for one field: its value now, the value last imported, Spotify's value."""
    if current in (None, "") or current == last_imported:
        return Outcome(spotify, kept_editors=False)
    return Outcome(current, kept_editors=current != spotify)
