"""Where a mention starts and ends: the NER's span extended over the parts of a name it
left out ("... Exhibition" + "and Convention Center", "... Top" + "100", "Inria-DFKI" + "... Lab"),
DATEs that are names ("Japan IT" + "Week Autumn"), and names the NER glued together split."""

from __future__ import annotations

import re
from typing import Optional

from spacy.tokens import Doc, Span

from ..kb import KnowledgeBase
from .labels import _word_label, head_label
from .lexicon import Lexicons, load_lexicons
from .mention import _strip_ws, norm_key

_HYPHENS = ("-", "–")  # (a tuple: an empty slice of the text is not "in" it, as it would be in a string)


def _adjust_edges(doc: Doc, ent, label: str, lex: Lexicons, text: str) -> tuple[int, int]:
    """Take in a capitalized head word the NER left out ("Yangtze River" + "Delta"),
    and drop trailing never-entity words from place names ("Asia-Pacific" + "AI")."""
    start_tok, end_tok = ent.start, ent.end
    # Each extension below needs a certain character at the span's edge: testing the text
    # first spares making Tokens for the neighbours of every entity, where few extend.
    # Hyphenated compounds of names: "Tokyo" + "-Yokohama", "Hong Kong-" + ... .
    # "Microsoft" + "-INESA AI Innovation Center": a partner's acronym too.
    if text[ent.end_char - 1 : ent.end_char] in _HYPHENS and end_tok - start_tok > 1 \
            and not doc[end_tok - 2].whitespace_:
        end_tok -= 1  # "Hetao Shenzhen-" + "Hong Kong ...": the NER stopped inside a compound
    if end_tok != ent.end or text[ent.end_char : ent.end_char + 1] in _HYPHENS:  # (a glued hyphen after it)
        while end_tok + 1 < len(doc) and doc[end_tok].text in _HYPHENS and not doc[end_tok].whitespace_ \
                and not doc[end_tok - 1].whitespace_ and _name_like(doc[end_tok + 1]):
            end_tok += 2
            while end_tok < len(doc) and _name_like(doc[end_tok]) and doc[end_tok - 1].whitespace_ == " " \
                    and end_tok - ent.end < 6:
                end_tok += 1
    if text[ent.start_char - 1 : ent.start_char] in _HYPHENS:  # (a glued hyphen right before it)
        while start_tok >= 2 and doc[start_tok - 1].text in _HYPHENS and not doc[start_tok - 1].whitespace_ \
                and not doc[start_tok - 2].whitespace_ and doc[start_tok - 2].is_title:
            start_tok -= 2
    # (the next token starts right after the span or after one space: a head word opens it)
    if end_tok != ent.end or text[ent.end_char : ent.end_char + 1] in lex.head_firsts \
            or text[ent.end_char + 1 : ent.end_char + 2] in lex.head_firsts:
        extended = 0
        while end_tok < len(doc) and extended < 2:
            extended += 1
            nxt = doc[end_tok]
            if nxt.is_title and nxt.text in lex.head_labels and not nxt.is_sent_start:
                end_tok += 1
            else:
                break
    n = len(doc)
    # The characters around the span tell first whether a rarer extension may apply:
    # building tokens for every entity's neighbours costs more.
    before = text[max(0, ent.start_char - 14) : ent.start_char].rstrip() if start_tok == ent.start else "-"
    if start_tok and ("-" in before or "–" in before or _ORDINAL.fullmatch(before[before.rfind(" ") + 1 :])):
        prev = doc[start_tok - 1]
        # "Inria-DFKI" + "Trustworthy AI Lab": the partners running a unit open its name.
        if start_tok >= 3 and prev.whitespace_ and doc[start_tok - 2].text in _HYPHENS \
                and not doc[start_tok - 2].whitespace_ and not doc[start_tok - 3].whitespace_ \
                and _name_like(prev) and _name_like(doc[start_tok - 3]) \
                and _span_head(doc, start_tok, end_tok, lex) == "ORG":
            start_tok -= 3
        # "19th" + "National Congress", "Fourth" + "Plenary Session": the edition opens an event's name.
        elif _ORDINAL.fullmatch(prev.text) and _span_head(doc, start_tok, end_tok, lex) == "EVENT":
            start_tok -= 1
    after = text[ent.end_char : ent.end_char + 40] if end_tok == ent.end else " and "
    if end_tok < n and _AFTER_HINT.match(after):
        nxt = doc[end_tok]
        if nxt.lower_ in ("and", "&"):
            end_tok = _coordinated_tail(doc, start_tok, end_tok, lex)
        elif nxt.lower_ in ("on", "of", "for"):
            end_tok = _prepositional_tail(doc, start_tok, end_tok, lex)
        # "Hurun China AI Enterprise Top" + "100", "... Enterprise" + "Top 100": a ranked list's size.
        elif nxt.is_digit:
            if doc[end_tok - 1].text in lex.number_heads and _is_count(doc, end_tok):
                end_tok += 1
        elif label in ("ORG", "PRODUCT") and doc[end_tok - 1].whitespace_:
            # "Zentar China AI" + "Enterprise Top 100": at most two capitalized words before it
            j = end_tok
            while j < min(n - 1, end_tok + 2) and doc[j].is_title and doc[j].text not in lex.number_heads:
                j += 1
            if j + 1 < n and doc[j].text in lex.number_heads and _is_count(doc, j + 1):
                end_tok = j + 2
    if label in ("GPE", "LOC") and norm_key(text[ent.start_char : ent.end_char]) not in lex.never:
        # (a span that is a never-entity whole, "Big Tech", is left for the classifier to drop)
        while end_tok - start_tok > 1 and norm_key(doc[end_tok - 1].text) in lex.never:
            end_tok -= 1
    if start_tok == ent.start and end_tok == ent.end:
        return ent.start_char, ent.end_char  # (a Span's own offsets: its first token's idx, its last one's end)
    last = doc[end_tok - 1]
    return doc[start_tok].idx, last.idx + len(last.text)


