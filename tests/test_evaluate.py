"""The scoring rules of gold-format.md, one synthetic case per rule, plus the real gold files."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import sys
from pathlib import Path
from typing import Any, Optional

import pytest

ROOT = Path(__file__).resolve().parents[1]
try:  # a source checkout that is not pip-installed
    import ai_news_extract  # noqa: F401
except ImportError:  # pragma: no cover
    sys.path.insert(0, str(ROOT / "src"))

from ai_news_extract.evaluate import (  # noqa: E402
    EvalReport,
    evaluate_dirs,
    explain,
    max_weight_matching,
    names_overlap,
    normalize,
    score_records,
)
from ai_news_extract.gold import GoldDocument, gold_files, load_gold, load_gold_dir  # noqa: E402
from ai_news_extract.records import ArticleRecord  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
FIXTURE_GOLD = ROOT / "fixtures" / "gold"


# ---------------------------------------------------------------- builders


class _Text:
    """Grows a fake article one line at a time and hands back each line's offsets."""

    def __init__(self) -> None:
        self.text = ""

    def add(self, s: str) -> tuple[int, int]:
        start = len(self.text)
        self.text += s + "\n"
        return start, start + len(s)


def make_record(
    *,
    entities: list[tuple] = (),  # (label, canonical, aliases)
    dates: list[tuple] = (),  # (text, type, value)
    rankings: list[list[dict]] = (),  # items: {name, rank?, range?, entity_id?}
    events: list[dict] = (),
    published: Optional[str] = None,
    title: Optional[str] = None,
    source: Optional[str] = None,
    doc_id: str = "d",
) -> ArticleRecord:
    t = _Text()
    ents = []
    for i, (label, canonical, aliases) in enumerate(entities):
        s, e = t.add(canonical)
        ents.append({"id": f"E{i + 1}", "label": label, "canonical": canonical, "aliases": list(aliases),
                     "mentions": [{"start": s, "end": e, "text": canonical}]})
    times = []
    for text, type_, value in dates:
        s, e = t.add(text)
        times.append({"start": s, "end": e, "text": text, "type": type_, "value": value})
    ranks = []
    for i, items in enumerate(rankings):
        out = []
        for it in items:
            s, e = t.add(it["name"])
            out.append({"rank": it.get("rank"), "range": it.get("range"), "name": it["name"],
                        "entity_id": it.get("entity_id"), "start": s, "end": e})
        ranks.append({"id": f"R{i + 1}", "items": out})
    evs = [{"id": f"V{i + 1}", **ev} for i, ev in enumerate(events)]
    return ArticleRecord(
        doc_id=doc_id,
        text_sha256=hashlib.sha256(t.text.encode()).hexdigest(),
        text=t.text,
        title=title,
        source=source,
        published=dt.date.fromisoformat(published) if published else None,
        entities=ents,
        dates=times,
        rankings=ranks,
        events=evs,
    )


def record_from_gold(gold: GoldDocument) -> ArticleRecord:
    """The record a perfect extractor would give: every gold fact, grounded in a fake text."""
    ids: dict[str, str] = {}
    for i, e in enumerate(gold.entities):
        ids.setdefault(e.canonical, f"E{i + 1}")
    events = [
        {"type": ev.type, "name": ev.name, "actors": [ids[a] for a in ev.actors if a in ids],
         "location": ev.location, "start": ev.start, "end": ev.end, "status": ev.status or "occurred"}
        for ev in gold.events
    ]
    rec = make_record(
        entities=[(e.label, e.canonical, e.aliases) for e in gold.entities],
        dates=[(d.text, d.type, d.value) for d in gold.dates],
        rankings=[
            [{"name": it.name, "rank": it.rank, "range": it.range, "entity_id": ids.get(it.name)} for it in r.items]
            for r in gold.rankings
        ],
        events=events,
        published=gold.published if gold.published_date else None,
        title=gold.title,
        source=gold.source,
        doc_id=gold.doc_id,
    )
    rec.published_value = gold.published
    return rec


