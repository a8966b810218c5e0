"""Small helpers over the dependency parse and entity mentions, shared by the event modules."""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Iterable, Optional

from .context import DocContext, Mention
from .tokens import ParseToken, TokenSpan

NAMED_LABELS = ("EVENT", "PRODUCT", "ORG", "FAC", "LOC")
SUBJ = ("nsubj", "nsubjpass", "csubj")
EDITION = re.compile(r"(?:19|20)\d{2}|\d{1,3}(?:st|nd|rd|th)|(?:first|second|third|fourth|fifth|sixth|seventh|eighth|"
                     r"ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|"
                     r"eighteenth|nineteenth|twentieth)", re.IGNORECASE)
ARG = ("nsubj", "nsubjpass", "dobj", "attr", "oprd", "dative", "npadvmod")
DEFINITE = ("the", "this", "that", "these", "those")
INDEFINITE = ("a", "an", "another", "further", "one")
PRONOUNS = ("it", "they", "its", "their", "we", "our", "he", "she", "his", "her")
# compiled once: these run for every candidate name
_ASIDE = re.compile(r"\s*\([^()]*\)")
_BRACKETS = re.compile(r"[()\[\]]")
_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_LEADING_THE = re.compile(r"^the\s+")


def depth_at(heads: list[int], i: int, ancestor: int) -> int:
    """Steps from token ``i`` up to ``ancestor`` (99: not an ancestor), on head indices
    (``DocContext.head_at``)."""
    d, x = 0, i
    while x != ancestor and heads[x] != x:
        x = heads[x]
        d += 1
    return d if x == ancestor else 99


def np_internal(t: ParseToken, ancestor: ParseToken) -> bool:
    """``t`` hangs inside the noun phrase of ``ancestor`` through prepositions only ("report on the X of Y")."""
    x = t
    for _ in range(8):
        if x.i == ancestor.i:
            return True
        if x.dep_ not in ("pobj", "prep", "compound", "conj", "amod", "nmod", "poss") or x.head.i == x.i:
            return False
        x = x.head
    return False


def governing_prep(tok: ParseToken) -> Optional[ParseToken]:
    x = tok
    for _ in range(3):
        if x.dep_ == "prep" or (x.pos_ == "ADP" and x.dep_ != "case"):
            return x
        if x.dep_ not in ("pobj", "compound", "nummod", "appos", "conj", "npadvmod") or x.head.i == x.i:
            return None
        x = x.head
    return None


def strip_span(tokens: list[ParseToken], span: TokenSpan) -> tuple[int, int]:
    """Character offsets of the span without surrounding whitespace."""
    first = next((tokens[i] for i in range(span.start, span.end) if not tokens[i].text.isspace()), None)  # (is_space)
    if first is None:
        return span.start_char, span.start_char
    last = next(tokens[i] for i in range(span.end - 1, span.start - 1, -1) if not tokens[i].text.isspace())
    return first.idx, last.idx + len(last.text)


def join(tokens: list[ParseToken], idx: Iterable[int]) -> str:
    """The tokens ``idx`` as text, in text order: each run of consecutive tokens as the document
    writes it (tokens and their trailing spaces tile ``doc.text``), one space between runs;
    whitespace squeezed."""
    idx = sorted(idx)
    if not idx:
        return ""
    text = tokens[idx[0]].doc_text
    runs = []
    start = prev = idx[0]
    for i in idx[1:]:
        if i != prev + 1:
            runs.append(_run_text(tokens, text, start, prev))
            start = i
        prev = i
    runs.append(_run_text(tokens, text, start, prev))
    return _squeeze(" ".join(runs))


def _run_text(tokens: list[ParseToken], text: str, first: int, last: int) -> str:
    """The text from token ``first`` to the end of token ``last``."""
    end = tokens[last]
    return text[tokens[first].idx : end.idx + len(end.text)]


def _squeeze(text: str) -> str:
    """``re.sub(r"\\s+", " ", text).strip(" ,;:-")``, without a regex: ``split()`` cuts at the same
    whitespace as ``\\s``, and the strip takes the space a run at either end would leave."""
    return " ".join(text.split()).strip(" ,;:-")


def clean_name(text: str) -> str:
    """Drop a leading article, bracketed asides and stray brackets: "(US$1.4 billion) R&D centre"."""
    if "(" in text:  # (each substitution only where it can match: names are cleaned by the thousand)
        text = _ASIDE.sub("", text)
    if "(" in text or ")" in text or "[" in text or "]" in text:
        text = _BRACKETS.sub("", text)
    text = text.strip()
    if text[:1] in ("t", "T", "a", "A"):
        text = _ARTICLE.sub("", text)
    return _squeeze(text)


def phrase(tok: ParseToken) -> str:
    toks = [t.i for t in tok.subtree if t.dep_ not in ("det",) and not (t.dep_ == "punct" and t.i in (tok.left_edge.i, tok.right_edge.i))]
    return join(tok.doc, toks)


def is_proper(ctx: DocContext, tok: ParseToken) -> bool:
    m = ctx.entity(tok)
    if m is not None and m.label in ("PRODUCT", "EVENT"):
        return True
    return tok.pos_ == "PROPN" and (m is None or m.label not in ("GPE", "PERSON", "LOC"))


def proper_name(ctx: DocContext, tok: ParseToken) -> str:
    m = ctx.entity(tok)
    text = clean_name(phrase(tok))
    if m is not None:
        # Keep the edition the text names ("Chinese Cities of Opportunity 2023").
        extra = [w for w in text.split() if EDITION.fullmatch(w) and w not in m.canonical]
        return text if extra else m.canonical
    return text


