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
def stage(nlp):
    return EventStage(nlp, "ai_news_events")


def one(events: list[dict], typ: str) -> dict:
    """The one event of type ``typ`` (fails when there are none or several)."""
    found = [e for e in events if e["type"] == typ]
    assert len(found) == 1, events
    return found[0]


def run(nlp, stage, text: str, entities=(), dates=None, published=None, title: bool = False) -> list[dict]:
    """Events of ``text``; ``entities`` as (label, name), ``dates`` as {text: TIMEX3 value};
    ``title``: the first line is the headline."""
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
    if title:
        doc._.news_meta["title_span"] = [0, text.index("\n")]
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


@pytest.mark.parametrize("place, location", [("Ningbo", "Ningbo"), ("the UK", "Lumen Expo Center")])
def test_a_venue_in_a_city_places_the_event_in_the_city(nlp, stage, place, location):
    ents = [("EVENT", "Harbour Dev Summit"), ("FAC", "Lumen Expo Center"), ("GPE", place.replace("the ", ""))]
    text = f"The Harbour Dev Summit will be held at the Lumen Expo Center in {place} on May 3."
    (ev,) = run(nlp, stage, text, ents, {"May 3": "2021-05-03"}, "2021-04-01")
    assert (ev["type"], ev["location"]) == ("CONFERENCE", location)


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


@pytest.mark.parametrize("published, start", [("2020-11-01", "2020"), ("2021-02-01", None)])
def test_named_index_in_a_ranking_sentence(nlp, stage, published, start):
    ents = [("GPE", "Vienna"), ("PRODUCT", "Urban Mobility Index")]
    (ev,) = run(nlp, stage, "Vienna ranked third in the 2020 Urban Mobility Index.", ents,
                {"2020": "2020"}, published)
    assert ev["type"] == "REPORT" and "Urban Mobility Index" in ev["name"]
    # the title year is the release year in an article of that year; later it may be the year covered
    assert ev["start"] == start


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


@pytest.mark.parametrize("period, name", [("This year's", "Harbour Innovation Award"),
                                          ("Last year's", "Last year's Harbour Innovation Award")])
def test_award_name_drops_this_years_but_keeps_another_edition(nlp, stage, period, name):
    text = f"{period} Harbour Innovation Award was presented to a weather model in Shanghai on Friday."
    dates = {period.split()[0] + " year": "2024" if period.startswith("This") else "2023", "Friday": "2024-07-05"}
    events = run(nlp, stage, text, [("GPE", "Shanghai")], dates, "2024-07-06")
    assert [ev["name"] for ev in events if ev["type"] == "AWARD"] == [name]


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


@pytest.mark.parametrize("mod", ["inaugural", "first"])
def test_inaugural_edition_in_an_earlier_year_is_a_separate_event(nlp, stage, mod):
    ents = [("EVENT", "Harbor Dev Summit"), ("GPE", "Oslo")]
    text = ("The Harbor Dev Summit opened in Oslo on Monday.\n\n"
            f"The {mod} Harbor Dev Summit in 2009 drew 400 developers.")
    events = run(nlp, stage, text, ents, {"Monday": "2022-06-06", "2009": "2009"}, "2022-06-07")
    assert sorted((e["start"], e["name"]) for e in events) == [
        ("2009", f"{mod} Harbor Dev Summit"), ("2022-06-06", "Harbor Dev Summit")]


def test_inaugural_edition_reported_in_its_own_year_is_the_event(nlp, stage):
    ents = [("EVENT", "Harbor Dev Summit"), ("GPE", "Oslo")]
    text = "The inaugural Harbor Dev Summit opened in Oslo on Monday with 4,000 developers."
    (ev,) = run(nlp, stage, text, ents, {"Monday": "2022-06-06"}, "2022-06-07")
    assert (ev["start"], ev["name"]) == ("2022-06-06", "Harbor Dev Summit")


def test_an_edition_ordinal_opening_the_name_stays_before_it(extractor):
    # the KB names the series "China Hi-Tech Fair"; the mention holds the ordinal
    rec = extractor("The 25th China Hi-Tech Fair opened in Shenzhen on Thursday.", published="2023-11-16")
    assert [e.name for e in rec.events] == ["25th China Hi-Tech Fair"]


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


