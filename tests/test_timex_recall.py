"""Constructions of modern wire and broadcast news, and the lazy compilation of the tagger's patterns.

Sentences are written for these tests (2013-style news); the expected values follow the
TimeML / TempEval-3 conventions described in docs/dates.md. DCT is Friday 2013-03-22
unless a test says otherwise.
"""

from __future__ import annotations

import pickle
import re

import pytest

from ai_news_extract.timex import TimexTagger, tag
from ai_news_extract.timex.lazyre import LazyPattern, lazy
from ai_news_extract.timex.lexicon import default_lexicon
from ai_news_extract.timex.patterns import load_rules

DCT = "2013-03-22"  # a Friday


def values(text: str, dct: str | None = DCT) -> list[tuple[str, str, str]]:
    return [(d["text"], d["type"], d["value"]) for d in tag(text, dct)]


def one(text: str, phrase: str, dct: str | None = DCT) -> dict:
    found = [d for d in tag(text, dct) if d["text"] == phrase]
    assert found, f"{phrase!r} not tagged in {text!r}: {values(text, dct)}"
    return found[0]


# -- a plural unit with no number -----------------------------------------------------------
@pytest.mark.parametrize(
    "text, phrase, value",
    [
        ("He spent weeks in hospital after the crash.", "weeks", "PXW"),
        ("Repairs could take months, officials said.", "months", "PXM"),
        ("Within minutes, the building was engulfed.", "minutes", "PTXM"),
        ("The rebels struck days after the truce.", "days", "PXD"),
        ("He resigned weeks before the election.", "weeks", "PXW"),
        ("Weeks of protests have paralyzed the capital.", "Weeks", "PXW"),
        ("After months of negotiations, a deal was reached.", "months", "PXM"),
        ("The merger follows months of talks.", "months", "PXM"),
        ("It was his first public appearance in years.", "years", "PXY"),
        ("Flights were grounded for hours.", "hours", "PTXH"),
        ("The feud has simmered for decades.", "decades", "PXDE"),
    ],
)
def test_bare_plural_units_are_vague_durations(text, phrase, value):
    d = one(text, phrase)
    assert (d["type"], d["value"]) == ("DURATION", value)


@pytest.mark.parametrize(
    "text",
    [
        "The two bombs went off minutes apart.",  # a gap between events, not a period ("apart")
        "She gave a 60 Minutes interview.",  # a title
        "The house is years old.",
        "It is a matter of principle that years pass.",  # no cue word, no signal after
    ],
)
def test_bare_plural_units_need_a_temporal_context(text):
    assert [v for v in values(text) if v[1] == "DURATION" and "X" in v[2]] == []


@pytest.mark.parametrize(
    "text, phrase, value",
    [
        ("Prisoners were taken in the first hours of the ground war.", "the first hours", "PTXH"),
        ("He was killed in the final weeks of the war.", "the final weeks", "PXW"),
        ("In the early days of the internet, few shopped online.", "the early days", "PXD"),
    ],
)
def test_the_first_units(text, phrase, value):
    d = one(text, phrase)
    assert (d["type"], d["value"]) == ("DURATION", value)


def test_the_early_hours_is_not_a_duration():
    assert values("The quake struck in the early hours of Saturday.") == [("Saturday", "DATE", "2013-03-16")]


# -- durations with two numbers, hyphenated halves, the verb "last" --------------------------------
@pytest.mark.parametrize(
    "text, phrase, value",
    [
        ("The project will take two to three years.", "two to three years", "P2Y"),
        ("He faces five to 10 years in prison.", "five to 10 years", "P5Y"),
        ("Hiring will continue over the next 12 to 18 months.", "the next 12 to 18 months", "P12M"),
        ("The index hit a four-and-a-half-year high.", "four-and-a-half-year", "P4Y6M"),
        ("The trial could last a fortnight.", "a fortnight", "P2W"),  # "last" is the verb
        ("It is expected to last several weeks.", "several weeks", "PXW"),
    ],
)
def test_more_durations(text, phrase, value):
    d = one(text, phrase)
    assert (d["type"], d["value"]) == ("DURATION", value)