def gold(**kw: Any) -> GoldDocument:
    kw.setdefault("doc_id", "d")
    return GoldDocument.model_validate(kw)


def score(g: GoldDocument, r: ArticleRecord) -> EvalReport:
    return score_records([(g, r)])


def counts(report: EvalReport, name: str) -> tuple[int, int, int]:
    p = report.fields[name]
    return p.tp, p.fp, p.fn


# ---------------------------------------------------------------- normalization


@pytest.mark.parametrize(
    "a, b",
    [
        ("The University of Science and Technology of China", "university of science and technology of china"),
        ("U.S.", "US"),
        ("iFlytek’s", "IFlytek's"),  # curly vs straight apostrophe
        ("Asia–Pacific", "Asia-Pacific"),  # en dash vs hyphen
        ("Shenzhen  Convention\u00a0Center", "shenzhen convention center"),
        ('"The Economist"', "Economist"),
    ],
)
def test_normalize_equal(a: str, b: str) -> None:
    assert normalize(a) == normalize(b)


@pytest.mark.parametrize("a, b", [("Theranos", "ranos"), ("Anhui", "Hunan"), ("2019", "2018"), ("Other", "The Other Co")])
def test_normalize_keeps_distinct(a: str, b: str) -> None:
    assert normalize(a) != normalize(b)


def test_leading_the_only_at_start() -> None:
    assert normalize("Bank of the West") == "bank of the west"
    assert normalize("the") == "the"  # never empties a name


# ---------------------------------------------------------------- entities


def test_entity_alias_matches_both_ways() -> None:
    g = gold(entities=[{"label": "ORG", "canonical": "Amazon Web Services", "aliases": ["AWS"]},
                       {"label": "ORG", "canonical": "University of Science and Technology of China"}])
    r = make_record(entities=[("ORG", "AWS", []),  # predicted canonical = gold alias
                              ("ORG", "USTC", ["University of Science and Technology of China"])])  # alias = gold canonical
    assert counts(score(g, r), "entities") == (2, 0, 0)


def test_entity_leading_the_and_punctuation() -> None:
    g = gold(entities=[{"label": "ORG", "canonical": "Xinhua News Agency"},
                       {"label": "ORG", "canonical": "JD.com"}])
    r = make_record(entities=[("ORG", "the Xinhua News Agency", []), ("ORG", "JDcom", [])])
    assert counts(score(g, r), "entities") == (2, 0, 0)


def test_entity_different_name_does_not_match() -> None:
    g = gold(entities=[{"label": "GPE", "canonical": "Hangzhou"}])
    r = make_record(entities=[("GPE", "Hang", ["Hangzhou Bay"])])
    assert counts(score(g, r), "entities") == (0, 1, 1)


def test_entity_label_mismatch_counts_only_unlabelled() -> None:
    g = gold(entities=[{"label": "ORG", "canonical": "Shanghai"}])
    r = make_record(entities=[("GPE", "Shanghai", [])])
    rep = score(g, r)
    assert counts(rep, "entities") == (0, 1, 1)
    assert counts(rep, "entities (unlabelled)") == (1, 0, 0)


def test_entity_one_to_one() -> None:
    g = gold(entities=[{"label": "ORG", "canonical": "Amazon Web Services", "aliases": ["AWS"]}])
    r = make_record(entities=[("ORG", "Amazon Web Services", []), ("ORG", "AWS", [])])
    rep = score(g, r)
    assert counts(rep, "entities") == (1, 1, 0)
    doc = rep.doc("d").fields["entities"]
    assert doc.unmatched_pred == ["ORG AWS"] and doc.unmatched_gold == []


def test_entity_matching_is_maximum_not_greedy() -> None:
    # "Alpha" prefers the predicted "Alpha" (same canonical), but that prediction is
    # the only one that can also cover "Beta": the optimal matching reroutes it.
    g = gold(entities=[{"label": "ORG", "canonical": "Alpha"}, {"label": "ORG", "canonical": "Beta"}])
    r = make_record(entities=[("ORG", "Alpha", ["Beta"]), ("ORG", "Alpha Corp", ["Alpha"])])
    assert counts(score(g, r), "entities") == (2, 0, 0)