# ---------------------------------------------------------------- nominal events, editions, OTHER


def test_signing_after_the_opening_ceremony(nlp, stage):
    ents = [("EVENT", "Baltic Robotics Fair"), ("GPE", "Gdansk")]
    text = ("The Baltic Robotics Fair will open in Gdansk on Tuesday and run through Thursday.\n\n"
            "The opening ceremony will be followed by the signing of supply agreements on 40 projects.")
    dates = {"Tuesday": "2022-09-06", "Thursday": "2022-09-08"}
    events = run(nlp, stage, text, ents, dates, "2022-09-01")
    (deal,) = [e for e in events if e["type"] == "PARTNERSHIP"]
    assert "supply agreements" in deal["name"]
    assert (deal["location"], deal["start"], deal["end"], deal["status"]) == ("Gdansk", "2022-09-06", "2022-09-06", "planned")


def test_forum_at_which_something_happens(nlp, stage):
    ents = [("ORG", "Alder Institute"), ("GPE", "Lyon")]
    text = "The Alder Institute presented its mobility index at a forum in Lyon on Monday."
    events = run(nlp, stage, text, ents, {"Monday": "2022-03-07"}, "2022-03-08")
    (forum,) = [e for e in events if e["type"] == "CONFERENCE"]
    assert (forum["name"], forum["location"], forum["start"]) == ("forum", "Lyon", "2022-03-07")


def test_named_awards_in_the_plural(nlp, stage):
    ents = [("EVENT", "Harbor Dev Summit"), ("GPE", "Oslo")]
    text = ("The Harbor Dev Summit opened in Oslo on Monday.\n\n"
            "The Aurora awards will be presented at the closing ceremony on Wednesday.")
    events = run(nlp, stage, text, ents, {"Monday": "2022-06-06", "Wednesday": "2022-06-08"}, "2022-06-06")
    (award,) = [e for e in events if e["type"] == "AWARD"]
    assert (award["location"], award["start"], award["end"], award["status"]) == ("Oslo", "2022-06-08", "2022-06-08", "planned")


def test_similar_agreements_are_a_kind(nlp, stage):
    ents = [("ORG", "Vela Energy")]
    assert run(nlp, stage, "Vela Energy has signed similar agreements with 30 towns since 2018.", ents,
               {"2018": "2018"}, "2022-06-08") == []


@pytest.mark.parametrize(
    "text, dates, start, status",
    [
        ("The Nordic Chip Expo opened in Oslo on Monday. Last year's edition was held online.",
         {"Monday": "2022-06-06", "Last year": "2021"}, "2021", "occurred"),
        ("The Nordic Chip Expo opened in Oslo on Monday. Organizers said next year's edition would be held in Bergen.",
         {"Monday": "2022-06-06", "next year": "2023"}, "2023", "planned"),
    ],
)
def test_another_edition_of_a_conference(nlp, stage, text, dates, start, status):
    ents = [("EVENT", "Nordic Chip Expo"), ("GPE", "Oslo"), ("GPE", "Bergen")]
    events = run(nlp, stage, text, ents, dates, "2022-06-07")
    assert len(events) == 2
    other = next(e for e in events if e["start"] == start)
    assert other["type"] == "CONFERENCE" and other["name"] == f"{start} Nordic Chip Expo" and other["status"] == status


def test_next_edition_of_a_report(nlp, stage):
    ents = [("ORG", "Alder Institute")]
    text = ("The Alder Institute released a new urban mobility index on Friday.\n\n"
            "The index will be updated every year, with the next edition due in March 2023.")
    events = run(nlp, stage, text, ents, {"Friday": "2022-05-06", "March 2023": "2023-03"}, "2022-05-08")
    nxt = next(e for e in events if e["start"] == "2023-03")
    assert nxt["type"] == "REPORT" and nxt["name"].startswith("next edition of") and nxt["status"] == "planned"


