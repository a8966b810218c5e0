"""Step 1: the doc's entity spans (ruler + NER) -> cleaned, filtered, labelled mentions."""

from __future__ import annotations

from spacy.tokens import Doc

from ..kb import KnowledgeBase
from ..stages.header import load_cues
from .classify import _classify
from .edges import _adjust_edges, _date_as_name, split_pieces
from .furniture import add_credits
from .lexicon import LABELS, Lexicons
from .lists import join_compounds
from .mention import Mention, _inside, clean_span, norm_key
from .versions import add_owned_models

def collect(doc: Doc, text: str, kb: KnowledgeBase, lex: Lexicons) -> list[Mention]:
    cues = load_cues()
    meta = doc._.news_meta or {}
    furniture = [tuple(x) for x in meta.get("excluded", [])]
    title = tuple(meta["title_span"]) if meta.get("title_span") else None
    mentions: list[Mention] = []
    for ent in doc.ents:
        label = ent.label_
        label = lex.label_map.get(label, label)
        if label in lex.drop_labels or label not in LABELS:
            if label != "DATE" or (ent := _date_as_name(doc, ent, lex)) is None:
                continue
            label = ent.label_
        s0, e0 = clean_span(text, *_adjust_edges(doc, ent, label, lex, text), cues.labels)
        for s, e in split_pieces(text, s0, e0, kb):
            m = _classify(doc, text, ent, s, e, label, kb, lex)
            if m is not None:
                mentions.append(m)
    mentions = add_owned_models(text, mentions, kb, lex)
    mentions = join_compounds(text, mentions, lex)
    mentions = add_credits(doc, text, mentions, kb)
    # Names in the headline or the page furniture need outside support: a
    # title-case headline makes the NER see names in every capitalized word.
    titles = [title] if title is not None else []
    # (where each mention sits, worked out once: the body keys and the filter both read it)
    places = [(_inside(m, titles), _inside(m, furniture)) for m in mentions]
    body_keys = {norm_key(m.text) for m, (in_title, in_furniture) in zip(mentions, places)
                 if not in_furniture and not in_title}
    kept = []
    for m, (in_title, in_furniture) in zip(mentions, places):
        if (in_title or in_furniture) and m.kb is None and norm_key(m.text) not in body_keys \
                and not (m.source == "head" and not in_title):
            continue
        kept.append(m)
    return kept
