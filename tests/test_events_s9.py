"""Event wordings of the s9 round, on sentences written for these tests (none is taken from the
corpus): briefings and calls, deliveries, shipments and production that begin."""

from __future__ import annotations

import pytest

pytest.importorskip("spacy")

from test_events import one as only, run, stage  # noqa: E402,F401 (stage: the module's fixture)


def test_told_a_briefing_is_a_dated_meeting(nlp, stage):
    text = "Deputy Minister Aro Vinter told a briefing in Tampere on Tuesday that the rules would be eased."
    events = run(nlp, stage, text, [("PERSON", "Aro Vinter"), ("GPE", "Tampere")], {"Tuesday": "2026-02-24"},
                 "2026-02-25")
    ev = only(events, "CONFERENCE")
    assert (ev["name"], ev["location"], ev["start"], ev["end"]) == ("briefing", "Tampere", "2026-02-24", "2026-02-24")


def test_said_on_an_earnings_call(nlp, stage):
    text = "Sales of the scooter doubled, the chief financial officer of Velora said on an earnings call on Thursday."
    events = run(nlp, stage, text, [("ORG", "Velora")], {"Thursday": "2026-02-26"}, "2026-02-27")
    ev = only(events, "CONFERENCE")
    assert (ev["name"], ev["start"]) == ("earnings call", "2026-02-26"), ev


def test_host_a_press_briefing(nlp, stage):
    text = "Nordlys Robotics will host a press briefing at its booth on March 5."
    events = run(nlp, stage, text, [("ORG", "Nordlys Robotics")], {"March 5": "2026-03-05"}, "2026-03-01")
    ev = only(events, "CONFERENCE")
    assert (ev["name"], ev["start"], ev["status"]) == ("press briefing", "2026-03-05", "planned"), ev


def test_undated_talk_to_a_forum_is_no_event(nlp, stage):
    text = "He told the forum that robots would change farming."
    assert run(nlp, stage, text, [], {}, "2026-03-01") == []


def test_deliveries_begin_on_a_day_with_no_end(nlp, stage):
    text = "Prices start at 900 euros, and deliveries of the Kestrel K2 begin on April 2."
    events = run(nlp, stage, text, [("PRODUCT", "Kestrel K2")], {"April 2": "2026-04-02"}, "2026-03-01")
    ev = only(events, "LAUNCH")
    assert (ev["start"], ev["end"], ev["status"]) == ("2026-04-02", None, "planned"), ev


def test_mass_production_scheduled_and_entered(nlp, stage):
    text = "Mass production of the Tern chip is scheduled for the second half of 2027, Velora said."
    events = run(nlp, stage, text, [("ORG", "Velora")], {"the second half of 2027": "2027-H2"}, "2026-03-01")
    assert only(events, "LAUNCH")["start"] == "2027-H2"
    text = "The Tern chip, which entered mass production in May, lifted Velora's sales."
    events = run(nlp, stage, text, [("ORG", "Velora")], {"May": "2025-05"}, "2026-03-01")
    assert only(events, "LAUNCH")["start"] == "2025-05"


def test_shipments_begun_by_a_company(nlp, stage):
    text = "Velora began overseas shipments of its V1 scooter in the fourth quarter of 2025."
    events = run(nlp, stage, text, [("ORG", "Velora")], {"the fourth quarter of 2025": "2025-Q4"}, "2026-03-01")
    ev = only(events, "LAUNCH")
    assert ev["start"] == "2025-Q4" and ev["end"] is None and ev["actors"] == ["E1"], ev


def test_shipments_as_a_measure_are_no_event(nlp, stage):
    text = "Servers built on local chips made up 35 percent of shipments in 2025, and Velora ranked first by shipments."
    events = run(nlp, stage, text, [("ORG", "Velora")], {"2025": "2025"}, "2026-03-01")
    assert [e for e in events if e["type"] == "LAUNCH"] == [], events


def test_which_clause_gives_its_antecedent_as_doer(nlp, stage):
    text = "Velora, which is preparing a listing on the Oslo Stock Exchange, reported a profit."
    events = run(nlp, stage, text, [("ORG", "Velora"), ("ORG", "Oslo Stock Exchange")], {}, "2026-03-01")
    ev = only(events, "INVESTMENT")
    assert (ev["actors"], ev["status"]) == (["E1"], "planned"), ev