def _weights(adj: list[list[int]], n_right: int, w: float = 1.0) -> list[list[float]]:
    return [[w if j in row else 0.0 for j in range(n_right)] for row in adj]


def test_max_weight_matching_finds_augmenting_paths() -> None:
    # greedy in order would pair 0-0, 1-1 and leave 2 unmatched
    adj = [[0, 1], [1, 2], [0]]
    pairs = max_weight_matching(_weights(adj, 3))
    assert len(pairs) == 3
    assert len(set(pairs.values())) == 3
    assert all(v in adj[u] for u, v in pairs.items())


def test_max_weight_matching_prefers_closer_pairs_but_never_fewer() -> None:
    # Two gold and two predicted items; the crosswise pairing is as large but less similar.
    assert max_weight_matching([[1.2, 3.0], [3.0, 1.1]]) == {0: 1, 1: 0}
    # A heavy pair that would leave an item unmatched loses to two light pairs.
    assert max_weight_matching([[9.0, 1.0], [1.0, 0.0]]) == {0: 1, 1: 0}


# ---------------------------------------------------------------- dates


def test_dates_are_multisets() -> None:
    g = gold(dates=[{"text": "2018", "type": "DATE", "value": "2018"},
                    {"text": "2018", "type": "DATE", "value": "2018"},
                    {"text": "Sept. 17", "type": "DATE", "value": "2018-09-17"}])
    r = make_record(dates=[("2018", "DATE", "2018"), ("sept 17", "DATE", "2018-09-17"),
                           ("Sept 17", "DATE", "2018-09-17"), ("three years", "DURATION", "P3Y")])
    rep = score(g, r)
    assert counts(rep, "dates (value)") == (2, 2, 1)  # one 2018 missed; extra 2018-09-17 and P3Y
    assert counts(rep, "dates (extraction)") == (2, 2, 1)  # "Sept. 17" == "sept 17"


def test_date_type_must_agree() -> None:
    g = gold(dates=[{"text": "2019", "type": "DATE", "value": "2019"}])
    r = make_record(dates=[("2019", "DURATION", "2019")])
    rep = score(g, r)
    assert counts(rep, "dates (value)") == (0, 1, 1)
    assert counts(rep, "dates (extraction)") == (1, 0, 0)


# ---------------------------------------------------------------- rankings


def test_ranking_rank_and_alias_matching() -> None:
    g = gold(entities=[{"label": "ORG", "canonical": "Amazon Web Services", "aliases": ["AWS"]},
                       {"label": "GPE", "canonical": "New York City"}],
             rankings=[{"items": [{"rank": 1, "name": "Amazon Web Services"}, {"rank": 2, "name": "New York City"},
                                  {"rank": 3, "name": "Hefei"}]}])
    r = make_record(
        entities=[("GPE", "New York City", ["NYC"])],
        rankings=[[{"rank": 1, "name": "AWS"},  # gold entity alias
                   {"rank": 2, "name": "NYC"},  # predicted entity alias, found by name
                   {"rank": 4, "name": "Hefei"}]],  # wrong rank
    )
    rep = score(g, r)
    assert counts(rep, "rankings") == (2, 1, 1)
    res = rep.doc("d").fields["rankings"]
    assert res.unmatched_gold == ["3 Hefei"] and res.unmatched_pred == ["4 Hefei"]


def test_ranking_item_resolved_by_entity_id() -> None:
    g = gold(rankings=[{"items": [{"rank": 1, "name": "New York City"}]}])
    r = make_record(entities=[("GPE", "New York City", [])],
                    rankings=[[{"rank": 1, "name": "the Big Apple", "entity_id": "E1"}]])
    assert counts(score(g, r), "rankings") == (1, 0, 0)


