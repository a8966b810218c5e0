"""Who ranked and when: the report / index phrase and its release date; 'top N <what>' frames."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from spacy.attrs import LEMMA, LOWER, POS
from spacy.parts_of_speech import NOUN, PROPN
from spacy.tokens import Doc, Span, Token

from .expressions import Frame
from .lexicon import Lexicon
from .names import NameIndex
from .lowered import case_sensitive
from .table import DocTable

_CUT_DEPS = {"relcl", "acl", "punct", "appos"}
_NOUNS = (NOUN, PROPN)  # coarse tags, as Doc.to_array gives them
SOURCE_ATTRS = [POS, LEMMA, LOWER]  # what find_sources reads from its DocTable


@dataclass
class SourceInfo:
    text: str
    date: Optional[str]
    start: int  # char offsets of the phrase
    end: int


def phrase_text(doc: Doc, head: Token, cut: set[str] = _CUT_DEPS, table: Optional[DocTable] = None
                ) -> tuple[str, int, int]:
    """The noun phrase of head without determiners, relative clauses and trailing punctuation.
    table: the Doc's :class:`DocTable`, when the caller has one (the text without a Span)."""
    toks = [head]
    stack = [head]
    while stack:
        t = stack.pop()
        for c in t.children:
            if c.dep_ in cut and t.i == head.i:
                continue
            if c.dep_ in ("relcl", "acl") and (c.tag_ not in ("VBN",) or _release_lemma(c)):
                continue  # '... companies released last month by X': when and by whom, not the name
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
    if table is not None and lo <= hi:
        return table.text_of(lo, hi + 1).strip(), table.starts[lo], table.end_char(hi + 1)
    span = doc[lo : hi + 1]
    return span.text.strip(), span.start_char, span.end_char


_RELEASE_FORMS = {"released", "published", "issued", "compiled", "unveiled", "launched", "produced", "presented",
                  "announced", "put", "made", "co-released", "posted"}


def _release_lemma(t: Token) -> bool:
    return t.lower_ in _RELEASE_FORMS


def _date_in(doc: Doc, head: Token, dates: list[dict], lex: Lexicon) -> Optional[str]:
    """A date attached to a release verb in the phrase of head ('that was released on March 28').
    dates: the Doc's calendar dates (:func:`_release_dates`)."""
    if not dates:
        return None
    sub_lo, sub_hi = head.left_edge.idx, head.right_edge.idx + len(head.right_edge)
    # A verb inside the phrase needs the date inside the phrase too: without such a date, the
    # phrase is not walked (its governing verb below is the only candidate then).
    inside = any(sub_lo <= d["start"] <= sub_hi for d in dates)
    verbs = [t for t in head.subtree if t.pos_ in ("VERB", "AUX") and lex.lemma(t) in lex.release_verbs] \
        if inside else []
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
            if lo <= d["start"] and d["end"] <= hi and (v.i == gov.i or sub_lo <= d["start"] <= sub_hi):
                return d.get("value")
    return None


def _release_dates(doc: Doc) -> list[dict]:
    """The Doc's dates (doc._.news_dates) that can be a release date: a calendar value ('PAST_REF'
    says no release date), in their order."""
    return [d for d in (doc._.news_dates or []) if isinstance(d, dict) and "start" in d
            and d.get("type") in ("DATE", None) and str(d.get("value") or "")[:1].isdigit()]


