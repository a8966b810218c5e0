"""Mentions read together: adjacent names that make one ("School of Economics" + "at" +
"Fujian Normal University", "ERNIE" + "4.0"), lists of places or companies, and bare heads ("the
Commission") that refer back to a longer name."""

from __future__ import annotations

import re

from ..kb import KnowledgeBase
from .labels import head_label
from .lexicon import Lexicons
from .mention import Mention, norm_key

_HYPHENATED = re.compile(r"\w[-–]\w")


def join_compounds(text: str, mentions: list["Mention"], lex: Lexicons) -> list["Mention"]:
    """'Shenzhen-Hong Kong-Guangzhou' + 'innovation cluster' is one region; 'School of
    Economics' + 'at' + 'Fujian Normal University' is one unit of the university."""
    mentions = sorted(mentions, key=lambda m: m.start)
    out: list[Mention] = []
    for m in mentions:
        if out:
            prev = out[-1]
            gap = text[prev.end : m.start]
            if gap == " at " and prev.text.split()[0] in lex.sub_units and m.label == "ORG" and prev.kb is None:
                out[-1] = Mention(prev.start, m.end, text[prev.start : m.end], "ORG", None, "head")
                continue
        out.append(m)
    for i, m in enumerate(out):
        if m.label == "PRODUCT":
            # "ERNIE 4.0", "Journey 5": a version number belongs to the product's name.
            ver = lex.version_after.match(text, m.end)
            if ver and not any(o.start == ver.start() + 1 for o in out):
                out[i] = m = Mention(m.start, ver.end(), text[m.start : ver.end()], "PRODUCT", None, "head",
                                     aliases=[m.text] if m.kb is None else [m.kb.canonical])
        if m.label == "GPE":
            # "the Sichuan provincial government": the government is an ORG named after the place.
            gov = lex.government_tail.match(text, m.end)
            if gov:
                name = text[m.start : gov.end()]
                out[i] = Mention(m.start, gov.end(), name, "ORG", None, "head", base=_title_case(name))
                continue
        if m.kb is None and m.label in ("GPE", "ORG", "LOC", "FAC") and _HYPHENATED.search(m.text):
            tail = lex.compound_tail.match(text, m.end)
            if tail:
                out[i] = Mention(m.start, tail.end(), text[m.start : tail.end()], "LOC", None, "head")
    return out


def _title_case(name: str) -> str:
    return " ".join(w if w[:1].isupper() else w[:1].upper() + w[1:] for w in name.split())


_LIST_SEP = re.compile(r",\s+(?:and\s+|or\s+)?|\s+(?:and|or|&)\s+")
# Members the NER skipped, between two it found: ", Game Science, BrainCo, ".
_GAP_NAME = r"[A-Z][^\W\d_]+(?:[ -][A-Z][^\W\d_]+)?"
_LIST_GAP_ITEMS = re.compile(r"(?:,\s+%s)+(?:,\s+(?:and\s+|or\s+)?|,?\s+(?:and|or)\s+)" % _GAP_NAME)
_GAP_ITEM = re.compile(_GAP_NAME)


def list_members(text: str, mentions: list[Mention], kb: KnowledgeBase, lex: Lexicons) -> list[Mention]:
    """'sites in Kaiserslautern, Saarbrücken, Bremen and Berlin': a list holds one kind of
    place. In a list of two or more known GPEs (and no known non-place), an unknown member
    the NER read as LOC, ORG or a one-word PERSON or PRODUCT, or skipped, is a GPE too.
    In a list of two or more known companies (and nothing else known), a member the NER
    skipped is an ORG."""
    ms = sorted(mentions, key=lambda m: m.start)
    runs: list[list[Mention]] = []
    gaps: list[list[tuple[int, int]]] = []
    for k, m in enumerate(ms):
        if k and m.start - ms[k - 1].end > 40:
            runs.append([m])
            gaps.append([])
            continue
        if k and _LIST_SEP.fullmatch(text, ms[k - 1].end, m.start):
            runs[-1].append(m)
            continue
        item = _LIST_GAP_ITEMS.fullmatch(text, ms[k - 1].end, m.start) if k else None
        if item:
            runs[-1].append(m)
            gaps[-1].extend(g.span() for g in _GAP_ITEM.finditer(text, item.start(), item.end()))
            continue
        runs.append([m])
        gaps.append([])
    added = []
    for run, items in zip(runs, gaps):
        known = [m for m in run if m.kb is not None]
        if len(run) + len(items) < 3:
            continue
        if sum(m.label == "ORG" for m in known) >= 2 and all(m.label == "ORG" for m in known):
            # "DeepSeek, Unitree Robotics, Game Science, BrainCo and Deep Robotics": a list of
            # known companies holds companies; only the members the NER skipped are added.
            added.extend(_gap_mentions(text, items, "ORG", kb, lex))
            continue
        if sum(m.label == "GPE" for m in known) < 2 or any(m.label not in ("GPE", "LOC") for m in known):
            continue
        for m in run:
            words = len(m.text.split())
            if m.kb is None and m.label != "GPE" and head_label(m.text, lex) is None \
                    and (m.label in ("LOC", "ORG") and words <= 3 or words == 1):
                m.label = "GPE"
        added.extend(_gap_mentions(text, items, "GPE", kb, lex))
    return ms + added if added else ms