def test_past_edition_named_by_its_year_is_apart(nlp, stage):
    ents = [("EVENT", "Nordic Chip Expo"), ("GPE", "Oslo")]
    text = ("The Nordic Chip Expo will open in Oslo on Thursday.\n\n"
            "A visitor tries a drone at the 2021 Nordic Chip Expo in Oslo. [Photo/Example]\n")
    events = run(nlp, stage, text, ents, {"Thursday": "2022-06-09", "2021": "2021"}, "2022-06-07")
    assert sorted((e["start"], e["status"]) for e in events) == [("2021", "occurred"), ("2022-06-09", "planned")]


def test_hyphenated_verb_and_a_date_opening_the_sentence(nlp, stage):
    ents = [("ORG", "Kestrel Systems"), ("ORG", "Alder Institute")]
    text = "The next day, Kestrel Systems and the Alder Institute will co-host a summit on drone safety."
    (ev,) = run(nlp, stage, text, ents, {"The next day": "2022-06-09"}, "2022-06-07")
    assert (ev["type"], ev["start"], ev["status"]) == ("CONFERENCE", "2022-06-09", "planned")
    assert actor_names(ev, ents) == {"Kestrel Systems", "Alder Institute"}


@pytest.mark.parametrize(
    "text",
    [
        "Founded in 2014, Lumen Health makes software for clinics.",
        "Lumen Health, which was spun off from Corvid Labs in 2014, makes software for clinics.",
    ],
)
def test_founding_of_a_company_in_a_clause(nlp, stage, text):
    ents = [("ORG", "Lumen Health"), ("ORG", "Corvid Labs")]
    (ev,) = run(nlp, stage, text, ents, {"2014": "2014"}, "2022-06-07")
    assert (ev["type"], ev["name"], ev["start"]) == ("LAUNCH", "Lumen Health", "2014")


def test_an_amount_restated_in_brackets_is_one_investment(nlp, stage):
    ents = [("ORG", "Kestrel Memory"), ("GPE", "Gumi")]
    text = "Kestrel Memory will invest 20 trillion won ($14.4 billion) in a new chip plant in Gumi."
    events = run(nlp, stage, text, ents, {}, "2026-07-23")
    assert [e["type"] for e in events] == ["INVESTMENT"] and "20 trillion won" in events[0]["name"]


@pytest.mark.parametrize("text", [
    "Kestrel AI is weighing a Hong Kong initial public offering as early as the second half of next year.",
    "Kestrel AI is preparing a listing in the second half of next year, people familiar with the matter said.",
])
def test_a_listing_being_prepared_is_a_planned_investment(nlp, stage, text):
    events = run(nlp, stage, text, [("ORG", "Kestrel AI")], {"the second half of next year": "2026-H2"}, "2025-12-08")
    assert [(e["type"], e["start"], e["status"]) for e in events] == [("INVESTMENT", "2026-H2", "planned")]


def test_a_share_sale_is_an_investment(nlp, stage):
    events = run(nlp, stage, "Kestrel AI plans a share sale in March, it told investors.",
                 [("ORG", "Kestrel AI")], {"March": "2026-03"}, "2025-12-08")
    assert [(e["type"], e["name"], e["status"]) for e in events] == [("INVESTMENT", "share sale", "planned")]


def test_projects_signed_with_an_investment(nlp, stage):
    text = "On Monday, 25 projects with a total investment of 3 billion yuan were signed."
    (ev,) = run(nlp, stage, text, [], {"Monday": "2022-06-06"}, "2022-06-07")
    assert ev["type"] == "INVESTMENT" and "3 billion yuan" in ev["name"] and ev["start"] == "2022-06-06"


def test_programme_between_two_parties_is_a_partnership(nlp, stage):
    ents = [("ORG", "Alder Institute"), ("ORG", "Porto Polytechnic")]
    text = "The release coincided with the launch of an exchange program between Alder Institute and Porto Polytechnic."
    (ev,) = run(nlp, stage, text, ents, published="2022-06-07")
    assert ev["type"] == "PARTNERSHIP" and actor_names(ev, ents) == {"Alder Institute", "Porto Polytechnic"}


