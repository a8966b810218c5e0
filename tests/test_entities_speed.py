"""The entity stage's and the KB ruler's shortcuts give what the plain ways give.

KB ruler: the token-sequence index (one-word names and two-word openings tested in C),
the "part of a longer name" test from token hashes, the span filter on tuples, the
entity setter with one "outside" range, span texts cut from the Doc's text, and the
whole ruler against its plain form. Entity stage: the character guards of
``_adjust_edges``, the kind table of ``_compatible``, the processed fuzzy test, the
short-form guard and ``cluster`` against the plain quadratic loop, and the label vote.
Inputs are random or written for these tests.
"""

from __future__ import annotations

import random
from collections import Counter

import pytest

spacy = pytest.importorskip("spacy")

from rapidfuzz import fuzz  # noqa: E402
from rapidfuzz.utils import default_process  # noqa: E402
from spacy.attrs import ENT_ID, ENT_IOB, ENT_KB_ID, ENT_TYPE, LOWER, ORTH  # noqa: E402
from spacy.tokens import Doc, Span  # noqa: E402
from spacy.util import filter_spans  # noqa: E402

from ai_news_extract.entities import Mention, load_lexicons, norm_key  # noqa: E402
from ai_news_extract.entities.canonical import _most_common  # noqa: E402
from ai_news_extract.entities.cluster import (  # noqa: E402
    _companies_read_as_people,
    FUZZY_THRESHOLD,
    _compatibility,
    _compatible,
    _fuzzy_processed,
    _link_undefined_acronyms,
    _short_form,
    _UnionFind,
    cluster,
)
from ai_news_extract.entities.versions import versioned_spans  # noqa: E402
from ai_news_extract.kb import KBEntry  # noqa: E402
from ai_news_extract.stages.kb_ruler import (  # noqa: E402
    HYPHENS,
    NAME_JOINERS,
    KBRuler,
    TokenSequenceIndex,
    _continues_name,
    _inside_longer_name,
    _name_cased,
    _span_text,
    longest_first,
    set_entities,
)

TEXTS = [
    "Shanghai Jiao Tong University and Tsinghua University signed a deal in Hong Kong on Monday.",
    "The Shenzhen-Hong Kong-Guangzhou innovation cluster led; Baidu's ERNIE 4.0 Turbo followed GPT-4 Turbo.",
    "She studied at the University of Sydney Business School. Shanghai hosted it. Alibaba and Tencent agreed.",
    "Firms in the Xi'an High-tech Industries Development Zone met the Korea Advanced Institute of Science "
    "and technology. I saw Beijing Municipal Government staff.",
    "ByteDance's Doubao-1.5-pro beat Sino-Step-2 and DeepSeek-V3 at the World Artificial Intelligence Conference "
    "in Shanghai, said Huawei.\n\nHUAWEI Cloud and Peking University of China joined.",
    "Hong  Kong and Hong Kong-based firms; the Hong Kong Science Park; Zhongguancun Science Park's labs.",
]


@pytest.fixture(scope="module")
def parsed(nlp):
    """Each text parsed and tagged by the NER (entities set), parsed without the NER, only
    tokenized (no sentence starts), and tokenized with sentence starts drawn at random."""
    with nlp.select_pipes(disable=["ner"]):
        bare = [nlp(t) for t in TEXTS]
    rnd = random.Random(2)
    drawn = [Doc(nlp.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc],
                 sent_starts=[rnd.random() < 0.3 for _ in doc]) for doc in bare]
    return [nlp(t) for t in TEXTS] + bare + [nlp.make_doc(t) for t in TEXTS] + drawn


@pytest.fixture(scope="module")
def ruler(nlp):
    return KBRuler(nlp, "ruler")


# -- KB ruler ---------------------------------------------------------------------------------


