"""Targets: "the park aims to gather 300 AI companies by 2027", "a plan requiring data centres to
draw 80 percent of their power from green sources by 2027", "the centre will raise its computing
power to 3,000 petaflops by the end of 2027". A goal set for a date is a planned OTHER event whose
only date is its deadline (``end``). The clause must be under a verb that sets a goal
(``target_governors``: "aim", "require", "call for") or be a named doer's "will" clause; a clause
that already holds an event ("plans to open a plant by 2027") is that event, not a target."""

from __future__ import annotations

from typing import Optional

from .candidate import Candidate
from .context import DateMention
from .syntax import clean_name, join
from .timeline import relation
from .tokens import ParseToken

_MAX_CLIMB = 3  # "by the end of 2027": from the date's head up to "by"
_MAX_GOVERNOR = 3  # from the clause's verb up to the verb that sets the goal
_SKIP_DEPS = frozenset({"aux", "auxpass", "mark", "nsubj", "nsubjpass", "punct", "advmod", "npadvmod"})
_DOERS = frozenset({"ORG", "GPE", "FAC", "LOC"})
_BEFORE_DEADLINE = frozenset({"by", "of"})  # the word before a deadline's date ("by 2027", "the end of 2027")


def find_targets(det, found: list[Candidate]) -> list[Candidate]:
    """The targets of the document (``det`` is the :class:`~.detect.Detector`); ``found`` are the
    mentions found so far, whose clauses are not targets."""
    out: list[Candidate] = []
    taken = {c.trigger[0] for c in found}
    lower = det.ctx.lower_at
    for d in det.ctx.dates:
        if d.span.start == 0 or lower[d.span.start - 1] not in _BEFORE_DEADLINE:
            continue  # (a cheap test first: "by 2027", "by the end of 2027")
        verb = _by_clause_verb(det, d)
        if verb is None or not _sets_goal(det, verb, d):
            continue
        verb = _goal_clause(det, verb)
        clause = _clause_head(verb)
        if any(clause.left_edge.idx <= t < clause.right_edge.idx + len(clause.right_edge.text) for t in taken):
            continue  # "plans to open a plant by 2027": the plant's launch
        cand = _target(det, verb, clause, d)
        if cand is not None:
            taken.add(cand.trigger[0])
            out.append(cand)
    return out


def _by_clause_verb(det, d: DateMention) -> Optional[ParseToken]:
    """The verb a "by <date>" phrase hangs on ("raise ... by 2027", "by the end of 2027")."""
    tok = det.tokens[d.span.root.i]
    for _ in range(_MAX_CLIMB):
        head = tok.head
        if head is tok:
            return None
        if head.lower_ == "by" and head.dep_ == "prep":
            verb = head.head
            return verb if verb.pos_ in ("VERB", "AUX") and det.ctx.same_unit(verb, head) else None
        if head.pos_ in ("VERB", "AUX"):
            return None
        tok = head
    return None


def _sets_goal(det, verb: ParseToken, d: DateMention) -> bool:
    """A goal-setting verb governs the clause, or a named doer "will" do it by a later date."""
    dct = det.ctx.dct
    if dct and relation(d.end or d.start, dct) == "before":
        return False  # "sales had doubled by 2020": an outcome, not a goal
    t = verb
    for _ in range(_MAX_GOVERNOR + 1):
        if det.words[t.i] in det.cues.target_governors:
            return True
        if t.head is t or not det.ctx.same_unit(t.head, t):
            break
        t = t.head
    will = any(c.dep_ == "aux" and c.lower_ in ("will", "shall") for c in verb.children)
    return will and dct is not None and relation(d.start, dct) == "after" and _named_doer(det, verb) is not None


def _named_doer(det, verb: ParseToken):
    """The mention of the clause's subject when it is a named organization or place."""
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    m = det.ctx.entity(subj) if subj is not None else None
    return m if m is not None and m.label in _DOERS else None


def _setter(det, verb: ParseToken):
    """Who sets the goal: the first named subject up the clauses ("Beijing issued a plan that calls
    for 10 lines to be built by 2028": Beijing)."""
    t = verb
    for _ in range(_MAX_GOVERNOR + 2):
        m = _named_doer(det, t) if t.pos_ in ("VERB", "AUX") else None
        if m is not None or t.head is t or not det.ctx.same_unit(t.head, t):
            return m
        t = t.head
    return None


def _goal_clause(det, verb: ParseToken) -> ParseToken:
    """"By 2025, the country aims to achieve mass production": the goal is the clause under "aims"."""
    if det.words[verb.i] not in det.cues.target_governors:
        return verb
    return next((c for c in verb.children if c.dep_ == "xcomp" and c.pos_ == "VERB"), verb)


def _clause_head(verb: ParseToken) -> ParseToken:
    """The first of coordinated verbs ("gather 300 companies and build an industry by 2027"), or
    the noun a participle describes ("large models deployed in 70 percent of firms by 2028")."""
    while verb.dep_ == "conj" and verb.head.pos_ == "VERB":
        verb = verb.head
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        return verb.head
    return verb


def _target(det, verb: ParseToken, clause: ParseToken, d: DateMention) -> Optional[Candidate]:
    k = det.ctx.unit_at[verb.i]
    cand = det.slots.make(k, det.ctx.units[k], "OTHER", verb, verb, None)
    name = _name(det, verb, clause)
    if not name:
        return None
    cand.name, cand.key = name, det.slots.key(name, "OTHER")
    cand.start, cand.end = None, d.end or d.start
    cand.cue, cand.named, cand.generic, cand.confidence = "planned", False, False, 0.5
    setter = _setter(det, verb)
    if setter is not None and not cand.actors:
        cand.actors = [setter.id]
        if setter.label == "GPE" and not cand.location:
            cand.location, cand.location_rank = setter.canonical, 2  # "Beijing issued a plan that calls for ..."
    return cand


def _name(det, verb: ParseToken, clause: ParseToken) -> str:
    """The clause without its "by" phrase, subject and auxiliaries: "raise Guizhou's computing
    capacity to 100 EFLOPS"; a passive clause by its subject ("10 pilot lines ... to be built")."""
    subj = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    top = subj if subj is not None and clause is verb else clause
    unit = det.ctx.unit_at[verb.i]
    drop: set[int] = set()
    for t in top.subtree:
        if t.lower_ == "by" and t.head.i == verb.i or (t.head.i == top.i != t.i and t.dep_ in _SKIP_DEPS) or \
                t.dep_ == "relcl":
            drop.update(s.i for s in t.subtree)
    toks = [t.i for t in top.subtree if t.i not in drop and det.ctx.unit_at[t.i] == unit]
    return clean_name(join(det.tokens, toks))
