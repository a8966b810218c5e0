"""Deals told as agreements or listings: which agreements are investments, and stock-market listings.

The object noun decides an agreement's type, not the signing verb:

* "sealed a deal to acquire a drone maker", "signed an agreement to buy a stake in X":
  an agreement whose infinitive buys something is an INVESTMENT (named "acquisition of X");
* "inked agreements on 26 industrial projects worth 41 billion yuan", "signed investment
  agreements": agreements on projects or investment, with an amount, are INVESTMENT;
* "a partnership agreement to create a joint laboratory" stays a PARTNERSHIP.

A planned or reported stock-market listing ("plans to list on the Korea Exchange in 2025",
"listed on Nasdaq in March") is an INVESTMENT too (fixtures/README.md, "Added with fx-33 to
fx-42"): :func:`listing_place` tells whether a verb "list" is one.
"""

from __future__ import annotations

from typing import Optional

from .lexicon import Lexicon
from .syntax import clean_name, join
from .tokens import ParseToken


_WORDS: dict[int, tuple[frozenset[str], frozenset[str], frozenset[str]]] = {}


def _words(lex: Lexicon) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(acquisition verbs, investment objects, exchange words), built once per lexicon."""
    got = _WORDS.get(id(lex))
    if got is None:
        got = _WORDS[id(lex)] = (frozenset(lex.cue("acquisition_verbs")), frozenset(lex.cue("investment_objects")),
                                 frozenset(lex.cue("exchange_words")))
    return got


def listing_verbs(lex: Lexicon) -> frozenset[str]:
    return frozenset(lex.cue("listing_verbs"))


def _to_infinitive(v: ParseToken) -> bool:
    return v.pos_ == "VERB" and any(a.dep_ == "aux" and a.lower_ == "to" for a in v.children)


def acquisition_object(h: ParseToken, pred: Optional[ParseToken], words: list[str],
                       lex: Lexicon) -> Optional[tuple[ParseToken, ParseToken]]:
    """(buying verb, thing bought) when agreement ``h`` (made by ``pred``) is a deal to buy it: "a deal to acquire X"
    (the infinitive may hang on the noun or, in "sealed a deal last month to acquire X", on the verb)."""
    buying = _words(lex)[0]
    hosts = [h] + ([pred] if pred is not None and h.head.i == pred.i else [])
    for host in hosts:
        for v in host.children:
            if v.dep_ in ("acl", "relcl", "advcl", "xcomp") and v.i > h.i and words[v.i] in buying \
                    and _to_infinitive(v):
                obj = next((c for c in v.children if c.dep_ == "dobj"), None)
                if obj is not None:
                    return v, obj
    return None


def invests_in_projects(h: ParseToken, words: list[str], money: set[int], lex: Lexicon) -> bool:
    """'agreements on 26 industrial projects worth 41 billion yuan', 'investment agreements worth $2bn':
    agreements about projects or investment that carry an amount or a count."""
    objects = _words(lex)[1]
    subtree = list(h.subtree)
    if not any(t.i in money or t.like_num for t in subtree):
        return False
    if any(c.dep_ in ("compound", "amod") and words[c.i] in objects for c in h.lefts):
        return True  # "investment agreements worth ..."
    for prep in h.children:
        if prep.dep_ == "prep" and prep.lower_ in ("on", "for", "covering", "involving"):
            if any(g.dep_ == "pobj" and words[g.i] in objects for g in prep.children):
                return True
    return False


def acquisition_name(obj: ParseToken) -> str:
    """'acquisition of a small drone maker' (without what follows a comma)."""
    tokens = obj.doc
    idx = [t.i for t in obj.subtree if t.i >= obj.left_edge.i]
    comma = next((i for i in idx if tokens[i].text == "," and i > obj.i), None)
    if comma is not None:
        idx = [i for i in idx if i < comma]
    return clean_name("acquisition of " + join(tokens, idx))


def listing_place(verb: ParseToken, words: list[str], lex: Lexicon) -> Optional[ParseToken]:
    """The exchange phrase of a listing: "list on the Korea Exchange", "to list its shares in Hong Kong's
    STAR board"; None when "list" means enumerating ("the report lists 100 firms")."""
    if verb.pos_ != "VERB" or verb.tag_ == "VBN" and verb.dep_ in ("amod", "acl"):
        return None  # "listed companies", "the firms listed in the report"
    exchanges = _words(lex)[2]
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in ("on", "in"):
            for g in prep.children:
                if g.dep_ == "pobj" and any(words[t.i] in exchanges for t in g.subtree):
                    return g
    return None