def test_an_invitation_is_not_the_launch(nlp, stage):
    ents = [("PERSON", "Ada Lind"), ("GPE", "Chile")]
    text = "Ada Lind recalled how she had been invited to build a battery plant in Chile in 2016."
    (ev,) = run(nlp, stage, text, ents, {"2016": "2016"}, "2022-06-07")
    assert ev["type"] == "OTHER" and ev["name"].startswith("invitation to") and ev["location"] == "Chile"


def test_other_event_a_race_with_place_and_day(nlp, stage):
    ents = [("GPE", "Lyon"), ("LOC", "Rhone River")]
    text = "Lyon will host a drone race along the Rhone River on Oct. 2."
    (ev,) = run(nlp, stage, text, ents, {"Oct. 2": "2022-10-02"}, "2022-06-07")
    assert (ev["type"], ev["location"], ev["start"], ev["end"], ev["status"]) == (
        "OTHER", "Rhone River", "2022-10-02", "2022-10-02", "planned")


def test_date_of_a_when_clause(nlp, stage):
    ents = [("ORG", "Corvid Labs")]
    text = "The deal came on Monday, when Corvid Labs said it had closed a $30 million funding round."
    (ev,) = run(nlp, stage, text, ents, {"Monday": "2022-06-06"}, "2022-06-07")
    assert (ev["type"], ev["start"], ev["end"]) == ("INVESTMENT", "2022-06-06", "2022-06-06")


def test_purpose_infinitive_is_a_planned_launch(nlp, stage):
    ents = [("ORG", "Kestrel Systems"), ("ORG", "Porto Polytechnic"), ("GPE", "Porto")]
    text = ("Kestrel Systems and Porto Polytechnic signed an agreement in Porto on Friday to set up a joint "
            "laboratory for battery research.\n\nThe laboratory is expected to be completed by the end of 2023.")
    events = run(nlp, stage, text, ents, {"Friday": "2022-06-03", "the end of 2023": "2023"}, "2022-06-07")
    (lab,) = [e for e in events if e["type"] == "LAUNCH"]
    assert (lab["status"], lab["start"], lab["end"]) == ("planned", None, "2023")
    assert actor_names(lab, ents) == {"Kestrel Systems", "Porto Polytechnic"}


def test_a_second_object_alongside_the_first(nlp, stage):
    ents = [("ORG", "Kestrel Systems")]
    text = "Kestrel Systems said it would open a data center next year, alongside a test zone for delivery robots."
    events = run(nlp, stage, text, ents, {"next year": "2023"}, "2022-06-07")
    assert sorted(e["name"].split()[-1] for e in events if e["type"] == "LAUNCH") == ["center", "robots"]


def test_what_the_expo_released_happened_at_the_expo(nlp, stage):
    ents = [("EVENT", "Nordic Chip Expo"), ("GPE", "Oslo")]
    text = ("The Nordic Chip Expo opened in Oslo on Monday.\n\n"
            "The expo also released a list of 20 notable products on Tuesday.")
    events = run(nlp, stage, text, ents, {"Monday": "2022-06-06", "Tuesday": "2022-06-07"}, "2022-06-08")
    (rep,) = [e for e in events if e["type"] == "REPORT"]
    assert (rep["location"], rep["start"]) == ("Oslo", "2022-06-07")


@pytest.mark.parametrize("noun, end", [("seminar", "2022-06-14"), ("forum", None)])
def test_one_day_meetings(nlp, stage, noun, end):
    ents = [("ORG", "Alder Institute"), ("GPE", "Lyon")]
    text = f"The Alder Institute will hold a {noun} on urban data in Lyon on June 14."
    (ev,) = run(nlp, stage, text, ents, {"June 14": "2022-06-14"}, "2022-06-07")
    assert (ev["type"], ev["start"], ev["end"]) == ("CONFERENCE", "2022-06-14", end)


def test_showing_a_product_without_a_date_is_no_launch(nlp, stage):
    ents = [("ORG", "Kestrel Systems"), ("PRODUCT", "Falcon X2")]
    assert run(nlp, stage, "Kestrel Systems is expected to present its Falcon X2 drone.", ents,
               published="2022-06-07") == []


