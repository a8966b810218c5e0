"""A mention (one name at one place in the text), the key names are compared by,
and the small helpers that trim a span to the name it holds."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from ..kb import KBEntry

_PUNCT = re.compile(r"[^\w\s]")
_THE = re.compile(r"^the\s+")


# Memoized: clustering and de-duplication compare every pair of names, some
# hundreds of calls per article for a few dozen distinct names.
@lru_cache(maxsize=1 << 16)
def norm_key(text: str) -> str:
    """Case-folded, punctuation-free, 'the'-less key, as the scorer compares names."""
    t = unicodedata.normalize("NFKC", text).casefold().replace("’", "'")
    t = _THE.sub("", t.strip())
    t = _PUNCT.sub(" ", t)
    return " ".join(t.split())


@dataclass
class Mention:
    start: int
    end: int
    text: str
    label: str
    kb: Optional[KBEntry] = None
    source: str = "ner"  # ner | kb | header | embedded | head
    aliases: list[str] = field(default_factory=list)
    base: Optional[str] = None  # the name without its edition ("2023" in "MWC 2023")


_LEADING = re.compile(r"^(?:the|The|THE)\s+")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


def clean_span(text: str, start: int, end: int, label_cut: list[re.Pattern[str]]) -> tuple[int, int]:
    """Trim a span to the name it holds: no line breaks, header labels, 'the' or possessive."""
    seg = text[start:end]
    if "\n" in seg:
        parts = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", seg)]
        s, e = max(parts, key=lambda p: len(seg[p[0] : p[1]].strip()))
        start, end, seg = start + s, start + e, seg[s:e]
    for pat in label_cut:
        m = pat.search(seg)
        if m and m.start() > 0:
            end = start + m.start()
            seg = seg[: m.start()]
    paren = seg.find(" (")
    if paren > 0:
        end = start + paren
        seg = seg[:paren]
    m = _LEADING.match(seg)
    if m:
        start += m.end()
        seg = seg[m.end() :]
    m = _POSSESSIVE.search(seg)
    if m and len(seg) > 3:
        end -= len(m.group())
        seg = seg[: -len(m.group())]
    stripped = seg.rstrip(" \t,.;:–—-")
    end -= len(seg) - len(stripped)
    seg = stripped
    lead = len(seg) - len(seg.lstrip(" \t\"“'([•·*-"))
    return start + lead, end


def _strip_ws(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1] in " \t]":
        e -= 1
    return s, e


def _inside(m: "Mention", regions) -> bool:
    return any(s <= m.start and m.end <= e for s, e in regions)