def test_which_clause_on_a_place_or_product_names_no_doer(nlp, stage):
    text = "The Nordic Robot Fair opened in Oslo on Monday. The fair in Oslo, which runs until Friday, drew crowds."
    events = run(nlp, stage, text, [("EVENT", "Nordic Robot Fair"), ("GPE", "Oslo")],
                 {"Monday": "2026-02-23", "Friday": "2026-02-27"}, "2026-02-24")
    assert all(e["actors"] == [] for e in events), events


def test_expected_to_seek_listings(nlp, stage):
    text = "Tern and Kestrel, two other drone makers, are expected to seek Oslo Stock Exchange listings later this year."
    events = run(nlp, stage, text, [("ORG", "Tern"), ("ORG", "Kestrel"), ("ORG", "Oslo Stock Exchange")],
                 {"later this year": "2026"}, "2026-03-01")
    ev = only(events, "INVESTMENT")
    assert (ev["actors"], ev["start"], ev["status"]) == (["E1", "E2"], "2026", "planned"), ev


def test_filed_prospectus_is_dated_happening(nlp, stage):
    text = "Velora filed its prospectus last month, seeking to raise about $500 million."
    events = run(nlp, stage, text, [("ORG", "Velora")], {"last month": "2026-02"}, "2026-03-01")
    ev = only(events, "OTHER")
    assert ("prospectus" in ev["name"], ev["actors"], ev["start"]) == (True, ["E1"], "2026-02"), ev
    text = "According to the prospectus, Velora's revenue rose 40% in 2025."
    assert run(nlp, stage, text, [("ORG", "Velora")], {"2025": "2025"}, "2026-03-01") == []


def test_zone_signing_during_a_fair_is_at_the_fair(nlp, stage):
    text = ("The Nordic Robot Fair will open in Bergen on March 10 and run for four days. "
            "The Fjord Tech Zone will also sign a cooperation agreement with Velora during the four-day event.")
    ents = [("EVENT", "Nordic Robot Fair"), ("GPE", "Bergen"), ("LOC", "Fjord Tech Zone"), ("ORG", "Velora")]
    events = run(nlp, stage, text, ents, {"March 10": "2026-03-10"}, "2026-03-01")
    ev = only(events, "PARTNERSHIP")
    assert ev["location"] == "Bergen", ev


def test_where_clause_takes_the_place_before_it(nlp, stage):
    text = "Delegates gathered in Oslo, where the Nordic Chip Forum opened on Tuesday."
    events = run(nlp, stage, text, [("GPE", "Oslo"), ("EVENT", "Nordic Chip Forum")], {"Tuesday": "2026-02-24"},
                 "2026-02-25")
    assert only(events, "CONFERENCE")["location"] == "Oslo"
    text = "Velora moved to Oslo, where it opened a research lab in May."
    events = run(nlp, stage, text, [("GPE", "Oslo"), ("ORG", "Velora")], {"May": "2025-05"}, "2026-03-01")
    assert only(events, "LAUNCH")["location"] == "Oslo"


def test_on_the_sidelines_of_the_forum_is_at_the_forum(nlp, stage):
    text = ("The Nordic Chip Forum opened in Oslo on Tuesday. Velora said it had closed a 20 million euro funding "
            "round on the sidelines of the forum on Wednesday.")
    ents = [("GPE", "Oslo"), ("EVENT", "Nordic Chip Forum"), ("ORG", "Velora"), ("MONEY", "20 million euro")]
    events = run(nlp, stage, text, ents, {"Tuesday": "2026-02-24", "Wednesday": "2026-02-25"}, "2026-02-26")
    assert only(events, "INVESTMENT")["location"] == "Oslo"


def test_policy_issued_during_a_fair_is_not_placed_at_it(nlp, stage):
    text = ("The Nordic Chip Forum is being held in Oslo from Tuesday to Thursday. "
            "On Wednesday, the Ministry of Industry unveiled a plan to support chip startups.")
    ents = [("GPE", "Oslo"), ("EVENT", "Nordic Chip Forum"), ("ORG", "Ministry of Industry")]
    events = run(nlp, stage, text, ents, {"from Tuesday to Thursday": "2026-02-24/2026-02-26", "Wednesday": "2026-02-25"},
                 "2026-02-25")
    ev = only(events, "POLICY")
    assert ev["start"] == "2026-02-25" and ev["location"] is None, ev