def test_headline_mention_is_the_body_event(nlp, stage):
    ents = [("GPE", "Norway"), ("ORG", "Ministry of Digitalisation")]
    text = ("Norway issues guideline on robot safety\n\n"
            "The Ministry of Digitalisation on Tuesday released a guideline on robot safety in workplaces.\n")
    events = run(nlp, stage, text, ents, {"Tuesday": "2022-06-07"}, "2022-06-08")
    assert len([e for e in events if e["type"] == "POLICY"]) == 1


def test_two_parties_agreed_to_do_something(nlp, stage):
    ents = [("ORG", "Orion Motors"), ("ORG", "Vela Energy")]
    text = "On May 3, Orion Motors and Vela Energy agreed to share charging data for electric trucks."
    (ev,) = run(nlp, stage, text, ents, {"May 3": "2022-05-03"}, "2022-05-05")
    assert (ev["type"], ev["start"]) == ("PARTNERSHIP", "2022-05-03")
    assert ev["name"].startswith("agreement to share") and actor_names(ev, ents) == {"Orion Motors", "Vela Energy"}


def test_it_is_the_subject_of_the_sentence_before(nlp, stage):
    ents = [("ORG", "Kestrel Systems"), ("GPE", "Porto")]
    text = ("Kestrel Systems will build a robotics laboratory in Porto.\n\n"
            "The laboratory will focus on drones. It will be inaugurated in March.")
    (ev,) = run(nlp, stage, text, ents, {"March": "2023-03"}, "2022-11-02")
    assert (ev["type"], ev["location"], ev["start"], ev["status"]) == ("LAUNCH", "Porto", "2023-03", "planned")


def test_forum_at_which_an_earlier_event_was_presented(nlp, stage):
    ents = [("ORG", "Alder Institute"), ("GPE", "Lyon")]
    text = ("The Alder Institute released a new mobility index in Lyon on Monday.\n\n"
            "It was presented at a forum on urban transport.")
    events = run(nlp, stage, text, ents, {"Monday": "2022-03-07"}, "2022-03-08")
    (forum,) = [e for e in events if e["type"] == "CONFERENCE"]
    assert (forum["location"], forum["start"]) == ("Lyon", "2022-03-07")
    assert len([e for e in events if e["type"] == "REPORT"]) == 1


def test_date_of_the_ranking_verb(nlp, stage):
    ents = [("GPE", "Vienna"), ("PRODUCT", "Urban Mobility Index")]
    (ev,) = run(nlp, stage, "Vienna came in second in the Urban Mobility Index last year.", ents,
                {"last year": "2021"}, "2022-03-08")
    assert (ev["type"], ev["start"]) == ("REPORT", "2021")


def test_released_as_something_was_said(nlp, stage):
    ents = [("GPE", "Vienna"), ("ORG", "Alder Institute"), ("GPE", "Lyon")]
    text = ("The top city in a new index of urban mobility was Vienna, the Alder Institute said Tuesday as it "
            "released the index in Lyon.")
    (ev,) = run(nlp, stage, text, ents, {"Tuesday": "2022-03-08"}, "2022-03-09")
    assert (ev["type"], ev["start"], ev["location"]) == ("REPORT", "2022-03-08", "Lyon")


def test_the_opening_day_of_a_conference(nlp, stage):
    ents = [("ORG", "Kestrel Systems"), ("EVENT", "Nordic Chip Expo"), ("GPE", "Oslo")]
    text = ("Kestrel Systems will unveil a new drone on June 14, the opening day of the Nordic Chip Expo in Oslo, "
            "which runs until June 16.")
    events = run(nlp, stage, text, ents, {"June 14": "2022-06-14", "June 16": "2022-06-16"}, "2022-06-01")
    (conf,) = [e for e in events if e["type"] == "CONFERENCE"]
    assert (conf["location"], conf["start"], conf["end"]) == ("Oslo", "2022-06-14", "2022-06-16")