def _gap_mentions(text: str, items: list[tuple[int, int]], label: str, kb: KnowledgeBase,
                  lex: Lexicons) -> list[Mention]:
    """The skipped members of a list of ``label`` names (GPE: or a known LOC)."""
    out = []
    kinds = ("GPE", "LOC") if label == "GPE" else (label,)
    for s, e in items:
        name = text[s:e]
        if norm_key(name) in lex.never or norm_key(name) in lex.generic:
            continue
        head = head_label(name, lex)
        if head is not None and (label == "GPE" or head != label):  # ("Quarnel Labs" is a company)
            continue
        hits = kb.lookup(name)
        if not hits:
            out.append(Mention(s, e, name, label, None, "ner"))
        elif hits[0].label in kinds:
            out.append(Mention(s, e, name, hits[0].label, hits[0], "kb"))
    return out


# "in Kitakami, Iwate", "near Kaiserslautern, Germany": a place, then the region or country holding it.
_PLACE_IN_REGION = re.compile(r"\b(?:in|at|near|from|outside|based in)\s+([A-Z][^\W\d_]+(?:[ -][A-Z][^\W\d_]+)?),\s+$")
_REGION_TYPES = frozenset({"country", "province", "state", "prefecture", "constituent_country"})


def places_in_regions(text: str, mentions: list[Mention], kb: KnowledgeBase, lex: Lexicons) -> list[Mention]:
    """'a plant in Kitakami, Iwate': a name between 'in' and a known province, state
    or country is a place in it (a GPE), whatever the NER made of it or if it skipped it."""
    added = []
    for m in mentions:
        if m.kb is None or m.kb.label != "GPE" or m.kb.type not in _REGION_TYPES:
            continue
        hit = _PLACE_IN_REGION.search(text, max(0, m.start - 50), m.start)
        if hit is None:
            continue
        s, e = hit.span(1)
        name = text[s:e]
        if kb.lookup(name) or norm_key(name) in lex.never or head_label(name, lex):
            continue
        same = [o for o in mentions if o.start < e and s < o.end]
        if same:
            for o in same:
                if (o.start, o.end) == (s, e) and o.kb is None:
                    o.label = "GPE"
            continue
        added.append(Mention(s, e, name, "GPE", None, "ner"))
    return mentions + added if added else mentions


def resolve_bare_heads(mentions: list[Mention], lex: Lexicons) -> list[Mention]:
    """A bare head word ("the Commission", "the Games") refers back to the one longer name
    of the article that ends in it ("European Commission"); with none or several it names
    nothing certain and is dropped."""
    bare = [m for m in mentions if m.kb is None and m.text in lex.head_labels and m.text[:1].isupper()
            and m.text not in lex.bare_head_names]
    if not bare:
        return mentions
    drop = set()
    for m in bare:
        word = " " + m.text.casefold()
        found = {}
        for o in mentions:
            name = o.base or o.text
            if o is not m and name.casefold().endswith(word) and len(name.split()) > 1:
                found.setdefault(o.kb.id if o.kb else norm_key(name), o)
        if len(found) == 1:
            (o,) = found.values()
            m.base, m.label, m.kb = o.base or o.text, o.label, o.kb
        else:
            drop.add(id(m))
    return [m for m in mentions if id(m) not in drop]
