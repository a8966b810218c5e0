"""Event wordings of the s9b round, on sentences written for these tests (none is taken from the
corpus): a day of a conference ("on the opening day", "on the closing day"), "the same day",
and a closing participle."""

from __future__ import annotations

import pytest

pytest.importorskip("spacy")

from test_events import one as only, run, stage  # noqa: E402,F401 (stage: the module's fixture)

FAIR = "The Nordic Robotics Expo opened in Oslo on Monday and will close on Friday. "
FAIR_DATES = {"Monday": "2026-05-04", "Friday": "2026-05-08"}
ENTS = [("ORG", "Velora"), ("ORG", "Kestrel"), ("ORG", "Tessel"), ("GPE", "Oslo")]


def test_unveiled_on_the_opening_day(nlp, stage):
    text = FAIR + "Velora unveiled a welding robot on the opening day."
    ev = only(run(nlp, stage, text, ENTS, FAIR_DATES, "2026-05-09"), "LAUNCH")
    assert (ev["location"], ev["start"], ev["end"]) == ("Oslo", "2026-05-04", "2026-05-04"), ev


def test_signed_on_the_first_day_of_the_fair(nlp, stage):
    text = FAIR + "On the first day of the fair, Kestrel signed an agreement with Tessel."
    ev = only(run(nlp, stage, text, ENTS, FAIR_DATES, "2026-05-09"), "PARTNERSHIP")
    assert (ev["location"], ev["start"], ev["end"]) == ("Oslo", "2026-05-04", "2026-05-04"), ev


def test_closing_day_is_the_conference_last_day(nlp, stage):
    text = FAIR + "Velora unveiled a welding robot on the closing day."
    ev = only(run(nlp, stage, text, ENTS, FAIR_DATES, "2026-05-09"), "LAUNCH")
    assert (ev["location"], ev["start"]) == ("Oslo", "2026-05-08"), ev


def test_opening_day_of_something_else_is_no_conference_day(nlp, stage):
    assert run(nlp, stage, "Sales rose on the opening day of trading.", [], {}, "2026-05-09") == []
    text = FAIR + "Velora unveiled a welding robot on the opening day of its new plant in Lyon."
    events = run(nlp, stage, text, ENTS + [("GPE", "Lyon")], FAIR_DATES, "2026-05-09")
    assert all(e["start"] != "2026-05-04" for e in events if e["type"] == "LAUNCH"), events


def test_closing_participle_gives_the_end(nlp, stage):
    text = "The Lyon AI Summit opened on Tuesday, closing on Thursday."
    ev = only(run(nlp, stage, text, [("GPE", "Lyon")], {"Tuesday": "2026-05-05", "Thursday": "2026-05-07"},
                  "2026-05-09"), "CONFERENCE")
    assert (ev["start"], ev["end"]) == ("2026-05-05", "2026-05-07"), ev
    text = "The Nordic Robotics Expo opened in Oslo on Monday and runs for five days, closing on Friday, May 8."
    ev = only(run(nlp, stage, text, ENTS, {"Monday": "2026-05-04", "Friday, May 8": "2026-05-08"}, "2026-05-06"),
              "CONFERENCE")
    assert (ev["start"], ev["end"], ev["status"]) == ("2026-05-04", "2026-05-08", "ongoing"), ev


def test_closing_participle_of_no_conference_is_no_end(nlp, stage):
    text = "Velora shares rose 4 percent on Monday, closing on Friday at 12 euros."
    assert run(nlp, stage, text, [("ORG", "Velora")], {"Monday": "2026-05-04", "Friday": "2026-05-08"},
               "2026-05-09") == []


def test_weekday_start_after_the_end_is_the_week_before(nlp, stage):
    # the dates stage placed "Tuesday" in the week after a Thursday issue; the fair closed on the Saturday
    text = "The Nordic Robotics Expo opened in Oslo on Tuesday and will close on Saturday, May 9."
    ev = only(run(nlp, stage, text, ENTS, {"Tuesday": "2026-05-12", "Saturday, May 9": "2026-05-09"}, "2026-05-07"),
              "CONFERENCE")
    assert (ev["start"], ev["end"], ev["status"]) == ("2026-05-05", "2026-05-09", "ongoing"), ev


def test_the_opening_day_as_a_date_is_the_conference_first_day(nlp, stage):
    # the dates stage's guess at "the opening day" gives way to the conference this stage knows
    text = FAIR + "Velora unveiled a welding robot with a long arm on the opening day."
    dates = dict(FAIR_DATES, **{"the opening day": "2026-05-11"})
    ev = only(run(nlp, stage, text, ENTS, dates, "2026-05-09"), "LAUNCH")
    assert (ev["location"], ev["start"], ev["end"]) == ("Oslo", "2026-05-04", "2026-05-04"), ev


def test_the_same_day_takes_the_day_of_the_event_before(nlp, stage):
    text = "Velora unveiled a welding robot in Lyon on Tuesday. On the same day, Kestrel signed an agreement with Tessel."
    events = run(nlp, stage, text, ENTS + [("GPE", "Lyon")], {"Tuesday": "2026-05-05"}, "2026-05-09")
    ev = only(events, "PARTNERSHIP")
    assert (ev["start"], ev["end"], ev["location"]) == ("2026-05-05", "2026-05-05", None), ev
    # with nothing dated before, there is no day to take
    events = run(nlp, stage, "Kestrel signed an agreement with Tessel the same day.", ENTS, {}, "2026-05-09")
    assert only(events, "PARTNERSHIP")["start"] is None
