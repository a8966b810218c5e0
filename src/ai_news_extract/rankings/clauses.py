"""Whose position a rank expression states, and in what (criterion, scope).

Works on one sentence (a segment: a sentence cut at line breaks) with the
dependency parse for subjects and objects, and on the word order for what the
parser of a small model often gets wrong (lists, 'X in third', appositions).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from spacy.tokens import Doc, Span, Token

from .expressions import RankExpr, governor, verbal
from .lexicon import Lexicon
from .names import Mention, NameIndex, span_root, tokens

_SUBJ = ("nsubj", "nsubjpass")
# a sentence-initial phrase that can say what or among whom ('In Machine learning,', 'Among 51 cities,')
_INITIAL_PREPS = {"in", "among", "amongst", "on", "for", "within", "across", "of"}
_STOPWORDS = {"the", "a", "an", "its", "their", "his", "her", "of", "and", "or", "in", "on", "for", "by", "to",
              "with", "as", "well", "also", "terms", "criteria", "criterion", "category", "field", "area"}


@dataclass
class Context:
    criteria: list[str] = field(default_factory=list)
    scope: Optional[str] = None
    size: Optional[int] = None
    source: Optional[tuple[int, int]] = None  # token span of a list / index named here
    gapped: list[tuple[Mention, list[str]]] = field(default_factory=list)  # ', Peking University for NLP'


@dataclass
class Statement:
    """Names + positions, as one sentence states them."""

    names: list[Mention]
    exprs: list[RankExpr]
    context: Context
    seg: Span


class Resolver:
    """Pronoun 'it' -> a name, looking back over the sentence and the one before."""

    def __init__(self, doc: Doc, names: NameIndex, lex: Lexicon, segments: list[Span]) -> None:
        self.doc = doc
        self.names = names
        self.lex = lex
        self.segments = segments
        self.ranked: set[str] = set()  # names that already hold a position in this doc

    def _segment_index(self, i: int) -> int:
        for k, seg in enumerate(self.segments):
            if seg.start <= i < seg.end:
                return k
        return -1

    def resolve(self, tok: Token, depth: int = 0) -> Optional[Mention]:
        if depth > 2:
            return None
        k = self._segment_index(tok.i)
        if k < 0:
            return None
        seg = self.segments[k]
        # earlier in the same sentence: a subject or possessor name
        cands = [m for m in self.names.in_range(seg.start, tok.i)]
        for m in reversed(cands):
            r = m.root(self.doc)
            if r.dep_ in _SUBJ + ("poss", "attr", "appos"):
                return m
        # the sentence before: its subject
        for back in (1, 2):
            if k - back < 0:
                break
            prev = self.segments[k - back]
            subj = [t for t in prev if t.dep_ in _SUBJ and t.head.dep_ == "ROOT"]
            if not subj and (m := self._name_before_root(prev)) is not None:
                return m
            for s in subj:
                m = self.names.for_token(s)
                if m is not None:
                    return m
                if s.lower_ in self.lex.pronouns:
                    return self.resolve(s, depth + 1)
            ranked = [m for m in self.names.in_range(prev.start, prev.end) if m.name in self.ranked]
            if ranked:
                return ranked[-1]
            if subj:
                break
        return None


    def _name_before_root(self, seg: Span) -> Optional[Mention]:
        """The name right before the main verb of a sentence whose parse has no subject ('On the list
        of the Arena, where users vote, Orbit 2 cracked the top five': the name hung on 'Arena' as an
        apposition is the subject)."""
        root = seg.root
        if root.pos_ != "VERB" or root.i <= seg.start or any(c.dep_ in _SUBJ for c in root.children):
            return None
        m = self.names.at(root.i - 1)
        return m if m is not None and m.end == root.i else None

    def resolve_pair(self, t: Token) -> list[Mention]:
        """'Both institutes ranked among the top 10', 'The two firms ...': the names the subject of
        one of the three sentences before coordinates, when there are as many as the phrase says."""
        if t.tag_ != "NNS":
            return []
        dets = {c.lower_ for c in t.children if c.dep_ in ("det", "predet", "preconj", "nummod")}
        count = 2 if "both" in dets or "two" in dets else 3 if "three" in dets and "the" in dets else 0
        if not count:
            return []
        k = self._segment_index(t.i)
        for back in (1, 2, 3):
            if k - back < 0:
                break
            prev = self.segments[k - back]
            for s in (x for x in prev if x.dep_ in _SUBJ and x.head.dep_ == "ROOT"):
                found = [m for m in (self.names.for_token(x) for x in [s, *s.conjuncts]) if m is not None]
                if len({m.name for m in found}) == count and len(found) == len([s, *s.conjuncts]):
                    return found
        return []

    def resolve_description(self, t: Token) -> Optional[Mention]:
        """'The city now ranks fifth' -> the city named just before (a subject, or the one city there)."""
        lex, doc = self.lex, self.doc
        labels = description_labels(t, lex)
        if labels is None:
            return None
        k = self._segment_index(t.i)
        if k < 0:
            return None

        def fits(m: Mention, loose: bool = False) -> bool:
            return m.label in labels or (loose and m.label is None)

        seg = self.segments[k]
        for m in reversed(self.names.in_range(seg.start, t.i)):
            if m.root(doc).dep_ in _SUBJ + ("poss",) and fits(m):
                return m
        for back in (1, 2):
            if k - back < 0:
                break
            prev = self.segments[k - back]
            for s in (x for x in prev if x.dep_ in _SUBJ and x.head.dep_ == "ROOT"):
                m = self.names.for_token(s) or next(
                    (self.names.at(c.i) for c in s.children if c.dep_ == "poss" and self.names.at(c.i)), None)
                # 'Porto is a coastal city.': the sentence says what the subject is
                said = any(c.dep_ == "attr" and lex.lemma(c) == lex.lemma(t) for c in s.head.children)
                if m is not None and (fits(m, loose=True) or said):
                    return m
            cands = {m.name: m for m in self.names.in_range(prev.start, prev.end) if fits(m)}
            if len(cands) == 1:
                return next(iter(cands.values()))
            if cands:
                return None
        return None


def description_labels(t: Token, lex: Lexicon) -> Optional[frozenset[str]]:
    """Entity labels 'the city' / 'the company' can refer back to; None if t is no such description.

    Only a bare definite description: 'the city', 'the Chinese company'; not 'the only
    city in ...', 'the largest company', 'the city of Nanjing'.
    """
    if t.pos_ != "NOUN" or t.tag_ in ("NNS", "NNPS"):
        return None
    labels = lex.description_nouns.get(lex.lemma(t))
    if not labels:
        return None
    dets = [c for c in t.children if c.dep_ == "det"]
    if not dets or dets[0].lower_ not in ("the", "this"):
        return None
    for c in t.children:
        if c.dep_ in ("prep", "relcl", "acl", "appos", "poss", "nummod"):
            return None
        if c.dep_ in ("amod", "compound") and (c.tag_ in ("JJS", "RBS") or lex.is_ordinal(c.text) or c.pos_ == "PROPN"
                                               or c.lower_ in ("only", "same", "other", "next", "last", "top", "new")):
            return None
    return labels


# ---------------------------------------------------------------- subjects


def _subject_tokens(v: Token, depth: int = 0) -> tuple[list[Token], Optional[Token]]:
    """Subject tokens of verb v (climbing conj/xcomp/advcl chains); and the verb they belong to."""
    subj = [c for c in v.children if c.dep_ in _SUBJ]
    if not subj and v.pos_ == "NOUN":
        # a verb tagged as a noun takes its subject as a possessor: 'Hangzhou/poss rank/NOUN'
        subj = [c for c in v.children if c.dep_ == "poss"]
    if subj:
        return subj, v
    if depth < 3 and v.dep_ in ("conj", "xcomp", "advcl", "ccomp", "pcomp") and v.head.i != v.i:
        return _subject_tokens(v.head, depth + 1)
    if v.dep_ in ("relcl", "acl") and v.head.i != v.i:
        if any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children) and depth < 3:
            # 'moved up one spot to rank second': an infinitive the parser hung on a noun
            gov = v.head
            while gov.head.i != gov.i and not verbal(gov):
                gov = gov.head
            if verbal(gov):
                return _subject_tokens(gov, depth + 1)
        if v.dep_ == "acl" and v.head.pos_ == "NOUN" and depth < 3:
            # 'Stockholm made the biggest jump, entering the top 20 in 14th place'
            gov = v.head
            while gov.head.i != gov.i and not verbal(gov):
                gov = gov.head
            if verbal(gov) and gov.i != v.i:
                return _subject_tokens(gov, depth + 1)
        return [v.head], v
    return [], None


def _names_of_token(t: Token, verb: Optional[Token], st: "Associator", fallback: bool = True) -> list[Mention]:
    lex, names, doc = st.lex, st.names, st.doc
    if t.lower_ in lex.relative_pronouns and verb is not None:
        if verb.dep_ == "relcl" and (names.at(verb.head.i) is not None or not _name_before_comma(t, st)):
            t = verb.head
        elif lex.lemma(verb.head) == "be":
            # cleft: 'it was the US that topped the rankings'
            attr = [c for c in verb.head.children if c.dep_ in ("attr", "nsubj") and c.i < t.i and c.lower_ != "it"]
            if attr:
                t = attr[-1]
        elif _name_before_comma(t, st):
            # ', ahead of A and B, which came second and third': the parser hung the relative
            # clause on the main verb (or on 'ahead'); its antecedent is the name before the comma
            t = doc[t.i - 2]
    if t.lower_ in lex.pronouns and _expletive(t):
        return []
    if t.lower_ in lex.pronouns:
        # cleft with the name as attribute: 'it was Beijing that ranked first'
        if verb is not None and lex.lemma(verb) == "be":
            attr = [c for c in verb.children if c.dep_ == "attr"]
            if attr and (m := names.for_token(attr[0])) is not None:
                return names.group(m, (st.seg.start, st.seg.end))
        m = st.resolver.resolve(t)
        return [m] if m is not None else []
    m = names.for_token(t)
    if m is None and not fallback:
        return []
    if m is None:
        # 'The city now ranks fifth': a description that refers back to a name
        if (d := st.resolver.resolve_description(t)) is not None:
            return [d]
        # 'Both institutes ranked among the top 10': the pair named just before
        if t.dep_ in _SUBJ and (pair := st.resolver.resolve_pair(t)):
            return pair
        # 'A beta build of Orbit placed fourth', 'the latest version of X ranks second': a version of
        # a product stands for the product (the name in its 'of' phrase)
        if t.dep_ in _SUBJ and t.pos_ == "NOUN" and lex.lemma(t) in lex.variant_nouns:
            of = next((c for c in t.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            inner = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
            if inner is not None and (v := names.for_token(inner)) is not None:
                return [v]
        # "China's total computing power ... ranking second": a measure of the possessor
        # (not "Germany's top university": a class noun names another thing)
        measured = t.dep_ in _SUBJ
        if measured and t.pos_ == "NOUN" and not any(c.dep_ == "poss" for c in t.children):
            # 'the output of the city's AI industry ... ranking second': the measure's possessor sits
            # in its 'of' phrase
            of = next((c for c in t.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            inner = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
            if inner is not None and inner.pos_ == "NOUN" and lex.lemma(t) not in lex.class_nouns \
                    and any(c.dep_ == "poss" for c in inner.children):
                t = inner
        if measured and t.pos_ == "NOUN" and (lex.lemma(t) not in lex.class_nouns
                                                     or lex.lemma(t) in lex.attribute_nouns):
            poss = [c for c in t.children if c.dep_ == "poss" and names.at(c.i) is not None]
            # (an untyped name that only modifies the measure is no holder: "the city's AI industry")
            others = [x for x in t.subtree if st.seg.start <= x.i < st.seg.end and names.at(x.i) is not None
                      and not any(names.at(x.i) is names.at(p.i) for p in poss)
                      and not (x.dep_ == "compound" and x.head.i == t.i and names.at(x.i).label is None)]
            if len(poss) == 1 and not others:
                return [names.at(poss[0].i)]
            # "The province's AI industry ranks third": the possessor is a description
            desc = [c for c in t.children if c.dep_ == "poss" and names.at(c.i) is None]
            if len(desc) == 1 and not others and (d := st.resolver.resolve_description(desc[0])) is not None:
                return [d]
        return []
    return names.group(m, (st.seg.start, st.seg.end))


def _name_before_comma(t: Token, st: "Associator") -> bool:
    """A name ends right before the comma that opens the relative pronoun's clause."""
    return t.i - 2 >= st.seg.start and st.doc[t.i - 1].text == "," and st.names.at(t.i - 2) is not None


