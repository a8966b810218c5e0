"""The knowledge base: canonical names, aliases and ids of the genre's entities.

Every ``*.jsonl`` file in ``models/kb/`` holds one entry per line (see
docs/knowledge-base.md). The KB serves two stages: the kb ruler tags
``surfaces()`` in text, and the entities stage canonicalizes the spans the
statistical NER found with ``lookup()``.

    kb = load_kb()
    kb.lookup("the U.S.")     # -> [KBEntry(canonical="United States", ...)]
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

from .paths import models_dir

LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT", "PRODUCT"})

# One translation table for apostrophes and dashes: normalize() runs for every KB name at start-up.
_FOLD = str.maketrans({
    **{c: "'" for c in "\u2019\u2018`\u02bc\u00b4\u2032"},
    **{c: "-" for c in [*map(chr, range(0x2010, 0x2016)), "\u2212", "\ufe58", "\ufe63", "\uff0d"]},
})
_QID = re.compile(r"Q[1-9][0-9]*")
# "2018 WAIC", "25th China Hi-Tech Fair", "MWC 2023": one edition of a recurring event or report
_EDITION_HEAD = re.compile(
    r"^(?:the\s+)?(?:(?:19|20)\d{2}|\d{1,3}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh"
    r"|eighth|ninth|tenth)\s+", re.IGNORECASE)
_EDITION_TAIL = re.compile(r"\s+\(?(?:19|20)\d{2}(?:[/-]\d{2,4})?\)?$")
EDITION_LABELS = frozenset({"EVENT", "PRODUCT"})


def edition_base(name: str) -> Optional[str]:
    """The name without its edition marker ("2018 WAIC" -> "WAIC",
    "Global AI Talent Report 2023" -> "Global AI Talent Report"); None when it has none."""
    base = _EDITION_TAIL.sub("", _EDITION_HEAD.sub("", name.strip()))
    return base if base and base != name.strip() else None


def normalize(surface: str) -> str:
    """Lookup key: casefolded, no leading "the", no trailing possessive, one kind of dash
    and apostrophe, single spaces, a company's last word in its short form ("corp")."""
    text = " ".join(surface.translate(_FOLD).split()).casefold()
    if text.startswith("the "):
        text = text[4:]
    if text.endswith("'s"):
        text = text[:-2].rstrip()
    # "International Data Corp." is "International Data Corporation": a company's last word
    # is written in full or short, with or without its full stop.
    for long, short in _SUFFIX_FOLD:
        if text.endswith(long):
            return text[: -len(long)] + short
        if text.endswith(short + "."):
            return text[:-1]
    return text


_SUFFIX_FOLD = ((" corporation", " corp"), (" incorporated", " inc"), (" limited", " ltd"), (" company", " co"))


@dataclass(frozen=True, slots=True)
class KBEntry:
    id: str
    label: str
    canonical: str
    aliases: tuple[str, ...] = ()
    qid: str | None = None
    type: str | None = None
    country: str | None = None
    parent: str | None = None
    ruler: bool = True
    # surfaces of a ruler entry that only canonicalize ("Meta" of Meta Platforms)
    ruler_skip: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.canonical, *self.aliases)


class KnowledgeBase:
    def __init__(self, entries: list[KBEntry], version: str | None = None) -> None:
        self.version = version
        self._entries = tuple(entries)
        self._by_id = {e.id: e for e in self._entries}
        index: dict[str, list[KBEntry]] = {}
        self._keys: dict[str, str] = {}  # name -> normalize(name), reused by surfaces()
        for e in self._entries:
            for name in e.names:
                key = self._keys.get(name)
                if key is None:
                    key = self._keys[name] = normalize(name)
                bucket = index.setdefault(key, [])
                if not bucket or bucket[-1] is not e:  # identity: dataclass == compares every field
                    bucket.append(e)
        self._index = index

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def entries(self) -> tuple[KBEntry, ...]:
        return self._entries

    def get(self, id: str) -> KBEntry | None:
        return self._by_id.get(id)

    def lookup(self, surface: str, label: str | None = None) -> list[KBEntry]:
        """Entries one of whose names equals ``surface`` after normalize();
        several when the name is shared across labels ("Cyberport")."""
        found = self._index.get(normalize(surface), [])
        if label is not None:
            return [e for e in found if e.label == label]
        return list(found)

    def lookup_edition(self, surface: str) -> list[KBEntry]:
        """EVENT/PRODUCT entries named by ``surface`` without its edition
        marker: "2018 WAIC", "25th China Hi-Tech Fair", "VivaTech 2024",
        "2021 Government AI Readiness Index". Empty when there is no marker."""
        base = edition_base(surface)
        if base is None:
            return []
        return [e for e in self.lookup(base) if e.label in EDITION_LABELS]

    def surfaces(self) -> Iterator[tuple[str, KBEntry]]:
        """(surface, entry) pairs safe to tag by exact string match.

        Only ruler entries; no surface of 1-2 characters or all lowercase
        ("US", "dblp": too ambiguous as plain strings); none listed in the
        entry's ruler_skip; none whose name belongs to entries of different
        labels (a ruler cannot choose, the NER and lookup() can)."""
        for e in self._entries:
            if not e.ruler:
                continue
            seen: set[str] = set()
            for name in e.names:
                if name in seen or len(name) <= 2 or name == name.lower() or name in e.ruler_skip:
                    continue
                seen.add(name)
                if len({x.label for x in self._index[self._keys[name]]}) > 1:
                    continue
                yield name, e

    def conflicts(self) -> list[tuple[str, str, list[str]]]:
        """(key, label, ids) for every name that two entries of one label share."""
        out = []
        for key, found in self._index.items():
            by_label: dict[str, list[str]] = {}
            for e in found:
                by_label.setdefault(e.label, []).append(e.id)
            out += [(key, label, ids) for label, ids in by_label.items() if len(ids) > 1]
        return out

    @staticmethod
    def kb_id(entry: KBEntry) -> str:
        return entry.qid or entry.id


