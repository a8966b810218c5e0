"""Entity mentions -> one entity per real-world thing, with canonical name and aliases.

Steps, each a small function:
1. ``collect``: spans from ``doc.ents`` (ruler + NER), extended where the NER stops
   short ("... Exhibition" + "and Convention Center", "... Top" + "100", "Inria-DFKI"
   + "... Lab"), cleaned (leading "the", possessives, line breaks, header labels) and
   filtered by general rules (never-entities such as "AI", sentence-initial
   participles as PERSON, generic phrases, programmes), relabelled from the knowledge
   base, the name's head (``head_label``) or its context ("its chatbot X").
2. ``add_header_source``, ``add_header_people``, ``add_dateline_places`` and
   ``add_embedded``: the issuer, the authors and the dateline's places named in the
   header, and companies named inside product or unit names ("Alibaba City Brain");
   ``list_members``, ``places_in_regions`` and ``resolve_bare_heads``: places (companies) in a list of
   places (companies), a place before its region ("in Kitakami, Iwate"), and bare
   heads ("the Commission") that refer back to a longer name.
3. ``cluster``: mentions grouped by knowledge-base id, normalized text, acronym
   definitions ("Amazon Web Services (AWS)"), short forms ("Tsinghua" ->
   "Tsinghua University", "Huang" -> "Huang Maoxing") and fuzzy matches
   (rapidfuzz with case folding).
4. ``to_entities``: canonical name, aliases, label, kb_id, confidence.

Modules, in data-path order (each imports only those listed before it):
``mention`` (Mention, norm_key, span trimming), ``lexicon`` (word lists, context
patterns), ``labels`` (head_label, product lines), ``edges`` (span extension and
splitting), ``classify`` (filters, relabelling), ``lists`` (compounds, place lists,
places before their region, bare heads), ``furniture`` (header, dateline, credits,
embedded names), ``versions`` (product families with versions, which the KB ruler tags,
and model numbers a company owns: "OpenAI's o1"), ``collect`` (step 1), ``cluster``
(step 3), ``canonical`` (step 4). The spaCy component is
:mod:`ai_news_extract.stages.entities`.
"""

from __future__ import annotations

from spacy.tokens import Doc

from ..doc_attrs import doc_text
from ..kb import KnowledgeBase
from .canonical import to_entities
from .cluster import FUZZY_THRESHOLD, acronym_links, cluster, is_acronym_of
from .collect import collect
from .furniture import add_dateline_places, add_embedded, add_header_people, add_header_source
from .labels import head_label
from .lexicon import LABELS, Lexicons, load_lexicons
from .lists import list_members, places_in_regions, resolve_bare_heads
from .mention import Mention, norm_key


def extract_entities(doc: Doc, kb: KnowledgeBase, lex: Lexicons) -> list[dict]:
    """The entities of a parsed Doc as plain dicts (see :mod:`ai_news_extract.doc_attrs`)."""
    text = doc_text(doc)
    mentions = collect(doc, text, kb, lex)
    add_header_source(doc, text, mentions, kb)
    add_header_people(doc, text, mentions)
    add_dateline_places(doc, text, mentions, kb)
    add_embedded(doc, mentions, kb)
    mentions = _drop_overlaps(mentions)
    mentions = list_members(text, mentions, kb, lex)
    mentions = places_in_regions(text, mentions, kb, lex)
    mentions = resolve_bare_heads(mentions, lex)
    acronyms = acronym_links(text, mentions)
    groups = cluster(mentions, acronyms, lex)
    return to_entities(mentions, groups, kb, acronyms, text)


def _drop_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Embedded mentions may nest in others; other overlaps keep the longer span."""
    mentions = sorted(mentions, key=lambda m: (m.start, -(m.end - m.start)))
    out: list[Mention] = []
    spans: set[tuple[int, int]] = set()  # the spans in ``out``: the same-span test without a scan
    # Kept mentions start at or before this one (the sort), so one overlaps it exactly when
    # it ends after this one starts: the furthest end so far answers for all of them.
    reach = -1
    for m in mentions:
        if (m.start, m.end) in spans:
            continue
        embedded = m.source == "embedded"
        if not embedded:
            if m.start < reach and m.start < m.end:
                continue
            if m.start == m.end and any(o.start < m.end and m.start < o.end and o.source != "embedded" for o in out):
                continue
            reach = max(reach, m.end)
        out.append(m)
        spans.add((m.start, m.end))
    return out


__all__ = ["FUZZY_THRESHOLD", "LABELS", "Lexicons", "Mention", "acronym_links", "add_dateline_places", "add_embedded",
           "add_header_people", "add_header_source", "cluster", "collect", "extract_entities", "head_label",
           "is_acronym_of", "load_lexicons", "norm_key", "list_members", "places_in_regions", "resolve_bare_heads",
           "to_entities"]