def _expletive(t: Token) -> bool:
    """'it is striking that ...', 'it is the first time ...': an 'it' that names nothing."""
    h = t.head
    for c in h.children:
        if c.dep_ in ("ccomp", "csubj", "xcomp") and c.i > t.i:
            if any(g.dep_ == "mark" and g.lower_ in ("that", "whether", "if") for g in c.children):
                return True
            if c.dep_ == "xcomp" and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children) and h.lower_ in ("be", "is", "was", "are", "were", "'s", "been"):
                return True
    return False


class Associator:
    def __init__(self, doc: Doc, seg: Span, names: NameIndex, lex: Lexicon, resolver: Resolver) -> None:
        self.doc = doc
        self.seg = seg
        self.names = names
        self.lex = lex
        self.resolver = resolver

    def names_for(self, x: RankExpr) -> list[Mention]:
        doc, names, lex, seg = self.doc, self.names, self.lex, self.seg
        anchor = doc[x.anchor]
        if x.via == "paren":
            m = names.at(x.anchor)
            if m is not None and x.list_id is not None:
                # 'with A and B second and third (respectively)': a list of positions after a list
                # of names ends that list; the names are the whole coordination
                group = names.group(m, (seg.start, seg.end))
                if len(group) > 1 and group[-1] == m:
                    return group
            return [m] if m is not None else []
        if x.via == "top_passive":
            # 'the table is headed by Carnegie Mellon' (not 'by US universities')
            verb = doc[x.anchor]
            for c in verb.children:
                if c.dep_ == "agent":
                    for g in c.children:
                        if g.dep_ == "pobj" and (m := names.for_token(g)) is not None:
                            return names.group(m, (seg.start, seg.end))
            return []
        # 'with the UK in third', 'Aurora, in second place,'
        if x.via in ("prep", "top") and "prep" in x.extra:
            p = doc[x.extra["prep"]]
            m = names.ending_before(p.i)
            passed = m is not None and lex.lemma(p.head) in lex.passing_verbs and m.root(doc).head.i == p.head.i
            if m is not None and not passed and not (p.head.pos_ in ("VERB", "AUX") and names.at(p.i - 1) is None):
                # 'with Beijing and Shenzhen in second and third place respectively'
                grp = names.group(m, (seg.start, p.i)) if x.list_id is not None else [m]
                return grp if len(grp) > 1 else [m]
        if x.kind == "exact" and x.end + 1 < seg.end and doc[x.end].lower_ == "to" \
                and (m := names.at(x.end + 1)) is not None \
                and (g := governor(anchor)) is not None and g.i < x.start and lex.lemma(g) == "go":
            # gapping: 'First place went to Oslo, second to Bergen and third to Aarhus'
            return [m]
        if "ranked_noun" in x.extra:
            # 'Chile is / became the second country after Uruguay ...', 'making Chile the second country
            # after Uruguay ...': the subject of the noun's copula or small clause, the object of 'make'
            found = self.ranked_noun_holder(doc[x.extra["ranked_noun"]])
            if found is not None:
                return found
        if x.kind == "group" and anchor.lower_ == "as":
            # 'A, B and C rank/NOUN as the top three': the tagger missed the verb after a list
            j = anchor.i - 1
            while j > seg.start and doc[j].pos_ in ("ADV", "PART"):
                j -= 1
            w = doc[j]
            if lex.lemma(w) in lex.rank_verbs | lex.membership_verbs and not (verbal(w) and _subject_tokens(w)[0]):
                found = self._linear_left(w.i)
                if found:
                    return found
        # an ordinal the tagger took for a verb ('climbed two places to fifth/VB') is not the verb
        v = governor(anchor) if not verbal(anchor) or lex_ordinal(lex, anchor) else anchor
        if v is not None and not seg.start <= v.i < seg.end:
            # the parser joined the line to a list line above it: take the line's own verb
            v = next((t for t in doc[x.end : seg.end] if t.pos_ == "VERB"), None)
        if v is None:
            return self._linear_left(x.start)
        top = self._top_token(x)
        # the positions are the subject: 'the top positions are held by Apple and Google'
        if top is not None and top.dep_ in _SUBJ and top.head.i == v.i:
            return self._after(v.i + 1)
        # the same when the parser tied the positions to a line above ('The next three places are
        # shared by A, B and C' after a numbered list): the names are the agent of the passive verb
        agent = next((c for c in v.children if c.dep_ == "agent"), None)
        if agent is not None and seg.start <= x.start < v.i < agent.i and not names.in_range(seg.start, x.start) \
                and not any(t.pos_ == "VERB" for t in doc[x.end : v.i]):
            return self._after(agent.i + 1)
        noun = doc[x.extra["noun"]] if "noun" in x.extra else None
        if noun is not None and noun.dep_ in _SUBJ and noun.head.i == v.i and lex.lemma(v) in lex.copulas:
            # 'The top 3 countries were the US, China and Japan'
            found = self._after(v.i + 1)
            if found and found[0].root(doc).dep_ in ("attr", "conj", "appos"):
                return found
            return []
        # the object holds the position: 'places Beijing ... among the top 10', 'ranking it first'
        for c in v.children:
            if c.dep_ == "dobj" and c.i < x.start and (names.for_token(c) is not None or c.lower_ in lex.pronouns) \
                    and not x.extra.get("joined"):  # ('A joined B among the top 15': A, the subject)
                # ('Oslo replaced Bergen at the top': the one who passed holds the place, not the passed)
                if lex.lemma(v) not in lex.copulas | lex.passing_verbs and not (top is not None and c.i == top.i):
                    found = _names_of_token(c, v, self)
                    if found:
                        return found
        if v.dep_ == "conj" and not any(c.dep_ in _SUBJ for c in v.children):
            # ', and LUMI, at 379.70 petaflops, retained fifth place': a new subject the parser missed
            found = self._linear_left(v.i, new_clause=True)
            if found:
                return found
        # 'The index placed the UAE 25th globally' (the parser made the name a modifier of '25th')
        if lex.lemma(v) in lex.rank_verbs and lex.lemma(v) not in lex.copulas and v.i < x.start:
            between = [m for m in names.in_range(v.i + 1, x.start)
                       if doc[m.start - 1].pos_ != "ADP" and doc[m.start - 1].lower_ not in ("the",) or
                       doc[m.start - 1].lower_ == "the" and doc[m.start - 2].pos_ != "ADP"]
            between = [m for m in between if not (m.end < len(doc) and doc[m.end].lower_ in ("'s", "’s"))]
            if between:
                return names.group(between[0], (seg.start, seg.end))
        subj, owner = _subject_tokens(v)
        if owner is v and v.dep_ in ("ccomp", "xcomp", "advcl") and lex.lemma(v.head) in lex.passing_verbs \
                and all(v.head.i < t.i < v.i for t in subj) and any(c.lower_ == "to" for c in v.children):
            # 'China has overtaken Germany and Japan to rank third': the parser made the passed names
            # the subject of the infinitive; the one who passed holds the position
            subj, owner = _subject_tokens(v.head)
        if owner is not None and len(subj) > 1:
            # "India's Innovation Surge: Since 2015 the country has risen ...": a subject cut off
            # from its verb by a colon is a heading, not the subject
            lo_hi = [(min(x.i, owner.i), max(x.i, owner.i)) for x in subj]
            kept = [x for x, (a, b) in zip(subj, lo_hi) if not any(doc[k].text in (":", ";") for k in range(a, b))]
            subj = kept or subj
        if not subj:
            # inversion: 'Ranking first was Shenzhen', 'Ranked second is Shanghai'
            if v.tag_ in ("VBG", "VBN") and (v.i == seg.start or doc[v.i - 1].is_punct):
                be = next((t for t in doc[v.i + 1 : min(seg.end, v.i + 10)] if lex.lemma(t) == "be"), None)
                if be is not None:
                    j = be.i + 1
                    while j < seg.end and doc[j].lower_ in ("the", "now", "still", "again"):
                        j += 1
                    if (m := names.at(j)) is not None:
                        return names.group(m, (seg.start, seg.end))
            # inversion after a fronted position: 'Among the top five were A, B and C'
            if lex.lemma(v) in lex.copulas and x.end <= v.i and not names.in_range(seg.start, v.i):
                found = self._after(v.i + 1)
                if found and found[0].root(doc).head.i == v.i and found[0].root(doc).dep_ in ("attr", "nsubj"):
                    return found
            return self._linear_left(v.i)
        # a subject that names something first ('561 petaflops Eagle supercomputer'), then
        # descriptions and possessors ('the city', "China's computing power")
        for fallback in (False, True):
            for s in subj:
                found = _names_of_token(s, owner, self, fallback)
                if found:
                    return found
        # 'A number of Indian cities, among them Mumbai, Delhi and Chennai, feature among ...'
        found = self._examples(subj[0].i, owner.i) if owner is not None else []
        if not found and owner is not None and owner is not v and v.dep_ == "ccomp" and owner.i > v.i:
            # 'By city, A, B and C are the top three ..., the report said': the subject came from the
            # reporting verb after the clause (no name); the names right before the verb hold it
            found = self._linear_left(v.i)
        return found

    def ranked_noun_holder(self, n: Token) -> Optional[list[Mention]]:
        """Who is 'the second country' of a copula or small clause; None when the parse says nothing."""
        lex, names, seg = self.lex, self.names, self.seg
        subj = [c for c in n.children if c.dep_ in _SUBJ]
        if not subj and n.dep_ in ("attr", "oprd", "acomp") and lex.lemma(n.head) in lex.copulas | {"become"}:
            subj = [c for c in n.head.children if c.dep_ in _SUBJ]
        if not subj and n.dep_ in ("oprd", "dobj", "ccomp", "xcomp") and lex.lemma(n.head) == "make":
            subj = [c for c in n.head.children if c.dep_ == "dobj" and c.i < n.i]
        for t in subj:
            if seg.start <= t.i < seg.end:
                return _names_of_token(t, n.head, self)
        return None

    def _examples(self, a: int, b: int) -> list[Mention]:
        """Names a common-noun subject is exemplified by, between it and its verb."""
        doc = self.doc
        for i in range(a + 1, b):
            w = doc[i].lower_
            two = w + " " + doc[i + 1].lower_ if i + 1 < b else ""
            if two in ("such as", "among them", "among which", "for example", "for instance") or w in (
                "including", "namely", "notably", "like"
            ):
                j = i + (2 if two in ("such as", "among them", "among which", "for example", "for instance") else 1)
                while j < b and (doc[j].text == "," or doc[j].lower_ == "the"):
                    j += 1
                m = self.names.at(j)
                if m is not None:
                    return self.names.group(m, (self.seg.start, b))
                return []
        return []

    def _top_token(self, x: RankExpr) -> Optional[Token]:
        """The token of the expression that fills a slot of the verb (its phrase head)."""
        for i in range(x.start, x.end):  # (by index: a Span costs more than the test)
            t = self.doc[i]
            head = t.head.i
            if head < x.start or head >= x.end or head == i:
                return t
        return None

    def _after(self, i: int) -> list[Mention]:
        """The first list of names after token i, within the sentence."""
        for m in self.names.mentions:
            if m.start >= i and m.end <= self.seg.end:
                return self.names.group(m, (self.seg.start, self.seg.end))
        return []

    def _linear_left(self, i: int, new_clause: bool = False) -> list[Mention]:
        """The list of names right before the verb (the parser found no subject).

        Skips auxiliaries, adverbs and one comma-enclosed aside ('LUMI, at 379.70
        petaflops, retained'). With new_clause, the names must open a clause
        (follow ',', 'and', 'while' or the sentence start).
        """
        doc = self.doc
        j = i - 1
        while j >= self.seg.start and (doc[j].pos_ in ("AUX", "ADV", "PART") or doc[j].is_space):
            j -= 1
        if j >= self.seg.start and doc[j].text == ",":
            k = j - 1
            while k >= max(self.seg.start, j - 10) and doc[k].text != "," and doc[k].pos_ not in ("VERB", "AUX"):
                k -= 1
            if k >= self.seg.start and doc[k].text == "," and self.names.at(k - 1) is not None:
                j = k - 1
            elif (r := _relative_aside(doc, j, self.seg.start)) is not None and self.names.at(r - 1) is not None:
                j = r - 1  # 'Tonal, which raised funds this month, came fourth'
            elif (r := _naming_aside(doc, j, self.seg.start)) is not None and self.names.at(r - 1) is not None:
                j = r - 1  # 'A, B and C, better known as D, are the top three': the list, not the other name
            else:
                j -= 1
        m = self.names.at(j)
        if m is None:
            return []
        if new_clause:
            b = m.start - 1
            while b >= self.seg.start and doc[b].lower_ == "the":
                b -= 1
            # ', and voice startup Tonal, which ..., came fourth': a short description before the name
            d = b
            while d >= self.seg.start and b - d < 3 and doc[d].is_alpha and doc[d].is_lower \
                    and doc[d].lower_ not in ("and", "while", "whereas", "but", "which", "who", "that"):
                d -= 1
            if d < b and d >= self.seg.start and doc[d].lower_ in (",", "and"):
                b = d
            if b >= self.seg.start and doc[b].lower_ not in (",", "and", "while", "whereas", ";", "but"):
                return []
        return self.names.group(m, (self.seg.start, self.seg.end))

    # ------------------------------------------------------------ criteria

    def context_after(self, x: RankExpr, stop: int) -> Context:
        """'ranked fourth in terms of urban resilience and economic influence' -> two criteria."""
        doc, lex = self.doc, self.lex
        ctx = Context()
        i = x.criterion_from if x.criterion_from is not None else x.end
        last_prep: Optional[str] = None
        scope_start = scope_end = -1
        last_np: Optional[tuple[int, int]] = None
        while i < stop:
            t = doc[i]
            low = t.lower_  # (read once: each read decodes the string anew)
            if t.is_space or low in lex.skip_adverbs or low in (",", "and", "but", "not", "only", "in", "a", "row") and self._skippable(i, stop):
                if low in lex.world_words and ctx.scope is None:
                    ctx.scope = lex.world_words[low]
                i += 1
                continue
            marker = self._order_marker(i, stop, low)
            if marker:
                i += marker  # 'in this order' says how names and positions pair, not what is ranked
                continue
            prep_len = self._criterion_prep(i, stop, low)
            if prep_len and low == "as" and (t.dep_ == "mark" or t.pos_ == "SCONJ"):
                break  # 'slipped to 5th as funding weakened': a clause, not 'ranked first as a destination'
            if prep_len:
                prep_word = low
                np_start = i + prep_len
                np_end = self._np_end(np_start, stop)
                if np_end <= np_start:
                    break
                kind = self._classify(low, np_start, np_end)
                if kind == "none":
                    break
                if kind == "criterion" and not self._attached(t, x, last_np):
                    break  # 'a knack for producing unicorns': belongs to another noun
                last_np = (np_start, np_end)
                if kind in ("criterion", "scope") and prep_word == "in" and scope_end == i and ctx.scope \
                        and self.names.in_range(np_start, np_end):
                    kind = "scope_more"  # '1st among 10 economies in Central & Southern Asia'
                if kind == "scope_more":
                    ctx.scope = doc[scope_start:np_end].text.strip()
                    scope_end = np_end
                elif kind == "criterion":
                    ctx.criteria.extend(split_criteria(doc, np_start, np_end, lex))
                    last_prep = prep_word
                elif kind == "scope":
                    self._set_scope(ctx, np_start, np_end)
                    scope_start, scope_end = np_start, np_end
                elif kind == "source":
                    ctx.source = ctx.source or (np_start, np_end)
                i = np_end
                continue
            if low == "out" and i + 1 < stop and doc[i + 1].lower_ == "of":
                i += 1  # 'out of 132 economies' reads as 'of 132 economies'
                continue
            if low in lex.scope_preps and t.pos_ == "ADP":
                np_end = self._np_end(i + 1, stop)
                if np_end > i + 1:
                    kind = self._classify(low, i + 1, np_end)
                    if kind == "scope":
                        self._set_scope(ctx, i + 1, np_end)
                        scope_start, scope_end = i + 1, np_end
                    elif kind == "source":
                        ctx.source = ctx.source or (i + 1, np_end)
                    i = np_end
                    continue
            if low in ("with", "at", "this", "last", "since", "after", "thanks", "due", "according", "while",
                            "rated", "posting", "scoring", "ahead", "behind", "up", "down"):
                break
            # gapping: 'Tsinghua holds the top spot for AI, Peking University for NLP, and CAS for vision'
            m = self.names.at(i + 1) if low == "the" else self.names.at(i)
            if m is not None and last_prep is not None and m.end < stop and doc[m.end].lower_ == last_prep:
                np_start = m.end + 1
                np_end = self._np_end(np_start, stop)
                if np_end > np_start:
                    ctx.gapped.append((m, split_criteria(doc, np_start, np_end, lex)))
                    i = np_end
                    continue
            break
        return ctx

    def _attached(self, prep: Token, x: RankExpr, last_np: Optional[tuple[int, int]]) -> bool:
        """The parser hangs the phrase on the position, its verb, or the phrase before."""
        h = prep.head
        end = max(x.end, x.criterion_from or 0)
        if verbal(h) and h.dep_ in ("acl", "relcl") and not x.start <= h.i < end:
            # 'in an index released on Wednesday by the Institute': the phrase belongs to the report
            anchor = self.doc[x.anchor]
            own = anchor if verbal(anchor) else governor(anchor)
            if own is None or own.i != h.i:
                return False
        if x.start <= h.i < end or verbal(h) or h.pos_ in ("ADV", "ADJ", "NUM") or lex_ordinal(self.lex, h):
            return True
        if last_np is not None and last_np[0] <= h.i < last_np[1]:
            return True
        if prep.dep_ == "conj" or h.dep_ in ("prep",):
            return True
        return h.i == x.anchor

    def context_before(self, x: RankExpr) -> Context:
        """A sentence-initial 'In Machine learning,' / 'Among 51 Chinese cities,'."""
        doc = self.doc
        ctx = Context()
        s = self.seg.start
        while s < self.seg.end and (doc[s].is_space or doc[s].is_punct):
            s += 1
        if s >= x.start or doc[s].pos_ != "ADP" or doc[s].lower_ not in _INITIAL_PREPS:
            return ctx
        comma = next((k for k in range(s + 1, min(x.start, s + 20)) if doc[k].text == ","), None)
        end = comma if comma is not None else None
        if end is None:
            # 'On the latest edition of the Green500 it sits ...': up to the subject
            subj = next((k for k in range(s + 1, x.start) if doc[k].dep_ in _SUBJ), None)
            end = subj
        if end is None or end <= s + 1:
            return ctx
        if any(doc[k].tag_ in ("VBD", "VBZ", "VBP", "MD") and doc[k].dep_ == "ROOT" for k in range(s + 1, end)):
            return ctx  # 'In second place was Bergen, followed by ...': the main clause, not an opening phrase
        prep_len = self._criterion_prep(s, end) or 1
        kind = self._classify(doc[s].lower_, s + prep_len, end)
        if kind == "criterion":
            ctx.criteria.extend(split_criteria(doc, s + prep_len, end, self.lex))
        elif kind == "scope":
            self._set_scope(ctx, s + prep_len, end)
        elif kind == "source":
            ctx.source = (s + prep_len, end)
        return ctx

    def _skippable(self, i: int, stop: int) -> bool:
        doc = self.doc
        t = doc[i]
        if t.lower_ == "in":
            # 'in' starts a criterion unless it is part of 'in a row'
            return False
        return True

    def _order_marker(self, i: int, stop: int, word: Optional[str] = None) -> int:
        return self._phrase_at(i, stop, self.lex.order_markers, word)

    def _criterion_prep(self, i: int, stop: int, word: Optional[str] = None) -> int:
        return self._phrase_at(i, stop, self.lex.criterion_preps, word)

    def _phrase_at(self, i: int, stop: int, phrases, word: Optional[str] = None) -> int:
        """Length of the first of ``phrases`` (lowercase word tuples) at token i, ending by ``stop``; 0 if none.
        word: the lower-case form of token i, when the caller has it."""
        if i >= stop:
            return 0
        doc = self.doc
        if word is None:
            word = doc[i].lower_
        # only the phrases that start with the word at i, in their order
        for seq in self.lex.phrases_by_first(phrases).get(word, ()):
            n = len(seq)
            if i + n <= stop and all(doc[i + k].lower_ == seq[k] for k in range(1, n)):
                return n
        return 0

    def _np_end(self, i: int, stop: int) -> int:
        """End of the noun phrase starting at i (exclusive)."""
        doc, lex = self.doc, self.lex
        j = i
        while j < stop:
            t = doc[j]
            if t.text in (",", ";", ":", ".", "!", "?", "—", "–") and not (t.text in ("–",) and not t.whitespace_):
                break
            if t.is_space and "\n" in t.text:
                break
            if t.lower_ == "as" and j + 2 < stop and doc[j + 1].lower_ == "well" and doc[j + 2].lower_ == "as":
                j += 3
                continue
            if t.lower_ in ("and", "or") and j + 1 >= stop:
                break  # the next rank expression starts right after
            if t.lower_ in ("and", "or") and j + 1 < stop:
                n = doc[j + 1]
                m = self.names.at(j + 1) or (self.names.at(j + 2) if n.lower_ == "the" else None)
                root = m.root(doc) if m is not None else n
                if root.dep_ in _SUBJ:
                    break  # '... in AI and China trails ...': a new clause
                if n.pos_ in ("ADP", "VERB", "AUX") or lex.is_ordinal(n.text) or n.lower_ in ("also", "then") \
                        or n.like_num and n.lower_ not in lex.cardinal_words:
                    break
            if t.pos_ == "ADP" and t.lower_ not in ("of", "per") and j > i:
                break
            if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("amod", "compound") and t.tag_ not in ("VBN", "VBG") and j > i:
                break
            if t.lower_ in ("with", "while", "whereas", "which", "who", "that", "respectively") and j > i:
                break
            if lex.is_ordinal(t.text) and j > i and t.dep_ not in ("amod",):
                break
            j += 1
        return j

    def _classify(self, prep: str, s: int, e: int) -> str:
        doc, lex = self.doc, self.lex
        toks = [t for t in tokens(doc, s, e) if not t.is_punct]
        if not toks:
            return "none"
        head = span_root(doc, s, e)
        hl = lex.lemma(head)
        if any(t.ent_type_ in ("DATE", "TIME") for t in toks) or hl in lex.time_nouns:
            return "time"
        if prep in ("among", "amongst"):
            return "scope"
        if prep == "of" and any(t.like_num for t in toks[:3]):
            return "scope"
        if prep == "of":
            return "none"
        if hl in lex.source_nouns or hl in lex.list_nouns or head.lower_ in lex.list_nouns:
            return "source"
        if any(t.lower_ in lex.list_nouns and t.i == e - 1 for t in toks):
            return "source"
        if hl in lex.world_words or head.lower_ in lex.world_words:
            return "scope"
        names = self.names.in_range(s, e)
        if prep == "by" and names and any(m.root(doc).i == head.i and (m.label or doc[m.start].ent_type_) in
                                          ("ORG", "PERSON", "NORP") for m in names):
            return "source"  # 'by the China Electronics Standardization Institute': who ranked
        if names and all(doc[m.start].ent_type_ in ("GPE", "LOC") or m.label in ("GPE", "LOC") for m in names) \
                and len([t for t in toks if t.pos_ not in ("DET",)]) <= sum(m.end - m.start for m in names) + 1 \
                and (any(m.start <= head.i < m.end for m in names) or hl in lex.scope_nouns or hl in lex.world_words):
            return "scope"
        if hl in lex.scope_nouns and not any(t.pos_ in ("ADJ",) and t.lower_ not in lex.world_words for t in toks):
            return "scope"
        if prep == "on" or prep == "by":
            return "none" if prep == "on" else "criterion"
        return "criterion"

    def _set_scope(self, ctx: Context, s: int, e: int) -> None:
        doc, lex = self.doc, self.lex
        toks = [t for t in doc[s:e] if t.lower_ not in ("the",)]
        if not toks:
            return
        text = doc[toks[0].i : e].text.strip()
        words = {t.lower_ for t in toks}
        if len(toks) == 1 and toks[0].lower_ in lex.world_words:
            text = lex.world_words[toks[0].lower_]
        for t in toks:
            if t.like_num and (n := lex.number(t.text)):
                ctx.size = ctx.size or n
                break
        if ctx.scope is None or ctx.scope in ("world", "global"):
            ctx.scope = text