def test_closing_verb_in_a_conjunct_gives_the_end(nlp, stage):
    ents = [("EVENT", "Nordic Chip Expo"), ("GPE", "Oslo")]
    text = "The Nordic Chip Expo opened in Oslo on Friday and will close on Sunday."
    (ev,) = run(nlp, stage, text, ents, {"Friday": "2022-06-10", "Sunday": "2022-06-12"}, "2022-06-10")
    assert (ev["start"], ev["end"], ev["status"]) == ("2022-06-10", "2022-06-12", "ongoing")


def test_at_the_same_meeting(nlp, stage):
    ents = [("ORG", "Alder Institute"), ("GPE", "Lyon"), ("PRODUCT", "Mobility Awards")]
    text = ("The Alder Institute released its index on Monday at its annual meeting in Lyon.\n\n"
            "At the same meeting, the institute handed out its Mobility Awards.")
    events = run(nlp, stage, text, ents, {"Monday": "2022-03-07"}, "2022-03-08")
    (award,) = [e for e in events if e["type"] == "AWARD"]
    assert (award["location"], award["start"], award["end"]) == ("Lyon", "2022-03-07", "2022-03-07")


def test_headline_announces_the_body_event(nlp, stage):
    ents = [("GPE", "Bavaria")]
    text = ("Bavaria rolls out three-year plan to expand robotics\n\n"
            "Bavaria has issued a three-year action plan to make the region a leader in robotics.\n")
    (ev,) = run(nlp, stage, text, ents, published="2022-03-08", title=True)
    assert ev["type"] == "POLICY" and "action plan" in ev["name"]  # the body names it better


def test_participle_after_a_comma(nlp, stage):
    ents = [("PRODUCT", "Nordic Robot Index"), ("ORG", "Alder Institute")]
    text = ("Cities are adopting robots quickly, according to the latest Nordic Robot Index, published on June 20 "
            "by the Alder Institute.")
    (ev,) = run(nlp, stage, text, ents, {"June 20": "2022-06-20"}, "2022-06-22")
    assert (ev["type"], ev["start"]) == ("REPORT", "2022-06-20")


def test_release_of_a_product_named_by_its_possessor(nlp, stage):
    ents = [("PRODUCT", "Falcon X2")]
    text = "Falcon X2 had sold 5,000 units since its release on March 3."
    (ev,) = run(nlp, stage, text, ents, {"March 3": "2022-03-03"}, "2022-06-22")
    assert (ev["type"], ev["name"], ev["start"]) == ("LAUNCH", "Falcon X2", "2022-03-03")


def test_an_apposition_is_the_same_launch(nlp, stage):
    ents = [("ORG", "Kestrel Systems"), ("PRODUCT", "Falcon X2"), ("GPE", "Oslo")]
    text = "Kestrel Systems launched Falcon X2, the latest version of its delivery drone, in Oslo on Monday."
    (ev,) = run(nlp, stage, text, ents, {"Monday": "2022-06-20"}, "2022-06-22")
    assert (ev["type"], ev["name"]) == ("LAUNCH", "Falcon X2")


@pytest.mark.parametrize("text, n", [
    ("Twenty startups will receive innovation awards at the closing ceremony on Saturday.", 1),
    ("The company has won many awards.", 0),
])
def test_awards_in_the_plural_need_a_day(nlp, stage, text, n):
    events = run(nlp, stage, text, [], {"Saturday": "2022-06-25"} if "Saturday" in text else {}, "2022-06-22")
    assert len(events) == n and all(e["type"] == "AWARD" and e["start"] == "2022-06-25" for e in events)


def test_banner_and_body_are_one_conference(nlp, stage):
    ents = [("EVENT", "Nordic Chip Expo"), ("GPE", "Oslo")]
    text = ("2022 Nordic Chip Expo · 7-9 June 2022 · Oslo\n"
            "Chip makers gather in the north\n\n"
            "The 2022 Nordic Chip Expo will open in Oslo on Tuesday.\n")
    events = run(nlp, stage, text, ents, {"7-9 June 2022": "2022-06-07/2022-06-09", "Tuesday": "2022-06-07"},
                 "2022-06-01")
    assert [(e["type"], e["start"], e["end"]) for e in events] == [("CONFERENCE", "2022-06-07", "2022-06-09")]