def find_sources(doc: Doc, segs: list[Span], names: NameIndex, lex: Lexicon, cue_segs: set[int],
                 context: frozenset[int] = frozenset(), table: Optional[DocTable] = None) -> list[tuple[int, SourceInfo, int]]:
    """Report/index phrases in sentences that state positions (or in the title), in text order, scored.

    A phrase is a better source the more it looks like one: introduced by
    'according to' (+3), with a release date (+2), naming someone or something
    (+2), headed by report/index/ranking/list/survey/study (+1), with an issuer
    ('released by X', "X's index": +1). A headline phrase scores 3 less, one in
    the sentence before a statement 1 less. A phrase that holds a measurement
    ('index of 82.2 percent') is a value, not a source.
    """
    dates = _release_dates(doc)
    title = (doc._.news_meta or {}).get("title_span")
    out: list[tuple[int, SourceInfo, int]] = []
    # the coarse tag, lemma and lower-case form of every token, read once: a Token only for a source noun
    pos: Optional[list[int]] = None
    lemmas: list[int] = []
    lowers: list[int] = []
    strings = doc.vocab.strings
    for k, seg in enumerate(segs):
        if k not in cue_segs and k not in context:
            continue  # context: the sentence before a statement ('The AI White Paper 2023 counted ...')
        # a headline states the list in a verb phrase ('Huawei tops list of ...'): a body phrase names it better
        in_title = bool(title) and title[0] < seg.end_char and seg.start_char < title[1]
        if pos is None:
            if table is None:
                table = DocTable(doc, SOURCE_ATTRS)
            pos, lemmas, lowers = table.col(POS), table.col(LEMMA), table.col(LOWER)
        for i in range(seg.start, seg.end):
            if pos[i] not in _NOUNS or lex.lemma_from_ids(lemmas[i], lowers[i], pos[i], strings) not in lex.source_nouns:
                continue
            t = doc[i]
            if t.dep_ in ("compound",) or t.lower_ in ("ranking", "list") and t.dep_ not in ("pobj", "nsubj", "dobj", "nsubjpass"):
                continue
            # a bare 'the report' / 'the list' says nothing new
            mods = [c for c in t.children if c.dep_ in ("compound", "amod", "nmod", "prep", "poss", "nummod")]
            issuer, issuer_tok = _issuer(doc, t, names, lex)
            if (not mods and issuer is None) or (mods and all(c.dep_ == "poss" for c in mods) and issuer_tok is None):
                continue  # "Vietnam's ranking": whose position, not which list
            text, s, e = phrase_text(doc, t, table=table)
            words = text.split()
            while len(words) > 1 and words[0].lower() in _STALE_WORDS:
                words = words[1:]  # 'latest Global AI Index' -> 'Global AI Index'
                text = " ".join(words)
            if issuer_tok is not None and issuer_tok.head.i == t.i:
                # "ShanghaiRanking's Global Ranking of ..." -> "Global Ranking of ... (ShanghaiRanking)"
                rest = _expand(doc, table, s, e)
                if rest is not None:
                    lo_i, hi_i = issuer_tok.left_edge.i, issuer_tok.right_edge.i
                    cut = [x for x in rest if not (lo_i <= x.i <= hi_i)]
                    if cut:
                        text = doc[cut[0].i : cut[-1].i + 1].text.strip()
            if issuer and issuer.lower() not in text.lower():
                text = f"{text} ({issuer})"
            if len(text.split()) < 2 or len(text) > 160:
                continue
            sub = _expand(doc, table, s, e)
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
            if issuer:
                score += 1
            if in_title:
                score -= 3
            if k not in cue_segs:
                score -= 1
            out.append((k, SourceInfo(text, date, s, e), score))
    return out


_ISSUER_LABELS = ("ORG",)
_STALE_WORDS = {"latest", "new", "newest", "recent", "annual", "updated", "this", "year's", "year’s"}


