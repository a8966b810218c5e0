"""The public record contract (../shared/spec/records.md), as Pydantic v2 models.

Field names and meanings follow the spec exactly; fields marked "extra" are
additions the spec allows. Every span carries ``start``/``end`` offsets into the
processed text, and :class:`ArticleRecord` checks ``text[start:end] == span.text``
whenever it holds the text.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

SCHEMA_VERSION = "1.0"

EntityLabel = Literal["PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT", "PRODUCT"]
TimexType = Literal["DATE", "TIME", "DURATION", "SET"]
EventType = Literal[
    "CONFERENCE", "LAUNCH", "REPORT", "POLICY", "INVESTMENT", "PARTNERSHIP", "AWARD", "OTHER"
]
EventStatus = Literal["occurred", "ongoing", "planned"]
Anchor = Literal["published", "context"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False, validate_assignment=False)


class Span(_Model):
    """A piece of the processed text: ``text == source[start:end]``."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str

    @model_validator(mode="after")
    def _ordered(self) -> "Span":
        if self.end < self.start:
            raise ValueError(f"span end {self.end} is before start {self.start}")
        if len(self.text) != self.end - self.start:
            raise ValueError(
                f"span text {self.text!r} has length {len(self.text)}, "
                f"but start/end ({self.start}, {self.end}) cover {self.end - self.start} characters"
            )
        return self


class Entity(_Model):
    id: str
    label: EntityLabel
    canonical: str
    aliases: list[str] = Field(default_factory=list)
    kb_id: Optional[str] = None
    mentions: list[Span] = Field(default_factory=list)
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)


class TimeExpression(Span):
    type: TimexType
    value: str
    anchor: Optional[Anchor] = None
    mod: Optional[str] = Field(default=None, description="extra: TIMEX3 mod (START, END, MID, APPROX, ...)")


class RankingItem(_Model):
    rank: Optional[int] = Field(default=None, ge=1)
    range: Optional[tuple[int, int]] = None
    name: str
    entity_id: Optional[str] = None
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    previous_rank: Optional[int] = Field(default=None, description="extra: earlier rank of a stated rank change")

    @model_validator(mode="after")
    def _rank_or_range(self) -> "RankingItem":
        if self.rank is None and self.range is None:
            raise ValueError(f"ranking item {self.name!r} has neither rank nor range")
        if self.range is not None and self.range[0] > self.range[1]:
            raise ValueError(f"ranking item range {self.range} is reversed")
        return self


class Ranking(_Model):
    id: str
    criterion: Optional[str] = None
    scope: Optional[str] = None
    size: Optional[int] = Field(default=None, ge=1)
    source: Optional[str] = None
    date: Optional[str] = None
    items: list[RankingItem] = Field(default_factory=list)
    evidence: Optional[Span] = None


class Event(_Model):
    id: str
    type: EventType
    name: Optional[str] = None
    actors: list[str] = Field(default_factory=list)
    location: Optional[str] = None
    start: Optional[str] = None
    end: Optional[str] = None
    status: EventStatus = "occurred"
    evidence: Optional[Span] = None
    confidence: float = Field(default=0.5, ge=0.0, le=1.0)
    trigger: Optional[Span] = Field(default=None, description="extra: the word that signalled the event")


class Caption(Span):
    credit: Optional[str] = None


class ArticleRecord(_Model):
    schema_version: str = SCHEMA_VERSION
    doc_id: str
    source_path: Optional[str] = None
    text_sha256: str
    title: Optional[str] = None
    source: Optional[str] = None
    published: Optional[_dt.date] = None
    published_value: Optional[str] = Field(
        default=None, description="TIMEX3 value of the publication date, also when only a month or year is known"
    )
    entities: list[Entity] = Field(default_factory=list)
    dates: list[TimeExpression] = Field(default_factory=list)
    rankings: list[Ranking] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    captions: list[Caption] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    # extra: where the metadata was read, so it is grounded like every other fact
    title_span: Optional[Span] = None
    source_span: Optional[Span] = None
    published_span: Optional[Span] = None
    text: Optional[str] = Field(default=None, description="extra: the processed text the offsets refer to")

    @field_validator("text_sha256")
    @classmethod
    def _hex(cls, v: str) -> str:
        if len(v) != 64 or any(c not in "0123456789abcdef" for c in v):
            raise ValueError("text_sha256 must be 64 lowercase hex digits")
        return v

    @model_validator(mode="after")
    def _grounded(self) -> "ArticleRecord":
        if self.text is not None:
            self.check_spans(self.text)
        return self

    def iter_spans(self) -> Iterator[tuple[str, int, int, Optional[str]]]:
        """Yield ``(where, start, end, expected_text)`` for every grounded fact."""
        for name in ("title_span", "source_span", "published_span"):
            sp = getattr(self, name)
            if sp is not None:
                yield name, sp.start, sp.end, sp.text
        for ent in self.entities:
            for m in ent.mentions:
                yield f"entity {ent.id}", m.start, m.end, m.text
        for t in self.dates:
            yield f"date {t.text!r}", t.start, t.end, t.text
        for c in self.captions:
            yield "caption", c.start, c.end, c.text
        for r in self.rankings:
            if r.evidence is not None:
                yield f"ranking {r.id} evidence", r.evidence.start, r.evidence.end, r.evidence.text
            for it in r.items:
                yield f"ranking {r.id} item {it.name!r}", it.start, it.end, None
        for ev in self.events:
            for label, sp in (("evidence", ev.evidence), ("trigger", ev.trigger)):
                if sp is not None:
                    yield f"event {ev.id} {label}", sp.start, sp.end, sp.text

    def check_spans(self, text: str) -> None:
        """Raise ``ValueError`` naming the first span whose offsets do not match ``text``."""
        n = len(text)
        for where, start, end, expected in self.iter_spans():
            if not 0 <= start <= end <= n:
                raise ValueError(f"{where}: offsets ({start}, {end}) outside a text of {n} characters")
            if expected is not None and text[start:end] != expected:
                raise ValueError(
                    f"{where}: text[{start}:{end}] is {text[start:end]!r}, not {expected!r}"
                )
