"""What the events stage reads from a Doc, indexed by token.

Entities come from ``doc._.news_entities`` (the entities stage); without it
(a bare spaCy pipeline) ``doc.ents`` stands in. Dates come from
``doc._.news_dates``; only calendar values ("2019", "2019-03", "2019-03-28",
intervals of these) are used for event start/end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, repeat
from operator import add
from typing import Optional

import numpy as np
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, IS_PUNCT, LEMMA, ORTH, POS, SENT_START, SPACY, TAG
from spacy.parts_of_speech import NAMES as POS_NAMES
from spacy.tokens import Doc

from ..doc_attrs import doc_text
from ..offsets import expand_span
from ..scan import first_char_lookahead
from .lexicon import words_from_arrays
from .tokens import ParseToken, TokenSpan

_CALENDAR = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?:T[\w:.]*)?$")
_COARSE = re.compile(r"^\d{4}-(?:W\d{2}|Q[1-4]|H[12]|SP|SU|FA|WI)$")  # week, quarter, half year, season
# spaCy labels that stand in for our entity labels when the entities stage did not run.
_FALLBACK_LABELS = {"ORG": "ORG", "PERSON": "PERSON", "GPE": "GPE", "LOC": "LOC", "FAC": "FAC",
                    "EVENT": "EVENT", "PRODUCT": "PRODUCT", "WORK_OF_ART": "PRODUCT", "LAW": "PRODUCT"}


_NEAR_WEEKDAY = re.compile(r"^(\d{4})-WXX-\d")


@lru_cache(maxsize=4096)  # (a few values recur in every article: the publication date, "2024")
def calendar_value(value: Optional[str], dct: Optional[str] = None) -> Optional[str]:
    """'2019-03-28T10:00' -> '2019-03-28'; weeks, quarters, halves, seasons kept ('2019-W12',
    '2019-Q1', '2019-H1', '2019-SP'); other values (PAST_REF, P3Y, XXXX-03) -> None.

    A weekday the dates stage could not place ("2024-WXX-2": "on Tuesday" in an
    article dated only "May 2024") lies next to the publication date: its value
    is the publication month (or year).
    """
    if not value:
        return None
    near = _NEAR_WEEKDAY.match(value)
    if near and dct and dct[:4] == near.group(1) and len(dct) < 10:
        return dct
    if _COARSE.match(value):
        return value
    m = _CALENDAR.match(value)
    if not m:
        return None
    return "-".join(g for g in m.groups() if g)


@lru_cache(maxsize=4)
def _money_regex(pattern: str) -> "re.Pattern[str]":
    """The money pattern, led by a look-ahead for the characters an amount can start with
    ("$", "H" of "HK$", a digit): the same matches, three times faster over a whole article."""
    return re.compile(first_char_lookahead([pattern]) + "(?:" + pattern + ")")


class Mention:
    """One mention of an entity: the entity's record (``doc._.news_entities``) and its tokens. The
    record's id, label and canonical name are read once: the rules read them thousands of times
    per article. (Each mention has a span of its own: two mentions are equal when they are one.)"""

    __slots__ = ("entity", "span", "id", "label", "canonical")

    def __init__(self, entity: dict, span: TokenSpan) -> None:
        self.entity = entity
        self.span = span
        self.id, self.label, self.canonical = entity["id"], entity["label"], entity["canonical"]

    def __repr__(self) -> str:
        return f"Mention({self.label} {self.canonical!r} {self.span.start}:{self.span.end})"

    @property
    def root(self) -> ParseToken:
        return self.span.root


@dataclass
class DateMention:
    data: dict
    span: TokenSpan
    start: Optional[str]  # calendar start value
    end: Optional[str]  # calendar end value (intervals), else None

    @property
    def root(self) -> ParseToken:
        return self.span.root


# The per-token attributes read from the Doc, in one ``to_array`` call (columns in this order).
_ARRAY_ATTRS = [ORTH, POS, HEAD, DEP, TAG, LEMMA, SPACY, ENT_IOB, ENT_TYPE, IS_PUNCT, SENT_START]
# Hash -> string, kept across documents (a string's hash never changes): labels, token texts and
# lower-case forms, so that an article looks up in the StringStore only what no article had.
_STRINGS: dict[int, str] = {0: ""}
_MAX_STRINGS = 500_000  # (cleared when full: the texts of a long stream of articles)
_LOWERS: dict[str, str] = {}  # token text -> its lower-case form, kept across documents like _STRINGS
_POS_NAMES = np.array([POS_NAMES.get(i, "") for i in range(max(POS_NAMES) + 1)], dtype=object)  # id -> Token.pos_


@dataclass
class DocContext:
    doc: Doc
    mentions: list[Mention]
    dates: list[DateMention]
    dct: Optional[str]  # document creation time (publication date), calendar value
    units: list[TokenSpan]  # sentences, also split at line breaks
    mention_at: list[Optional[Mention]] = field(default_factory=list)
    date_at: list[Optional[DateMention]] = field(default_factory=list)
    unit_at: list[int] = field(default_factory=list)
    money: set[int] = field(default_factory=set)
    header_end: int = 0  # character offset where the body starts
    words: list[str] = field(default_factory=list)  # lemma-like word per token (lexicon.doc_words)
    verb_at: list[bool] = field(default_factory=list)  # coarse tag VERB, read without making Token objects
    pos_at: list[int] = field(default_factory=list)  # coarse tag (symbol id) per token, likewise
    head_at: list[int] = field(default_factory=list)  # index of each token's head (Token.head.i)
    text: str = ""  # doc.text, read once (spaCy rebuilds it from the tokens on every access)
    # The parse as plain lists, read by index: every ``doc[i]`` makes a new Token object, and the
    # hot helpers would make thousands per document.
    dep_at: list[str] = field(default_factory=list)  # Token.dep_
    tag_at: list[str] = field(default_factory=list)  # Token.tag_
    lower_at: list[str] = field(default_factory=list)  # Token.lower_
    children_at: dict[int, tuple[int, ...]] = field(default_factory=dict)  # Token.children, as indices in text order
    child_tokens: dict[int, tuple[ParseToken, ...]] = field(default_factory=dict)  # Token.children
    idx_at: list[int] = field(default_factory=list)  # Token.idx (character offset)
    len_at: list[int] = field(default_factory=list)  # len(Token)
    space_after: list[int] = field(default_factory=list)  # 1 when a space follows the token (Token.whitespace_)
    is_punct_at: list[bool] = field(default_factory=list)  # Token.is_punct
    tokens: list[ParseToken] = field(default_factory=list)  # the tokens as ParseTokens: ``tokens[i]`` is ``doc[i]``
    roots: list[int] = field(default_factory=list)  # the tokens that are their own heads
    sent_starts: list[int] = field(default_factory=list)  # where sentences start: 0 and the tokens with sent_start 1
    _right_edges: dict[int, int] = field(default_factory=dict)  # memo of Token.right_edge.i
    _left_edges: dict[int, int] = field(default_factory=dict)  # memo of Token.left_edge.i

    @classmethod
    def from_doc(cls, doc: Doc, money_pattern: Optional[str] = None) -> "DocContext":
        meta = doc._.news_meta or {}
        dct = calendar_value(meta.get("published_value") or meta.get("published") or doc._.news_published_hint)
        ctx = cls(doc, [], [], dct, [], header_end=int(meta.get("header_end") or 0), text=doc_text(doc))
        ents = _read_parse(ctx, doc)
        ctx.units = _units(ctx, doc)
        ctx.mentions = _mentions(ctx, doc)
        ctx.dates = _dates(ctx, doc, dct)
        n = len(doc)
        # Each token's first mention: the mentions written last to first, the first overwriting the others.
        ctx.mention_at = mention_at = [None] * n
        for m in reversed(ctx.mentions):
            mention_at[m.span.start : m.span.end] = [m] * (m.span.end - m.span.start)
        ctx.date_at = [None] * n
        for d in ctx.dates:  # (a later date overwrites an overlapping earlier one)
            ctx.date_at[d.span.start : d.span.end] = [d] * (d.span.end - d.span.start)
        ctx.unit_at = [0] * n
        for k, u in enumerate(ctx.units):
            ctx.unit_at[u.start : u.end] = [k] * (u.end - u.start)
        # The tokens of MONEY entities (as ``doc.ents`` would give them: every B or I token belongs
        # to an entity of its own label), read from arrays rather than Span objects.
        if n:
            iob, typ = ents
            money = ((iob == 1) | (iob == 3)) & (typ == doc.vocab.strings["MONEY"])
            ctx.money = set(money.nonzero()[0].tolist())
        if money_pattern:
            # The small model misses amounts such as "HK$400 million".
            for m in _money_regex(money_pattern).finditer(ctx.text):
                found = ctx.char_tokens(m.start(), m.end())
                if found is not None:
                    ctx.money.update(range(*found))
        return ctx

    def release(self) -> None:
        """Drop the context's tokens and spans once the document is done, so that they are freed at
        once: they refer back to the context (and a root token is its own head), and left as they
        are only the garbage collector could free them; its sweeps over them cost time."""
        for i in self.roots:
            self.tokens[i].head = None  # type: ignore[assignment]
        self.tokens, self.child_tokens, self.units = [], {}, []
        self.mentions, self.mention_at, self.dates, self.date_at = [], [], [], []

    def entity(self, tok: ParseToken) -> Optional[Mention]:
        return self.mention_at[tok.i]

    def same_unit(self, a: ParseToken, b: ParseToken) -> bool:
        return self.unit_at[a.i] == self.unit_at[b.i]

    def right_edge(self, i: int) -> int:
        """``doc[i].right_edge.i``, found once per token (spaCy's own edge, read when asked)."""
        r = self._right_edges.get(i)
        if r is None:
            r = self._right_edges[i] = self.doc[i].right_edge.i
        return r

    def left_edge(self, i: int) -> int:
        """``doc[i].left_edge.i``, found once per token."""
        r = self._left_edges.get(i)
        if r is None:
            r = self._left_edges[i] = self.doc[i].left_edge.i
        return r

    def descendants(self, i: int) -> list[int]:
        """Token ``i`` and the tokens below it: the indices of ``doc[i].subtree``, in no particular
        order (for tests of membership, where a walk in spaCy's order is work for nothing). Read off
        the tokens sorted by head (:class:`_Children`), without making a child list per token."""
        by_head, start = self.children_at.by_head, self.children_at.start
        out = [i]
        for x in out:  # (the list grows while it is read: each token's children join it)
            if start[x] != start[x + 1]:
                out.extend(by_head[start[x] : start[x + 1]])
        return out

    def char_tokens(self, start_char: int, end_char: int) -> Optional[tuple[int, int]]:
        """(start, end) token indices of ``doc.char_span(start_char, end_char, alignment_mode="expand")``,
        None where spaCy gives None; without a Span (``offsets.expand_span``)."""
        return expand_span(self.idx_at, self.len_at, len(self.text), start_char, end_char)

    def span_root(self, start: int, end: int) -> int:
        """Index of ``doc[start:end].root``, by spaCy's rule: a sentence root inside the span, else
        the token nearest the sentence root among those whose head lies outside (the first on a
        tie); a space or punctuation token without children counts as far away."""
        head = self.head_at
        for i in range(start, end):
            if head[i] == i:
                return i
        n = len(head)
        best, root = n, -1
        for i in range(start, end):
            if start <= head[i] < end:
                continue
            if (self.is_punct_at[i] or self.tokens[i].text.isspace()) and not self.children_at[i]:
                steps = n - 1
            else:
                steps, x = 0, i
                while head[x] != x:
                    x = head[x]
                    steps += 1
                    if steps >= n:
                        raise RuntimeError("dependency parse with a cycle")
            if steps < best:
                best, root = steps, i
        return start if root == -1 else root


def _read_parse(ctx: DocContext, doc: Doc) -> tuple[np.ndarray, np.ndarray]:
    """Fill the per-token lists of ``ctx`` and its ParseTokens from one attribute array; returns
    the entity IOB and type columns (for the money tokens).

    This runs over every token of every article: the per-token work is done by numpy and by
    ``map`` (in C), and each distinct string is looked up in the StringStore once (``_STRINGS``)."""
    n = len(doc)
    if not n:
        return np.zeros(0), np.zeros(0)
    strings = doc.vocab.strings
    orth, pos, head, dep, tag, lemma, space, iob, typ, punct, sent_start = doc.to_array(_ARRAY_ATTRS).T
    ctx.sent_starts = [0, *((sent_start[1:] == 1).nonzero()[0] + 1).tolist()]  # (spaCy's doc.sents)
    ctx.pos_at = pos.tolist()
    head_of = np.arange(n) + head.astype(np.int64)  # (HEAD: a signed offset, stored unsigned)
    ctx.head_at = heads = head_of.tolist()
    ctx.dep_at = _strings_of(dep.tolist(), strings)
    tag_ids = tag.tolist()
    ctx.tag_at = _strings_of(tag_ids, strings)
    texts = _strings_of(orth.tolist(), strings)
    ctx.lower_at = _lowers_of(texts)  # (spaCy's English LOWER is str.lower)
    ctx.space_after = space.tolist()
    ctx.is_punct_at = punct.astype(bool).tolist()
    ctx.verb_at = (pos == strings["VERB"]).tolist()
    ctx.len_at = list(map(len, texts))  # (len(Token) is the length of its text)
    # each token starts where the last one and its space ended
    ctx.idx_at = idx = list(accumulate(map(add, ctx.len_at, ctx.space_after), initial=0))
    idx.pop()
    ctx.words = words_from_arrays(ctx.lower_at, tag_ids, lemma.tolist(), strings)
    # A token's children are the tokens whose head it is, in text order (as spaCy yields them): the
    # tokens (roots aside, their own heads) sorted by head, text order kept among siblings.
    # (array methods rather than numpy's functions: the same, without their Python wrappers)
    dependents = (head != 0).nonzero()[0]
    ctx.roots = (head == 0).nonzero()[0].tolist()
    by_head = dependents[head_of[dependents].argsort(kind="stable")]
    ctx.children_at = _Children(by_head.tolist(), head_of[by_head].searchsorted(np.arange(n + 1)).tolist())
    tokens = ctx.tokens = list(map(ParseToken, repeat(ctx), range(n), texts, ctx.lower_at, ctx.dep_at, ctx.tag_at,
                                   _POS_NAMES[pos].tolist(), idx))
    ctx.child_tokens = _ChildTokens(tokens, ctx.children_at)
    list(map(setattr, tokens, repeat("head"), map(tokens.__getitem__, heads)))  # tok.head = tokens[head]
    return iob, typ


class _Children(dict):
    """``children_at[i]``: the indices of token ``i``'s children in text order, sliced on first use from
    the tokens sorted by head (``by_head[start[i] : start[i + 1]]``): most tokens are never asked."""

    __slots__ = ("by_head", "start")

    def __init__(self, by_head: list[int], start: list[int]) -> None:
        super().__init__()
        self.by_head = by_head
        self.start = start

    def __missing__(self, i: int) -> tuple[int, ...]:
        kids = self[i] = tuple(self.by_head[self.start[i] : self.start[i + 1]])
        return kids


class _ChildTokens(dict):
    """``child_tokens[i]``: the children of token ``i`` as ParseTokens (``ParseToken.children``), made on first use
    (from the tokens sorted by head, as :class:`_Children`)."""

    __slots__ = ("_tokens", "_by_head", "_start")

    def __init__(self, tokens: list[ParseToken], children: _Children) -> None:
        super().__init__()
        self._tokens, self._by_head, self._start = tokens, children.by_head, children.start

    def __missing__(self, i: int) -> tuple[ParseToken, ...]:
        kids = self[i] = tuple(map(self._tokens.__getitem__, self._by_head[self._start[i] : self._start[i + 1]]))
        return kids


def _strings_of(ids: list[int], strings) -> list[str]:
    """The strings of the hashes ``ids``, from ``_STRINGS`` (the StringStore for new ones)."""
    try:
        return list(map(_STRINGS.__getitem__, ids))
    except KeyError:
        if len(_STRINGS) > _MAX_STRINGS:
            _STRINGS.clear()
            _STRINGS[0] = ""
        for key in set(ids).difference(_STRINGS):
            _STRINGS[key] = strings[key]
        return list(map(_STRINGS.__getitem__, ids))


def _lowers_of(texts: list[str]) -> list[str]:
    """``str.lower`` of each text, from ``_LOWERS``: the same string objects in every article, their
    hashes computed once (the rules look lower-case forms up in sets and dicts all the time)."""
    try:
        return list(map(_LOWERS.__getitem__, texts))
    except KeyError:
        if len(_LOWERS) > _MAX_STRINGS:
            _LOWERS.clear()
        for text in set(texts).difference(_LOWERS):
            _LOWERS[text] = text.lower()
        return list(map(_LOWERS.__getitem__, texts))


def _mentions(ctx: DocContext, doc: Doc) -> list[Mention]:
    out: list[Mention] = []
    ents = doc._.news_entities
    if ents is not None:
        for ent in ents:
            for s, e in ent.get("mentions") or []:
                found = ctx.char_tokens(s, e)
                if found is not None and found[1] > found[0]:
                    out.append(Mention(ent, TokenSpan(ctx, *found)))
        return out
    # Development fallback: spaCy's own entities, one id per surface form.
    ids: dict[tuple[str, str], dict] = {}
    for ent_span in doc.ents:
        label = _FALLBACK_LABELS.get(ent_span.label_)
        if label is None:
            continue
        span = TokenSpan(ctx, ent_span.start, ent_span.end)
        if ctx.lower_at[span.start] == "the" and len(span) > 1:
            span = TokenSpan(ctx, span.start + 1, span.end)
        key = (label, span.text)
        if key not in ids:
            ids[key] = {"id": f"E{len(ids) + 1}", "label": label, "canonical": span.text, "aliases": []}
        out.append(Mention(ids[key], span))
    return out


def _dates(ctx: DocContext, doc: Doc, dct: Optional[str]) -> list[DateMention]:
    out = []
    for d in doc._.news_dates or []:
        if d.get("type") not in (None, "DATE", "TIME"):
            continue
        found = ctx.char_tokens(d["start"], d["end"])
        if found is None or found[1] <= found[0]:
            continue
        value = d.get("value") or ""
        if "/" in value:
            a, b = value.split("/", 1)
            start, end = calendar_value(a, dct), calendar_value(b, dct)
        else:
            start, end = calendar_value(value, dct), None
        if start is None:
            continue
        out.append(DateMention(d, TokenSpan(ctx, *found), start, end))
    return out


def _sentences(doc: Doc, starts: list[int]) -> list[tuple[int, int]]:
    """(start, end) of each of ``doc.sents``, from where sentences start (``DocContext.sent_starts``,
    read off the SENT_START column as spaCy reads it; it makes a Span of each, and two Tokens for
    the Span's offsets)."""
    if "sents" in doc.user_hooks or not doc.has_annotation("SENT_START"):
        return [(sent.start, sent.end) for sent in doc.sents]  # (spaCy's own way; or its error)
    return list(zip(starts, starts[1:] + [len(doc)]))


def _units(ctx: DocContext, doc: Doc) -> list[TokenSpan]:
    """Sentences, cut again at line breaks: header lines and captions are not one sentence."""
    text, tokens, idx, length = ctx.text, ctx.tokens, ctx.idx_at, ctx.len_at
    bounds: list[tuple[int, int]] = []
    for s, e in _sentences(doc, ctx.sent_starts):
        if "\n" not in text[idx[s] : idx[e - 1] + length[e - 1]].rstrip():
            bounds.append((s, e))  # no line break inside: the sentence is a unit (the usual case)
            continue
        start = s
        for i in range(s, e):
            # a space token holding a line break ends a unit (a token's own trailing space is one " ")
            if "\n" in tokens[i].text and tokens[i].is_space:
                if i + 1 > start:
                    bounds.append((start, i + 1))
                start = i + 1
        if start < e:
            bounds.append((start, e))
    # A unit of space tokens only is none: its text (tokens and the spaces between) is all space.
    units = [TokenSpan(ctx, s, e) for s, e in bounds]
    return [u for u in units if not text[u.start_char : u.end_char].isspace()]