def _issuer(doc: Doc, head: Token, names: NameIndex, lex: Lexicon) -> tuple[Optional[str], Optional[Token]]:
    """Who issued the report of head: "X's index", 'the index released by X', 'the report that X released',
    'X released the report'. The token is set when the issuer is a possessor of head."""

    def org(t: Token, labels: tuple[str, ...] = _ISSUER_LABELS) -> Optional[str]:
        m = names.at(t.i)
        if m is None:
            return None
        label = m.label or doc[m.start].ent_type_
        if label not in labels:
            return None
        name = m.name
        for suffix in ("'s", "’s"):
            if name.endswith(suffix):
                name = name[: -len(suffix)].rstrip()
        return name or None

    for c in head.children:
        if c.dep_ == "poss" and (name := org(c)):
            return name, c
    # the release clause may hang on the head or deeper in its phrase ('the list of 20
    # companies released by X', 'the list of the best cities for tech talent compiled by X')
    for c in head.subtree:
        if c.dep_ in ("acl", "relcl") and lex.lemma(c) in lex.release_verbs:
            for g in c.children:
                if g.dep_ == "agent":  # 'compiled by X': a person can compile a list too
                    for p in g.children:
                        if p.dep_ == "pobj" and (name := org(p, _ISSUER_LABELS + ("PERSON", ""))):
                            return name, None
                if g.dep_ == "nsubj" and (name := org(g)):
                    return name, None
    v = head.head
    if head.dep_ == "dobj" and lex.lemma(v) in lex.release_verbs:
        for g in v.children:
            if g.dep_ == "nsubj" and (name := org(g)):
                return name, None
    return None, None


def pick_source(sources: list[tuple[int, SourceInfo, int]], seg: int) -> Optional[SourceInfo]:
    """A strong source named in the item's own sentence, else the article's best one."""
    own = [x for x in sources if x[0] == seg and x[2] >= 2]
    if own:
        return max(own, key=lambda x: x[2])[1]
    if not sources:
        return None
    best = max(x[2] for x in sources)
    return next(x[1] for x in sources if x[2] == best)


def coverage(doc: Doc, text: str, lex: Lexicon, table: Optional[DocTable] = None,
             low: Optional[str] = None) -> Optional[tuple[str, int]]:
    """'The index evaluates 50 Chinese cities on ...' -> ('50 Chinese cities', 50).

    The subject must be the report itself (a source noun, or 'it'), so that 'Tokyo
    scored 75' or 'the firm covers 20 markets' say nothing about the list.
    """
    folded = case_sensitive(lex.coverage_regex) if low is not None else None
    # low: the text lower-cased (scan.lower_text), where the pattern runs faster without the flag
    for mt in folded.finditer(low) if folded is not None else lex.coverage_regex.finditer(text):
        span = _expand(doc, table, mt.start(1), mt.end(1))
        if span is None:
            continue
        num = span[0]
        n = lex.number(num.text)
        verb = doc[num.i - 1]
        noun = num.head
        if not n or n < 2 or num.dep_ != "nummod" or noun.head.i != verb.i or noun.dep_ != "dobj":
            continue
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None or not (lex.lemma(subj) in lex.source_nouns or lex.lemma(subj) in lex.list_nouns
                                or subj.lower_ == "it"):
            continue
        end = noun.i + 1
        return doc[num.i : end].text, n
    return None


def _expand(doc: Doc, table: Optional[DocTable], s: int, e: int) -> Optional[Span]:
    """``doc.char_span(s, e, alignment_mode="expand")``, found through ``table`` when there is one."""
    if table is None:
        return doc.char_span(s, e, alignment_mode="expand")
    found = table.expand(s, e)
    return None if found is None else Span(doc, found[0], found[1])  # (doc[a:b] without the slice's cost)


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
    # 'cities in China for ...' -> scope China; 'ecosystems in the world' -> world
    for j in range(noun.i + 1, end - 1):
        if doc[j].lower_ == "in" and (m := names.at(j + 1)) is not None and m.end <= end \
                and doc[m.start].ent_type_ in ("GPE", "LOC", ""):
            scope = m.name
            cut = (j, m.end)
            break
        w = j + 2 if doc[j + 1].lower_ == "the" else j + 1
        if doc[j].lower_ == "in" and w < end and doc[w].lower_ in lex.world_words and w + 1 == end:
            scope = lex.world_words[doc[w].lower_]
            cut = (j, w + 1)
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
