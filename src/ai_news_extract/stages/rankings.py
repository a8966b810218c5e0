"""Finds ranked positions and ranked lists (doc._.news_rankings)."""

from __future__ import annotations

from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from .. import doc_attrs  # noqa: F401  (registers the Doc extensions)
from ..rankings import RankingExtractor, load_lexicon


class RankingStage:
    """Writes doc._.news_rankings: a list of {criterion, scope, size, source, date,
    items [{rank, range, name, entity_id, start, end, previous_rank}], evidence}.

    The Matcher and word lists are built once here; a sentence without a cue
    word costs nothing beyond the Matcher pass.
    """

    def __init__(self, nlp: Language, name: str, cues_path: Optional[str] = None,
                 patterns_path: Optional[str] = None) -> None:
        self.name = name
        self.lexicon = load_lexicon(cues_path, patterns_path)
        self.extractor = RankingExtractor(self.lexicon, nlp.vocab)

    def __call__(self, doc: Doc) -> Doc:
        try:
            doc._.news_rankings = self.extractor(doc)
        except Exception as exc:  # a rule bug must not lose the rest of the record
            doc._.news_rankings = []
            doc_attrs.warn(doc, f"rankings: skipped ({type(exc).__name__}: {exc})")
        return doc


@Language.factory(
    "ai_news_rankings",
    default_config={"cues_path": None, "patterns_path": None},
)
def make_rankings(nlp: Language, name: str, cues_path: Optional[str], patterns_path: Optional[str]) -> RankingStage:
    return RankingStage(nlp, name, cues_path, patterns_path)
