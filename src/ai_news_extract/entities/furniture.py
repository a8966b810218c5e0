"""Names the page furniture gives (caption credits, the header's issuer and bylines, the
dateline's places) and names inside other names ("Alibaba City Brain")."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from ..kb import KnowledgeBase
from .labels import product_line
from .lexicon import load_lexicons
from .mention import Mention, _strip_ws

_CREDIT_LEAD = re.compile(r"(?i:for|via|courtesy of|provided to|provided by)\s+")


def add_credits(doc: Doc, text: str, mentions: list["Mention"], kb: KnowledgeBase) -> list["Mention"]:
    """Caption credits name agencies and photographers: '(Xinhua/Huang Zongzhi)'."""
    meta = doc._.news_meta or {}
    for cap in meta.get("captions", []):
        credit = cap.get("credit")
        if not credit:
            continue
        cs = text.rfind(credit, cap["start"], cap["end"])
        if cs < 0:
            continue
        ce = cs + len(credit)
        found = []
        for part in re.finditer(r"[^/():]+", credit):
            ps, pe = _strip_ws(text, cs + part.start(), cs + part.end())
            # "Hu Dan/For China Daily", "Photo provided to China Daily": the outlet, after its word.
            lead = _CREDIT_LEAD.match(text, ps, pe)
            ps = lead.end() if lead else ps
            name = text[ps:pe]
            if not name or not name[:1].isupper() and not kb.lookup(name):
                continue
            hits = kb.lookup(name)
            if hits:
                found.append(Mention(ps, pe, name, hits[0].label, hits[0], "kb"))
            elif re.fullmatch(r"[A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+){1,2}", name):
                found.append(Mention(ps, pe, name, "PERSON", None, "header"))
            elif name[:1].isupper():
                found.append(Mention(ps, pe, name, "ORG", None, "header"))
        if found:
            mentions = [m for m in mentions if not (m.start < ce and cs < m.end)] + found
    return mentions


def add_header_source(doc: Doc, text: str, mentions: list[Mention], kb: KnowledgeBase) -> None:
    meta = doc._.news_meta or {}
    span = meta.get("source_span")
    if not span:
        return
    s, e = span
    mentions[:] = [m for m in mentions if not (m.start < e and s < m.end)]
    surface = text[s:e]
    hits = kb.lookup(surface)
    entry = hits[0] if hits else None
    mentions.append(Mention(s, e, surface, entry.label if entry else "ORG", entry, "header"))


def add_header_people(doc: Doc, text: str, mentions: list[Mention]) -> None:
    """Bylines and editor lines name people: 'By Elena Moretti and Jan Novak' is two
    PERSONs, whatever the NER made of the line."""
    for s, e in (doc._.news_meta or {}).get("people", []):
        mentions[:] = [m for m in mentions if not (m.start < e and s < m.end)]
        mentions.append(Mention(s, e, text[s:e], "PERSON", None, "header"))


_DATELINE_PLACES = re.compile(r"[^(\d]*?(?=\s*(?:\(|--|[-–—]\s|\d|$))")


def add_dateline_places(doc: Doc, text: str, mentions: list[Mention], kb: KnowledgeBase) -> None:
    """'PARIS & SAARBRÜCKEN, Germany--(BUSINESS WIRE)--': the capitalized words that open a
    dateline are places. Each is a GPE (or the KB's place), named in title case."""
    span = (doc._.news_meta or {}).get("dateline")
    if not span:
        return
    ds, de = span
    places = _DATELINE_PLACES.match(text, ds, de)
    if not places:
        return
    for part in re.finditer(r"[^,&/]+", places.group()):
        ps, pe = _strip_ws(text, ds + part.start(), ds + part.end())
        name = text[ps:pe]
        if len(name) < 3 or not name.isupper() or not any(c.isalpha() for c in name):
            continue
        hits = kb.lookup(name)
        entry = next((h for h in hits if h.label in ("GPE", "LOC")), None)
        if hits and entry is None:
            continue  # a known organization, not a place
        mentions[:] = [m for m in mentions if not (m.start < pe and ps < m.end)]
        label = entry.label if entry else "GPE"
        mentions.append(Mention(ps, pe, name, label, entry, "dateline", base=None if entry else _caps_to_title(name)))


def _caps_to_title(name: str) -> str:
    """'SAARBRÜCKEN' -> 'Saarbrücken', 'XI'AN' -> 'Xi'an', 'WINSTON-SALEM' -> 'Winston-Salem'."""
    return re.sub(r"(^|[\s\-–.])(\w)", lambda m: m.group(1) + m.group(2).upper(), name.lower())


_LOCATED_IN = re.compile(r" in ([A-Z][\w'’-]*(?: [A-Z][\w'’-]*){0,2})$")


def add_embedded(doc: Doc, mentions: list[Mention], kb: KnowledgeBase) -> None:
    """Companies named inside a product's name ('Alibaba City Brain') or joined to a
    partner in a unit's name ('Microsoft-INESA AI Innovation Center'), and the place a
    venue's name ends in ('... Center in Tianjin'), are mentioned too."""
    extra = []
    for m in mentions:
        if m.label == "PRODUCT":
            company = product_line(m.text, kb, load_lexicons())
            if company is not None:
                n = len(company.canonical) if m.text.startswith(company.canonical) else len(m.text.split()[0])
                extra.append(Mention(m.start, m.start + n, m.text[:n], "ORG", company, "embedded"))
        joined = re.match(r"^([A-Z][\w]*)[-–]([A-Z]{2,})\b", m.text)
        if joined and m.kb is None:
            first = [h for h in kb.lookup(joined.group(1)) if h.label == "ORG" and h.type == "company"]
            if first:
                extra.append(Mention(m.start, m.start + len(joined.group(1)), joined.group(1), "ORG", first[0], "embedded"))
                s = m.start + joined.start(2)
                hits = kb.lookup(joined.group(2))
                extra.append(Mention(s, s + len(joined.group(2)), joined.group(2), "ORG", hits[0] if hits else None, "embedded"))
        located = _LOCATED_IN.search(m.text) if m.label == "FAC" else None
        if located:
            # "National Convention and Exhibition Center in Tianjin", a name the KB knows whole: the city too
            places = [h for h in kb.lookup(located.group(1)) if h.label in ("GPE", "LOC")]
            if places:
                s = m.start + located.start(1)
                extra.append(Mention(s, s + len(located.group(1)), located.group(1), places[0].label, places[0],
                                     "embedded"))
    mentions.extend(extra)
