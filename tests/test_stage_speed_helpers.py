"""The speed helpers of the stages give the same answers as the slow ways.

timex.required (window tests), the tagger's lower-case trigger scan and cue-word trees,
rankings.table (char offsets -> tokens), rankings.lowered (case-insensitive patterns over
the lower-cased text), the windowed inline-marker scan and the header's line starts by
bisection: each against the plain form.
"""

from __future__ import annotations

import random
import re

import pytest

from ai_news_extract.timex import default_tagger
from ai_news_extract.timex.required import WindowTest, required_literals
from ai_news_extract.scan import lower_text, plain_text
from ai_news_extract.timex.tense import _word_tree

TEXTS = [
    "The summit will run from May 3 to 5, 2024, two days after the 2023-11-08 00:21:45 release.",
    "Shares rose 3% in the first half of FY23; in Q3 2019 sales fell for the third straight quarter.",
    "He was born in the 1980s and moved to St.Louis at 10 p.m. on Wednesday, Sept. 4, 2024 - 15:27.",
    "EARLY 2019, the CEO said: 'In the coming years, annual output will double every 18 months.'",
    "Beijing took the top spot, with Shenzhen 2nd and Guangzhou (No. 3) close behind; 1st-ranked a1b22.",
    "The index, released Friday, covers 50 cities; it was first published in 2014 and updated in June.",
]


def _random_texts(n: int, seed: int = 7) -> list[str]:
    words = ["the", "year", "years", "2019", "May", "may", "3", "12th", "Q1", "fy", "st.", "Louis", "next",
             "week", "morning", "in", "ago", "-", "/", ",", ".", "\n", "1980s", "'90s", "half", "first",
             "December", "Monday", "daily", "two", "decades", "noon", "10:30", "p.m.", "İ", "ſ", "٣"]
    rnd = random.Random(seed)
    return [" ".join(rnd.choice(words) for _ in range(rnd.randint(3, 40))) for _ in range(n)]


# -- timex.required ------------------------------------------------------------------------


def test_required_literals_of_simple_patterns():
    assert required_literals(r"\bnext\s+(?:week|month)\b") == [frozenset({"next"}), frozenset({"week", "month"})]
    assert required_literals(r"(?:the\s+)?year") == [frozenset({"year"})]
    assert required_literals(r"\d{4}") and required_literals(r"a?") == []


def test_window_tests_never_turn_away_a_window_with_a_match():
    tagger = default_tagger()
    texts = TEXTS + _random_texts(300)
    for rule in tagger.rules:
        test = WindowTest(required_literals(rule.source, re.IGNORECASE))
        for text in texts:
            low = lower_text(text)
            if low is None:
                continue
            for lo in range(0, len(text), 7):
                hi = min(len(text), lo + 60)
                if any(m.end() > m.start() for m in rule.scan_regex.finditer(text, lo, hi)):
                    assert test(low, lo, hi), (rule.name, text[lo:hi])


def test_plain_text_refuses_case_folding_letters_and_foreign_digits():
    assert plain_text("Plain ASCII text 2019") and plain_text("Curly ’quotes’ — and dashes")
    assert not plain_text("\u212a is Kelvin") and not plain_text("ſ") and not plain_text("İstanbul")
    assert not plain_text("year ٢٠١٩")


# -- the tagger's trigger scan and tense cues -----------------------------------------------------


def test_lower_case_trigger_scan_finds_the_word_scan_hits():
    tagger = default_tagger()
    for text in TEXTS + _random_texts(300):
        low = lower_text(text)
        if low is not None:
            assert tagger.trigger_hits(text, low) == tagger.trigger_hits(text)


def test_word_tree_matches_as_the_longest_first_alternation():
    words = ("is", "is set", "is set to", "will", "won't", "due to", "due", "'ll", "set to")
    plain = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
    tree, alt = re.compile(rf"\b(?:{_word_tree(words)})\b", re.I), re.compile(rf"\b(?:{plain})\b", re.I)
    for text in ["it is set  to rise, it is due to end, it's set to go, he'll come", "Is Set To / WON'T / due"]:
        assert [m.span() for m in tree.finditer(text)] == [m.span() for m in alt.finditer(text)]


# -- rankings helpers ----------------------------------------------------------------------


def test_doc_table_expand_is_char_span_expand():
    spacy = pytest.importorskip("spacy")
    from ai_news_extract.rankings.table import DocTable

    nlp = spacy.blank("en")
    doc = nlp("Beijing  took\nthe top spot , ahead of  Shanghai.\n\n1. Apple\n")
    table = DocTable(doc, ())
    n = len(doc.text)
    for s in range(-1, n + 2):
        for e in range(s, min(n + 2, s + 12)):
            try:
                want = doc.char_span(s, e, alignment_mode="expand")
                want = None if want is None else (want.start, want.end)
            except IndexError:
                with pytest.raises(IndexError):
                    table.expand(s, e)
                continue
            assert table.expand(s, e) == want, (s, e)


