"""Rank expressions: the words of a sentence that state a position.

The Matcher (patterns in models/rankings/patterns.jsonl) finds the surface forms
('third', '7th', 'No. 1', '#43', 'top five', 'topped', 'the rest of the top
ten'); the functions here keep those the context makes a rank ('ranked third',
'in 7th place', 'Tokyo (6th)') and drop the others ('the third year in a row',
'the second Chinese brand to ...', 'first-ever').
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from spacy.parts_of_speech import AUX, NOUN, VERB
from spacy.tokens import Doc, Span, Token

from .lexicon import Lexicon
from .names import NameIndex

_DETS = {"the", "a", "an"}
_NUMERIC_ENTS = {"MONEY", "PERCENT", "QUANTITY", "CARDINAL"}


@dataclass
class RankExpr:
    """One stated position or group of positions."""

    kind: str  # "exact" | "group" (range) | "rest" (rest of the top N) | "member" (among the top N)
    start: int
    end: int
    anchor: int  # token whose place in the parse says whose position this is
    rank: Optional[int] = None
    lo: Optional[int] = None
    hi: Optional[int] = None
    open_group: bool = False  # 'the top spots': as many places as names
    previous: Optional[int] = None
    previous_explicit: bool = False
    via: str = ""  # how it was found: ord, number, paren, top, lead, leader, top_n, rest, last
    size: Optional[int] = None
    criterion_from: Optional[int] = None  # where to look for 'in <criterion>' (after an object)
    list_id: Optional[int] = None  # parallel list of positions ('first, fourth, and fifth')
    extra: dict = field(default_factory=dict)


@dataclass
class Frame:
    """A 'top N <what>' phrase that states no position of a name itself."""

    start: int
    end: int
    size: int
    noun: Optional[int]  # head of what is ranked


def find_expressions(
    doc: Doc, seg: Span, matches: list[tuple[str, int, int]], names: NameIndex, lex: Lexicon
) -> tuple[list[RankExpr], list[Frame]]:
    exprs: list[RankExpr] = []
    frames: list[Frame] = []
    taken: set[int] = set()
    # longest matches first, so 'top five' wins over 'top' and 'No. 1' over '1'
    for label, s, e in sorted(matches, key=lambda m: (-(m[2] - m[1]), m[1])):
        if any(i in taken for i in range(s, e)):
            continue
        found = _classify(doc, seg, label, s, e, names, lex)
        if found is None:
            continue
        if isinstance(found, RankExpr) and "frame" in found.extra and not found.extra.get("local_frame"):
            frames.append(found.extra["frame"])
        if isinstance(found, Frame):
            frames.append(found)
            taken.update(range(s, e))
            continue
        exprs.append(found)
        taken.update(range(found.start, found.end))
    exprs.sort(key=lambda x: x.start)
    _link_lists(doc, exprs, lex)
    exprs = _rank_changes(doc, seg, exprs, lex)
    return exprs, frames


# ---------------------------------------------------------------- classification


def _classify(doc: Doc, seg: Span, label: str, s: int, e: int, names: NameIndex, lex: Lexicon):
    if label in ("ORD", "NUMBER"):
        return _ordinal(doc, seg, label, s, e, names, lex)
    if label == "TOP_N":
        return _top_n(doc, seg, s, e, lex, names)
    if label == "FIRST_N":
        value = lex.number(doc[s + 1].text)
        if value:
            return _group_statement(doc, seg, s, e, value, lex, position_noun=e - 1, names=names)
        return None
    if label == "TOP":
        return _top(doc, seg, s, e, names, lex)
    if label == "LEAD":
        return _lead(doc, seg, s, names, lex)
    if label == "HEAD":
        return _head(doc, seg, s, names, lex)
    if label == "LAST":
        return _last(doc, seg, s, e, lex)
    if label == "REST":
        if doc[s].lower_ in ("remaining", "next"):  # 'the remaining / next three places': count known, start from the last
            count = lex.number(doc[s + 1].text)
            return RankExpr("rest", s, e, anchor=e - 1, via="rest", extra={"count": count}) if count else None
        value = lex.number(doc[e - 1].text)  # 'the rest of the top ten'
        if value:
            end = e
            if end < seg.end and lex.lemma(doc[end]) in lex.position_nouns:
                end += 1
            return RankExpr("rest", s, end, anchor=end - 1, hi=value, via="rest")
        return None
    if label == "RANKED_N":
        # 'The three highest-ranked regions ... were A, B and C': a group of the top N
        value = lex.number(doc[s].text)
        noun = doc[e - 1].head
        if not value or value < 2 or noun.i < e or noun.pos_ not in ("NOUN", "PROPN") or doc[s].dep_ != "nummod":
            return None
        return RankExpr("group", s, e, anchor=noun.i, lo=1, hi=value, via="top_n", criterion_from=noun.i + 1,
                        extra={"noun": noun.i})
    if label == "SUPER_N":
        # 'A, B and C are the three largest sources of X', 'the five biggest X were A, ...': a group
        # of the top N, when the phrase states it (copula, group verb, membership), not 'the two
        # largest banks merged'
        value = lex.number(doc[s].text)
        prev = _prev_word(doc, s, seg)
        if not value or not 2 <= value <= 100 or doc[s].dep_ != "nummod" or prev is None \
                or prev.lower_ not in ("the", "'s", "’s"):
            return None
        expr = _group_statement(doc, seg, s - 1, e, value, lex, position_noun=None, names=names)
        if not isinstance(expr, RankExpr):
            return None
        # a group by one measure, not the article's list: other statements do not inherit it
        expr.extra["local_frame"] = True
        return expr
    if label == "LEADER":
        return _leader(doc, seg, s, e, names, lex)
    if label == "SPAN":
        return _span(doc, seg, s, e, names, lex)
    if label == "BARE":
        return _bare_number(doc, seg, s, e, names, lex)
    if label == "RUNNER_UP":
        return _runner_up(doc, seg, s, e, names, lex)
    if label == "HYPH_RANK":
        return _hyphen_rank(doc, seg, s, e, names, lex)
    return None


def _value(doc: Doc, s: int, e: int, lex: Lexicon) -> Optional[int]:
    words = []
    for k in range(s, e):  # (by index: a Span per call costs more than the rest)
        t = doc[k]
        if t.lower_ not in ("no", "no.", "nr", "nr.", "number", "#", "."):
            words.append(t.text)
    if not words:
        return lex.number(doc[s].text)
    return lex.phrase_number(words)


def _prev_word(doc: Doc, i: int, seg: Span, skip: set[str] = frozenset()) -> Optional[Token]:
    start = seg.start
    j = i - 1
    while j >= start:
        t = doc[j]
        if not (t.lower_ in skip or t.is_space):
            return t
        j -= 1
    return None


_CLAUSE_DEPS = {"ROOT", "ccomp", "xcomp", "advcl", "conj", "relcl"}


def verbal(t: Token) -> bool:
    """A verb, or a verb the tagger took for a noun ('... and Hangzhou rank/NOUN as the top five')."""
    pos = t.pos  # (the tag's symbol: Token.pos_ makes a string on every read, a few times dearer)
    if pos == VERB or pos == AUX:
        return True
    return pos == NOUN and t.dep_ in _CLAUSE_DEPS and t.lower_ in _NOUN_TAGGED_VERBS


# verbs the small tagger often takes for nouns after a list of names
_NOUN_TAGGED_VERBS = {"rank", "ranks", "place", "places", "top", "tops", "lead", "leads", "feature", "features",
                      "figure", "figures", "list", "lists", "head", "heads"}


def governor(t: Token, hops: int = 4) -> Optional[Token]:
    """The verb a position word depends on ('ranked' for 'third' in 'ranked third')."""
    cur = t
    for _ in range(hops):
        if verbal(cur) and cur.i != t.i:
            return cur
        if cur.head.i == cur.i:
            return cur if verbal(cur) else None
        cur = cur.head
    return cur if verbal(cur) else None


def _ordinal(doc: Doc, seg: Span, label: str, s: int, e: int, names: NameIndex, lex: Lexicon):
    t = doc[s]
    # 'twenty-first'
    if label == "ORD" and s - 2 >= seg.start and doc[s - 1].text == "-" and doc[s - 2].lower_ in lex.cardinal_words:
        s -= 2
    value = _value(doc, s, e, lex)
    if not value or value > 10000:
        return None
    if names.at(e - 1) is not None or (label == "ORD" and names.at(s) is not None):
        return None  # part of a name: '25th China Hi-Tech Fair'
    first = doc[s]
    last = doc[e - 1]
    nxt = doc[e] if e < seg.end else None
    prev = _prev_word(doc, s, seg)
    is_hash = "#" in names.table.text_of(s, e)
    # 'Foshan, sixth last year, slipped to seventh': an apposition that states an earlier position
    if prev is not None and prev.text == "," and (m := names.ending_before(prev.i)) is not None \
            and m.end == prev.i and _earlier_aside(doc, e, seg):
        return RankExpr("exact", s, e, anchor=m.end - 1, rank=value, via="paren", extra={"earlier": True})
    # 'first-ever', 'second-largest', 'third-party'
    if nxt is not None and nxt.text in ("-", "–") and not nxt.whitespace_:
        if label == "ORD" and _ranked_superlative(doc, seg, s, e, lex, names):
            # 'has the second-highest robot density among Chinese cities': a place among a stated set
            expr = RankExpr("exact", s, e, anchor=e - 1, rank=value, via="ord", criterion_from=e + 2)
            noun = doc[e + 1]
            while noun.pos_ != "NOUN" and noun.head.i > noun.i and noun.head.i < seg.end:
                noun = noun.head
            if prev is not None and prev.lower_ == "the" and noun.pos_ == "NOUN":
                # 'That makes it the second-most valuable startup after X': the holder of the noun, as for
                # 'the second country after X' (the subject of its copula or small clause, the object of 'make')
                expr.extra["ranked_noun"] = noun.i
            return expr
        return None
    expr = RankExpr("exact", s, e, anchor=e - 1, rank=value, via="number" if label == "NUMBER" else "ord")
    # 'first held in 2006', 'first launched': an adverb of time on the verb right after it
    if label == "ORD" and nxt is not None and nxt.pos_ == "VERB" and nxt.tag_ in ("VBN", "VBD") \
            and last.head.i == nxt.i and last.dep_ == "advmod":
        return None
    # parenthesised after a name: 'Tokyo (6th)', 'Hermes (#43)', 'Shenzhen (ranked 3rd)'
    opening = prev
    if prev is not None and nxt is not None and nxt.text == ")" and prev.text != "(" and prev.i - 1 >= seg.start \
            and doc[prev.i - 1].text == "(" and lex.lemma(prev) in lex.rank_verbs:
        opening = doc[prev.i - 1]
    if opening is not None and opening.text == "(" and nxt is not None and nxt.text == ")":
        if names.ending_before(opening.i) is not None:
            expr.via = "paren"
            expr.anchor = opening.i - 1
            return expr
        return None
    # 'with Amazon fourth', '..., Amsterdam sixth and Berlin seventh': a name right before
    # ('with Japan a distant second', 'with Lyon second on 12 sites')
    pn = _prev_word(doc, s, seg, skip={"a", "distant", "close", "clear", "strong"})
    if pn is not None and (m := names.at(pn.i)) is not None and m.end == pn.i + 1 and m.start > seg.start \
            and (m.end == s or pn.i + 1 < s and doc[pn.i + 1].lower_ == "a") \
            and (w := _before_name(doc, m, seg)) is not None and doc[w].lower_ in ("with", "and", ",") \
            and (_with_clause(doc, w, seg) or _after_rank(doc, w, seg, lex)) \
            and (nxt is None or nxt.is_punct or nxt.lower_ in ("and", "place", "position")
                 or (nxt.lower_ in ("on", "with", "at") and _with_clause(doc, w, seg))):
        expr.via = "paren"
        expr.anchor = pn.i
        return expr
    # '..., Cyprus 15th and ...' where the small model missed the name: better nothing than
    # the sentence subject's name
    if prev is not None and prev.pos_ == "PROPN" and names.at(prev.i) is None and prev.i > seg.start \
            and doc[prev.i - 1].lower_ in (",", "and", "with") and _after_rank(doc, prev.i - 1, seg, lex):
        return None
    if is_hash:
        if prev is not None and names.at(prev.i) is not None:
            expr.via = "paren"
            expr.anchor = prev.i
            return expr
        return None
    # a position noun after it: 'in 7th place', 'the number three overall rank'
    k = e
    while k < seg.end and doc[k].lower_ in ("overall", "global", "world", "national", "-"):
        k += 1
    if k < seg.end and lex.lemma(doc[k]) in lex.position_nouns:
        if prev is not None and prev.lower_ == "the" and value == 1 and _prev_word(doc, prev.i, seg) is not None \
                and _prev_word(doc, prev.i, seg).lower_ == "in" and doc[k].lower_ == "place":
            return None  # idiom 'in the first place'
        expr.end = k + 1
        expr.anchor = k
        # 'with Bergen in second place', 'followed by Bergen in second place': the name before 'in'
        p = _prev_word(doc, s, seg, skip={"the", "a"})
        if p is not None and p.lower_ in ("in", "at") and (m := names.ending_before(p.i)) is not None \
                and m.end == p.i and m.start - 1 >= seg.start and doc[m.start - 1].lower_ in ("with", "by"):
            expr.via = "prep"
            expr.extra["prep"] = p.i
        return expr
    # 'remained the No. 1 supplier', "the world's No. 1 memory maker": a numbered place before the
    # noun it ranks among (an ordinal there rarely is one: 'the first time', 'second Chinese brand')
    numbered_attr = label == "NUMBER" and prev is not None and prev.lower_ in ("the", "'s", "’s") \
        and nxt is not None and nxt.pos_ in ("NOUN", "PROPN", "ADJ")
    if numbered_attr:
        return None if lex.lemma(nxt) in lex.title_nouns else expr  # ('the No. 2 official': a title)
    # 'the second country after Chile to ...': the ordinal ranks its noun when the names of the places
    # above follow the noun ('the second country to ...' alone is no position)
    if label == "ORD" and value > 1 and prev is not None and prev.lower_ == "the" and nxt is not None \
            and (nxt.pos_ in ("NOUN", "PROPN", "ADJ") or nxt.tag_ in ("JJS", "RBS")) \
            and _names_above_after(doc, seg, e, lex, names):
        expr.criterion_from = e
        expr.extra["ranked_noun"] = last.head.i if last.head.i >= e else e
        return expr
    # it modifies some other noun: 'the first time', 'second Chinese brand', 'fifth consecutive'
    if nxt is not None and (nxt.pos_ in ("NOUN", "PROPN") or nxt.lower_ in lex.time_nouns) and nxt.lower_ not in (
        "place",
    ):
        if not (nxt.lower_ in lex.skip_adverbs or nxt.ent_type_ in ("GPE", "LOC")):
            return None
    if last.dep_ in ("amod", "nummod", "compound") and last.head.i > last.i and last.head.pos_ in ("NOUN", "PROPN") \
            and lex.lemma(last.head) not in lex.position_nouns \
            and (last.head.i - last.i <= 3
                 or all(x.pos_ in ("ADJ", "NOUN", "PROPN", "NUM") for x in doc[e : last.head.i])) \
            and not (nxt is not None and nxt.lower_ in ("and", ",", "or")):
        return None  # "China's first national big data pilot zone"
    # 'the second to join', 'the first to'
    if nxt is not None and nxt.lower_ == "to" and e + 1 < seg.end and doc[e + 1].pos_ in ("VERB", "AUX"):
        return None
    if label == "NUMBER" and prev is not None and prev.lower_ in ("at", "in") and prev.i - 1 >= seg.start \
            and (m := names.ending_before(prev.i)) is not None and m.end == prev.i and _with_clause(doc, prev.i, seg):
        # 'with Globex at No. 2 (and Initech at No. 3)': the name before the preposition
        expr.via = "prep"
        expr.extra["prep"] = prev.i
        return expr
    if label == "NUMBER":
        # 'No. 1', 'number 42' are positions wherever they stand, except as an identifier
        # after a noun: 'team no. 225', 'Resolution No. 1441'
        if prev is not None and prev.pos_ in ("NOUN", "PROPN") and prev.lower_ not in ("number",) \
                and not _verb_before(doc, prev.i, seg):
            return None
        if doc[s].lower_ == "number" and prev is not None and prev.lower_ in ("a", "the") and nxt is not None \
                and nxt.lower_ == "of":
            return None
        return expr
    # idioms
    if value == 1 and prev is not None and prev.lower_ == "at" and (nxt is None or nxt.is_punct):
        return None  # 'at first'
    if value == 1 and nxt is not None and nxt.lower_ == "of" and e + 1 < seg.end and doc[e + 1].lower_ == "all":
        return None
    # after in/at/to/from: 'with the UK in third', 'trails in a distant second', 'dropped to fourth'
    p = _prev_word(doc, s, seg, skip={"a", "an", "the", '"', "“", "”", "'", "distant", "close", "solid", "joint", "strong", "clear"})
    if p is not None and p.lower_ in ("in", "at", "to", "from", "into") and (nxt is None or nxt.pos_ not in ("NOUN",)):
        expr.via = "prep"
        expr.extra["prep"] = p.i
        return expr
    # '1st among 10 economies', 'first of the 10 economies'
    if nxt is not None and nxt.lower_ in ("among", "amongst"):
        return expr
    if nxt is not None and nxt.lower_ == "of" and e + 1 < seg.end and (
        doc[e + 1].like_num or (doc[e + 1].lower_ == "the" and e + 2 < seg.end and doc[e + 2].like_num)
    ):
        return expr
    # complement of a rank verb: 'ranked third', 'came in 2nd', 'are joint 18th'
    gov = governor(last)
    if gov is not None and lex.lemma(gov) in lex.rank_verbs:
        if lex.lemma(gov) in lex.copulas:
            if prev is not None and prev.text in ('"', "“", "'", "‘"):
                return None  # 'was "first in with the technology"': a quoted phrase
            bare = prev is None or prev.lower_ not in _DETS or prev.lower_ in lex.tie_markers
            tied = prev is not None and prev.lower_ in lex.tie_markers
            if not (bare or tied) or last.dep_ in ("nsubj", "nsubjpass"):
                return None
        expr.via = "ord"
        return expr
    # linear fallback for parses that hang the ordinal elsewhere: 'were listed first'
    q = _prev_word(doc, s, seg, skip={"in", "at", "to", "as", "the", "now", "still", "again", "also", "only"})
    if q is not None and lex.lemma(q) in lex.rank_verbs and lex.lemma(q) not in lex.copulas \
            and q.pos_ in ("VERB", "AUX"):
        return expr
    # a later member of a list ('first, fourth, and fifth') is decided with the list
    if prev is not None and prev.lower_ in (",", "and", "or"):
        expr.extra["tentative"] = True
        return expr
    return None


# how many tokens after an ordinal superlative the set it is compared in is looked for
_SUPERLATIVE_REACH = 20


def _ranked_superlative(doc: Doc, seg: Span, s: int, e: int, lex: Lexicon, names: NameIndex) -> bool:
    """'the second-highest X among <set>': an ordinal superlative with the set it is compared in.

    The set is 'among ...', a possessor that names a scope ("the world's / the country's /
    Europe's third-largest X"), or the names of the places above ('the third-largest X, trailing
    only A and B', 'the second-largest X after A'). Without one ('the second-largest city') it
    describes, and is not read as a position.
    """
    if e + 1 >= seg.end or not (doc[e + 1].tag_ == "JJS" or doc[e + 1].lower_ in lex.superlative_words):
        return False
    prev = _prev_word(doc, s, seg)
    if prev is None:
        return False
    if prev.lower_ in ("'s", "’s") and prev.i - 1 >= seg.start:
        owner = doc[prev.i - 1]
        if owner.lower_ in lex.world_words or lex.lemma(owner) in lex.scope_nouns \
                or ((m := names.at(owner.i)) is not None and m.label in ("GPE", "LOC")):
            return True
        return False
    if prev.lower_ != "the":
        return False
    # (the noun phrase may be long: 'the third-largest data center market in the Asia-Pacific region by
    # operational capacity, trailing only A and B'; a verb or a colon ends the search)
    for t in doc[e + 2 : min(seg.end, e + 2 + _SUPERLATIVE_REACH)]:
        if t.pos_ in ("VERB", "AUX") and t.lower_ not in lex.above_preps:
            return False
        if t.lower_ in ("among", "amongst"):
            return True
        if t.lower_ in lex.above_preps:
            j = t.i + 1
            while j < seg.end and doc[j].lower_ in ("only", "the"):
                j += 1
            return names.at(j) is not None
        if t.text in (";", ":", "(", ")"):
            return False
    return False


_EARLIER_ASIDES = (("last", "year"), ("a", "year", "ago"), ("a", "year", "earlier"), ("the", "year", "before"),
                   ("the", "previous", "year"), ("in", "the", "previous", "edition"), ("last", "time"))


def _earlier_aside(doc: Doc, e: int, seg: Span) -> bool:
    """From ``e``: a time phrase of the previous edition, then a comma ('sixth last year, ...',
    'fifth a year ago, ...', 'third in 2024, ...')."""
    for phrase in _EARLIER_ASIDES:
        end = e + len(phrase)
        if end < seg.end and doc[end].text == "," and tuple(doc[k].lower_ for k in range(e, end)) == phrase:
            return True
    return e + 2 < seg.end and doc[e].lower_ == "in" and doc[e + 1].like_num and len(doc[e + 1].text) == 4 \
        and doc[e + 2].text == ","


def _names_above_after(doc: Doc, seg: Span, e: int, lex: Lexicon, names: NameIndex) -> bool:
    """A short noun phrase from ``e`` (up to four words, no time noun), then a preposition of the
    places above ('after', 'behind') and a name: 'second country after Chile', 'second most visited
    city after London'."""
    for t in doc[e : min(seg.end, e + 5)]:
        if t.tag_ in ("JJS", "RBS", "VBN") and t.i < e + 2:
            continue
        if t.lower_ in lex.above_preps and t.i > e:
            j = t.i + 1
            while j < seg.end and doc[j].lower_ in ("only", "the"):
                j += 1
            return names.at(j) is not None
        if t.pos_ not in ("NOUN", "PROPN", "ADJ") or t.lower_ in lex.time_nouns or names.at(t.i) is not None:
            return False
    return False


def _before_name(doc: Doc, m, seg: Span) -> Optional[int]:
    """The token before a mention, past a 'the' ('with the United States third'), or None."""
    j = m.start - 1
    if j > seg.start and doc[j].lower_ == "the":
        j -= 1
    return j if j >= seg.start else None


def _verb_before(doc: Doc, i: int, seg: Span) -> bool:
    """'ranked Kenya No. 3': the noun before is the object of a verb right before it."""
    j = i - 1
    while j >= seg.start and doc[j].lower_ in ("the", "a"):
        j -= 1
    return j >= seg.start and doc[j].pos_ in ("VERB", "AUX")


def _with_clause(doc: Doc, i: int, seg: Span) -> bool:
    """Token i is 'with', or a list separator inside a 'with X Nth, Y Nth' clause."""
    for j in range(i, max(seg.start, i - 12) - 1, -1):
        if doc[j].lower_ == "with":
            return True
        if doc[j].pos_ in ("VERB", "AUX"):
            return False
    return False


def _after_rank(doc: Doc, i: int, seg: Span, lex: Lexicon) -> bool:
    """Token i follows an earlier stated position in the sentence (a gapped list of positions)."""
    return any(lex.is_ordinal(t.text) or t.lower_ in ("top", "topped", "tops") for t in doc[seg.start : i])


def _top_n(doc: Doc, seg: Span, s: int, e: int, lex: Lexicon, names: NameIndex):
    words = [t.text for t in doc[s + 1 : e] if t.text != "-"]
    value = lex.phrase_number(words)
    if not value or value > 10000:
        return None
    k = e
    position = None
    if k < seg.end and lex.lemma(doc[k]) in lex.position_nouns:
        position = k
    return _group_statement(doc, seg, s, e, value, lex, position_noun=position, names=names)


def _group_statement(doc: Doc, seg: Span, s: int, e: int, value: int, lex: Lexicon, position_noun: Optional[int],
                     names: NameIndex):
    """'as the top five', 'are the top three', 'among the top 10', 'the top N places went to'."""
    end = position_noun + 1 if position_noun is not None else e
    head_tok = doc[position_noun] if position_noun is not None else doc[e - 1]
    # the noun the number phrase belongs to ('top five cities' -> cities)
    noun = head_tok
    if position_noun is None:
        k = e
        while k < seg.end and doc[k].pos_ in ("ADJ", "NOUN", "PROPN", "ADV", "VERB") and doc[k].dep_ in (
            "amod", "compound", "advmod", "nmod", "npadvmod") and doc[k].head.i > k:
            k += 1
        if k < seg.end and doc[k].pos_ in ("NOUN", "PROPN") and not doc[k].is_punct \
                and (doc[e - 1].head.i == k or doc[s].head.i == k):
            noun = doc[k]  # only the noun the number belongs to: not 'the top 10 lie/NOUN outside
    frame = Frame(s, end, value, noun.i if noun.i != e - 1 else None)
    prev = _prev_word(doc, s, seg, skip={"the", "global", "world", "'s", "’s", "national"})
    if prev is not None and prev.i + 1 < s and doc[prev.i + 1].lower_ in ("'s", "’s"):
        # "as Africa's top three": the word before the possessor
        owner = names.at(prev.i)
        prev = _prev_word(doc, owner.start if owner is not None else prev.i, seg, skip={"the"})
    gov = governor(noun)
    expr = _group_kind(doc, seg, s, end, value, lex, noun, head_tok, position_noun, prev, gov)
    if expr is None:
        return frame
    expr.extra["frame"] = frame
    return expr


def _group_kind(doc, seg, s, end, value, lex, noun, head_tok, position_noun, prev, gov) -> Optional[RankExpr]:
    gov_lemma = lex.lemma(gov) if gov is not None else ""
    if prev is not None and prev.lower_ == "of" and prev.i - 1 >= seg.start and doc[prev.i - 1].lower_ == "one" \
            and gov_lemma in lex.membership_verbs | lex.copulas and gov_lemma not in lex.entry_verbs:
        # 'was listed as one of the top 10 cities'
        return RankExpr("member", s, end, anchor=prev.i, lo=1, hi=value, via="top_n", size=value)
    particle = next((c.lower_ for c in gov.children if c.dep_ == "prt"), "") if gov is not None else ""
    # the object of the verb: the noun ('the top three chipmakers') or 'top' itself ('the top/NOUN 12')
    top_tok = doc[s]
    is_object = gov is not None and ((noun.dep_ == "dobj" and noun.head.i == gov.i)
                                     or (top_tok.dep_ == "dobj" and top_tok.head.i == gov.i and noun.head.i == s))
    if gov is not None and (gov_lemma in lex.closing_verbs or f"{gov_lemma} {particle}" in lex.closing_verbs) \
            and is_object:
        # 'D, E and F completed the top ten': the last places of the group (lo is set from the names)
        return RankExpr("group", s, end, anchor=noun.i, lo=1, hi=value, via="top_n", size=value,
                        extra={"closing": True})
    if gov is not None and (gov_lemma in lex.group_verbs or f"{gov_lemma} {particle}" in lex.group_verbs) \
            and is_object:
        # 'TSMC, Samsung and Intel make up the top three chipmakers'
        return RankExpr("group", s, end, anchor=noun.i, lo=1, hi=value, via="top_n", size=value)
    if prev is not None and prev.lower_ in lex.membership_preps and gov_lemma in lex.joining_verbs \
            and any(c.dep_ == "dobj" and c.pos_ == "PROPN" and c.i < prev.i for c in gov.children):
        # 'Chongqing joined Sichuan among the top 15': a name already in the group, so a membership
        return RankExpr("member", s, end, anchor=prev.i, lo=1, hi=value, via="top_n", size=value,
                        extra={"joined": True})
    if prev is not None and prev.lower_ in lex.membership_preps | {"as"}:
        if prev.lower_ == "as":
            return RankExpr("group", s, end, anchor=prev.i, lo=1, hi=value, via="top_n", size=value)
        if gov_lemma in lex.entry_verbs or not gov_lemma:
            return None
        if gov_lemma in lex.membership_verbs:
            return RankExpr("member", s, end, anchor=prev.i, lo=1, hi=value, via="top_n", size=value)
        return None
    # 'A, B and C are the top three'
    if gov is not None and gov_lemma in lex.copulas and noun.dep_ in ("attr", "acomp", "oprd"):
        return RankExpr("group", s, end, anchor=noun.i, lo=1, hi=value, via="top_n", size=value)
    # 'took the top three spots', 'the top N places went to ...', 'The top three are A, B and C'
    if position_noun is not None and gov is not None:
        return RankExpr("group", s, end, anchor=position_noun, lo=1, hi=value, via="top_n", size=value)
    if gov is not None and gov_lemma in lex.copulas and noun.dep_ in ("nsubj",):
        return RankExpr("group", s, end, anchor=noun.i, lo=1, hi=value, via="top_n", size=value,
                        extra={"noun": noun.i})
    return None


def _numeric_object(v: Token) -> bool:
    for c in v.children:
        if c.dep_ in ("dobj", "attr", "npadvmod") and c.i > v.i:
            for t in c.subtree:
                if t.ent_type_ in _NUMERIC_ENTS or t.like_num or t.text in ("$", "€", "¥", "£", "%"):
                    return True
    return False


def _object(v: Token) -> Optional[Token]:
    for c in v.children:
        if c.dep_ in ("dobj", "attr", "oprd") and c.i > v.i:
            return c
    return None


def _top(doc: Doc, seg: Span, s: int, e: int, names: NameIndex, lex: Lexicon):
    t = doc[s]
    if names.at(s) is not None:
        return None  # 'Top500', or a title-case run 'Google Top Best Global Brands'

    nxt = doc[e] if e < seg.end else None
    prev = _prev_word(doc, s, seg)
    # verb: 'Frontier topped the list', 'X tops global ranking'
    verbish = t.lower_ in ("tops", "topped", "topping") or (t.pos_ == "VERB" and t.lower_ == "top")
    if not verbish and t.text == "Top" and prev is not None and names.at(prev.i) is not None and t.i > seg.start:
        verbish = True  # title case: 'Apple and Google Top Best Global Brands'
    if verbish:
        if t.tag_ == "VBN" and nxt is not None and nxt.lower_ == "by":
            agent_end = next((g.i + 1 for c in t.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"),
                             e + 1)
            return RankExpr("exact", s, e, anchor=s, rank=1, via="top_passive", criterion_from=agent_end)
        if _numeric_object(t):
            return None
        obj = _object(t)
        earlier = _earlier_edition_object(obj, lex) if obj is not None else None
        if obj is not None and lex.lemma(obj) not in lex.list_nouns and lex.lemma(obj) not in lex.scope_nouns \
                and earlier is None and not (obj.ent_type_ in ("GPE", "LOC") and names.at(obj.i) is not None):
            return None  # 'Apple topped Google' (beat), 'topped expectations'; not first
        after = obj.i + 1 if obj is not None else e
        return RankExpr("exact", s, e, anchor=s, rank=1, via="top_verb", criterion_from=after,
                        extra={"earlier": True} if earlier else {})
    if nxt is not None and nxt.text in ("-", "–") and not t.whitespace_:
        return None  # 'top-ranked', 'top-tier'
    # 'the top spot', 'the top spots'
    k = e
    if k < seg.end and lex.lemma(doc[k]) in lex.position_nouns:
        plural = doc[k].tag_ in ("NNS", "NNPS") or doc[k].lower_.endswith("s")
        if plural:
            return RankExpr("group", s, k + 1, anchor=k, lo=1, hi=None, open_group=True, via="top")
        return RankExpr("exact", s, k + 1, anchor=k, rank=1, via="top")
    # 'at the top of', 'on top', 'to the top' (not the discourse 'on top of that')
    p = _prev_word(doc, s, seg, skip={"the", "very"})
    if p is not None and p.lower_ == "on" and nxt is not None and nxt.lower_ == "of":
        # 'on top of the list' is a position; 'on top of that / $27 million' means 'besides'
        obj = next((g for c in t.children if c.lower_ == "of" for g in c.children if g.dep_ == "pobj"), None)
        if obj is None or (lex.lemma(obj) not in lex.list_nouns and lex.lemma(obj) not in lex.scope_nouns):
            return None
    elif p is not None and nxt is not None and nxt.lower_ == "of" and not _top_of_list(t, lex):
        return None  # 'at the top of its agenda': the head of a thing that is no list
    if p is not None and p.lower_ in ("at", "on", "to") and (nxt is None or nxt.lower_ in ("of", "in", ",", ".", "for", "spot", "globally", "this", "overall", "among", "with")):
        return RankExpr("exact", s, e, anchor=s, rank=1, via="top", extra={"prep": p.i})
    # 'ranked top of the world's 100 ...'
    if lex.lemma(t.head) in lex.rank_verbs and t.dep_ in ("dobj", "advmod", "acomp", "npadvmod", "oprd", "attr", "xcomp") \
            and lex.lemma(t.head) not in lex.copulas:
        return RankExpr("exact", s, e, anchor=s, rank=1, via="top")
    if p is not None and lex.lemma(p) in lex.rank_verbs and lex.lemma(p) not in lex.copulas and p.pos_ == "VERB":
        return RankExpr("exact", s, e, anchor=s, rank=1, via="top")
    # 'comes out as the top science city', 'is the top science city'
    if t.dep_ == "amod" and t.head.pos_ == "NOUN" and t.head.tag_ == "NN":
        n = t.head
        if n.dep_ in ("attr", "oprd") or (n.dep_ == "pobj" and n.head.lower_ == "as" and n.head.head.pos_ in ("VERB", "AUX")):
            det = [c for c in n.children if c.dep_ in ("det", "poss")]
            if det and all(c.lower_ == "the" for c in det if c.dep_ == "det"):
                return RankExpr("exact", s, n.i + 1, anchor=n.i, rank=1, via="top_attr")
    return None


# what makes an edition an earlier one: 'the previous / December edition', "last year's edition"
_EARLIER_WORDS = frozenset({"previous", "prior", "preceding", "earlier", "last", "january", "february", "march",
                            "april", "may", "june", "july", "august", "september", "october", "november",
                            "december"})


def _earlier_edition_object(obj: Token, lex: Lexicon) -> Optional[bool]:
    """For the object of 'led' / 'topped': True when it is an earlier edition ('which led the December
    edition', 'topped the previous edition', "led last year's edition"), False for another edition of a
    list ('topped the latest edition of the index'), else None (no edition, or the edition of something
    that is no list: 'the December edition of the magazine', 'led the edition with a new design')."""
    if lex.lemma(obj) not in lex.edition_nouns:
        return None
    of = [g for c in obj.children if c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
    if of and not any(lex.lemma(g) in lex.list_nouns | lex.source_nouns for g in of):
        return None
    for c in obj.children:
        if c.dep_ in ("amod", "compound", "nmod") and c.lower_ in _EARLIER_WORDS:
            return True
        if c.dep_ == "poss" and any(g.lower_ in ("last", "previous") for g in c.children):
            return True
    return False if of else None


def _top_of_list(t: Token, lex: Lexicon) -> bool:
    """'at the top of X' where X is a list ('the table'), a scope ('the nation') or a counted or
    plural set ('the 38 economies', 'the European rankings'); not 'the agenda'."""
    obj = next((g for c in t.children if c.lower_ == "of" for g in c.children if g.dep_ == "pobj"), None)
    if obj is None:
        return True  # (the parser lost the phrase: as before)
    return lex.lemma(obj) in lex.list_nouns or lex.lemma(obj) in lex.scope_nouns or obj.tag_ in ("NNS", "NNPS") \
        or any(c.dep_ == "nummod" for c in obj.children)


def _lead(doc: Doc, seg: Span, s: int, names: NameIndex, lex: Lexicon):
    t = doc[s]
    if t.pos_ == "NOUN":
        return _kept_lead(doc, seg, s, lex)
    if t.pos_ not in ("VERB", "AUX") or t.tag_ in ("VBG",):
        return None
    if t.tag_ == "VBN" and (any(c.dep_ == "agent" for c in t.children) or (s + 1 < seg.end and doc[s + 1].lower_ == "by")):
        return None  # 'led by'
    if t.dep_ in ("amod", "compound"):
        return None
    obj = _object(t)
    if obj is not None:
        if (earlier := _earlier_edition_object(obj, lex)) is not None:
            return RankExpr("exact", s, s + 1, anchor=s, rank=1, via="lead", criterion_from=obj.i + 1,
                            extra={"earlier": True} if earlier else {})
        place = obj.ent_type_ in ("GPE", "LOC") and not any(c.dep_ == "conj" for c in obj.children)
        if lex.lemma(obj) not in lex.list_nouns and lex.lemma(obj) not in lex.scope_nouns and not place:
            return None
        return RankExpr("exact", s, s + 1, anchor=s, rank=1, via="lead", criterion_from=obj.i + 1)
    if _numeric_object(t):
        return None
    # intransitive: 'In Machine learning, Carnegie Mellon still leads.' / 'leads in patents'
    has_in = any(c.dep_ == "prep" and c.lower_ in ("in", "on") for c in t.children)
    initial_pp = seg.start < len(doc) and doc[seg.start].lower_ in ("in", "on", "for")
    if has_in or initial_pp:
        return RankExpr("exact", s, s + 1, anchor=s, rank=1, via="lead", criterion_from=s + 1)
    return None


# verbs of keeping a place: 'kept / retained / held on to the lead' is first place; 'took the lead'
# is left out (often taking the initiative: 'took the lead in the talks')
_KEEP_VERBS = frozenset({"keep", "retain", "hold", "regain", "reclaim"})


def _kept_lead(doc: Doc, seg: Span, s: int, lex: Lexicon):
    """'X kept the lead (in Y)': the noun 'the lead' held by a verb of keeping; not 'the lead in
    building Z' (an activity, not a list)."""
    t = doc[s]
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in t.children):
        return None  # 'its lead', 'a lead'
    v = t.head
    if t.dep_ == "pobj" and v.lower_ in ("to", "onto"):
        v = v.head  # 'held on to the lead'
    elif t.dep_ != "dobj":
        return None
    if lex.lemma(v) not in _KEEP_VERBS:
        return None
    if s + 2 < seg.end and doc[s + 1].lower_ in ("in", "on") and doc[s + 2].tag_ == "VBG":
        return None
    return RankExpr("exact", s, s + 1, anchor=s, rank=1, via="lead", criterion_from=s + 1)


def _head(doc: Doc, seg: Span, s: int, names: NameIndex, lex: Lexicon):
    t = doc[s]
    if t.lower_ == "headed" and s + 1 < seg.end and doc[s + 1].lower_ == "by":
        subj = [c for c in t.children if c.dep_ in ("nsubjpass", "nsubj")]
        if subj and lex.lemma(subj[0]) in lex.list_nouns:
            return RankExpr("exact", s, s + 2, anchor=s, rank=1, via="top_passive")
        return None
    obj = _object(t)
    if t.pos_ in ("VERB", "AUX") and obj is not None and lex.lemma(obj) in lex.list_nouns:
        return RankExpr("exact", s, s + 1, anchor=s, rank=1, via="lead", criterion_from=obj.i + 1)
    return None


def _last(doc: Doc, seg: Span, s: int, e: int, lex: Lexicon):
    """'ranks last among 57', 'last of the 133 economies', 'in last place out of 40'; 'Among the 50
    cities, X ranks last' (the size stated elsewhere in the sentence); 'finished at the bottom of
    the list'. Without a size here, the size the article says its list covers (see extract)."""
    if doc[e - 1].lower_ == "bottom":
        s = e - 1  # 'at the bottom (of the list)'
        obj = next((g for c in doc[s].children if c.lower_ == "of" for g in c.children if g.dep_ == "pobj"), None)
        if obj is not None and lex.lemma(obj) not in lex.list_nouns:
            return None  # 'at the bottom of the sea'
    gov = governor(doc[s])
    if gov is None or lex.lemma(gov) not in lex.rank_verbs:
        return None
    if doc[s].lower_ == "last" and doc[s].head.i != gov.i and lex.lemma(doc[s].head) not in lex.position_nouns:
        return None  # 'the last one', 'last year'
    k = s + 1
    if k < seg.end and lex.lemma(doc[k]) in lex.position_nouns:
        k += 1
    j = k
    while j < seg.end and doc[j].lower_ in ("among", "amongst", "of", "out", "the", "all"):
        j += 1
    n = lex.number(doc[j].text) if j > k and j < seg.end and doc[j].like_num else None
    end = j + 1 if n else k
    if n is None:
        n = _stated_size(doc, seg, lex)
    if n and n > 1:
        return RankExpr("exact", s, end, anchor=s, rank=n, via="last", size=n)
    # no size here: the N the article says its list covers, if it says one ('evaluates 50 cities')
    return RankExpr("exact", s, end, anchor=s, rank=None, via="last", extra={"last": True})


def _stated_size(doc: Doc, seg: Span, lex: Lexicon) -> Optional[int]:
    """The N of 'among (the) N', 'out of N' in the sentence."""
    for t in seg:
        if t.lower_ in ("among", "amongst") or (t.lower_ == "of" and t.i > seg.start and doc[t.i - 1].lower_ == "out") \
                or (t.lower_ == "of" and t.i == seg.start):  # 'Of the 12 teams, ...
            j = t.i + 1
            while j < seg.end and doc[j].lower_ in ("the", "all"):
                j += 1
            if j < seg.end and doc[j].like_num and (n := lex.number(doc[j].text)):
                return n
    return None


def _span(doc: Doc, seg: Span, s: int, e: int, names: NameIndex, lex: Lexicon):
    """'places eight to ten', 'Nos. 6 to 10', 'placed third to fifth', 'the sixth to tenth places'."""
    noun_first = not lex.is_ordinal(doc[s].text)
    lo = lex.number(doc[s + 1].text if noun_first else doc[s].text)
    hi = lex.number(doc[e - 1].text)
    if not lo or not hi or hi <= lo or hi - lo > 100 or names.at(s) is not None:
        return None
    prev = _prev_word(doc, s, seg, skip={"the"})
    if prev is not None and prev.lower_ in ("from", "between"):
        return None  # 'from third to fifth': a change, read by _rank_changes
    if noun_first:
        # 'Places eight to ten went to A, B and C', 'took places 6 to 10'
        return RankExpr("group", s, e, anchor=s, lo=lo, hi=hi, via="span")
    end, anchor = e, e - 1
    if e < seg.end and lex.lemma(doc[e]) in lex.position_nouns:
        end, anchor = e + 1, e
    elif e < seg.end and doc[e].pos_ in ("NOUN", "PROPN") or doc[s].dep_ == "amod":
        return None  # 'the first to third quarters'
    else:
        gov = governor(doc[e - 1])
        lemma = lex.lemma(gov) if gov is not None else ""
        if lemma not in lex.rank_verbs or lemma in lex.copulas | lex.rise_verbs | lex.fall_verbs:
            return None
    return RankExpr("group", s, end, anchor=anchor, lo=lo, hi=hi, via="span")


def _bare_number(doc: Doc, seg: Span, s: int, e: int, names: NameIndex, lex: Lexicon):
    """'Shenzhen ranked 3 in the world': a bare number right after 'ranked'.

    Not 'the index ranks 120 countries' (the number counts a noun) and not when
    the subject is the list itself.
    """
    verb, num = doc[s], doc[e - 1]
    value = lex.number(num.text)
    if not value or value > 1000 or verb.pos_ not in ("VERB", "AUX"):
        return None
    nxt = doc[e] if e < seg.end else None
    if nxt is not None and (nxt.pos_ in ("NOUN", "PROPN", "NUM") and lex.lemma(nxt) not in lex.position_nouns
                            or nxt.text in ("%", "-", "–", ".") and not nxt.whitespace_ and e + 1 < seg.end
                            and doc[e + 1].like_num):
        return None  # '120 countries', '3.5'
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is not None and (lex.lemma(subj) in lex.source_nouns or lex.lemma(subj) in lex.list_nouns):
        return None
    return RankExpr("exact", e - 1, e, anchor=e - 1, rank=value, via="ord")


def _runner_up(doc: Doc, seg: Span, s: int, e: int, names: NameIndex, lex: Lexicon):
    """'China was the runner-up', 'finished runner-up': the second place."""
    n = doc[e - 1]
    # 'with Lyon the runner-up and Nice in third place': the name right before, in a with clause
    pn = _prev_word(doc, s, seg, skip={"the", "a", "distant", "close"})
    if pn is not None and (m := names.at(pn.i)) is not None and m.end == pn.i + 1 and m.start > seg.start \
            and (w := _before_name(doc, m, seg)) is not None and doc[w].lower_ in ("with", "and", ",") \
            and _with_clause(doc, w, seg):
        return RankExpr("exact", s, e, anchor=pn.i, rank=2, via="paren")
    # 'finished as runner-up': the object of 'as' on a rank verb
    as_pobj = n.dep_ == "pobj" and n.head.lower_ == "as" and n.head.head.i != n.head.i
    if n.dep_ not in ("attr", "oprd", "dobj", "advmod", "npadvmod", "acomp") and not as_pobj:
        return None
    if any(c.dep_ == "prep" and c.lower_ == "of" for c in n.children):
        return None  # 'the runner-up of the 2019 contest': another list, maybe another year
    gov = n.head.head if as_pobj else n.head
    if lex.lemma(gov) not in lex.rank_verbs:
        return None
    if n.dep_ == "dobj" and lex.lemma(gov) not in ("finish", "end", "come", "place"):
        return None  # 'beat the runner-up'
    return RankExpr("exact", s, e, anchor=n.i, rank=2, via="leader", criterion_from=e)


def _hyphen_rank(doc: Doc, seg: Span, s: int, e: int, names: NameIndex, lex: Lexicon):
    """'the 10th-ranked Poland', 'second-placed Austria', 'top-ranked Denmark': the name it modifies."""
    value = 1 if doc[s].lower_ == "top" else lex.number(doc[s].text)
    if not value:
        return None
    # the name right after (an adjective or two may come between: 'third-placed rival Nokia')
    k = e
    while k < seg.end and k < e + 3 and names.at(k) is None and doc[k].pos_ in ("ADJ", "NOUN", "DET"):
        k += 1
    m = names.at(k)
    if m is None or m.start != k:
        return None
    return RankExpr("exact", s, e, anchor=k, rank=value, via="paren")


def _leader(doc: Doc, seg: Span, s: int, e: int, names: NameIndex, lex: Lexicon):
    """'X is the global leader in AI': the one leader of a field is its first."""
    n = doc[e - 1]
    if n.dep_ not in ("attr", "oprd"):
        return None
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in n.children):
        return None  # 'a leader', 'one of the leaders'
    if any(c.dep_ == "prep" and c.lower_ == "of" for c in n.children):
        return None  # 'the leader of the group': a head, not a position
    gov = n.head
    if lex.lemma(gov) not in lex.copulas:
        return None
    subj = next((c for c in gov.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is not None and subj.ent_type_ == "PERSON":
        return None
    s = min([c.i for c in n.lefts] + [s])
    return RankExpr("exact", s, e, anchor=n.i, rank=1, via="leader", criterion_from=e)


# ---------------------------------------------------------------- lists and changes


def _separated_only_by_list_words(doc: Doc, a: int, b: int) -> bool:
    return all(doc[i].lower_ in (",", "and", "or", "&", '"', "“", "”") or doc[i].is_space for i in range(a, b))


def _link_lists(doc: Doc, exprs: list[RankExpr], lex: Lexicon) -> None:
    """'first, fourth, and fifth', '4th and 8th position': one parallel list."""
    list_id = 0
    i = 0
    while i < len(exprs):
        j = i
        while j + 1 < len(exprs) and exprs[j + 1].kind == "exact" and exprs[j].kind == "exact" \
                and _separated_only_by_list_words(doc, exprs[j].end, exprs[j + 1].start):
            j += 1
        if j > i:
            list_id += 1
            members = exprs[i : j + 1]
            tentative = all(m.extra.get("tentative") for m in members)
            for m in members:
                m.list_id = list_id
                if not tentative:
                    m.extra.pop("tentative", None)
        i = j + 1
    # a tentative member ('..., fourth') that found no list to belong to is no position
    for k in range(len(exprs) - 1, -1, -1):
        if exprs[k].extra.get("tentative"):
            exprs.pop(k)


def _rank_changes(doc: Doc, seg: Span, exprs: list[RankExpr], lex: Lexicon) -> list[RankExpr]:
    """'from eighth to 13', 'slipped from 3rd to 5th', 'up from 12th', 'rose three places to 15th'."""
    out: list[RankExpr] = []
    skip: set[int] = set()
    for idx, x in enumerate(exprs):
        if idx in skip:
            continue
        prev = _prev_word(doc, x.start, seg, skip={"the", "a"})
        if x.kind == "exact" and prev is not None and prev.lower_ == "from":
            # 'from X to Y': Y may be a bare number
            k = x.end
            if k < seg.end and doc[k].lower_ == "to":
                nxt = exprs[idx + 1] if idx + 1 < len(exprs) else None
                if nxt is not None and nxt.kind == "exact" and nxt.start <= k + 3:
                    nxt.previous, nxt.previous_explicit = x.rank, True
                    nxt.start = min(nxt.start, prev.i)
                    nxt.list_id = None
                    skip.add(idx + 1)
                    out.append(nxt)
                    continue
                j = k + 1
                while j < seg.end and doc[j].lower_ in ("the", "no", "no.", "number", "#"):
                    j += 1
                if j < seg.end and doc[j].like_num and lex.number(doc[j].text):
                    cur = RankExpr("exact", prev.i, j + 1, anchor=x.anchor, rank=lex.number(doc[j].text),
                                   previous=x.rank, previous_explicit=True, via=x.via, extra=x.extra)
                    out.append(cur)
                    continue
            # 'fifth, up from 12th': the earlier position of the expression before ('fifth in the
            # number of ..., up from ninth' may be further away)
            up = prev.i - 1 >= seg.start and doc[prev.i - 1].lower_ in ("up", "down")
            # 'climbed to third place among ... in ... last year, from fifth': a verb of moving
            moved = False
            if out and prev.i - 1 >= seg.start and doc[prev.i - 1].text == ",":
                gov = governor(doc[out[-1].anchor])
                moved = gov is not None and lex.lemma(gov) in lex.rise_verbs | lex.fall_verbs
            if out and out[-1].kind == "exact" and out[-1].previous is None and (x.start - out[-1].end <= 5 or up or moved):
                out[-1].previous, out[-1].previous_explicit = x.rank, True
                continue
            # 'climbed three places from 12th': the new position is the steps away from the old one
            if (cur := _rank_from_steps(doc, x, lex)) is not None:
                out.append(RankExpr("exact", prev.i, x.end, anchor=x.anchor, rank=cur, previous=x.rank,
                                    previous_explicit=True, via=x.via, extra=dict(x.extra, derived=True)))
            continue
        if x.kind == "exact" and x.previous is None:
            _steps(doc, x, lex)
        out.append(x)
    return out


def _rank_from_steps(doc: Doc, x: RankExpr, lex: Lexicon) -> Optional[int]:
    """'rose three places from 12th' -> 9; None without a verb of moving and a number of steps."""
    gov = governor(doc[x.anchor])
    if gov is None or x.rank is None:
        return None
    lemma = lex.lemma(gov)
    sign = 1 if lemma in lex.rise_verbs else -1 if lemma in lex.fall_verbs else 0
    if not sign:
        return None
    for c in gov.children:
        if lex.lemma(c) in lex.step_nouns and c.i < x.start:
            for n in c.children:
                if n.dep_ == "nummod" and (v := lex.number(n.text)):
                    cur = x.rank - sign * v
                    return cur if cur > 0 else None
    return None


def _steps(doc: Doc, x: RankExpr, lex: Lexicon) -> None:
    """'rose three places to 15th' -> previous 18 (not stated, so no item of its own)."""
    gov = governor(doc[x.anchor])
    if gov is None:
        return
    lemma = lex.lemma(gov)
    sign = 1 if lemma in lex.rise_verbs else -1 if lemma in lex.fall_verbs else 0
    if not sign:
        return
    for c in gov.children:
        if lex.lemma(c) in lex.step_nouns and c.i < x.start:
            for n in c.children:
                if n.dep_ == "nummod" and (v := lex.number(n.text)):
                    prev = x.rank + sign * v if x.rank else None
                    if prev and prev > 0:
                        x.previous = prev
                    return
