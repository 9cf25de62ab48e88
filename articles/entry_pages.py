"""A long list's entries, edited a page at a time, and the order a save leaves them in.

The list's admin page holds one page of entries (``ENTRIES_PER_PAGE``), so a
save stays far below Django's ``DATA_UPLOAD_MAX_NUMBER_FIELDS`` and the page stays
light however long the list. An editor orders a page by dragging, or sends an
entry anywhere in the list by typing its new position; ``new_order`` then
numbers the whole list 1, 2, 3… again.
"""

from dataclasses import dataclass

ENTRIES_PER_PAGE = 50
PAGE_PARAM = "entries"


@dataclass(frozen=True)
class EntryPage:
    number: int
    count: int  # entries in the whole list
    per_page: int = ENTRIES_PER_PAGE

    @classmethod
    def from_param(cls, value, count, per_page=ENTRIES_PER_PAGE):
        """The page ``?entries=`` asks for; a value that is not a page number gives the first
        page, one past the end the last."""
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = 1
        last = max(1, -(-count // per_page))
        return cls(min(max(number, 1), last), count, per_page)

    @property
    def offset(self):
        return (self.number - 1) * self.per_page

    @property
    def ranges(self):
        """``[(page number, "101–200", is this page)]`` for every page, when there are several."""
        if self.count <= self.per_page:
            return []
        return [
            (number, f"{start + 1}–{min(start + self.per_page, self.count)}", number == self.number)
            for number, start in enumerate(range(0, self.count, self.per_page), start=1)
        ]


def new_order(current, placed, appended=()):
    """The list's entry ids in their new order.

    ``current``: the ids of the entries no one moved, in their order. ``placed``:
    ``(position, id)`` for the entries an editor numbered in this save; each lands
    at exactly that position (or at the end, past it), the others closing up around
    them. ``appended``: new entries without a position, which go at the end.
    """
    order = list(current)
    for position, entry_id in sorted(placed):
        order.insert(position - 1, entry_id)
    return order + list(appended)