def mention_id(ctx: DocContext, tok: ParseToken) -> Optional[str]:
    m = ctx.entity(tok)
    return m.id if m is not None and m.label in ("PRODUCT", "EVENT") else None


def entity_in(ctx: DocContext, tok: ParseToken) -> Optional[Mention]:
    """An entity inside the phrase headed by ``tok`` ("accounting firm PwC", "the town of Wuzhen")."""
    dep, mention_at, children = ctx.dep_at, ctx.mention_at, ctx.children_at  # (index lists)
    i = tok.i
    kids = children[i]  # (in text order)
    if tok.pos_ == "NOUN":
        for c in kids:
            if dep[c] == "prep" and ctx.lower_at[c] == "of":
                for g in children[c]:
                    m = mention_at[g]
                    if dep[g] == "pobj" and m is not None and m.label in ("GPE", "LOC", "FAC"):
                        return m
    # A direct dependent of ``tok`` (or ``tok`` itself, as a root), in text order: the whole
    # subtree need not be walked, no deeper token has ``tok`` as its head.
    split = bisect_left(kids, i)
    for t in (*kids[:split], i, *kids[split:]):
        if dep[t] in ("relcl", "acl", "appos", "prep") and t != i:
            continue
        m = mention_at[t]
        if m is not None and ctx.head_at[t] == i and dep[t] in ("compound", "nmod", "poss"):
            return m
    return None


def money_text(ctx: DocContext, tok: ParseToken) -> str:
    """The whole amount around ``tok`` ("385 million euros", "HK$400 million")."""
    i = j = tok.i
    while i - 1 >= 0 and i - 1 in ctx.money:
        i -= 1
    while j + 1 < len(ctx.tokens) and j + 1 in ctx.money:
        j += 1
    last = ctx.tokens[j]
    return ctx.text[ctx.tokens[i].idx : last.idx + len(last.text)]


def opens_with(words: str, phrases: "frozenset[str]") -> bool:
    """``words`` is one of ``phrases`` or starts with one and a space: any(words == w or
    words.startswith(w + " ") for w in phrases), tested with set lookups of its prefixes."""
    if words in phrases:
        return True
    i = words.find(" ")
    while i != -1:
        if words[:i] in phrases:
            return True
        i = words.find(" ", i + 1)
    return False


def singular(w: str) -> str:
    return w[:-1] if w.endswith("s") and not w.endswith("ss") else w


_COUNTRIES: Optional[frozenset[str]] = None


def is_country(name: str) -> bool:
    global _COUNTRIES
    if _COUNTRIES is None:
        names: set[str] = {"uk", "u.k.", "us", "u.s.", "usa", "u.s.a.", "united states", "britain", "great britain",
                           "south korea", "north korea", "russia", "taiwan", "vietnam", "iran", "syria", "laos",
                           "bolivia", "venezuela", "tanzania", "moldova", "czech republic", "european union", "eu"}
        try:
            import pycountry

            for c in pycountry.countries:
                for attr in ("name", "common_name", "official_name"):
                    v = getattr(c, attr, None)
                    if v:
                        names.add(v.lower())
        except ImportError:  # pragma: no cover - pycountry is an optional extra
            pass
        _COUNTRIES = frozenset(names)
    n = name.lower()
    return n in _COUNTRIES or _LEADING_THE.sub("", n) in _COUNTRIES


# Words an amount may end with that the small model reads as something else ("won" as the verb "win").
_CURRENCY = frozenset({"won", "dollar", "dollars", "yuan", "euro", "euros", "yen", "pound", "pounds", "rupees",
                       "francs", "-", "worth"})
_NP_INSIDE = frozenset({"DET", "NUM", "ADJ", "NOUN", "PROPN", "SYM", "PUNCT"})


def verb_before_amount(ctx: DocContext, h: ParseToken, unit: TokenSpan) -> Optional[ParseToken]:
    """The verb in front of an amount-led phrase headed by ``h``: "closed a 50 million dollar funding
    round", "unveiled a 1.2 trillion won plan". The small model parses such phrases badly ("won" as a
    verb, "round" as an adverb), so the verb is read off the word order: going left from the noun over
    the amount and its modifiers, the first word that is a verb."""
    tokens, seen_amount = ctx.tokens, False
    j = h.i - 1
    while j >= max(unit.start, h.i - 9):
        t = tokens[j]
        if j in ctx.money or t.like_num:
            seen_amount = True
        elif t.lower_ in _CURRENCY and seen_amount is False and j + 1 <= h.i:
            pass  # the currency word follows the number: it is met before it, going left
        elif t.pos_ in ("VERB", "AUX") and t.lower_ not in _CURRENCY:
            return t if seen_amount else None
        elif t.pos_ not in _NP_INSIDE or t.text in (",", ";"):
            return None
        j -= 1
    return None


_SPAN_NOUNS = frozenset({"event", "run", "conference", "fair", "expo", "summit", "forum", "show", "exhibition",
                         "gathering", "meeting", "congress", "festival"})


def unit_duration(words: list[str], tokens: list[ParseToken], unit: TokenSpan, numbers: dict[str, int]) -> Optional[int]:
    """'wrapped up on Monday ... over the three-day event', '... after a three-day run': a length the
    sentence gives the happening it reports, on an anaphor of it rather than on its name."""
    for j in range(unit.start + 2, unit.end - 1):
        if words[j] != "day" or tokens[j - 1].text not in ("-", "–") or words[j + 1] not in _SPAN_NOUNS:
            continue
        n = tokens[j - 2]
        val = numbers.get(n.lower_) or (int(n.text) if n.text.isdigit() else None)
        if val:
            return val
    return None
