"""Finds temporal expressions and normalizes them to TIMEX3 values.

The work is done by :mod:`ai_news_extract.timex` on the plain text (compiled
patterns and word lists from ``models/timex``). This component only supplies
what the Doc knows better than the text: the publication date the header stage
found, and each sentence's tense from the parser, which decides whether a bare
"Friday" is the last one or the next one.
"""

from __future__ import annotations

from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc, Span

from .. import doc_attrs  # noqa: F401  (registers the Doc extensions)
from ..timex import TimexTagger, default_tagger

KEYS = ("start", "end", "type", "value", "anchor", "mod")
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


def sentence_tenses(doc: Doc) -> tuple[Optional[list[tuple[int, int]]], Optional[list[str]]]:
    """Sentence bounds (character offsets) and tenses, if the Doc has a parse."""
    if not (doc.has_annotation("SENT_START") and doc.has_annotation("DEP")):
        return None, None
    bounds, tenses = [], []
    for sent in doc.sents:
        bounds.append((sent.start_char, sent.end_char))
        tenses.append(sentence_tense(sent))
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
        found = self.tagger.tag(doc.text, publication_value(doc), sentences=sentences, tenses=tenses)
        doc._.news_dates = [{k: d[k] for k in KEYS} for d in found]
        return doc


@Language.factory("ai_news_dates")
def make_dates(nlp: Language, name: str) -> DateStage:
    return DateStage(nlp, name)
