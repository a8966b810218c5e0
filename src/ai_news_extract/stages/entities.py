"""Entity mentions -> one entity per real-world thing, with canonical name and aliases.

Steps, each a small function:
1. ``collect``: spans from ``doc.ents`` (ruler + NER), cleaned (leading "the",
   possessives, line breaks, header labels) and filtered by general rules
   (never-entities such as "AI", sentence-initial participles as PERSON,
   generic phrases), relabelled from the knowledge base or the name's head word.
2. ``add_header_source`` and ``add_embedded``: the issuer named in the header,
   and companies named inside product or unit names ("Alibaba City Brain").
3. ``cluster``: mentions grouped by knowledge-base id, normalized text, acronym
   definitions ("Amazon Web Services (AWS)"), short forms ("Tsinghua" ->
   "Tsinghua University", "Huang" -> "Huang Maoxing") and fuzzy matches
   (rapidfuzz with case folding).
4. ``to_entities``: canonical name, aliases, label, kb_id, confidence.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from rapidfuzz import fuzz
from rapidfuzz.utils import default_process
from spacy.language import Language
from spacy.tokens import Doc

from .. import doc_attrs  # noqa: F401
from ..kb import KBEntry, KnowledgeBase, load_kb
from ..paths import model_file
from .header import load_cues

LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT", "PRODUCT"}
# Calibrated on the labelled alias / non-alias pairs in tests/test_entities.py.
FUZZY_THRESHOLD = 90.0


@dataclass(frozen=True)
class Lexicons:
    never: frozenset[str]
    generic: frozenset[str]
    drop_labels: frozenset[str]
    label_map: dict[str, str]
    head_labels: dict[str, str]
    center_org_modifiers: frozenset[str]
    org_type_words: frozenset[str]
    title_words: frozenset[str]


@lru_cache(maxsize=None)
def load_lexicons() -> Lexicons:
    data = json.loads(model_file("lexicons", "entities.json").read_text(encoding="utf-8"))
    heads = {w: label for label, words in data["head_labels"].items() for w in words}
    return Lexicons(
        never=frozenset(norm_key(w) for w in data["never_entities"]),
        generic=frozenset(norm_key(w) for w in data["generic_phrases"]),
        drop_labels=frozenset(data["drop_labels"]),
        label_map=dict(data["label_map"]),
        head_labels=heads,
        center_org_modifiers=frozenset(data["center_org_modifiers"]),
        org_type_words=frozenset(w.lower() for w in data["org_type_words"]),
        title_words=frozenset(data["title_words"]),
    )


_PUNCT = re.compile(r"[^\w\s]")


def norm_key(text: str) -> str:
    """Case-folded, punctuation-free, 'the'-less key, as the scorer compares names."""
    t = unicodedata.normalize("NFKC", text).casefold().replace("’", "'")
    t = re.sub(r"^the\s+", "", t.strip())
    t = _PUNCT.sub(" ", t)
    return " ".join(t.split())


@dataclass
class Mention:
    start: int
    end: int
    text: str
    label: str
    kb: Optional[KBEntry] = None
    source: str = "ner"  # ner | kb | header | embedded
    aliases: list[str] = field(default_factory=list)


_LEADING = re.compile(r"^(?:the|The|THE)\s+")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


def clean_span(text: str, start: int, end: int, label_cut: list[re.Pattern[str]]) -> tuple[int, int]:
    """Trim a span to the name it holds: no line breaks, header labels, 'the' or possessive."""
    seg = text[start:end]
    if "\n" in seg:
        parts = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", seg)]
        s, e = max(parts, key=lambda p: len(seg[p[0] : p[1]].strip()))
        start, end, seg = start + s, start + e, seg[s:e]
    for pat in label_cut:
        m = pat.search(seg)
        if m and m.start() > 0:
            end = start + m.start()
            seg = seg[: m.start()]
    m = _LEADING.match(seg)
    if m:
        start += m.end()
        seg = seg[m.end() :]
    m = _POSSESSIVE.search(seg)
    if m and len(seg) > 3:
        end -= len(m.group())
        seg = seg[: -len(m.group())]
    stripped = seg.rstrip(" \t,.;:–—-")
    end -= len(seg) - len(stripped)
    seg = stripped
    lead = len(seg) - len(seg.lstrip(" \t\"“'(["))
    return start + lead, end


def _adjust_edges(doc: Doc, ent, label: str, lex: Lexicons) -> tuple[int, int]:
    """Take in a capitalized head word the NER left out ("Yangtze River" + "Delta"),
    and drop trailing never-entity words from place names ("Asia-Pacific" + "AI")."""
    end_tok = ent.end
    while end_tok < len(doc) and end_tok - ent.end < 2:
        nxt = doc[end_tok]
        if nxt.is_title and nxt.text in lex.head_labels and not nxt.is_sent_start:
            end_tok += 1
        else:
            break
    if label in ("GPE", "LOC"):
        while end_tok - ent.start > 1 and norm_key(doc[end_tok - 1].text) in lex.never:
            end_tok -= 1
    return ent.start_char, doc[end_tok - 1].idx + len(doc[end_tok - 1].text)


def head_label(text: str, lex: Lexicons) -> Optional[str]:
    words = re.split(r"[\s-]+", text)
    if len(words) < 2:
        return None
    head = words[-1]
    label = lex.head_labels.get(head)
    if head in ("Center", "Centre") and words[-2] in lex.center_org_modifiers:
        return "ORG"
    return label


def collect(doc: Doc, kb: KnowledgeBase, lex: Lexicons) -> list[Mention]:
    text = doc.text
    cues = load_cues()
    mentions: list[Mention] = []
    for ent in doc.ents:
        label = lex.label_map.get(ent.label_, ent.label_)
        if label in lex.drop_labels or label not in LABELS:
            continue
        s, e = clean_span(text, *_adjust_edges(doc, ent, label, lex), cues.labels)
        if e - s < 2:
            continue
        surface = text[s:e]
        key = norm_key(surface)
        if not key or key in lex.never or key in lex.generic or key.replace(" ", "").isdigit():
            continue
        if _is_sentence_initial_participle(doc, ent, label):
            continue
        entry = _kb_entry(kb, surface, ent.kb_id_)
        source = "kb" if ent.kb_id_ else "ner"
        if entry is not None:
            label = entry.label
        else:
            label = head_label(surface, lex) or label
            if label == "PERSON":
                s, surface = _strip_title(surface, s, lex)
        mentions.append(Mention(s, s + len(surface), surface, label, entry, source))
    return mentions


def _kb_entry(kb: KnowledgeBase, surface: str, kb_key: str) -> Optional[KBEntry]:
    if kb_key:
        entry = kb.get(kb_key)
        if entry is not None:
            return entry
    hits = kb.lookup(surface)
    return hits[0] if len(hits) == 1 else (hits[0] if hits and len({h.id for h in hits}) == 1 else None)


def _strip_title(surface: str, start: int, lex: Lexicons) -> tuple[int, str]:
    first, _, rest = surface.partition(" ")
    if rest and first in lex.title_words:
        return start + len(first) + 1, rest
    return start, surface


def _is_sentence_initial_participle(doc: Doc, ent, label: str) -> bool:
    """'Boasting a complete chain, ...': a capitalized participle opening a sentence."""
    if label != "PERSON" or len(ent) != 1:
        return False
    tok = ent[0]
    return tok.is_sent_start and (tok.tag_ in ("VBG", "VBN") or tok.lower_.endswith(("ing", "ed")))


def add_header_source(doc: Doc, mentions: list[Mention], kb: KnowledgeBase) -> None:
    meta = doc._.news_meta or {}
    span = meta.get("source_span")
    if not span:
        return
    s, e = span
    if any(m.start <= s and e <= m.end for m in mentions):
        return
    mentions[:] = [m for m in mentions if not (m.start < e and s < m.end)]
    surface = doc.text[s:e]
    hits = kb.lookup(surface)
    entry = hits[0] if hits else None
    mentions.append(Mention(s, e, surface, entry.label if entry else "ORG", entry, "header"))


_SPLIT = re.compile(r"[\s\-–]+")


def add_embedded(doc: Doc, mentions: list[Mention], kb: KnowledgeBase) -> None:
    """Companies named at the start of a product or unit name: 'Alibaba City Brain'."""
    extra = []
    for m in mentions:
        if m.label not in ("PRODUCT", "ORG", "FAC", "EVENT"):
            continue
        for part in _SPLIT.finditer(m.text):
            if part.start() == 0:
                continue
            prefix = m.text[: part.start()]
            hits = [h for h in kb.lookup(prefix) if h.label == "ORG"]
            if not hits or norm_key(prefix) == norm_key(m.text):
                continue
            if m.kb is not None and hits[0].id == m.kb.id:
                continue
            extra.append(Mention(m.start, m.start + len(prefix), prefix, "ORG", hits[0], "embedded"))
            break
        # "Microsoft-INESA AI Innovation Center": the second of two joined names.
        joined = re.match(r"^([A-Z][\w]*)-([A-Z]{2,}[\w]*)\b", m.text)
        if joined and joined.group(2) != m.text:
            s = m.start + joined.start(2)
            word = joined.group(2)
            hits = kb.lookup(word)
            if hits and hits[0].label == "ORG" or word.isupper():
                extra.append(Mention(s, s + len(word), word, "ORG", hits[0] if hits else None, "embedded"))
    mentions.extend(extra)


_ACRONYM_AFTER = re.compile(r"^\s*\(\s*([A-Za-z][A-Za-z0-9&+.\-]{1,11})\s*\)")


def acronym_links(doc: Doc, mentions: list[Mention]) -> list[tuple[int, str, int, int]]:
    """'Amazon Web Services (AWS)': (mention index, acronym, start, end) for definitions."""
    links = []
    for i, m in enumerate(mentions):
        after = doc.text[m.end : m.end + 20]
        hit = _ACRONYM_AFTER.match(after)
        if not hit:
            continue
        acr = hit.group(1)
        if is_acronym_of(acr, m.text):
            s = m.end + hit.start(1)
            links.append((i, acr, s, s + len(acr)))
    return links


def is_acronym_of(acr: str, name: str) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", acr).lower()
    if len(letters) < 2 or sum(c.isupper() for c in acr) < 2:
        return False
    words = [w for w in re.split(r"[\s\-–/]+", name) if w]
    initials = "".join(w[0].lower() for w in words if w[0].isalpha())
    significant = "".join(w[0].lower() for w in words if w[0].isupper() or w[0].isdigit())
    if letters in (initials, significant) or _subsequence(letters, initials):
        return letters[0] == initials[:1]
    # "iFlytek (IFLY)"-style abbreviations of a single word.
    return len(words) == 1 and name.lower().startswith(letters[:2]) and _subsequence(letters, name.lower())


def _subsequence(needle: str, hay: str) -> bool:
    it = iter(hay)
    return all(c in it for c in needle)


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _compatible(a: Mention, b: Mention) -> bool:
    if a.label == b.label:
        return True
    # The NER often wavers between ORG and the label of what an org runs.
    pair = {a.label, b.label}
    return pair <= {"ORG", "PRODUCT", "FAC", "EVENT"} and (a.kb is not None or b.kb is not None)


def cluster(mentions: list[Mention], acronyms: list[tuple[int, str, int, int]], lex: Lexicons) -> list[list[int]]:
    n = len(mentions)
    uf = _UnionFind(n)
    keys = [norm_key(m.text) for m in mentions]
    by_kb: dict[str, int] = {}
    by_key: dict[tuple[str, str], int] = {}
    for i, m in enumerate(mentions):
        if m.kb is not None:
            if m.kb.id in by_kb:
                uf.union(by_kb[m.kb.id], i)
            else:
                by_kb[m.kb.id] = i
        k = (keys[i], m.label)
        if k in by_key:
            uf.union(by_key[k], i)
        else:
            by_key[k] = i
    # Acronym definitions: the long form's group takes every mention of the acronym.
    for i, acr, _, _ in acronyms:
        mentions[i].aliases.append(acr)
        ak = norm_key(acr)
        for j, m in enumerate(mentions):
            if keys[j] == ak and j != i:
                uf.union(i, j)
    # Short forms and fuzzy variants, longest names first.
    order = sorted(range(n), key=lambda i: -len(keys[i]))
    for a_pos, i in enumerate(order):
        for j in order[a_pos + 1 :]:
            if uf.find(i) == uf.find(j) or not _compatible(mentions[i], mentions[j]):
                continue
            if mentions[i].kb is not None and mentions[j].kb is not None and mentions[i].kb.id != mentions[j].kb.id:
                continue
            if _short_form(mentions[j], mentions[i], keys[j], keys[i], lex) or _fuzzy(keys[i], keys[j]):
                uf.union(i, j)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(uf.find(i), []).append(i)
    return sorted(groups.values(), key=lambda g: min(mentions[i].start for i in g))


def _short_form(short: Mention, long: Mention, ks: str, kl: str, lex: Lexicons) -> bool:
    if ks == kl or not ks:
        return False
    sw, lw = ks.split(), kl.split()
    if short.label == "PERSON" and long.label == "PERSON":
        return len(sw) == 1 and len(lw) >= 2 and sw[0] in (lw[0], lw[-1])
    if len(sw) >= len(lw) or lw[: len(sw)] != sw:
        return False
    rest = lw[len(sw) :]
    return all(w in lex.org_type_words for w in rest)


def _fuzzy(a: str, b: str) -> bool:
    if min(len(a), len(b)) < 6:
        return False
    return fuzz.ratio(a, b, processor=default_process) >= FUZZY_THRESHOLD


def to_entities(doc: Doc, mentions: list[Mention], groups: list[list[int]], kb: KnowledgeBase,
                acronyms: list[tuple[int, str, int, int]]) -> list[dict]:
    acr_spans: dict[int, list[tuple[int, int]]] = {}
    for i, _, s, e in acronyms:
        acr_spans.setdefault(i, []).append((s, e))
    entities = []
    for group in groups:
        ms = [mentions[i] for i in group]
        entry = next((m.kb for m in ms if m.kb is not None), None)
        if entry is None and all(m.source == "embedded" for m in ms) and not any(m.text.isupper() for m in ms):
            continue
        label = entry.label if entry else _vote_label(ms)
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
        })
    _dedupe_names(entities)
    for i, ent in enumerate(entities, 1):
        ent["id"] = f"E{i}"
    return entities


def _vote_label(ms: list[Mention]) -> str:
    votes = Counter()
    for m in ms:
        votes[m.label] += 2 if m.source in ("kb", "header") else 1
    return votes.most_common(1)[0][0]


def _pick_canonical(ms: list[Mention], label: str) -> str:
    full = [m.text for m in ms if not m.text.isupper()] or [m.text for m in ms]
    # The longest written form is the full name; ties go to the most frequent.
    counts = Counter(full)
    return max(full, key=lambda t: (len(t.split()), counts[t], len(t)))


def _dedupe_names(entities: list[dict]) -> None:
    """No two entities may share a name: merge same-label twins, else drop the alias."""
    owner: dict[str, int] = {}
    drop: set[int] = set()
    for i, ent in enumerate(entities):
        for name in [ent["canonical"], *ent["aliases"]]:
            k = norm_key(name)
            j = owner.get(k)
            if j is None or j == i or j in drop:
                owner[k] = i
                continue
            other = entities[j]
            if other["label"] == ent["label"]:
                other["aliases"] += [a for a in [ent["canonical"], *ent["aliases"]] if a != other["canonical"] and a not in other["aliases"]]
                other["mentions"] = [list(p) for p in sorted({tuple(p) for p in other["mentions"] + ent["mentions"]})]
                for a in [ent["canonical"], *ent["aliases"]]:
                    owner[norm_key(a)] = j
                drop.add(i)
                break
        else:
            continue
    keep = [e for i, e in enumerate(entities) if i not in drop]
    seen: set[str] = set()
    for ent in keep:
        ent["aliases"] = [a for a in ent["aliases"] if norm_key(a) != norm_key(ent["canonical"])]
        names = [ent["canonical"], *ent["aliases"]]
        clean = []
        for a in names:
            k = norm_key(a)
            if k in seen and a != ent["canonical"]:
                continue
            seen.add(k)
            if a != ent["canonical"]:
                clean.append(a)
        ent["aliases"] = clean
    entities[:] = keep


class EntityStage:
    """Writes ``doc._.news_entities``."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.kb = load_kb()
        self.lex = load_lexicons()

    def __call__(self, doc: Doc) -> Doc:
        mentions = collect(doc, self.kb, self.lex)
        add_header_source(doc, mentions, self.kb)
        add_embedded(doc, mentions, self.kb)
        mentions = _drop_overlaps(mentions)
        acronyms = acronym_links(doc, mentions)
        groups = cluster(mentions, acronyms, self.lex)
        doc._.news_entities = to_entities(doc, mentions, groups, self.kb, acronyms)
        return doc


def _drop_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Embedded mentions may nest in others; other overlaps keep the longer span."""
    mentions = sorted(mentions, key=lambda m: (m.start, -(m.end - m.start)))
    out: list[Mention] = []
    for m in mentions:
        clash = next((o for o in out if o.start < m.end and m.start < o.end and "embedded" not in (o.source, m.source)), None)
        if clash is None and not any((o.start, o.end) == (m.start, m.end) for o in out):
            out.append(m)
    return out


@Language.factory("ai_news_entities")
def make_entities(nlp: Language, name: str) -> EntityStage:
    return EntityStage(nlp, name)
