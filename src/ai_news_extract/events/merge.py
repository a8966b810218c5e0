"""One event per happening: fold mentions together, then apply document-level slot rules.

Mentions merge when they are the same named entity, or of the same type with
overlapping names (content words, no conflicting numbers or dates), or when a
bare definite anaphor ("the fair", "the agreement") refers back to the latest
event of its type. Slots combine: later, more specific dates refine earlier
partial ones ("September 2018" + "Sept 17 to 19"), a more specific place
replaces a country.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from .context import DocContext
from .candidate import DEAL_TYPES, EDITION_TYPES, Candidate, Cues
from .syntax import EDITION, is_country
from .timeline import add_days, compatible, days_between, is_full, refine, relation
from .venues import city_of


# compiled once: these run for every mention pair
_WORD = re.compile(r"\w+")
_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")
_YEAR = re.compile(r"(?:19|20)\d{2}")
_EDITION_NUMBER = re.compile(r"(\d{1,3})(?:st|nd|rd|th)?")
_WEEK = re.compile(r"\d{4}-W\d{2}")


def merge(cands: list[Candidate], ctx: DocContext, cues: Cues) -> list[Candidate]:
    events: list[Candidate] = []
    editions: list[Candidate] = []
    for c in sorted(cands, key=lambda c: (c.trigger[0], -c.confidence)):
        if c.edition:
            editions.append(c)  # placed once every event they may be an edition of is known
            continue
        target = _target(events, c)
        if target is _DROP:
            continue
        if target is None:
            if c.generic and not c.definite and not (c.start or c.location or c.actors or c.at_conference):
                continue
            if c.generic and c.type == "LAUNCH":
                continue  # "The institute will hold a workshop": a bare "the institute" is its doer, not news
            c.units, c.triggers = {c.unit}, {c.trigger[0]}
            c.loc_from_title = c.in_title and bool(c.location)
            c.cue_from_title = c.in_title
            events.append(c)
        else:
            _combine(target, c)
    for c in events:
        if c.origin and c.generic:
            _name_origin(events, c, cues)
    for c in editions:
        _place_edition(events, c, ctx, cues)
    return finish(events, ctx, cues)


def _name_origin(events: list[Candidate], c: Candidate, cues: Cues) -> None:
    """"The X Expo 2025 will open ... First held in 2018, the expo has grown": the bare anaphor's
    first edition is the first of the series named last before it ("first X Expo")."""
    ref = max((e for e in events if e.type == c.type and e.units and min(e.units) <= c.unit and e is not c
               and not e.origin and not e.edition and (e.named or e.entity_id) and e.name),
              key=lambda e: max(u for u in e.units if u <= c.unit), default=None)
    if ref is None:
        return
    c.name = "first " + _series(ref.name or "")
    c.named, c.generic = True, False
    c.key = frozenset(w for w in _WORD.findall(c.name.casefold())
                      if w not in cues.stop and w not in cues.type_nouns.get(c.type, ()))


def _series(name: str) -> str:
    """An edition's name without its year or number: "the fifth Fair 2023" -> "Fair"."""
    return _SPACES.sub(" ", _EDITION_WORD.sub(" ", name)).strip()


_EDITION_WORD = re.compile(r"\b(?:" + EDITION.pattern + r")\b", re.IGNORECASE)
_DROP = Candidate("OTHER", None, -1, -1, (0, 0), (0, 0))  # _target: a mention that adds nothing