@pytest.mark.parametrize(
    "text, n",
    [
        ("Corvid Labs said on Monday it had closed a 20-million-dollar Series A round led by Northgate Ventures.", 1),
        ("The trade talks between Corvid Labs and Northgate Ventures entered a second round on Monday.", 0),
    ],
)
def test_a_round_is_a_deal_only_when_it_is_one(nlp, stage, text, n):
    ents = [("ORG", "Corvid Labs"), ("ORG", "Northgate Ventures")]
    events = run(nlp, stage, text, ents, {"Monday": "2022-06-06"}, "2022-06-07")
    assert len(events) == n
    for ev in events:
        assert (ev["type"], ev["start"]) == ("INVESTMENT", "2022-06-06") and "Series A round" in ev["name"]
        assert "Corvid Labs" in actor_names(ev, ents)


def test_relative_clause_parsed_as_a_complement(nlp, stage):
    ents = [("ORG", "Leiden Metrics Group"), ("ORG", "Delft Polytechnic")]
    text = ("Delft Polytechnic topped a ranking of European universities by robotics output that the Leiden "
            "Metrics Group published on Wednesday.")
    (ev,) = run(nlp, stage, text, ents, {"Wednesday": "2023-10-04"}, "2023-10-05")
    assert (ev["type"], ev["start"]) == ("REPORT", "2023-10-04")
    assert actor_names(ev, ents) == {"Leiden Metrics Group"}


def test_edition_name_drops_the_number_of_this_edition(nlp, stage):
    ents = [("EVENT", "Nordic Chip Expo"), ("GPE", "Oslo")]
    text = "The fifth Nordic Chip Expo opened in Oslo on Monday. Last year's edition drew 9,000 visitors."
    events = run(nlp, stage, text, ents, {"Monday": "2022-06-06", "Last year": "2021"}, "2022-06-07")
    assert sorted(e["name"] for e in events) == ["2021 Nordic Chip Expo", "fifth Nordic Chip Expo"]


def test_what_coincided_takes_the_time_of_the_event_named_as_subject(nlp, stage):
    ents = [("ORG", "Alder Institute"), ("ORG", "Porto Polytechnic"), ("GPE", "Lyon")]
    text = ("The Alder Institute released a mobility index in Lyon on Monday.\n\n"
            "The institute will hold a workshop on Friday.\n\n"
            "The release coincided with the signing of an agreement between Alder Institute and Porto Polytechnic.")
    events = run(nlp, stage, text, ents, {"Monday": "2022-03-07", "Friday": "2022-03-11"}, "2022-03-08")
    (deal,) = [e for e in events if e["type"] == "PARTNERSHIP"]
    assert (deal["start"], deal["location"]) == ("2022-03-07", "Lyon")


def test_production_beginning_at_a_site_is_one_launch(nlp, stage):
    ents = [("ORG", "Kestrel Systems"), ("GPE", "Porto")]
    text = "Kestrel Systems began production at its new plant in Porto on Monday."
    (ev,) = run(nlp, stage, text, ents, {"Monday": "2022-06-06"}, "2022-06-07")
    assert (ev["type"], ev["location"], ev["start"]) == ("LAUNCH", "Porto", "2022-06-06")


def test_headline_event_is_the_first_of_its_kind_in_the_body(nlp, stage):
    ents = [("GPE", "Norway"), ("ORG", "Ministry of Digitalisation")]
    text = ("Norway unveils robot safety strategy\n\n"
            "The Ministry of Digitalisation on Tuesday announced a five-year strategy for industrial robots.\n")
    (ev,) = run(nlp, stage, text, ents, {"Tuesday": "2022-06-07"}, "2022-06-08", title=True)
    assert (ev["type"], ev["start"]) == ("POLICY", "2022-06-07")


