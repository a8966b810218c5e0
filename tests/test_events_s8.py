"""Event wordings of the s8 round, on sentences written for these tests: deals told after a
dated batch of signings, targets, first and past editions."""

from __future__ import annotations

import pytest

pytest.importorskip("spacy")

from test_events import run, stage  # noqa: E402,F401 (stage: the module's fixture)


def named(events: list[dict], typ: str, word: str) -> dict:
    found = [e for e in events if e["type"] == typ and word in (e["name"] or "")]
    assert len(found) == 1, events
    return found[0]


def test_deals_after_a_batch_take_its_day_and_place(nlp, stage):
    text = ("Robotics firms from both countries signed a batch of cooperation agreements in Porto on Friday. "
            "Velox agreed with Marante to build a robot plant in Braga, while Quanta signed a memorandum of "
            "understanding with Tessel on sensor research.")
    ents = [("GPE", "Porto"), ("ORG", "Velox"), ("ORG", "Marante"), ("ORG", "Quanta"), ("ORG", "Tessel"),
            ("GPE", "Braga")]
    events = run(nlp, stage, text, ents, {"Friday": "2025-06-13"}, "2025-06-14")
    mou = named(events, "PARTNERSHIP", "memorandum")
    assert (mou["start"], mou["end"], mou["location"]) == ("2025-06-13", "2025-06-13", "Porto"), mou
    deal = named(events, "PARTNERSHIP", "plant")  # (its own place stays)
    assert (deal["start"], deal["end"], deal["status"]) == ("2025-06-13", "2025-06-13", "occurred"), deal


def test_deals_far_from_a_batch_take_nothing(nlp, stage):
    text = ("Robotics firms signed a batch of cooperation agreements in Porto on Friday. "
            "The fair drew 900 exhibitors. Visitors tried the robots. Buyers came from 40 countries. "
            "Quanta signed a memorandum of understanding with Tessel on sensor research.")
    ents = [("GPE", "Porto"), ("ORG", "Quanta"), ("ORG", "Tessel")]
    ev = named(run(nlp, stage, text, ents, {"Friday": "2025-06-13"}, "2025-06-14"), "PARTNERSHIP", "memorandum")
    assert ev["start"] is None and ev["location"] is None


def test_goal_by_a_date_is_a_planned_target(nlp, stage):
    text = "The city aims to raise its data centre capacity to 500 megawatts by 2028."
    ev = named(run(nlp, stage, text, [], {"2028": "2028"}, "2025-03-04"), "OTHER", "megawatts")
    assert (ev["start"], ev["end"], ev["status"]) == (None, "2028", "planned"), ev
    assert ev["name"].startswith("raise"), ev  # the goal, not "aims to"


def test_target_set_by_a_plan_takes_the_plans_issuer(nlp, stage):
    text = "Valdora issued an action plan last week that calls for 20 robot factories to be built by 2029."
    ents = [("GPE", "Valdora")]
    ev = named(run(nlp, stage, text, ents, {"last week": "2025-W09", "2029": "2029"}, "2025-03-04"), "OTHER",
               "factories")
    assert (ev["end"], ev["location"], ev["actors"]) == ("2029", "Valdora", ["E1"]), ev


def test_by_a_date_without_a_goal_is_no_target(nlp, stage):
    text = "Orvix plans to open a chip plant in Leeds by 2027. Its sales had doubled by 2020."
    events = run(nlp, stage, text, [("ORG", "Orvix"), ("GPE", "Leeds")], {"2027": "2027", "2020": "2020"},
                 "2024-05-10")
    assert [e["type"] for e in events] == ["LAUNCH"], events


EXPO = "The Nordic Robotics Expo will be held in Oslo from May 6 to 9. "
EXPO_ENTS = [("EVENT", "Nordic Robotics Expo"), ("GPE", "Oslo")]
EXPO_DATES = {"May 6 to 9": "2025-05-06/2025-05-09"}


def test_first_held_before_the_subject_is_the_first_edition(nlp, stage):
    # the small model tags a sentence-initial "First held" as a past tense
    text = EXPO + "First held in 2016, the expo has grown from 80 exhibitors to more than 600."
    events = run(nlp, stage, text, EXPO_ENTS, {**EXPO_DATES, "2016": "2016"}, "2025-03-03")
    first = named(events, "CONFERENCE", "first")
    assert (first["name"], first["start"]) == ("first Nordic Robotics Expo", "2016"), events