def _place_edition(events: list[Candidate], c: Candidate, ctx: DocContext, cues: Cues) -> None:
    """An edition mention is the event it refers to ("this year's edition"), or another edition of it
    ("last year's edition", "the next edition ... due in November", "an Asia-only edition"): a new event
    of the same type, named after it."""
    ref = _edition_ref(events, c)
    if ref is not None and c.edition == "this":
        _combine(ref, c)  # "this year's edition"
        return
    if not c.start:
        return  # "will add a ranking to the next edition": no happening of its own yet
    base = None
    if ref is None:
        if not (c.edition_of and c.edition_of[0] and c.edition_of[1]):
            return
        # "the next edition of VivaTech" where VivaTech itself is no event of this article
        base = next((m.canonical for m in ctx.mentions if m.id == c.edition_of[0]), None)
        c.type = c.edition_of[1]
    else:
        this_time = compatible(c.start, ref.start) if ref.start else (
            not c.start or not ctx.dct or c.start[:4] == ctx.dct[:4])
        if c.edition != "other" and this_time and not c.edition_mark:
            _combine(ref, c)  # "the 2024 edition of VivaTech" in 2024: the event itself
            return
        c.type, base = ref.type, ref.name
        if c.type == "REPORT" and not c.actors:
            c.actors = list(ref.actors)  # the publisher of a series publishes each edition
    if not base:
        return
    # without the year or number of the edition it was named after ("the fifth Fair" -> "Fair")
    base = _series(base)
    if c.edition_mark:
        c.name = f"{c.edition_mark} edition of {base}"
    elif c.start:
        c.name = f"{c.start[:4]} {base}"
    else:
        return
    c.named, c.entity_id, c.name_years = True, None, ()
    c.key = frozenset(w for w in _WORD.findall(c.name.casefold())
                      if w not in cues.stop and w not in cues.type_nouns.get(c.type, ()))
    for e in events:
        if e.edition and e.type == c.type and e.name == c.name and compatible(e.start, c.start):
            _combine(e, c)
            return
    c.units = {c.unit}
    events.append(c)


def _edition_ref(events: list[Candidate], c: Candidate) -> Optional[Candidate]:
    """The event an edition mention belongs to: "of X", else one of the kind its sentence names,
    else the latest named report or conference."""
    before = [e for e in events if e.units and min(e.units) <= c.unit and not e.edition and not e.origin]
    eid, typ = (c.edition_of or (None, None, None))[:2]
    if eid:
        for e in reversed(before):
            if e.entity_id == eid:
                return e
        return None
    pool = [e for e in before if e.type == typ] if typ else [e for e in before if e.type in EDITION_TYPES]
    if not pool:
        return None
    return max(pool, key=lambda e: (c.unit in e.units, e.named or bool(e.entity_id),
                                    max(u for u in e.units if u <= c.unit)))


_ORDINALS = {w: str(i) for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split(), 1)}


def _numbers(c: Candidate) -> tuple[frozenset[str], frozenset[str]]:
    """(years, edition numbers) in a name: "2023"; "25th", "seventh"."""
    return _name_numbers(c.name or "")


@lru_cache(maxsize=4096)  # (every pair of mentions of a type asks again)
def _name_numbers(name: str) -> tuple[frozenset[str], frozenset[str]]:
    words = _WORD.findall(name.lower())
    years = {w for w in words if _YEAR.fullmatch(w)}
    nums = {m.group(1) for w in words if (m := _EDITION_NUMBER.fullmatch(w))}
    return frozenset(years), frozenset(nums | {_ORDINALS[w] for w in words if w in _ORDINALS})


def _conflict(a: Candidate, b: Candidate, anaphor: bool = False) -> bool:
    if a.origin != b.origin:
        return True  # the series' first edition is not this year's
    for na, nb in zip(_numbers(a), _numbers(b)):
        if na and nb and not (na & nb):
            return True  # "2025 Global Innovation Index" vs "2021 ..."; "25th" vs "27th"
    if not compatible(a.start, b.start):
        return True
    if a.type == "CONFERENCE":
        for x, y in ((a, b), (b, a)):
            if x.name_years and y.start and not any(compatible(year, y.start) for year in x.name_years):
                return True  # "the 2022 World Intelligence Expo" is not the one opening in 2023
    if a.entity_id and b.entity_id and a.entity_id != b.entity_id:
        return True
    if a.type == "LAUNCH" and not anaphor and not (a.entity_id or b.entity_id) and a.head_word and b.head_word \
            and a.head_word != b.head_word:
        return True  # "a cluster around the island" and "a zone in the centre" are two projects
    return False


def _overlap(a: frozenset[str], b: frozenset[str]) -> bool:
    """Names share most of the shorter one's content words ("WAIC main forum" ~ "main forum")."""
    if not a or not b:
        return False
    shared = len(a & b)
    small = min(len(a), len(b))
    return shared >= 1 and shared * 2 >= small and (shared >= 2 or small == 1)


