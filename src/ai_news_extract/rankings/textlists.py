"""Ordered lists written without position numbers, found in the text before any parse.

Two forms state an order only by the order of their entries:

- a semicolon list after a colon: "The top four read, in order: A, 79.6 points; B, 78.9; C's X,
  77.2; and D, 75.4." (three entries or more, on one line);
- a pipe table: "Tokyo | 91.2" lines (three rows or more) under a line that says the table is
  ordered ("The top five, with scores:");
- a bullet list: "• Tokyo – 91.2%" lines (three rows or more, a figure after a dash or colon) under
  such a line; "• A and B – 7.2% each" gives A and B the same place.

Both give runs of ``(rank, start, end, name text)``, the form of the inline numbered lists in
``extract.py``, which turn them into items. Equal figures in successive entries share a rank
("B | 86.0" and "C | 86.0" are both third), as a tie does in a numbered list.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Optional

# words that say a list is ordered; a semicolon list without figures needs one of the strict ones
# ('Top speakers included: A, CEO of X; B, ...' is no ranking)
_ORDER_CUE = re.compile(r"\b(?:rank\w*|top|order|leading|leaderboard|best|highest|largest|biggest)\b", re.I)
_STRICT_CUE = re.compile(r"\b(?:rank\w*|order)\b", re.I)
# a colon, then a line with two semicolons at least (the entries)
_SEMI_LIST = re.compile(r":[ \t]+([^\n:;]{1,80};[^\n:]*;[^\n:]*)")
# where the last entry ends: a full stop before a space or the line's end
_SEMI_END = re.compile(r"\.(?:\s|$)")
# a table row: 'Name | 91.2' or '| Name | 91.2 |' (a name cell, then cells, one holding a figure)
_PIPE_ROW = re.compile(r"^[ \t]*\|?[ \t]*([A-Z][^|\n]{0,60}?)[ \t]*\|[ \t]*([\d][\d.,]*)[ \t]*%?[ \t]*(?:\|[^\n]*)?$", re.M)
# a bullet row: '• Name – 33.1%', '- Name: 91.2 points' (a bullet, a name, a dash or colon, a figure)
_BULLET_ROW = re.compile(r"^[ \t]*[•·▪◦*\-–][ \t]+([A-Za-z0-9][^\n]{0,60}?)(?:[ \t]+[–—\-]|[ \t]*:)[ \t]*([\d][\d.,]*)"
                         r"[ \t]*(?:%|percent|points|pts)?[ \t]*([^\n]{0,20})$", re.M)
# an entry of a semicolon list: its name, then maybe ', 79.6 points' (the figure is read for ties)
_ENTRY = re.compile(r"^(?:and[ \t]+)?([^,]+?)[ \t]*(?:,[ \t]*([\d][\d.,]*)?[^;]*)?$")
# small words inside a name ('University of Tokyo')
_LINKS = frozenset({"of", "the", "for", "and", "de", "&"})
# 'Alibaba's Qwen': the listed thing is the possessed one
_POSSESSOR = re.compile(r"^.*?['’]s[ \t]+(?=[A-Z\d])")


def text_lists(text: str) -> list[list[tuple[int, int, int, str]]]:
    """Semicolon lists and pipe tables of ``text`` (cheap substring tests before each regex)."""
    out: list[list[tuple[int, int, int, str]]] = []
    if ";" in text:
        out.extend(_semicolon_lists(text))
    if "|" in text:
        out.extend(_pipe_tables(text))
    if "• " in text or "\n- " in text or "\n* " in text or "\n– " in text or "· " in text or "▪" in text:
        out.extend(_bullet_lists(text))
    return out


def _bullet_lists(text: str) -> list[list[tuple[int, int, int, str]]]:
    """Blocks of three or more successive bullet rows whose figures do not rise, under a line with an
    ordering word. 'A and B – 7.2% each': both names, the same figure."""
    return [_ranked([e for b in block for e in _bullet_entries(b)]) for block in _ordered_blocks(_BULLET_ROW, text)]


def _bullet_entries(b: re.Match) -> list[tuple[int, int, str, str]]:
    name, fig = b.group(1), b.group(2)
    parts = name.split(" and ")
    if len(parts) == 2 and b.group(3).strip(" .;").lower() == "each" and all(map(_title_case, parts)):
        second = b.start(1) + len(parts[0]) + len(" and ")
        return [(b.start(1), b.start(1) + len(parts[0]), parts[0], fig), (second, b.end(1), parts[1], fig)]
    return [(b.start(1), b.end(1), name, fig)]


def _semicolon_lists(text: str) -> list[list[tuple[int, int, int, str]]]:
    out = []
    for mt in _SEMI_LIST.finditer(text):
        line_start = text.rfind("\n", 0, mt.start()) + 1
        if not _ORDER_CUE.search(text, line_start, mt.start()):
            continue
        strict = _STRICT_CUE.search(text, line_start, mt.start()) is not None
        end = _SEMI_END.search(text, mt.start(1), mt.end(1))
        stop = end.start() if end else mt.end(1)
        entries, pos = [], mt.start(1)
        for part in text[mt.start(1) : stop].split(";"):
            entry = _entry(part, pos)
            pos += len(part) + 1
            if entry is None:
                break
            entries.append(entry)
        else:
            if len(entries) >= 3 and (strict or _falling([_figure(e[3]) for e in entries])):
                out.append(_ranked(entries))
    return out


def _entry(part: str, pos: int) -> Optional[tuple[int, int, str, Optional[str]]]:
    """(start, end, name, figure) of one semicolon entry starting at ``pos``; None unless it starts with
    a short name in title case ('Alibaba Cloud's Qwen2.5-Max, 77.2')."""
    lead = len(part) - len(part.lstrip())
    mt = _ENTRY.match(part.strip())
    if mt is None:
        return None
    s = pos + lead + mt.start(1)
    name = mt.group(1).split(" (")[0]  # ('Tokyo (up two)')
    own = _POSSESSOR.match(name)
    if own:
        s, name = s + own.end(), name[own.end():]
    if not _title_case(name):
        return None
    return s, s + len(name), name, mt.group(2)


def _pipe_tables(text: str) -> list[list[tuple[int, int, int, str]]]:
    """Blocks of three or more successive 'Name | figure' rows whose figures do not rise, under a line
    with an ordering word."""
    return [_ranked([(b.start(1), b.end(1), b.group(1), b.group(2)) for b in block])
            for block in _ordered_blocks(_PIPE_ROW, text)]


def _ordered_blocks(row: "re.Pattern[str]", text: str) -> Iterator[list[re.Match]]:
    """Runs of three or more ``row`` lines (no more than one blank line between two) that
    :func:`_ordered_table` accepts; ``row`` captures the name (group 1) and the figure (group 2)."""
    block: list[re.Match] = []
    for mt in list(row.finditer(text)) + [None]:
        if mt is not None and block and text.count("\n", block[-1].end(), mt.start()) <= 1:
            block.append(mt)
            continue
        if len(block) >= 3 and _ordered_table(text, block):
            yield block
        block = [mt] if mt is not None else []


def _ordered_table(text: str, block: list[re.Match]) -> bool:
    """The line before the block (a blank line between allowed) says the table is ordered, the names
    are names and the figures do not rise."""
    head = [ln for ln in text[max(0, block[0].start() - 400) : block[0].start()].split("\n") if ln.strip()][-2:]
    if not any(_ORDER_CUE.search(ln) for ln in head):
        return False
    return all(_title_case(b.group(1)) for b in block) and _falling([_figure(b.group(2)) for b in block])


def _falling(figures: list[Optional[float]]) -> bool:
    """Every entry has a figure and none is above the one before (a list ordered by score)."""
    return None not in figures and all(a >= b for a, b in zip(figures, figures[1:]))  # type: ignore[operator]


def _ranked(entries: list[tuple[int, int, str, Optional[str]]]) -> list[tuple[int, int, int, str]]:
    """Ranks by order; an entry whose figure equals the one before shares its rank."""
    run, rank, last = [], 0, None
    for i, (s, e, name, fig) in enumerate(entries):
        value = _figure(fig)
        if value is None or value != last:
            rank = i + 1
        last = value
        run.append((rank, s, e, name))
    return run


def _figure(raw: Optional[str]) -> Optional[float]:
    try:
        return float(raw.replace(",", "")) if raw else None
    except ValueError:
        return None


def _title_case(name: str) -> bool:
    """A short name: one to five words, each with a capital or a digit ('o1' and 'iPhone' too)."""
    words = name.split()
    return 0 < len(words) <= 5 and all(any(c.isupper() or c.isdigit() for c in w) or (i and w in _LINKS)
                                       for i, w in enumerate(words))