@pytest.mark.parametrize(
    "pred, tp",
    [
        ({"range": (1, 3)}, 1),  # same range
        ({"rank": 2}, 1),  # rank inside the range
        ({"rank": 3}, 1),  # bounds are inclusive
        ({"rank": 4}, 0),  # outside
        ({"range": (1, 4)}, 0),  # another range
    ],
)
def test_ranking_gold_range(pred: dict, tp: int) -> None:
    g = gold(rankings=[{"items": [{"rank": None, "range": [1, 3], "name": "Beijing"}]}])
    r = make_record(rankings=[[{"name": "Beijing", **pred}]])
    assert counts(score(g, r), "rankings")[0] == tp


def test_gold_rank_is_not_matched_by_a_predicted_range() -> None:
    g = gold(rankings=[{"items": [{"rank": 2, "name": "Beijing"}]}])
    r = make_record(rankings=[[{"name": "Beijing", "range": (1, 3)}]])
    assert counts(score(g, r), "rankings") == (0, 1, 1)


def test_ranking_items_one_to_one_across_lists() -> None:
    g = gold(rankings=[{"items": [{"rank": 1, "name": "Beijing"}]},
                       {"items": [{"rank": 1, "name": "Beijing"}]}])
    r = make_record(rankings=[[{"name": "Beijing", "rank": 1}, {"name": "Beijing", "rank": 1},
                               {"name": "Beijing", "rank": 1}]])
    assert counts(score(g, r), "rankings") == (2, 1, 0)


# ---------------------------------------------------------------- events


def test_event_names_overlap() -> None:
    assert names_overlap("World Artificial Intelligence Conference", "2018 WAIC conference")
    assert names_overlap("CHTF", "the CHTF")
    assert not names_overlap("Report on the Cities", "Plan for the Future")  # stopwords only
    assert not names_overlap(None, "CHTF")


def test_event_matching_rules() -> None:
    g = gold(
        entities=[{"label": "ORG", "canonical": "Amazon Web Services", "aliases": ["AWS"]}],
        events=[
            {"type": "CONFERENCE", "name": "World Artificial Intelligence Conference", "location": "Shanghai"},
            {"type": "LAUNCH", "name": "Asia-Pacific AI research institute", "actors": ["Amazon Web Services"]},
            {"type": "POLICY", "name": "action plan", "location": "Hefei"},
            {"type": "REPORT", "name": "annual report"},
        ],
    )
    r = make_record(
        entities=[("ORG", "AWS", [])],
        events=[
            {"type": "CONFERENCE", "name": "WAIC 2018 conference"},  # name word overlap
            {"type": "LAUNCH", "name": "new lab", "actors": ["E1"]},  # actor via alias
            {"type": "POLICY", "name": "regulations", "location": "hefei"},  # location only
            {"type": "CONFERENCE", "name": "annual report"},  # wrong type
        ],
    )
    rep = score(g, r)
    assert counts(rep, "events") == (3, 1, 1)


def test_event_one_to_one() -> None:
    g = gold(events=[{"type": "REPORT", "name": "Global Innovation Index"}])
    r = make_record(events=[{"type": "REPORT", "name": "Global Innovation Index"},
                            {"type": "REPORT", "name": "Global Innovation Index 2024"}])
    rep = score(g, r)
    assert counts(rep, "events") == (1, 1, 0)
    assert rep.doc("d").fields["events"].unmatched_pred[0].startswith("REPORT 'Global Innovation Index 2024'")


def test_event_slot_accuracy() -> None:
    g = gold(
        entities=[{"label": "GPE", "canonical": "Shanghai", "aliases": ["Hu"]}],
        events=[{"type": "CONFERENCE", "name": "WAIC", "location": "Shanghai", "start": "2018-09-17", "end": None},
                {"type": "REPORT", "name": "index", "start": "2021"}],
    )
    r = make_record(
        events=[{"type": "CONFERENCE", "name": "WAIC", "location": "Hu", "start": "2018-09-17", "end": "2018-09-19"},
                {"type": "REPORT", "name": "index", "location": None, "start": "2021-02-10"}],
    )
    rep = score(g, r)
    acc = rep.accuracies
    # WAIC: location agrees (gold alias), start agrees, end wrong (gold null, predicted set)
    # index: start wrong; location and end null on both sides are not counted
    assert (acc["event location"].correct, acc["event location"].total) == (1, 1)
    assert (acc["event start"].correct, acc["event start"].total) == (1, 2)
    assert (acc["event end"].correct, acc["event end"].total) == (0, 1)
    assert (rep.slot_accuracy.correct, rep.slot_accuracy.total) == (2, 4)
    assert len(rep.doc("d").fields["events"].notes) == 2