def _relative_aside(doc: Doc, j: int, lo: int) -> Optional[int]:
    """The comma that opens a relative clause closed by the comma at j (', which ... ,'), or None."""
    for k in range(j - 1, max(lo, j - 20) - 1, -1):
        if doc[k].text in (";", ":") or doc[k].text == "," and not (k + 1 < j and doc[k + 1].lower_ in ("which", "who")):
            return None
        if doc[k].text == ",":
            return k
    return None


# the participle of an aside that gives another name: ', (better / also / formerly) known as X,'
_NAMING = frozenset({"known", "called", "dubbed", "nicknamed", "named"})


def _naming_aside(doc: Doc, j: int, lo: int) -> Optional[int]:
    """The comma that opens an aside giving another name, closed by the comma at j (', better known as
    X ,'), or None."""
    for k in range(j - 1, max(lo, j - 12) - 1, -1):
        if doc[k].text in (";", ":"):
            return None
        if doc[k].text == ",":
            w = k + 1
            while w < j and doc[w].pos_ == "ADV":
                w += 1
            return k if w < j and doc[w].lower_ in _NAMING else None
    return None


def lex_ordinal(lex: Lexicon, t: Token) -> bool:
    return lex.is_ordinal(t.text)


def split_criteria(doc: Doc, s: int, e: int, lex: Lexicon) -> list[str]:
    """'innovation influence and innovation investment' -> two criteria.

    Single-word conjuncts stay glued to their neighbour: 'tech and innovation',
    'the Web and information retrieval' are one field each.
    """
    parts: list[list[Token]] = [[]]
    j = s
    while j < e:
        t = doc[j]
        if t.lower_ == "as" and j + 2 < e and doc[j + 1].lower_ == "well" and doc[j + 2].lower_ == "as":
            parts.append([])
            j += 3
            continue
        if t.lower_ in ("and", "or") and t.pos_ == "CCONJ":
            parts.append([])
            j += 1
            continue
        parts[-1].append(t)
        j += 1
    chunks = []
    for p in parts:
        while p and (p[0].lower_ in ("the", "a", "an", "also", "its", "their") or p[0].is_punct):
            p = p[1:]
        while p and p[-1].is_punct:
            p = p[:-1]
        if p:
            chunks.append(p)
    glued: list[list[Token]] = []
    for c in chunks:
        if glued and (len(glued[-1]) == 1 or len(c) == 1) and not glued[-1][-1:] == []:
            prev = glued[-1]
            # join with the original connective text
            glued[-1] = list(doc[prev[0].i : c[-1].i + 1])
        else:
            glued.append(c)
    out = []
    for c in glued:
        text = doc[c[0].i : c[-1].i + 1].text.strip()
        if text:
            out.append(text)
    return out


def content_words(text: Optional[str]) -> frozenset[str]:
    if not text:
        return frozenset()
    words = []
    for w in text.lower().replace("&", " and ").replace("-", " ").split():
        w = w.strip(".,;:()[]\"'’“”")
        if w.endswith("'s") or w.endswith("’s"):
            w = w[:-2]
        if not w or w in _STOPWORDS or w.isdigit():
            continue
        if w.endswith("s") and len(w) > 3:
            w = w[:-1]
        words.append(w)
    return frozenset(words)