# -- vague references and anaphoric days -------------------------------------------------------
@pytest.mark.parametrize(
    "text, phrase, value",
    [
        ("At the time, the company denied wrongdoing.", "the time", "PAST_REF"),
        ("He said so at the time.", "the time", "PAST_REF"),
        ("During that time, losses mounted.", "that time", "PAST_REF"),
    ],
)
def test_the_time(text, phrase, value):
    d = one(text, phrase)
    assert (d["type"], d["value"]) == ("DATE", value)


def test_the_time_of_an_event_is_not_tagged():
    assert values("There were 12 members at the time of its founding.") == []


def test_the_day_before_at_a_clause_end():
    d = one("Police had arrested him the day before.", "the day before")
    assert (d["type"], d["value"]) == ("DATE", "2013-03-21")
    # before an event it is not this construction, and a singular unit alone is no duration
    assert values("He was last seen the day before authorities issued a warrant.") == []


def test_the_week_possessive():
    d = one("Volume was the week's heaviest, dealers said.", "the week")
    assert (d["type"], d["value"]) == ("DATE", "2013-W12")


# -- half years, quarters named by their months --------------------------------------------------
@pytest.mark.parametrize(
    "text, phrase, value",
    [
        ("Profit rose 5 percent in the first half, the company said.", "the first half", "2013-H1"),
        ("The economy is expected to pick up in the second half.", "the second half", "2013-H2"),
        ("Sales fell 3 percent in the second half, the company said.", "the second half", "2012-H2"),
        ("The company's first-half profit fell 10 percent.", "first-half", "2013-H1"),
        ("In 2011, profit doubled in the first half.", "the first half", "2011-H1"),
        ("Sony posted a profit for the October-December quarter.", "the October-December quarter", "2012-Q4"),
        ("Output fell in the January-June period.", "the January-June period", "2013-H1"),
        ("Rainfall was low in the March-May period of 2012.", "the March-May period of 2012", "2012-03/2012-05"),
    ],
)
def test_half_years_and_month_spans(text, phrase, value):
    d = one(text, phrase)
    assert (d["type"], d["value"]) == ("DATE", value)


def test_a_half_year_needs_business_words():
    assert values("He scored twice in the second half.") == []


def test_a_year_earlier_than_a_half_year_is_that_half_a_year_earlier():
    # as TempEval-3 marks "a year earlier" after a quarter: 1988-Q3 after "the third quarter" of 1989
    text = "The market was worth $16 billion in the first half, almost double the figure a year earlier."
    assert one(text, "a year earlier", "2025-09-10")["value"] == "2024-H1"


# -- times of day ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, phrase, value",
    [
        ("Prices fell sharply overnight in Asia.", "overnight", "2013-03-21TNI"),  # the night before
        ("Negotiators will work overnight.", "overnight", "2013-03-22TNI"),  # ahead: tonight
        ("Rescuers worked into the night.", "the night", "2013-03-22TNI"),
        ("The deadline is midnight on 25 March.", "midnight", "2013-03-25T24:00"),  # the day named after it
        ("He arrived at 0900 local time.", "0900 local time", "2013-03-22T09:00"),
        ("Posted 2013-03-22T14:05:00Z by the desk.", "2013-03-22T14:05:00Z", "2013-03-22T14:05:00"),
    ],
)
def test_times(text, phrase, value):
    d = one(text, phrase)
    assert (d["type"], d["value"]) == ("TIME", value)


@pytest.mark.parametrize("text", ["It was an overnight success.", "Banks raised the overnight rate."])
def test_overnight_as_adjective_is_left_alone(text):
    assert values(text) == []


def test_hours_later_stays_on_the_day():
    text = "The fire broke out on March 12. Two hours later, it was out."
    assert one(text, "Two hours later")["value"] == "2013-03-12"


def test_a_second_time_is_not_an_offset():
    assert values("The ball hit him a second time.") == []


# -- holidays ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, phrase, value",
    [
        ("Dublin's St. Patrick's Day parade drew thousands.", "St. Patrick's Day", "2013-03-17"),
        ("Pope Francis will celebrate Palm Sunday Mass.", "Palm Sunday", "2013-03-24"),
        ("They married on Valentine’s Day.", "Valentine’s Day", "2013-02-14"),  # a curly apostrophe
        ("Shoppers crowded stores on Black Friday.", "Black Friday", "2012-11-23"),
        ("Lent began on Ash Wednesday.", "Ash Wednesday", "2013-02-13"),
    ],
)
def test_holidays(text, phrase, value):
    assert one(text, phrase)["value"] == value


