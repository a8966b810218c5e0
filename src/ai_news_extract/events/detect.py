"""Event mentions in one sentence: a trigger noun or named event and the verb that makes it happen.

An event mention is found from its *noun* ("conference", "report", "institute",
a named EVENT entity) and the *predicate* that governs it ("held", "released",
"set up"), linked through the dependency parse: the noun as the verb's object or
subject, or the verb in a clause on the noun ("a report that X released on
Friday"). Verbs whose object is a named thing ("launched Speech Valley",
"acquired X", "invest $10m") are found from the verb. Without a trigger verb a
noun is an event only when it carries its own anchor (a date or place attached
to a conference noun, a named index in a ranking sentence, "the planned X").
A noun that names the act stands for the verb ("the signing of agreements",
"its public release on Aug. 31"). A few constructions have their own finders:
editions ("last year's edition"), "A and B agreed to ...", "It was unveiled"
(the previous sentence's event noun) and "at a forum" (a forum of its own, on
the day of what happened there). Slots come from :mod:`.slots`.

Each mention is a :class:`~.candidate.Candidate`; :mod:`.merge` folds the
mentions of one happening together and applies document-level rules.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import compress
from typing import Optional

from .award_list import award_lines
from .candidate import DEAL_TYPES, EDITION_TYPES, Candidate, Cues, cues_of
from .context import DocContext, Mention
from .deals import acquisition_name, acquisition_object, invests_in_projects, listing_place, listing_verbs
from .lexicon import DocTriggers, Lexicon, NounEntry, VerbEntry
from .slots import SlotFiller
from .targets import find_targets
from .timeline import refine
from .syntax import (ARG, DEFINITE, NAMED_LABELS, SUBJ, clean_name, depth_at, join, money_text, np_internal, opens_with,
                     verb_before_amount)
from .tokens import ParseToken, TokenSpan


EDITION_YEAR = re.compile(r"(?:19|20)\d{2}")


def _between(indices: list[int], start: int, end: int) -> list[int]:
    """The sorted ``indices`` in ``range(start, end)``: what a walk over the range that skips the
    others would visit."""
    return indices[bisect_left(indices, start) : bisect_left(indices, end)]


def _within(indices: list[int], unit: TokenSpan) -> list[int]:
    """The sorted ``indices`` inside ``unit``."""
    return _between(indices, unit.start, unit.end)


# What a word is to the detector, as bits: one look-up per token sorts the document's words into the
# lists the detector walks (``Detector.__init__``).
NOUN_SLOT = 1  # a noun :meth:`Detector._unit` looks at (trigger nouns, product acts)
VERB_SLOT = 2  # a verb it looks at (trigger, agreement and listing verbs)
TRIGGER_NOUN = 4  # a trigger noun's last word (where _find_predicates stops its walk)
UNIT_WORD = 8  # a word that makes a sentence worth looking at
_WORD_KINDS: dict[int, dict[str, int]] = {}
_APPOS_REACH = 3  # "of" phrases from a word up to the apposition it is in
_EDITION_DATE_DEPS = ("poss", "compound", "nmod")  # "last year's edition", "the December edition"


_FACILITIES: dict[int, frozenset[str]] = {}


def facility_nouns(lex: Lexicon) -> frozenset[str]:
    """The nouns the LAUNCH verb "open" takes (institute, plant, fab, line, ...), built once per lexicon."""
    got = _FACILITIES.get(id(lex))
    if got is None:
        got = _FACILITIES[id(lex)] = frozenset().union(*(
            ve.objects for ve in lex.verbs.get("open", ()) if ve.type == "LAUNCH" and ve.objects))
    return got


def _word_kinds(lex: Lexicon, cues: Cues, listing: frozenset[str]) -> dict[str, int]:
    """word -> its bits (NOUN_SLOT, VERB_SLOT, TRIGGER_NOUN, UNIT_WORD), built once per lexicon."""
    got = _WORD_KINDS.get(id(lex))
    if got is None:
        got = {}
        for bit, words in ((NOUN_SLOT, cues.product_acts | frozenset(lex.nouns)),
                           (VERB_SLOT, frozenset(lex.verbs) | cues.agreeing | listing),
                           (TRIGGER_NOUN, frozenset(lex.nouns)),
                           (UNIT_WORD, cues.trigger_words | cues.agreeing | listing)):
            for w in words:
                got[w] = got.get(w, 0) | bit
        _WORD_KINDS[id(lex)] = got
    return got


class Detector:
    """Finds the event mentions of one document (``candidates()``)."""

    def __init__(self, ctx: DocContext, lex: Lexicon) -> None:
        self.ctx = ctx
        self.lex = lex
        self.tokens = ctx.tokens
        self.words = ctx.words
        self.cues = cues_of(lex)
        self.triggers = DocTriggers(lex, ctx.words, ctx.head_at)  # shared with the slot filler
        self._facilities = facility_nouns(lex)  # what "opens" (a fab, a plant): a site that "began operating"
        self.slots = SlotFiller(ctx, lex, self.triggers)
        self._launch_entry = NounEntry(("@named",), "LAUNCH")
        self._suppressed: set[int] = set()  # launch objects inside a government's plan
        self._roles: dict[int, str] = {}
        self._appos_of: Optional[ParseToken] = None
        self._predicates: dict[int, tuple[list[int], dict[int, str], Optional[int]]] = {}  # memo of predicates()
        self._ranking_units: dict[int, bool] = {}  # memo of _ranks_something()
        self._happens: dict[int, bool] = {}  # predicate -> it says something took place (_happening)
        strings = ctx.doc.vocab.strings  # coarse tags as symbol ids, to read ``ctx.pos_at``
        self._verb_or_aux = (strings["VERB"], strings["AUX"])
        self._noun = strings["NOUN"]
        self._pron = strings["PRON"]
        self._nominal = (strings["NOUN"], strings["PROPN"])
        self._listing = listing_verbs(lex)  # "plans to list on the Korea Exchange": an INVESTMENT
        # The tokens _unit looks at (the others fail its first test): trigger nouns, product acts and
        # named things; trigger and agreement verbs; and the tokens that make a sentence worth looking
        # at. Found once for the document: the words' kinds in one pass (``map`` and ``compress`` run
        # over every word in C), then the few words with a kind are sorted into their lists.
        words, every = self.words, range(len(self.words))
        kinds = list(map(_word_kinds(lex, self.cues, self._listing).get, words))
        noun_slots, self._verb_slots, trigger_nouns, self._unit_hits = self._name_heads(), [], [], []
        for i in compress(every, kinds):
            kind = kinds[i]
            if kind & NOUN_SLOT:
                noun_slots.add(i)
            if kind & VERB_SLOT:
                self._verb_slots.append(i)
            if kind & TRIGGER_NOUN:
                trigger_nouns.append(i)
            if kind & UNIT_WORD:
                self._unit_hits.append(i)
        self._noun_slots = sorted(noun_slots)
        # The verbs, and the verbs and trigger-noun words: the tokens the walks of _find_predicates stop at.
        self._verbs = list(compress(every, ctx.verb_at))
        self._nouns_and_verbs = sorted(set(self._verbs).union(trigger_nouns))

    def _name_heads(self) -> set[int]:
        """The tokens of named things that :meth:`_named_root` takes (the name's root, or its last word
        when a noun), each of its own first mention: the other tokens of a name that is no trigger
        word fail :meth:`_unit`'s first tests."""
        mention_at, pos_at = self.ctx.mention_at, self.ctx.pos_at
        out = set()
        for m in self.ctx.mentions:
            if m.label not in NAMED_LABELS:
                continue
            root, last = m.span.root.i, m.span.end - 1
            if mention_at[root] is m:
                out.add(root)
            if mention_at[last] is m and pos_at[last] in self._nominal:
                out.add(last)
        return out

    def candidates(self) -> list[Candidate]:
        out: list[Candidate] = []
        for k, unit in enumerate(self.ctx.units):
            # Cheap filter: only sentences with a trigger word or a named event are looked at further.
            if not _within(self._unit_hits, unit) and not any(
                    m.label == "EVENT" for m in filter(None, self.ctx.mention_at[unit.start : unit.end])):
                continue
            out.extend(self._unit(k, unit))
        listed = award_lines(self.ctx)
        for c in listed:
            c.key = self.slots.key(c.name, c.type)
        return out + find_targets(self, out) + listed

    def _unit(self, k: int, unit: TokenSpan) -> list[Candidate]:
        out: list[Candidate] = []
        done: set[int] = set()
        nouns, mention_at = self.lex.nouns, self.ctx.mention_at
        for i in _within(self._noun_slots, unit):
            m = mention_at[i]
            if self.words[i] in self.cues.product_acts and i not in done:
                rel = self._product_release(k, unit, self.tokens[i])
                if rel is not None:
                    out.append(rel)
                    continue
            if self.words[i] not in nouns and (m is None or m.label not in NAMED_LABELS):
                continue  # cheap test on the word first
            tok = self.tokens[i]
            named = self._named_root(tok)
            entry = self.triggers.noun_at(tok)
            if entry is None and named is None:
                continue
            if named is not None and named.label in ("FAC", "LOC", "GPE") and self.slots.location_prep(tok) is not None:
                continue  # "at Bletchley Park", "in Speech Valley": a place, not the thing launched
            head = self._np_head(tok, unit)
            if head.i in done:
                continue
            if head.i != tok.i:
                # A trigger word modifying another noun: the head decides ("index report"), except
                # container heads ("summit series"); inside a place or organization name it is not
                # a trigger ("Convention Center").
                head_entry = self.triggers.noun_at(head)
                m = self.ctx.entity(tok)
                if head_entry is not None and head_entry.words[-1] not in self.cues.containers:
                    continue
                if entry is not None and (entry.verb_only or entry.type == "LAUNCH") and named is None:
                    continue  # "an evaluation suite", "startup value": the head noun is the thing
                if m is not None and m.label != "EVENT" and named is None:
                    continue
            if entry is None and named is not None and named.label != "EVENT":
                if not self.slots.planned_modifier(head):
                    continue
                entry = self._launch_entry  # "the planned Microsoft Research Asia-Shanghai"
            if head.i in self._suppressed:
                continue
            cand = self._edition(k, unit, head) if entry is not None and (
                entry.lemma == "edition" or self._dated_anaphor(head)) else None
            if cand is None:
                cand = self._from_noun(k, unit, tok, head, entry, named)
            if cand is not None or entry is not None:
                done.add(head.i)
            if cand is not None:
                out.append(cand)
        for i in _within(self._verb_slots, unit):
            tok = self.tokens[i]
            if tok.pos_ not in ("VERB", "AUX"):
                continue
            it = self._pronoun_object(tok, k) or self._founded_it(k, unit, tok)
            if it is not None:
                out.append(it)
                continue
            if self.words[i] in self._listing:
                listed = self._listing_of(k, unit, tok)
                if listed is not None:
                    out.append(listed)
                continue
            if self.words[i] in self.cues.activity_starters:
                begun = self._began_doing(k, unit, tok)
                if begun is not None:
                    out.append(begun)
                    continue
            if self.words[i] in self.cues.agreeing:
                agreed = self._agreed_to(k, unit, tok)
                if agreed is not None:
                    out.append(agreed)
                continue
            objects = None  # (the verb's objects, found once for all its entries)
            for ve in self.triggers.verbs_at(tok):
                if ve.objects is not None and not ve.takes_named:
                    continue
                if objects is None:
                    objects = self._objects(tok)
                # "Tern K3 will hit shelves in April": a dated verb marked subject_ok takes a named subject
                subjects = [c for c in tok.children if c.dep_ == "nsubj"] if ve.subject_ok and ve.dated else []
                for obj in objects + subjects if subjects else objects:
                    if obj.i in done or not self.ctx.same_unit(obj, tok):
                        continue
                    cand = self._from_verb(k, unit, tok, ve, obj)
                    if cand is not None:
                        done.add(obj.i)
                        out.append(cand)
        return out

    def _product_release(self, k: int, unit: TokenSpan, act: ParseToken) -> Optional[Candidate]:
        """'since its public release on Aug. 31', 'the launch of X in 2019': a dated product launch."""
        if act.pos_ != "NOUN":
            return None
        product = None
        for c in act.children:
            if c.dep_ == "poss":
                target = c
                if c.pos_ == "PRON":  # "X had reached 45 million users since its public release": X's
                    verb = self.slots.clause_verb(act)
                    target = next((g for g in verb.children if g.dep_ == "nsubj"), None) if verb is not None else None
                    if target is not None and target.pos_ == "PRON":
                        target = self.slots.resolve_pronoun(target, verb)
                product = self.ctx.entity(target) if target is not None else None
            elif c.dep_ == "prep" and c.lower_ == "of":
                product = next((self.ctx.entity(g) for g in c.children if g.dep_ == "pobj"), None)
        if product is None or product.label != "PRODUCT" or self._reads_like_report(product.root):
            return None
        cand = self.slots.make(k, unit, "LAUNCH", act, None, None)
        if not cand.start:
            return None
        cand.name, cand.entity_id, cand.named = product.canonical, product.id, True
        cand.key, cand.head_word, cand.past = self.slots.key(product.canonical, "LAUNCH"), "", True
        cand.location, cand.actors = None, []  # where it was used is not where it was launched
        cand.confidence = 0.6
        return cand

    def _began_doing(self, k: int, unit: TokenSpan, verb: ParseToken) -> Optional[Candidate]:
        """'the M15X fab, which began operating in February', 'will start shipping its G1 humanoid in the
        fourth quarter': a dated start of an activity (`started_activities`) is a LAUNCH: of the site that
        starts working, or else of the activity on the product ("shipments of its G1 humanoid")."""
        act = next((c for c in verb.children if c.dep_ == "xcomp" and c.tag_ == "VBG"), None)
        nominal = self.cues.started_activities.get(self.words[act.i]) if act is not None else None
        if nominal is None:
            return None
        subj = next((c for c in self.slots._children_of_group(verb) if c.dep_ == "nsubj"), None)
        if subj is not None and subj.lower_ in ("which", "that") and verb.dep_ == "relcl":
            subj = verb.head  # "the fab, which began operating"
        if subj is not None and subj.pos_ == "PRON":
            subj = self.slots.resolve_pronoun(subj, verb)
        m = self.ctx.entity(subj) if subj is not None else None
        entry = self.triggers.noun_at(subj) if subj is not None else None
        obj = next((c for c in act.children if c.dep_ == "dobj"), None)
        if m is not None and m.label == "FAC" or subj is not None and (
                entry is not None and entry.lemma in self._facilities or self.words[subj.i] in self.cues.operating_sites):
            h, named = subj, (m if m is not None and m.label in NAMED_LABELS else None)  # the site opens
        elif obj is not None and obj.pos_ in ("NOUN", "PROPN"):
            h, named = obj, None  # the company ships, delivers, sells or produces a product
        else:
            return None
        cand = self.slots.make(k, unit, "LAUNCH", h, verb, named)
        if not cand.start:
            return None  # "has begun selling robots": background without a date
        if h is obj:
            cand.name = clean_name(f"{nominal} of {cand.name}")
            cand.key, cand.head_word = self.slots.key(cand.name, "LAUNCH"), nominal.split()[-1]
        cand.named, cand.confidence = named is not None, 0.6
        # "The centre will start operating next month": a bare "the centre" is the centre told of before
        cand.definite = self._definite(h)
        cand.generic = h is subj and named is None and self._is_generic(cand, entry)
        return cand

    def _agreed_to(self, k: int, unit: TokenSpan, verb: ParseToken) -> Optional[Candidate]:
        """'On March 6, A and B agreed to exchange patent data': an agreement between the parties."""
        xcomp = next((c for c in verb.children if c.dep_ == "xcomp" and c.pos_ == "VERB"
                      and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)), None)
        if xcomp is None:
            return None
        cand = self.slots.make(k, unit, "PARTNERSHIP", xcomp, verb, None)
        if len(cand.actors) < 2 or not (cand.start or cand.location):
            return None  # two parties and an anchor; "the company agreed to pay" is no partnership
        toks = [t.i for t in xcomp.subtree if t.dep_ not in ("relcl", "punct", "aux") and self.slots.in_unit(t, unit)]
        cand.name = clean_name("agreement to " + join(self.tokens, toks))
        cand.key = self.slots.key(cand.name, "PARTNERSHIP")
        cand.named, cand.generic, cand.confidence = False, False, 0.6
        return cand

    def _listing_of(self, k: int, unit: TokenSpan, verb: ParseToken) -> Optional[Candidate]:
        """'Rebellions plans to list on the Korea Exchange in the first half of 2025': a listing is an INVESTMENT."""
        exchange = listing_place(verb, self.words, self.lex)
        if exchange is None:
            return None
        cand = self.slots.make(k, unit, "INVESTMENT", verb, verb, None)
        doer = cand.actors or any(c.dep_ == "nsubj" for c in (verb.head if verb.dep_ == "xcomp" else verb).children)
        if not (doer and (cand.start or cand.end or cand.cue)):
            return None  # a doer and a time or a plan
        cand.name = clean_name("listing on " + join(self.tokens, [t.i for t in exchange.subtree]))
        cand.key = self.slots.key(cand.name, "INVESTMENT")
        cand.location = None  # the exchange's city is not where the deal happens
        cand.named, cand.generic, cand.confidence = False, False, 0.6
        return cand

    def _deal_type(self, cand: Candidate, h: ParseToken, pred: Optional[ParseToken]) -> None:
        """An agreement to buy something, or on invested projects, is an INVESTMENT (see :mod:`.deals`)."""
        bought = acquisition_object(h, pred, self.words, self.lex)
        if bought is not None:
            cand.type, cand.name = "INVESTMENT", acquisition_name(bought[1])
            if cand.location and cand.location in join(self.tokens, [t.i for t in bought[0].subtree]):
                cand.location = None  # "to acquire a maker in Lyon": where the target is, not the deal
        elif invests_in_projects(h, self.words, self.ctx.money, self.lex):
            cand.type = "INVESTMENT"
        else:
            return
        cand.key = self.slots.key(cand.name, cand.type)

    def _pronoun_object(self, verb: ParseToken, k: int) -> Optional[Candidate]:
        """'It will be inaugurated next month', 'It was unveiled at a forum': "it" is the event noun
        that was the previous sentence's subject ("The laboratory, ..., will focus on ...")."""
        dep, lower = self.ctx.dep_at, self.ctx.lower_at
        it_i = next((c for c in self.ctx.children_at[verb.i] if dep[c] in ("nsubjpass", "dobj") and lower[c] == "it"), None)
        if it_i is None or k == 0:
            return None
        it = self.tokens[it_i]
        prev = self.ctx.units[k - 1]
        # the previous sentence's subject, else its object ("X released a new index ... It was presented")
        args = sorted((c for c in prev.root.children if c.dep_ in ("nsubj", "nsubjpass", "dobj")),
                      key=lambda c: c.dep_ == "dobj")
        entry = ve = None
        for arg in args:
            entry = self.triggers.noun_at(arg)
            if entry is None or entry.generic:
                continue
            ve = next((v for v in self.triggers.verbs_at(verb) if v.type == entry.type
                       and v.accepts(entry.lemma)), None)
            if ve is not None:
                break
        if entry is None or ve is None:
            return None
        cand = self.slots.make(k, self.ctx.units[k], entry.type, it, verb, None)
        cand.name, cand.key, cand.head_word = entry.lemma, self.slots.key(entry.lemma, entry.type), entry.words[-1]
        cand.generic, cand.definite, cand.confidence = True, True, 0.6
        return cand

    def _founded_it(self, k: int, unit: TokenSpan, verb: ParseToken) -> Optional[Candidate]:
        """'Inria is a research institute. Founded in 1967, it runs ten centres': the founding of
        the company "it" (or "the company") stands for."""
        if self.words[verb.i] not in self.cues.founding_verbs or not (
                verb.dep_ == "advcl" and verb.tag_ == "VBN" and verb.i < verb.head.i):
            return None
        subj = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
        org = self._company_meant(subj) if subj is not None else None
        if org is None:
            return None
        cand = self.slots.make(k, unit, "LAUNCH", subj, verb, None)
        if not cand.start:
            return None  # the founding is news for its date
        cand.name, cand.entity_id, cand.named, cand.generic = org.canonical, org.id, True, False
        cand.key = self.slots.key(cand.name, "LAUNCH")
        return cand

    def _named_root(self, tok: ParseToken) -> Optional[Mention]:
        """The named thing whose head ``tok`` is: the span's syntactic root, or its last word
        (English names are head-final; a bad parse may hang the name's root elsewhere)."""
        m = self.ctx.entity(tok)
        if m is None or m.label not in NAMED_LABELS:
            return None
        if m.span.root.i == tok.i or (tok.i == m.span.end - 1 and tok.pos_ in ("NOUN", "PROPN")):
            return m
        return None

    def _np_head(self, tok: ParseToken, unit: TokenSpan) -> ParseToken:
        h = tok
        while h.dep_ in ("compound", "nmod") and h.head.i != h.i and h.head.pos_ in ("NOUN", "PROPN") \
                and unit.start <= h.head.i < unit.end and h.head.i > h.i:
            h = h.head
        return h

    def predicates(self, h: ParseToken) -> list[ParseToken]:
        """Verbs (and predicative words) that could make the noun ``h`` happen, nearest first.

        Also sets ``_roles`` and ``_appos_of`` for ``h``. Found once per noun (the detector asks
        again for the same noun) and read off the context's index lists."""
        memo = self._predicates.get(h.i)
        if memo is None:
            memo = self._predicates[h.i] = self._find_predicates(h)
        out, roles, appos_of = memo
        self._roles = dict(roles)  # predicate -> the noun's role in it, when the parse says ("subj" / "obj")
        self._appos_of = None if appos_of is None else self.tokens[appos_of]  # what ``h`` is an apposition to
        return [self.tokens[i] for i in out]

    def _find_predicates(self, h: ParseToken) -> tuple[list[int], dict[int, str], Optional[int]]:
        """:meth:`predicates` as token indices: (predicates, roles, apposition head)."""
        ctx, tokens, words = self.ctx, self.tokens, self.words
        dep, tag, lower, pos_at = ctx.dep_at, ctx.tag_at, ctx.lower_at, ctx.pos_at
        head, children, verb_at = ctx.head_at, ctx.children_at, ctx.verb_at
        hi = h.i
        unit = ctx.units[ctx.unit_at[hi]]
        u_start, u_end = unit.start, unit.end
        out: list[int] = []
        roles: dict[int, str] = {}
        appos_of: Optional[int] = None

        def add(t: int) -> None:
            # (depth first with a stack: a closure that calls itself is a reference cycle, left for
            # the garbage collector on every call)
            stack = [t]
            while stack:
                x = stack.pop()
                if x != hi and u_start <= x < u_end and x not in out:
                    out.append(x)
                    # and its complements, in text order: "is to be built", "is due to be unveiled", "is underway"
                    stack.extend(reversed([c for c in children[x] if dep[c] in ("xcomp", "acomp") and u_start <= c < u_end]))

        def has_subject(t: int) -> bool:
            return any(dep[c] in SUBJ for c in children[t])

        for c in children[hi]:
            if dep[c] in ("acl", "relcl"):
                add(c)
        right = ctx.right_edge(hi)
        nxt = right + 1 if right + 1 < len(tokens) else None
        if nxt is not None and dep[nxt] in ("acl", "relcl") and tag[nxt] in ("VBN", "VBG") and head[nxt] != hi:
            add(nxt)  # "a visitor at the Conference held in Shanghai": the clause is the event's
        else:
            # the phrase's right edge may be the comma itself, or the comma may follow it
            j = right + 1
            if j < u_end and tokens[j].text == ",":
                j += 1
            part = j if j < u_end and tokens[j - 1].text == "," else None
            if part is not None and tag[part] == "VBN" and dep[part] in ("acl", "relcl", "pcomp", "advcl") and \
                    head[part] != hi and not has_subject(part):
                add(part)  # "according to the latest leaderboard, published on June 20 by X"
        x, hops = hi, 0
        while hops < 4:
            hops += 1
            if not u_start <= head[x] < u_end:
                # The parse ran across a line break (headline, dateline): take the clause's first
                # verb after the phrase, as its subject would have it.
                verb = self._first_verb_after(h, unit)
                if verb is not None:
                    add(verb.i)
                break
            if dep[x] in ("conj", "appos") and head[x] != x:
                if dep[x] == "appos":
                    appos_of = head[x]
                x = head[x]
                continue
            if dep[x] in ARG:
                # "the latest version of its model" as the appositive of a subject is a subject too
                gov = head[x]
                roles[gov] = "subj" if dep[x] == "nsubj" else "obj"
                left = ctx.left_edge(x)
                if dep[x] == "dobj" and left > 0 and tokens[left - 1].text == ",":
                    # "launched ERNIE 4.0, the latest version of its model": a second object is an apposition
                    appos_of = next((c for c in children[gov] if dep[c] == "dobj" and c < x), None)
                add(gov)
                for c in children[gov]:
                    if dep[c] == "conj" and pos_at[c] in self._verb_or_aux:
                        add(c)
                    if dep[x] == "nsubj" and dep[c] == "advcl" and c < x and not has_subject(c) and (
                            tag[c] in ("VBN", "VBG") or tag[c] == "VBD" and self._comma_after(c)):
                        # "Published on Thursday, the latest GII report highlighted ..."; the small model
                        # tags a sentence-initial "First held in 2018," as a past tense
                        add(c)
                break
            if dep[x] == "pobj":
                prep = head[x]
                gov = head[prep]
                participle = tag[gov] in ("VBN", "VBG") and not has_subject(gov) \
                    and dep[prep] != "agent" and lower[prep] != "by"
                if pos_at[gov] in self._verb_or_aux and (
                        lower[prep] in ("to", "into", "for", "on", "of", "alongside") or participle):
                    add(gov)
                    break
                if lower[prep] == "of" and pos_at[gov] == self._noun and words[gov] in self.lex.nominals:
                    roles[gov] = "obj"
                    add(gov)  # "the signing of cooperation agreements": the noun names the act
                    break
                if lower[prep] == "of" and words[gov] in self.cues.time_nouns:
                    break  # "July 4, the opening day of the WAIC": a date, not what the clause does to it
                if lower[prep] in ("of", "to") and pos_at[gov] in self._nominal:
                    outer = self.triggers.noun_at(tokens[gov])
                    if outer is not None and not outer.generic and outer.words[-1] not in self.cues.containers:
                        break  # "publish an evaluation of the plan": the evaluation is published
                    x = gov  # "the doors of the WAIC", "the start of the summit"
                    continue
                if lower[prep] == "with" and pos_at[gov] == self._noun and words[hi] in self.cues.type_nouns.get(
                        "INVESTMENT", ()):
                    x = gov  # "36 projects with a total investment of 5 billion yuan were signed"
                    continue
            break
        if hi - 1 >= u_start and (hi - 1 in ctx.money or not (dep[hi] in ARG and tag[head[hi]].startswith("VB")
                                                              and lower[head[hi]] not in ("won",))):
            amount_verb = verb_before_amount(ctx, h, unit) if self._amount_led(h, unit) else None
            if amount_verb is not None and amount_verb.i not in out:
                roles[amount_verb.i] = "obj"
                out.insert(0, amount_verb.i)  # "closed a 50 million dollar funding round": the parse lost the object
        # "a ranking of universities by research output that X released": the small model hangs the
        # relative clause on the nearest noun; give it to the trigger noun when none comes between.
        for j in _between(self._nouns_and_verbs, hi + 1, min(u_end, hi + 14)):  # (other words are passed over)
            if self.triggers.noun_at(tokens[j]) is not None:
                break
            if dep[j] in ("relcl", "ccomp") and verb_at[j] and any(
                    dep[c] in ("dobj", "nsubjpass") and lower[c] in ("that", "which") for c in children[j]):
                add(j)  # (a clause whose object is "that" is a relative clause, however it was parsed)
                break
            if dep[j] == "relcl" and verb_at[j] and (m := ctx.mention_at[head[j]]) is not None and \
                    m.label in self.cues.place_labels and any(dep[c] == "nsubj" and lower[c] == "which"
                                                              for c in children[j]):
                add(j)  # "the WAIC in Shanghai, which runs until July 6": places do not run, the event does
                break
        # Small-model parses often hang a relative clause off a word inside the noun phrase.
        for i in _between(self._verbs, max(ctx.left_edge(hi), u_start), min(right + 1, u_end)):
            if i not in out and (d := depth_at(head, i, hi)) != 99 and (
                    d <= 3 or dep[i] in ("relcl", "acl") and np_internal(tokens[head[i]], h)):
                out.append(i)
        return out, roles, appos_of

    def _dated_anaphor(self, h: ParseToken) -> bool:
        """"Last year's expo", "next year's forum": a conference anaphor owned by another year's date
        is another edition ("this year's forum", "this week's summit" are the event itself)."""
        dct = self.ctx.dct
        return bool(dct) and self.words[h.i] in self.cues.conf_anaphors and any(
            c.dep_ == "poss" and (d := self.ctx.date_at[c.i]) is not None and d.start[:4] != dct[:4]
            for c in h.children)

    def _comma_after(self, i: int) -> bool:
        """A comma closes the phrase of token ``i`` (a participle clause before its subject)."""
        j = self.ctx.right_edge(i) + 1
        return j < len(self.tokens) and self.ctx.lower_at[j] == ","

    def _amount_led(self, h: ParseToken, unit: TokenSpan) -> bool:
        """An amount stands within the few words before ``h`` ("a 1.2 trillion won plan")."""
        return not self.ctx.money.isdisjoint(range(max(unit.start, h.i - 6), h.i))

    def _reads_like_report(self, h: ParseToken) -> bool:
        m = self.ctx.entity(h)
        words = m.canonical.lower().split() if m is not None else [h.lower_]
        return any(w.rstrip("s") in self.cues.type_nouns.get("REPORT", ()) for w in words)

    def _last_org_before(self, i: int) -> Optional[Mention]:
        """The company a following "the company" means: the last one that was a clause's subject."""
        best = None
        for m in self.ctx.mentions:
            head = m.root
            while head.dep_ == "compound" and head.head.i != head.i:
                head = head.head  # "Lumina AI said": the name's last word is the subject
            if m.label == "ORG" and m.span.end <= i and head.dep_ in ("nsubj", "nsubjpass") and \
                    (head.head.tag_ not in ("VBG", "VBN") or any(  # not "with X taking part"
                        c.dep_ in ("aux", "auxpass") for c in head.head.children)) and (
                    best is None or m.span.start > best.span.start):
                best = m
        return best

    def _company_subject(self, verb: ParseToken) -> Optional[Mention]:
        """The company that "it" or "the company" as the subject of ``verb`` means (:meth:`_last_org_before`)."""
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        return self._company_meant(subj) if subj is not None else None

    def _company_meant(self, subj: ParseToken) -> Optional[Mention]:
        """The company "it" or "the company" (``subj``) stands for, else None."""
        if subj.lower_ == "it" or self.words[subj.i] in self.cues.company_anaphors and any(
                c.dep_ == "det" and c.lower_ == "the" for c in subj.children):
            return self._last_org_before(subj.i)
        return None

    def _first_verb_after(self, h: ParseToken, unit: TokenSpan) -> Optional[ParseToken]:
        for t in self.tokens[h.right_edge.i + 1 : unit.end]:
            if t.pos_ == "VERB" or (t.pos_ == "AUX" and t.dep_ in ("ROOT", "ccomp", "conj")):
                return t
            if t.is_punct and t.text in ".;:":
                return None
        return None

    def _objects(self, verb: ParseToken) -> list[ParseToken]:
        objs = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
        if verb.dep_ in ("acl",) and verb.tag_ == "VBN":
            objs.append(verb.head)  # "Speech Valley, launched in 2013"
            if self.words[verb.i] in self.cues.founding_verbs:
                org = self._described_org(verb.head)
                if org is not None:
                    objs.append(org)  # "Agibot, a maker of humanoid robots founded in 2023"
        elif verb.dep_ == "relcl" and any(c.dep_ == "nsubjpass" and c.lower_ in ("which", "that", "who")
                                          for c in verb.children):
            objs.append(verb.head)  # "Kunlunxin, which was spun off from Baidu in 2021"
        elif verb.dep_ == "advcl" and verb.tag_ == "VBN" and verb.i < verb.head.i and not any(
                c.dep_ in SUBJ for c in verb.children):
            # "Founded in 2012, UBTech Robotics is ...": the participle's object is the main subject
            objs.extend(c for c in verb.head.children if c.dep_ == "nsubj" and c.i > verb.i)
        out = []
        for o in objs:
            out.append(o)
            # (not a restatement in brackets: "20 trillion won ($14.4 billion)" is one amount)
            out.extend(c for c in o.children if c.dep_ == "conj" or c.dep_ == "appos" and not self._bracketed(c))
            # "open a computing center ..., alongside a pilot zone for self-driving buses"
            out.extend(g for c in o.children if c.dep_ == "prep" and c.lower_ == "alongside"
                       for g in c.children if g.dep_ == "pobj")
        return out

    def _described_org(self, tok: ParseToken) -> Optional[ParseToken]:
        """The organization whose apposition holds ``tok`` ("Agibot, a maker of humanoid robots"
        for "robots" or "maker"), through "of" phrases only."""
        for _ in range(_APPOS_REACH):
            if tok.dep_ == "appos":
                m = self.ctx.entity(tok.head)
                return tok.head if m is not None and m.label == "ORG" else None
            if tok.dep_ != "pobj" or tok.head.lower_ != "of":
                return None
            tok = tok.head.head
        return None

    def _bracketed(self, tok: ParseToken) -> bool:
        left = self.ctx.left_edge(tok.i)
        return left > 0 and self.ctx.lower_at[left - 1] == "("

    def _labels(self, tok: ParseToken) -> tuple[str, ...]:
        labels = []
        m = self.ctx.entity(tok)
        if m is not None:
            labels.append(m.label)
        if tok.i in self.ctx.money:
            labels.append("MONEY")
        return tuple(labels)

    def _accepted(self, preds: list[ParseToken], typ: Optional[str], noun: Optional[str],
                  labels: tuple[str, ...], h: Optional[ParseToken] = None) -> tuple[Optional[ParseToken], Optional[VerbEntry]]:
        found = self._accepted_in(preds, typ, noun, labels, h)
        if found[0] is not None and h is not None and found[0].dep_ == "acl" and found[0].head.i == h.i \
                and found[0].tag_ == "VBN":
            # "closed a round led by X": the verb the noun is the object of, not the participle on it
            governing = [p for p in preds if self._roles.get(p.i) == "obj" and p.i != found[0].i]
            if governing:
                other = self._accepted_in(governing, typ, noun, labels, h)
                if other[0] is not None:
                    return other
        return found

    def _accepted_in(self, preds: list[ParseToken], typ: Optional[str], noun: Optional[str],
                     labels: tuple[str, ...], h: Optional[ParseToken] = None) -> tuple[Optional[ParseToken], Optional[VerbEntry]]:
        for p in preds:
            entries = self.triggers.verbs_at(p)
            if not entries:
                continue  # (no trigger verb: no need to ask whose subject ``h`` is)
            active_subject = h is not None and self._is_subject_of(h, p)
            for ve in entries:
                if active_subject and not ve.subject_ok:
                    continue  # "iFLYTEK, a listed company, is setting up ...": the company does, not is set up
                if typ == "REPORT" and noun is None and labels == ("PRODUCT",) and h is not None \
                        and not self._reads_like_report(h):
                    continue  # "Baidu released ERNIE 4.0": a product launch, not a report
                if typ is None:
                    ok = ve.type == "CONFERENCE" and ve.accepts(None, ("EVENT",))
                else:
                    ok = ve.type == typ and ve.accepts(noun, labels)
                if ok:
                    return p, ve
        return None, None

    def _at_event_verb(self, h: ParseToken, named: Optional[Mention], entry: Optional[NounEntry]) -> Optional[ParseToken]:
        """'X unveiled the pledge at the AI Safety Summit': what happens at a named event gives its place and time.
        Also what is said to a meeting ("told a briefing in Sejong on Tuesday": `audience_verbs`) or on a
        call (`on_meetings`: "said on an earnings call on Thursday")."""
        if named is None and not (entry is not None and entry.type == "CONFERENCE" and entry.standalone):
            return None  # "released at a forum in Beijing on Monday" and named events only
        if named is not None and named.label != "EVENT":
            return None
        if h.dep_ == "dobj" and self.words[h.head.i] in self.cues.audience_verbs:
            return h.head
        if h.dep_ != "pobj" or not (h.head.lower_ == "at" or h.head.lower_ == "on" and entry is not None
                                      and entry.lemma in self.cues.on_meetings):
            return None
        gov = h.head.head
        if gov.pos_ in ("NOUN", "PROPN") and gov.dep_ in ("dobj", "nsubjpass", "pobj"):
            # "unveiled the joint commitment at the AI Safety Summit", "present the latest version of
            # its robot at the fair": the verb whose object the phrase is
            gov = self.slots.clause_verb(gov) or gov
        if gov.pos_ in ("VERB", "AUX") or gov.dep_ in ("ccomp", "xcomp", "relcl", "advcl") and gov.tag_ == "NN" and \
                not any(c.dep_ == "det" for c in gov.children):
            return gov  # "watch a robot dog perform at an exhibition": a verb tagged as a noun
        return None

    def _is_subject_of(self, h: ParseToken, p: ParseToken) -> bool:
        role = self._roles.get(p.i)
        if role is not None:
            return role == "subj"
        if p.head.i == h.i and p.dep_ in ("acl", "relcl"):
            # "the fair, which will run", "iFlytek to establish", "companies working on": h does p;
            # "the report released by", "a report that X released": p is done to h.
            if p.dep_ == "relcl":
                return any(c.dep_ == "nsubj" and c.lower_ in ("which", "that", "who") for c in p.children)
            return p.tag_ in ("VB", "VBG") or any(c.dep_ == "aux" and c.lower_ == "to" for c in p.children)
        x = h
        while x.dep_ in ("conj", "appos") and x.head.i != x.i:
            x = x.head
        if x.dep_ != "nsubj":
            return False
        if any(c.dep_ == "auxpass" for c in p.children):
            return False  # "a zone is to be built": the subject of a passive is what is built
        v = x.head
        return v.i == p.i or any(c.i == p.i for c in v.children if c.dep_ in ("conj", "xcomp", "acomp"))

    def _happening(self, preds: list[ParseToken]) -> Optional[ParseToken]:
        """A verb that says something took place ("took place at Cyberport today")."""
        for p in preds:
            says = self._happens.get(p.i)
            if says is None:
                says = self._happens[p.i] = opens_with(self.slots.phrase_words(p), self.cues.happening)
            if says:
                return p
        return None

    def _from_noun(self, k: int, unit: TokenSpan, tok: ParseToken, h: ParseToken, entry: Optional[NounEntry],
                   named: Optional[Mention]) -> Optional[Candidate]:
        typ = entry.type if entry else None
        noun = entry.lemma if entry else None
        labels = (named.label,) if named is not None else ()
        if named is not None and named.label in ("ORG", "FAC", "LOC") and typ not in ("LAUNCH", None):
            # "the Nature Index" as an organization, "Convention Center": not a report or a conference.
            return None
        proper = named is not None or h.tag_ in ("NNP", "NNPS")
        if typ == "AWARD" and not proper:
            # "the SAIL awards", "Digital China best practice awards": a named award, though plural
            proper = any(c.dep_ in ("compound", "nmod") and c.tag_ in ("NNP", "NNPS") for c in h.lefts)
        plural = entry is not None and h.tag_ in ("NNS", "NNPS") and not entry.plural_ok and not proper
        if plural and typ != "AWARD" or entry is not None and h.tag_ in ("NNS", "NNPS") and any(
                c.dep_ == "amod" and c.lower_ in self.cues.kinds for c in h.children):
            return None  # "forums", "factories", "similar agreements": kinds of things, not one happening
        if noun == "round" and not any(t.i in self.ctx.money or self.words[t.i] in self.cues.round_modifiers
                                       for t in h.lefts for t in t.subtree):
            return None  # "an 80-million-dollar Series B round", not "the first round of talks"
        preds = self.predicates(h)
        if named is None and self._appos_of is not None and (m := self.ctx.entity(self._appos_of)) is not None \
                and m.label in ("PRODUCT", "EVENT", "ORG", "FAC"):
            return None  # "launched ERNIE 4.0, the latest version of its foundation model": ERNIE 4.0 is the event
        pred, pentry = self._accepted(preds, typ, noun, labels, h)
        if typ is None:
            # A named event whose head is no trigger word ("VivaTech"): a conference when a
            # conference verb or a date/place of its own says so.
            typ = pentry.type if pentry is not None else "CONFERENCE"
        if noun in ("plan", "action plan") and typ == "POLICY":
            launched = self._planned_launch(h, pred)
            if launched is not None:
                return launched
        at_gov = h.head.head if h.dep_ == "pobj" and h.head.lower_ == "at" and h.head.head.pos_ == "VERB" else None
        at_site = pred is None and typ == "LAUNCH" and at_gov is not None and self.slots.is_opening(at_gov)
        if at_site:
            pred = at_gov  # "operations got under way at TSMC's first plant in Japan"
        at_verb = self._at_event_verb(h, named, entry)
        at_event = at_verb if pred is None else None
        if pred is None and self._rejected_unnamed(typ, named, proper, h, at_event):
            return None  # (as _rejected_by_name below would: no need to build the name)
        happening = self._happening(preds)
        slot_pred = pred if pred is not None else (happening or at_event)
        ranking_verb = self._ranking_frame(h) if typ == "REPORT" and slot_pred is None else None
        cand, name_tokens = self.slots.name_mention(k, unit, typ, h, slot_pred, named)
        if pred is None and self._rejected_by_name(cand, typ, entry, named, proper, h, at_event):
            return None  # (no need to look for its dates, place and doers)
        if pred is None and typ == "REPORT" and self._report_rejected_by_name(cand, entry, named, h):
            return None  # (likewise)
        if pred is None and self._unanchored_anaphor(cand, typ, entry, h, unit, slot_pred, at_event, ranking_verb):
            return None  # (a bare "the report" with nothing to date or place it)
        self.slots.fill_slots(cand, unit, h, slot_pred, named, name_tokens)
        if typ == "PARTNERSHIP" and entry is not None and named is None:
            self._deal_type(cand, h, pred)
        cand.at_site = at_site
        cand.batch = typ in DEAL_TYPES and h.tag_ in ("NNS", "NNPS") and pred is not None
        if isinstance(ranking_verb, ParseToken) and not cand.start:
            # "came in third in ShanghaiRanking's Global Ranking ... last year": the ranking's date
            cand.start, cand.end = self.slots.make(k, unit, typ, h, ranking_verb, named).start, None
        if typ == "CONFERENCE" and named is None and not cand.start and at_verb is not None and \
                self.triggers.verbs_at(at_verb):
            cand.held_during = at_verb.idx  # "announced at a press conference held by X": the announcing day
        if typ == "LAUNCH" and named is None and pred is not None and self.words[h.i] in self.cues.company_anaphors \
                and any(c.dep_ == "det" and c.lower_ == "the" for c in h.children):
            org = self._last_org_before(h.i)
            if org is None:
                return None
            cand.name, cand.entity_id, cand.named, cand.generic = org.canonical, org.id, True, False
            cand.key = self.slots.key(cand.name, typ)
        if at_event is not None:
            cand.actors = []  # who won something at Computex does not run Computex
        if pentry is not None and pentry.dated and not (cand.start or cand.end):
            return None  # "is expected to present its platform": showing, not launching
        if plural and not cand.start:
            return None  # "has won many awards"; but "30 projects will receive awards on Saturday"
        if typ == "POLICY" and any(c.dep_ == "prep" and c.lower_ == "between" for c in h.children):
            cand.type = "PARTNERSHIP"  # "a talent exchange program between A and B"
        if pred is not None and self._invited(cand, pred):
            return cand if cand.start or cand.location else None
        cand.definite = self._definite(h)
        cand.generic = self._is_generic(cand, entry)
        anchored = bool(cand.start or cand.location or cand.actors or cand.place_actor or cand.at_conference
                        or (cand.cue and typ == "LAUNCH")
                        or (typ == "INVESTMENT" and not self.ctx.money.isdisjoint(self.ctx.descendants(h.i))))
        if pred is not None:
            cand.confidence = 0.8
            if typ == "LAUNCH" and not (cand.start or cand.location or cand.cue or cand.place_actor or cand.at_conference):
                return None  # "a startup set up by former members of X": background, not news (but "released X
                # at the opening plenary" is news: it takes the conference's day and place)
            if not (anchored or cand.named) and not (cand.generic and cand.definite):
                return None
            return cand
        # No trigger verb: the noun alone must carry the event.
        cand.confidence = 0.6
        if typ == "REPORT" and not (entry is not None and entry.verb_only) and not self._is_actor_position(h) \
                and self._report_from(h):
            cand.confidence = 0.55  # "a new report from Oxford Insights"
            return cand
        if cand.generic:
            if at_event is not None and not cand.definite:
                if cand.start:
                    return cand  # "released at a forum in Beijing on Monday": a forum of its own
                if self.triggers.verbs_at(at_event):
                    # "It was unveiled at a forum on ...": the forum's day and place are the unveiling's
                    cand.held_during = at_event.idx
                    return cand
            return cand if (cand.start or cand.location or cand.duration) and cand.definite else None
        if typ == "CONFERENCE":
            if entry is not None and not entry.standalone and named is None:
                return None
            if named is None and not cand.named:
                # "the expo will feature a main forum ... at the Center": a part of the fair, not news
                if not cand.start and at_event is not None and self.triggers.verbs_at(at_event):
                    cand.held_during = at_event.idx  # "It was unveiled at a forum on the digital economy"
                    return cand
                return cand if cand.start else None
            return cand if (cand.start or cand.location or cand.cue == "planned" or cand.duration) else None
        if typ == "REPORT":
            if self._is_actor_position(h):
                return None
            if not cand.named:
                return cand if cand.start and not (entry is not None and entry.verb_only) and self._ranking_frame(h) \
                    else None
            if entry is not None and entry.verb_only and cand.name_source != "naming":
                return None
            # A named report or index is news when the sentence ranks something in it, when
            # the text names it ("Called X, the study"), or when it is the headline's subject.
            # An unnamed one is, when it has a date of its own ("first on the March leaderboard").
            if cand.name_source == "naming" or cand.name_years or self._ranking_frame(h) or (
                    self.slots.in_title(h) and named is not None):
                cand.confidence = 0.55
                return cand
            return None
        if typ in ("INVESTMENT", "PARTNERSHIP") and entry is not None and entry.standalone:
            return cand if (cand.start or cand.location or cand.actors) else None
        if typ in ("PARTNERSHIP", "AWARD", "POLICY", "INVESTMENT") and cand.entity_id and (cand.start or cand.location):
            return cand  # "the signing of the Bletchley Declaration had taken place earlier in the morning"
        if typ == "LAUNCH" and self.slots.planned_modifier(h) and (named is not None or proper):
            return cand  # "the planned Microsoft Research Asia-Shanghai"
        return None

    def _rejected_by_name(self, cand: Candidate, typ: str, entry: Optional[NounEntry], named: Optional[Mention],
                          proper: bool, h: ParseToken, at_event: Optional[ParseToken]) -> bool:
        """A mention without a trigger verb that the end of :meth:`_from_noun` rejects whatever its
        dates, place and doers: the same checks, on what the name alone tells. Most nouns without
        a verb end here ("a forum", "the centre"), and filling their slots is most of the cost."""
        if typ == "REPORT" and not (entry is not None and entry.verb_only) and not self._is_actor_position(h) \
                and self._report_from(h):
            return False
        cand.definite = self._definite(h)
        if self._is_generic(cand, entry):
            return at_event is None and not cand.definite
        if typ in ("CONFERENCE", "REPORT"):
            return False
        if typ in ("INVESTMENT", "PARTNERSHIP") and entry is not None and entry.standalone:
            return False
        if typ in ("PARTNERSHIP", "AWARD", "POLICY", "INVESTMENT") and cand.entity_id:
            return False
        return not (typ == "LAUNCH" and self.slots.planned_modifier(h) and (named is not None or proper))

    def _unanchored_anaphor(self, cand: Candidate, typ: str, entry: Optional[NounEntry], h: ParseToken,
                            unit: TokenSpan, slot_pred: Optional[ParseToken], at_event: Optional[ParseToken],
                            ranking_verb: "ParseToken | bool | None") -> bool:
        """A bare anaphor without a trigger verb ("the report", "the conference") that the end of
        :meth:`_from_noun` drops because its slots hold no date, place or length, found before the
        slots are filled (:meth:`SlotFiller.unanchored`). Cases where something on the way could
        change the name, the date or the outcome are left to the full path."""
        if typ == "PARTNERSHIP" or isinstance(ranking_verb, ParseToken):
            return False  # (a deal gets a new name and type, a ranking verb may date it)
        if typ == "REPORT" and not (entry is not None and entry.verb_only) and not self._is_actor_position(h) \
                and self._report_from(h):
            return False  # "a new report from Oxford Insights": kept whatever its slots
        if slot_pred is not None and any(c.lower_ == "first" and c.dep_ in ("advmod", "amod") for c in slot_pred.children):
            return False  # (its name becomes "first ...")
        cand.definite = self._definite(h)  # (as set below, before the test for a bare anaphor)
        if at_event is not None and not cand.definite:
            return False  # "released at a forum": the forum may take the release's day
        return self._is_generic(cand, entry) and self.slots.unanchored(h, unit)

    def _report_rejected_by_name(self, cand: Candidate, entry: Optional[NounEntry], named: Optional[Mention],
                                 h: ParseToken) -> bool:
        """What the end of :meth:`_from_noun` says of a report without a trigger verb, when it says no
        whatever the report's dates, place and doers (the same checks, in the same order): one that
        is the doer itself ("compiled by the Nature Index"), an unnamed one in a sentence that ranks
        nothing, a named one neither called so, dated by its name, ranked in, nor the headline's.
        (After :meth:`_rejected_by_name`, which set ``cand.definite``.)"""
        verb_only = entry is not None and entry.verb_only
        if not verb_only and not self._is_actor_position(h) and self._report_from(h):
            return False  # "a new report from Oxford Insights": kept
        if self._is_generic(cand, entry):
            return False  # a bare "the report": its dates and place decide
        if self._is_actor_position(h):
            return True
        if not cand.named:
            return verb_only or not self._ranking_frame(h)  # (else its date decides)
        if verb_only and cand.name_source != "naming":
            return True
        return not (cand.name_source == "naming" or cand.name_years or self._ranking_frame(h) or (
            self.slots.in_title(h) and named is not None))

    def _rejected_unnamed(self, typ: str, named: Optional[Mention], proper: bool, h: ParseToken,
                          at_event: Optional[ParseToken]) -> bool:
        """What :meth:`_rejected_by_name` says of a launch (or OTHER) mention without a trigger verb
        when its name cannot change the answer, found before the name is built (most nouns without a
        verb are such): a named thing is rejected unless it is planned ("the planned Microsoft
        Research Asia-Shanghai"), and so is an indefinite one away from an event ("a new institute"),
        whether its name makes it a bare anaphor or not. False: the name must decide."""
        if typ not in ("LAUNCH", "OTHER"):
            return False
        planned = typ == "LAUNCH" and proper and self.slots.planned_modifier(h)
        if named is not None and named.id:
            return not planned  # (its entity id: never a bare anaphor)
        return at_event is None and not planned and not self._definite(h)

    def _definite(self, h: ParseToken) -> bool:
        """'the report', 'this forum', 'its summit', "this year's forum"."""
        ctx = self.ctx
        dep, lower, pos = ctx.dep_at, ctx.lower_at, ctx.pos_at
        return any(dep[c] == "det" and lower[c] in DEFINITE or dep[c] == "poss" and (
            pos[c] == self._pron or self.slots.this_period(c)) for c in ctx.children_at[h.i])

    def _from_verb(self, k: int, unit: TokenSpan, verb: ParseToken, ve: VerbEntry, obj: ParseToken) -> Optional[Candidate]:
        labels = self._labels(obj)
        if not ve.accepts(None, labels):
            return None
        if ve.type == "REPORT" and "PRODUCT" in labels and not self._reads_like_report(obj):
            return None  # "Baidu released ERNIE 4.0": a product launch, not a report
        m = self.ctx.entity(obj)
        named = m if m is not None and m.label in NAMED_LABELS else None
        cand = self.slots.make(k, unit, ve.type, obj, verb, named)
        cand.confidence = 0.7
        if "MONEY" in labels and named is None:
            # Money moved by a named company or person is a deal; "UK startups raised EUR19bn" is a statistic.
            recipient = self._money_recipient(verb)
            if recipient is not None and recipient.id not in cand.actors:
                cand.actors.append(recipient.id)  # "would provide 900 billion yen to chipmaker X": X takes part
            if not any(self.slots.label_of(a) in ("ORG", "PERSON") for a in cand.actors):
                org = self._company_subject(verb)
                if org is None:
                    return None
                cand.actors = [org.id, *cand.actors]  # "It raised $600 million": the company it means
            money = money_text(self.ctx, obj)
            cand.name = f"{money} investment" + (f" in {cand.location}" if cand.location else "")
            cand.key = self.slots.key(cand.name, cand.type)
        if ve.type == "LAUNCH" and not (cand.start or cand.location or cand.cue or cand.at_conference):
            return None  # (a named product "released at the opening plenary" takes the conference's day)
        if not (cand.start or cand.location or cand.actors or named is not None):
            return None
        if ve.dated and not (cand.start or cand.end):
            return None
        self._invited(cand, verb)
        return cand

    def _money_recipient(self, verb: ParseToken) -> Optional[Mention]:
        """The named organization money goes "to" ("provide 900 billion yen to chipmaker X")."""
        for prep in verb.children:
            if prep.dep_ == "prep" and prep.lower_ == "to":
                m = next((self.ctx.entity(c) for c in prep.children if c.dep_ == "pobj"), None)
                if m is not None and m.label == "ORG":
                    return m
        return None

    def _invited(self, cand: Candidate, pred: ParseToken) -> bool:
        """'He had been invited to set up a factory in Japan': the invitation happened, not the factory."""
        if not (pred.dep_ == "xcomp" and self.words[pred.head.i] in self.cues.invitation):
            return False
        cand.type, cand.cue, cand.past = "OTHER", None, pred.head.tag_ in ("VBD", "VBN")
        verb = " ".join([pred.text] + [c.text for c in pred.children if c.dep_ == "prt"])  # "set up"
        cand.name = f"invitation to {verb} {cand.name or ''}".strip()
        cand.key = self.slots.key(cand.name, "OTHER")
        cand.entity_id, cand.named, cand.generic = None, True, False
        return True

    def _edition(self, k: int, unit: TokenSpan, h: ParseToken) -> Optional[Candidate]:
        """Another edition of a report or a conference: "Last year's edition was held online", "the next
        edition is due in November", "the 2021 edition", "an Asia-only edition of the ranking".

        The event it is an edition of is found when mentions merge (:func:`.merge.merge`); an edition
        without a time or a distinguishing word stays a bare anaphor ("the event").
        """
        preds = self.predicates(h)
        pred = next((p for p in preds if p.pos_ in ("VERB", "AUX")), None)
        cand = self.slots.make(k, unit, "CONFERENCE", h, pred, None)
        year = next((c.text for c in h.children if c.dep_ in ("nummod", "compound", "amod", "nmod")
                     and EDITION_YEAR.fullmatch(c.text)), None)
        if year and not cand.start:
            cand.start = year
        for c in h.children:
            d = self.ctx.date_at[c.i] if c.dep_ in _EDITION_DATE_DEPS else None
            if d is not None:
                # "last year's edition"; "next year's ... in July"; "the December edition"
                cand.start = refine(d.start, cand.start)
                if self.ctx.dct and d.start[:4] == self.ctx.dct[:4] and self.words[c.i] == "year":
                    cand.edition = "this"
        other = [c for c in h.lefts if c.dep_ in ("amod", "compound", "nmod", "advmod")
                 and self.words[c.i] in self.cues.other_editions]
        # what sets it apart besides time: "Asia-only", "English-language"
        marks = [c for c in h.lefts if c.dep_ in ("amod", "compound", "nmod") and self.ctx.date_at[c.i] is None
                 and not EDITION_YEAR.fullmatch(c.text) and self.words[c.i] not in self.cues.stop
                 and c.tag_ not in ("JJS", "CD") and self.words[c.i] not in ("latest", "current", "new")]
        if not other and not cand.start and not any("-" in "".join(t.text for t in m.subtree) for m in marks) \
                or cand.edition == "this" and not pred:
            return None
        if cand.edition != "this":
            cand.edition = "other" if other else "year"
        cand.edition_mark = " ".join(join(self.tokens, [t.i for t in m.subtree]) for m in marks)
        if not cand.edition_mark and other:
            cand.edition_mark = other[0].lower_
        target = next((g for c in h.children if c.dep_ == "prep" and c.lower_ == "of"
                       for g in c.children if g.dep_ == "pobj"), None)
        if target is not None:
            m = self.ctx.entity(target)
            t_entry = self.triggers.noun_at(target)
            if m is not None and m.label in ("EVENT", "PRODUCT"):
                typ = "CONFERENCE" if m.label == "EVENT" else ("REPORT" if self._reads_like_report(target)
                                                               or self._ranking_frame(h) else None)
                cand.edition_of = (m.id, typ, frozenset())
            elif t_entry is not None:
                cand.edition_of = (None, t_entry.type, frozenset())
        elif self.words[h.i] != "edition":
            cand.edition_of = (None, "CONFERENCE", frozenset())  # "last year's expo": an edition of the expo
        else:
            # "The index will be updated annually, with the next edition due in ...": the sentence says of what
            # (of the kinds that have editions: "which led the December edition" in a sentence on a
            # leaderboard of language models is the leaderboard's, not a model's)
            types = [e.type for i in range(unit.start, unit.end) if i != h.i and self.words[i] in self.lex.nouns
                     and (e := self.triggers.noun_at(self.tokens[i])) is not None and not e.generic
                     and e.type in EDITION_TYPES]
            if types:
                cand.edition_of = (None, types[-1], frozenset())
        cand.generic, cand.named, cand.name, cand.key = False, False, None, frozenset()
        cand.confidence = 0.6
        return cand

    def _ranking_frame(self, h: ParseToken) -> "ParseToken | bool":
        """'X ranked first in the Global Innovation Index', 'topped the Top500 list': the ranking verb
        when there is one, else whether the sentence ranks something in ``h``."""
        if not self._ranks_something(self.ctx.unit_at[h.i]):
            return False  # "shares rose 3% in the Hang Seng Index": no place in a ranking
        x = h
        while x.dep_ in ("conj", "appos") and x.head.i != x.i:
            x = x.head
        if x.dep_ == "dobj" and self.words[x.head.i] in self.cues.ranking_verbs:
            return x.head
        if x.dep_ != "pobj":
            return False
        prep = x.head
        if prep.lower_ not in ("in", "on", "of", "from", "across", "among", "within", "atop"):
            return False
        gov = prep.head
        if gov.pos_ in ("NOUN", "PROPN") and gov.dep_ in ("attr", "oprd", "dobj") and self.words[gov.head.i] in self.cues.ranking_verbs:
            return gov.head  # "named Europe's premier tech hub in the Global Tech Ecosystem Index"
        if gov.pos_ in ("NOUN", "PROPN") and gov.dep_ == "pobj" and gov.head.lower_ in ("in", "on") and \
                self.words[gov.head.head.i] in self.cues.ranking_verbs:
            return gov.head.head  # "came in third in the AI category of the Global Ranking of Academic Subjects"
        if self.words[gov.i] in self.cues.ranking_verbs:
            return gov if gov.pos_ in ("VERB", "AUX") else True
        return self.words[gov.i] in self.cues.ranking_nouns

    def _ranks_something(self, k: int) -> bool:
        """Sentence ``k`` has the words of a ranking (a place, "top", a superlative); found once per sentence."""
        got = self._ranking_units.get(k)
        if got is None:
            unit = self.ctx.units[k]
            got = self._ranking_units[k] = bool(
                self.cues.rank_expression.search(self.ctx.text[unit.start_char : unit.end_char])
                or "JJS" in self.ctx.tag_at[unit.start : unit.end])
        return got

    def _planned_launch(self, plan: ParseToken, pred: Optional[ParseToken]) -> Optional[Candidate]:
        """'confirmed its plans for a second factory': a planned launch, unless a government plans it."""
        unit_k = self.ctx.unit_at[plan.i]
        unit = self.ctx.units[unit_k]
        target = None
        for c in plan.children:
            if c.dep_ == "prep" and c.lower_ == "for":
                target = next((g for g in c.children if g.dep_ == "pobj"), None)
            elif c.dep_ in ("acl", "relcl") and any(a.lower_ == "to" for a in c.children):
                if any(ve.type == "LAUNCH" for ve in self.triggers.verbs_at(c)):
                    target = next((g for g in c.children if g.dep_ == "dobj"), None)
        if target is None:
            return None
        entry = self.triggers.noun_at(target)
        if entry is None or entry.type != "LAUNCH":
            return None
        gov = pred if pred is not None else (plan.head if plan.dep_ in ARG and plan.head.i != plan.i else None)
        probe = self.slots.make(unit_k, unit, "POLICY", plan, gov, None)
        if any(self.slots.is_government(a) for a in probe.actors) or probe.place_actor:
            self._suppressed.add(target.i)
            return None  # a city's or a ministry's plan is policy, its hub is part of it
        cand = self.slots.make(unit_k, unit, "LAUNCH", target, None, None)
        cand.actors = list(dict.fromkeys(probe.actors + cand.actors))
        cand.cue = "planned"
        cand.confidence = 0.7
        return cand

    def _is_actor_position(self, h: ParseToken) -> bool:
        """'compiled by the Nature Index', 'Bloomberg's index ranks': an actor, not the event."""
        if h.dep_ == "pobj" and h.head.lower_ == "by":
            return True
        if h.dep_ == "nsubj" and any(ve.type == "REPORT" for ve in self.triggers.verbs_at(h.head)):
            return True  # "Nature Index unveils first global science city ranking"
        return False

    def _report_from(self, h: ParseToken) -> bool:
        # "a new report from Oxford Insights", "a newly published index from Stanford University"
        for c in h.children:
            if c.dep_ == "prep" and c.lower_ in ("from", "by"):
                if any(map(self.ctx.mention_at.__getitem__, self.ctx.descendants(c.i))):  # (an entity below)
                    return True
        return False

    def _is_generic(self, cand: Candidate, entry: Optional[NounEntry]) -> bool:
        """A bare phrase ("the report", "The Index", "the three-day conference") that refers back."""
        if cand.entity_id or cand.name_source in ("naming", "appos") or cand.name_years:
            return False
        if entry is not None and entry.generic:
            return True
        if cand.type == "LAUNCH" and cand.definite and cand.key == frozenset({cand.head_word}) \
                and cand.name and len(cand.name.split()) == 1:
            return True  # "The laboratory, to be based at ...": the lab just named
        return not cand.key

