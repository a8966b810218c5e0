"""The events stage's shortcuts give what the slow way gives.

The stage decides some mentions before building their names or filling their
slots (``Detector._rejected_unnamed``, ``_report_rejected_by_name``,
``_unanchored_anaphor``, ``SlotFiller.unanchored``) and reads the parse through
index lists rather than spaCy's objects (``DocContext.descendants``, sentence
bounds from the SENT_START column, ``syntax.join`` over runs of text, the
planning modifiers of a whole document at once, words from per-tag tables). Each is checked here against
the long way on the fixture articles and on texts written for these tests.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

spacy = pytest.importorskip("spacy")

from ai_news_extract.events import Detector, extract_events, load_lexicon  # noqa: E402
from ai_news_extract.events.candidate import cues_of  # noqa: E402
from ai_news_extract.events.context import DocContext, _lowers_of, _sentences  # noqa: E402
from ai_news_extract.events.lexicon import word_of  # noqa: E402
from ai_news_extract.events.slots import SlotFiller  # noqa: E402
from ai_news_extract.events.syntax import entity_in, join  # noqa: E402

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "docs"
TEXTS = [
    "Acme Robotics to open lab in Oslo\n\nOSLO, May 3 (Wire) -- Acme Robotics will co-host a two-day summit "
    "on Friday, the company said. The report ranked the city first. The planned hub and a proposed institute "
    "were announced. The conference, which opens next year, is the first of its kind in the country.",
    "The forum will be held in Bergen. Organizers said the forum drew 3,000 visitors; the next edition "
    "is due in 2025. A new index from the Nordic Institute named Oslo the top city.\n \nPhoto: Nordic AI Forum",
    # mentions without a trigger verb, date or place that are events all the same (planned, named)
    "Officials praised the upcoming Nordic AI Summit. It is a big one.",
    "Officials praised the forthcoming World AI Conference and its organizers.",
    "Called the AI Readiness Index 2024, the study looks at skills and talent.",
    "The Global AI Index 2024 is out. The index looks at talent.",
    "The county hopes for a proposed Google Data Center on the coast.",
    "The city backs a proposed Robotics Hub near the port.",
    "Paris came first in the ranking of smart cities for 2023.",
]


@pytest.fixture(scope="module")
def docs(extractor):
    texts = TEXTS + [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.txt"))[:12]]
    return [extractor.nlp(text) for text in texts]


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


def _contexts(docs, lexicon):
    return [DocContext.from_doc(doc, lexicon.cue("money_pattern")) for doc in docs]


def test_early_rejections_change_nothing(docs, lexicon, monkeypatch):
    fired = {"n": 0}
    shortcuts = ("_rejected_unnamed", "_report_rejected_by_name", "_unanchored_anaphor")
    originals = {name: getattr(Detector, name) for name in shortcuts}

    def counting(original):
        def wrapped(*args, **kwargs):
            said = original(*args, **kwargs)
            fired["n"] += bool(said)
            return said
        return wrapped

    for name in shortcuts:
        monkeypatch.setattr(Detector, name, counting(originals[name]))
    fast = [extract_events(doc, lexicon) for doc in docs]
    assert fired["n"] > 10  # (the shortcuts were taken: the comparison below means something)
    for name in shortcuts:
        monkeypatch.setattr(Detector, name, lambda *args, **kwargs: False)
    slow = [extract_events(doc, lexicon) for doc in docs]
    assert fast == slow
    assert any(fast)


def test_unanchored_mentions_get_no_date_place_or_length(docs, lexicon):
    checked = 0
    for ctx in _contexts(docs, lexicon):
        slots = SlotFiller(ctx, lexicon)
        for k, unit in enumerate(ctx.units):
            for tok in ctx.tokens[unit.start : unit.end]:
                if tok.pos_ not in ("NOUN", "PROPN") or not slots.unanchored(tok, unit):
                    continue
                for pred in (None, tok.head if tok.head.pos_ in ("VERB", "AUX") else None):
                    for typ in ("CONFERENCE", "REPORT", "LAUNCH"):
                        cand = slots.make(k, unit, typ, tok, pred, None)
                        assert not (cand.start or cand.end or cand.location or cand.duration), (tok.text, typ)
                        checked += 1
        ctx.release()
    assert checked > 50


def test_index_helpers_read_as_spacy(docs, lexicon):
    planned_mods = cues_of(lexicon).planned_mods
    for doc, ctx in zip(docs, _contexts(docs, lexicon)):
        assert _sentences(doc, ctx.sent_starts) == [(s.start, s.end) for s in doc.sents]
        assert ctx.lower_at == [t.lower_ for t in doc] == _lowers_of([t.text for t in doc])
        assert ctx.words == [word_of(t) for t in doc]  # (per tag table vs the word of each token)
        slots = SlotFiller(ctx, lexicon)
        for tok, mine in zip(doc, ctx.tokens):
            assert sorted(ctx.descendants(tok.i)) == sorted(t.i for t in tok.subtree)
            # the long way: the token's own modifiers, or those of the noun it is a conjunct of
            planned = any(x is not None and any(c.lower_ in planned_mods for c in x.children
                                                if c.dep_ in ("amod", "compound"))
                          for x in (tok, tok.head if tok.dep_ == "conj" else None))
            assert slots.planned_modifier(mine) == planned
            assert entity_in(ctx, mine) is _entity_in_long_way(ctx, mine)
        for start in range(0, len(doc), 3):
            idx = [i for i in range(start, min(len(doc), start + 7)) if i % 4 != 1]
            assert join(ctx.tokens, idx) == _join_long_way(ctx.tokens, idx)
        ctx.release()


def test_rank_expression_finds_what_the_plain_pattern_finds(docs, lexicon):
    plain = re.compile(lexicon.cue("rank_expression"), re.IGNORECASE)
    fast = cues_of(lexicon).rank_expression
    for doc in docs:
        for sent in doc.sents:
            assert [m.span() for m in fast.finditer(sent.text)] == [m.span() for m in plain.finditer(sent.text)]


def _join_long_way(tokens, idx):
    """``syntax.join`` as it was: token by token, with each token's own trailing space."""
    idx = sorted(idx)
    parts = []
    for n, i in enumerate(idx):
        t = tokens[i]
        ws = t.whitespace_ if n + 1 < len(idx) and idx[n + 1] == i + 1 else (" " if n + 1 < len(idx) else "")
        parts.append(t.text + ws)
    return " ".join("".join(parts).split()).strip(" ,;:-")


