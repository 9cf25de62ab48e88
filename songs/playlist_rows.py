"""The cells and links of one table row of a playlist archive, whichever version wrote it.

The cells at either end of a row never hold a name (No. before; Length, Added
and Removed after), so they are split off at the row's outer pipes. What is left
is Title | Artist(s) | Album, where names are links ``[text](https://…)``. The
URLs are found first, and a link's text runs from the ``[`` after the previous
cell border (or comma, between artists) up to its URL. Brackets, parentheses,
commas and bare ``|`` inside names, which the archive did not escape in its
early years, therefore stay in the name instead of splitting the row.

Nothing here undoes escapes or judges a link: ``songs/playlist_tracks.py``
decides what the cells mean.
"""

import re
from dataclasses import dataclass, field

# An escaped character (skipped) or a cell border.
_BORDER = re.compile(r"\\.|\|")
# An escaped character (skipped) or a bracket that opens a link.
_OPENING = re.compile(r"\\.|\[")
# Where a link's text ends and its URL begins; the text before is found by position.
_LINK_END = re.compile(r"\]\((?P<url>https?://[^()\s]*)\)")
# Characters that markdown needs escaped inside a link, found unescaped.
_BARE_LINK_SYNTAX = re.compile(r"\\.|(?P<bare>[\[\]()|])")


@dataclass(frozen=True)
class Link:
    text: str  # as written, escapes not undone
    url: str


@dataclass
class Cell:
    """A Title, Artist(s) or Album cell: its links, or its plain text when it has none."""

    links: list[Link] = field(default_factory=list)
    text: str = ""


@dataclass(frozen=True)
class TableShape:
    """What a table's header row says about its rows."""

    columns: tuple[str, ...]
    cells_before: int  # cells before Title (No. in the pretty layout)
    cells_after: int  # cells after Album
    closing_pipe: bool  # the header ends with "|", so a row's last "|" closes the row


@dataclass(frozen=True)
class RowCells:
    before: list[str]
    names: list[Cell]  # Title, Artist(s), Album
    after: list[str]


def borders(text):
    """Positions of the cell borders in ``text``: pipes that are not escaped."""
    return [match.start() for match in _BORDER.finditer(text) if match.group() == "|"]


def split_cells(text):
    """``text`` split at its cell borders (pieces not stripped)."""
    pieces, start = [], 0
    for position in borders(text):
        pieces.append(text[start:position])
        start = position + 1
    pieces.append(text[start:])
    return pieces


def row_content(row, closing_pipe=True):
    """A table line without its outer pipes: the first always, the last if the table closes rows."""
    content = row.strip()
    if content.startswith("|"):
        content = content[1:]
    positions = borders(content)
    if closing_pipe and positions and positions[-1] == len(content) - 1:
        content = content[:-1]
    return content


def header_cells(line):
    """The stripped cells of a header or divider line, and whether it closes with a pipe."""
    stripped = line.strip()
    positions = borders(stripped)
    closing_pipe = len(stripped) > 1 and bool(positions) and positions[-1] == len(stripped) - 1
    return [cell.strip() for cell in split_cells(row_content(stripped))], closing_pipe


def is_row(line):
    """A table row has at least one cell border; a blank or plain line ends the table."""
    return bool(line.strip()) and bool(borders(line))


def read_row(row, shape):
    """The cells of ``row``; raises ValueError saying why the cells cannot be told apart."""
    content = row_content(row, shape.closing_pipe)
    positions = borders(content)
    cells = split_cells(content)
    if len(cells) < len(shape.columns):
        raise ValueError(_count_mismatch(len(cells), shape.columns))
    start = positions[shape.cells_before - 1] + 1 if shape.cells_before else 0
    end = positions[len(positions) - shape.cells_after] if shape.cells_after else len(content)
    names = name_cells(content[start:end])
    if len(names) != 3:
        if len(cells) == len(shape.columns):
            raise ValueError(
                "the Title, Artist(s) and Album cells cannot be told apart: a link is broken "
                "(every name is written [Name](https://open.spotify.com/KIND/ID))"
            )
        raise ValueError(_count_mismatch(len(cells), shape.columns))
    before = [cell.strip() for cell in cells[: shape.cells_before]]
    after = [cell.strip() for cell in cells[len(cells) - shape.cells_after :]]
    return RowCells(before=before, names=names, after=after)


def _count_mismatch(found, columns):
    return (
        f"the row has {found} cells but the table has {len(columns)} columns ({' | '.join(columns)}); "
        "a | inside a name must be inside its link or escaped as \\|"
    )


def name_cells(text):
    """The Title, Artist(s) and Album cells in ``text`` (more or fewer if the row is broken)."""
    cells = [Cell()]
    cursor = 0
    for link_end in _LINK_END.finditer(text):
        gap = text[cursor : link_end.start()]
        opening = _first_opening(gap)
        if opening is None:
            raise ValueError(f"the link to {link_end.group('url')} has no opening [ before its text")
        _take_separator(cells, gap[:opening])
        cells[-1].links.append(Link(text=gap[opening + 1 :], url=link_end.group("url")))
        cursor = link_end.end()
    first, *others = split_cells(text[cursor:])
    _close(cells[-1], first)
    cells.extend(Cell(text=other.strip()) for other in others)
    return cells


def _first_opening(text):
    return next((match.start() for match in _OPENING.finditer(text) if match.group() == "["), None)


def _take_separator(cells, separator):
    """What lies before a link's ``[``: a comma between links of one cell, or cell borders."""
    *closed, before_link = split_cells(separator)
    if closed:
        _close(cells[-1], closed[0])
        cells.extend(Cell(text=text.strip()) for text in closed[1:])
        cells.append(Cell())
    current = cells[-1]
    found = before_link.strip()
    if current.links and not closed:
        if found != ",":
            raise ValueError(f"the links of one cell must be separated by commas, found {found!r}")
    elif found:
        raise ValueError(f"{found!r} stands before a link in its cell")


def _close(cell, text):
    """End ``cell`` with ``text``: its plain text, or nothing at all after its links."""
    text = text.strip()
    if cell.links and text:
        raise ValueError(f"{text!r} follows a link in its cell")
    if not cell.links:
        cell.text = text


def written_unescaped(text):
    """True if ``text`` has a bare bracket, parenthesis or pipe: the archive did not escape it."""
    return any(match.group("bare") for match in _BARE_LINK_SYNTAX.finditer(text))
