"""Finds reported happenings with their slots (``doc._.news_events``).

The work is in :mod:`ai_news_extract.events`: trigger nouns and verbs from
``models/events/triggers.jsonl`` linked through the dependency parse, slots
from attached phrases and the entities/dates stages, one event per happening.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .. import doc_attrs  # noqa: F401  (registers the Doc extensions)
from ..doc_attrs import warn
from ..events import extract_events, load_lexicon


class EventStage:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.lexicon = load_lexicon()  # loaded once, shared by every doc

    def __call__(self, doc: Doc) -> Doc:
        try:
            doc._.news_events = extract_events(doc, self.lexicon)
        except Exception as err:  # one odd article must not stop a batch: no events, and say why
            doc._.news_events = []
            warn(doc, f"events: skipped ({type(err).__name__}: {err})")
        return doc


@Language.factory("ai_news_events")
def make_events(nlp: Language, name: str) -> EventStage:
    return EventStage(nlp, name)