def test_released_at_the_opening_plenary_takes_the_forums_day(nlp, stage):
    text = ("The Nordic AI Forum opened in Oslo on Tuesday. At the opening plenary, the Nordic AI Lab released "
            "Emu9, a world model for robots.")
    ents = [("EVENT", "Nordic AI Forum"), ("GPE", "Oslo"), ("ORG", "Nordic AI Lab"), ("PRODUCT", "Emu9")]
    events = run(nlp, stage, text, ents, {"Tuesday": "2026-02-24"}, "2026-02-25")
    ev = only(events, "LAUNCH")
    assert (ev["name"], ev["location"], ev["start"]) == ("Emu9", "Oslo", "2026-02-24"), ev


def test_launch_told_at_a_forum_that_is_not_found_stays_out(nlp, stage):
    text = "The Nordic AI Lab launched a new world model for robots, the lab's director said at the forum."
    assert run(nlp, stage, text, [("ORG", "Nordic AI Lab")], {}, "2026-02-25") == []


def test_named_product_goes_on_sale_or_hits_shelves(nlp, stage):
    text = "Tern K3 goes on sale in Norway on March 20."
    events = run(nlp, stage, text, [("PRODUCT", "Tern K3"), ("GPE", "Norway")], {"March 20": "2026-03-20"},
                 "2026-03-01")
    ev = only(events, "LAUNCH")
    assert (ev["name"], ev["location"], ev["start"], ev["status"]) == ("Tern K3", "Norway", "2026-03-20", "planned")
    events = run(nlp, stage, "Tern K3 will hit shelves in April.", [("PRODUCT", "Tern K3")], {"April": "2026-04"},
                 "2026-03-01")
    assert only(events, "LAUNCH")["start"] == "2026-04"


def test_sale_wording_without_a_date_or_name_is_no_launch(nlp, stage):
    assert run(nlp, stage, "Tern K3 came out of nowhere to top the chart.", [("PRODUCT", "Tern K3")], {},
               "2026-03-01") == []
    assert run(nlp, stage, "The first model, which went on sale in June, sold well.", [], {"June": "2025-06"},
               "2026-03-01") == []


def test_site_that_began_operating_is_launched(nlp, stage):
    text = "It will be Velora's third site after Bergen and the nearby K5 fab, which began operating in February."
    events = run(nlp, stage, text, [("ORG", "Velora"), ("GPE", "Bergen"), ("FAC", "K5")], {"February": "2026-02"},
                 "2026-03-01")
    ev = only(events, "LAUNCH")
    assert "fab" in ev["name"] and ev["start"] == "2026-02" and ev["status"] == "occurred", ev
    text = "Velora reviewed the pilot line in Narvik, which began producing prototype chips in April last year."
    events = run(nlp, stage, text, [("ORG", "Velora"), ("GPE", "Narvik")], {"April last year": "2025-04"}, "2026-03-01")
    ev = only(events, "LAUNCH")
    assert (ev["name"], ev["location"], ev["start"]) == ("pilot line", "Narvik", "2025-04"), ev


def test_company_that_will_start_shipping_a_product(nlp, stage):
    text = ("Tern Robotics said on Monday that it will start shipping its T1 humanoid to overseas customers "
            "in the fourth quarter.")
    events = run(nlp, stage, text, [("ORG", "Tern Robotics"), ("PRODUCT", "T1")],
                 {"Monday": "2026-02-23", "the fourth quarter": "2026-Q4"}, "2026-03-01")
    ev = only(events, "LAUNCH")
    assert (ev["name"], ev["actors"], ev["start"], ev["end"], ev["status"]) == (
        "shipments of T1 humanoid", ["E1"], "2026-Q4", None, "planned"), ev


def test_undated_or_unrelated_starts_are_no_launch(nlp, stage):
    assert run(nlp, stage, "Velora has begun selling robots to hospitals.", [("ORG", "Velora")], {}, "2026-03-01") == []
    assert run(nlp, stage, "Prices started rising in May.", [], {"May": "2025-05"}, "2026-03-01") == []