def _opt_str(row: dict, field: str) -> str | None:
    value = row.get(field)
    if value is not None and type(value) is not str:
        raise TypeError(f"'{field}' must be a string or null")
    return value or None


def _str_list(row: dict, field: str) -> tuple[str, ...]:
    value = row.get(field)
    if value is None:
        return ()
    if type(value) is not list:
        raise TypeError(f"'{field}' must be a list of non-empty strings")
    for item in value:
        if type(item) is not str or not item.strip():
            raise TypeError(f"'{field}' must be a list of non-empty strings")
    return tuple(value)


def parse_entry(row: object) -> KBEntry:
    """One JSONL object -> KBEntry; raises on a missing or mistyped field."""
    if not isinstance(row, dict):
        raise TypeError("a line must hold a JSON object")
    for field in ("id", "label", "canonical"):
        if not isinstance(row.get(field), str) or not row[field].strip():
            raise TypeError(f"'{field}' is required and must be a non-empty string")
    if row["label"] not in LABELS:
        raise ValueError(f"unknown label {row['label']!r} (expected one of {', '.join(sorted(LABELS))})")
    qid = _opt_str(row, "qid")
    if qid is not None and not _QID.fullmatch(qid):
        raise ValueError(f"qid {qid!r} is not a Wikidata id like 'Q42'")
    ruler = row.get("ruler", True)
    if not isinstance(ruler, bool):
        raise TypeError("'ruler' must be true or false")
    return KBEntry(
        id=row["id"], label=row["label"], canonical=row["canonical"],
        aliases=_str_list(row, "aliases"), qid=qid, type=_opt_str(row, "type"),
        country=_opt_str(row, "country"), parent=_opt_str(row, "parent"),
        ruler=ruler, ruler_skip=_str_list(row, "ruler_skip"),
    )


def read_jsonl(path: Path) -> list[KBEntry]:
    """Entries of one JSONL file; a bad line raises ValueError naming file and line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    numbered = [(n, line) for n, line in enumerate(lines, 1) if line.strip()]
    try:
        # One decoder call for the whole file is several times faster than one per line.
        rows = json.loads("[" + ",".join(line for _, line in numbered) + "]")
        if len(rows) != len(numbered):
            raise ValueError("a line holds more than one JSON value")
    except ValueError:
        rows = None
    entries = []
    for i, (lineno, line) in enumerate(numbered):
        try:
            entries.append(parse_entry(rows[i] if rows is not None else json.loads(line)))
        except (ValueError, TypeError) as err:  # JSONDecodeError is a ValueError
            raise ValueError(f"{path.name}, line {lineno}: {err}") from None
    return entries


def default_kb_dir() -> Path:
    return models_dir() / "kb"


def load_kb(path: Path | str | None = None) -> KnowledgeBase:
    """The KB from every *.jsonl in ``path`` (default models/kb/), cached per folder."""
    if path is None:
        return _load_default()  # (stages ask per document: no path resolving each time)
    return _load(Path(path).resolve())


@lru_cache(maxsize=None)
def _load_default() -> KnowledgeBase:
    return _load(default_kb_dir().resolve())


@lru_cache(maxsize=8)
def _load(folder: Path) -> KnowledgeBase:
    if not folder.is_dir():
        raise FileNotFoundError(f"knowledge base folder not found: {folder}")
    entries: list[KBEntry] = []
    where: dict[str, str] = {}
    for file in sorted(folder.glob("*.jsonl")):
        for e in read_jsonl(file):
            if e.id in where:
                raise ValueError(f"{file.name}: duplicate id {e.id!r} (first in {where[e.id]})")
            where[e.id] = file.name
            entries.append(e)
    version_file = folder / "VERSION"
    version = version_file.read_text(encoding="utf-8").strip() if version_file.is_file() else None
    return KnowledgeBase(entries, version)