def _entity_in_long_way(ctx, tok):
    """``syntax.entity_in`` as it was, over the ParseTokens."""
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "of" and tok.pos_ == "NOUN":
            for g in c.children:
                m = ctx.entity(g)
                if g.dep_ == "pobj" and m is not None and m.label in ("GPE", "LOC", "FAC"):
                    return m
    for t in [*tok.lefts, tok, *tok.rights]:
        if t.dep_ in ("relcl", "acl", "appos", "prep") and t.i != tok.i:
            continue
        m = ctx.entity(t)
        if m is not None and t.head.i == tok.i and t.dep_ in ("compound", "nmod", "poss"):
            return m
    return None


def test_detector_word_lists_are_the_plain_tests(docs, lexicon):
    """``Detector.__init__`` sorts the words into its lists with one look-up per word and takes only
    the tokens of names that ``_named_root`` takes; the plain per-token tests give the same lists
    (less the name tokens that ``_unit`` would pass over)."""
    from ai_news_extract.events.detect import NAMED_LABELS

    skipped = 0
    for ctx in _contexts(docs, lexicon):
        det = Detector(ctx, lexicon)
        cues, words, n = det.cues, ctx.words, len(ctx.words)
        noun_words = cues.product_acts | frozenset(lexicon.nouns)
        verb_words = frozenset(lexicon.verbs) | cues.agreeing | det._listing
        unit_words = cues.trigger_words | cues.agreeing | det._listing
        # the mention each token belongs to: the first that covers it
        first = [None] * n
        for m in ctx.mentions:
            for i in range(m.span.start, m.span.end):
                if first[i] is None:
                    first[i] = m
        assert ctx.mention_at == first
        named = {i for i in range(n) if first[i] is not None and first[i].label in NAMED_LABELS}
        plain = sorted(named | {i for i in range(n) if words[i] in noun_words})
        assert set(det._noun_slots) <= set(plain) and det._noun_slots == sorted(det._noun_slots)
        for i in set(plain) - set(det._noun_slots):  # (what _unit would pass over at its first tests)
            assert words[i] not in noun_words and det._named_root(ctx.tokens[i]) is None
            skipped += 1
        assert det._verb_slots == [i for i in range(n) if words[i] in verb_words]
        assert det._unit_hits == [i for i in range(n) if words[i] in unit_words]
        assert det._verbs == [i for i in range(n) if ctx.verb_at[i]]
        assert det._nouns_and_verbs == [i for i in range(n) if words[i] in lexicon.nouns or ctx.verb_at[i]]
        ctx.release()
    assert skipped > 10  # (the shortcut was taken)
