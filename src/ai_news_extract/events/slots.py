"""The slots of one event mention: name, actors, location, dates, status.

Slots come from the phrases attached to the trigger noun or its verb: the
subject, "by X", "from X" or a possessor are actors; "in X" / "at X" with X a
place entity is the location; date expressions attached to noun or verb give
start and end ("until X" the end); modals, planning verbs and tense give the
status. A :class:`SlotFiller` serves one document.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import compress
from typing import Optional

from spacy.parts_of_speech import ADJ, ADV

from ..kb import load_kb
from .candidate import Candidate, cues_of
from .context import DateMention, DocContext, Mention
from .lexicon import DocTriggers, Lexicon
from .syntax import (EDITION, INDEFINITE, PRONOUNS, SUBJ, clean_name, entity_in, governing_prep, is_country,
                     is_proper, join, mention_id, opens_with, proper_name, singular, strip_span, unit_duration)
from .tokens import ParseToken, TokenSpan


_YEAR = re.compile(r"(19|20)\d{2}")
_UNPLACED_WEEKDAY = re.compile(r"\d{4}-WXX-\d")
_WORD = re.compile(r"\w+")
_COUNTRY_WORDS = frozenset({"country", "nation", "city"})  # "in the country": the country last named


@lru_cache(maxsize=8192)  # (the same names come back in every article: "the summit", "the report")
def _name_key(name: str, stop: frozenset[str], generic: frozenset[str]) -> frozenset[str]:
    """The content words of a name: not stop words, not the generic nouns of its type (nor their plurals)."""
    return frozenset(w for w in _WORD.findall(name.casefold())
                     if w not in stop and w not in generic and singular(w) not in generic)


_SINCE_REACH = 5  # steps from a date up to a "since" that holds it
_DATELINE_DASHES = frozenset({"--", "—", "–", "-"})


def _district(m: Mention) -> bool:
    """A place the knowledge base knows as a district of a city ("Wan Chai", "Sha Tin")."""
    kb_id = m.entity.get("kb_id")
    entry = load_kb().get(kb_id) if kb_id else None
    return entry is not None and entry.type == "district"


RELATIVES = ("which", "who", "that")  # relative pronouns a subject clause hangs on its antecedent


class SlotFiller:
    """Fills the slots of event mentions in one document (``make`` builds a Candidate)."""

    def __init__(self, ctx: DocContext, lex: Lexicon, triggers: Optional[DocTriggers] = None) -> None:
        self.ctx = ctx
        self.lex = lex
        self.triggers = triggers if triggers is not None else DocTriggers(lex, ctx.words)
        self.tokens = ctx.tokens
        self.words = ctx.words
        self.cues = cues_of(lex)
        self._phrases: dict[tuple[int, int], str] = {}
        self._evidence: dict[int, tuple[int, int]] = {}
        self._title_span = (ctx.doc._.news_meta or {}).get("title_span")  # read once: doc._ is slow
        # Per-document memos: every mention of the document asks these again.
        self._places: dict[int, list[Mention]] = {}  # unit index -> its place mentions
        self._location_preps: dict[int, Optional[ParseToken]] = {}  # token -> location_prep(token)
        self._planned: Optional[set[int]] = None  # the nouns with a planning modifier (planned_modifier)
        self._groups: dict[int, tuple[ParseToken, ...]] = {}  # verb -> _children_of_group(verb)
        self._edition_marks: dict[int, frozenset[int]] = {}  # id(mention) -> edition(_, mention)
        self._dates_in: dict[int, list] = {}  # unit index -> the date mentions inside it
        for d in ctx.dates:
            self._dates_in.setdefault(ctx.unit_at[d.span.start], []).append(d)
        strings = ctx.doc.vocab.strings  # coarse tags as symbol ids, to read ``ctx.pos_at``
        self._nominal = (strings["PROPN"], strings["NOUN"])
        self._edition_tokens: Optional[set[int]] = None  # (made when a date is first met: _editions)
        self._edition_dates: dict[int, bool] = {}  # id(date mention) -> _all_edition_words

    def _editions(self) -> set[int]:
        """"2023" in "MWC 2023", "2024" in "the 2024 edition": tokens that name an edition, not a date."""
        if self._edition_tokens is None:
            ctx = self.ctx
            self._edition_tokens = set()
            for m in ctx.mentions:
                if m.label in ("EVENT", "PRODUCT"):
                    self._edition_tokens |= self.edition(m.root, m)
            if "edition" in self.words:
                for i in compress(range(len(self.words)), map("edition".__eq__, self.words)):
                    self._edition_tokens |= {c.i for c in self.tokens[i].children if EDITION.fullmatch(c.text)}
        return self._edition_tokens

    def _all_edition_words(self, d: DateMention) -> bool:
        """Every token of ``d`` is a year or an ordinal (what :meth:`_editions` holds); found once per date."""
        got = self._edition_dates.get(id(d))
        if got is None:
            tokens = self.tokens
            got = self._edition_dates[id(d)] = all(
                EDITION.fullmatch(tokens[i].text) for i in range(d.span.start, d.span.end))
        return got

    def make(self, k: int, unit: TokenSpan, typ: str, h: ParseToken, pred: Optional[ParseToken],
             named: Optional[Mention]) -> Candidate:
        """The mention of a ``typ`` event headed by noun ``h``, made to happen by ``pred``, in ``unit``."""
        cand, name_tokens = self.name_mention(k, unit, typ, h, pred, named)
        self.fill_slots(cand, unit, h, pred, named, name_tokens)
        return cand

    def name_mention(self, k: int, unit: TokenSpan, typ: str, h: ParseToken, pred: Optional[ParseToken],
                     named: Optional[Mention]) -> tuple[Candidate, set[int]]:
        """The first half of :meth:`make`: the mention with its name (name, key, entity, years), and
        the tokens of the name. What the name alone decides (a bare "a forum" with no verb is no
        event) the detector decides before :meth:`fill_slots` does the rest of the work."""
        tokens = self.tokens
        trig = pred if pred is not None else h
        if k not in self._evidence:
            self._evidence[k] = strip_span(tokens, unit)
        ev_s, ev_e = self._evidence[k]
        cand = Candidate(typ, None, h.i, k, (trig.idx, trig.idx + len(trig.text)), (ev_s, ev_e))
        name_tokens = self._name_tokens(h, named)
        edition = self.edition(h, named)
        name_tokens |= set(edition)
        cand.name, cand.named, cand.entity_id, cand.name_source = self._name(h, named, name_tokens, typ)
        if named is not None and edition:
            # The edition the text reports: "the 25th China Hi-Tech Fair", "Chinese Cities of Opportunity 2023"
            marks = [tokens[i].text for i in sorted(edition) if tokens[i].text not in (cand.name or "")]
            # (a mark opening the mention goes before the name too: "the 23rd China-ASEAN Expo")
            first_word = next((i for i in range(named.span.start, named.span.end) if i not in edition), named.span.start)
            before = [tokens[i].text for i in sorted(edition) if i < first_word and tokens[i].text in marks]
            after = [tokens[i].text for i in sorted(edition) if i >= first_word and tokens[i].text in marks]
            cand.name = " ".join(before + [cand.name or ""] + after).strip()
        cand.in_title = self.in_title(h)
        cand.head_word = self.words[h.i]
        cand.key = self.key(cand.name, typ)
        # Edition years only: "the 2017 ... Report", "Index 2021"; not "report on Digital China in 2023".
        cand.name_years = tuple(sorted({tokens[i].text for i in name_tokens
                                        if (i < h.i or i in edition) and _YEAR.fullmatch(tokens[i].text)}))
        if typ == "INVESTMENT" and named is None and cand.name_source == "np":
            cand.name = clean_name(join(tokens, name_tokens)) or cand.name  # keep the amount: "$220 million funding round"
            cand.key = self.key(cand.name, typ)
        if typ == "REPORT" and cand.name_years and not cand.named:
            cand.named = True  # "the 2015 ranking": an edition
        return cand, name_tokens

    def fill_slots(self, cand: Candidate, unit: TokenSpan, h: ParseToken, pred: Optional[ParseToken], named: Optional[Mention],
                   name_tokens: set[int]) -> None:
        """The second half of :meth:`make`: status, dates, place, actors and the rest."""
        anchors = self._anchors(h, pred)
        self._status(cand, h, pred)
        if pred is not None and any(c.lower_ == "first" and c.dep_ in ("advmod", "amod") for c in pred.children):
            cand.origin = True
            if cand.name and not cand.name.lower().startswith("first "):
                cand.name = "first " + cand.name
        date_anchors = set(anchors)
        clause = pred
        if pred is not None and pred.dep_ in ("acl", "relcl") and pred.head.i == h.i:
            clause = self.clause_verb(h) or pred  # "closed a round led by X": the clause of the noun
        if clause is not None and clause.dep_ == "ccomp" and self.words[clause.head.i] in self.cues.reporting \
                and cand.cue != "planned" and clause.tag_ in ("VBD", "VBN"):
            date_anchors.add(clause.head.i)  # "revealed on Tuesday that it had pulled off a funding round"
        if clause is not None and clause.dep_ == "advcl" and any(
                c.dep_ == "mark" and c.lower_ in ("as", "while", "when") for c in clause.children):
            date_anchors.add(clause.head.i)  # "CASS said Tuesday as it released the index"
        when = self._when_clause_date(pred, h)
        if when is not None:
            date_anchors.add(when)  # "The deal came on Monday, when X said it had closed a round"
        self._dates(cand, unit, h, pred, date_anchors, name_tokens)
        if not cand.origin:
            self._first_edition(cand, h)
        self._location(cand, unit, h, anchors, name_tokens)
        self._actors(cand, h, pred, named)
        cand.duration = self._duration(h, unit)
        if cand.duration is None and cand.type == "CONFERENCE" and cand.end and not cand.start:
            cand.duration = unit_duration(self.words, self.tokens, unit, self.cues.numbers)  # "... over the three-day event"
        cand.at_conference = self._at_conference(h, pred) or cand.at_conference
        if pred is not None and not cand.start:
            cand.same_day = cand.same_day or self._same_day(pred)
        if pred is not None:
            cand.opening = self.is_opening(pred)
            if pred.pos_ in ("NOUN", "PROPN"):
                verb = self.clause_verb(pred)
                if verb is not None and self.words[verb.i] in self.cues.coincide:
                    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
                    if subj is None and verb.dep_ in ("acl", "relcl"):
                        subj = verb.head  # parsed as "[The release [coincided with ...]]"
                    entry = self.triggers.noun_at(subj) if subj is not None else None
                    if entry is not None:
                        cand.coincides = (entry.type,)  # "The forum coincided with ..."
                    elif subj is not None and self.words[subj.i] in self.lex.nominals:
                        cand.coincides = ("REPORT", "LAUNCH", "POLICY")  # "The release coincided with ..."

    def _first_edition(self, cand: Candidate, h: ParseToken) -> None:
        """'since the inaugural WAIC in 2018': the series' first edition, dated before the article's
        year, is not the edition the article reports (its events keep apart from it when mentions merge)."""
        dct = self.ctx.dct
        if not (cand.start and dct and cand.start[:4] < dct[:4]):
            return
        # (any word of the noun phrase before the head: "inaugural" may hang on a word of the name)
        first = next((i for i in range(self.ctx.left_edge(h.i), h.i) if self.words[i] in self.cues.first_editions
                      and self.ctx.pos_at[i] == ADJ), None)
        if first is None:
            return
        cand.origin = True
        word = self.ctx.lower_at[first]
        if cand.name and not cand.name.lower().startswith(word + " "):
            cand.name = f"{word} {cand.name}"

    def _anchors(self, h: ParseToken, pred: Optional[ParseToken]) -> set[int]:
        anchors = {h.i}
        if h.dep_ == "pobj" and h.head.lower_ == "of" and self.words[h.head.head.i] in self.cues.time_nouns:
            anchors.add(h.head.head.i)  # "the opening day of the WAIC in Shanghai"
        dep, children = self.ctx.dep_at, self.ctx.children_at
        anchors.update(c for c in children[h.i] if dep[c] in ("acl", "relcl", "appos"))
        if dep[h.i] == "nsubj" and self.words[h.head.i] in self.cues.continuation:
            anchors.add(h.head.i)  # "The expo, which opened on Thursday, will run until Monday"
        if pred is not None:
            anchors.add(pred.i)
            if pred.pos_ in ("NOUN", "PROPN"):
                verb = self.clause_verb(pred)
                if verb is not None:
                    anchors.add(verb.i)  # "will be followed on Friday by the signing of ..."
            for t in self.verb_parts(pred):
                anchors.add(t.i)
            for c in children[pred.i]:
                if dep[c] in ("xcomp", "acomp", "auxpass", "aux", "prt"):
                    anchors.add(c)
                if dep[c] == "conj" and self.words[c] in self.cues.continuation:
                    anchors.add(c)  # "opened on Friday and will run through Sunday"
            for a in [pred.i] + [c for c in children[pred.i] if c in anchors]:
                for c in children[a]:
                    if dep[c] == "advcl" and self.words[c] in self.cues.closing and self.tokens[c].tag_ == "VBG":
                        anchors.add(c)  # "opened on Tuesday, closing on Saturday": the participle's date ends it
            x = pred
            while x.dep_ in ("xcomp", "acomp") and x.head.i != x.i:
                x = x.head  # "is due to be unveiled", "is to be built", "is currently underway"
                anchors.add(x.i)
            if x.dep_ in ("prep", "attr") and self.words[x.head.i] == "be":
                anchors.add(x.head.i)  # "is under way in Wuzhen"
        return anchors

    def _attached(self, t: ParseToken, anchors: set[int], max_up: int = 5, through_subject: bool = True) -> bool:
        return self._reached(t, anchors, max_up, through_subject) is not None

    def _reached(self, t: ParseToken, anchors: set[int], max_up: int = 5, through_subject: bool = True) -> Optional[ParseToken]:
        """The anchor that ``t``'s phrase hangs on, or None."""
        x = t
        for _ in range(max_up + 1):
            if x.i in anchors:
                return x
            if x.head.i == x.i:
                return None
            if not through_subject and x.dep_ in SUBJ and x.head.i in anchors:
                return None  # "The town of Wuzhen in Zhejiang played host": Zhejiang describes the subject
            if not through_subject and x.dep_ in ("appos", "relcl") and x.head.i not in anchors:
                return None  # "for Jiangbei New Area, home to clusters in eastern China": describes the area
            if not through_subject and x.dep_ == "prep" and x.lower_ in ("with", "between", "among") \
                    and x.i != t.i:
                return None  # "an alliance with universities in Hong Kong": where the partners are
            nxt = x.head
            if nxt.pos_ in ("VERB", "AUX") and nxt.i not in anchors:
                return None
            x = nxt
        return None

    def _right_window(self, t: ParseToken, origin: ParseToken, size: int = 10) -> bool:
        """``t`` follows the trigger closely with no other verb in between (parse-error fallback)."""
        if not (origin.i < t.i <= origin.i + size):
            return False
        return not any(x.pos_ == "VERB" for x in self.tokens[origin.i + 1 : t.i])

    def _dates(self, cand: Candidate, unit: TokenSpan, h: ParseToken, pred: Optional[ParseToken], anchors: set[int],
               name_tokens: set[int]) -> None:
        starts: list[tuple[int, ParseToken, str, bool]] = []
        ends: list[str] = []
        origin = pred if pred is not None else h
        # "The expo will close on Sunday": the date of a closing verb is the end
        closing = pred is not None and cand.type == "CONFERENCE" and opens_with(self.phrase_words(pred), self.cues.closing)
        purposes = {c.i for c in pred.children if c.dep_ == "advcl" and self._purpose(c)} if pred is not None else set()
        # "The lab is expected to be completed by the end of the year": the date ends the launch
        completing = pred is not None and self.words[pred.i] in self.cues.completion
        for d in self._dates_in.get(self.ctx.unit_at[h.i], ()):
            if not (unit.start <= d.span.start and d.span.end <= unit.end):
                continue
            if not name_tokens.isdisjoint(range(d.span.start, d.span.end)):
                continue
            if self._all_edition_words(d) and self._editions().issuperset(range(d.span.start, d.span.end)):
                continue  # (only a date of edition words, "2023", can be all edition marks)
            root = d.root
            reached = self._reached(root, anchors)
            if (reached is not None or pred is not None and self._right_window(self.tokens[d.span.start], origin)) \
                    and self.words[root.i] == "day":
                # "on the opening day", "the same day": this stage dates them from the conference or the
                # event told before (the dates stage guesses which day that is)
                # (its value stays, for when no such event is known: merge replaces it)
                kind = self._conference_day(root)
                if kind is not None:
                    cand.at_conference, cand.day_ref = kind, d.start
                elif any(self.words[m.i] == "same" for m in root.children):
                    cand.same_day, cand.day_ref = True, d.start
            if reached is not None and self._dateline_date(d):
                rank = 2  # "Sept. 12 -- Agibot, a maker founded in February 2023, ...": the day, parsed onto the name
            elif reached is not None:
                rank = 0
            elif pred is not None and self._right_window(self.tokens[d.span.start], origin):
                rank = 1
            elif purposes and self._attached(root, purposes):
                rank = 1  # "would expand the list to include X next year"
            elif pred is not None and self._opens_unit(d.span, unit) and self._main_clause(pred, d.span):
                rank = 2  # "The following day, X will co-host a summit": the date scopes the main clause
            else:
                continue
            if d.end:
                cand.start, cand.end = d.start, d.end
                return
            prep = governing_prep(root)
            if prep is not None and prep.lower_ == "since" or self._under_since(root, anchors):
                # "has hosted the expo annually since 2015", "presented at every edition since the
                # inaugural WAIC in 2018": a span of editions, not this one
                continue
            # "opened on Friday and will close on Saturday": a date on the closing verb ends it
            closes = reached is not None and reached.i != origin.i and cand.type == "CONFERENCE" and \
                reached.pos_ == "VERB" and self.words[reached.i] in self.cues.closing
            if closing or closes or prep is not None and (prep.lower_ in self.cues.end_preps and not (
                    prep.lower_ == "to" and not starts) or prep.lower_ == "by" and completing):
                ends.append(d.start)
            else:
                # a weekday the dates stage could not place is still one day ("on Tuesday" in a May issue)
                starts.append((rank, root, d.start, bool(_UNPLACED_WEEKDAY.match(d.data.get("value") or ""))))
        if not starts:
            opening = self._opening_day(h)
            if opening is not None:
                starts.append((0, h, opening, False))  # "on July 4, the opening day of the WAIC"
        if not starts and not ends:
            return
        starts.sort(key=lambda x: x[0])
        best = [s for s in starts if s[0] == starts[0][0]]
        if len(best) >= 2 and all(len(s[2]) == 10 for s in best[:2]) and any(s[1].dep_ == "conj" for s in best):
            # "Wednesday and Thursday": the first and the last day
            vals = sorted(s[2] for s in best)
            cand.start, cand.end = vals[0], vals[-1]
            return
        if best:
            # the most specific of the attached dates ("in September 2018 ... on Sept 17")
            chosen = max(best, key=lambda s: len(s[2]))
            cand.start, cand.one_day = chosen[2], chosen[3]
        if ends and not (best and cand.type == "POLICY"):
            # (a released policy has no end: "a plan to support startups through 2027" runs, it does not end then)
            cand.end = ends[0]

    def _under_since(self, t: ParseToken, anchors: set[int]) -> bool:
        """The date lies in a "since" phrase of the event's clause ("since the first WAIC in 2018")."""
        lower, head = self.ctx.lower_at, self.ctx.head_at
        i = t.i
        for _ in range(_SINCE_REACH):
            if i in anchors or head[i] == i:
                return False
            i = head[i]
            if lower[i] == "since" and self.ctx.dep_at[i] == "prep":
                return True
        return False

    def _dateline_date(self, d: DateMention) -> bool:
        """A dateline's date: followed by a dash ("(Yicai) Sept. 12 -- ...")."""
        nxt = d.span.end
        return nxt < len(self.tokens) and self.ctx.lower_at[nxt] in _DATELINE_DASHES

    def unanchored(self, h: ParseToken, unit: TokenSpan) -> bool:
        """:meth:`fill_slots` will find no date, place or length for the mention headed by ``h`` in
        ``unit``, whatever its predicate: the sentence holds no date, place or "the country", no
        "N-day" stands in the phrase, and it is not "the opening day of" anything (:meth:`_dates`,
        :meth:`_location`, :meth:`_duration`)."""
        return not self._dates_in.get(self.ctx.unit_at[h.i]) and not self._places_in(unit) \
            and _COUNTRY_WORDS.isdisjoint(self.words[unit.start : unit.end]) \
            and "day" not in self.words[h.left_edge.i : h.right_edge.i + 1] and self._opening_day(h) is None

    def _opening_day(self, h: ParseToken) -> Optional[str]:
        """The date given as "the opening day of" the event ("on July 4, the opening day of the WAIC")."""
        if not (h.dep_ == "pobj" and h.head.lower_ == "of" and self.words[h.head.head.i] == "day"):
            return None
        day = h.head.head
        if not any(self.words[c.i] in ("opening", "open", "first") for c in day.children):
            return None
        own = self.ctx.date_at[day.i]
        if own is not None:
            return own.start
        left = day.left_edge.i
        if left >= 2 and self.tokens[left - 1].text == "," and (d := self.ctx.date_at[left - 2]) is not None:
            return d.start
        return None

    def _opens_unit(self, span: TokenSpan, unit: TokenSpan) -> bool:
        """The date opens the sentence and a comma closes it ("On Thursday, ...", "The next day, ...")."""
        tokens = self.tokens
        first = next((tokens[i] for i in range(unit.start, unit.end) if not tokens[i].is_space), None)
        if first is None or span.end >= len(tokens) or tokens[span.end].text != ",":
            return False
        return span.start == first.i or (span.start == first.i + 1 and first.pos_ == "ADP")

    def _when_clause_date(self, pred: Optional[ParseToken], h: ParseToken) -> Optional[int]:
        """The date a "when" clause holding ``pred`` hangs on ("on Monday, when X said it had ...")."""
        x = pred
        if x is not None and x.dep_ in ("acl", "relcl") and x.head.i == h.i:
            x = self.clause_verb(h)  # "closed a round led by X": the clause of the noun, not of "led"
        if x is not None and x.dep_ == "ccomp" and self.words[x.head.i] in self.cues.reporting:
            x = x.head
        if x is None or x.dep_ not in ("relcl", "advcl") or not any(
                c.dep_ == "advmod" and c.lower_ == "when" for c in x.children):
            return None
        return x.head.i if self.ctx.date_at[x.head.i] is not None else None

    def _main_clause(self, pred: ParseToken, date: TokenSpan) -> bool:
        """``pred`` heads the main clause: no infinitive, participle, reported or subordinate clause on
        the way to the root ("On Thursday, they signed an agreement to build a lab": not the lab)."""
        x = pred
        for _ in range(6):
            if any(c.dep_ == "aux" and c.lower_ == "to" for c in x.children) or x.tag_ == "VBG" or x.dep_ in (
                    "advcl", "acl", "ccomp", "pcomp") or x.dep_ == "relcl" and not date.start <= x.head.i < date.end:
                return False
            if x.head.i == x.i:
                return True
            x = x.head
        return False

    def _place_rank(self, m: Mention) -> int:
        if m.label == "FAC":
            return 3
        return 1 if is_country(m.canonical) else 2

    def _places_in(self, unit: TokenSpan) -> list[Mention]:
        """The place mentions with a token in ``unit``, once each (by first token), in text order."""
        k = self.ctx.unit_at[unit.start]
        found = self._places.get(k)
        if found is None:
            found, seen = [], set()
            for m in filter(None, self.ctx.mention_at[unit.start : unit.end]):  # (the tokens in a mention)
                if m.label not in self.cues.place_labels or m.span.start in seen:
                    continue
                seen.add(m.span.start)
                found.append(m)
            self._places[k] = found
        return found

    def _location(self, cand: Candidate, unit: TokenSpan, h: ParseToken, anchors: set[int], name_tokens: set[int]) -> None:
        best: Optional[tuple[int, int, Mention]] = None
        for m in self._places_in(unit):
            if not name_tokens.isdisjoint(range(m.span.start, m.span.end)):
                continue
            prep = self.location_prep(m.root)
            if prep is None:
                continue
            if not (self._attached(prep.head, anchors, max_up=3, through_subject=False) or prep.head.i in anchors):
                continue
            rank = self._place_rank(m)
            if best is None or rank > best[0]:
                best = (rank, m.span.start, m)
        if best is None:
            best = self._where_place(unit, anchors, h)
        if best is None and not _COUNTRY_WORDS.isdisjoint(self.words[unit.start : unit.end]):
            # "a second factory in the country": the country last named
            for i in range(unit.start, unit.end):
                if self.words[i] not in ("country", "nation", "city"):
                    continue  # (the word first: a cheap test)
                t = self.tokens[i]
                if t.dep_ == "pobj" and t.lower_ in ("country", "nation", "city") and \
                        any(c.lower_ == "the" for c in t.children) and t.head.lower_ in self.cues.loc_preps and \
                        (self._attached(t.head.head, anchors) or t.head.head.i in anchors):
                    m = self._last_place_before(t.i, country=t.lower_ != "city")
                    if m is not None:
                        cand.location, cand.location_rank = m.canonical, self._place_rank(m)
                        return
        if best is not None and best[2].label == "FAC":
            city = self._venue_city(best[2], unit)
            if city is not None:
                best = (best[0], city.span.start, city)  # (as specific as the venue it locates)
        if best is not None:
            cand.location, cand.location_rank = best[2].canonical, best[0]

    def _where_place(self, unit: TokenSpan, anchors: set[int], h: ParseToken) -> Optional[tuple[int, int, Mention]]:
        """'at COEX in Seoul this week, where the forum kicked off on Tuesday': the place "where"
        refers back to (named just before it) is the place of the clause's event, when the event
        is the clause's verb, object or subject."""
        tokens = self.tokens
        heads = anchors | {h.head.i} if h.dep_ == "nsubj" else anchors
        where = next((c for i in heads for c in tokens[i].children
                      if c.dep_ == "advmod" and c.lower_ == "where" and c.i < i), None)
        if where is None:
            return None
        best = None
        for m in self._places_in(unit):
            if m.span.end <= where.i and where.i - m.span.end <= 6:
                rank = self._place_rank(m)
                if best is None or rank > best[0]:
                    best = (rank, m.span.start, m)
        return best

    def _venue_city(self, venue: Mention, unit: TokenSpan) -> Optional[Mention]:
        """'at Marina Bay Sands in Singapore', 'at the Ningbo International Conference and Exhibition
        Center in Ningbo': the city a venue is said to be in is the event's place (not a country:
        'at Bletchley Park in the UK' stays at Bletchley Park, and a venue 'in Wan Chai' at the venue)."""
        for m in self._places_in(unit):
            if m.label != "GPE" or m.span.start < venue.span.end:
                continue
            prep = self.location_prep(m.root)
            if prep is not None and prep.lower_ == "in" and venue.span.start <= prep.head.i < venue.span.end \
                    and (not is_country(m.canonical) or m.canonical in self.cues.city_states) and not _district(m):
                return m
        return None

    def _last_place_before(self, i: int, country: bool) -> Optional[Mention]:
        best = None
        for m in self.ctx.mentions:
            if m.label == "GPE" and m.span.end <= i and is_country(m.canonical) == country:
                if best is None or m.span.start > best.span.start:
                    best = m
        return best

    def location_prep(self, tok: ParseToken) -> Optional[ParseToken]:
        """The 'in'/'at' whose object phrase holds ``tok`` ('in the central area of X')."""
        if tok.i not in self._location_preps:
            self._location_preps[tok.i] = self._find_location_prep(tok)
        return self._location_preps[tok.i]

    def _find_location_prep(self, tok: ParseToken) -> Optional[ParseToken]:
        x = tok
        for _ in range(6):
            if x.dep_ == "prep" or x.pos_ == "ADP":
                if x.lower_ in self.cues.loc_preps:
                    return x
                if x.lower_ != "of":
                    return None
            if x.dep_ == "conj" and self.ctx.entity(x.head) is None:
                return None  # "in charge of science and technology, Beijing, ...": a list, not a place phrase
            if x.head.i == x.i or x.dep_ not in ("pobj", "compound", "appos", "conj", "prep", "nmod", "poss"):
                if not (x.dep_ == "prep" and x.lower_ == "of"):
                    return None
            x = x.head
        return None

    def _actors(self, cand: Candidate, h: ParseToken, pred: Optional[ParseToken], named: Optional[Mention]) -> None:
        ids: list[str] = []
        places: list[tuple[str, int]] = []

        def take(tok: ParseToken, subject: bool = False, agent: bool = False) -> None:
            for t in [tok] + [c for c in tok.children if c.dep_ == "conj"]:
                m = self.ctx.entity(t) or entity_in(self.ctx, t)
                if m is None or (named is not None and m.id == named.id):
                    continue
                if m.label in self.cues.place_labels and subject:
                    places.append((m.canonical, self._place_rank(m)))  # "Shanghai has issued a plan"
                # A doer named like a product ("compiled by the Nature Index") is still the doer.
                ok = m.label in self.cues.actor_labels or ((subject or agent) and m.label == "PRODUCT")
                if ok and m.id not in ids:
                    ids.append(m.id)

        if pred is not None:
            subj = self._subject(pred, h)
            if subj is not None:
                take(subj, subject=True)
            for c in pred.children:
                if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by"):
                    for g in c.children:
                        if g.dep_ == "pobj":
                            take(g, agent=True)
                if c.dep_ == "prep" and c.lower_ == "with" and (
                        cand.type == "PARTNERSHIP" or any(a.lower_ == "together" for a in pred.children)):
                    for g in c.children:
                        if g.dep_ == "pobj":
                            take(g)
                if c.dep_ == "advmod" and c.lower_ == "together":
                    for p in c.children:
                        for g in p.children:
                            if g.dep_ == "pobj":
                                take(g)
        for c in h.children:
            if c.dep_ == "poss":
                take(c if c.pos_ != "PRON" else (self.resolve_pronoun(c, pred) or c))
            if c.dep_ in ("prep", "agent") and (c.lower_ in ("by", "from", "between") or
                                                 c.lower_ == "with" and cand.type == "PARTNERSHIP"):
                for g in c.children:
                    if g.dep_ == "pobj":
                        take(g)  # "a report from X", "an agreement with Y"
            if c.dep_ in ("acl", "relcl"):
                for g in c.children:
                    if g.dep_ == "agent" or (g.dep_ == "prep" and g.lower_ == "by"):
                        for p in g.children:
                            if p.dep_ == "pobj":
                                take(p, agent=True)
                    if g.dep_ == "nsubj" and g.lower_ not in ("that", "which", "who"):
                        take(g)
        cand.actors = ids
        if places:
            cand.place_actor = max(places, key=lambda p: p[1])

    def _subject(self, pred: ParseToken, h: ParseToken) -> Optional[ParseToken]:
        """The doer: the predicate's subject, or that of the verb it completes ("intend to put")."""
        x = pred
        for _ in range(4):
            for c in self._children_of_group(x):
                # (a raising verb's passive subject too: "X is expected to seek a listing")
                if (c.dep_ == "nsubj" or c.dep_ == "nsubjpass" and x.i != pred.i) and c.i != h.i and \
                        not self._inside(c, h):
                    if c.lower_ in RELATIVES and x.dep_ == "relcl":
                        # "Velora, which is preparing a listing": the doer is what "which" stands for
                        # (an organization or a person only: "the fair in Shanghai, which runs until
                        # Friday" and "displacing X's model, which led the list" name no doer)
                        a = x.head
                        m = None if a.i == h.i or self._inside(a, h) else self.ctx.entity(a)
                        return a if m is not None and m.label in self.cues.actor_labels and \
                            m.label not in self.cues.place_labels else None
                    return self.resolve_pronoun(c, x)
            if x.head.i == x.i or not (x.dep_ in ("xcomp", "conj", "acomp") or self._purpose(x)):
                return None
            x = x.head
        return None

    def _purpose(self, v: ParseToken) -> bool:
        """'signed an agreement on Monday to set up a lab': an infinitive of purpose (planned, same doer)."""
        return v.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children)

    def verb_parts(self, pred: ParseToken) -> list[ParseToken]:
        """The verb and the parts a hyphen split off before it ("co-host" is co / - / host)."""
        parts = [pred]
        i = pred.i
        tokens = self.tokens
        while i >= 2 and tokens[i - 1].text == "-" and not tokens[i - 1].whitespace_ and \
                tokens[i - 2].is_alpha and not tokens[i - 2].whitespace_:
            parts += [tokens[i - 1], tokens[i - 2]]
            i -= 2
        return parts

    def _children_of_group(self, pred: ParseToken) -> tuple[ParseToken, ...]:
        """Children of the verb and its hyphen parts, and of their auxiliaries (a parse may hang
        the subject on "will"). Found once per verb: the subject and the tense of every mention
        the verb governs ask again."""
        out = self._groups.get(pred.i)
        if out is None:
            kids: list[ParseToken] = []
            for part in self.verb_parts(pred):
                for c in part.children:
                    kids.append(c)
                    if c.dep_ in ("aux", "auxpass"):
                        kids.extend(c.children)
            out = self._groups[pred.i] = tuple(kids)
        return out

    def clause_verb(self, tok: ParseToken) -> Optional[ParseToken]:
        """The verb whose clause holds ``tok`` (a nominal event: "followed by the signing of X")."""
        unit = self.ctx.units[self.ctx.unit_at[tok.i]]
        x = tok
        for _ in range(5):
            if x.head.i == x.i or not self.in_unit(x.head, unit):
                return None
            x = x.head
            if x.pos_ in ("VERB", "AUX"):
                return x
        return None

    def _inside(self, t: ParseToken, h: ParseToken) -> bool:
        return h.left_edge.i <= t.i <= h.right_edge.i and t.i != h.i and h in t.ancestors

    def resolve_pronoun(self, subj: ParseToken, pred: Optional[ParseToken]) -> Optional[ParseToken]:
        if subj.lower_ not in PRONOUNS:
            return subj
        x = pred
        for _ in range(4):
            if x is None or x.head.i == x.i:
                return None
            x = x.head
            for c in x.children:
                if c.dep_ == "nsubj" and c.lower_ not in PRONOUNS:
                    return c
        return None

    def is_government(self, entity_id: str) -> bool:
        for m in self.ctx.mentions:
            if m.id == entity_id:
                if m.label == "GPE":
                    return True
                name = m.canonical.lower()
                return any(w in name for w in ("government", "ministry", "council", "commission", "department",
                                               "administration", "bureau", "state", "municipal"))
        return False

    def _status(self, cand: Candidate, h: ParseToken, pred: Optional[ParseToken]) -> None:
        if self.planned_modifier(h):
            cand.cue = "planned"
            return
        unit = self.ctx.units[self.ctx.unit_at[h.i]]
        x = h
        while x.dep_ in ("pobj", "prep") and x.head.i != x.i and self.in_unit(x.head, unit):
            x = x.head
        if x.dep_ in ("acl", "relcl") or (x.pos_ == "NOUN" and self.words[x.i] == "plan"):
            if self.words[x.i] == "plan" and x.i != h.i:
                cand.cue = "planned"  # "plans for a second factory"
                return
        if pred is None:
            return
        if pred.pos_ in ("NOUN", "PROPN"):
            pred = self.clause_verb(pred)  # "will be followed by the signing of ...": the clause's tense
            if pred is None:
                return
        chain = [pred]
        x = pred
        if pred.dep_ == "conj" and pred.head.pos_ in ("VERB", "AUX") and not any(
                c.dep_ in ("aux", "auxpass") for c in pred.children):
            chain.append(pred.head)  # "will act as its hub and begin operating this year": "will" is shared
        while x.dep_ in ("xcomp", "acomp", "ccomp", "acl") and x.head.i != x.i and len(chain) < 4:
            if x.dep_ in ("ccomp",) and self.words[x.head.i] not in self.cues.planning:
                break
            if not self.in_unit(x.head, unit):
                break  # a parse that ran across a line break: the headline's "plans" is not this verb's
            x = x.head
            chain.append(x)
        if self._purpose(pred):
            cand.cue = "planned"
            return
        for v in chain:
            auxes = [c for c in self._children_of_group(v) if c.dep_ in ("aux", "auxpass")]
            if any(a.lower_ in self.cues.modals for a in auxes):
                cand.cue = "planned"
                return
            if v.i != pred.i and self.words[v.i] in self.cues.planning:
                cand.cue = "planned"
                return
            if v.i == pred.i and self.words[v.i] in self.cues.planning_predicates:
                cand.cue = "planned"  # "a summit is planned", "prepares for an IPO", "is weighing a listing"
                return
            if v.i != pred.i and self.words[v.i] == "be" and any(a.lower_ == "to" for a in pred.children if a.dep_ == "aux"):
                cand.cue = "planned"  # "is to be built"
                return
            if self.words[v.i] == "plan" and v.pos_ == "NOUN":
                cand.cue = "planned"
                return
        words = self.words[pred.i]
        auxes = [c for c in pred.children if c.dep_ in ("aux", "auxpass")]
        present_be = any(a.lower_ in ("is", "are", "am", "'s", "'re") for a in auxes) or (
            pred.head.i != pred.i and pred.dep_ == "acomp" and pred.head.lower_ in ("is", "are"))
        if words in self.cues.ongoing_preds or " ".join(self.words[pred.i : pred.i + 2]) in self.cues.ongoing_preds:
            if present_be or pred.head.lower_ in ("is", "are"):
                cand.cue = "ongoing"
                return
        if any(a.lower_ == "being" for a in auxes) and present_be:
            cand.cue = "ongoing"  # "is being held"
            return
        if pred.tag_ == "VBG" and present_be:
            if cand.type in ("LAUNCH", "INVESTMENT") and words not in self.cues.process:
                cand.cue = "planned"  # "is opening a hub in London": arranged future
            else:
                cand.cue = "ongoing"
            return
        cand.past = pred.tag_ in ("VBD", "VBN")

    def _duration(self, h: ParseToken, unit: TokenSpan) -> Optional[int]:
        # "the two-day summit", "the three-day conference"
        if "day" not in self.words[h.left_edge.i : h.right_edge.i + 1]:
            return None  # (the subtrees below lie in that stretch: no need to walk them)
        for t in h.lefts:
            for d in t.subtree:
                if self.words[d.i] == "day" and d.i >= 2 and d.doc[d.i - 1].text in ("-", "–"):
                    n = d.doc[d.i - 2]
                    val = self.cues.numbers.get(n.lower_) or (int(n.text) if n.text.isdigit() else None)
                    if val:
                        return val
        return None

    def _at_conference(self, h: ParseToken, pred: Optional[ParseToken]) -> Optional[str]:
        """'at the conference' / 'at the opening ceremony' / 'The opening ceremony will be followed by ...':
        the event happens at (the opening of) a conference of the article."""
        if pred is None:
            return None
        x = pred if pred.pos_ not in ("NOUN", "PROPN") else self.clause_verb(pred)
        for _ in range(3):
            if x is None:
                break
            # (the parse may hang "on the sidelines of" on the event noun rather than on its verb)
            kids = list(x.children) + [c for c in h.children if c.dep_ == "prep" and c.lower_ == "on"]
            for c in kids:
                if c.dep_ == "prep" and c.lower_ in ("at", "after", "during", "on"):
                    for g in c.children:
                        if g.dep_ == "pobj" and c.lower_ == "on" and self.words[g.i] in self.cues.sidelines:
                            # "closed a round on the sidelines of the forum": at the forum
                            g = next((o for p in g.children if p.dep_ == "prep" and p.lower_ == "of"
                                      for o in p.children if o.dep_ == "pobj"), g)
                        elif c.lower_ == "on":
                            day = self._conference_day(g)
                            if day is not None:
                                return day  # "unveiled a robot on the opening day": at the conference, on that day
                            continue
                        if g.dep_ == "pobj" and self.words[g.i] in self.cues.conf_anaphors and self.ctx.entity(g) is None:
                            mods = {self.words[m.i] for m in g.children}
                            return "opening" if "opening" in mods else "any"
                if c.dep_ == "nsubjpass" and self.words[x.i] == "follow" and self.words[c.i] in self.cues.conf_anaphors \
                        and self.ctx.entity(c) is None:
                    return "opening" if "opening" in {self.words[m.i] for m in c.children} else "any"
                if c.dep_ == "nsubj" and c.i != h.i and self.words[c.i] in self.cues.conf_anaphors and \
                        self.ctx.entity(c) is None and any(d.lower_ == "the" for d in c.children):
                    return "any"  # "The expo also released a list of ...": released at the expo
            if x.head.i == x.i or x.dep_ not in ("xcomp", "ccomp", "conj"):
                break
            x = x.head
        return None

    def _same_day(self, pred: ParseToken) -> bool:
        """"signed an agreement with Y the same day", "On the same day, X signed ...": dated by the event told before."""
        for c in pred.children:
            g = c
            if c.dep_ == "prep" and c.lower_ == "on":
                g = next((o for o in c.children if o.dep_ == "pobj"), c)
            elif c.dep_ != "npadvmod":
                continue
            if self.words[g.i] == "day" and any(self.words[m.i] == "same" for m in g.children):
                return True
        return False

    def _conference_day(self, g: ParseToken) -> Optional[str]:
        """"the opening day" / "the first day of the fair" -> "opening"; "the closing / last / final day" ->
        "closing": a day of a conference of the article (a bare "day" or "the day of trading" is none)."""
        if g.dep_ != "pobj" or self.words[g.i] != "day":
            return None
        mods = {self.words[m.i] for m in g.children if m.dep_ in ("amod", "compound", "nmod", "nummod")}
        kind = "opening" if mods & {"opening", "open", "first"} else \
            "closing" if mods & {"closing", "close", "last", "final"} else None
        if kind is None:
            return None
        of = [o for p in g.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children if o.dep_ == "pobj"]
        if of and not (self.words[of[0].i] in self.cues.conf_anaphors or self.ctx.entity(of[0]) is not None):
            return None  # "on the opening day of trading"
        return kind

    def edition(self, h: ParseToken, named: Optional[Mention]) -> frozenset[int]:
        """Years and ordinals that mark an edition ("2025", "27th") in or next to a name; not dates.
        (They depend on the name only: found once per mention.)"""
        if named is None:
            return frozenset()
        got = self._edition_marks.get(id(named))
        if got is None:
            got = self._edition_marks[id(named)] = frozenset(self._edition_marks_of(named))
        return got

    def _edition_marks_of(self, named: Mention) -> set[int]:
        span = named.span
        near = set(range(span.start, span.end))
        root = named.root
        near |= {c.i for c in root.children if c.dep_ in ("nummod", "amod", "compound", "appos", "npadvmod", "nmod")}
        near |= {span.start - 1, span.end}
        out = set()
        for i in near:
            if 0 <= i < len(self.tokens):
                t = self.tokens[i]
                if EDITION.fullmatch(t.text) and (
                        span.start <= i < span.end or t.head.i == root.i or root.head.i == t.i or abs(t.i - root.i) <= 1
                        or i in (span.start - 1, span.end)):
                    out.add(i)
        return out

    def _compound_name(self, h: ParseToken) -> Optional[Mention]:
        """'the latest GII report', 'the biannual Top500 list': the report is the named product."""
        for c in h.children:
            if c.dep_ in ("compound", "nmod") and c.i < h.i:
                m = self.ctx.entity(c)
                if m is not None and m.label in ("PRODUCT", "EVENT") and m.span.end == h.i:
                    return m
        return None

    def _name_tokens(self, h: ParseToken, named: Optional[Mention]) -> set[int]:
        if named is not None:
            return set(range(named.span.start, named.span.end))
        ctx = self.ctx
        dep, lower, children, tokens = ctx.dep_at, ctx.lower_at, ctx.children_at, self.tokens  # (index lists)
        unit = ctx.units[ctx.unit_at[h.i]]
        hi = h.i
        inc = {hi}
        kids = children[hi]  # (in text order: the left ones first)
        for c in kids:
            if c > hi:
                break
            if dep[c] in ("compound", "amod", "nmod", "nummod", "quantmod", "poss", "advmod") and not (
                    dep[c] == "poss" and (tokens[c].pos_ == "PRON" or self.this_period(c))):
                # (not "its", nor "this year's": "this year's SAIL Award" is the SAIL Award; "last year's
                # expo" is another edition, named so)
                inc.update(i for i in ctx.descendants(c) if unit.start <= i < unit.end)
        for c in kids:
            if c < hi:
                continue
            if dep[c] == "prep" and lower[c] in ("on", "for", "of", "about") and c == max(inc) + 1 and not any(
                    ctx.date_at[g] is not None for g in children[c] if dep[g] == "pobj"):
                inc |= self._subtree_without_clauses(tokens[c], unit)
            elif dep[c] == "acl" and any(lower[a] == "to" and dep[a] == "aux" for a in children[c]) and \
                    self.words[hi] == "plan":
                inc |= self._subtree_without_clauses(tokens[c], unit)
        punct = ctx.is_punct_at
        for i in sorted(inc):
            if dep[i] == "det" or punct[i] and i in (min(inc), max(inc)):
                inc.discard(i)
        return inc

    def this_period(self, i: int) -> bool:
        """Token ``i`` is in a date that opens with "this" ("this year's", "this month's")."""
        d = self.ctx.date_at[i]
        return d is not None and self.ctx.lower_at[d.span.start] == "this"

    def _subtree_without_clauses(self, tok: ParseToken, unit: TokenSpan) -> set[int]:
        out: set[int] = set()
        topic: set[int] = set()  # "report on the development of Digital China [in 2023]": the period it covers
        stack = [tok]
        while stack:
            t = stack.pop()
            if not self.in_unit(t, unit):
                continue
            out.add(t.i)
            for c in t.children:
                if c.dep_ == "prep" and c.lower_ in self.cues.loc_preps and any(
                        m.label in self.cues.place_labels
                        for m in filter(None, map(self.ctx.mention_at.__getitem__, self.ctx.descendants(c.i)))):
                    continue  # "memorandum of understanding [in Seoul]": the place is a slot, not the name
                dated = [self.ctx.date_at[g.i] for g in c.children if g.dep_ == "pobj" and self.ctx.date_at[g.i]]
                if c.dep_ == "prep" and dated:
                    if t.i != tok.i and c.lower_ in ("in", "for", "during") and len(dated[0].start) <= 7:
                        topic |= {i for i in range(dated[0].span.start, dated[0].span.end)} | {c.i}
                        stack.append(c)
                    continue  # "action plan [on Monday]": the date is a slot too
                if c.dep_ in ("relcl", "acl", "appos", "punct", "cc") and c.i != tok.i:
                    if c.dep_ == "acl" and any(a.lower_ == "to" for a in c.children):
                        stack.append(c)
                    continue
                if c.dep_ == "conj":
                    continue
                stack.append(c)
        if self.ctx.date_at and any(self.ctx.date_at[i] is not None for i in out):
            out = {i for i in out if self.ctx.date_at[i] is None or i in topic}
        return out

    def _name(self, h: ParseToken, named: Optional[Mention], toks: set[int],
              typ: str) -> tuple[Optional[str], bool, Optional[str], str]:
        if named is not None:
            return named.canonical, True, named.id, "entity"
        inner = self._compound_name(h) if typ in ("REPORT", "CONFERENCE", "AWARD") else None
        if inner is not None:
            return inner.canonical, True, inner.id, "entity"
        # "Called X, the study ...", "Titled X, the report ...": the name the text gives it
        ctx, tokens = self.ctx, self.tokens
        dep, children, head = ctx.dep_at, ctx.children_at, ctx.head_at  # (index lists)
        hd = head[h.i]
        for v in (hd, *children[h.i]):
            for c in children[v] if v == hd else [v]:
                if dep[c] in ("advcl", "acl") and self.words[c] in self.cues.naming:
                    for g in children[c]:
                        if dep[g] in ("oprd", "dobj", "attr", "xcomp") and ctx.pos_at[g] in self._nominal:
                            return proper_name(ctx, tokens[g]), True, mention_id(ctx, tokens[g]), "naming"
        # "the Green500, the companion list" / "the list, the Green500"
        if dep[h.i] == "appos" and is_proper(ctx, tokens[hd]):
            return proper_name(ctx, tokens[hd]), True, mention_id(ctx, tokens[hd]), "appos"
        for c in children[h.i]:
            if dep[c] == "appos" and is_proper(ctx, tokens[c]):
                return proper_name(ctx, tokens[c]), True, mention_id(ctx, tokens[c]), "appos"
        # "..., the Chinese Cities of Opportunity, a series first published in 2014" (parsed apart)
        left = ctx.left_edge(h.i)
        if left >= 2 and tokens[left - 1].text == "," and ctx.lower_at[left] in INDEFINITE:
            prev = ctx.mention_at[left - 2]
            if prev is not None and prev.label in ("PRODUCT", "EVENT") and prev.span.end == left - 1:
                return prev.canonical, True, prev.id, "appos"
        text = clean_name(join(tokens, self._without_money(toks)))
        proper = h.tag_ in ("NNP", "NNPS") or any(
            (m := self.ctx.mention_at[i]) is not None and m.label in ("PRODUCT", "EVENT") for i in toks)
        return (text or None), proper, None, "np"

    def _without_money(self, toks: set[int]) -> list[int]:
        """The name's tokens without amounts, nor a preposition left without its object ("a subsidy
        program of up to 50 billion yen" -> "subsidy program", not "subsidy program of")."""
        money, dep, children = self.ctx.money, self.ctx.dep_at, self.ctx.children_at
        kept = [i for i in toks if i not in money]
        if len(kept) == len(toks):
            return kept
        return [i for i in kept if not (dep[i] == "prep" and children[i] and
                                        all(c in money for c in children[i]))]

    def key(self, name: Optional[str], typ: str) -> frozenset[str]:
        if not name:
            return frozenset()
        # The head noun tells launches apart ("cluster" vs "zone"); for reports and meetings it does not.
        generic = self.cues.type_nouns.get(typ, frozenset()) if typ != "LAUNCH" else frozenset()
        return _name_key(name, self.cues.stop, generic)

    def planned_modifier(self, h: ParseToken) -> bool:
        """'the planned hub', 'a proposed institute' (or the noun it is a conjunct of)."""
        if self._planned is None:
            self._planned = self._planned_heads()
        return h.i in self._planned or (self.ctx.dep_at[h.i] == "conj" and self.ctx.head_at[h.i] in self._planned)

    def _planned_heads(self) -> set[int]:
        """The tokens with a planning word ("planned", "proposed") as an ``amod`` or ``compound``
        child, found for the whole document at once from the few such words."""
        ctx = self.ctx
        dep, head, planned = ctx.dep_at, ctx.head_at, self.cues.planned_mods
        if planned.isdisjoint(ctx.lower_at):
            return set()  # (most articles)
        mods = compress(range(len(ctx.lower_at)), map(planned.__contains__, ctx.lower_at))
        return {head[j] for j in mods if dep[j] in ("amod", "compound") and head[j] != j}

    def in_unit(self, tok: ParseToken, unit: TokenSpan) -> bool:
        return unit.start <= tok.i < unit.end

    def phrase_words(self, p: ParseToken, n: int = 3) -> str:
        """The predicate and the words after it, adverbs skipped ("got officially under way")."""
        key = (p.i, n)
        if key not in self._phrases:
            pos_at = self.ctx.pos_at  # (the tag array)
            idx = [j for j in range(p.i, min(p.i + n + 3, len(pos_at))) if j == p.i or pos_at[j] != ADV][:n]
            self._phrases[key] = " ".join(self.words[j] for j in idx)
        return self._phrases[key]

    def is_opening(self, p: ParseToken) -> bool:
        return opens_with(self.phrase_words(p), self.cues.opening_preds)

    def label_of(self, entity_id: str) -> Optional[str]:
        for m in self.ctx.mentions:
            if m.id == entity_id:
                return m.label
        return None

    def in_title(self, h: ParseToken) -> bool:
        span = self._title_span
        return bool(span) and span[0] <= h.idx < span[1]

