"""Labels a name's own words imply: its head ("... University" ORG, "... New Area" GPE,
"... Top 100" PRODUCT) and a company's name opening a product line's name."""

from __future__ import annotations

import re
from typing import Optional

from ..kb import KBEntry, KnowledgeBase, edition_base
from .lexicon import Lexicons

_HEAD_SPLIT = re.compile(r"[\s-]+")


def head_label(text: str, lex: Lexicons) -> Optional[str]:
    """The label a name's head implies: its last word ("... University" ORG), a
    multi-word head ("... New Area" GPE, "... IT Week" EVENT), a ranked list's size
    ("... Top 100" PRODUCT), or the word before a prepositional tail ("... Conference
    on the Bund" EVENT, "... Center for ..." ORG)."""
    words = [w for w in _HEAD_SPLIT.split(edition_base(text) or text) if w]
    while len(words) > 2 and words[-1] in lex.head_trailers and words[-2] not in lex.head_prepositions:
        words.pop()  # "Japan IT Week Autumn", "Smart Cities Index China": an edition or market
    if len(words) < 2:
        return None
    if words[-1] in lex.multi_head_lasts:
        for n in (3, 2):
            if len(words) > n and " ".join(words[-n:]) in lex.head_labels:
                return lex.head_labels[" ".join(words[-n:])]
    if words[-1].isdigit() and words[-2] in lex.number_heads:
        return "PRODUCT"
    last = _word_label(words, len(words) - 1, lex)
    if last == "FAC":
        return last  # "Bank of China Tower": a building named after its owner
    prep = next((i for i, w in enumerate(words[1:-1], 1) if w in lex.head_prepositions), None)
    if prep is not None:
        if words[prep - 1] in ("Center", "Centre"):
            return "ORG"  # "Center for Strategic Studies", "Centre of Excellence"
        before = _word_label(words, prep - 1, lex)
        if before:
            return before
    return last


def _word_label(words: list[str], i: int, lex: Lexicons) -> Optional[str]:
    head = words[i]
    if head in ("Center", "Centre") and i > 0 and words[i - 1] in lex.center_org_modifiers:
        return "ORG"
    return lex.head_labels.get(head)


def product_line(surface: str, kb: KnowledgeBase, lex: Lexicons) -> Optional[KBEntry]:
    """'Baidu Automatic Driving', 'Tencent Medical Imaging': a company's name followed by
    words that name a product line rather than a unit of the company. Returns the company."""
    words = surface.split()
    if len(words) < 2 or words[-1] in lex.head_labels and head_label(surface, lex) != "PRODUCT":
        return None  # "Alibaba Cloud Summit", but "... Video Arena" is a leaderboard
    for cut in (1, 2):
        if cut >= len(words):
            break
        hits = [h for h in kb.lookup(" ".join(words[:cut])) if h.label == "ORG" and h.type == "company"]
        if hits:
            rest = words[cut:]
            if any(w in lex.product_blockers or w in lex.org_type_words for w in rest):
                return None
            if any(h.label in ("GPE", "LOC") for h in kb.lookup(" ".join(rest))):
                return None
            return hits[0]
    return None