def _target(events: list[Candidate], c: Candidate) -> Optional[Candidate]:
    same = [e for e in events if e.type == c.type]
    if not same:
        return None
    if c.listed:  # "- SAIL Star Award: X" is not the "SAIL Award" told before; "- SAIL Award: Y" is
        return next((e for e in reversed(same) if e.key == c.key or (e.name or "").casefold() == c.name.casefold()),
                    None)
    if c.entity_id:
        for e in reversed(same):
            if e.entity_id == c.entity_id and not _conflict(e, c):
                return e
    if c.type == "INVESTMENT":
        # "raised 385 million euros in a funding round led by X": one deal per sentence
        for e in reversed(same):
            if e.unit == c.unit and not _conflict(e, c):
                return e
    for e in reversed(same):
        if _overlap(c.key, e.key) and not _conflict(e, c):
            if bool(c.entity_id) != bool(e.entity_id) and not (c.key <= e.key or e.key <= c.key):
                continue  # a description matches a name only if one holds all the other's words
            return e
    if c.generic and (c.definite or not c.named):
        # A bare definite phrase refers back to the latest event of its type.
        if not c.definite:
            return None
        for e in reversed(same):
            if not _conflict(e, c, anaphor=True) and (
                    not c.location or not e.location or _same_place(c.location, e.location) or c.type != "CONFERENCE"):
                # "will expand the list next year" is not the list released; "the fair will run until
                # Sunday" is the fair that opened
                if _tense(c) and (c.cue == "planned") != (e.cue == "planned") and (
                        not e.start or c.cue == "planned" and c.type != "CONFERENCE"):
                    # "will set up the chip factory" is not the plant that opened: a happening of its own
                    # when it says when or where; "the index would be published every year" adds nothing
                    return None if c.start or c.end or c.location else _DROP
                return e
        return None
    if c.generic and c.location:
        # "an AI hub in London" twice: one hub
        for e in reversed(same):
            if e.location == c.location and (e.generic or not e.key) and not _conflict(e, c):
                return e
    for e in reversed(same):
        # "Guangdong rolls out three-year plan" ... "has issued a three-year action plan": the headline
        # announces the body's event
        # (or by being the first of its kind the body names: "Seoul unveils AI chip strategy" ... "the
        # ministry announced a five-year strategy")
        first = e.units == {e.unit} and len(same) == 1
        if e.in_title and not c.in_title and (e.key & c.key or set(e.actors) & set(c.actors) or first) \
                and not _conflict(e, c) and not (e.entity_id and c.entity_id):
            return e
    if c.type == "LAUNCH":
        for e in reversed(same):
            if e.unit == c.unit and e.trigger == c.trigger and (e.at_site or c.at_site) and \
                    not _conflict(e, c, anaphor=True):
                return e  # "began production at its new fab": one opening
    if c.type == "REPORT":
        # "the ranking compiled by the Nature Index" and "the Nature Index" (named like its publisher)
        for e in reversed(same):
            if (c.entity_id and c.entity_id in e.actors or e.entity_id and e.entity_id in c.actors) \
                    and not _conflict(e, c):
                return e
    if c.type == "LAUNCH" and c.actors:
        # "TSMC opens first plant in Japan" ... "TSMC's first plant in Japan, located in Kumamoto"
        for e in reversed(same):
            if e.head_word == c.head_word and set(e.actors) & set(c.actors) and not _conflict(e, c) \
                    and (e.cue == "planned") == (c.cue == "planned"):
                return e
    # A bare mention first, the full name later: "unveil the report in Beijing on Feb 4" ... "an
    # assessment report on 2020 global computing power that Inspur and IDC co-released in Beijing".
    e = same[-1]
    if e.generic and not e.entity_id and c.key and not _conflict(e, c) and _related(e, c) and \
            (e.cue == "planned") == (c.cue == "planned"):
        return e
    return None


def _same_place(a: str, b: str) -> bool:
    """The same place, or a convention centre and its city ("the expo opened at the Nanning
    International Convention and Exhibition Center" is the expo in Nanning)."""
    return a == b or (city_of(a) or a) == (city_of(b) or b)


def _tense(c: Candidate) -> Optional[str]:
    return c.cue or ("past" if c.past else None)


def _related(e: Candidate, c: Candidate) -> bool:
    if e.start and c.start and e.start == c.start or e.location and e.location == c.location:
        return True
    if e.in_title and not c.in_title and not e.start:
        return True  # "China issues guideline ..." is the guideline the body names
    if e.actors and c.actors and not set(e.actors) & set(c.actors):
        return False
    if set(e.actors) & set(c.actors):
        return True
    return c.unit - e.unit <= 1 or c.definite