def _plain_find(sequences, words):
    """The index's first form: every start of a name tried, longest first."""
    found = []
    lengths = {}
    for seq in sequences:
        if seq:
            lengths.setdefault(seq[0], set()).add(len(seq))
    for start, word in enumerate(words):
        for n in sorted(lengths.get(word, ()), reverse=True):
            if start + n <= len(words) and tuple(words[start : start + n]) in sequences:
                found.append((start, start + n))
    return found


def test_sequence_index_finds_what_the_plain_scan_finds():
    rnd = random.Random(3)
    vocab = list("abcdefg")
    for _ in range(300):
        seqs = {tuple(rnd.choice(vocab) for _ in range(rnd.randint(1, 5))) for _ in range(rnd.randint(1, 12))}
        words = [rnd.choice(vocab) for _ in range(rnd.randint(0, 40))]
        index = TokenSequenceIndex(seqs | {()})
        assert index.find(words) == _plain_find(seqs, words), (seqs, words)


def _plain_inside_longer_name(doc: Doc, start: int, end: int) -> bool:
    """The test as first written, on spaCy's Tokens."""
    if end + 1 < len(doc) and doc[end].text in HYPHENS and _continues_name(doc[end + 1]) \
            and not doc[end].whitespace_ and not doc[end - 1].whitespace_:
        return True
    if start >= 2 and doc[start - 1].text in HYPHENS and _continues_name(doc[start - 2]) \
            and not doc[start - 1].whitespace_ and not doc[start - 2].whitespace_:
        return True
    if end < len(doc):
        nxt = doc[end]
        if _continues_name(nxt) and not nxt.is_sent_start and nxt.text not in {"I"}:
            return True
    if start >= 2:
        prev, prev2 = doc[start - 1], doc[start - 2]
        if prev.lower_ in NAME_JOINERS and _continues_name(prev2) and not prev2.is_sent_start:
            return True
    if start >= 1:
        prev = doc[start - 1]
        if _continues_name(prev) and not doc[start].is_sent_start and not prev.is_sent_start:
            return True
    return False


def test_inside_longer_name_from_hashes_is_the_token_test(parsed):
    seen = Counter()
    for doc in parsed:
        arr = doc.to_array([ORTH, LOWER])
        orths, lowers = arr[:, 0].tolist(), arr[:, 1].tolist()
        text = doc.text
        for start in range(len(doc)):
            for end in range(start + 1, min(len(doc), start + 6) + 1):
                plain = _plain_inside_longer_name(doc, start, end)
                assert _inside_longer_name(doc, orths, lowers, start, end) == plain, (doc[start:end].text, start)
                assert _span_text(doc, text, start, end) == doc[start:end].text
                seen[plain] += 1
    assert seen[True] > 50 and seen[False] > 50


def test_longest_first_is_filter_spans(nlp):
    doc = nlp.make_doc(" ".join(["word"] * 30))
    rnd = random.Random(5)
    for _ in range(300):
        cands = []
        for _ in range(rnd.randint(0, 12)):
            start = rnd.randrange(30)
            cands.append((start, min(30, start + rnd.randint(1, 5)), rnd.choice(["ORG", "GPE"]), rnd.choice(["", "x"])))
        spans = [Span(doc, s, e, label=label, kb_id=kb_id) for s, e, label, kb_id in cands]
        expected = [(s.start, s.end, s.label_, s.kb_id_) for s in filter_spans(spans)]
        assert longest_first(cands) == expected


