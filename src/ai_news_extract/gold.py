"""The annotated-fixture (gold) format of ../shared/spec/gold-format.md, as Pydantic v2 models.

A gold file states what a careful reader extracts from one article, without
offsets. Unknown keys are kept (``extra="allow"``) so annotators can add notes;
the closed vocabularies (entity labels, TIMEX3 types, event types) are shared
with :mod:`ai_news_extract.records`, so a typo in a gold file fails loudly
instead of silently scoring zero.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from pathlib import Path
from typing import Optional, Union

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .records import EntityLabel, EventStatus, EventType, TimexType

# "2019-04-19", "2019-11" or "2019": a month or year is kept to anchor relative
# dates, but only a full date is scored (gold-format.md, "published").
_PUBLISHED_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class _GoldModel(BaseModel):
    model_config = ConfigDict(extra="allow")


class GoldEntity(_GoldModel):
    label: EntityLabel
    canonical: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)

    @field_validator("aliases", mode="before")
    @classmethod
    def _none_is_empty(cls, v: object) -> object:
        return [] if v is None else v


class GoldDate(_GoldModel):
    text: str = Field(min_length=1)
    type: TimexType
    value: str = Field(min_length=1)


class GoldRankingItem(_GoldModel):
    rank: Optional[int] = Field(default=None, ge=1)
    range: Optional[tuple[int, int]] = None
    name: str = Field(min_length=1)

    @model_validator(mode="after")
    def _rank_or_range(self) -> "GoldRankingItem":
        if self.rank is None and self.range is None:
            raise ValueError(f"ranking item {self.name!r} has neither rank nor range")
        if self.range is not None and self.range[0] > self.range[1]:
            raise ValueError(f"ranking item {self.name!r}: range {list(self.range)} is reversed")
        return self


class GoldRanking(_GoldModel):
    criterion: Optional[str] = None
    scope: Optional[str] = None
    size: Optional[int] = Field(default=None, ge=1)
    source: Optional[str] = None
    date: Optional[str] = None
    items: list[GoldRankingItem] = Field(default_factory=list)


class GoldEvent(_GoldModel):
    type: EventType
    name: Optional[str] = None
    actors: list[str] = Field(default_factory=list)
    location: Optional[str] = None
    start: Optional[str] = None
    end: Optional[str] = None
    status: Optional[EventStatus] = None

    @field_validator("actors", mode="before")
    @classmethod
    def _none_is_empty(cls, v: object) -> object:
        return [] if v is None else v


class GoldDocument(_GoldModel):
    doc_id: str = Field(min_length=1)
    title: Optional[str] = None
    published: Optional[str] = None
    source: Optional[str] = None
    entities: list[GoldEntity] = Field(default_factory=list)
    dates: list[GoldDate] = Field(default_factory=list)
    rankings: list[GoldRanking] = Field(default_factory=list)
    events: list[GoldEvent] = Field(default_factory=list)

    @field_validator("entities", "dates", "rankings", "events", mode="before")
    @classmethod
    def _none_is_empty(cls, v: object) -> object:
        return [] if v is None else v

    @field_validator("published")
    @classmethod
    def _timex_date(cls, v: Optional[str]) -> Optional[str]:
        if v is None:
            return v
        if not _PUBLISHED_RE.match(v):
            raise ValueError(f"published {v!r} is not YYYY-MM-DD, YYYY-MM or YYYY")
        if len(v) == 10:
            _dt.date.fromisoformat(v)  # raises on "2019-02-30"
        return v

    @property
    def published_date(self) -> Optional[_dt.date]:
        """The publication date when gold states a full date, else None (not scored)."""
        if self.published is not None and len(self.published) == 10:
            return _dt.date.fromisoformat(self.published)
        return None


def load_gold(path: Union[str, Path]) -> GoldDocument:
    """Read and validate one gold file; a missing ``doc_id`` defaults to the file stem."""
    path = Path(path)
    with path.open(encoding="utf-8") as fh:
        data = json.load(fh)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: a gold file holds one JSON object, not {type(data).__name__}")
    data.setdefault("doc_id", path.stem)
    try:
        return GoldDocument.model_validate(data)
    except ValueError as err:  # pydantic.ValidationError is a ValueError; name the file
        raise ValueError(f"{path}: {err}") from err


def gold_files(directory: Union[str, Path]) -> list[Path]:
    """All ``*.json`` files under ``directory`` (recursively), in a stable order."""
    directory = Path(directory)
    if not directory.is_dir():
        raise NotADirectoryError(f"gold folder not found: {directory}")
    return sorted(p for p in directory.rglob("*.json") if p.is_file())


def load_gold_dir(directory: Union[str, Path]) -> dict[str, GoldDocument]:
    """Load every gold file under ``directory``, keyed by ``doc_id`` (duplicates are an error)."""
    out: dict[str, GoldDocument] = {}
    seen: dict[str, Path] = {}
    for path in gold_files(directory):
        gold = load_gold(path)
        if gold.doc_id in out:
            raise ValueError(f"duplicate gold doc_id {gold.doc_id!r} in {seen[gold.doc_id]} and {path}")
        out[gold.doc_id] = gold
        seen[gold.doc_id] = path
    return out
