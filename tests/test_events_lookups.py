"""The events stage's shortcuts give what the long way gives.

DocTriggers answers as the Lexicon does; the head-index forms of ``_rest_follows``
and ``depth`` agree with the Token forms; ``opens_with`` is the prefix rule it
replaced; and the detector's early rejection by name (``_rejected_by_name``) never
drops a mention the full slot filling would keep. Texts written for these tests.
"""

from __future__ import annotations

import pytest

spacy = pytest.importorskip("spacy")

from ai_news_extract.events import detect as detect_module  # noqa: E402
from ai_news_extract.events import extract_events  # noqa: E402
from ai_news_extract.events.context import DocContext  # noqa: E402
from ai_news_extract.events.lexicon import DocTriggers, _rest_follows, load_lexicon  # noqa: E402
from ai_news_extract.events.syntax import depth_at, opens_with  # noqa: E402

TEXTS = [
    "Acme Robotics will set up a research lab in Oslo next year, the company said on Monday.",
    "The three-day summit opened on Tuesday and will run through Thursday in Lisbon.",
    "Zeta Capital put $40 million into the startup, which was spun off from Acme in 2021.",
    "A forum on the digital economy was held in Bern. It was unveiled at a forum on Friday.",
    "The report, published by the Institute on June 2, ranks Oslo first. The index will be updated annually.",
    "Officials signed up to the plan and got the project under way. The expo closed on Sunday.",
    "A new lab, an event, the centre and several forums were mentioned, but nothing happened.",
]


@pytest.fixture(scope="module")
def docs(nlp):
    return list(nlp.pipe(TEXTS))


def test_doc_triggers_answer_as_the_lexicon(docs):
    lex = load_lexicon()
    for doc in docs:
        ctx = DocContext.from_doc(doc, lex.cue("money_pattern"))
        memo = DocTriggers(lex, ctx.words, ctx.head_at)
        for tok in doc:
            assert memo.noun_at(tok) == lex.noun_at(tok, ctx.words)
            assert memo.verbs_at(tok) == lex.verbs_at(tok, ctx.words)
            assert memo.verbs_at(tok) is memo.verbs_at(tok)  # found once


def test_head_indices_agree_with_tokens(docs):
    lex = load_lexicon()
    for doc in docs:
        ctx = DocContext.from_doc(doc)
        assert ctx.head_at == [t.head.i for t in doc]
        for tok in doc:
            for rest in (("up",), ("under", "way"), ("into",), ("to",)):
                assert _rest_follows(tok, rest, ctx.words, ctx.head_at) == _rest_follows(tok, rest, ctx.words)
            for anc in doc:
                x, d = tok, 0
                while x.i != anc.i and x.head.i != x.i:
                    x, d = x.head, d + 1
                assert depth_at(ctx.head_at, tok.i, anc.i) == (d if x.i == anc.i else 99)
        assert lex  # (loaded once for the module)


@pytest.mark.parametrize("words", ["get under way", "get", "getting under", "get  under", "", " get", "under way"])
def test_opens_with_is_the_prefix_rule(words):
    phrases = frozenset({"get under", "get", "under way x"})
    assert opens_with(words, phrases) == any(words == w or words.startswith(w + " ") for w in phrases)


def test_rejection_by_name_keeps_every_event(nlp, docs, monkeypatch):
    """Without the shortcut (slots filled for every mention) the events are the same."""
    lex = load_lexicon()
    shortcut = detect_module.Detector._rejected_by_name
    rejected = []
    monkeypatch.setattr(detect_module.Detector, "_rejected_by_name",
                        lambda self, *a: rejected.append(shortcut(self, *a)) or rejected[-1])
    fast = [extract_events(doc, lex) for doc in docs]
    monkeypatch.setattr(detect_module.Detector, "_rejected_by_name", lambda self, *a: False)
    slow = [extract_events(doc, lex) for doc in docs]
    assert fast == slow
    assert any(fast) and any(rejected)  # the texts have events, and mentions the shortcut drops
