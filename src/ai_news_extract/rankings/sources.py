"""Who ranked and when: the report / index phrase and its release date; 'top N <what>' frames."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from spacy.tokens import Doc, Span, Token

from .expressions import Frame
from .lexicon import Lexicon
from .names import NameIndex

_CUT_DEPS = {"relcl", "acl", "punct", "appos"}


@dataclass
class SourceInfo:
    text: str
    date: Optional[str]
    start: int  # char offsets of the phrase
    end: int


def phrase_text(doc: Doc, head: Token, cut: set[str] = _CUT_DEPS) -> tuple[str, int, int]:
    """The noun phrase of head without determiners, relative clauses and trailing punctuation."""
    toks = [head]
    stack = [head]
    while stack:
        t = stack.pop()
        for c in t.children:
            if c.dep_ in cut and t.i == head.i:
                continue
            if c.dep_ in ("relcl", "acl") and c.tag_ not in ("VBN",):
                continue
            if c.dep_ in ("relcl",):
                continue
            toks.append(c)
            stack.append(c)
    idx = sorted(t.i for t in toks)
    # contiguous stretch around the head
    lo = hi = head.i
    s = set(idx)
    while lo - 1 in s:
        lo -= 1
    while hi + 1 in s:
        hi += 1
    for k in range(head.i, lo - 1, -1):  # never across a line break
        if doc[k].is_space and "\n" in doc[k].text:
            lo = k + 1
            break
    for k in range(head.i, hi + 1):
        if doc[k].is_space and "\n" in doc[k].text:
            hi = k - 1
            break
    while lo < hi and (doc[lo].lower_ in ("a", "an", "the", "this", "its", "their") or doc[lo].is_punct):
        lo += 1
    while hi > lo and (doc[hi].is_punct or doc[hi].is_space or doc[hi].lower_ in ("that", "which")):
        hi -= 1
    span = doc[lo : hi + 1]
    return span.text.strip(), span.start_char, span.end_char


def _date_in(doc: Doc, head: Token, dates: list[dict], lex: Lexicon) -> Optional[str]:
    """A date attached to a release verb in the phrase of head ('that was released on March 28')."""
    sub_lo, sub_hi = head.left_edge.idx, head.right_edge.idx + len(head.right_edge)
    verbs = [t for t in head.subtree if lex.lemma(t) in lex.release_verbs and t.pos_ in ("VERB", "AUX")]
    # 'the report that X and Y jointly released on Friday' or 'X released the report on Friday'
    gov = head.head
    while gov.i != gov.head.i and gov.pos_ not in ("VERB", "AUX"):
        gov = gov.head
    if lex.lemma(gov) in lex.release_verbs:
        verbs.append(gov)
    for v in verbs:
        lo, hi = v.left_edge.idx, v.right_edge.idx + len(v.right_edge)
        if v.i == gov.i:
            lo, hi = v.idx, hi
        for d in dates:
            if d.get("type") not in ("DATE", None):
                continue
            if lo <= d["start"] and d["end"] <= hi and (v.i == gov.i or sub_lo <= d["start"] <= sub_hi):
                return d.get("value")
    return None


def find_sources(doc: Doc, segs: list[Span], names: NameIndex, lex: Lexicon, cue_segs: set[int]) -> list[tuple[int, SourceInfo, int]]:
    """Report/index phrases in sentences that state positions (or in the title), in text order, scored.

    A phrase is a better source the more it looks like one: introduced by
    'according to' (+3), with a release date (+2), naming someone or something
    (+2), headed by report/index/ranking/list/survey/study (+1). A phrase that
    holds a measurement ('index of 82.2 percent') is a value, not a source.
    """
    dates = [d for d in (doc._.news_dates or []) if isinstance(d, dict) and "start" in d]
    out: list[tuple[int, SourceInfo, int]] = []
    for k, seg in enumerate(segs):
        if k not in cue_segs:
            continue
        for t in seg:
            if t.pos_ not in ("NOUN", "PROPN") or lex.lemma(t) not in lex.source_nouns:
                continue
            if t.dep_ in ("compound",) or t.lower_ in ("ranking", "list") and t.dep_ not in ("pobj", "nsubj", "dobj", "nsubjpass"):
                continue
            # a bare 'the report' / 'the list' says nothing new
            mods = [c for c in t.children if c.dep_ in ("compound", "amod", "nmod", "prep", "poss", "nummod")]
            if not mods:
                continue
            text, s, e = phrase_text(doc, t)
            if len(text.split()) < 2 or len(text) > 160:
                continue
            sub = doc.char_span(s, e, alignment_mode="expand")
            if sub is not None and any(x.ent_type_ in ("PERCENT", "MONEY", "QUANTITY") or x.lower_ in ("percent", "%")
                                       for x in sub):
                continue
            date = _date_in(doc, t, dates, lex)
            score = 0
            gov = t.head
            if gov.lower_ == "to" and gov.head.lower_ == "according":
                score += 3
            if date:
                score += 2
            if sub is not None and any(names.at(x.i) is not None for x in sub):
                score += 2
            if lex.lemma(t) in ("report", "index", "ranking", "rankings", "list", "survey", "study"):
                score += 1
            out.append((k, SourceInfo(text, date, s, e), score))
    return out


def pick_source(sources: list[tuple[int, SourceInfo, int]], seg: int) -> Optional[SourceInfo]:
    """A strong source named in the item's own sentence, else the article's best one."""
    own = [x for x in sources if x[0] == seg and x[2] >= 2]
    if own:
        return max(own, key=lambda x: x[2])[1]
    if not sources:
        return None
    best = max(x[2] for x in sources)
    return next(x[1] for x in sources if x[2] == best)


def frame_phrase(doc: Doc, fr: Frame, seg: Span, names: NameIndex, lex: Lexicon) -> tuple[Optional[str], Optional[str]]:
    """'China's top five cities with leading AI computing power' -> ('cities with leading AI computing power', 'China').

    The phrase runs from after the number to a comma, a verb, a relative
    pronoun, 'according to' or a date; 'in <place>' inside it is the scope.
    """
    if fr.noun is None:
        return None, None
    noun = doc[fr.noun]
    if lex.lemma(noun) in lex.position_nouns:
        return None, None  # 'the top three places' says where, not what
    start = min(fr.end, noun.i)
    end = noun.i + 1
    k = end
    while k < seg.end:
        t = doc[k]
        if t.text in (",", ";", ":", ".", "!", "?") or t.is_space or t.lower_ in _FRAME_STOPS:
            break
        if t.pos_ == "ADV" and t.lower_ in lex.world_words:
            break  # 'the top 50 cities globally
        if t.pos_ in ("VERB", "AUX") and t.tag_ not in ("VBG", "VBN") or t.ent_type_ in ("DATE", "TIME"):
            break
        if t.pos_ == "ADP" and k + 1 < seg.end and any(
            x.ent_type_ in ("DATE", "TIME") or x.lower_ in lex.time_nouns for x in doc[k + 1 : k + 5]
        ):
            break  # 'on July 27', 'for the first time'

        k += 1
    if doc[k - 1].pos_ == "ADP" if k > end else False:
        k -= 1
    end = k
    scope = None
    cut: Optional[tuple[int, int]] = None
    # 'cities in China for ...' -> scope China
    for j in range(noun.i + 1, end - 1):
        if doc[j].lower_ == "in" and (m := names.at(j + 1)) is not None and m.end <= end \
                and doc[m.start].ent_type_ in ("GPE", "LOC", ""):
            scope = m.name
            cut = (j, m.end)
            break
    toks = [t for t in doc[start:end] if cut is None or not (cut[0] <= t.i < cut[1])]
    crit = "".join(t.text_with_ws for t in toks).strip() if toks else None
    crit = compact(crit) if crit else None
    for c in noun.children:
        if c.dep_ == "poss" and (m := names.at(c.i)) is not None:
            scope = m.name
        if c.dep_ == "poss" and c.lower_ in lex.world_words:
            scope = lex.world_words[c.lower_]
    # a possessive before 'top': "the world's top 100", "China's top five"
    k = fr.start - 1
    while k >= seg.start and doc[k].lower_ in ("the",):
        k -= 1
    if k - 1 >= seg.start and doc[k].lower_ in ("'s", "’s"):
        m = names.at(k - 1)
        if m is not None:
            scope = scope or m.name
        elif doc[k - 1].lower_ in lex.world_words:
            scope = scope or lex.world_words[doc[k - 1].lower_]
    return crit, scope


_FRAME_STOPS = {"according", "that", "which", "who", "whose", "where", "followed", "including", "while", "as"}
_ACRONYM = re.compile(r"\(([A-Z][A-Za-z&]{1,9})\)")
_SMALL = {"of", "and", "&", "for", "the", "on", "in"}


def compact(text: str) -> str:
    """'leading artificial intelligence (AI) computing power' -> 'leading AI computing power'."""
    out = text
    for m in list(_ACRONYM.finditer(text))[::-1]:
        acr = [c for c in m.group(1).lower() if c.isalpha()]
        before = out[: m.start()].rstrip()
        words = before.split()
        # take words back until their initials spell the acronym
        picked: list[str] = []
        letters: list[str] = []
        for w in reversed(words):
            picked.insert(0, w)
            if w.lower() in _SMALL:
                continue
            letters.insert(0, w[0].lower())
            if len(letters) >= len(acr):
                break
        if letters == acr:
            head = " ".join(words[: len(words) - len(picked)])
            out = (head + " " if head else "") + m.group(1) + out[m.end() :]
    return " ".join(out.split())
