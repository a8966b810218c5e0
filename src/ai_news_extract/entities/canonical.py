"""Step 4: groups of mentions -> entity dicts: label, canonical name, aliases, kb_id,
mentions and confidence; no two entities share a name."""

from __future__ import annotations

import re
from collections import Counter

from ..kb import KnowledgeBase
from .mention import Mention, norm_key

def to_entities(mentions: list[Mention], groups: list[list[int]], kb: KnowledgeBase,
                acronyms: list[tuple[int, str, int, int]], text: str = "") -> list[dict]:
    acr_spans: dict[int, list[tuple[int, int]]] = {}
    for i, _, s, e in acronyms:
        acr_spans.setdefault(i, []).append((s, e))
    entities = []
    for group in groups:
        ms = [mentions[i] for i in group]
        entry = next((m.kb for m in ms if m.kb is not None), None)
        if entry is None and all(m.source == "embedded" for m in ms) and not any(m.text.isupper() for m in ms):
            continue
        label = entry.label if entry else _vote_label(ms, text)
        surfaces = [m.text for m in ms] + [a for m in ms for a in m.aliases]
        canonical = entry.canonical if entry else _pick_canonical(ms, label)
        aliases: list[str] = []
        for s in surfaces + (list(entry.aliases) if entry else []):
            if s != canonical and s not in aliases:
                aliases.append(s)
        spans = sorted({(m.start, m.end) for m in ms} | {sp for i in group for sp in acr_spans.get(i, [])})
        conf = 0.95 if entry else (0.85 if len(ms) > 1 else 0.7)
        entities.append({
            "label": label,
            "canonical": canonical,
            "aliases": aliases,
            "kb_id": kb.kb_id(entry) if entry else None,
            "mentions": [list(sp) for sp in spans],
            "confidence": conf,
            # (whether a label came from more than the NER: read by _dedupe_names, then dropped)
            "_sure": entry is not None or any(m.source in _SURE_SOURCES for m in ms),
        })
    _dedupe_names(entities)
    for ent in entities:
        del ent["_sure"]
    for i, ent in enumerate(entities, 1):
        ent["id"] = f"E{i}"
    return entities


# Where a mention's label came from, beside the NER: the knowledge base or the page furniture
# first, then the name's head word ("... Co., Ltd").
_KNOWN_SOURCES = ("kb", "header", "dateline")
_SURE_SOURCES = (*_KNOWN_SOURCES, "head")


def _vote_label(ms: list[Mention], text: str = "") -> str:
    """Knowledge base and header first, then the name's head word, then the NER majority."""
    for sources in (_KNOWN_SOURCES, ("head",)):
        strong = [m.label for m in ms if m.source in sources]
        if strong:
            return _most_common(strong)
    label = _most_common([m.label for m in ms])
    if label == "PERSON" and all(" " not in m.text for m in ms) \
            and not any(_PRONOUN.search(text, m.end, m.end + _PRONOUN_REACH) for m in ms):
        # News introduces a person by full name before any surname alone; a one-word name the
        # NER calls a person, never written in full nor followed by "he"/"she", is a brand
        # ("Rokid shipped ...").
        return "ORG"
    longer = [m.text for m in ms if " " in m.text]
    if label == "PERSON" and longer and all(_has_acronym(t) for t in longer):
        # People's names carry no acronyms: "NC AI", "SK Telecom" are companies (and "Corvellia",
        # short for "Corvellia AI", with them).
        return "ORG"
    return label


# An all-capital word of two or more letters, not a Roman numeral ("Henry VIII").
_ACRONYM_WORD = re.compile(r"\b(?![IVX]+\b)[A-Z]{2,}\b")


def _has_acronym(name: str) -> bool:
    """An acronym in a name written in mixed case ("Vizor AI"), or a name of short capitals
    only ("NC AI"); a name set in capitals ("NAOKI SUZUKI") is no evidence."""
    if not _ACRONYM_WORD.search(name):
        return False
    return not name.isupper() or all(len(w) <= 3 for w in name.split())


_PRONOUN = re.compile(r"\b(?:[Hh]e|[Ss]he|[Hh]is|[Hh]er|him)\b")
_PRONOUN_REACH = 160  # characters: the rest of the sentence and about one more


def _most_common(items: list[str]) -> str:
    """``Counter(items).most_common(1)[0][0]``: the most frequent, the first seen on a tie
    (a Counter costs more than the few labels of a group)."""
    if len(items) == 1:
        return items[0]
    counts: dict[str, int] = {}
    for item in items:
        counts[item] = counts.get(item, 0) + 1
    return max(counts, key=counts.__getitem__)


def _pick_canonical(ms: list[Mention], label: str) -> str:
    full = [m.base or m.text for m in ms if m.base or not m.text.isupper()] or [m.text for m in ms]
    if len(full) == 1:
        return full[0]
    # The longest written form is the full name; ties go to the most frequent.
    counts = Counter(full)
    return max(full, key=lambda t: (len(t.split()), counts[t], len(t)))


def _dedupe_names(entities: list[dict]) -> None:
    """No two entities may share a name: twins are one thing the NER labelled two ways.

    The merged entity keeps the knowledge-base reading when one side has it, else the
    side whose label more than the NER gave ("Xunfei Healthcare Technology Co., Ltd" is a
    company, however often the NER read "Xunfei Healthcare" as a person), else the side
    with more mentions.
    """
    owner: dict[str, int] = {}
    drop: set[int] = set()
    for i, ent in enumerate(entities):
        keys = list(map(norm_key, [ent["canonical"], *ent["aliases"]]))
        twin = next((owner[k] for k in keys if k in owner), None)
        if twin is None:
            for k in keys:
                owner[k] = i
            continue
        keep = entities[twin]
        if keep["kb_id"] is None and (ent["kb_id"] is not None or (ent["_sure"], len(ent["mentions"])) > (
                keep["_sure"], len(keep["mentions"]))):
            for key in ("label", "canonical", "kb_id", "confidence", "_sure"):
                keep[key], ent[key] = ent[key], keep[key]
        names = [ent["canonical"], *ent["aliases"], *keep["aliases"]]
        keep["aliases"] = [a for a in dict.fromkeys(names) if norm_key(a) != norm_key(keep["canonical"])]
        keep["mentions"] = [list(p) for p in sorted({tuple(p) for p in keep["mentions"] + ent["mentions"]})]
        for name in [keep["canonical"], *keep["aliases"]]:
            owner[norm_key(name)] = twin
        drop.add(i)
    entities[:] = [e for i, e in enumerate(entities) if i not in drop]
    for ent in entities:
        seen = {norm_key(ent["canonical"])}
        aliases = []
        for a in ent["aliases"]:
            if norm_key(a) not in seen:
                seen.add(norm_key(a))
                aliases.append(a)
            elif a != ent["canonical"] and a.casefold() != ent["canonical"].casefold() and a not in aliases:
                aliases.append(a)  # a written variant ("IFlytek") is still a useful alias
        ent["aliases"] = aliases
