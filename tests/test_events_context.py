"""The events stage's view of a Doc reads what spaCy's own objects give.

``ParseToken`` and ``TokenSpan`` stand for spaCy's Token and Span in the event rules;
``DocContext.char_tokens`` stands for ``Doc.char_span(..., alignment_mode="expand")``
and ``span_root`` for ``Span.root``. Each is checked against spaCy on every token,
span and character range of a few documents; and extracting events leaves no
reference cycles behind (they would keep every token until the garbage collector runs).
Texts written for these tests.
"""

from __future__ import annotations

import gc

import pytest

spacy = pytest.importorskip("spacy")

from ai_news_extract.events import extract_events, load_lexicon  # noqa: E402
from ai_news_extract.events.context import DocContext  # noqa: E402
from ai_news_extract.events.lexicon import doc_words  # noqa: E402

TEXTS = [
    "Acme Robotics to open lab in Oslo\n\nOSLO, May 3 (Wire) -- Acme Robotics will co-host a two-day summit "
    "on Friday, the company said.  It raised HK$400 million (about $51 million) in a round led by Zeta Capital.\n"
    "The lab, which opens next year, is Acme's first outside Norway.",
    "The 2024 edition of the Nordic AI Forum ran from June 4 to June 6 in Bergen. Organizers said it drew 3,000 "
    "visitors to the Grieg Hall ; the next edition is due in 2025.\n \nPhoto: Nordic AI Forum",
    "Officials signed up to the plan and got the project under way.The expo closed on Sunday!",
]


@pytest.fixture(scope="module")
def docs(extractor):
    return [extractor.nlp(text) for text in TEXTS]


@pytest.fixture(scope="module")
def contexts(docs):
    return [DocContext.from_doc(doc, load_lexicon().cue("money_pattern")) for doc in docs]


def test_tokens_read_as_spacy_tokens(docs, contexts):
    for doc, ctx in zip(docs, contexts):
        assert len(ctx.tokens) == len(doc)
        assert ctx.words == doc_words(doc)
        for tok, mine in zip(doc, ctx.tokens):
            assert (mine.i, mine.text, mine.lower_, mine.dep_, mine.tag_, mine.pos_, mine.idx) == \
                   (tok.i, tok.text, tok.lower_, tok.dep_, tok.tag_, tok.pos_, tok.idx)
            assert (mine.whitespace_, mine.is_space, mine.is_punct, mine.is_alpha, mine.like_num) == \
                   (tok.whitespace_, tok.is_space, tok.is_punct, tok.is_alpha, tok.like_num)
            assert mine.head.i == tok.head.i and mine.head is ctx.tokens[tok.head.i]
            for attr in ("children", "lefts", "rights", "subtree", "ancestors"):
                assert [t.i for t in getattr(mine, attr)] == [t.i for t in getattr(tok, attr)], attr
            assert (mine.left_edge.i, mine.right_edge.i) == (tok.left_edge.i, tok.right_edge.i)
            assert list(ctx.children_at[tok.i]) == [c.i for c in tok.children]
            assert mine.doc[tok.i] is mine


def test_char_tokens_is_char_span_expand(docs, contexts):
    for doc, ctx in zip(docs, contexts):
        n = len(doc.text)
        for start in range(-1, n + 2):
            for end in range(start, min(n + 2, start + 14)):
                span = doc.char_span(start, end, alignment_mode="expand") if 0 <= start and end <= n else None
                expected = None if span is None else (span.start, span.end)
                assert ctx.char_tokens(start, end) == expected, (start, end)


def test_span_root_is_spacy_root(docs, contexts):
    for doc, ctx in zip(docs, contexts):
        for start in range(len(doc)):
            for end in range(start + 1, min(len(doc), start + 8) + 1):
                assert ctx.span_root(start, end) == doc[start:end].root.i, (start, end)


def test_mentions_dates_and_units(docs, contexts):
    for doc, ctx in zip(docs, contexts):
        for m in ctx.mentions + ctx.dates:
            span = doc[m.span.start : m.span.end]
            assert (m.span.start_char, m.span.end_char, m.span.text) == (span.start_char, span.end_char, span.text)
            assert m.root.i == span.root.i
        assert [(u.start, u.end) for u in ctx.units] == _units(doc)
    assert any(ctx.money for ctx in contexts) and any(ctx.mentions for ctx in contexts)


def test_units_cut_sentences_at_line_breaks(extractor):
    # one "sentence" over a headline, a blank line and a body line (as a parse may leave it)
    doc = extractor.nlp.make_doc("Acme opens lab\n\n  \nThe lab opens in May .\n")
    for tok in doc:
        tok.is_sent_start = tok.i == 0
    ctx = DocContext.from_doc(doc)
    assert [(u.start, u.end) for u in ctx.units] == _units(doc)
    assert [u.text.strip() for u in ctx.units] == ["Acme opens lab", "The lab opens in May ."]


def _units(doc) -> list[tuple[int, int]]:
    """The units (sentences cut again at line breaks, never only whitespace) the long way, with
    spaCy's tokens."""
    units = []
    for sent in doc.sents:
        if "\n" not in doc.text[sent.start_char : sent.end_char].rstrip():
            units.append((sent.start, sent.end))
            continue
        start = sent.start
        for tok in sent:
            if tok.is_space and "\n" in tok.text:
                if tok.i + 1 > start:
                    units.append((start, tok.i + 1))
                start = tok.i + 1
        if start < sent.end:
            units.append((start, sent.end))
    return [(s, e) for s, e in units if any(not t.is_space for t in doc[s:e])]


def test_extraction_leaves_no_reference_cycles(docs):
    lex = load_lexicon()
    extract_events(docs[0], lex)  # (lazy loads first)
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        events = [extract_events(doc, lex) for doc in docs]
        assert gc.collect() == 0
    finally:
        if enabled:
            gc.enable()
    assert any(events)
