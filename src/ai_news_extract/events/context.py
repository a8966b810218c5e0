"""What the events stage reads from a Doc, indexed by token.

Entities come from ``doc._.news_entities`` (the entities stage); without it
(a bare spaCy pipeline) ``doc.ents`` stands in. Dates come from
``doc._.news_dates``; only calendar values ("2019", "2019-03", "2019-03-28",
intervals of these) are used for event start/end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Optional

import numpy as np
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LOWER, POS, TAG
from spacy.tokens import Doc, Span, Token

from ..doc_attrs import doc_text
from ..scan import first_char_lookahead
from .lexicon import doc_words

_CALENDAR = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?:T[\w:.]*)?$")
_COARSE = re.compile(r"^\d{4}-(?:W\d{2}|Q[1-4]|H[12]|SP|SU|FA|WI)$")  # week, quarter, half year, season
# spaCy labels that stand in for our entity labels when the entities stage did not run.
_FALLBACK_LABELS = {"ORG": "ORG", "PERSON": "PERSON", "GPE": "GPE", "LOC": "LOC", "FAC": "FAC",
                    "EVENT": "EVENT", "PRODUCT": "PRODUCT", "WORK_OF_ART": "PRODUCT", "LAW": "PRODUCT"}


_NEAR_WEEKDAY = re.compile(r"^(\d{4})-WXX-\d")


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


@dataclass
class Mention:
    entity: dict
    span: Span

    @property
    def id(self) -> str:
        return self.entity["id"]

    @property
    def label(self) -> str:
        return self.entity["label"]

    @property
    def canonical(self) -> str:
        return self.entity["canonical"]

    @cached_property
    def root(self) -> Token:
        """``span.root``, found once (spaCy walks the span's parse on every access)."""
        return self.span.root


@dataclass
class DateMention:
    data: dict
    span: Span
    start: Optional[str]  # calendar start value
    end: Optional[str]  # calendar end value (intervals), else None

    @cached_property
    def root(self) -> Token:
        """``span.root``, found once."""
        return self.span.root


@dataclass
class DocContext:
    doc: Doc
    mentions: list[Mention]
    dates: list[DateMention]
    dct: Optional[str]  # document creation time (publication date), calendar value
    units: list[Span]  # sentences, also split at line breaks
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
    children_at: list[list[int]] = field(default_factory=list)  # Token.children, as indices in text order
    _right_edges: dict[int, int] = field(default_factory=dict)  # memo of Token.right_edge.i
    _left_edges: dict[int, int] = field(default_factory=dict)  # memo of Token.left_edge.i

    @classmethod
    def from_doc(cls, doc: Doc, money_pattern: Optional[str] = None) -> "DocContext":
        mentions = _mentions(doc)
        meta = doc._.news_meta or {}
        dct = calendar_value(meta.get("published_value") or meta.get("published") or doc._.news_published_hint)
        dates = _dates(doc, dct)
        text = doc_text(doc)
        ctx = cls(doc, mentions, dates, dct, _units(doc, text), header_end=int(meta.get("header_end") or 0),
                  words=doc_words(doc), text=text)
        verb = doc.vocab.strings["VERB"]
        ctx.pos_at = doc.to_array([POS]).tolist() if len(doc) else []
        # HEAD is the offset to the head, stored unsigned: read it signed
        ctx.head_at = (np.arange(len(doc)) + doc.to_array(HEAD).astype(np.int64)).tolist() if len(doc) else []
        ctx.verb_at = [p == verb for p in ctx.pos_at]
        n = len(doc)
        _parse_lists(ctx, doc)
        ctx.mention_at = [None] * n
        for m in mentions:
            for i in range(m.span.start, m.span.end):
                if ctx.mention_at[i] is None:
                    ctx.mention_at[i] = m
        ctx.date_at = [None] * n
        for d in dates:  # (a later date overwrites an overlapping earlier one)
            ctx.date_at[d.span.start : d.span.end] = [d] * (d.span.end - d.span.start)
        ctx.unit_at = [0] * n
        for k, u in enumerate(ctx.units):
            ctx.unit_at[u.start : u.end] = [k] * (u.end - u.start)
        # The tokens of MONEY entities (as ``doc.ents`` would give them: every B or I token belongs
        # to an entity of its own label), read from arrays rather than Span objects.
        money_label = doc.vocab.strings["MONEY"]
        ctx.money = {i for i, (iob, typ) in enumerate(doc.to_array([ENT_IOB, ENT_TYPE]).tolist())
                     if iob in (1, 3) and typ == money_label} if n else set()
        if money_pattern:
            # The small model misses amounts such as "HK$400 million".
            for m in _money_regex(money_pattern).finditer(text):
                span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
                if span is not None:
                    ctx.money.update(range(span.start, span.end))
        return ctx

    def entity(self, tok: Token) -> Optional[Mention]:
        return self.mention_at[tok.i]

    def same_unit(self, a: Token, b: Token) -> bool:
        return self.unit_at[a.i] == self.unit_at[b.i]

    def right_edge(self, i: int) -> int:
        """``doc[i].right_edge.i``, found once per token."""
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


def _parse_lists(ctx: DocContext, doc: Doc) -> None:
    """Fill the per-token lists of ``ctx`` (dependency label, fine tag, lower form, children)."""
    n = len(doc)
    if not n:
        return
    strings = doc.vocab.strings

    def as_strings(attr: int) -> list[str]:
        ids = doc.to_array(attr).tolist()
        names = {x: strings[x] for x in set(ids)}  # each distinct symbol looked up once
        return [names[x] for x in ids]

    ctx.dep_at = as_strings(DEP)
    ctx.tag_at = as_strings(TAG)
    ctx.lower_at = as_strings(LOWER)
    # A token's children are the tokens whose head it is (spaCy yields them left to right)
    children: list[list[int]] = [[] for _ in range(n)]
    for i, hd in enumerate(ctx.head_at):
        if hd != i:
            children[hd].append(i)
    ctx.children_at = children


def _mentions(doc: Doc) -> list[Mention]:
    out: list[Mention] = []
    ents = doc._.news_entities
    if ents is not None:
        for ent in ents:
            for s, e in ent.get("mentions") or []:
                span = doc.char_span(s, e, alignment_mode="expand")
                if span is not None and len(span):
                    out.append(Mention(ent, span))
        return out
    # Development fallback: spaCy's own entities, one id per surface form.
    ids: dict[tuple[str, str], dict] = {}
    for span in doc.ents:
        label = _FALLBACK_LABELS.get(span.label_)
        if label is None:
            continue
        if span[0].lower_ == "the" and len(span) > 1:
            span = span[1:]
        key = (label, span.text)
        if key not in ids:
            ids[key] = {"id": f"E{len(ids) + 1}", "label": label, "canonical": span.text, "aliases": []}
        out.append(Mention(ids[key], span))
    return out


def _dates(doc: Doc, dct: Optional[str]) -> list[DateMention]:
    out = []
    for d in doc._.news_dates or []:
        if d.get("type") not in (None, "DATE", "TIME"):
            continue
        span = doc.char_span(d["start"], d["end"], alignment_mode="expand")
        if span is None or not len(span):
            continue
        value = d.get("value") or ""
        if "/" in value:
            a, b = value.split("/", 1)
            start, end = calendar_value(a, dct), calendar_value(b, dct)
        else:
            start, end = calendar_value(value, dct), None
        if start is None:
            continue
        out.append(DateMention(d, span, start, end))
    return out


def _units(doc: Doc, text: str) -> list[Span]:
    """Sentences, cut again at line breaks: header lines and captions are not one sentence."""
    units: list[Span] = []
    for sent in doc.sents:
        if "\n" not in text[sent.start_char : sent.end_char].rstrip():
            units.append(sent)  # no line break inside: the sentence is a unit (the usual case)
            continue
        start = sent.start
        for tok in sent:
            if tok.is_space and "\n" in tok.text or "\n" in tok.whitespace_:
                if tok.i + 1 > start:
                    units.append(doc[start : tok.i + 1])
                start = tok.i + 1
        if start < sent.end:
            units.append(doc[start : sent.end])
    return [u for u in units if any(not t.is_space for t in u)]
