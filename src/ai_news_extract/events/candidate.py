"""One mention of an event, as the detector finds it, and the cue lists it is judged by."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from ..scan import first_char_lookahead
from .lexicon import Lexicon


EDITION_TYPES = ("REPORT", "CONFERENCE", "AWARD")  # the kinds of events that have editions
DEAL_TYPES = ("PARTNERSHIP", "INVESTMENT")  # deals: signed, one day each


@dataclass(slots=True)  # (slots: made by the thousand, and twice as fast to make)
class Candidate:
    type: str
    name: Optional[str]
    head_i: int
    unit: int
    trigger: tuple[int, int]
    evidence: tuple[int, int]
    entity_id: Optional[str] = None
    actors: list[str] = field(default_factory=list)
    location: Optional[str] = None
    location_rank: int = 0
    place_actor: Optional[tuple[str, int]] = None  # (name, rank) of a place that is the actor
    start: Optional[str] = None
    end: Optional[str] = None
    cue: Optional[str] = None  # status from the words: planned / ongoing / None
    status: str = "occurred"  # final status, set by merge.finish from cue, tense and dates
    past: bool = False
    opening: bool = False  # the predicate opens it ("opened", "got under way")
    duration: Optional[int] = None  # "two-day"
    generic: bool = False  # bare anaphor ("the fair"): refers back to an earlier event
    definite: bool = False
    at_conference: Optional[str] = None  # "at the conference" / "at the opening ceremony"
    named: bool = False
    name_source: str = "np"  # entity / naming ("Called X") / appos / np
    in_title: bool = False
    name_years: tuple[str, ...] = ()
    head_word: str = ""
    origin: bool = False  # "first held in 2006": the series' first edition, not the one reported
    confidence: float = 0.6
    key: frozenset[str] = frozenset()  # content words of the name, for merging
    units: set[int] = field(default_factory=set)  # the sentences of all its mentions (set by merge)
    edition: Optional[str] = None  # "another" edition ("next year's edition") or "this" one; None: not an edition
    edition_of: Optional[tuple[Optional[str], Optional[str], frozenset[str]]] = None  # (entity id, type, key) of "of X"
    triggers: set[int] = field(default_factory=set)  # trigger offsets of all its mentions (set by merge)
    held_during: Optional[int] = None  # trigger offset of what happened at it ("It was unveiled at a forum")
    loc_from_title: bool = False
    at_site: bool = False  # the site where the launch happens ("began production at its new fab")
    cue_from_title: bool = False  # the status words were read in the headline (a body mention reads better)  # the location was read in the headline (a body place is more precise)
    day_ref: Optional[str] = None  # the dates stage's value for "the opening day" / "the same day"
    same_day: bool = False  # "signed an agreement the same day": the day of the event told before it
    one_day: bool = False  # the start is one day, though only its month is known ("on Tuesday" in a May issue)
    # "The release coincided with the launch of X": X happened with the latest event of these types
    coincides: tuple[str, ...] = ()
    from_banner: bool = False  # a page banner's event: its venue stays its location (the seed gold)
    edition_mark: str = ""  # how the text sets the edition apart: "next", "Asia-only", a year
    listed: bool = False  # a line of an award list ("- Best Robot Award: X"): presented with the award told before
    batch: bool = False  # plural deals signed together ("signed a batch of agreements"): the deals told next were among them


@dataclass(frozen=True)
class Cues:
    """The cue lists of ``models/events/cues.json`` as sets, built once per lexicon."""

    planning: frozenset[str]
    modals: frozenset[str]
    planned_mods: frozenset[str]
    ongoing_preds: frozenset[str]
    opening_preds: frozenset[str]
    process: frozenset[str]
    continuation: frozenset[str]
    end_preps: frozenset[str]
    loc_preps: frozenset[str]
    naming: frozenset[str]
    stop: frozenset[str]
    numbers: dict[str, int]
    place_labels: frozenset[str]
    actor_labels: frozenset[str]
    conf_anaphors: frozenset[str]
    happening: frozenset[str]
    reporting: frozenset[str]
    ranking_verbs: frozenset[str]
    ranking_nouns: frozenset[str]
    containers: frozenset[str]
    trigger_words: frozenset[str]
    type_nouns: dict[str, frozenset[str]]
    rank_expression: re.Pattern[str]
    closing: frozenset[str]
    company_anaphors: frozenset[str]
    other_editions: frozenset[str]
    first_editions: frozenset[str]
    city_states: frozenset[str]
    planning_predicates: frozenset[str]
    invitation: frozenset[str]
    kinds: frozenset[str]
    one_day_meetings: tuple[str, ...]
    coincide: frozenset[str]
    completion: frozenset[str]
    time_nouns: frozenset[str]
    agreeing: frozenset[str]
    product_acts: frozenset[str]
    round_modifiers: frozenset[str]
    month_deals: frozenset[str]  # signings and deals: one day, even when only their month is known
    target_governors: frozenset[str]  # "aims to", "requiring ... to": a "by 2027" under them is a target
    founding_verbs: frozenset[str]  # "X, a maker of robots founded in 2023": X's founding
    audience_verbs: frozenset[str]  # "told a briefing", "addressed a forum": the meeting is the object
    on_meetings: frozenset[str]  # meetings one speaks "on" ("said on an earnings call"), not only "at"
    activity_starters: frozenset[str]  # "began operating", "will start shipping"
    started_activities: dict[str, str]  # the activity (-ing form's word) -> its noun: "ship" -> "shipments"
    operating_sites: frozenset[str]  # sites that "begin operating / producing" besides what "opens": "line"
    sidelines: frozenset[str]  # "on the sidelines of the forum": at the forum
    ongoing_launches: frozenset[str]  # what starts and goes on ("deliveries begin on May 2"): no one-day end
    meeting_kinds: frozenset[str]  # heads naming a kind of meeting: one headed by one is no event named by another


_CUES: dict[int, Cues] = {}


def cues_of(lex: Lexicon) -> Cues:
    cached = _CUES.get(id(lex))
    if cached is not None:
        return cached
    c = lex.cues
    type_nouns: dict[str, frozenset[str]] = {}
    for entries in lex.nouns.values():
        for e in entries:
            type_nouns[e.type] = type_nouns.get(e.type, frozenset()) | frozenset(e.words)
    cues = Cues(
        planning=frozenset(c["planning_governors"]), modals=frozenset(c["future_modals"]),
        planned_mods=frozenset(c["planned_modifiers"]), ongoing_preds=frozenset(c["ongoing_predicates"]),
        opening_preds=frozenset(c["opening_predicates"]), process=frozenset(c["process_verbs"]),
        continuation=frozenset(c["continuation_verbs"]), end_preps=frozenset(c["end_preps"]),
        loc_preps=frozenset(c["location_preps"]), naming=frozenset(c["naming_verbs"]),
        stop=frozenset(c["name_stopwords"]), numbers=dict(c["number_words"]),
        place_labels=frozenset(c["place_labels"]), actor_labels=frozenset(c["actor_labels"]),
        conf_anaphors=frozenset(c["conference_anaphors"]), happening=frozenset(c["happening_verbs"]),
        reporting=frozenset(c["reporting_verbs"]), ranking_verbs=frozenset(c["ranking_verbs"]),
        ranking_nouns=frozenset(c["ranking_nouns"]), containers=frozenset(c["container_nouns"]),
        trigger_words=lex.trigger_words, type_nouns=type_nouns,
        rank_expression=_with_lookahead(c["rank_expression"], re.IGNORECASE),
        closing=frozenset(c["closing_verbs"]),
        company_anaphors=frozenset(c["company_anaphors"]),
        other_editions=frozenset(c["other_edition_modifiers"]), first_editions=frozenset(c["first_edition_modifiers"]),
        city_states=frozenset(c["city_states"]), planning_predicates=frozenset(c["planning_predicates"]),
        invitation=frozenset(c["invitation_verbs"]),
        kinds=frozenset(c["kind_modifiers"]), one_day_meetings=tuple(c["one_day_meetings"]),
        coincide=frozenset(c["coincidence_verbs"]), completion=frozenset(c["completion_verbs"]),
        time_nouns=frozenset(c["time_nouns"]), agreeing=frozenset(c["agreement_verbs"]),
        product_acts=frozenset(c["product_acts"]), round_modifiers=frozenset(c["round_modifiers"]),
        month_deals=frozenset(c["month_deals"]), target_governors=frozenset(c["target_governors"]),
        founding_verbs=frozenset(c["founding_verbs"]),
        audience_verbs=frozenset(c["audience_verbs"]), on_meetings=frozenset(c["on_meetings"]),
        ongoing_launches=frozenset(c["ongoing_launches"]), sidelines=frozenset(c["sideline_nouns"]),
        activity_starters=frozenset(c["activity_starters"]), started_activities=dict(c["started_activities"]),
        operating_sites=frozenset(c["operating_sites"]), meeting_kinds=frozenset(c["meeting_kinds"]),
    )
    _CUES[id(lex)] = cues
    return cues


def _with_lookahead(pattern: str, flags: int) -> "re.Pattern[str]":
    """``pattern`` compiled, led by a look-ahead for the characters a match can start with: the
    same matches, twice as fast to search for in a sentence (:func:`~ai_news_extract.scan.first_char_lookahead`)."""
    return re.compile(first_char_lookahead([pattern], flags) + "(?:" + pattern + ")", flags)