def _span_head(doc: Doc, start: int, end: int, lex: Lexicons) -> Optional[str]:
    return head_label(doc[start:end].text, lex) or lex.head_labels.get(doc[end - 1].text)


_AFTER_HINT = re.compile(r"\s+(?:and\s|&\s|\d|(?:[A-Z][\w-]*\s+){1,3}\d|(?:on|of|for)\s+(?:the\s+)?[A-Z])")
_ORDINAL = re.compile(r"\d{1,3}(?:st|nd|rd|th)|First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth")


def _name_like(tok) -> bool:
    """A capitalized word or an acronym ("Inria", "DFKI"), not a lone initial."""
    return len(tok) > 1 and (tok.is_title or (tok.is_upper and tok.is_alpha))


def _is_count(doc: Doc, i: int) -> bool:
    """A bare list size after its name: "Top 100", "Global 500" (not "Top 10%")."""
    tok = doc[i]
    if not (tok.is_digit and len(tok) <= 4 and doc[i - 1].whitespace_):
        return False
    return i + 1 >= len(doc) or doc[i + 1].lower_ not in ("%", "percent", "per")


def _prepositional_tail(doc: Doc, start_tok: int, end_tok: int, lex: Lexicons) -> int:
    """'Inclusion Conference' + 'on the Bund', 'Lisbon Summit' + 'on Digital Trust': an event
    (or, after 'of'/'for', an organization) head takes in a capitalized prepositional tail."""
    head = lex.head_labels.get(doc[end_tok - 1].text)
    prep = doc[end_tok].lower_
    if not (head == "EVENT" or head == "ORG" and prep != "on"):
        return end_tok
    j = end_tok + 1
    if j < len(doc) and doc[j].lower_ == "the":
        j += 1
    first = j
    while j < len(doc) and j - first < 5 and not doc[j].is_sent_start and doc[j].ent_type_ not in ("DATE", "TIME") \
            and (_name_like(doc[j]) or doc[j].lower_ in ("and", "&") and j + 1 < len(doc) and _name_like(doc[j + 1])):
        j += 1
    return j if j > first and _name_like(doc[j - 1]) else end_tok