def test_set_entities_is_the_ents_setter(nlp):
    rnd = random.Random(11)
    text = "Alpha Beta Gamma of Delta and Epsilon - Zeta , Eta Theta Iota Kappa Lambda Mu Nu Xi Omicron Pi Rho"
    attrs = [ENT_IOB, ENT_TYPE, ENT_KB_ID, ENT_ID]
    for _ in range(200):
        docs = [nlp.make_doc(text) for _ in range(2)]
        n = len(docs[0])
        # a random earlier state: missing, outside and entity tokens, kb and entity ids
        before = []
        pos = rnd.randint(0, 3)
        while pos < n - 1:
            end = min(n, pos + rnd.randint(1, 3))
            before.append(Span(docs[0], pos, end, label=rnd.choice(["ORG", "DATE"]), kb_id=rnd.choice(["", "k"]),
                               span_id=rnd.choice(["", "i"])))
            pos = end + rnd.randint(0, 4)
        for doc in docs:
            doc.set_ents([Span(doc, s.start, s.end, label=s.label_, kb_id=s.kb_id_, span_id=s.id_) for s in before],
                         default=rnd.choice(["missing", "outside", "unmodified"]))
        ranges = filter_spans([Span(docs[0], s, min(n, s + rnd.randint(1, 4))) for s in
                               rnd.sample(range(n), rnd.randint(0, 6))])
        made = [[Span(doc, r.start, r.end, label=rnd.choice(["ORG", "GPE"]) if doc is docs[0] else "",
                      kb_id="q") for r in ranges] for doc in docs]
        for a, b in zip(made[0], made[1]):  # the same labels on both
            b.label_ = a.label_
        docs[0].ents = made[0]
        set_entities(docs[1], made[1])
        assert (docs[0].to_array(attrs) == docs[1].to_array(attrs)).all()


def _plain_ruler_call(ruler: KBRuler, doc: Doc) -> Doc:
    """The ruler as first written: Spans for every candidate, texts from spaCy, ``doc.ents =``."""
    spans = []
    if not len(doc):
        return doc
    arr = doc.to_array([ORTH, LOWER])
    exact = set()
    orths = arr[:, 0].tolist()
    for start, end in _plain_find(ruler.names.sequences, orths):
        surface, entry = ruler.by_orths[tuple(orths[start:end])]
        exact.add((start, end))
        if end - start > 1 and doc[start:end].text != surface or _plain_inside_longer_name(doc, start, end):
            continue
        spans.append(Span(doc, start, end, label=entry.label, kb_id=entry.id))
    for start, end, entry in versioned_spans(doc, orths, ruler.kb, ruler.lex):
        spans.append(Span(doc, start, end, label="PRODUCT", kb_id=entry.id if entry else ""))
    lowers = arr[:, 1].tolist()
    for start, end in _plain_find(ruler.folded.sequences, lowers):
        if (start, end) in exact or not _name_cased([t.text for t in doc[start:end]]) \
                or _plain_inside_longer_name(doc, start, end):
            continue
        entry = ruler.by_folded[tuple(lowers[start:end])]
        spans.append(Span(doc, start, end, label=entry.label, kb_id=entry.id))
    spans = filter_spans(spans)
    if spans:
        existing = [e for e in doc.ents if not any(e.start < s.end and s.start < e.end for s in spans)]
        doc.ents = filter_spans(existing + spans)
    return doc


def test_ruler_tags_what_its_plain_form_tags(nlp, ruler):
    attrs = [ENT_IOB, ENT_TYPE, ENT_KB_ID, ENT_ID]
    tagged = 0
    for build in (lambda t: nlp(t), lambda t: nlp.make_doc(t)):
        for text in TEXTS:
            fast, plain = ruler(build(text)), _plain_ruler_call(ruler, build(text))
            assert [(e.start, e.end, e.label_, e.kb_id_) for e in fast.ents] == \
                [(e.start, e.end, e.label_, e.kb_id_) for e in plain.ents], text
            assert (fast.to_array(attrs) == plain.to_array(attrs)).all()
            tagged += sum(1 for e in fast.ents if e.kb_id_)
    assert tagged > 20


# -- entity stage: edges ----------------------------------------------------------------------