def test_last_years_expo_is_another_edition(nlp, stage):
    text = EXPO + "Last year's expo drew about 30,000 visitors. A cooperation agreement will be signed during the expo."
    events = run(nlp, stage, text, EXPO_ENTS, {**EXPO_DATES, "Last year": "2024"}, "2025-03-03")
    past = named(events, "CONFERENCE", "2024")
    assert (past["name"], past["start"], past["status"]) == ("2024 Nordic Robotics Expo", "2024", "occurred"), events
    deal = named(events, "PARTNERSHIP", "agreement")
    assert deal["location"] == "Oslo", deal  # during this year's expo, not last year's


def test_this_weeks_summit_is_the_summit_itself(nlp, stage):
    text = ("The Baltic AI Summit opened in Riga on Tuesday. Besides five themes, this week's summit has "
            "the task of keeping the talks going.")
    events = run(nlp, stage, text, [("EVENT", "Baltic AI Summit"), ("GPE", "Riga")],
                 {"Tuesday": "2025-02-11", "this week": "2025-W07"}, "2025-02-12")
    assert [e["type"] for e in events] == ["CONFERENCE"], events


def test_next_years_conference_keeps_its_month(nlp, stage):
    text = "The Baltic AI Summit opened in Riga on Tuesday. Next year's conference will be held in July."
    events = run(nlp, stage, text, [("EVENT", "Baltic AI Summit"), ("GPE", "Riga")],
                 {"Tuesday": "2025-02-11", "Next year": "2026", "July": "2026-07"}, "2025-02-12")
    nxt = [e for e in events if e["start"] and e["start"].startswith("2026")]
    assert len(nxt) == 1 and nxt[0]["start"] == "2026-07", events


def test_money_provided_to_a_company_is_a_deal_with_it(nlp, stage):
    text = "The industry ministry said on Tuesday it would provide an extra 300 billion yen to Hanbit Semi."
    ev = named(run(nlp, stage, text, [("ORG", "Hanbit Semi")], {"Tuesday": "2025-05-06"}, "2025-05-08"),
               "INVESTMENT", "300 billion yen")
    assert (ev["actors"], ev["status"]) == (["E1"], "planned"), ev


def test_money_provided_without_a_named_party_is_no_deal(nlp, stage):
    text = "The ministry said on Tuesday the fund would provide 300 billion yen to start-ups."
    assert run(nlp, stage, text, [], {"Tuesday": "2025-05-06"}, "2025-05-08") == []


def test_starting_a_programme_is_a_policy(nlp, stage):
    text = "The Trade Agency said it will start a grant programme for chip designers in June."
    ev = named(run(nlp, stage, text, [("ORG", "Trade Agency")], {"June": "2025-06"}, "2025-05-08"),
               "POLICY", "programme")
    assert (ev["start"], ev["status"]) == ("2025-06", "planned"), ev


def test_a_scheme_opening_for_applications_is_a_policy(nlp, stage):
    text = "A subsidy scheme for robot makers will open for applications next month, the bureau said."
    ev = named(run(nlp, stage, text, [], {"next month": "2025-06"}, "2025-05-08"), "POLICY", "scheme")
    assert (ev["start"], ev["status"]) == ("2025-06", "planned"), ev


def test_an_amount_leaves_no_dangling_preposition_in_a_name(nlp, stage):
    text = "The Trade Agency unveiled a subsidy scheme of up to 50 billion yen on Tuesday."
    ev = named(run(nlp, stage, text, [("ORG", "Trade Agency")], {"Tuesday": "2025-05-06"}, "2025-05-08"),
               "POLICY", "scheme")
    assert ev["name"] == "subsidy scheme", ev


def test_a_month_edition_of_a_leaderboard(nlp, stage):
    text = ("Orca-2 took first place in the latest Lumen leaderboard of language models, released on Monday, "
            "displacing Kestrel, which led the December edition.")
    events = run(nlp, stage, text, [("PRODUCT", "Lumen"), ("PRODUCT", "Orca-2"), ("PRODUCT", "Kestrel")],
                 {"Monday": "2025-02-17", "December": "2024-12"}, "2025-02-18")
    past = [e for e in events if e["start"] == "2024-12"]
    assert len(past) == 1 and past[0]["type"] == "REPORT", events


def test_founding_on_an_apposition_founds_the_company(nlp, stage):
    text = "Velora, a Lyon-based maker of delivery drones founded in March 2021, has opened an office in Oslo."
    events = run(nlp, stage, text, [("ORG", "Velora"), ("GPE", "Lyon"), ("GPE", "Oslo")], {"March 2021": "2021-03"},
                 "2025-05-08")
    ev = named(events, "LAUNCH", "Velora")
    assert ev["start"] == "2021-03", events