def test_a_bare_institute_doing_something_is_no_launch(nlp, stage):
    ents = [("GPE", "Lyon")]
    events = run(nlp, stage, "The institute will hold a seminar in Lyon on Friday.", ents, {"Friday": "2022-03-11"},
                 "2022-03-08")
    assert [e["type"] for e in events] == ["CONFERENCE"]


def test_a_signing_during_a_fair_is_at_the_fair(nlp, stage):
    ents = [("EVENT", "Nordic Chip Expo"), ("GPE", "Oslo"), ("ORG", "Bergen Municipal Government"),
            ("GPE", "Bergen"), ("ORG", "Kestrel Systems")]
    text = ("The Nordic Chip Expo opened in Oslo on Monday and will run until Wednesday.\n\n"
            "On Tuesday, the Bergen Municipal Government signed an agreement with Kestrel Systems.")
    dates = {"Monday": "2022-06-06", "Wednesday": "2022-06-08", "Tuesday": "2022-06-07"}
    events = run(nlp, stage, text, ents, dates, "2022-06-07")
    (deal,) = [e for e in events if e["type"] == "PARTNERSHIP"]
    assert (deal["location"], deal["start"]) == ("Oslo", "2022-06-07")


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


def test_money_raised_by_the_company_a_pronoun_or_the_company_means(nlp, stage):
    ents = [("ORG", "Nordwind Robotics"), ("GPE", "Porto")]
    for second in ("It raised $50 million last year.", "The company raised $50 million last year."):
        text = "Nordwind Robotics was founded in Porto in 2019. " + second
        events = run(nlp, stage, text, ents, {"2019": "2019", "last year": "2024"}, "2025-03-01")
        (ev,) = [e for e in events if e["type"] == "INVESTMENT"]  # (and the founding, a LAUNCH)
        assert ev["start"] == "2024" and "$50 million" in ev["name"]
        assert actor_names(ev, ents) == {"Nordwind Robotics"}
    # no company before the pronoun: a statistic, not a deal
    text = "Porto is a growing city. It raised $50 million from bond sales last year."
    assert run(nlp, stage, text, [("GPE", "Porto")], {"last year": "2024"}, "2025-03-01") == []


def test_a_dated_product_update_is_a_launch(nlp, stage):
    ents = [("ORG", "Kestrel Systems"), ("PRODUCT", "Falcon")]
    (ev,) = run(nlp, stage, "Kestrel Systems updated its Falcon model on Monday.", ents,
                {"Monday": "2025-05-19"}, "2025-05-20")
    assert (ev["type"], ev["start"]) == ("LAUNCH", "2025-05-19") and "Falcon" in ev["name"]
    assert actor_names(ev, ents) == {"Kestrel Systems"}
    # undated: an update is not news of a launch; "is updated monthly" is a schedule
    assert run(nlp, stage, "Kestrel Systems will upgrade its Falcon model.", ents, {}, "2025-05-20") == []
    assert run(nlp, stage, "The leaderboard is updated monthly.", [], {}, "2025-05-20") == []


def test_an_issued_notice_is_a_policy_but_notice_alone_is_not(nlp, stage):
    ents = [("ORG", "Ministry of Finance")]
    text = "The move follows a notice issued last week by the Ministry of Finance on tax deductions for companies."
    (ev,) = run(nlp, stage, text, ents, {"last week": "2026-W02"}, "2026-01-15")
    assert (ev["type"], ev["start"]) == ("POLICY", "2026-W02") and "notice" in ev["name"]
    assert actor_names(ev, ents) == {"Ministry of Finance"}
    text = "The rules apply until further notice, the Ministry of Finance said on Monday."
    assert run(nlp, stage, text, ents, {"Monday": "2026-01-12"}, "2026-01-15") == []


def test_this_years_forum_is_the_forum_the_article_reports(extractor):
    text = ("Zhongguancun Forum opens with robot showcase\n\nThe 2026 Zhongguancun Forum opened in Beijing on "
            "Thursday. Running until Monday, this year's forum features more than 120 sessions.")
    rec = extractor(text, published="2026-03-27")
    assert [(e.type, e.start, e.end) for e in rec.events] == [("CONFERENCE", "2026-03-26", "2026-03-30")]