def test_edge_guards_hold_for_every_span(parsed):
    """``_adjust_edges`` tests a character at the span's edge before its token tests: each
    token test implies its character test."""
    lex = load_lexicons()
    checked = 0
    for doc in parsed:
        text = doc.text
        for start in range(len(doc)):
            for end in range(start + 1, min(len(doc), start + 5) + 1):
                span = Span(doc, start, end)
                assert (span.start_char, span.end_char) == (doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text))
                if end < len(doc):
                    nxt = doc[end]
                    if nxt.text in HYPHENS and not doc[end - 1].whitespace_:
                        assert text[span.end_char : span.end_char + 1] in HYPHENS
                    if nxt.text in lex.head_labels:
                        assert text[span.end_char : span.end_char + 1] in lex.head_firsts \
                            or text[span.end_char + 1 : span.end_char + 2] in lex.head_firsts
                        checked += 1
                if start >= 1 and doc[start - 1].text in HYPHENS and not doc[start - 1].whitespace_:
                    assert text[span.start_char - 1 : span.start_char] in HYPHENS
                    checked += 1
    assert checked > 10


# -- entity stage: clustering -----------------------------------------------------------------

_WORDS = ["Shanghai", "Jiao", "Tong", "University", "Tsinghua", "Peking", "Lab", "Group", "Li", "Wei",
          "Alibaba", "Cloud", "Alibab", "Institute", "of", "AI", "SJTU", "THU", "Hub", "Co"]
_ENTRIES = [KBEntry(id=f"org:{k}", label="ORG", canonical=f"K{k}") for k in range(3)]


def _random_mentions(rnd: random.Random) -> list[Mention]:
    mentions = []
    for k in range(rnd.randint(1, 25)):
        words = [rnd.choice(_WORDS) for _ in range(rnd.randint(1, 4))]
        if rnd.random() < 0.2 and mentions:  # a variant of an earlier name: short forms and typos
            words = rnd.choice(mentions).text.split()
            words = words[: rnd.randint(1, len(words))] if rnd.random() < 0.5 else [w + "s" for w in words]
        mentions.append(Mention(k * 10, k * 10 + 5, " ".join(words),
                                rnd.choice(["ORG", "ORG", "PERSON", "GPE", "PRODUCT", "LOC", "EVENT"]),
                                rnd.choice([None, None, None] + _ENTRIES),
                                rnd.choice(["ner", "kb", "head", "dateline", "header"]),
                                base=rnd.choice([None, None, None, "Shanghai Jiao Tong University"])))
    return mentions


def _plain_short_form(short: Mention, long: Mention, ks: str, kl: str, lex) -> bool:
    if ks == kl or not ks:
        return False
    sw, lw = ks.split(), kl.split()
    if long.label == "PERSON":
        return len(sw) == 1 and len(lw) >= 2 and sw[0] in (lw[0], lw[-1])
    if len(sw) >= len(lw) or lw[: len(sw)] != sw:
        return False
    rest = lw[len(sw) :]
    tail = " ".join(long.text.split()[-len(rest) :])
    if len(rest) >= 2 and lex.head_labels.get(tail) in ("GPE", "LOC") and norm_key(tail) == " ".join(rest):
        return True
    return short.label != "PERSON" and all(w in lex.short_form_tails for w in rest)


def _plain_fuzzy(a, b):
    """The fuzzy test as first written: rapidfuzz processes both names for every pair."""
    if min(len(a), len(b)) < 6:
        return False
    return fuzz.ratio(a, b, processor=default_process) >= FUZZY_THRESHOLD