def _combine(e: Candidate, c: Candidate) -> None:
    if c.entity_id and not e.entity_id:
        e.entity_id, e.name, e.named = c.entity_id, c.name, True
    elif (c.named and not e.named) or (not e.key and c.key and not e.entity_id) or (
            e.in_title and not c.in_title and c.key and not e.entity_id):
        # Headlines are title-cased and parse poorly: a body mention names the event better.
        e.name, e.named, e.in_title = c.name, c.named or e.named, False
    e.generic = e.generic and c.generic
    e.units |= c.units | {c.unit}
    e.triggers |= c.triggers | {c.trigger[0]}
    e.key = e.key | c.key
    e.name_years = tuple(sorted(set(e.name_years) | set(c.name_years)))
    for a in c.actors:
        if a not in e.actors:
            e.actors.append(a)
    if c.location and (not e.location or e.location_rank == 1 and c.location_rank > 1 or
                       e.loc_from_title and not c.in_title and c.location_rank < 3):
        # the first place named stands, unless it was only the country ("in Japan" ... "in Kumamoto")
        # or the headline's ("opens institute in Shenzhen" ... "in the city's Nanshan District"); a venue
        # does not replace the headline's city ("opens in Nanjing" ... "at the Nanjing Expo Center")
        e.location, e.location_rank, e.loc_from_title = c.location, c.location_rank, c.in_title
    if c.start and c.end and not e.end and compatible(e.start, c.start):
        e.start, e.end = refine(e.start, c.start) if e.start and len(e.start) > len(c.start) else c.start, c.end
    else:
        e.start = refine(e.start, c.start)
        e.end = refine(e.end, c.end)
    if e.cue_from_title and not c.in_title:
        # "Startup closes $80m round, plans lab": a title-cased headline parses poorly; the body's tense stands
        e.cue, e.past, e.cue_from_title = c.cue, c.past, False
    e.cue = e.cue or c.cue
    e.one_day = e.one_day or (c.one_day and c.start == e.start)
    e.past = e.past or c.past
    e.opening = e.opening or c.opening
    e.duration = e.duration or c.duration
    e.at_conference = e.at_conference or c.at_conference
    e.same_day = e.same_day or c.same_day
    e.day_ref = e.day_ref or c.day_ref
    e.place_actor = e.place_actor or c.place_actor
    e.batch = e.batch or c.batch
    e.confidence = min(0.95, max(e.confidence, c.confidence) + 0.05)


