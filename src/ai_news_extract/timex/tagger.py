"""The TIMEX3 tagger: candidates from compiled patterns, then normalization in text order.

Steps, each a small function:

1. every rule's regex runs near its trigger words (``find_candidates``); context
   guards (:mod:`.guards`) drop matches that only look temporal ("may", "a fall in prices");
2. overlapping matches are resolved, the longest (then the lowest priority) wins;
3. a modifier just before a match joins it ("early 2019", "nearly three decades");
   a time of day joins the date next to it ("10 p.m. Wednesday");
4. matches are normalized left to right, so each can use the dates before it;
5. "from X to Y" / "between X and Y" become one ISO interval ("2014/2018").
"""

from __future__ import annotations

import re
from functools import cached_property, lru_cache
from collections.abc import Sequence
from typing import Optional

from ..scan import FOLDS_TO_ASCII, lower_text
from .calendar import ORDER, Ref, parse_dct
from .guards import passes
from .lexicon import Lexicon, alternation, default_lexicon, prefix_tree
from .lazyre import lazy
from .normalize import NORMALIZERS, Cand, State, Timex
from .patterns import Rule, load_rules
from .tense import TenseGuide

# A duration written as an adjective: "ten-year", "18-month".
_ADJECTIVAL = re.compile(r"[\w.]+-(?:[a-z]+-)?(?:year|month|week|day|hour|minute|decade|century)\b")
# Which kinds of expression take a position modifier ("early 2019") or a quantity one ("nearly three decades").
_PMOD_KINDS = {"calendar", "year", "relative", "the_unit", "quarter", "half", "deictic", "century"}
_QMOD_KINDS = {"duration", "offset", "clock", "calendar", "year"}
# "earlier this year" joins; "Earlier Friday" does not (TimeML leaves that word out).
_EARLIER_LATER_HEADS = lazy(r"(?:this|that|today|tonight|yesterday|tomorrow|last|next)\b", re.I)

_RANGE_GAP = lazy(r"^\s*(?:-|–|—|to|through|thru|until|till)\s*$", re.I)
_RANGE_AND = lazy(r"^\s+and\s+$", re.I)
_FROM = lazy(r"\b(?:from|between)\s+$", re.I, ahead=True)
_BETWEEN = lazy(r"\bbetween\s+$", re.I, ahead=True)
# (a byline sets its time off the date with a dot or bar: "8:30 AM PDT · May 20, 2025")
_CLOCK_DATE_GAP = lazy(r"^\s*[,·•|]?\s*$")
# Page furniture sets the time off the date with a dash or bar: "Sept. 4, 2024 - 15:27".
_DATE_CLOCK_GAP = lazy(r"^\s*(?:,|[-–—|])?\s*$")
# (the second year of "between 2015 and 2024" or "from 2015 to 2024" bounds the period too)
_BOUND_BEFORE = lazy(r"\b(?:since|after|before|until|till|from|through|than|between)\s+(?:\d{4}\s+(?:and|to)\s+)?$",
                     re.I, ahead=True)

# A dateline: "SHENZHEN, Sept. 1 (Xinhua) --", "(Yicai Global) Nov. 21 --".
_DATELINE_BEFORE = lazy(r"(?:^|\n)[ \t]*(?:[A-Z][\w .'’-]{0,40},[ \t]*|\([^()\n]{2,40}\)[ \t]*)?$")
# What may come before a relative year that opens its sentence ("Last year, ...", "In the next year ...")
_OPENS_SENTENCE = lazy(r"[\s\"'“‘(]*(?:(?:in|by|during)\s+)?", re.I)
_DATELINE_AFTER = lazy(r"^(?:,?[ \t]*\d{4})?[ \t]*(?:\([^()\n]{2,40}\)[ \t]*)?(?:--|—|–|_)")


# The trigger scan (TimexTagger.trigger_hits).
_WORD = re.compile(r"\w+")
_WORD_CHAR = re.compile(r"\w")
_DIGITS = re.compile(r"\d+")
_FOLDS_TO_ASCII = re.compile("[" + "".join(sorted(FOLDS_TO_ASCII)) + "]")

