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