def finish(events: list[Candidate], ctx: DocContext, cues: Cues) -> list[Candidate]:
    """Document-level slot rules, in order: each event's own slots, then what events lend each other."""
    dateline = _dateline(ctx)
    place = _dateline_place(ctx)
    for e in events:
        city = None if e.from_banner else city_of(e.location)  # (a page banner keeps its venue)
        if city is not None:
            e.location = city  # "at Makuhari Messe in Chiba": the event is in Chiba
        if dateline is not None and not e.start and not e.end and e.past and e.unit == dateline[0]:
            e.start = dateline[1]  # "(Yicai Global) Nov. 21 -- In the first blue paper, released jointly by ..."
        if not e.location and e.type in ("INVESTMENT", "PARTNERSHIP", "POLICY", "LAUNCH") and not (
                is_full(e.start) and _enclosing_conference(events, e)):  # (during a fair: the fair's place, below)
            city = _government_place(ctx, e)
            if city is not None:
                e.location, e.location_rank = city, 2  # "the Suzhou Municipal Government signed ..."
        if place is not None and not e.location and e.type != "REPORT" and e.unit == place[0]:
            e.location, e.location_rank = place[1], 2  # "TIANJIN, May 16 (Xinhua) -- ... said at a press conference"
        if is_full(e.start) and is_full(e.end) and 0 < days_between(e.end, e.start) < 7:
            # "opened on Tuesday ..., closing on Saturday, September 26" read in a Thursday issue: a weekday
            # placed after the end is the one of the week before
            e.start = add_days(e.start, -7)
        if e.duration and is_full(e.start) and not e.end:
            e.end = add_days(e.start, e.duration - 1)  # "the three-day conference"
        elif e.duration and is_full(e.end) and not e.start:
            e.start = add_days(e.end, 1 - e.duration)  # "the two-day summit, which closes on Thursday"
        if e.place_actor and e.type != "REPORT" and (not e.location or e.place_actor[1] > e.location_rank) and not (
                not e.location and e.type != "CONFERENCE" and (host := _place_host(events, e)) is not None and host.location):
            # (as for a government: a zone that signs "during the event" signs at the event's place, below)
            e.location, e.location_rank = e.place_actor  # "Shanghai has issued a plan"; "Wuzhen played host"
        if e.type == "CONFERENCE" and not e.entity_id and not e.edition and not e.origin:  # ("first X" stays)
            _name_from_entities(ctx, e, cues)
        if not e.location and e.type == "CONFERENCE" and e.named and e.name:
            e.location = _leading_city(ctx, e)
        if e.type == "REPORT" and not e.start and len(e.name_years) == 1 and (
                not e.entity_id or not ctx.dct or e.name_years[0] == ctx.dct[:4]):
            # "the 2017 Global Startup Ecosystem Report" in 2017, "the 2015 ranking"; not the "2021 Index"
            # of an article of 2022, whose title year may be the year it covers
            e.start = e.name_years[0]
        if e.type == "CONFERENCE" and not e.start and len(e.name_years) == 1 and ctx.dct and \
                e.name_years[0] != ctx.dct[:4]:
            e.start = e.name_years[0]  # "at the 2022 Expo" in 2023: a past edition, held that year
        if e.entity_id in e.actors:
            e.actors.remove(e.entity_id)
    for e in events:
        if e.held_during is not None and not e.start:
            host = next((h for h in events if h is not e and e.held_during in h.triggers), None)
            if host is not None:  # "It was unveiled at a forum": the forum was on the unveiling's day
                e.start = host.start
                if not e.location:
                    e.location, e.location_rank = host.location, host.location_rank
    for e in events:
        if e.coincides and not e.start:
            prev = max((p for p in events if p.type in e.coincides and p.start and p.trigger[0] < e.trigger[0]
                        and not p.edition and not p.origin),
                       key=lambda p: max(p.triggers), default=None)
            if prev is not None:  # "The release coincided with the launch of a program"
                e.start = prev.start
                if not e.location:
                    e.location, e.location_rank = prev.location, prev.location_rank
    for e in sorted(events, key=lambda x: x.trigger[0]):
        # (the dates stage's "the same day" is the last date told, which may be better than the last dated
        # event; its "the opening day" is a guess at a conference this stage knows)
        if e.day_ref and e.start == e.day_ref and e.at_conference in ("opening", "closing"):
            e.start = e.end = None if e.end in (None, e.day_ref) else e.end  # dated again below, if it can be
            restore = e.day_ref
        else:
            restore = None
        if e.same_day and not e.start:
            # "X unveiled a robot on the opening day, and Y signed an agreement the same day": the day of the
            # latest dated event told before it, in its sentence or the one before (not its place: below)
            prev = max((p for p in events if p is not e and is_full(p.start) and p.trigger[0] < e.trigger[0]
                        and min(e.units) - 1 <= max(p.units)), key=lambda p: p.trigger[0], default=None)
            if prev is not None:
                e.start = prev.start
        if e.at_conference and e.type != "CONFERENCE":
            conf = _conference_before(events, e)
            if conf is not None:
                if not e.location:
                    e.location, e.location_rank = conf.location, conf.location_rank
                if e.at_conference == "opening" and is_full(conf.start) and not e.start:
                    e.start = conf.start  # "handed out at the opening ceremony"
                    e.end = e.end if e.type == "REPORT" else conf.start
                elif e.at_conference == "closing" and is_full(conf.end) and not e.start:
                    e.start = conf.end  # "launched on the closing day"
                    e.end = e.end if e.type == "REPORT" else conf.end
                elif is_full(conf.start) and not e.start and conf.end in (None, conf.start):
                    e.start = conf.start  # "At the same meeting, the association handed out its awards"
        if restore and not e.start:
            e.start = restore  # no conference or earlier event to date it: the dates stage's day stands
        if not e.location and e.type not in ("REPORT", "POLICY") and is_full(e.start):
            host = _enclosing_conference(events, e)
            if host is not None:
                e.location, e.location_rank = host.location, host.location_rank  # a forum on a fair's first day
    _from_batches(events)
    _from_award_list(events)
    out = []
    for e in events:
        if e.generic and not (e.start or e.location or e.actors or e.at_conference):
            continue  # a bare anaphor that found nothing to refer to
        if e.held_during is not None and not (e.start or e.location):
            continue  # a forum at which something undated happened
        if e.origin and not e.start:
            continue  # "since the index was first published": background without a date
        e.status = status(e, ctx.dct)
        if e.type == "LAUNCH" and e.at_conference and not (e.start or e.location or e.cue):
            continue  # kept for a conference it was told at ("said at the forum"), but none gave it a day or place
        one_day = e.type in ONE_DAY and not (e.type == "CONFERENCE" and (
            e.named or not (_one_day_meeting(e, cues) or _enclosing_conference(events, e)))) and not (
            e.type == "LAUNCH" and e.head_word in cues.ongoing_launches)  # "deliveries begin on May 2": no end
        if e.status != "ongoing" and (_day_or_week(e.start) or e.one_day) and not e.end and one_day:
            # a ceremony, a signing, a press conference, a forum on one day of a fair: one day; a forum may run for days
            e.end = e.start
        elif not e.end and e.type in ("INVESTMENT", "PARTNERSHIP") and e.head_word in cues.month_deals and \
                e.start and len(e.start) == 7 and e.start[4] == "-" and e.start[5:].isdigit():
            e.end = e.start  # "sealed a deal last month", "signed an MoU in October 2024": one day in that month
        out.append(e)
    return out


