"""An event banner at the top of a page: "13- 17 November 2019 Shenzhen Convention & Exhibition Center".

Trade-fair and conference sites print their next event above every press
release: one header line with a date range and a venue. That line is a
CONFERENCE event; its name is the event the issuing organizer runs
("CHTF Organizing Committee" -> "CHTF") or a named event in the header.
"""

from __future__ import annotations

import re
from typing import Optional

from .context import DocContext
from .candidate import Candidate
from .lexicon import Lexicon

_MON = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?"
        r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_MONTHS = {m: i + 1 for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])}
# "13-17 November 2019", "13- 17 Nov. 2019"; "November 13-17, 2019"
_RANGE_DMY = re.compile(r"\b(\d{1,2})\s*[-–]\s*(\d{1,2})\s+(" + _MON + r")\s*,?\s+((?:19|20)\d{2})\b")
_RANGE_MDY = re.compile(r"\b(" + _MON + r")\s+(\d{1,2})\s*[-–]\s*(\d{1,2}),?\s+((?:19|20)\d{2})\b")


def banner_candidates(ctx: DocContext, lex: Lexicon) -> list[Candidate]:
    text = ctx.text
    meta = ctx.doc._.news_meta or {}
    limit = ctx.header_end or _first_lines_end(text, 2)
    title = meta.get("title_span")
    if title:
        limit = min(limit, title[0]) if limit else title[0]  # the banner sits above the headline
    out = []
    pos = 0
    for raw in text[:limit].splitlines(keepends=True):
        line_s, line_e = pos, pos + len(raw.rstrip("\r\n"))
        pos += len(raw)
        line = text[line_s:line_e]
        if not line.strip() or len(line.split()) > 16:
            continue
        rng = _range(ctx, line_s, line_e)
        if rng is None:
            continue
        start, end, ds, de = rng
        venue = _venue(ctx, lex, line_s, line_e, ds, de)
        if venue is None or not _only_date_and_venue(text[line_s:line_e], text[ds:de], venue):
            continue
        s = line_s + len(line) - len(line.lstrip())
        name, entity_id = _event_name(ctx, lex, limit)
        cand = Candidate("CONFERENCE", name, -1, 0, (ds, de), (s, line_e), entity_id=entity_id)
        cand.location, cand.location_rank = venue, 3
        cand.from_banner = True
        cand.start, cand.end = start, end
        cand.named = cand.name is not None
        # content words, so that the body's mentions of the same event merge with the banner
        stop = set(lex.cue("name_stopwords")) | {"conference", "summit", "forum", "fair", "expo"}
        cand.key = frozenset(w for w in re.findall(r"\w+", (name or "").casefold()) if w not in stop)
        cand.confidence = 0.7
        out.append(cand)
    return out


def _only_date_and_venue(line: str, date: str, venue: str) -> bool:
    """A banner line is a date range and a venue, not a sentence that mentions both."""
    rest = line.replace(date, " ")
    for form in (venue, venue.replace(" and ", " & "), venue.replace(" & ", " and ")):
        rest = rest.replace(form, " ")
    return len(re.findall(r"[A-Za-z]{2,}", rest)) <= 2


def _first_lines_end(text: str, n: int) -> int:
    pos = 0
    for _ in range(n):
        nxt = text.find("\n", pos)
        if nxt < 0:
            return len(text)
        pos = nxt + 1
    return pos


def _range(ctx: DocContext, s: int, e: int) -> Optional[tuple[str, str, int, int]]:
    for d in ctx.dates:
        if s <= d.span.start_char and d.span.end_char <= e and d.end:
            return d.start, d.end, d.span.start_char, d.span.end_char
    # The dates stage may not read page furniture; the banner shapes are few.
    line = ctx.text[s:e]
    m = _RANGE_DMY.search(line)
    if m:
        d1, d2, mon, y = m.group(1), m.group(2), m.group(3), m.group(4)
    else:
        m = _RANGE_MDY.search(line)
        if not m:
            return None
        mon, d1, d2, y = m.group(1), m.group(2), m.group(3), m.group(4)
    month = _MONTHS.get(mon[:3].lower())
    if not month:
        return None
    return (f"{y}-{month:02d}-{int(d1):02d}", f"{y}-{month:02d}-{int(d2):02d}", s + m.start(), s + m.end())


def _venue(ctx: DocContext, lex: Lexicon, s: int, e: int, ds: int, de: int) -> Optional[str]:
    for m in ctx.mentions:
        if m.label in ("FAC", "LOC", "GPE") and s <= m.span.start_char and m.span.end_char <= e:
            if not (ds <= m.span.start_char < de):
                return m.canonical
    # No place entity: the rest of the line, if it looks like a venue name.
    rest = (ctx.text[s:ds] + " " + ctx.text[de:e]).strip(" ,|-–—·")
    rest = re.sub(r"\s+", " ", rest)
    words = rest.lower().split()
    if rest and len(words) <= 8 and rest[0].isupper() and any(w in lex.cue("venue_words") for w in words):
        return rest
    return None


def _event_name(ctx: DocContext, lex: Lexicon, header_end: int) -> tuple[Optional[str], Optional[str]]:
    """(name, entity id) of the bannered event: its organizer's short name, or a named event in the header."""
    suffixes = lex.cue("organizer_suffixes")
    for m in ctx.mentions:
        if m.label != "ORG":
            continue
        # The form the page uses ("CHTF Organizing Committee"), not the expanded canonical name.
        for form in (m.span.text, m.canonical):
            low = form.lower()
            for suf in suffixes:
                if low.endswith(" " + suf):
                    return form[: len(form) - len(suf) - 1].strip(), None
    for m in ctx.mentions:
        if m.label == "EVENT" and m.span.start_char < header_end:
            return m.canonical, m.id
    return None, None
