"""The record contract: validation of offsets and the committed JSON Schema."""

import hashlib
import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from ai_news_extract.records import ArticleRecord, Entity, RankingItem, Span, TimeExpression

ROOT = Path(__file__).resolve().parents[1]
TEXT = "Hefei hosts the fair on March 28."
SHA = hashlib.sha256(TEXT.encode()).hexdigest()


def record(**kw):
    return ArticleRecord(doc_id="t", text_sha256=SHA, **kw)


def test_good_spans_validate():
    rec = record(
        text=TEXT,
        entities=[Entity(id="E1", label="GPE", canonical="Hefei", mentions=[Span(start=0, end=5, text="Hefei")])],
        dates=[TimeExpression(start=24, end=32, text="March 28", type="DATE", value="2019-03-28")],
    )
    rec.check_spans(TEXT)


def test_broken_offsets_are_caught():
    with pytest.raises(ValidationError, match="text\\[1:6\\]"):
        record(text=TEXT, entities=[Entity(id="E1", label="GPE", canonical="Hefei",
                                           mentions=[Span(start=1, end=6, text="Hefei")])])
    rec = record(dates=[TimeExpression(start=0, end=8, text="March 28", type="DATE", value="2019-03-28")])
    with pytest.raises(ValueError, match="not 'March 28'"):
        rec.check_spans(TEXT)
    with pytest.raises(ValueError, match="outside"):
        record(dates=[TimeExpression(start=30, end=38, text="March 28", type="DATE", value="x")]).check_spans(TEXT)


def test_span_length_must_match_text():
    with pytest.raises(ValidationError):
        Span(start=0, end=3, text="Hefei")


def test_ranking_item_needs_rank_or_range():
    with pytest.raises(ValidationError):
        RankingItem(name="Hefei", start=0, end=5)
    assert RankingItem(name="Hefei", start=0, end=5, range=(1, 3)).range == (1, 3)
    with pytest.raises(ValidationError):
        RankingItem(name="Hefei", start=0, end=5, range=(3, 1))


def test_labels_are_closed():
    with pytest.raises(ValidationError):
        Entity(id="E1", label="NORP", canonical="Chinese")


def test_bad_hash():
    with pytest.raises(ValidationError):
        ArticleRecord(doc_id="t", text_sha256="abc")


def test_committed_schema_is_current():
    committed = json.loads((ROOT / "docs" / "schema.json").read_text(encoding="utf-8"))
    assert committed == ArticleRecord.model_json_schema(), "run: ai-news-extract schema -o docs/schema.json"