def _place_host(events: list[Candidate], e: Candidate) -> Optional[Candidate]:
    """The conference an event happens at ("at the opening ceremony") or during (a signing on the fair's second day)."""
    if e.at_conference:
        return _conference_before(events, e)
    return _enclosing_conference(events, e) if is_full(e.start) else None


def _from_batches(events: list[Candidate]) -> None:
    """"Firms signed a batch of agreements in Nanning on Friday. A agreed with B to ...": the deals
    told in the next two sentences, without a day of their own, were signed with the batch, that
    day and there."""
    for b in events:
        if not b.batch or not is_full(b.start):
            continue
        last = max(b.units)
        for e in events:
            if e is b or e.type not in DEAL_TYPES or e.start or e.end or e.cue == "planned" or \
                    not last < min(e.units) <= last + _BATCH_REACH:
                continue
            e.start = b.start  # (one day, as the batch: set below with the status)
            if not e.location:
                e.location, e.location_rank = b.location, b.location_rank


def _from_award_list(events: list[Candidate]) -> None:
    """"X won the Grand Award at a ceremony in Oslo on Friday. The winners were: - Grand Award: X
    - Youth Award: Y": the awards of the list were presented at that ceremony."""
    for e in events:
        if not e.listed or e.start:
            continue
        told = max((a for a in events if a.type == "AWARD" and not a.listed and a.start and min(a.units) < e.unit),
                   key=lambda a: min(a.units), default=None)
        if told is not None:
            e.start, e.end = told.start, told.end
            if not e.location:
                e.location, e.location_rank = told.location, told.location_rank


_BATCH_REACH = 2  # sentences after the batch that may tell its deals


def _one_day_meeting(e: Candidate, cues: Cues) -> bool:
    name = f" {(e.name or '').lower()} "
    return any(f" {w} " in name or name.endswith(f" {w}s ") for w in cues.one_day_meetings)


def _day_or_week(value: Optional[str]) -> bool:
    return is_full(value) or bool(value and _WEEK.fullmatch(value))


# Happenings that take one day when nothing says otherwise.
ONE_DAY = frozenset({"AWARD", "PARTNERSHIP", "LAUNCH", "INVESTMENT", "CONFERENCE", "OTHER"})


def _dateline(ctx: DocContext) -> Optional[tuple[int, str]]:
    """(unit index, date) of the dateline opening the first paragraph ("SHENZHEN, Sept. 1 (Xinhua) --")."""
    meta = ctx.doc._.news_meta or {}
    span = meta.get("dateline")
    if not span:
        return None
    for d in ctx.dates:
        if span[0] <= d.span.start_char < span[1] and is_full(d.start) and not d.end:
            tok = ctx.char_tokens(span[1] - 1, span[1])  # the dateline's last token
            if tok is None:
                return None
            last = ctx.unit_at[tok[1] - 1]
            nxt = last + 1 if last + 1 < len(ctx.units) else last
            return (nxt if ctx.units[last].end_char <= span[1] + 1 else last), d.start
    return None


def _enclosing_conference(events: list[Candidate], e: Candidate) -> Optional[Candidate]:
    if not e.start:
        return None  # an undated happening lies within no fair's days
    for c in events:
        if c is e or c.type != "CONFERENCE" or not c.location or not (is_full(c.start) and is_full(c.end)):
            continue
        if c.start <= e.start <= c.end and (not e.end or e.end <= c.end):
            return c
    return None