def _plain_cluster(mentions, acronyms, lex):
    """``cluster`` as first written: every pair tested in turn."""
    n = len(mentions)
    uf = _UnionFind(n)
    _companies_read_as_people(mentions, lex)
    keys = [norm_key(m.base or m.text) for m in mentions]
    for i, acr, _, _ in acronyms:
        mentions[i].aliases.append(acr)
        ak = norm_key(acr)
        for j, m in enumerate(mentions):
            if keys[j] == ak and j != i:
                if m.kb is not None and m.kb is not mentions[i].kb:
                    m.kb, m.label = mentions[i].kb, mentions[i].label
                uf.union(i, j)
    _link_undefined_acronyms(mentions, keys, {norm_key(a) for _, a, _, _ in acronyms}, uf)
    by_kb, by_key = {}, {}
    for i, m in enumerate(mentions):
        if m.kb is not None:
            if m.kb.id in by_kb:
                uf.union(by_kb[m.kb.id], i)
            else:
                by_kb[m.kb.id] = i
        k = (keys[i], m.label)
        if k in by_key:
            uf.union(by_key[k], i)
        else:
            by_key[k] = i
    order = sorted(by_key.values(), key=lambda i: -len(keys[i]))
    for a_pos, i in enumerate(order):
        for j in order[a_pos + 1 :]:
            if uf.find(i) == uf.find(j) or not _compatible(mentions[i], mentions[j]):
                continue
            if mentions[i].kb is not None and mentions[j].kb is not None and mentions[i].kb.id != mentions[j].kb.id:
                continue
            if keys[i] == keys[j] or _plain_short_form(mentions[j], mentions[i], keys[j], keys[i], lex) \
                    or _plain_fuzzy(keys[i], keys[j]):
                uf.union(i, j)
    groups = {}
    for i in range(n):
        groups.setdefault(uf.find(i), []).append(i)
    return sorted(groups.values(), key=lambda g: min(mentions[i].start for i in g))


def test_cluster_groups_as_the_plain_pair_loop():
    lex = load_lexicons()
    rnd = random.Random(17)
    joined = 0
    for _ in range(400):
        mentions = _random_mentions(rnd)
        copy = [Mention(m.start, m.end, m.text, m.label, m.kb, m.source, list(m.aliases), m.base) for m in mentions]
        groups = cluster(mentions, [], lex)
        assert groups == _plain_cluster(copy, [], lex)
        joined += sum(len(g) > 1 for g in groups)
    assert joined > 200


def test_compatibility_table_is_compatible_on_every_pair():
    rnd = random.Random(23)
    for _ in range(200):
        mentions = _random_mentions(rnd)
        indices = rnd.sample(range(len(mentions)), rnd.randint(1, len(mentions)))
        kinds, table = _compatibility(mentions, indices)
        for i in indices:
            for j in indices:
                assert table[kinds[i]][kinds[j]] == _compatible(mentions[i], mentions[j])


def test_short_form_guard_and_processed_fuzzy_are_the_plain_tests():
    lex = load_lexicons()
    rnd = random.Random(29)
    letters = "ab _-'’Éé"
    hits = Counter()
    for _ in range(3000):
        a = norm_key(" ".join(rnd.choice(_WORDS) for _ in range(rnd.randint(1, 4))))
        b = rnd.choice([a + " " + norm_key(rnd.choice(_WORDS)), a[: rnd.randint(0, len(a))], a + "s",
                        norm_key(" ".join(rnd.choice(_WORDS) for _ in range(rnd.randint(1, 4))))])
        for label in ("ORG", "PERSON"):
            short, long = Mention(0, 1, b, "ORG"), Mention(0, 1, a, label)
            assert _short_form(short, long, b, a, lex) == _plain_short_form(short, long, b, a, lex)
            assert _short_form(long, short, a, b, lex) == _plain_short_form(long, short, a, b, lex)
        x = "".join(rnd.choice(letters) for _ in range(rnd.randint(0, 14)))
        y = x[: rnd.randint(0, len(x))] + "".join(rnd.choice(letters) for _ in range(rnd.randint(0, 3)))
        for s, t in ((a, b), (x, y)):
            fast = _fuzzy_processed(s, t, default_process(s), default_process(t))
            assert fast == _plain_fuzzy(s, t) == (min(len(s), len(t)) >= 6 and fuzz.ratio(s, t, processor=default_process)
                                             >= FUZZY_THRESHOLD)
            hits[fast] += 1
    assert hits[True] > 100 and hits[False] > 100


def test_most_common_is_counters():
    rnd = random.Random(31)
    for _ in range(500):
        items = [rnd.choice("ABCD") for _ in range(rnd.randint(1, 8))]
        assert _most_common(items) == Counter(items).most_common(1)[0][0]