# -- which way a bare date points ------------------------------------------------------------
@pytest.mark.parametrize(
    "text, phrase, value",
    [
        ("Apple shares have fallen 40 percent since September.", "September", "2012-09"),  # "since": past
        ("The quake struck on Saturday.", "Saturday", "2013-03-16"),  # an irregular past verb
        ("Schools will remain closed through Monday.", "Monday", "2013-03-25"),  # "closed" is an adjective
    ],
)
def test_direction_cues(text, phrase, value):
    assert one(text, phrase)["value"] == value


def test_between_two_days_of_a_month_is_a_range():
    d = one("The talks will take place between March 25 and 27.", "March 25 and 27")
    assert d["value"] == "2013-03-25/2013-03-27"


# -- lazy compilation ------------------------------------------------------------------------
def _compiled(tagger: TimexTagger) -> set[str]:
    return {r.name for r in tagger.rules if "regex" in r.__dict__ or "scan_regex" in r.__dict__}


def test_building_a_tagger_compiles_no_rule():
    tagger = TimexTagger()
    assert _compiled(tagger) == set()
    assert "trigger_re" not in tagger.__dict__


def test_a_rule_is_compiled_on_the_first_text_with_its_trigger():
    tagger = TimexTagger()
    assert tagger.tag("Nothing to see here.", DCT) == []
    assert _compiled(tagger) == set()  # no trigger word: nothing compiled
    found = tagger.tag("The report came out on Friday.", DCT)
    assert [(d["text"], d["value"]) for d in found] == [("Friday", "2013-03-22")]
    compiled = _compiled(tagger)
    assert "weekday" in compiled and "quarter" not in compiled and "decade" not in compiled
    tagger.tag("Income will rise in the third quarter.", DCT)
    assert "quarter" in _compiled(tagger)


def test_lazy_and_eager_taggers_agree():
    text = ("Profit rose in the first half of 2012 and in the October-December quarter, the company said on "
            "Friday. Shares have fallen for weeks; at the time, analysts expected a rebound within two to three "
            "months, by St. Patrick's Day or at 0900 local time on March 25.")
    eager = TimexTagger()
    for r in eager.rules:
        assert r.regex.pattern == r.source  # every rule compiles
    assert TimexTagger().tag(text, DCT) == eager.tag(text, DCT)


def test_every_rule_compiles():
    for rule in load_rules(default_lexicon()):
        assert isinstance(rule.regex, re.Pattern), rule.name


def test_lazy_pattern_behaves_like_a_compiled_one():
    p = lazy(r"\b(?P<w>week|month)s?\b", re.I)
    assert isinstance(p, LazyPattern) and not p.is_compiled
    assert p.search("Two Weeks ago").group("w") == "Week"
    assert p.is_compiled
    assert [m.group() for m in p.finditer("weeks and months")] == ["weeks", "months"]
    assert p.match("month").span() == (0, 5) and p.sub("X", "a week") == "a X"
    assert p.groupindex["w"] == 1
    q = pickle.loads(pickle.dumps(p))
    assert not q.is_compiled and q.search("one month").group() == "month"


@pytest.mark.parametrize("text, span, value", [
    ("Published : May 2, 2025 - 09:10    Updated : May 2, 2025 - 11:45", "May 2, 2025 - 09:10", "2025-05-02T09:10"),
    ("Last updated 2025-05-02 | 09:10", "2025-05-02 | 09:10", "2025-05-02T09:10"),
])
def test_header_time_set_off_by_a_dash_or_bar(text, span, value):
    found = tag(text, "2025-05-02")
    assert (found[0]["text"], found[0]["type"], found[0]["value"]) == (span, "TIME", value)


def test_a_dash_after_a_date_joins_only_a_clock_time():
    found = tag("The fair opened on May 2, 2025 - 15 companies took part.", "2025-05-02")
    assert (found[0]["text"], found[0]["type"]) == ("May 2, 2025", "DATE")
