"""Page furniture: title, issuing source, publication date and photo captions.

News pages put their metadata in a few conventional places: lines above the
body ("Release Date:2019-04-19", "2023-03-27 | Shenzhen Daily", "Pandaily ·
July 2018"), a dateline opening the first paragraph ("BEIJING, Nov. 7
(Xinhua) --"), and credits closing caption paragraphs ("[Photo/Xinhua]").
This stage finds them with the cue patterns in ``models/header/cues.json`` and
records character offsets into the *original* text, which the rest of the
pipeline still processes in full (captions and header dates are facts too).
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Optional

from spacy.attrs import IDX
from spacy.language import Language
from spacy.tokens import Doc

from ..doc_attrs import doc_text
from ..kb import load_kb
from ..paths import model_file
from ..timex.lexicon import default_lexicon

_MON = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_TIME = r"(?:[ ,]+(?P<hh>\d{1,2}):(?P<mi>\d{2})(?::\d{2})?\s*(?P<ampm>[AaPp]\.?[Mm]\.?)?)?"
_WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
# Date shapes that page furniture uses, most specific first; each names its parts.
_MONTH_DAY_YEAR = re.compile(r"(?:(?P<hh0>\d{1,2}):(?P<mi0>\d{2}),?\s+)?" + _WEEKDAY + r"(?P<mon>" + _MON + r")\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d{2})\b" + _TIME)
DATE_SHAPES = [
    re.compile(r"(?P<y>(?:19|20)\d{2})-(?P<m>\d{1,2})-(?P<d>\d{1,2})" + _TIME),
    re.compile(r"(?P<y>(?:19|20)\d{2})/(?P<m>\d{1,2})/(?P<d>\d{1,2})" + _TIME),
    # 24/05/2023: day first unless that cannot be (English outside the US writes day first).
    re.compile(r"(?<![\d/])(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<y>(?:19|20)\d{2})(?![\d/])" + _TIME),
    _MONTH_DAY_YEAR,
    # "27 Sep 2024", "27-Mar-2026"
    re.compile(_WEEKDAY + r"(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:\s+|-)(?P<mon>" + _MON + r")(?:,?\s+|-)(?P<y>(?:19|20)\d{2})\b" + _TIME),
    re.compile(r"(?P<mon>" + _MON + r")\s+(?P<y>(?:19|20)\d{2})\b"),
    re.compile(r"(?<![\d-])(?P<y>(?:19|20)\d{2})(?![\d-])"),
]
# A dateline gives month and day, the year comes from elsewhere.
DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Za-z .'-]{1,40}?(?:,\s*[A-Z][A-Za-z .'-]{1,30}?)?),?\s+(?P<mon>" + _MON + r")\s+(?P<d>\d{1,2})(?:,\s*(?P<y>(?:19|20)\d{2}))?\s*"
    r"[(/](?P<src>[^()/\n]{2,40})[)/]\s*[-–—]{1,2}"  # "(Xinhua) --", "/PRNewswire/ --"
)
# "BEIJING, May 28, 2026 – According to ...": a release's dateline, a full date and no source
# (the city in capitals, so that a sentence opening with a place and a date is not read as one).
DATELINE_DATE_ONLY = re.compile(
    r"^\s*(?P<place>[A-Z][A-Z .'-]{1,40}?(?:,\s*[A-Z][A-Za-z .'-]{1,30}?)?),\s+(?P<mon>" + _MON + r")\s+(?P<d>\d{1,2}),"
    r"\s*(?P<y>(?:19|20)\d{2})\s*(?P<src>)[-–—]{1,2}\s"
)
# "(Yicai Global) Nov. 21 --"
DATELINE_SRC_FIRST = re.compile(
    r"^\s*\((?P<src>[^()\n]{2,40})\)\s+(?P<mon>" + _MON + r")\s+(?P<d>\d{1,2})(?:,\s*(?P<y>(?:19|20)\d{2}))?\s*[-–—]{1,2}"
)


# "PARIS & SAARBRÜCKEN, Germany--(BUSINESS WIRE)--": a wire dateline without a date.
DATELINE_NO_DATE = re.compile(
    r"^\s*(?P<place>[A-Z][^\W\d_]*(?:[ .&'’-]+[^\W\d_]+){0,6}(?:,\s*[A-Z][^\W\d_]*(?:[ .'-]+[^\W\d_]+){0,3})?)"
    r"\s*[-–—]{1,2}\s*\((?P<src>[^()\n]{2,40})\)\s*[-–—]{1,2}"
)


# "HONG KONG SAR - Media OutReach Newswire - 19 July 2024 -"
DATELINE_DASHES = re.compile(
    r"^\s*(?P<place>[A-Z][A-Z .'-]{1,40}?)\s+[-–—]\s+(?P<src>[^-–—\n]{2,50}?)\s+[-–—]\s+(?P<date>[^-–—\n]{6,30}?)\s+[-–—]\s"
)


@dataclass
class Cues:
    labels: list[re.Pattern[str]]
    source_labels: list[re.Pattern[str]]
    issuer_lines: list[re.Pattern[str]]  # a line naming a release's issuer: "X - Press Release"
    byline: re.Pattern[str]
    credits: list[re.Pattern[str]]
    credit_lines: list[re.Pattern[str]]
    source_strip: re.Pattern[str]
    footer_sources: list[re.Pattern[str]]
    told_outlet: list[re.Pattern[str]]
    max_header_lines: int
    max_title_words: int


@lru_cache(maxsize=None)
def load_cues() -> Cues:
    data = json.loads(model_file("header", "cues.json").read_text(encoding="utf-8"))
    flags = re.IGNORECASE
    return Cues(
        labels=[re.compile(p, flags) for p in data["date_labels"]],
        source_labels=[re.compile(p, flags) for p in data["source_labels"]],
        issuer_lines=[re.compile(p, flags) for p in data["issuer_lines"]],
        byline=re.compile(data["byline"], flags),
        credits=[re.compile(p) for p in data["caption_credits"]],
        credit_lines=[re.compile(p) for p in data["credit_lines"]],
        source_strip=re.compile(data["source_strip"], flags),
        # Case matters: the issuer is a capitalized name.
        footer_sources=[re.compile(p) for p in data["footer_sources"]],
        told_outlet=[re.compile(p) for p in data["told_outlet"]],
        max_header_lines=int(data["max_header_lines"]),
        max_title_words=int(data["max_title_words"]),
    )


@dataclass
class Line:
    start: int
    end: int
    text: str

    @cached_property
    def words(self) -> int:
        return len(self.text.split())  # (asked of a line several times)


@dataclass
class DateHit:
    start: int
    end: int
    value: str  # TIMEX3 value: YYYY-MM-DD, YYYY-MM or YYYY (time of day dropped)
    full: bool


@dataclass
class Meta:
    title: Optional[str] = None
    title_span: Optional[list[int]] = None
    source: Optional[str] = None
    source_span: Optional[list[int]] = None
    published: Optional[str] = None
    published_value: Optional[str] = None
    published_span: Optional[list[int]] = None
    captions: list[dict] = field(default_factory=list)
    header_end: int = 0
    excluded: list[list[int]] = field(default_factory=list)
    dateline: Optional[list[int]] = None
    # Authors and editors named on header lines ("By Park Ji-won", "Editor: Zhou Yan").
    people: list[list[int]] = field(default_factory=list)

    def to_dict(self) -> dict:
        return dict(self.__dict__)


def split_lines(text: str) -> list[Line]:
    lines, pos = [], 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        lead = len(body) - len(body.lstrip())
        stripped = body.strip()
        if stripped:
            s = pos + lead
            lines.append(Line(s, s + len(stripped), stripped))
        pos += len(raw)
    return lines


def find_date(text: str, offset: int = 0) -> Optional[DateHit]:
    """The first furniture-style date in ``text`` (offsets shifted by ``offset``)."""
    best: Optional[tuple[int, DateHit]] = None
    for rank, shape in enumerate(DATE_SHAPES):
        m = shape.search(text)
        if not m:
            continue
        hit = _to_hit(m, offset)
        if hit is None:
            continue
        # Prefer the earliest match; on ties, the more specific shape.
        key = (m.start(), rank)
        if best is None or key < (best[1].start - offset, best[0]):
            best = (rank, hit)
    return best[1] if best else None


def _to_hit(m: re.Match[str], offset: int) -> Optional[DateHit]:
    g = m.groupdict()
    if g.get("a"):
        a, b = int(g["a"]), int(g["b"])
        g["d"], g["m"] = (g["b"], g["a"]) if b > 12 else (g["a"], g["b"])
    year = int(g["y"])
    month = int(g["m"]) if g.get("m") else default_lexicon().month(g.get("mon") or "")
    day = int(g["d"]) if g.get("d") else None
    if month is not None and not 1 <= month <= 12 or day is not None and not 1 <= day <= 31:
        return None
    if month and day:
        try:
            _dt.date(year, month, day)
        except ValueError:  # "Oct. 35" or "Feb. 30": not a calendar date
            return None
    value = f"{year:04d}"
    if month:
        value += f"-{month:02d}"
        if day:
            value += f"-{day:02d}"
    return DateHit(m.start() + offset, m.end() + offset, value, full=bool(month and day))


def _clean_source(raw: str, cues: Cues) -> Optional[str]:
    src = cues.source_strip.sub("", raw).strip(" \t|·,;:-–—()")
    src = re.sub(r"\s+", " ", src)
    # (government issuers run long: "Guangdong Provincial Department of Industry and Information Technology")
    if not src or len(src) > 100 or len(src.split()) > 12 or not re.search(r"[A-Za-z]", src):
        return None
    return src


# The parts of a furniture line: "Anna Keller, TechCrunch · November 17, 2025".
_SEGMENT = re.compile(r"[^|·—,]+")


# "24 September 2026 | Tom Hargreaves, Shanghai": an author and the city the story was filed from.
_NAME_AND_PLACE = re.compile(r"(?:^|(?<=[|·—]))\s*(?P<name>[A-Z][^|·—,\n]{3,40}?),\s+(?P<place>[A-Z][^|·—,\n]{1,30}?)\s*(?=[|·—]|$)")


def _filed_byline(line: Line) -> Optional[tuple[list[int], list[int]]]:
    """On a furniture line naming an author and a known place: the author's span, and the
    span of both (neither is the issuer)."""
    for m in _NAME_AND_PLACE.finditer(line.text):
        if _is_person_name(m.group("name")) and any(e.label == "GPE" for e in load_kb().lookup(m.group("place"))):
            return ([line.start + m.start("name"), line.start + m.end("name")],
                    [line.start + m.start("name"), line.start + m.end("place")])
    return None


def _source_in(line: Line, cues: Cues, date: Optional[DateHit],
               skip: Optional[list[int]] = None) -> Optional[tuple[int, int]]:
    """Span of the issuer named on a furniture line, if any (not within ``skip``, an author's name)."""
    for pat in (*cues.source_labels, *cues.issuer_lines):
        m = pat.search(line.text)
        if m:
            return line.start + m.start("src"), line.start + m.end("src")
    # "2023-03-27 | Shenzhen Daily", "Pandaily · July 2018", "TechNode, February 27, 2024":
    # the first segment that is not the date, unless another one names a news outlet
    # ("Anna Keller, TechCrunch · November 17, 2025").
    candidates = []
    for m in _SEGMENT.finditer(line.text):
        seg = m.group()
        abs_s, abs_e = line.start + m.start(), line.start + m.end()
        if date and not (abs_e <= date.start or abs_s >= date.end) or skip and abs_s < skip[1] and skip[0] < abs_e:
            continue
        if find_date(seg) or any(p.search(seg) for p in cues.labels):
            continue
        seg_clean = seg.strip()
        if re.fullmatch(r"[A-Za-z0-9][\w .&'’@-]*", seg_clean) and len(seg_clean.split()) <= 6:
            lead = len(seg) - len(seg.lstrip())
            candidates.append((abs_s + lead, abs_s + lead + len(seg_clean), seg_clean))
    for start, end, seg in candidates:
        if is_outlet(cues.source_strip.sub("", seg)):
            return start, end
    # "By Park Ji-won": a byline names its author, who is not the issuer.
    if candidates and not cues.byline.search(line.text):
        return candidates[0][:2]
    return None


# Two or three capitalized words, Western or East Asian order ("Anna Keller", "Park Ji-won",
# "Mary J. Blige"); a staff or team credit is not a person.
_PERSON = re.compile(r"[A-Z][a-z]+(?:[-'’][A-Za-z][a-z]+)?(?: [A-Z]\.)?(?: [A-Z][a-z]+(?:[-'’][A-Za-z]?[a-z]+)?){1,2}")
_PEOPLE_LABEL = re.compile(r"\b(?:by|editor|editors|reporter|reporters|author|authors|writer|written by|reporting by|edited by)\s*:?\s+", re.I)
_PEOPLE_END = re.compile(r"\s*(?:[|·—]|\s{2,}|\s+on\s|\s+\d|$)")
_FILED_FROM = re.compile(r"\s+in\s+[A-Z][\w .'’-]*$")
_NOT_PERSON = {"staff", "team", "desk", "reporter", "reporters", "correspondent", "editor", "news", "agency", "daily"}


def find_people(line: Line, cues: Cues) -> list[list[int]]:
    """Spans of the people a byline, editor or author label names on a header line."""
    found = []
    for lab in _PEOPLE_LABEL.finditer(line.text):
        # The names run to the next separator: "By A and B | Outlet", "Editor: A | 2025-07-28";
        # what is not a person's name in between ("TechCrunch", "1 November 2023") is skipped.
        end = _PEOPLE_END.search(line.text, lab.end()).start()
        for part in re.finditer(r"[^,&]+?(?=\s*(?:,|&|\band\b|$))", line.text[lab.end():end]):
            name = part.group().strip()
            if name.lower().startswith("and "):
                name = name[4:]
            # "By Li Wei in Beijing": where the reporter files from is not part of the name.
            name = _FILED_FROM.sub("", name)
            s = line.start + lab.end() + part.start() + part.group().find(name)
            if _is_person_name(name):
                found.append([s, s + len(name)])
    if not found and not cues.byline.search(line.text):
        # "Anna Keller, TechCrunch · November 17, 2025": beside an outlet, a name is its author.
        segments = [(m.start(), m.group().strip()) for m in _SEGMENT.finditer(line.text)]
        if any(is_outlet(seg) for _, seg in segments):
            for start, seg in segments:
                if _is_person_name(seg):
                    s = line.start + line.text.find(seg, start)
                    found.append([s, s + len(seg)])
    return found


def _author_lines(head: list[Line], furniture: list[Line], title: Optional[Line], meta: Meta) -> None:
    """'Priya Natarajan' (or 'Cheryl Pang in Shanghai') on a line of its own after the headline and
    just above a dated furniture line: the author, as on TechCrunch's and the SCMP's pages."""
    if title is None:
        return
    dated = {id(ln) for ln in furniture if find_date(ln.text) is not None}
    for line, nxt in zip(head, head[1:]):
        if line.start <= title.start or id(nxt) not in dated or line in furniture:
            continue
        name = _FILED_FROM.sub("", line.text.strip())
        if _is_person_name(name):
            s = line.start + line.text.find(name)
            meta.people.append([s, s + len(name)])
            meta.excluded.append([line.start, line.end])


def _is_person_name(name: str) -> bool:
    return bool(_PERSON.fullmatch(name)) and not any(w.lower() in _NOT_PERSON for w in name.split()) \
        and not load_kb().lookup(name)


def is_outlet(name: str) -> bool:
    """A news outlet or wire service the knowledge base knows ("The Korea Herald", "BUSINESS WIRE")."""
    name = name.strip()
    return bool(name) and any(e.label == "ORG" and e.type == "media" for e in load_kb().lookup(name))


# "By Tuesday morning, ...", "By 2030", "By the end of the year", "By contrast, ...": a sentence
# opening with a time or a phrase, not a byline.
_BY_PHRASE = re.compile(
    r"(?i:by)\s+(?:\d|(?i:the\s+(?:end|middle|start|beginning|time)|mid|early|late)\b"
    r"|(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|june|july"
    r"|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b"
    r"|[a-z]+,)")


# "Source: X | Release date: 2025-10-31 | Document No.: 47": a line of labelled fields, however long.
_FIELD = re.compile(r"[A-Z][\w.'’ ]{0,24}:\s*\S")
_FIELD_SEPARATOR = re.compile(r"\s+[|·]\s+|\s{3,}")  # (wide gaps: a web page's fields flattened to text)


def _field_line(line: Line) -> bool:
    fields = _FIELD_SEPARATOR.split(line.text.strip())
    return 2 <= len(fields) and line.words <= 40 and all(_FIELD.match(f) for f in fields)


def is_furniture(line: Line, cues: Cues) -> bool:
    if _field_line(line):
        return True
    if line.words > 14:
        return False
    if any(p.search(line.text) for p in cues.labels) \
            or cues.byline.search(line.text) and not _BY_PHRASE.match(line.text):
        return True
    # "News sources: ...", "From: ...", "Source: ..." (the first three source labels)
    if any(p.search(line.text) for p in (*cues.source_labels[:3], *cues.issuer_lines)):
        return True
    if line.words <= 6 and is_outlet(line.text):  # "South China Morning Post" on a line of its own
        return True
    hit = find_date(line.text)
    if hit is None:
        return False
    rest = line.text[: hit.start] + line.text[hit.end :]
    # A bare year inside a headline ("The 2017 Global Startup Ecosystem Report") is not
    # furniture; a year set off by a separator ("ABE-IPS News | 2018") is.
    if len(hit.value) == 4 and not re.search(r"[|·—]", line.text) and rest.strip():
        return False
    # Mostly a date plus at most a short issuer name.
    return len(rest.strip(" |·,—-()").split()) <= 6


def find_captions(text: str, lines: list[Line], cues: Cues) -> list[dict]:
    caps = []
    for line in lines:
        credit = None
        for pat in cues.credits:
            m = pat.search(line.text)
            if m and m.end() >= len(line.text.rstrip()) - 1:
                credit = m.group("credit").strip()
                break
        if credit is None and line.words <= 12:
            for pat in cues.credit_lines:
                m = pat.fullmatch(line.text)
                if m:
                    credit = m.group("credit").strip()
                    break
        if credit is not None:
            caps.append({"start": line.start, "end": line.end, "credit": credit or None})
    return caps


def parse_meta(text: str, published_hint: Optional[str] = None) -> Meta:
    cues = load_cues()
    meta = Meta()
    lines = split_lines(text)
    if not lines:
        return meta
    head = lines[: cues.max_header_lines]
    furniture: list[Line] = []
    title: Optional[Line] = None
    body_start: Optional[Line] = None
    for line in head:
        if is_furniture(line, cues) or _is_banner(line):
            furniture.append(line)
            continue
        if title is None and body_start is None and _looks_like_title(line, cues):
            title = line
            continue
        # A standfirst or caption may sit between headline and byline; a full
        # paragraph ends the header.
        body_start = body_start or line
        if line.words > 2 * cues.max_title_words:
            break
    if title is not None and (body_start is None or title.start < body_start.start):
        meta.title, meta.title_span = title.text, [title.start, title.end]

    # Publication date and source: furniture lines first, then the dateline.
    for line in furniture:
        if _is_banner(line):
            continue
        hit = find_date(line.text, line.start)
        if hit and meta.published_value is None:
            meta.published_value = hit.value
            meta.published_span = [hit.start, hit.end]
        filed = _filed_byline(line)
        if filed is not None:
            meta.people.append(filed[0])
        src = _source_in(line, cues, hit, skip=filed[1] if filed else None)
        if src and meta.source is None:
            name = _clean_source(text[src[0] : src[1]], cues)
            if name:
                lead = text[src[0] : src[1]].find(name)
                meta.source, meta.source_span = name, [src[0] + lead, src[0] + lead + len(name)]
        meta.excluded.append([line.start, line.end])
        meta.people.extend(find_people(line, cues))

    _author_lines(head, furniture, title, meta)

    body_lines = [ln for ln in lines if ln not in furniture and ln is not title]
    for line in body_lines[:3]:
        if _read_dateline(text, line, meta, cues):
            break

    if meta.published_value is None:
        _footer_date(lines, meta)

    if meta.source is None:
        # A closing "Source: People's daily" line.
        for line in lines[-3:]:
            for pat in cues.source_labels:
                m = pat.search(line.text)
                if m and line.words <= 8:
                    name = _clean_source(m.group("src"), cues)
                    if name:
                        s = line.start + m.start("src") + m.group("src").find(name)
                        meta.source, meta.source_span = name, [s, s + len(name)]
                        meta.excluded.append([line.start, line.end])
                    break
    if meta.source is None:
        _footer_source(lines, meta, cues)
    if meta.source is None:
        _told_outlet(text, meta, cues)

    if published_hint:
        meta.published_value = published_hint
        meta.published_span = None
    if meta.published_value and len(meta.published_value) == 10:
        meta.published = meta.published_value
    meta.captions = find_captions(text, lines, cues)
    meta.header_end = max([e for _, e in meta.excluded] + ([meta.title_span[1]] if meta.title_span else []), default=0)
    return meta


def _footer_date(lines: list[Line], meta: Meta) -> None:
    """'Ends/Tuesday, March 10, 2026': a release dated only on a closing line of its own
    (a full date with at most a word or two beside it)."""
    for line in lines[-4:]:
        hit = find_date(line.text)
        if hit is None or not hit.full:
            continue
        rest = line.text[: hit.start] + line.text[hit.end :]
        if len(re.findall(r"[A-Za-z]+", rest)) <= 2:
            meta.published_value, meta.published_span = hit.value, [line.start + hit.start, line.start + hit.end]
            meta.excluded.append([line.start, line.end])
            return


def _footer_source(lines: list[Line], meta: Meta, cues: Cues) -> None:
    """'This article appeared in the Harbour Morning Post print edition as: ...',
    'This article was originally published on The Conversation.': a closing line naming
    where the article appeared."""
    for line in lines[-3:]:
        for pat in cues.footer_sources:
            m = pat.search(line.text)
            name = _clean_source(m.group("src"), cues) if m else None
            if name:
                s = line.start + m.start("src") + m.group("src").find(name)
                meta.source, meta.source_span = name, [s, s + len(name)]
                return


def _told_outlet(text: str, meta: Meta, cues: Cues) -> None:
    """'..., its director told Reuters', 'a document seen by Reuters', 'a claim TechCrunch
    could not independently verify': outlets write of themselves this way. With no issuer on
    the page, the one known outlet the article speaks of so is the issuer; two different ones
    leave it unknown."""
    found: dict[str, tuple[int, int]] = {}
    for m in (m for pat in cues.told_outlet for m in pat.finditer(text)):
        src = m.group("src")
        words = src.split()
        # The longest run of words that names an outlet, from the start ("told the Financial Times")
        # or, failing that, from the end ("... Monday Reuters could not verify").
        runs = [words[:n] for n in range(len(words), 0, -1)] + [words[n:] for n in range(1, len(words))]
        for run in runs:
            name = " ".join(run)
            if is_outlet(name):
                bare = name[4:] if name.startswith("the ") else name
                key = load_kb().lookup(name)[0].id
                s = m.start("src") + src.find(name) + (len(name) - len(bare))
                found.setdefault(key, (s, s + len(bare)))
                break
    if len(found) == 1:
        (s, e), = found.values()
        meta.source, meta.source_span = text[s:e], [s, e]


def _read_dateline(text: str, line: Line, meta: Meta, cues: Cues) -> bool:
    m = DATELINE_DASHES.match(line.text)
    if m:
        hit = find_date(m.group("date"), line.start + m.start("date"))
        day = (hit.value, [hit.start, hit.end]) if hit and hit.full else None
    elif m := DATELINE.match(line.text) or DATELINE_SRC_FIRST.match(line.text) or DATELINE_DATE_ONLY.match(line.text):
        day = _dateline_day(text, line, m, meta)
    elif m := DATELINE_NO_DATE.match(line.text):
        day = None
    else:
        return False
    meta.dateline = [line.start + m.start(), line.start + m.end()]
    src = _clean_source(m.group("src"), cues)
    if src and meta.source is None:
        s = line.start + m.start("src") + m.group("src").find(src)
        meta.source, meta.source_span = src, [s, s + len(src)]
    if day and (meta.published_value is None or len(meta.published_value) < 10):
        meta.published_value, meta.published_span = day
    return True


def _dateline_day(text: str, line: Line, m: re.Match[str], meta: Meta) -> Optional[tuple[str, list[int]]]:
    """Month and day from a dateline; the year from the dateline, the header, or a nearby full date."""
    month = default_lexicon().month(m.group("mon"))
    day = int(m.group("d"))
    year = m.group("y") or (meta.published_value or "")[:4] or None
    if year is None:
        # "HANGZHOU, Nov. 7 (Xinhua)": the year is in a caption or line near the top,
        # best with the same month and day, else the first year named near the top.
        for hit_m in _MONTH_DAY_YEAR.finditer(text[: line.end + 2000]):
            hit = _to_hit(hit_m, 0)
            if hit and hit.full and hit.value[5:] == f"{month:02d}-{day:02d}":
                year = hit.value[:4]
                break
        else:
            # Else a year named above the dateline (headline, caption): a year in the
            # story itself may be a plan's horizon ("through 2028"), not today's.
            near = re.search(r"(?<![\d-])(?:19|20)\d{2}(?![\d-])", text[: line.start])
            year = near.group() if near else None
    if not (month and year):
        return None
    try:
        _dt.date(int(year), month, day)
    except ValueError:
        return None
    ds = line.start + m.start("mon")
    de = line.start + (m.end("y") if m.group("y") else m.end("d"))
    return f"{int(year):04d}-{month:02d}-{day:02d}", [ds, de]


_DAY_RANGE = re.compile(r"\b\d{1,2}\s*[-–]\s*\d{1,2}\s+" + _MON + r"\s+(?:19|20)\d{2}\b")


def _is_banner(line: Line) -> bool:
    """An event banner: a short line with a day range and a venue, above or below the headline."""
    return line.words <= 14 and bool(_DAY_RANGE.search(line.text)) and not line.text.endswith(".")


def _looks_like_title(line: Line, cues: Cues) -> bool:
    if line.words > cues.max_title_words or line.text.startswith(("[", "(")):
        return False
    # Headlines do not end with a full stop; captions and credit lines are not headlines.
    if line.text.endswith((".", ".”", '."')):
        return False
    if any(p.search(line.text) for p in cues.credits):
        return False
    return not any(p.fullmatch(line.text) for p in cues.credit_lines)


def mark_line_starts(doc: Doc) -> None:
    """A line break ends a sentence in news text (headline, dateline, caption, paragraph);
    telling the parser so keeps it from running a headline into the first sentence.

    The token after every line break starts a sentence, unless it is a space. Breaks
    are found in the text and mapped to tokens by bisection: an article has a few
    dozen breaks but hundreds of tokens, each a Python object when iterated.
    """
    text = doc_text(doc)
    if "\n" not in text:
        return
    starts = doc.to_array(IDX).tolist()
    last = len(starts) - 1
    done = -1
    p = text.find("\n")
    while p >= 0:
        # The token whose text or trailing space holds the break.
        i = bisect_right(starts, p) - 1
        if done < i < last:
            done = i
            nxt = doc[i + 1]
            if not nxt.is_space:
                nxt.is_sent_start = True
        p = text.find("\n", p + 1)


class HeaderStage:
    """Writes ``doc._.news_meta`` (see :mod:`ai_news_extract.doc_attrs`)."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        load_cues()

    def __call__(self, doc: Doc) -> Doc:
        meta = parse_meta(doc_text(doc), doc._.news_published_hint)
        if meta.source and meta.source.isupper():
            # "GLOBE NEWSWIRE", "DCD": typographic or short forms of a known issuer.
            hits = [h for h in load_kb().lookup(meta.source) if h.label == "ORG"]
            if hits:
                meta.source = hits[0].canonical
        doc._.news_meta = meta.to_dict()
        mark_line_starts(doc)
        if doc._.news_warnings is None:
            doc._.news_warnings = []
        return doc


@Language.factory("ai_news_header")
def make_header(nlp: Language, name: str) -> HeaderStage:
    return HeaderStage(nlp, name)