_CLOCK_ON = lazy(r"^\s+on\s+$", re.I)
_DAY_VALUE = lazy(r"^\d{4}-\d\d-\d\d$")


def _sentence_start(st: State, pos: int) -> int:
    return st.tense.sentences[st.tense.sentence_index(pos)][0] if st.tense.sentences else 0


def _prefix_tree(words) -> str:
    """One alternation of plain ``words`` as a prefix tree (:func:`.lexicon.prefix_tree`); never empty."""
    return prefix_tree(map(re.escape, w) for w in words) or "(?!)"


def _clock_days(text: str, found: list[Timex]) -> None:
    """"at 11:30 p.m. on Saturday": the time of day is on the day named after it, not the reference day."""
    for a, b in zip(found, found[1:]):
        if a.type != "TIME" or "T" not in a.value or b.type != "DATE" or not _DAY_VALUE.match(b.value):
            continue
        if _CLOCK_ON.match(text[a.end : b.start]):
            a.value = b.value + a.value[a.value.index("T") :]


class TimexTagger:
    """Finds temporal expressions and gives each its TIMEX3 type and value."""

    def __init__(self, lexicon: Optional[Lexicon] = None, rules: Optional[list[Rule]] = None) -> None:
        self.lx = lexicon or default_lexicon()
        self.rules = rules if rules is not None else load_rules(self.lx)
        # word -> rules to run near it; a rule without triggers runs over the whole text
        self.by_trigger: dict[str, list[int]] = {}
        self.everywhere = [i for i, r in enumerate(self.rules) if not r.triggers]
        self.reach = [r.reach for r in self.rules]
        # Every regex is compiled on first use (lazyre, Rule.scan_regex): building a tagger compiles nothing.
        self.pmod_re = lazy(rf"(?:(?P<pm>{self.lx.pieces['PMOD']})(?:\s+|-))$", re.I, ahead=True)
        self.qmod_re = lazy(rf"(?:(?P<qm>{self.lx.pieces['QMOD']})\s+)$", re.I, ahead=True)
        for i, r in enumerate(self.rules):
            for w in r.triggers:
                self.by_trigger.setdefault(w, []).append(i)
        # trigger -> [(rule index, chars back, chars ahead)]: the candidate scan's inner loop.
        self.trigger_plan = {w: [(i, *self.reach[i]) for i in ids] for w, ids in self.by_trigger.items()}

    @cached_property
    def trigger_re(self) -> re.Pattern[str]:
        """One scan finds only the words some rule is triggered by (numbers: "#year", "#num")."""
        words = [w for w in self.by_trigger if not w.startswith("#")]
        return re.compile(rf"{alternation(words, boundary=True)}|\d+", re.IGNORECASE)

    @cached_property
    def _dotted(self) -> frozenset[str]:
        """Trigger words ending in a dot ("st.", "jr."), without the dot."""
        return frozenset(w[:-1] for w in self.by_trigger if w.endswith("."))

    @cached_property
    def _lower_hits_re(self) -> re.Pattern[str]:
        r"""The trigger scan for a text :func:`..scan.lower_text` lower-cases: a trigger word (a whole
        ``\w+`` word), a dotted one before a word character ("st.louis"), or a run of digits.

        One pass of a prefix tree over the text, without flags, finds the few words that
        matter, where reading every word in Python (``trigger_hits``' way for other texts)
        costs about a microsecond each. The digits are tried first, so that most characters
        (letters inside a word) fail at two cheap tests; that order changes no match while no
        trigger word starts with a digit (else the words come first, as in ``trigger_re``)."""
        words = [w for w in self.by_trigger if _WORD.fullmatch(w)]
        named = rf"\b(?:(?P<dot>{_prefix_tree(self._dotted)})\.(?=\w)|(?P<word>{_prefix_tree(words)})\b)"
        if any(_DIGITS.match(w) for w in [*words, *self._dotted]):
            return re.compile(rf"{named}|\d+")
        return re.compile(rf"\d+|{named}")

    def trigger_hits(self, text: str, low: Optional[str] = None) -> list[tuple[int, int, str]]:
        r"""``(start, end, key)`` of every ``trigger_re`` match, found faster.

        ``trigger_re`` (a big alternation, tried at every character) matches a
        trigger word only as a whole run of word characters (it is framed by
        ``\b``), and otherwise a run of digits. So the words are read with the
        simple ``\w+`` and looked up in the trigger table; the digits of the
        other words are read with ``\d+``. Same matches, in the same order.
        Case folding maps a few non-ASCII letters onto ASCII ones ("K" Kelvin
        sign, long "ſ", dotted/dotless "İ ı"); a text holding one is read with
        ``trigger_re`` itself.

        ``low``: the text lower-cased (:func:`..scan.lower_text`), when that decides the matches; the
        same hits are then read in one pass of :attr:`_lower_hits_re`.
        """
        if low is not None:
            out = []
            for m in self._lower_hits_re.finditer(low):
                key = m.group("word")
                if key is None:
                    dot = m.group("dot")
                    key = dot + "." if dot is not None else self._key(m.group())
                out.append((m.start(), m.end(), key))
            return out
        if _FOLDS_TO_ASCII.search(text):
            return [(m.start(), m.end(), self._key(m.group())) for m in self.trigger_re.finditer(text)]
        plan, dotted, n = self.trigger_plan, self._dotted, len(text)
        out = []
        for m in _WORD.finditer(text):
            w = m.group()
            lw = w.lower()
            s, e = m.span()
            if lw in dotted and e + 1 < n and text[e] == "." and _WORD_CHAR.match(text, e + 1):
                out.append((s, e + 1, lw + "."))  # "St.Louis": \b after the dot
                continue
            if lw in plan:
                out.append((s, e, lw))
                continue
            if w.isalpha():
                continue
            for d in _DIGITS.finditer(text, s, e):
                out.append((d.start(), d.end(), self._key(d.group())))
        return out

    @staticmethod
    def _key(w: str) -> str:
        """The trigger table key of a ``trigger_re`` match."""
        if w[0].isdigit():
            return "#year" if len(w) == 4 and "1600" <= w <= "2099" else "#num" if len(w) <= 2 else ""
        return w.lower()

    # -- 1. candidates -------------------------------------------------------------------
    def find_candidates(self, text: str) -> list[Cand]:
        """Matches of every rule, each searched only in windows around its trigger words.

        One pass of a simple word regex finds the windows; the costly patterns
        then run over a few hundred characters instead of the whole article, and
        only in the windows that hold the words a match needs (:mod:`.required`).
        """
        n = len(text)
        low = lower_text(text)
        windows: dict[int, list[list[int]]] = {i: [[0, n]] for i in self.everywhere}
        plan, rules = self.trigger_plan, self.rules
        for s, e, key in self.trigger_hits(text, low):
            hits = plan.get(key)
            if not hits:
                continue
            for i, back, ahead in hits:
                lo = s - back if s > back else 0
                spans = windows.get(i)
                if spans is None:
                    windows[i] = [[lo, e + ahead]]
                elif lo <= spans[-1][1]:
                    spans[-1][1] = e + ahead
                else:
                    spans.append([lo, e + ahead])
        out = []
        for i, spans in windows.items():
            rule = rules[i]
            test = rule.window_test if low is not None else None
            for lo, hi in spans:
                if hi > n:
                    hi = n
                if test is not None and test.useful and not test(low, lo, hi):
                    continue  # a word every match needs is missing: the regex would find nothing
                for m in rule.scan_regex.finditer(text, lo, hi):
                    if m.end() == m.start():
                        continue
                    if rule.guard and not passes(rule.guard, m, text, self.lx):
                        continue
                    if "unit" in m.re.groupindex and m.start("unit") > m.start() and text[m.start("unit")].isupper():
                        continue  # "ABC's This Week", "60 Minutes": title case names a show, not a time
                    out.append(Cand(m.start(), m.end(), rule, m))
        return out

    # -- 2. overlaps ---------------------------------------------------------------------
    @staticmethod
    def select(cands: list[Cand]) -> list[Cand]:
        chosen: list[Cand] = []
        taken: list[tuple[int, int]] = []
        for c in sorted(cands, key=lambda c: (c.start - c.end, c.rule.priority, c.start)):
            if any(c.start < e and s < c.end for s, e in taken):
                continue
            chosen.append(c)
            taken.append((c.start, c.end))
        chosen.sort(key=lambda c: c.start)
        return chosen

    # -- 3. modifiers and time-of-day merges -----------------------------------------------
    def attach(self, text: str, cands: list[Cand]) -> list[Cand]:
        out: list[Cand] = []
        prev_end = 0
        for c in cands:
            self._attach_modifier(text, c, prev_end)
            a = out[-1] if out else None
            gap = text[a.end : c.start] if a is not None and a.end <= c.start else None
            if gap is not None and c.rule.kind == "clock" and a.rule.kind == "calendar" and a.clock is None \
                    and a.g("d") and _DATE_CLOCK_GAP.match(gap):
                a.clock, a.end = c, c.end  # "Feb 10, 2021 9:33AM", "Sept. 4, 2024 - 15:27"
                prev_end = a.end
                continue
            if gap is not None and _CLOCK_DATE_GAP.match(gap):
                # A time of day before its day: one TIME expression ("10 p.m. Wednesday", "7:30pm, 21 Nov 2024").
                if a.rule.kind == "clock" and c.rule.kind in ("calendar", "parsed_date", "deictic", "relative") \
                        and not (a.clock or c.clock):
                    c.clock, c.start = a, a.start
                    out[-1] = c
                    prev_end = c.end
                    continue
            out.append(c)
            prev_end = c.end
        return out

    def _attach_modifier(self, text: str, c: Cand, prev_end: int) -> None:
        """Extend ``c`` over a modifier just before it, and set its TIMEX3 mod."""
        before = text[max(prev_end, c.start - 40) : c.start]
        if not before or not (before[-1].isspace() or before[-1] == "-"):
            return  # both patterns end in a space (or, for a position word, a hyphen) before the date
        kind = c.rule.kind
        m = self.pmod_re.search(before) if kind in _PMOD_KINDS else None
        if m and m.group("pm").lower() in ("earlier", "later") and not _EARLIER_LATER_HEADS.match(text[c.start : c.end]):
            m = None
        if m:
            c.start -= len(m.group(0))
            c.mod = self.lx.position_mods[re.sub(r"\s+", " ", m.group("pm").lower())]
            return
        q = self.qmod_re.search(before) if kind in _QMOD_KINDS else None
        if q and _ADJECTIVAL.match(text, c.start, c.end):
            q = None  # "talk about ten-year horizons": before a duration used as an adjective, a preposition
        if q:
            word = re.sub(r"\s+", " ", q.group("qm").lower())
            mod = self.lx.quantity_mods[word]
            # Dates and times take only "about"-like words ("around Nov. 1"), and not on a bare weekday.
            dated = kind not in ("duration", "offset")
            weekday_only = kind == "calendar" and not c.g("mon", "m", "y", "hh", "named")
            if not dated or (mod == "APPROX" and word != "some" and not weekday_only):
                c.start -= len(q.group(0))
                c.mod = mod

    # -- 4. normalization ----------------------------------------------------------------
    def normalize(self, text: str, cands: list[Cand], st: State) -> list[Timex]:
        out: list[Timex] = []
        for c in cands:
            fn = NORMALIZERS.get(c.rule.kind)
            tx = fn(c, st) if fn else None
            if tx is None:
                continue
            if c.mod:
                # The modifier joined the extent, also where the normalizer rebuilt it.
                tx.mod = tx.mod or c.mod
                tx.start = min(tx.start, c.start)
            out.append(tx)
            self._remember(text, tx, st)
            st.prev_end = tx.end
        _clock_days(text, out)
        return out

    @staticmethod
    def _remember(text: str, tx: Timex, st: State) -> None:
        p = tx.point
        if p is None or tx.type not in ("DATE", "TIME"):
            return
        st.last, st.last_pos = p, tx.start
        if p.gran == "quarter":
            st.last_quarter = p
        if ORDER[p.gran] >= ORDER["day"]:
            sent_start = _sentence_start(st, tx.start)
            if not (st.last_day_pos >= sent_start and st.lx.telling_before.search(text[max(sent_start, tx.start - 30) : tx.start])):
                st.story_day = p
            st.last_day = p
            st.last_day_pos = tx.start
            # The cue must be the date's own: "will open on Thursday and run until May 30" opens on Thursday.
            before = text[max(sent_start, st.prev_end, tx.start - 80) : tx.start]
            if st.lx.opening_cues.search(before):
                st.last_opening = p  # "the opening day" will mean this one
            elif st.lx.held_cues.search(before):
                st.last_held = p  # ... or this one, when no day is given as an opening
            if st.dateline is None and _DATELINE_AFTER.match(text[tx.end : tx.end + 60]) and _DATELINE_BEFORE.search(
                text[max(0, tx.start - 60) : tx.start]
            ):
                # The story's own day: "today" and "this morning" after it mean that day.
                st.dateline = Ref.from_point(p)
        if tx.explicit_year and not _BOUND_BEFORE.search(text[max(0, tx.start - 22) : tx.start]) or (
                p.gran == "year" and _OPENS_SENTENCE.fullmatch(text[_sentence_start(st, tx.start) : tx.start])):
            # "In 2017, ... in March": the year frames the sentence. "since 2000" only bounds a period.
            # So does a relative year that opens it: "Last year, the fair was held in May",
            # "Next year's conference will be held in July".
            # A quarter's or half's year frames only the quarters and halves after it: "in the first
            # half of 2024, ... at the fair in November" says nothing of November's year.
            years = st.sent_period_years if p.gran in ("quarter", "half") else st.sent_years
            years[st.tense.sentence_index(tx.start)] = (p.date.year, tx.end)

    # -- 5. ranges -----------------------------------------------------------------------
    @staticmethod
    def merge_ranges(text: str, found: list[Timex]) -> list[Timex]:
        out: list[Timex] = []
        for tx in found:
            if out:
                a = out[-1]
                gap = text[a.end : tx.start]
                if (
                    a.type == tx.type == "DATE"
                    and a.point is not None
                    and tx.point is not None
                    and not a.parts
                    and tx.point.date >= a.point.date
                    and "/" not in a.value + tx.value
                ):
                    before = text[max(0, a.start - 12) : a.start]
                    dash = _RANGE_GAP.match(gap)
                    ok = (dash and (_FROM.search(before) or a.point.gran == tx.point.gran)) or (
                        _RANGE_AND.match(gap) and _BETWEEN.search(before)
                    )
                    if ok and (a.point.date < tx.point.date or a.point.gran != tx.point.gran):
                        merged = Timex(
                            a.start, tx.end, "DATE", f"{a.value}/{tx.value}",
                            anchor=a.anchor or tx.anchor, point=tx.point,
                            parts=[(a.start, a.end, a.value), (tx.start, tx.end, tx.value)],
                        )
                        out[-1] = merged
                        continue
            out.append(tx)
        return out

    # -- all steps -----------------------------------------------------------------------
    def tag(
        self,
        text: str,
        dct: Optional[str] = None,
        *,
        sentences: Optional[list[tuple[int, int]]] = None,
        tenses: Optional[Sequence[str]] = None,
    ) -> list[dict]:
        """Temporal expressions of ``text`` in text order, as plain dicts.

        ``dct``: the publication date ("2019-04-19", "2019-11", "2019" or None).
        ``sentences``/``tenses``: sentence bounds and "past"/"present"/"future"
        per sentence, if the caller has a parser; otherwise guessed from cue words.
        """
        st = State(text, self.lx, parse_dct(dct), TenseGuide(text, self.lx, sentences, tenses))
        cands = self.attach(text, self.select(self.find_candidates(text)))
        found = self.merge_ranges(text, self.normalize(text, cands, st))
        return [tx.as_dict(text) for tx in found]


@lru_cache(maxsize=1)
def default_tagger() -> TimexTagger:
    return TimexTagger()


def tag(
    text: str,
    dct: Optional[str] = None,
    *,
    sentences: Optional[list[tuple[int, int]]] = None,
    tenses: Optional[Sequence[str]] = None,
) -> list[dict]:
    """Tag ``text`` with the default lexicon and patterns (see :meth:`TimexTagger.tag`)."""
    return default_tagger().tag(text, dct, sentences=sentences, tenses=tenses)