def test_case_sensitive_patterns_over_the_lower_cased_text():
    from ai_news_extract.rankings import load_lexicon
    from ai_news_extract.rankings.lowered import case_sensitive

    lex = load_lexicon()
    texts = TEXTS + [t.upper() for t in TEXTS] + _random_texts(200)
    for pattern in (lex.cue_regex, lex.coverage_regex):
        folded = case_sensitive(pattern)
        assert folded is not None
        for text in texts:
            low = lower_text(text)
            if low is not None:
                assert [m.span() for m in folded.finditer(low)] == [m.span() for m in pattern.finditer(text)]
    assert case_sensitive(re.compile(r"(?-i:May) \d", re.I)) is None
    assert case_sensitive(re.compile(r"\W+rank", re.I)) is None


def test_windowed_inline_markers_are_the_plain_scan():
    from ai_news_extract.rankings.extract import _INLINE_MARK, _inline_marks

    pieces = ["1. Apple", "(2) Beijing", "No. 3 Tokyo", "number 4 X", "no.5 Y", "12. Zed", "(10)  Q", "a1. B",
              "Nr 7\tD", ":2. F", "Number. 12 G", "\n", " ", ", ", "in order: ", "1 ", "x"]
    rnd = random.Random(3)
    for _ in range(500):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 25)))
        assert [(m.span(), m.groups()) for m in _inline_marks(text)] == \
            [(m.span(), m.groups()) for m in _INLINE_MARK.finditer(text)]


# -- header.mark_line_starts ---------------------------------------------------------------


def test_line_starts_by_bisection_are_the_token_walk():
    import spacy

    from ai_news_extract.stages.header import mark_line_starts

    def token_walk(doc):
        for i, tok in enumerate(doc[:-1]):
            if "\n" in tok.text or "\n" in tok.whitespace_:
                if not doc[i + 1].is_space:
                    doc[i + 1].is_sent_start = True

    nlp = spacy.blank("en")
    rnd = random.Random(3)
    pieces = ["a", "b.", "\n", "\n\n", " ", "  \n ", "Word", "x\ny", "\r\n", "\t\n", "BEIJING,"]
    texts = TEXTS + ["".join(rnd.choice(pieces) + rnd.choice(["", " "]) for _ in range(rnd.randint(0, 14)))
                     for _ in range(1500)]
    marked = 0
    for text in texts:
        slow, fast = nlp.make_doc(text), nlp.make_doc(text)
        token_walk(slow)
        mark_line_starts(fast)
        assert [t.is_sent_start for t in fast] == [t.is_sent_start for t in slow], repr(text)
        marked += sum(bool(t.is_sent_start) for t in fast)
    assert marked > 1000  # the texts do have line starts to mark


# -- rankings: token ranges without Spans, lemmas from ids, the matcher's next-token test ----------


def _random_parsed_docs(n: int, seed: int = 11):
    """Blank-vocab Docs with random words, spaces, POS tags and dependency trees (a root per sentence)."""
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import Doc

    vocab = spacy.blank("en").vocab
    words = ["Beijing", "ranked", "third", "the", "report", "released", "on", "Friday", ",", "and", "\n", "AI",
             "leads", "in", "No.", "1", "Top", "as", "well", "-", "placed", "by", "IDC", "March", "28"]
    tags = ["NOUN", "PROPN", "VERB", "AUX", "ADJ", "ADP", "DET", "NUM", "PUNCT", "SPACE", "CCONJ"]
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        size = rnd.randint(1, 14)
        # a random tree: each token's head is an earlier token of its sentence, or itself (a root)
        heads, start = [], 0
        for i in range(size):
            if i > 0 and rnd.random() < 0.15:
                start = i  # a new sentence
            heads.append(i if i == start else rnd.randrange(start, i + 1))
        out.append(Doc(vocab, words=[rnd.choice(words) for _ in range(size)],
                       spaces=[rnd.random() < 0.7 for _ in range(size)],
                       pos=[rnd.choice(tags) for _ in range(size)], heads=heads,
                       deps=["ROOT" if h == i else rnd.choice(["nsubj", "dobj", "prep", "pobj", "acl", "amod"])
                             for i, h in enumerate(heads)],
                       lemmas=[rnd.choice(["", "release", "rank", "report"]) for _ in range(size)]))
    return out


def test_doc_table_text_of_is_span_text():
    from ai_news_extract.rankings.table import DocTable

    for doc in _random_parsed_docs(200):
        table = DocTable(doc, ())
        for s in range(len(doc) + 1):
            for e in range(s, len(doc) + 1):
                assert table.text_of(s, e) == doc[s:e].text, (s, e)
                if e > s:
                    assert table.end_char(e) == doc[s:e].end_char and table.starts[s] == doc[s:e].start_char


