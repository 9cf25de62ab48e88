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

# A markdown escape: a backslash and the character it escapes.
_ESCAPE = re.compile(r"\\.", re.DOTALL)
_PIPE = re.compile(r"\|")
# Where a link's text ends and its URL begins; the text before is found by position.
_LINK_END = re.compile(r"\]\((?P<url>https?://[^()\s]*)\)")
# Characters that markdown needs escaped inside a link.
_LINK_SYNTAX = re.compile(r"[\[\]()|]")
# The common case, read in one go: three cells of links whose texts are escaped.
_ESCAPED_TEXT = r"(?:\\.|[^\\\[\]()|])*"
_URL = r"https?://[^()\s]*"
_ESCAPED_LINK = re.compile(rf"\[({_ESCAPED_TEXT})\]\(({_URL})\)")
_LINKS = rf"\[{_ESCAPED_TEXT}\]\({_URL}\)(?:\s*,\s*\[{_ESCAPED_TEXT}\]\({_URL}\))*"
_ESCAPED_NAME_CELLS = re.compile(rf"\s*({_LINKS})\s*\|\s*({_LINKS})\s*\|\s*({_LINKS})\s*")
# A cell without names: No., Length, a date (its asterisk may be escaped).
_PLAIN_CELL = r"((?:[^|\\]|\\\*)*)"
_BORDER_SPACE = r"\s*\|\s*"


def _whole_row(cells_before, cells_after):
    """The row the archive writes, pipes at both ends, in one expression: plain cells and links."""
    cells = [_PLAIN_CELL] * cells_before + [f"({_LINKS})"] * 3 + [_PLAIN_CELL] * cells_after
    return re.compile(_BORDER_SPACE + _BORDER_SPACE.join(cells) + _BORDER_SPACE)


_WHOLE_ROWS = {(1, 1): _whole_row(1, 1), (0, 3): _whole_row(0, 3)}


def _masked(text):
    """``text`` with every escape blanked out (same length), so that what is left is markup."""
    return _ESCAPE.sub("\0\0", text) if "\\" in text else text


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
    escaped: bool = False  # every name in it is certainly written with escapes


def borders(text):
    """Positions of the cell borders in ``text``: pipes that are not escaped."""
    return [match.start() for match in _PIPE.finditer(_masked(text))]


def split_cells(text, masked=None):
    """``text`` split at its cell borders (pieces not stripped); ``masked`` is ``_masked(text)``."""
    masked = _masked(text) if masked is None else masked
    if masked is text or masked == text:
        return text.split("|")
    pieces, start = [], 0
    for piece in masked.split("|"):
        pieces.append(text[start : start + len(piece)])
        start += len(piece) + 1
    return pieces


def row_content(row, closing_pipe=True):
    """A table line without its outer pipes: the first always, the last if the table closes rows."""
    content = row.strip()
    if content.startswith("|"):
        content = content[1:]
    if closing_pipe and content.endswith("|") and _masked(content).endswith("|"):
        content = content[:-1]
    return content


def header_cells(line):
    """The stripped cells of a header or divider line, and whether it closes with a pipe."""
    stripped = line.strip()
    closing_pipe = len(stripped) > 1 and _masked(stripped).endswith("|")
    return [cell.strip() for cell in split_cells(row_content(stripped))], closing_pipe


def is_row(line):
    """A table row has at least one cell border; a blank or plain line ends the table."""
    return "|" in _masked(line)


def read_row(row, shape):
    """The cells of ``row``; raises ValueError saying why the cells cannot be told apart."""
    whole = shape.closing_pipe and _WHOLE_ROWS.get((shape.cells_before, shape.cells_after))
    match = whole and whole.fullmatch(row)
    if match:
        before, after = shape.cells_before, len(match.groups()) - shape.cells_after
        cells = [cell.strip() for cell in match.groups()]
        names = [
            Cell(links=[Link(*link) for link in _ESCAPED_LINK.findall(cell)]) for cell in cells[before:after]
        ]
        return RowCells(before=cells[:before], names=names, after=cells[after:], escaped=True)
    content = row_content(row, shape.closing_pipe)
    masked = _masked(content)
    bounds = [-1, *(match.start() for match in _PIPE.finditer(masked)), len(content)]
    cell_count = len(bounds) - 1
    if cell_count < len(shape.columns):
        raise ValueError(_count_mismatch(cell_count, shape.columns))
    start = bounds[shape.cells_before] + 1
    end = bounds[cell_count - shape.cells_after]
    common = _ESCAPED_NAME_CELLS.fullmatch(content, start, end)
    names = linked_cells(common) if common else name_cells(content[start:end], masked[start:end])
    if len(names) != 3:
        if cell_count == len(shape.columns):
            raise ValueError(
                "the Title, Artist(s) and Album cells cannot be told apart: a link is broken "
                "(every name is written [Name](https://open.spotify.com/KIND/ID))"
            )
        raise ValueError(_count_mismatch(cell_count, shape.columns))

    def cell(number):
        return content[bounds[number] + 1 : bounds[number + 1]].strip()

    before = [cell(number) for number in range(shape.cells_before)]
    after = [cell(number) for number in range(cell_count - shape.cells_after, cell_count)]
    return RowCells(before=before, names=names, after=after, escaped=bool(common))


def _count_mismatch(found, columns):
    return (
        f"the row has {found} cells but the table has {len(columns)} columns ({' | '.join(columns)}); "
        "a | inside a name must be inside its link or escaped as \\|"
    )


def linked_cells(match):
    """The three cells of a row that ``_ESCAPED_NAME_CELLS`` matched: links, escaped names."""
    return [Cell(links=[Link(*link) for link in _ESCAPED_LINK.findall(cell)]) for cell in match.groups()]


def name_cells(text, masked=None):
    """The Title, Artist(s) and Album cells in ``text`` (more or fewer if the row is broken)."""
    masked = _masked(text) if masked is None else masked
    cells = [Cell()]
    cursor = 0
    for link_end in _LINK_END.finditer(masked):
        url = text[link_end.start("url") : link_end.end("url")]
        opening = masked.find("[", cursor, link_end.start())
        if opening < 0:
            raise ValueError(f"the link to {url} has no opening [ before its text")
        _take_separator(cells, text[cursor:opening], masked[cursor:opening])
        cells[-1].links.append(Link(text=text[opening + 1 : link_end.start()], url=url))
        cursor = link_end.end()
    first, *others = split_cells(text[cursor:], masked[cursor:])
    _close(cells[-1], first)
    cells.extend(Cell(text=other.strip()) for other in others)
    return cells


def _take_separator(cells, separator, masked):
    """What lies before a link's ``[``: a comma between links of one cell, or cell borders."""
    *closed, before_link = split_cells(separator, masked)
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
    return bool(_LINK_SYNTAX.search(_masked(text)))