def _coordinated_tail(doc: Doc, start_tok: int, end_tok: int, lex: Lexicons) -> int:
    """'Beijing Etrong International Exhibition' + 'and Convention Center', 'University of
    Science' + 'and Technology': the NER often stops at an 'and' inside a name. The tail is
    taken in when both sides are words that pair in names and the tail ends in an
    organization, facility or area head ("... Science" + "and Technology Innovation
    Cooperation Zone"), or, after 'of'/'for', is made only of such words."""
    if end_tok + 1 >= len(doc) or doc[end_tok].lower_ not in ("and", "&") \
            or doc[end_tok - 1].text not in lex.coordination_words:
        return end_tok
    run: list[str] = []
    j = end_tok + 1
    while j < len(doc) and len(run) < 4 and _name_like(doc[j]) and not doc[j].is_sent_start:
        run.append(doc[j].text)
        j += 1
    has_prep = any(t.lower_ in ("of", "for") for t in doc[start_tok:end_tok])
    for k in range(len(run), 0, -1):
        inner = all(w in lex.coordination_words or w in lex.head_labels for w in run[: k - 1])
        if inner and lex.head_labels.get(run[k - 1]) in ("FAC", "ORG", "LOC"):
            return end_tok + 1 + k
        if has_prep and all(w in lex.coordination_words for w in run[:k]):
            return end_tok + 1 + k
    return end_tok


def _date_as_name(doc: Doc, ent: Span, lex: Lexicons) -> Optional[Span]:
    """A DATE that opens with an event head after capitalized words ("Japan IT" + "Week
    Autumn") is one EVENT name with them; a DATE that is a ranked list's name ("the Next
    40") is a PRODUCT. The longer span later wins over the entities it covers."""
    last = ent[-1]
    if not (last.is_title or last.is_digit):
        return None
    first = ent[0]
    if first.lower_ == "the" and len(ent) == 3:
        ent, first = ent[1:], ent[1]
    if len(ent) == 2 and first.text in lex.number_heads and last.is_digit and not first.is_sent_start:
        return Span(doc, ent.start, ent.end, label="PRODUCT")  # "the Next 40", "the Global 500"
    if not first.is_title or lex.head_labels.get(first.text) != "EVENT" or first.is_sent_start \
            or not all(t.is_title or t.is_digit for t in ent):
        return None
    start = ent.start
    while start > 0 and ent.start - start < 4 and _name_like(doc[start - 1]) and doc[start - 1].whitespace_:
        start -= 1
        if doc[start].is_sent_start:
            break
    return Span(doc, start, ent.end, label="EVENT") if start < ent.start else None


_INNER_POSSESSIVE = re.compile(r"['’‘]s\s+")
_LIST_PIECE = re.compile(r"(?:(?!,\s|\s+and\s).)+")
_SLASH_PIECE = re.compile(r"[^/:]+")
_TRAILING_PREP = re.compile(r"\s+(?:for|at|in|on|with|to)(?:\s+\S+)?$")


def split_pieces(text: str, start: int, end: int, kb: KnowledgeBase) -> list[tuple[int, int]]:
    """Split what the NER glued together: 'Alibaba, Tencent', 'Xinhua/Huang Zongzhi',
    "Xiaomi's Lei Jun", 'Peking University for Natural'."""
    seg = text[start:end]
    # "Xiaomi's Lei Jun": owner and owned are two names.
    m = _INNER_POSSESSIVE.search(seg)
    # "Jiangsu Provincial People's Government" is one name: a plural possessor is part of it.
    if m and seg[: m.start()][:1].isupper() and seg[m.end() :][:1].isupper() \
            and seg[: m.start()].split()[-1] not in load_lexicons().plural_possessors:
        return [(start, start + m.start()), (start + m.end(), end)]
    if "/" in seg or ": " in seg:
        # "Xinhua/Huang Zongzhi", "Innovation Surge: Since ...": separate names or none.
        return [_strip_ws(text, start + p.start(), start + p.end()) for p in _SLASH_PIECE.finditer(seg)
                if p.group().strip()]
    # (a name with no comma and no "and" is one piece: no regex needed)
    parts = [(p.start(), p.end()) for p in _LIST_PIECE.finditer(seg)] if "," in seg or "and" in seg else []
    if len(parts) > 1:
        texts = [seg[a:b].strip() for a, b in parts]
        if all(kb.lookup(t) or (len(t.split()) == 1 and t[:1].isupper()) for t in texts):
            return [_strip_ws(text, start + a, start + b) for a, b in parts]
    # "Peking University for Natural": a known or well-formed name, then a dangling phrase; but
    # not a known name whole ("Allen Institute for AI").
    m = _TRAILING_PREP.search(seg)
    if m and not kb.lookup(seg):
        head = seg[: m.start()]
        words = head.split()
        # the head's own last word, not a head before "of" ("University of Illinois" + "at Urbana")
        if kb.lookup(head) or (len(words) > 1 and _word_label(words, len(words) - 1, load_lexicons())) \
                or len(m.group().split()) == 1:
            return [(start, start + m.start())]
    return [(start, end)]