def test_span_root_and_tokens_are_the_spans():
    from ai_news_extract.rankings.names import span_root, tokens

    checked = 0
    for doc in _random_parsed_docs(200, seed=12):
        for s in range(len(doc)):
            for e in range(s + 1, len(doc) + 1):
                assert span_root(doc, s, e) == doc[s:e].root, (s, e)
                assert tokens(doc, s, e) == list(doc[s:e])
                checked += 1
    assert checked > 1000


def test_lemma_from_ids_is_the_token_lemma():
    from spacy.attrs import LEMMA, LOWER, POS

    from ai_news_extract.rankings import load_lexicon

    lex = load_lexicon()
    for doc in _random_parsed_docs(200, seed=13):
        cols = doc.to_array([LEMMA, LOWER, POS]).tolist()
        for t, (lemma, lower, pos) in zip(doc, cols):
            assert lex.lemma_from_ids(lemma, lower, pos, doc.vocab.strings) == lex.lemma(t)


def test_date_in_with_and_without_the_phrase_walk():
    """sources._date_in skips the walk of the phrase when no calendar date lies inside it: the same
    answer as the walk (the plain form, kept here) on random trees and dates."""
    from ai_news_extract.rankings import load_lexicon
    from ai_news_extract.rankings.sources import _date_in, _release_dates

    lex = load_lexicon()

    def plain(head, dates):
        sub_lo, sub_hi = head.left_edge.idx, head.right_edge.idx + len(head.right_edge)
        verbs = [t for t in head.subtree if lex.lemma(t) in lex.release_verbs and t.pos_ in ("VERB", "AUX")]
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
                if d.get("type") not in ("DATE", None) or not str(d.get("value") or "")[:1].isdigit():
                    continue
                if lo <= d["start"] and d["end"] <= hi and (v.i == gov.i or sub_lo <= d["start"] <= sub_hi):
                    return d.get("value")
        return None

    rnd = random.Random(5)
    found = 0
    for doc in _random_parsed_docs(400, seed=14):
        n = len(doc.text)
        dates = []
        for _ in range(rnd.randint(0, 4)):
            s = rnd.randrange(n + 1)
            dates.append({"start": s, "end": min(n, s + rnd.randint(0, 12)), "type": rnd.choice(["DATE", None, "DURATION"]),
                          "value": rnd.choice(["2024-03-28", "PAST_REF", None, "XXXX-03"])})
        doc._.news_dates = dates
        for head in doc:
            want = plain(head, dates)
            assert _date_in(doc, head, _release_dates(doc), lex) == want
            found += want is not None
    assert found > 20  # the dates do get found


def test_token_matcher_next_token_test_keeps_spacys_matches():
    """TokenMatcher starts no state that spaCy's machine would reject at the next token without a
    match; on random token runs of the patterns' own words it still gives spaCy's matches, in order."""
    spacy = pytest.importorskip("spacy")
    from spacy.matcher import Matcher
    from spacy.tokens import Doc

    from ai_news_extract.rankings import load_lexicon
    from ai_news_extract.rankings.lexicon import _expand, _generated_lists
    from ai_news_extract.rankings.matcher import TokenMatcher

    lex = load_lexicon()
    lists = dict(_generated_lists())
    lists["$ordinals"] = sorted(lex.ordinal_words) + lists["$numeric_ordinals"]
    patterns = [(e["label"], _expand(e["pattern"], lists)) for e in lex.patterns] + [
        ("OPT_MID", [{"LOWER": "in"}, {"LOWER": "the", "OP": "?"}, {"LOWER": {"IN": ["top", "order"]}}]),
        ("OPT_TAIL", [{"LIKE_NUM": True}, {"IS_PUNCT": True, "OP": "?"}, {"LIKE_NUM": True, "OP": "?"}]),
        ("ALL_OPT", [{"LOWER": "at"}, {"LOWER": "the", "OP": "?"}, {"LOWER": "end", "OP": "?"}]),
    ]
    vocab = spacy.blank("en").vocab
    ours = TokenMatcher(vocab, patterns)
    reference = Matcher(vocab)
    for label, pattern in patterns:
        reference.add(label, [pattern])
    words = ["in", "this", "that", "order", "turn", "at", "to", "on", "the", "bottom", "end", "last", "among", "3",
             "three", "top", "-", "ranked", "highest", "no", ".", "no.", "5", "#", "first", "to", "third", "followed",
             "by", "runner", "up", "rest", "of", "places", "x", ",", "respectively", "sequence", "descending"]
    rnd = random.Random(9)
    checked = 0
    for _ in range(1500):
        size = rnd.randint(1, 12)
        doc = Doc(vocab, words=[rnd.choice(words) for _ in range(size)],
                  pos=[rnd.choice(["VERB", "NOUN", "ADP", "NUM"]) for _ in range(size)])
        cols = ours.columns(doc)
        a = rnd.randrange(size)
        b = rnd.randrange(a + 1, size + 1)
        want = [(vocab.strings[k], a + s, a + e) for k, s, e in reference(doc[a:b])]
        assert ours(doc, a, b, cols) == want, (doc[a:b].text, want)
        checked += len(want)
    assert checked > 500