# ---------------------------------------------------------------- metadata


def test_published_accuracy_skips_partial_gold() -> None:
    pairs = [
        (gold(doc_id="a", published="2019-04-19"), make_record(doc_id="a", published="2019-04-19")),
        (gold(doc_id="b", published="2019-04-19"), make_record(doc_id="b", published="2019-04-20")),
        (gold(doc_id="c", published="2019-11"), make_record(doc_id="c", published="2019-11-01")),
        (gold(doc_id="d", published="2018"), make_record(doc_id="d")),
        (gold(doc_id="e", published=None), make_record(doc_id="e", published="2020-01-01")),
        (gold(doc_id="f", published="2020-07-08"), make_record(doc_id="f")),
    ]
    acc = score_records(pairs).published_accuracy
    assert (acc.correct, acc.total) == (1, 3)


def test_gold_published_must_be_timex_date() -> None:
    with pytest.raises(ValueError):
        gold(published="April 2019")
    with pytest.raises(ValueError):
        gold(published="2019-02-30")


def test_title_and_source() -> None:
    g = gold(title="AI booms in the Delta", source="China Daily",
             entities=[{"label": "ORG", "canonical": "China Daily", "aliases": ["chinadaily.com.cn"]}])
    ok = score(g, make_record(title="AI Booms in the Delta.", source="chinadaily.com.cn"))
    assert ok.accuracies["title"].correct == 1 and ok.accuracies["source"].correct == 1
    bad = score(g, make_record(title=None, source="Xinhua"))
    assert bad.accuracies["title"].correct == 0 and bad.accuracies["source"].correct == 0
    both_null = score(gold(), make_record())
    assert both_null.accuracies["title"].correct == 1 and both_null.accuracies["source"].correct == 1


# ---------------------------------------------------------------- report


def test_empty_fields_and_micro_average() -> None:
    g1 = gold(doc_id="a", entities=[{"label": "GPE", "canonical": "Hefei"}])
    g2 = gold(doc_id="b", entities=[{"label": "GPE", "canonical": "Anhui"}, {"label": "GPE", "canonical": "Wuhu"}])
    rep = score_records([(g1, make_record(entities=[("GPE", "Hefei", [])])), (g2, make_record())])
    e = rep.fields["entities"]
    assert (e.tp, e.fp, e.fn) == (1, 0, 2)
    assert e.precision == 1.0 and e.recall == pytest.approx(1 / 3) and e.f1 == pytest.approx(0.5)
    assert rep.fields["events"].f1 == 1.0  # nothing to find, nothing found


def test_report_serializes_and_renders() -> None:
    from rich.console import Console

    g = gold(entities=[{"label": "GPE", "canonical": "Hefei"}],
             rankings=[{"items": [{"rank": None, "range": [1, 3], "name": "Hefei"}]}])
    rep = score(g, make_record(entities=[("GPE", "Hefei", [])]))
    data = json.loads(json.dumps(rep.to_dict()))
    assert data["fields"]["entities"]["f1"] == 1.0
    assert data["docs"][0]["fields"]["rankings"]["unmatched_gold"] == ["[1-3] Hefei"]
    console = Console(file=io.StringIO(), width=120, record=True)
    rep.render(console)
    explain(rep, "d", console)
    out = console.export_text()
    assert "entities (unlabelled)" in out and "tp/fp/fn" in out
    assert "[1-3] Hefei" in out  # not eaten as rich markup
    assert "rankings F1 0.000" in rep.summary()


# ---------------------------------------------------------------- real gold