def test_a_datelines_date_yields_to_the_founding_date(nlp, stage):
    text = ("(Newswire) May 6 -- Velora, a maker of delivery drones founded in March 2021, has raised "
            "40 million dollars in a funding round.")
    events = run(nlp, stage, text, [("ORG", "Velora")], {"May 6": "2025-05-06", "March 2021": "2021-03"}, "2025-05-06")
    assert named(events, "LAUNCH", "Velora")["start"] == "2021-03", events


def test_founded_it_is_the_founding_of_the_company_it_means(nlp, stage):
    text = "Velora makes delivery drones. Founded in 2019, it employs 300 people in Lyon."
    events = run(nlp, stage, text, [("ORG", "Velora"), ("GPE", "Lyon")], {"2019": "2019"}, "2025-05-08")
    ev = named(events, "LAUNCH", "Velora")
    assert (ev["start"], ev["status"]) == ("2019", "occurred"), events


def test_each_line_of_an_award_list_is_an_award_of_that_ceremony(nlp, stage):
    text = ("A drone from Velora won the Nordic Grand Award at a ceremony in Oslo on Friday. The winners were:\n"
            "- Nordic Grand Award: Velora\n"
            "- Young Maker Prize (shared): two student teams\n"
            "- Open Data Award: the Oslo city archive\n")
    events = run(nlp, stage, text, [("ORG", "Velora"), ("GPE", "Oslo"), ("PRODUCT", "Nordic Grand Award")],
                 {"Friday": "2025-05-09"}, "2025-05-10")
    awards = sorted((e["name"], e["start"], e["location"]) for e in events if e["type"] == "AWARD")
    assert awards == [("Nordic Grand Award", "2025-05-09", "Oslo"), ("Open Data Award", "2025-05-09", "Oslo"),
                      ("Young Maker Prize", "2025-05-09", "Oslo")], events


def test_a_date_inside_a_since_phrase_does_not_date_the_clause(nlp, stage):
    text = "The prize has been presented at every edition of the conference since the inaugural WRC in 2016."
    events = run(nlp, stage, text, [("EVENT", "WRC")], {"2016": "2016"}, "2025-05-10")
    assert all(e["start"] != "2016" for e in events if e["type"] == "AWARD"), events


def test_a_fair_that_opened_will_run_until_its_end(nlp, stage):
    text = "The Nordic Robotics Expo, which opened on Thursday at the Oslo Spektrum, will run until Monday."
    events = run(nlp, stage, text, [("EVENT", "Nordic Robotics Expo"), ("FAC", "Oslo Spektrum")],
                 {"Thursday": "2025-05-08", "Monday": "2025-05-12"}, "2025-05-09")
    ev = named(events, "CONFERENCE", "Expo")
    assert (ev["start"], ev["end"]) == ("2025-05-08", "2025-05-12"), events


def test_a_roundtable_is_a_meeting_of_its_own(nlp, stage):
    text = ("The Nordic Expo opened in Oslo on Thursday. "
            "The first Nordic AI ministers' roundtable is scheduled for November in Bergen.")
    events = run(nlp, stage, text, [("EVENT", "Nordic Expo"), ("GPE", "Oslo"), ("GPE", "Bergen")],
                 {"Thursday": "2025-05-08", "November": "2025-11"}, "2025-05-09")
    ev = named(events, "CONFERENCE", "roundtable")
    assert (ev["location"], ev["start"], ev["status"]) == ("Bergen", "2025-11", "planned"), events


def test_the_fair_at_a_convention_centre_is_the_fair_in_its_city(nlp, stage):
    # (Makuhari Messe is a convention centre in Chiba in the knowledge base)
    text = ("Visitors watch robots at the 9th Bay Robot Fair in Chiba on Wednesday.\n\n"
            "The fair, which opened on May 7 at Makuhari Messe, will run until Sunday.")
    ents = [("EVENT", "Bay Robot Fair"), ("GPE", "Chiba"), ("FAC", "Makuhari Messe")]
    events = run(nlp, stage, text, ents, {"Wednesday": "2025-05-07", "May 7": "2025-05-07", "Sunday": "2025-05-11"},
                 "2025-05-09")
    fairs = [e for e in events if e["type"] == "CONFERENCE"]
    assert len(fairs) == 1 and (fairs[0]["location"], fairs[0]["end"]) == ("Chiba", "2025-05-11"), events
