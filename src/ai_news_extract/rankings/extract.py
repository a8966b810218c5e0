"""From a parsed Doc to ranking records (plain dicts, see doc_attrs.py)."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Optional, Sequence

from spacy.tokens import Doc, Span

from .assemble import assemble
from .clauses import Associator, Context, Resolver
from .expressions import RankExpr, governor, find_expressions
from .lexicon import Lexicon
from .names import NAME_ATTRS, Mention, NameIndex
from ..scan import doc_text, line_matches, lower_text
from .sources import SOURCE_ATTRS, coverage, find_sources, frame_phrase, pick_source
from .lowered import case_sensitive
from .table import DocTable
from .textlists import text_lists

# what follows the name on a list line: 'Beijing (score 92.1)', 'Zhipu AI, 22 billion yuan', 'Dell - 17%'
_LINE_NOTE = re.compile(r"\s*(?:[(,;:]|\s[-–—]\s).*$")
# a table flattened to text: '1 Beijing 85.2' (a block of three or more, from 1)
# (also a pipe table with the rank in the first column: '| 1 | Oslo | 88.1 |'; the name ends at a pipe)
_TABLE_LINE = re.compile(r"^[ \t]*(?:\|[ \t]*)?(\d{1,3})(?:[ \t]*\|[ \t]*|[ \t]+)([A-Z][^\n|]*?)"
                         r"(?:[ \t]*\|[^\n]*|(?:[ \t]+[\d.,%]+)*[ \t]*)$", re.M)
# the numbers of a list run inline: 'in order: 1. A 2. B 3. C', '(1) A, (2) B', 'No. 1 A, No. 2 B'
# (group 1: '1.', group 2: '(1)', group 3: 'No. 1'); a capital letter follows
_INLINE_MARK = re.compile(r"(?=[(\dNn#])(?:(?<![\w.,:/-])(\d{1,2})\.|\((\d{1,2})\)|\b(?:[Nn]o|[Nn]r|[Nn]umber)\.? ?(\d{1,2})\b)"
                          r"[ \t]+(?=[A-Z])")
# where an inline marker ends (_inline_marks): its last digit, then '.' or ')' or nothing, spaces and a
# capital; the marker starts at most _MARK_REACH characters before that digit ('Number. 12')
_MARK_TAIL = re.compile(r"\d[.)]?[ \t]+(?=[A-Z])")
_MARK_REACH = 12
# a list is read inline only after words that say it is ordered ('the largest ... were, in order:')
_INLINE_CUE = re.compile(r"\b(?:rank\w*|list\w*|top|order|leading|most|best|\w+est)\b", re.I)
# a modifier of the verb that puts a position in an earlier edition: 'ranked third a year ago', 'was first
# in the previous edition'; 'last year' only in a relative clause ('X, which shared first place last year,
# slipped to second'): else it is often the period of the current list ('came third last year')
_EARLIER = re.compile(r"(?:a year (?:ago|earlier|before)|the (?:previous|prior|preceding) year"
                      r"|in (?:the )?(?:previous|last|prior|preceding) (?:edition|ranking|list|index|survey)"
                      r"|in last year's (?:edition|ranking|list|index|survey))")
_EARLIER_RELATIVE = re.compile(r"last year")
# an earlier edition as the possessor of a position: "last year's No. 1", "the previous edition's third"
_EARLIER_OWNER = re.compile(r"last (?:year|edition)|(?:previous|prior|preceding) (?:year|edition|ranking|list|index)")
# a word every such modifier holds: the parse is read only in a sentence with one (lower-case text)
_EARLIER_HINT = re.compile(r"year|previous|prior|preceding|last")
# the head words of those modifiers in the parse ('year' of 'last year', 'ago', 'in' of 'in the previous ...')
_EARLIER_HEADS = frozenset({"year", "ago", "earlier", "before", "in"})
# where the last name of an inline list ends
_INLINE_END = re.compile(r"[.;!?](?:\s|$)|\n|,? (?:and|while|with|according)\b")


@dataclass
class RawItem:
    name: str
    entity_id: Optional[str]
    start: int
    end: int
    rank: Optional[int] = None
    range: Optional[tuple[int, int]] = None
    previous_rank: Optional[int] = None
    previous_explicit: bool = False
    criterion: Optional[str] = None
    scope: Optional[str] = None
    size: Optional[int] = None
    seg: int = 0
    evidence: tuple[int, int] = (0, 0)
    group: Optional[int] = None  # range items stated together ('A, B and C are the top three')
    kind: str = "exact"
    source: Optional[str] = None
    date: Optional[str] = None
    frame: Optional[dict] = None
    extra: dict = field(default_factory=dict)


def split_lines(doc: Doc, sent: Span, text: Optional[str] = None, table: Optional[DocTable] = None) -> list[Span]:
    """A sentence cut at line breaks (titles, list lines and datelines stand alone).

    text: doc.text, when the caller has it (building sent.text for every sentence costs more);
    table: the Doc's :class:`DocTable`, when the caller has it.
    """
    out: list[Span] = []
    if text is None:
        text = doc_text(doc)
    lo, hi = sent.start_char, sent.end_char
    p = text.find("\n", lo, hi)
    if p < 0:
        return [sent]
    # Only the tokens holding a line break are looked at (a token's trailing whitespace is
    # at most one " ", so every "\n" lies inside a token of the sentence).
    start = sent.start
    if table is None:
        table = DocTable(doc, ())
    while p >= 0:
        i = table.expand(p, p + 1)[0]  # type: ignore[index]
        t = doc[i]
        if t.is_space:
            if i > start:
                out.append(Span(doc, start, i))  # (doc[start:i], made directly: a slice costs more)
            start = i + 1
        p = text.find("\n", t.idx + len(t.text), hi)
    if start < sent.end:
        out.append(Span(doc, start, sent.end))
    return out


def segments(doc: Doc) -> list[Span]:
    table = DocTable(doc, ())
    return [seg for sent in doc.sents for seg in split_lines(doc, sent, table=table)]


class RankingExtractor:
    """Finds the rankings of one Doc. Build once (the Matcher is compiled here), call per Doc."""

    def __init__(self, lex: Lexicon, vocab) -> None:
        self.lex = lex
        self.matcher = lex.make_matcher(vocab)
        # every token attribute the stage reads from arrays: one Doc.to_array per Doc (DocTable)
        self.attrs = list(dict.fromkeys([*getattr(self.matcher, "attrs", []), *NAME_ATTRS, *SOURCE_ATTRS]))

    def _sentences(self, doc: Doc, offsets: list[int], table: DocTable) -> list[Span]:
        """The sentences holding these character offsets, with the three before each (for "it")."""
        seen: dict[int, Span] = {}
        sents: Optional[list[Span]] = None  # doc.sents, listed at the first offset in a token
        starts: list[int] = []
        for off in offsets:
            span = table.expand(off, off + 1)
            if span is None or span[1] <= span[0]:
                continue
            if sents is None:
                sents = _sentence_list(doc)
                starts = [s.start for s in sents]
            k = bisect.bisect_right(starts, span[0]) - 1  # the sentence of the token (Token.sent)
            for _ in range(4):
                sent = sents[k]
                if sent.start in seen:
                    break
                seen[sent.start] = sent
                if sent.start == 0:
                    break
                k -= 1  # (the sentence of the token before it)
        return [seen[k] for k in sorted(seen)]

    def __call__(self, doc: Doc) -> list[dict]:
        text = doc_text(doc)
        low = lower_text(text)
        hits = [m.start() for m in _finditer(self.lex.cue_regex, text, low)]
        lines = sorted(line_matches(self.lex.line_regex, text) + _table_lines(text), key=lambda mt: mt.start())
        inline = _inline_lists(text)
        unnumbered = text_lists(text)
        inline += unnumbered
        if not hits and len(lines) < 2 and not inline:
            return []
        table = DocTable(doc, self.attrs)
        # (every entry of a list without numbers: a table's rows are sentences of their own)
        sents = self._sentences(doc, hits + [m.start(2) for m in lines] + [run[0][1] for run in inline]
                                + [entry[1] for run in unnumbered for entry in run[1:]], table)
        meta = doc._.news_meta or {}  # (read once: every doc._ access builds an object)
        segs = [seg for sent in sents for seg in split_lines(doc, sent, text, table) if not _excluded(meta, seg)]
        if not segs:
            return []
        seg_starts = [seg.start_char for seg in segs]
        cue_segs = sorted({bisect.bisect_right(seg_starts, off) - 1 for off in hits} - {-1})
        by_seg: dict[int, list[tuple[str, int, int]]] = {}
        cols = self.matcher.columns(doc, table) if cue_segs else None
        for k in cue_segs:
            found = self.matcher(doc, segs[k].start, segs[k].end, cols)
            if found:
                by_seg[k] = found
        if not by_seg and len(lines) < 2 and not inline and "followed" not in low:  # (see _followed_after)
            return []
        names = NameIndex(doc, self.lex, [(seg.start, seg.end) for seg in segs], table)
        resolver = Resolver(doc, names, self.lex, segs)
        items: list[RawItem] = []
        frames: list[tuple[int, dict]] = []
        stated: set[int] = set()
        state = {"last_hi": 0, "group": 0, "covers": _Lazy(lambda: coverage(doc, text, self.lex, table, low)),
                 "low": low}
        # numbered lines first: 'The next three places are shared by ...' continues after the list
        line_items = self._numbered_lines(doc, text, segs, lines, names, table) + self._inline_items(
            doc, segs, inline, names, table)
        for k in sorted(by_seg):
            seg = segs[k]
            listed = [it.rank for it in line_items if it.seg < k and it.rank]
            if listed and max(listed) > state["last_hi"]:
                state["last_hi"] = max(listed)
            exprs, seg_frames = find_expressions(doc, seg, by_seg[k], names, self.lex)
            for fr in seg_frames:
                crit, scope = frame_phrase(doc, fr, seg, names, self.lex)
                frames.append((k, {"criterion": crit, "scope": scope, "size": fr.size, "seg": k}))
            marks = [(lbl, s, e) for lbl, s, e in by_seg[k] if lbl in ("MARK", "FOLLOWED")]
            if exprs or seg_frames:
                stated.add(k)
            new = self._statements(doc, seg, k, exprs, marks, names, resolver, state)
            for it in new:
                resolver.ranked.add(it.name)
            items.extend(new)
        items.extend(self._superlative_before(doc, segs, items, names, resolver))
        items.extend(self._followed_after(doc, segs, cue_segs, items, names))
        items.extend(line_items)
        items = _confirm_ahead(items)
        if not items:
            return []
        title = meta.get("title_span")
        if title:
            for it in items:
                if _overlaps(title, (segs[it.seg].start_char, segs[it.seg].end_char)):
                    it.extra["title"] = True  # a headline restates the body: assemble folds it in
        # who ranked and when
        sources = find_sources(doc, segs, names, self.lex, stated | {0}, context={k - 1 for k in stated} - stated,
                               table=table)
        for it in items:
            info = pick_source(sources, it.seg)
            if info is not None:
                it.source = info.text
                it.date = info.date
            # the list a statement belongs to: the latest 'top N <what>' that says what
            fr = _nearest([f for f in frames if f[1]["criterion"]], it.seg)
            if fr is not None:
                it.frame = fr
        return assemble(items, state["covers"]())

    # ------------------------------------------------------------ one sentence

    def _statements(self, doc, seg, k, exprs, marks, names, resolver, state) -> list[RawItem]:
        lex = self.lex
        assoc = Associator(doc, seg, names, lex, resolver)
        order_marks = [s for lbl, s, _ in marks if lbl == "MARK"]
        units: list[list[RankExpr]] = []
        for x in exprs:
            if x.list_id is not None and units and units[-1][0].list_id == x.list_id:
                units[-1].append(x)
            else:
                units.append([x])
        out: list[RawItem] = []
        anchors: list[tuple[int, list[RawItem]]] = []  # (end token, items) for 'followed by'
        evidence = (seg.start_char, seg.end_char)
        for ui, unit in enumerate(units):
            first, last = unit[0], unit[-1]
            stop = units[ui + 1][0].start if ui + 1 < len(units) else seg.end
            # 'A, B and C placed third to fifth in turn, while D, E and F ...': a marker orders the
            # statement it follows (or the first one, when it opens the sentence)
            ordered = any(first.start <= s < stop or (ui == 0 and s < first.start) for s in order_marks)
            ctx = assoc.context_after(last, stop)
            if first.via == "paren":
                pass  # 'Hermes (#43)': a position in the article's list, whatever opens the sentence
            elif not ctx.criteria and ctx.scope is None and ctx.source is None:
                before = assoc.context_before(first)
                ctx.criteria, ctx.scope, ctx.size = before.criteria, before.scope, before.size
            elif not ctx.criteria:
                before = assoc.context_before(first)
                ctx.criteria = before.criteria
                ctx.scope = ctx.scope or before.scope
            if "ranked_noun" in first.extra and not ctx.criteria:
                ctx.criteria = [_ranked_noun_criterion(doc, seg, first)]
            group_size = bool(first.size and not ctx.size and first.kind == "group")
            if first.size and not ctx.size:
                ctx.size = first.size
            # 'ranked as the top three cities': what the group is a group of
            if first.kind in ("group", "member") and "frame" in first.extra:
                crit, scope = frame_phrase(doc, first.extra["frame"], seg, names, self.lex)
                if crit and not ctx.criteria:
                    ctx.criteria = [crit]
                ctx.scope = ctx.scope or scope
            ms = assoc.names_for(first)
            made = self._items_for(unit, ms, ctx, ordered, seg, k, evidence, state, doc)
            for it in made:
                if group_size:
                    it.extra["group_size"] = True  # 'A, B and C are the top three': a group, maybe not the list's N
            if made and first.kind == "exact" and len(unit) == 1 and first.rank and first.rank > 1 \
                    and len({it.name for it in made}) == 1:
                # 'A came second and B third, behind C': the names above sit over the whole chain
                out.extend(self._above(doc, seg, k, last.end, stop, made, names, evidence, state,
                                       top=_chain_top(out, first.rank), order_marks=order_marks))
            # 'A shared first place with B', 'tied for second with B': B holds the same place
            if made and first.kind == "exact" and len(unit) == 1 and first.rank and _tied(doc, seg, first, self.lex):
                made = made + self._tied_with(doc, seg, k, last.end, stop, made, names, evidence)
            if made and first.kind == "exact" and (first.extra.get("earlier") or (
                    _earlier_hint(state["low"], seg) and _earlier_edition(doc, seg, first))):
                for it in made:
                    it.extra["previous_edition"] = True  # a position in last year's list is not this year's
            # gapped clauses share the position
            if made and first.kind == "exact" and len(unit) == 1:
                for m, crits in ctx.gapped:
                    for c in crits or [None]:
                        out.append(self._item(m, k, evidence, rank=first.rank, criterion=c, scope=ctx.scope,
                                              size=ctx.size))
            # 'X led the list, ahead of Y': Y is second only if the article's next stated place is
            # third (kept or dropped in __call__, when every statement is known)
            if made and first.kind == "exact" and first.rank and len(unit) == 1 \
                    and len({it.name for it in made}) == 1:
                out.extend(self._ahead(doc, seg, k, last.end, stop, made, names, evidence))
            # 'A and B both ranked among the top 10, as did C': C holds the same place
            if made:
                out.extend(self._as_did(doc, seg, k, last.end, stop, made, names, evidence))
            out.extend(made)
            if made:
                anchors.append((last.end, made))
        for lbl, s, e in marks:
            if lbl != "FOLLOWED":
                continue
            out.extend(self._followed(doc, seg, k, s, e, anchors, names, evidence, state))
        out.extend(self._compared_first(doc, seg, k, exprs, out, names, evidence))
        # 'behind A and B, which were first and second respectively': the stated rank wins
        exact = {it.name for it in out if it.rank is not None and not it.extra.get("above")}
        return [it for it in out if not (it.extra.get("above") and it.name in exact)]

    def _above(self, doc, seg, k, start, stop, made, names: NameIndex, evidence, state,
               top: Optional[int] = None, order_marks: Sequence[int] = ()) -> list[RawItem]:
        """'X ranked third, behind A and B': A and B hold the places above, [1, 2] (one name: 1).
        'behind A and B, in that order': an order marker right after the names makes them 1, 2.

        Only when the names fill every place above; 'fifth, behind A' says nothing of A's place.
        'behind only A', 'trailing only A and B' are the same. top: the highest place of a chain
        of positions the sentence states before this one ('A came second and B third, behind C').
        """
        lex = self.lex
        i = start
        while i < stop:
            t = doc[i]
            if t.text in (";", ":") or t.lower_ in ("while", "whereas", "but", "which", "who") or (
                    t.pos_ in ("VERB", "AUX") and t.tag_ in ("VBD", "VBZ", "VBP", "MD")):
                return []
            if t.lower_ in lex.above_preps or (t.lower_ == "to" and (i == start or doc[i - 1].lower_ == "only")):
                break  # 'behind X', 'after X', 'second (only) to X'
            i += 1
        else:
            return []
        above: list[Mention] = []
        j = i + 1
        while j < seg.end:
            if doc[j].lower_ in ("the", ",", "and", "&") or doc[j].is_space or (doc[j].lower_ == "only" and not above):
                j += 1
                continue
            m = names.at(j)
            if m is None:
                break
            if self._possessive(doc, m):  # "Japan's Tsukuba Science City"
                j = m.end + 1
                continue
            above.append(m)
            j = m.end
            if j >= seg.end:
                break
            comma_on = doc[j].text == "," and (names.at(j + 1) is not None
                                               or (j + 1 < seg.end and doc[j + 1].lower_ in ("and", "the")))
            if not (doc[j].lower_ in ("and", "&") or comma_on):
                break
        base = made[0]
        base_rank = top if top is not None and top < base.rank and not any(
            m.name == base.name for m in above) else base.rank
        if j < seg.end and doc[j].pos_ in ("VERB", "AUX") and doc[j].tag_ not in ("VBG",):
            return []  # 'second after Italy withdrew': a clause, not the names above
        # 'fifth, one place behind Wuhan': Wuhan is fourth
        gap = self._steps_before(doc, seg, i)
        if gap and len(above) == 1 and base.rank - gap >= 1 and above[0].name != base.name:
            kw_one = {"rank": base.rank - gap}
        elif not above or len(above) != base_rank - 1 or any(m.name == base.name for m in above) or gap:
            return []
        else:
            kw_one = None
        # 'behind A, B and C, in that order' (the marker right after the names, past a comma)
        in_order = kw_one is None and len(above) > 1 and any(j <= s <= j + 1 for s in order_marks)
        out: list[RawItem] = []
        state["group"] += 1
        for it in made:
            for n, m in enumerate(above):
                kw = ({"rank": n + 1} if in_order else None) or kw_one or ({"rank": 1} if len(above) == 1 else {"range": (1, base_rank - 1),
                                                                     "group": state["group"], "kind": "range"})
                new = self._item(m, k, evidence, criterion=it.criterion, scope=it.scope, size=it.size, **kw)
                new.extra["above"] = True
                out.append(new)
        return out

    def _steps_before(self, doc, seg, i: int) -> Optional[int]:
        """The number of places stated just before the preposition at ``i``: 'one place behind',
        'two spots ahead of'; None without one."""
        if i - 2 >= seg.start and self.lex.lemma(doc[i - 1]) in self.lex.step_nouns:
            return self.lex.number(doc[i - 2].text)
        return None

    def _ahead(self, doc, seg, k, start, stop, made, names: NameIndex, evidence) -> list[RawItem]:
        """'X led the list, ahead of Y': Y, tentatively second (see _confirm_ahead); 'X placed fourth,
        one spot ahead of Y': Y is fifth, whatever X's place."""
        i = start
        while i + 1 < stop:
            t = doc[i]
            if t.text in (";", ":") or t.lower_ in ("while", "whereas", "but", "which", "who") or (
                    t.pos_ in ("VERB", "AUX") and t.tag_ in ("VBD", "VBZ", "VBP", "MD")):
                return []
            if t.lower_ == "ahead" and doc[i + 1].lower_ == "of":
                break
            i += 1
        else:
            return []
        base = made[0]
        gap = self._steps_before(doc, seg, i)
        if not gap and base.rank != 1:
            return []
        j = i + 2
        while j < stop and doc[j].lower_ == "the":
            j += 1
        m = names.at(j)
        if m is None or self._possessive(doc, m) or m.name == base.name:
            return []
        if m.end < seg.end and doc[m.end].lower_ in ("and", "&", "or"):
            return []  # 'ahead of A and B': their order is not stated
        new = self._item(m, k, evidence, rank=base.rank + (gap or 1), criterion=base.criterion, scope=base.scope,
                         size=base.size)
        if not gap:
            new.extra["ahead"] = True
        return [new]

    def _as_did(self, doc, seg, k, start, stop, made, names: NameIndex, evidence) -> list[RawItem]:
        """'..., as did C' / 'as was C' after a statement: C holds the same place or group; ', alongside C'
        / ', along with C' / ', together with C' only after a group ('placed in the top three, alongside
        B and C': an exact place with them would be a tie the sentence does not state)."""
        for i in range(start, stop - 2):
            w = doc[i].lower_
            grouped = made and all(it.range for it in made) and doc[i - 1].text == ","
            width = 1 if w == "alongside" else 2 if w in ("along", "together") and doc[i + 1].lower_ == "with" else 0
            if (width and grouped) or (w == "as" and self.lex.lemma(doc[i + 1]) in ("do", "be", "have")
                                       and (i == start or doc[i - 1].text == ",")):
                j = i + (width or 2)
                while j < stop and doc[j].lower_ in ("the", "also"):
                    j += 1
                m = names.at(j)
                if m is None or any(m.name == it.name for it in made):
                    return []
                out = []
                for mm in names.group(m, (j, stop)):
                    seen = set()
                    for it in made:
                        key = (it.criterion, it.scope)
                        if key in seen:
                            continue
                        seen.add(key)
                        out.append(self._item(mm, k, evidence, rank=it.rank, range=it.range, group=it.group,
                                              kind=it.kind, criterion=it.criterion, scope=it.scope, size=it.size))
                return out
        return []

    def _compared_first(self, doc, seg, k, exprs, out, names: NameIndex, evidence) -> list[RawItem]:
        """'X hosts 17 of them, more than any other city, with Y second (and Z third)': X is first.

        Only when the sentence states second place after a comparison with all others (or a
        superlative) and nobody holds first place in it.
        """
        ranks = {it.rank for it in out if it.rank is not None}
        if 2 not in ranks or 1 in ranks or any(it.range for it in out):
            return []
        second = min((x for x in exprs if x.rank == 2 and x.via == "paren"), key=lambda x: x.start, default=None)
        if second is None:
            return []
        w = second.anchor
        m2 = names.at(w)
        start2 = m2.start if m2 is not None else w
        s = start2 - 1
        while s > seg.start and doc[s].lower_ != "with":
            s -= 1
        if doc[s].lower_ != "with":
            return []
        head = self._superlative_subject(doc, seg, s, names)
        if head is None or any(head.name == it.name for it in out):
            return []
        return [self._item(head, k, evidence, rank=1)]

    def _superlative_before(self, doc, segs, items, names: NameIndex, resolver) -> list[RawItem]:
        """'..., making it the largest offering this year. Y came second ...': the holder of a
        superlative in the sentence before a sentence that opens with second place is first.

        Only when neither sentence states a first place, and the superlative is 'the <most> <noun>'
        whose holder the parse gives (subject of the noun or of its copula, object of 'make')."""
        out: list[RawItem] = []
        by_seg: dict[int, list[RawItem]] = {}
        for it in items:
            by_seg.setdefault(it.seg, []).append(it)
        for k, its in by_seg.items():
            exact = sorted((it for it in its if it.rank is not None and not it.previous_explicit), key=lambda it: it.start)
            if not exact or exact[0].rank != 2 or k == 0 or any(it.rank == 1 for it in by_seg.get(k - 1, []) + its):
                continue
            seg = segs[k - 1]
            if segs[k].start - seg.end > 1:
                continue  # not the sentence right before
            assoc = Associator(doc, seg, names, self.lex, resolver)
            for t in seg:
                if not (t.tag_ == "JJS" or t.lower_ in ("most", "biggest", "largest", "highest")) or t.i == seg.start \
                        or doc[t.i - 1].lower_ != "the" or t.head.pos_ != "NOUN" or t.head.i < t.i:
                    continue
                found = assoc.ranked_noun_holder(t.head)
                if found and len(found) == 1 and found[0].name not in {it.name for it in its}:
                    second = exact[0]
                    out.append(self._item(found[0], k - 1, (seg.start_char, seg.end_char), rank=1,
                                          criterion=second.criterion, scope=second.scope, size=second.size))
                break
        return out

    def _followed_after(self, doc, segs, cue_segs, items, names: NameIndex) -> list[RawItem]:
        """'X had the most ... of any city. Y and Z followed (in turn).': the subject of an intransitive
        'followed' holds the places after the highest exact place of the sentence before (1 after a
        superlative or a comparison with all others there, when it states no place)."""
        out: list[RawItem] = []
        for k in cue_segs:
            if k == 0 or segs[k].start - segs[k - 1].end > 1:
                continue
            seg = segs[k]
            verb = next((t for t in seg if t.lower_ == "followed" and t.tag_ == "VBD" and t.dep_ in ("ROOT", "conj")),
                        None)
            if verb is None or any(c.dep_ in ("dobj", "agent", "attr", "ccomp", "xcomp") for c in verb.children):
                continue  # 'followed suit', 'followed by', 'followed the rules'
            subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            m = names.for_token(subj) if subj is not None else None
            if m is None:
                continue
            group = names.group(m, (seg.start, verb.i))
            if any(it.seg == k and it.name in {g.name for g in group} for it in items):
                continue
            before = [it.rank for it in items if it.seg == k - 1 and it.rank is not None
                      and not it.extra.get("previous_edition")]
            ev = (seg.start_char, seg.end_char)
            if before:
                top = max(before)
            elif (cue := self._compared(segs[k - 1])) is not None:
                top = 1
                # the one compared: 'Oslo had more startups than any other city' (when the parse gives it)
                head = self._compared_holder(cue, names)
                if head is not None and head.name not in {g.name for g in group}:
                    out.append(self._item(head, k - 1, (segs[k - 1].start_char, segs[k - 1].end_char), rank=1))
            else:
                continue
            out.extend(self._item(g, k, ev, rank=top + n + 1) for n, g in enumerate(group))
        return out

    def _compared(self, seg):
        """The token that states a top place without a number ('the most ... of any', 'more than any
        other'), else None."""
        words = [t.lower_ for t in seg]
        for i in range(len(words)):
            if any(tuple(words[i : i + len(p)]) == p for p in self.lex.superlative_phrases):
                return seg[i]
        return next((t for t in seg if t.lower_ == "most" and t.i > seg.start and t.nbor(-1).lower_ == "the"), None)

    @staticmethod
    def _compared_holder(cue, names: NameIndex) -> Optional[Mention]:
        """The named subject of the clause that holds the comparison (not of a verb that reports it:
        'X released a report showing that 183 firms ..., the most of any city')."""
        v = cue
        chain = set()
        while v.head.i != v.i and v.pos_ not in ("VERB", "AUX"):
            chain.add(v.i)
            v = v.head
        subj = next((c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        m = names.for_token(subj) if subj is not None else None
        if m is None or len(names.group(m)) != 1:
            return None
        if subj.i in chain and cue.i - m.end > 3:
            return None  # an apposition far from the name: a parse error more often than 'Oslo, the most ...'
        return m

    def _tied_with(self, doc, seg, k, start, stop, made, names: NameIndex, evidence) -> list[RawItem]:
        i = start
        while i < stop and (self.lex.lemma(doc[i]) in self.lex.position_nouns or doc[i].lower_ in ("place",)):
            i += 1
        if i >= stop or doc[i].lower_ != "with":
            return []
        j = i + 1
        while j < stop and doc[j].lower_ == "the":
            j += 1
        m = names.at(j)
        if m is None or self._possessive(doc, m) or any(m.name == it.name for it in made):
            return []
        return [self._item(mm, k, evidence, rank=it.rank, criterion=it.criterion, scope=it.scope, size=it.size)
                for mm in names.group(m, (j, stop)) for it in made]

    def _item(self, m: Mention, k: int, evidence, **kw) -> RawItem:
        return RawItem(name=m.name, entity_id=m.entity_id, start=m.char_start, end=m.char_end, seg=k,
                       evidence=evidence, **kw)

    def _items_for(self, unit, ms, ctx: Context, ordered, seg, k, evidence, state, doc) -> list[RawItem]:
        lex = self.lex
        out: list[RawItem] = []
        if not ms:
            return out
        crits = ctx.criteria or [None]
        first = unit[0]

        def add(m, **kw):
            for c in crits:
                out.append(self._item(m, k, evidence, criterion=c, scope=ctx.scope, size=ctx.size, **kw))

        if first.kind == "exact":
            if first.extra.get("last"):
                # 'X ranks last' where the article says how many its list covers
                covers = state["covers"]()
                if covers is None or len(unit) > 1 or len(ms) != 1:
                    return out
                first.rank = first.size = covers[1]
                ctx.size = ctx.size or first.size
                crits = ctx.criteria or [None]
            values = [x.rank for x in unit]
            if len(unit) == 1:
                if len(ms) == 1:
                    add(ms[0], rank=first.rank, previous_rank=first.previous,
                        previous_explicit=first.previous_explicit)
                    if first.extra.get("derived"):
                        for it in out:
                            it.extra["derived"] = True
                elif _tied(doc, seg, first, lex):
                    for m in ms:
                        add(m, rank=first.rank)
                state["last_hi"] = max(values)
                return out
            if len(ms) == len(unit):
                if ordered:
                    for m, v in zip(ms, values):
                        add(m, rank=v)
                else:
                    state["group"] += 1
                    lo, hi = min(values), max(values)
                    for m in ms:
                        add(m, range=(lo, hi), group=state["group"], kind="range")
                state["last_hi"] = max(values)
            return out
        if first.kind in ("group", "member", "rest"):
            lo, hi = first.lo, first.hi
            if first.kind == "rest":
                count = first.extra.get("count")
                lo = state["last_hi"] + 1
                if count:
                    hi = lo + count - 1
                if not state["last_hi"] or hi is None or hi < lo:
                    return out
            if first.open_group:
                if len(ms) < 2:
                    return out
                hi = lo + len(ms) - 1
            if hi is None:
                return out
            if first.extra.get("closing"):
                # 'D, E and F completed the top ten': places 8..10
                if len(ms) >= hi:
                    return out
                lo = hi - len(ms) + 1
            # (one name for one place is that place: 'Hubei completed the top 10' is 10th)
            if (ordered or lo == hi) and len(ms) == hi - lo + 1:
                for i, m in enumerate(ms):
                    add(m, rank=lo + i)
            else:
                state["group"] += 1
                for m in ms:
                    add(m, range=(lo, hi), group=state["group"], kind="member" if first.kind == "member" else "range")
            if first.kind != "member":
                state["last_hi"] = hi
            return out
        return out

    def _followed(self, doc, seg, k, s, e, anchors, names: NameIndex, evidence, state) -> list[RawItem]:
        """'X ranked first, followed by Y and Z' -> Y 2, Z 3; after a group 'top five': a range."""
        before = [a for a in anchors if a[0] <= s]
        followers = self._followers(doc, seg, e, names)
        if not followers:
            return []
        out: list[RawItem] = []
        if before:
            items = before[-1][1]
            base = items[0]
            crit_items = [it for it in items if it.name == base.name]
            if base.rank is not None and len({it.name for it in items}) == 1:
                for c_it in crit_items:
                    for i, m in enumerate(followers):
                        out.append(self._item(m, k, evidence, rank=base.rank + 1 + i, criterion=c_it.criterion,
                                              scope=c_it.scope, size=c_it.size))
                state["last_hi"] = base.rank + len(followers)
                return out
            if all(it.rank is not None for it in items) and len({it.rank for it in items}) == len(
                    {it.name for it in items}):
                # 'A and B ranked first and second respectively, followed by C and D': 3, 4
                hi = max(it.rank for it in items)
                crits = {(it.criterion, it.scope, it.size) for it in items if it.rank == hi}
                for crit, scope, size in crits:
                    for i, m in enumerate(followers):
                        out.append(self._item(m, k, evidence, rank=hi + 1 + i, criterion=crit, scope=scope, size=size))
                state["last_hi"] = hi + len(followers)
                return out
            if base.range is not None:
                hi = max(it.range[1] if it.range else it.rank for it in items)
                state["group"] += 1
                for m in followers:
                    out.append(self._item(m, k, evidence, range=(hi + 1, hi + len(followers)), group=state["group"],
                                          criterion=base.criterion, scope=base.scope, kind="range"))
                state["last_hi"] = hi + len(followers)
                return out
            return out
        # 'China hosts the highest number of them, followed by the US and Germany'
        head = self._superlative_subject(doc, seg, s, names)
        if head is None:
            return []
        out.append(self._item(head, k, evidence, rank=1))
        for i, m in enumerate(followers):
            out.append(self._item(m, k, evidence, rank=2 + i))
        state["last_hi"] = 1 + len(followers)
        return out

    def _followers(self, doc, seg, e, names: NameIndex) -> list[Mention]:
        out: list[Mention] = []
        i = e
        while i < seg.end:
            t = doc[i]
            if t.text in (";", ":") or (t.pos_ in ("VERB", "AUX") and t.dep_ in ("ROOT", "conj", "ccomp", "advcl", "relcl")
                                       and t.tag_ not in ("VBN", "VBG") and names.at(i) is None and i > e):
                break
            if t.lower_ in ("while", "whereas", "but", "according", "thanks", "due") and i > e:
                break  # ', according to a report released in Beijing': not a follower
            m = names.at(i)
            if m is not None:
                inside_parens = i > 0 and doc[i - 1].text == "("
                same = out and (out[-1].name == m.name or (m.entity_id and out[-1].entity_id == m.entity_id))
                if not inside_parens and not same and not self._possessive(doc, m):
                    out.append(m)
                i = m.end
                continue
            i += 1
        return out

    @staticmethod
    def _possessive(doc: Doc, m: Mention) -> bool:
        return m.end < len(doc) and doc[m.end].lower_ in ("'s", "’s")

    def _superlative_subject(self, doc, seg, s, names: NameIndex) -> Optional[Mention]:
        clause = doc[seg.start : s]
        words = [t.lower_ for t in clause]
        compared = any(tuple(words[i : i + len(p)]) == p for p in self.lex.superlative_phrases for i in range(len(words)))
        if not compared and not any(t.tag_ in ("JJS", "RBS") or t.lower_ in ("most", "highest", "largest", "biggest")
                                    for t in clause):
            return None
        for t in clause:
            if t.dep_ in ("nsubj", "nsubjpass"):
                m = names.for_token(t)
                if m is not None:
                    grp = names.group(m, (seg.start, s))
                    return m if len(grp) == 1 else None
                if any(c.dep_ == "ccomp" and c.i > t.i for c in t.head.children):
                    continue  # 'The report shows that X ...': the reported clause's subject
                return None
        # no subject parsed ('Lagos hosts ...' read as a noun compound): a name that opens the
        # sentence, before the comparison, is the one compared
        if compared and (m := names.at(seg.start)) is not None and m.end < s \
                and len(names.group(m, (seg.start, s))) == 1 and not self._possessive(doc, m):
            return m
        return None

    def _inline_items(self, doc, segs, runs, names: NameIndex, table: DocTable) -> list[RawItem]:
        """'The largest were, in order: 1. A 2. B 3. C': one item per number (exact rank)."""
        out: list[RawItem] = []
        for run in runs:
            evidence = (run[0][1], run[-1][2])
            for rank, s, e, raw in run:
                span = table.expand(s, e)
                if span is None or span[1] <= span[0]:
                    continue
                k = next((j for j, sg in enumerate(segs) if sg.start_char <= s < sg.end_char), 0)
                m = names.at(span[0])
                if m is not None and m.start == span[0] and m.char_end <= e:  # (not 'Amazon 2' of a small model)
                    out.append(RawItem(m.name, m.entity_id, m.char_start, m.char_end, rank=rank, seg=k,
                                       evidence=evidence))
                elif 0 < len(raw.split()) <= 5 and all(w[:1].isupper() or not w[:1].isalpha() for w in raw.split()):
                    out.append(RawItem(raw, None, s, e, rank=rank, seg=k, evidence=evidence))
        return out

    def _numbered_lines(self, doc, text: str, segs, lines, names: NameIndex, table: DocTable) -> list[RawItem]:
        """'1. Apple\\n2. Google\\n...' (two or more lines numbered in sequence)."""
        out: list[RawItem] = []
        block: list[re.Match] = []

        def flush():
            if len(block) >= 2:
                for mt in block:
                    rank = int(mt.group(1))
                    s, e = mt.start(2), mt.end(2)
                    text = _LINE_NOTE.sub("", mt.group(2)).rstrip(" .;,") or mt.group(2).rstrip(" .;,")
                    e = s + len(text)
                    span = table.expand(s, e)
                    m = names.at(span[0]) if span is not None and span[1] > span[0] else None
                    k = next((j for j, sg in enumerate(segs) if sg.start_char <= s < sg.end_char), 0)
                    if m is not None and m.start >= (span[0] if span is not None else 0) and m.end >= span[1]:
                        out.append(RawItem(m.name, m.entity_id, m.char_start, m.char_end, rank=rank, seg=k,
                                           evidence=(block[0].start(), block[-1].end())))
                    elif len(text.split()) <= 6:
                        out.append(RawItem(text, None, s, e, rank=rank, seg=k,
                                           evidence=(block[0].start(), block[-1].end())))
            block.clear()

        for mt in lines:
            if block and (int(mt.group(1)) != int(block[-1].group(1)) + 1
                          or text.count("\n", block[-1].end(), mt.start()) > 2):
                flush()
            block.append(mt)
        flush()
        return out


def _finditer(pattern: "re.Pattern[str]", text: str, low: Optional[str]):
    """``pattern.finditer(text)`` for a case-insensitive pattern; over ``low`` (:func:`lower_text`), when
    the pattern can be read there without the flag (the same matches, faster)."""
    folded = case_sensitive(pattern) if low is not None else None
    return folded.finditer(low) if folded is not None else pattern.finditer(text)


class _Lazy:
    """A value computed on first use (what the article's list covers: a scan of the text)."""

    def __init__(self, make) -> None:
        self.make, self.done, self.value = make, False, None

    def __call__(self):
        if not self.done:
            self.value, self.done = self.make(), True
        return self.value


def _sentence_list(doc: Doc) -> list[Span]:
    """The Doc's sentences, so that finding one is a bisection, not a walk of its tokens.

    Token.sent and Doc.sents agree (both cut at sent_start == 1) unless a hook
    replaces one of them: then each sentence is asked of its own token, as before.
    """
    if "sents" not in doc.user_hooks and "sent" not in doc.user_span_hooks and "sent" not in doc.user_token_hooks:
        return list(doc.sents)
    out: list[Span] = []
    i = 0
    while i < len(doc):
        out.append(doc[i].sent)
        i = max(out[-1].end, i + 1)
    return out


def _table_lines(text: str) -> list[re.Match]:
    """Rows of a flattened table ('1 Beijing 85.2'): only a block of three or more rows numbered 1, 2, 3, ..."""
    rows = line_matches(_TABLE_LINE, text)
    out: list[re.Match] = []
    block: list[re.Match] = []
    for mt in rows + [None]:
        if mt is not None and block and int(mt.group(1)) == int(block[-1].group(1)) + 1 \
                and text.count("\n", block[-1].end(), mt.start()) <= 1:
            block.append(mt)
            continue
        if len(block) >= 3 and int(block[0].group(1)) == 1:
            out.extend(block)
        block = [mt] if mt is not None else []
    return out


def _inline_lists(text: str) -> list[list[tuple[int, int, int, str]]]:
    """Lists numbered inline, within one line: runs of markers of one kind numbered 1, 2, 3, ...

    Each run is a list of (rank, start, end, name text). Two markers at least ('(1) A, (2) B'),
    three for '1.' (a bare '1.' ends sentences too), and an ordering word before the first.
    """
    marks = [(mt.lastindex, int(mt.group(mt.lastindex)), mt.start(), mt.end()) for mt in _inline_marks(text)]
    if len(marks) < 2:
        return []
    runs: list[list[tuple[int, int, int, int]]] = []
    cur: list[tuple[int, int, int, int]] = []
    for mk in marks + [None]:
        if mk is not None and cur and mk[0] == cur[-1][0] and mk[1] == cur[-1][1] + 1 \
                and mk[2] - cur[-1][3] <= 80 and "\n" not in text[cur[-1][3] : mk[2]]:
            cur.append(mk)
            continue
        if cur and cur[0][1] == 1 and len(cur) >= (3 if cur[0][0] == 1 else 2):
            runs.append(cur)
        cur = [mk] if mk is not None and mk[1] == 1 else []
    out: list[list[tuple[int, int, int, str]]] = []
    for run in runs:
        line_start = text.rfind("\n", 0, run[0][2]) + 1
        if not _INLINE_CUE.search(text, line_start, run[0][2]):
            continue
        items: list[tuple[int, int, int, str]] = []
        for i, (_, rank, _, e) in enumerate(run):
            if i + 1 < len(run):
                stop = run[i + 1][2]
            else:
                end = _INLINE_END.search(text, e)
                stop = end.start() if end else len(text)
            raw = _LINE_NOTE.sub("", text[e:stop])
            raw = re.sub(r"(?:,|\s)+(?:and|or)?\s*$", "", raw).rstrip(" .;,")
            if raw:
                items.append((rank, e, e + len(raw), raw))
        if len(items) == len(run):
            out.append(items)
    return out


def _inline_marks(text: str):
    """``_INLINE_MARK.finditer(text)``, run only near the places a marker can end.

    Every marker ends as ``_MARK_TAIL`` does (a digit, maybe "." or ")", spaces, a capital
    next) and starts at most ``_MARK_REACH`` characters before that digit. A window around
    each such ending holds each match whole, with the capital after it in view, so
    ``finditer`` over the windows finds the same matches as over the text (the regex is
    tried at a few dozen characters instead of all of them)."""
    windows: list[list[int]] = []
    for tail in _MARK_TAIL.finditer(text):
        lo, hi = max(0, tail.start() - _MARK_REACH), tail.end() + 1
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = hi
        else:
            windows.append([lo, hi])
    for lo, hi in windows:
        yield from _INLINE_MARK.finditer(text, lo, hi)


def _ranked_noun_criterion(doc: Doc, seg: Span, x: RankExpr) -> str:
    """'the second country after Uruguay to adopt the rule' -> 'country to adopt the rule': the noun
    phrase and the infinitive that says what the places are for."""
    words = []
    i = x.end
    while i < seg.end and (doc[i].pos_ in ("NOUN", "PROPN", "ADJ") or doc[i].tag_ in ("JJS", "RBS", "VBN")) \
            and doc[i].lower_ not in ("after", "behind"):
        words.append(doc[i].text)
        i += 1
    j = next((t.i for t in doc[i : seg.end] if t.lower_ == "to" and t.i + 1 < seg.end
              and doc[t.i + 1].pos_ in ("VERB", "AUX")), None)
    if j is not None:
        e = next((t.i for t in doc[j : seg.end] if t.text in (",", ";", ":", ".")), seg.end)
        words += [t.text for t in doc[j:e]]
    return " ".join(words)


def _confirm_ahead(items: list[RawItem]) -> list[RawItem]:
    """'X led the list, ahead of Y' gives Y the second place only when the article goes on with
    third place (in that sentence or the next three) and states no other second place there."""
    out = []
    for it in items:
        if it.extra.get("ahead"):
            near = [o for o in items if o is not it and it.seg <= o.seg <= it.seg + 3 and not o.extra.get("ahead")]
            if not any(o.rank == 3 for o in near) or any(o.rank == 2 for o in near):
                continue
        out.append(it)
    return out


def _earlier_hint(low: Optional[str], seg: Span) -> bool:
    """The sentence may hold a modifier of an earlier edition (a cheap test on the lower-case text, when
    there is one, before the parse is read)."""
    return low is None or _EARLIER_HINT.search(low, seg.start_char, seg.end_char) is not None


def _earlier_edition(doc: Doc, seg: Span, x: RankExpr) -> bool:
    """The verb of the position has a modifier of an earlier edition ('a year ago', 'in the previous
    edition', 'last year' in a relative clause): read from the parse, its own phrase only."""
    # "Oslo, last year's No. 1, fell to fifth": an earlier edition as possessor of the position
    j = x.start - 1
    if j - 2 >= seg.start and doc[j].lower_ in ("'s", "’s") \
            and _EARLIER_OWNER.fullmatch(doc[j - 2].lower_ + " " + doc[j - 1].lower_):
        return True
    t = doc[x.anchor]
    v = governor(t) if t.pos_ not in ("VERB", "AUX") else t
    if v is None:
        return False
    for c in v.children:
        # (the head word first: the phrase's edges cost more, and few modifiers are 'year', 'ago', 'in' ...)
        if c.lower_ in _EARLIER_HEADS and c.dep_ in ("npadvmod", "advmod", "prep") \
                and seg.start <= c.left_edge.i and c.right_edge.i < seg.end and c.right_edge.i - c.left_edge.i <= 5:
            words = doc[c.left_edge.i : c.right_edge.i + 1].text.lower()
            if _EARLIER.fullmatch(words) or (v.dep_ == "relcl" and _EARLIER_RELATIVE.fullmatch(words)):
                return True
    return False


def _chain_top(out: list[RawItem], rank: int) -> Optional[int]:
    """The highest place of the exact single positions just above rank stated earlier in the sentence
    (2 for 'A came second and B third'), else None."""
    ranks = {it.rank for it in out if it.rank is not None and not it.extra.get("above")}
    top = rank
    while top - 1 in ranks:
        top -= 1
    return top if top < rank else None


def _tied(doc: Doc, seg: Span, x: RankExpr, lex: Lexicon) -> bool:
    # (tokens by index: a Span per call costs more than the test)
    return any(doc[i].lower_ in lex.tie_markers for i in range(max(seg.start, x.start - 3), x.end))


def _nearest(entries: list, seg: int):
    """The entry of the latest sentence at or before seg, else the first one."""
    best = None
    for k, info in entries:
        if k <= seg:
            best = info
    if best is None and entries:
        best = entries[0][1]
    return best


def _excluded(meta: dict, seg: Span) -> bool:
    """meta: doc._.news_meta."""
    title = meta.get("title_span")
    for s, e in meta.get("excluded") or []:
        if s <= seg.start_char and seg.end_char <= e:
            if title and _overlaps(title, (seg.start_char, seg.end_char)):
                return False
            return True
    return False


def _overlaps(a, b) -> bool:
    if isinstance(a, dict):
        a = (a.get("start"), a.get("end"))
    return a[0] is not None and a[0] < b[1] and b[0] < a[1]
