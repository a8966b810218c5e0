"""Entity mentions -> one entity per real-world thing (``doc._.news_entities``).

The work, and the list of its steps, is in :mod:`ai_news_extract.entities`.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .. import doc_attrs  # noqa: F401  (registers the Doc extensions)
from ..entities import extract_entities, load_lexicons
from ..kb import load_kb

# Re-exported: tests import these from here.
from ..entities import FUZZY_THRESHOLD, head_label, is_acronym_of, norm_key  # noqa: F401
from ..entities.classify import _contact_name  # noqa: F401
from ..entities.furniture import _caps_to_title  # noqa: F401


class EntityStage:
    """Writes ``doc._.news_entities``."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.kb = load_kb()
        self.lex = load_lexicons()

    def __call__(self, doc: Doc) -> Doc:
        doc._.news_entities = extract_entities(doc, self.kb, self.lex)
        return doc


@Language.factory("ai_news_entities")
def make_entities(nlp: Language, name: str) -> EntityStage:
    return EntityStage(nlp, name)
