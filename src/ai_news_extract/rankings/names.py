"""Which names can be ranked items, and how a token maps to one.

An item's name is the canonical name of the entity whose mention covers the
token (doc._.news_entities, written by the entities stage); without that stage
it falls back to doc.ents and then to runs of proper nouns, so the stage also
works at the end of a plain spaCy pipeline.
"""

from __future__ import annotations

import bisect
from functools import lru_cache
from typing import Iterable, NamedTuple, Optional

import numpy as np
from spacy.attrs import ENT_TYPE, IS_ALPHA, IS_LOWER, IS_PUNCT, IS_SPACE, IS_UPPER, LENGTH, LIKE_NUM, LOWER, ORTH, POS, TAG
from spacy.parts_of_speech import PROPN
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from .lexicon import Lexicon
from .table import DocTable

_NOT_NAMES = {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"}
_SEPARATORS = {",", "and", "or", "&", "as", "well"}
_CONJUNCTIONS = {"and", "or", "&"}


class Mention(NamedTuple):
    """A name over tokens ``start:end``. (A named tuple, not a frozen dataclass: the same value
    semantics, equality and hash of the fields, at a third of the cost to make; a Doc makes dozens.)"""

    start: int  # first token
    end: int  # token after the last
    name: str
    entity_id: Optional[str]
    char_start: int
    char_end: int
    label: Optional[str] = None  # entity label, when an entity or doc.ents gave the mention

    def root(self, doc: Doc) -> Token:
        return span_root(doc, self.start, self.end)


def span_root(doc: Doc, start: int, end: int) -> Token:
    """``doc[start:end].root``. A one-token span's root is its token (spaCy's rule, unless a
    "root" span hook says otherwise): then no Span is made (some microseconds each)."""
    if end - start == 1 and "root" not in doc.user_span_hooks:
        return doc[start]
    return Span(doc, start, end).root  # (doc[start:end], made directly: a slice costs more)


def tokens(doc: Doc, start: int, end: int) -> list[Token]:
    """The tokens of ``doc[start:end]`` (0 <= start, end <= len(doc)), without making the Span."""
    return [doc[i] for i in range(start, end)]


class NameIndex:
    """Name mentions of one Doc, indexed by token."""

    def __init__(self, doc: Doc, lex: Lexicon, ranges: Optional[list[tuple[int, int]]] = None,
                 table: Optional[DocTable] = None) -> None:
        """ranges: token ranges to index (the sentences that matter); None: the whole Doc.
        table: a :class:`DocTable` of the Doc with :data:`NAME_ATTRS`, when the caller has one."""
        self.doc = doc
        self.lex = lex
        self.table = table if table is not None else DocTable(doc, NAME_ATTRS)
        self.ranges = _coalesce(ranges) if ranges is not None else [(0, len(doc))]
        self._range_starts = [lo for lo, _ in self.ranges]  # (sorted, and the ranges do not touch)
        self.by_token: list[Optional[Mention]] = [None] * len(doc)
        self._claimed: list[Mention] = []
        entities = doc._.news_entities
        if entities:
            self._add_entities(entities)
        else:
            self._add_ents(doc.ents)
        if entities:
            self._extend_products()
        if self.ranges:
            self._add_proper_noun_runs(proper_tokens(doc, lex, self.table))
        # each mention holds one run of tokens, no two overlap: in token order, in text order
        # (sorted from the claims: no walk of every token of the Doc)
        self.mentions: list[Mention] = sorted(self._claimed, key=_start_of)
        del self._claimed

    # ------------------------------------------------------------ building

    def _inside(self, start: int, end: int) -> bool:
        """Some range holds start:end (only the one holding ``start`` can: the ranges are apart)."""
        k = bisect.bisect_right(self._range_starts, start) - 1
        return k >= 0 and end <= self.ranges[k][1]

    def _free(self, start: int, end: int) -> bool:
        """Tokens start:end lie in an indexed range and no mention holds any of them."""
        return self._inside(start, end) and self.by_token[start:end].count(None) == end - start

    def _take(self, m: Mention) -> None:
        """Gives m its tokens (they are :meth:`_free`)."""
        width = m.end - m.start
        if width > 0:
            self.by_token[m.start : m.end] = [m] * width
            self._claimed.append(m)

    def _claim(self, m: Mention) -> None:
        if self._free(m.start, m.end):
            self._take(m)

    def _add_entities(self, entities: list[dict]) -> None:
        spans: list[tuple[int, int, dict]] = []
        starts, lengths = self.table.starts, self.table.lengths  # (Token.idx, len(Token))
        lo_char = starts[self.ranges[0][0]] if self.ranges and self.ranges[0][0] < len(self.doc) else 0
        # A mention whose characters miss every indexed range cannot be claimed (_claim): skip it
        # before it costs a char_span.
        doc = self.doc
        char_ranges = [(starts[lo], starts[hi - 1] + lengths[hi - 1]) for lo, hi in self.ranges if lo < hi]
        # (in text order and apart: of those that start before e, the last one ends last)
        char_starts = [a for a, _ in char_ranges]
        for ent in entities:
            for s, e in ent.get("mentions") or []:
                if e > lo_char:
                    k = bisect.bisect_left(char_starts, e) - 1  # the last range with a < e
                    if s >= e or (k >= 0 and s < char_ranges[k][1]):
                        spans.append((s, e, ent))
        # longer mentions first, so a nested short one does not split a long one
        expand = self.table.expand
        for s, e, ent in sorted(spans, key=lambda x: (-(x[1] - x[0]), x[0])):
            span = expand(s, e)
            if span is None or span[1] <= span[0] or not self._free(span[0], span[1]):
                continue  # (tested before the Mention is made: most are not claimed)
            canonical = ent.get("canonical") or self.table.text_of(span[0], span[1])
            self._take(Mention(span[0], span[1], canonical, ent.get("id"), s, e, ent.get("label")))

    def _extend_products(self) -> None:
        """'Kimi Agent 2', 'MiniMax Agent': a company or product name that is a compound of the
        proper nouns right after it (in no other mention) names another product, the whole run (a
        model number included). The entities stage keeps only the known name."""
        doc, by_token = self.doc, self.by_token
        n = len(doc)
        for k, m in enumerate(self._claimed):
            if m.label not in ("PRODUCT", "ORG") or m.end >= n or by_token[m.end] is not None:
                continue
            last = doc[m.end - 1]
            head = last.head.i
            if last.dep_ != "compound" or head < m.end or head - m.end > 2 or not self._inside(m.end, head + 1):
                continue
            if any(doc[i].pos_ != "PROPN" or not doc[i].text[:1].isupper() or by_token[i] is not None
                   for i in range(m.end, head + 1)):
                continue
            end = head + 1
            if end < n and by_token[end] is None and doc[end].like_num and doc[end].dep_ == "nummod" \
                    and doc[end].head.i == head and self._inside(end, end + 1):
                end += 1  # 'Agent 2'
            text = doc[m.start:end].text
            new = Mention(m.start, end, text, None, m.char_start, doc[end - 1].idx + len(doc[end - 1]), m.label)
            by_token[m.start:end] = [new] * (end - m.start)
            self._claimed[k] = new

    def _add_ents(self, ents: Iterable[Span]) -> None:
        for ent in ents:
            if ent.label_ not in self.lex.name_labels:
                continue
            start = ent.start
            while start < ent.end and self.doc[start].lower_ in ("the", "a", "an"):
                start += 1
            end = ent.end
            # the small model's entities may swallow a position: 'Ghana third'
            while end > start + 1 and self.lex.is_ordinal(self.doc[end - 1].text):
                end -= 1
            while end > start and (self.doc[end - 1].is_punct or self.doc[end - 1].is_space):
                if self.doc[end - 1].text == ")" and "(" in ent.text:
                    break
                end -= 1
            # the small model's entities may run over a line break ('Coca-Cola\n4') or a list comma
            # ('Alibaba, Tencent'): cut them there
            pieces: list[tuple[int, int]] = []
            a = start
            for k in range(start, end):
                t = self.doc[k]
                if "\n" in t.text:
                    break
                if t.text == "," and not (k + 1 < end and self.doc[k + 1].lower_ in ("inc", "inc.", "ltd", "ltd.", "llc")):
                    pieces.append((a, k))
                    a = k + 1
            else:
                k = end
            pieces.append((a, k))
            if len(pieces) > 1:
                # a glued list 'Cusco, Arequipa and Trujillo': its last piece holds two names
                a, k = pieces[-1]
                cc = next((x for x in range(a + 1, k) if self.doc[x].lower_ in ("and", "&")), None)
                if cc is not None:
                    pieces[-1:] = [(a, cc), (cc + 1, k)]
            for ps, pe in pieces:
                while ps < pe and (self.doc[ps].is_space or self.doc[ps].lower_ in ("the", "and")):
                    ps += 1
                if pe <= ps:
                    continue
                span = self.doc[ps:pe]
                self._claim(Mention(ps, pe, span.text, None, span.start_char, span.end_char, ent.label_))

    def _add_proper_noun_runs(self, proper: list[bool]) -> None:
        """Runs of name tokens in each range. proper: :func:`proper_tokens` of the Doc."""
        doc, table = self.doc, self.table
        # read from the table: a Token (and a Span for the run's text) costs more than the test
        orth, like_num, starts = table.col(ORTH), table.col(LIKE_NUM), table.starts
        dashes = _ids(("-", "–"))
        n = len(doc)
        for lo, hi in self.ranges:
            i = lo
            while i < hi:
                if not proper[i]:
                    try:
                        i = proper.index(True, i, hi)  # (the next possible name token, found in C)
                    except ValueError:
                        break
                if self.by_token[i] is None and proper[i]:
                    j = i + 1
                    while j < hi and self.by_token[j] is None and (
                        proper[j]
                        or (orth[j] in dashes and j + 1 < n and proper[j + 1])
                    ):
                        j += 1
                    # 'Qihoo 360': a numeral that belongs to the name
                    if j < n and like_num[j] and _name_numeral(doc[j], i):
                        j += 1
                    if self._free(i, j):
                        self._take(Mention(i, j, table.text_of(i, j), None, starts[i], table.end_char(j)))
                    i = j
                else:
                    i += 1

    # ------------------------------------------------------------ lookups

    def at(self, i: int) -> Optional[Mention]:
        if 0 <= i < len(self.by_token):
            return self.by_token[i]
        return None

    def ending_before(self, i: int) -> Optional[Mention]:
        """The mention that ends right before token i (skipping one comma)."""
        j = i - 1
        if j >= 0 and self.doc[j].text == ",":
            j -= 1
        return self.at(j)

    def in_range(self, start: int, end: int) -> list[Mention]:
        out: list[Mention] = []
        for m in self.mentions:
            if m.start >= start and m.end <= end:
                out.append(m)
        return out

    def for_token(self, t: Token) -> Optional[Mention]:
        """The name a (head) token stands for.

        'Microsoft's 561 petaflops Eagle supercomputer' -> Eagle; 'the city of
        Nanjing' -> Nanjing; a bare common noun ('three cities') -> None.
        """
        m = self.at(t.i)
        if m is not None:
            return m
        # 'Two Chinese cities, Beijing and Shanghai, were ...'
        for c in t.rights:
            if c.dep_ == "appos" and (m := self.at(c.i)) is not None and t.pos_ == "NOUN":
                return m
        if t.pos_ in ("NOUN", "PROPN") and self.lex.lemma(t) in self.lex.class_nouns and t.tag_ != "NNS":
            for c in reversed(list(t.lefts)):
                if c.dep_ in ("compound", "nmod", "appos") and (m := self.at(c.i)) is not None:
                    if m.end == t.i:
                        return m  # 'the Eagle supercomputer' -> Eagle
                    between = self.doc[m.end : t.i]
                    if all(x.pos_ in ("NOUN", "PROPN") and x.dep_ in ("compound", "nmod") for x in between):
                        # 'the Shenzhen-Hong Kong-Guangzhou innovation cluster': the whole name
                        span = self.doc[m.start : t.i + 1]
                        return Mention(m.start, t.i + 1, span.text, None, span.start_char, span.end_char)
                    return m
            for c in t.rights:
                if c.dep_ == "prep" and c.lower_ == "of":
                    for g in c.children:
                        if g.dep_ == "pobj" and (m := self.at(g.i)) is not None:
                            return m
                if c.dep_ == "appos" and (m := self.at(c.i)) is not None:
                    return m
        return None

    def _owned(self, m: Mention, hi: int) -> Mention:
        """'... and Anthropic's Claude Opus 4.5': the name a list member owns is the member."""
        if m.end + 1 < hi and self._possessive_at(m) and (owned := self.at(m.end + 1)) is not None \
                and owned.start == m.end + 1:
            return owned
        return m

    def group(self, m: Mention, limit: Optional[tuple[int, int]] = None) -> list[Mention]:
        """The coordination 'A, B and C' that mention m belongs to (in text order).

        A comma list without a conjunction ('Carnegie Mellon, Pennsylvania,') is an
        apposition, not a list: then only m is returned.
        """
        doc = self.doc
        lo, hi = limit if limit else (0, len(doc))
        members = [m]
        conj = False
        # rightwards: a list goes on while its names are linked in the parse or
        # until the name after its last conjunction ('A, B, C, and D')
        chain: list[tuple[Mention, bool]] = []
        j = m.end
        while True:
            k, saw_conj = self._skip_separators(j, hi, members[-1] if not chain else chain[-1][0])
            nxt = self.at(k) if k < hi else None
            if nxt is None or k == j:
                break
            nxt = self._owned(nxt, hi)
            chain.append((nxt, saw_conj))
            j = nxt.end
        last_conj = max((i for i, (_, c) in enumerate(chain) if c), default=-1)
        for i, (nxt, saw_conj) in enumerate(chain):
            if i <= last_conj or self._linked(nxt, members):
                conj = conj or saw_conj
                members.append(nxt)
            else:
                break
        # leftwards; the first step over a conjunction needs no parse link ('..., Hangzhou and
        # Guangzhou rank': the parser often hangs the last name on the verb)
        j = m.start
        first_step = True
        headline = self._headline_chain(m, lo, hi) if len(members) == 1 else None
        if headline:
            members = headline
            conj = True
        while not headline:
            j = self._owner_start(j, lo)  # ("Moonshot's Kimi and Zhipu's GLM": over 'Zhipu's')
            k = j - 1
            saw_conj = False
            while k >= lo and (doc[k].lower_ in _SEPARATORS or doc[k].lower_ in ("the",) or doc[k].is_space):
                saw_conj = saw_conj or doc[k].lower_ in _CONJUNCTIONS
                k -= 1
            prev = self.at(k) if k >= lo else None
            if prev is None or k == j - 1:
                break
            adjacent_conj = first_step and saw_conj and len(members) == 1 and members[0] is m \
                and all(doc[x].lower_ in _CONJUNCTIONS or doc[x].text == "," or doc[x].is_space
                        for x in range(k + 1, j)) \
                and not self._possessive_at(prev)
            if not (adjacent_conj or self._linked(prev, members)):
                break
            if adjacent_conj and not self._linked(prev, members) and _clause_subject(doc, m) \
                    and prev.start > lo and doc[prev.start - 1].pos_ == "ADP":
                break  # 'ahead of AMD, and Intel placed third': a new clause's subject after an object
            first_step = False
            conj = conj or saw_conj
            members.insert(0, prev)
            j = prev.start
        if len(members) > 1 and not conj and self._headline_chain(members[-1], lo, hi) != members:
            return [m]
        return _unique(members)

    def _owner_start(self, j: int, lo: int) -> int:
        """Where the owner of the name at token j starts ('Zhipu' of "Zhipu's GLM"), else j: the owner
        is part of the member's phrase, as :meth:`_owned` reads it rightwards."""
        if j - 2 >= lo and self.doc[j - 1].lower_ in ("'s", "’s") and (owner := self.at(j - 2)) is not None \
                and owner.end == j - 1 and owner.start >= lo:
            return owner.start
        return j

    def _possessive_at(self, m: Mention) -> bool:
        return m.end < len(self.doc) and self.doc[m.end].lower_ in ("'s", "’s")

    def _headline_chain(self, m: Mention, lo: int, hi: int) -> Optional[list[Mention]]:
        """'Beijing, Guangdong lead computing power index': a headline joins names with commas only.

        Only when the names open the line and a verb follows the last one directly, so
        that an apposition ('Carnegie Mellon, Pennsylvania, ranked ...') does not qualify.
        """
        doc = self.doc
        start = lo
        while start < hi and (doc[start].is_space or doc[start].is_punct):
            start += 1
        if start >= m.start or m.end >= hi:
            return None
        nxt = doc[m.end]
        if not (nxt.pos_ in ("VERB", "AUX") or nxt.lower_ in ("lead", "top", "rank", "leads", "tops", "ranks")):
            return None
        chain: list[Mention] = []
        i = start
        while i < m.start:
            x = self.at(i)
            if x is None or x.end >= m.start or doc[x.end].text != ",":
                return None
            chain.append(x)
            i = x.end + 1
        return chain + [m] if i == m.start else None

    def _skip_separators(self, j: int, hi: int, last: Mention) -> tuple[int, bool]:
        doc = self.doc
        saw_conj = False
        k = j
        while k < hi:
            t = doc[k]
            if t.text == "(":
                # '(MIT)' after a name is an alias, not a list member
                close = next((x for x in range(k + 1, min(k + 8, hi)) if doc[x].text == ")"), None)
                if close is None:
                    break
                k = close + 1
                continue
            if t.lower_ in _SEPARATORS or t.lower_ == "the" or t.is_space:
                saw_conj = saw_conj or t.lower_ in _CONJUNCTIONS
                k += 1
                continue
            break
        return k, saw_conj

    def _linked(self, other: Mention, members: list[Mention]) -> bool:
        """Parse agrees that other is coordinated with the members (any direct link)."""
        doc = self.doc
        o = other.root(doc)
        roots = [x.root(doc) for x in members]
        member_tokens = {i for x in members for i in range(x.start, x.end)}
        if o.head.i in member_tokens:
            return True
        for r in roots:
            if r.head.i in range(other.start, other.end):
                return True
            if r.head.i == o.head.i and r.dep_ == o.dep_:
                return True
            if o.dep_ == "conj" and r.dep_ == "conj" and o.head.i == r.head.i:
                return True
        # a flat list the parser chained through a non-name word ('science and technology, Beijing, ...')
        return o.dep_ == "conj" and any(r.dep_ == "conj" for r in roots)


_PROPER_ATTRS = [ENT_TYPE, IS_SPACE, IS_PUNCT, LOWER, LIKE_NUM, IS_UPPER, IS_ALPHA, LENGTH, POS, TAG, IS_LOWER]
NAME_ATTRS = [*_PROPER_ATTRS, ORTH]  # what a NameIndex reads from its DocTable


def _name_numeral(t: Token, start: int) -> bool:
    """'Qihoo 360': t, a number-like token right after the name run that starts at token ``start``,
    belongs to the name (a numeral that modifies the name, not a quantity or a date)."""
    return t.text.isdigit() and t.dep_ == "nummod" and start <= t.head.i < t.i \
        and t.ent_type_ not in _NOT_NAMES - {"CARDINAL"}


def proper_tokens(doc: Doc, lex: Lexicon, table: Optional[DocTable] = None) -> list[bool]:
    """For every token: can it be (part of) a name? Proper nouns and acronyms, not numbers, dates,
    ordinals or punctuation.

    Token by token: not an entity of a _NOT_NAMES label, no space or punctuation, not an
    ordinal word nor like a number; then an upper-case word of 2+ letters after a word that
    is not upper case ('... the IMD ranking'), or a PROPN / NNP / NNPS. Read from the Doc's
    attribute arrays: making a Token object for each costs more than the test.
    """
    if not len(doc):
        return []
    if table is None:
        table = DocTable(doc, _PROPER_ATTRS)
    _ent, space, punct, _lower, num, upper, alpha, length, pos, tag, _is_lower = (table.column(a) for a in _PROPER_ATTRS)
    nnp, nnps = (get_string_id(t) for t in ("NNP", "NNPS"))
    after_upper = np.concatenate(([True], upper[:-1] == 1))  # the first token has no word before it
    acronym = (upper == 1) & (alpha == 1) & (length >= 2) & ~after_upper
    named = (pos == PROPN) | (tag == nnp) | (tag == nnps)
    maybe = (space == 0) & (punct == 0) & (num == 0) & (acronym | named)
    out = maybe.tolist()
    # the word-list tests only where the rest says yes (a set lookup per token beats np.isin here)
    not_names, ordinals, classes = _ids(tuple(sorted(_NOT_NAMES))), _ordinal_ids(lex), _class_noun_ids(lex)
    ent, lower, is_lower = table.col(ENT_TYPE), table.col(LOWER), table.col(IS_LOWER)
    for i in np.flatnonzero(maybe).tolist():
        if ent[i] in not_names or lower[i] in ordinals or lower[i] in classes and is_lower[i]:
            out[i] = False  # (nor a lower-case class noun the tagger took for a name: "Alibaba's Qwen app")
    return out


def _class_noun_ids(lex: Lexicon) -> frozenset[int]:
    """The string ids of the lexicon's class nouns ("app", "model")."""
    return lex.memo("class_noun_ids", lambda: _ids(tuple(sorted(lex.class_nouns))))


def _ordinal_ids(lex: Lexicon) -> frozenset[int]:
    """The string ids of the lexicon's ordinal words (looked up once per lexicon)."""
    return lex.memo("ordinal_ids", lambda: _ids(tuple(sorted(lex.ordinal_words))))


@lru_cache(maxsize=16)
def _ids(strings: tuple[str, ...]) -> frozenset[int]:
    """The string ids of ``strings``, the values Doc.to_array gives (labels and tags are symbols or hashes)."""
    return frozenset(get_string_id(s) for s in strings)


def _coalesce(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Touching ranges as one: a name may straddle a sentence boundary the parser put inside
    it ('Tsinghua' | 'University topped ...'); line breaks leave a gap, so they still cut."""
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(ranges):
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(hi, out[-1][1]))
        else:
            out.append((lo, hi))
    return out


def _start_of(m: Mention) -> int:
    return m.start


def _unique(ms: list[Mention]) -> list[Mention]:
    seen: set[tuple[int, int]] = set()
    out = []
    for m in ms:
        key = (m.start, m.end)
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out


def _clause_subject(doc: Doc, m: Mention) -> bool:
    """The mention is the subject of a verb that follows it ('..., and Intel placed third')."""
    root = m.root(doc)
    return root.dep_ in ("nsubj", "nsubjpass") and root.head.i >= m.end