_GOVERNMENT = re.compile(r"\b(?:municipal|provincial|district|city|county|state)?\s*(?:people's\s+)?government\b",
                         re.IGNORECASE)


def _government_place(ctx: DocContext, e: Candidate) -> Optional[str]:
    """The place whose government acts: 'Suzhou Municipal Government' -> Suzhou."""
    ids = set(e.actors)
    for m in ctx.mentions:
        if m.id in ids and m.label == "ORG" and _GOVERNMENT.search(m.canonical):
            for p in ctx.mentions:
                if p.label in ("GPE", "LOC") and m.canonical.startswith(p.canonical + " ") and not is_country(p.canonical):
                    return p.canonical
    return None


def _dateline_place(ctx: DocContext) -> Optional[tuple[int, str]]:
    """(unit index, place) of the dateline's place ("TIANJIN, May 16 (Xinhua) --"), when it is a known place."""
    meta = ctx.doc._.news_meta or {}
    span = meta.get("dateline")
    if not span:
        return None
    for m in ctx.mentions:
        if m.label in ("GPE", "LOC") and span[0] <= m.span.start_char < span[1] and not is_country(m.canonical):
            unit = ctx.unit_at[m.span.start]
            # the dateline opens the first sentence; a parse may cut it off as a unit of its own
            if ctx.units[unit].end_char <= span[1] + 1 and unit + 1 < len(ctx.units):
                unit += 1
            return unit, m.canonical
    return None


def _conference_before(events: list[Candidate], e: Candidate) -> Optional[Candidate]:
    """The conference "at the conference" means: the latest named one before, else the latest one;
    not another edition ("Last year's expo drew 200,000 visits")."""
    best = None
    for c in events:
        if c.type == "CONFERENCE" and c.trigger[0] <= e.trigger[0] and not c.edition and not c.origin and (
                best is None or c.named or c.entity_id or not (best.named or best.entity_id)):
            best = c
    if best is None:
        best = next((c for c in events if c.type == "CONFERENCE"), None)
    return best


def _name_from_entities(ctx: DocContext, e: Candidate, cues: Cues) -> None:
    """'the world's first global AI safety summit' is the 'AI Safety Summit' the text names elsewhere."""
    if not e.key:
        return
    generic = cues.stop | cues.type_nouns.get("CONFERENCE", frozenset())
    for m in ctx.mentions:
        if m.label != "EVENT":
            continue
        all_words = frozenset(_WORD.findall(m.canonical.casefold()))
        kinds = all_words & cues.type_nouns.get("CONFERENCE", frozenset())
        if kinds and e.head_word in cues.meeting_kinds and e.head_word not in kinds:
            continue  # "the first China-ASEAN ministers' roundtable" is not the "China-ASEAN Expo"
        words = all_words - generic
        if words and words <= e.key and not (_numbers(e)[0] and set(_DIGITS.findall(m.canonical)) - _numbers(e)[0]):
            e.name, e.entity_id, e.named = m.canonical, m.id, True
            return


def _leading_city(ctx: DocContext, e: Candidate) -> Optional[str]:
    """'Paris AI Action Summit' is in Paris; 'China Hi-Tech Fair' says nothing about where."""
    names = [e.name or ""]
    if e.entity_id:
        names += [m.span.text for m in ctx.mentions if m.id == e.entity_id]
        names += [a for m in ctx.mentions if m.id == e.entity_id for a in m.entity.get("aliases") or []][:20]
    for m in ctx.mentions:
        if m.label != "GPE" or is_country(m.canonical):
            continue
        forms = {m.canonical, m.span.text}
        if any(n.startswith(f + " ") for n in names for f in forms):
            return m.canonical
    return None


def status(e: Candidate, dct: Optional[str]) -> str:
    if e.start and relation(e.start, dct) == "after":
        return "planned"
    if e.type == "CONFERENCE" or e.end:
        end_rel = relation(e.end, dct) if e.end else None
        if end_rel == "before":
            return "occurred"
        start_rel = relation(e.start, dct)
        if e.start and e.end and start_rel in ("before", "overlap") and end_rel in ("after", "overlap"):
            return "ongoing"
        if e.start and not e.end and e.opening:
            gap = days_between(e.start, dct) if dct else None
            if gap is not None and 0 <= gap <= 4 or (gap is None and start_rel == "overlap"):
                return "ongoing"
    if e.cue:
        return e.cue
    return "occurred"