def _corpus_gold_paths() -> list[Path]:
    paths: list[Path] = []
    for folder in (CORPUS / "seed", CORPUS / "dev", FIXTURE_GOLD):
        if folder.is_dir():
            paths += gold_files(folder)
    return paths


def test_gold_files_load() -> None:
    paths = _corpus_gold_paths()
    if not paths:
        pytest.skip("no gold files (../shared/corpus missing)")
    for path in paths:
        g = load_gold(path)
        assert g.doc_id
    for folder in (CORPUS / "dev", FIXTURE_GOLD):
        if folder.is_dir() and gold_files(folder):
            assert len(load_gold_dir(folder)) == len(gold_files(folder))


def test_gold_scored_against_itself_is_perfect() -> None:
    paths = _corpus_gold_paths()
    if not paths:
        pytest.skip("no gold files (../shared/corpus missing)")
    golds = [load_gold(p) for p in paths]
    rep = score_records((g, record_from_gold(g)) for g in golds)
    for name, prf in rep.fields.items():
        assert prf.f1 == 1.0, (name, [d.fields[name].to_dict() for d in rep.docs if d.fields[name].prf.f1 < 1])
    for name, acc in rep.accuracies.items():
        assert acc.value in (None, 1.0), name
    assert rep.published_accuracy.total == sum(1 for g in golds if g.published_date)


def test_evaluate_dirs_with_a_fake_extractor(tmp_path: Path) -> None:
    gold_dir, docs_dir = tmp_path / "gold", tmp_path / "docs"
    (docs_dir / "sub").mkdir(parents=True)
    gold_dir.mkdir()
    a = {"doc_id": "alpha", "published": "2019-04-19", "entities": [{"label": "GPE", "canonical": "Hefei"}]}
    (gold_dir / "a.json").write_text(json.dumps(a), encoding="utf-8")
    (gold_dir / "missing.json").write_text(json.dumps({"doc_id": "missing"}), encoding="utf-8")
    (docs_dir / "sub" / "a.txt").write_text("Hefei, April 19, 2019", encoding="utf-8")
    (docs_dir / "orphan.txt").write_text("no gold for me", encoding="utf-8")

    class FakeExtractor:
        def __init__(self) -> None:
            self.seen: list[tuple[str, str]] = []

        def pipe(self, texts, *, doc_ids, published=None):
            for text, doc_id in zip(texts, doc_ids):
                self.seen.append((doc_id, text))
                yield make_record(doc_id=doc_id, entities=[("GPE", "Hefei", [])], published="2019-04-19")

    fake = FakeExtractor()
    rep = evaluate_dirs(gold_dir, docs_dir, fake)
    assert fake.seen == [("alpha", "Hefei, April 19, 2019")]  # gold doc_id, text found recursively
    assert [d.doc_id for d in rep.docs] == ["alpha"]
    assert len(rep.errors) == 1 and "missing" in rep.errors[0]
    assert rep.fields["entities"].f1 == 1.0 and rep.published_accuracy.value == 1.0


def _brute_force_max(adj: list[list[int]], n_right: int) -> int:
    best = 0

    def go(u: int, used: frozenset, size: int) -> None:
        nonlocal best
        if u == len(adj):
            best = max(best, size)
            return
        go(u + 1, used, size)
        for v in adj[u]:
            if v not in used:
                go(u + 1, used | {v}, size + 1)

    go(0, frozenset(), 0)
    return best


def test_max_weight_matching_is_maximum_on_random_graphs() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    graphs = st.integers(1, 6).flatmap(
        lambda n_right: st.tuples(
            st.lists(st.lists(st.integers(0, n_right - 1), unique=True, max_size=n_right), max_size=6),
            st.just(n_right),
        )
    )

    @settings(max_examples=100, deadline=None)
    @given(graphs)
    def check(graph: tuple[list[list[int]], int]) -> None:
        adj, n_right = graph
        pairs = max_weight_matching(_weights(adj, n_right)) if adj else {}
        assert all(v in adj[u] for u, v in pairs.items())
        assert len(set(pairs.values())) == len(pairs)
        assert len(pairs) == _brute_force_max(adj, n_right)

    check()
