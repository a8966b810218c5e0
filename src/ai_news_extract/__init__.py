"""ai_news_extract: validated, source-grounded records from technology and AI news articles.

>>> from ai_news_extract import extract
>>> rec = extract(text, published="2019-04-19", doc_id="seed")   # doctest: +SKIP
"""

from .pipeline import DEFAULT_MODEL, Extractor, ModelNotFoundError, build_nlp, extract
from .records import (
    SCHEMA_VERSION, ArticleRecord, Caption, Entity, Event, Ranking, RankingItem, Span, TimeExpression,
)

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_MODEL", "SCHEMA_VERSION", "ArticleRecord", "Caption", "Entity", "Event", "Extractor",
    "ModelNotFoundError", "Ranking", "RankingItem", "Span", "TimeExpression", "build_nlp", "extract",
    "__version__",
]
