"""The knowledge base: known organizations, places, events, products and venues (models/kb/*.jsonl)."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

from .paths import model_file

LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT", "PRODUCT"})


@dataclass(frozen=True, slots=True)
class KBEntry:
    id: str
    label: str
    canonical: str
    aliases: tuple[str, ...] = ()
    qid: Optional[str] = None
    type: Optional[str] = None
    country: Optional[str] = None
    parent: Optional[str] = None
    ruler: bool = True


def normalize(surface: str) -> str:
    t = unicodedata.normalize("NFKC", surface).replace("’", "'").replace("–", "-").replace("—", "-")
    t = " ".join(t.split()).casefold()
    t = re.sub(r"^the\s+", "", t)
    return re.sub(r"'s$", "", t)


class KnowledgeBase:
    def __init__(self, entries: list[KBEntry]) -> None:
        self.entries = entries
        self._by_id = {e.id: e for e in entries}
        self._index: dict[str, list[KBEntry]] = {}
        for e in entries:
            for s in (e.canonical, *e.aliases):
                bucket = self._index.setdefault(normalize(s), [])
                if e not in bucket:
                    bucket.append(e)

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, id: str) -> Optional[KBEntry]:
        return self._by_id.get(id)

    def lookup(self, surface: str) -> list[KBEntry]:
        return list(self._index.get(normalize(surface), ()))

    def surfaces(self) -> Iterator[tuple[str, KBEntry]]:
        for e in self.entries:
            if not e.ruler:
                continue
            for s in (e.canonical, *e.aliases):
                if len(s) > 2 and not s.islower():
                    yield s, e

    @staticmethod
    def kb_id(entry: KBEntry) -> str:
        return entry.qid or entry.id


@lru_cache(maxsize=None)
def load_kb(path: Optional[Path] = None) -> KnowledgeBase:
    folder = Path(path) if path else model_file("kb")
    entries: list[KBEntry] = []
    for f in sorted(folder.glob("*.jsonl")) if folder.is_dir() else []:
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                d = json.loads(line)
                if d["label"] not in LABELS:
                    raise ValueError(f"unknown label {d['label']!r}")
                entries.append(KBEntry(
                    id=d["id"], label=d["label"], canonical=d["canonical"], aliases=tuple(d.get("aliases", ())),
                    qid=d.get("qid"), type=d.get("type"), country=d.get("country"), parent=d.get("parent"),
                    ruler=bool(d.get("ruler", True)),
                ))
            except (ValueError, KeyError) as err:
                raise ValueError(f"{f}:{n}: bad knowledge-base line: {err}") from err
    return KnowledgeBase(entries)
