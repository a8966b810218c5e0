"""Finds temporal expressions and normalizes them to TIMEX3 values.

The work is done by :mod:`ai_news_extract.timex` on the plain text (compiled
patterns and word lists from ``models/timex``). This component only supplies
what the Doc knows better than the text: the publication date the header stage
found, and each sentence's tense from the parser, which decides whether a bare
"Friday" is the last one or the next one.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from typing import Optional, Union, overload

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..doc_attrs import doc_text
from ..timex import TimexTagger, default_tagger

KEYS = ("start", "end", "type", "value", "anchor", "mod")
# Where a text breaks into separate lines of meaning: a blank line, or a new line that starts with a capital.
_LINE_BREAK = re.compile(r"\n\s*\n\s*|\n(?=[\"'“‘(\[]?[A-Z0-9])")
_FUTURE_AUX = {"will", "shall", "'ll", "wo", "would", "’ll"}
_HAVE = {"has", "have", "had", "'ve", "’ve"}
# Main verbs whose "to"-complement lies ahead: "plans to open", "is expected to launch".
_AHEAD = {
    "plan", "plans", "planned", "planning", "expect", "expects", "expected", "aim", "aims", "intend", "intends",
    "intended", "hope", "hopes", "scheduled", "set", "due", "going", "prepare", "prepares", "preparing",
}


def sentence_tense(sent: Span) -> str:
    """"past", "present" or "future" from the root verb of ``sent`` and its auxiliaries."""
    root = sent.root
    aux = [c for c in root.children if c.dep_ in ("aux", "auxpass")]
    words = {c.lower_ for c in aux}
    if words & _FUTURE_AUX:
        return "future"
    if root.lower_ in _AHEAD and any(c.dep_ in ("xcomp", "ccomp") for c in root.children):
        return "future"
    if root.tag_ == "VBD" or any(c.tag_ == "VBD" for c in aux):
        return "past"
    if root.tag_ == "VBN" and words & _HAVE:
        return "past"  # "has released": the event lies before the reference time
    return "present"


class SentenceTenses(Sequence[str]):
    """The tense of each sentence piece, read from the parse when the tagger asks.

    The tagger asks only for the pieces holding a date whose direction no cue word
    next to it gives: a few per article, out of a few dozen sentences.
    """

    def __init__(self) -> None:
        # (sentence, piece start, piece end, whether the piece is the whole sentence)
        self._pieces: list[tuple[Span, int, int, bool]] = []
        self._known: list[Optional[str]] = []

    def add(self, sent: Span, start: int, end: int, whole: bool) -> None:
        self._pieces.append((sent, start, end, whole))
        self._known.append(None)

    def __len__(self) -> int:
        return len(self._pieces)

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> list[str]: ...

    def __getitem__(self, i: Union[int, slice]) -> Union[str, list[str]]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        tense = self._known[i]
        if tense is None:
            sent, start, end, whole = self._pieces[i]
            tense = sentence_tense(sent)
            if not (whole or start <= sent.root.idx < end):
                tense = ""
            self._known[i] = tense
        return tense


def sentence_tenses(doc: Doc) -> tuple[Optional[list[tuple[int, int]]], Optional[SentenceTenses]]:
    """Sentence bounds (character offsets) and tenses, if the Doc has a parse.

    The parser may run a headline, a date line and the first paragraph into one
    sentence. Such a sentence is cut at its line breaks (as the tagger's own
    splitter does), and only the piece holding the root verb keeps its tense;
    the others get "" and the tagger falls back on cue words ("Baidu launched
    ... on Tuesday" under a headline that "plans" something).
    """
    if not (doc.has_annotation("SENT_START") and doc.has_annotation("DEP")):
        return None, None
    bounds: list[tuple[int, int]] = []
    tenses = SentenceTenses()
    breaks = [m.span() for m in _LINE_BREAK.finditer(doc_text(doc))]
    starts = [b[0] for b in breaks]
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        inside = breaks[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]
        for b0, b1 in inside:
            if b0 > start:
                bounds.append((start, b0))
                tenses.add(sent, start, b0, False)
            start = max(start, b1)
        if end > start:
            bounds.append((start, end))
            tenses.add(sent, start, end, not inside)  # (a whole sentence holds its root)
    return bounds, tenses


def publication_value(doc: Doc) -> Optional[str]:
    """The caller's publication date, else the one the header stage read (day, month or year)."""
    if doc._.news_published_hint:
        return doc._.news_published_hint
    meta = doc._.news_meta or {}
    return meta.get("published_value")


class DateStage:
    """Writes ``doc._.news_dates``: ``[{start, end, type, value, anchor, mod}]`` in text order."""

    def __init__(self, nlp: Language, name: str, tagger: Optional[TimexTagger] = None) -> None:
        self.name = name
        self.tagger = tagger or default_tagger()

    def __call__(self, doc: Doc) -> Doc:
        sentences, tenses = sentence_tenses(doc)
        found = self.tagger.tag(doc_text(doc), publication_value(doc), sentences=sentences, tenses=tenses)
        doc._.news_dates = [{k: d[k] for k in KEYS} for d in found]
        return doc


@Language.factory("ai_news_dates")
def make_dates(nlp: Language, name: str) -> DateStage:
    return DateStage(nlp, name)
