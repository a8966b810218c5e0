"""The TIMEX3 tagger (ai_news_extract.timex) and the dates stage, one construction per test.

Sentences are written for these tests; the corpus check at the end reads
../shared/corpus at run time and is skipped when it is not there.
"""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from ai_news_extract.timex import split_interval, tag

from support import shared_dir


def values(text: str, dct: str | None = None, **kw) -> list[tuple[str, str, str]]:
    """(text, type, value) of every expression found."""
    return [(d["text"], d["type"], d["value"]) for d in tag(text, dct, **kw)]


def one(text: str, dct: str | None, phrase: str) -> dict:
    """The expression whose text is ``phrase`` (fails if the tagger did not find exactly it)."""
    found = [d for d in tag(text, dct) if d["text"] == phrase]
    assert found, f"{phrase!r} not tagged in {text!r}: {values(text, dct)}"
    return found[0]


# -- offsets ------------------------------------------------------------------------------
def test_offsets_point_into_the_text_and_come_in_order():
    text = "Release Date:2019-04-19\nThe index, first published in 2014, was updated on March 28."
    found = tag(text, "2019-04-19")
    assert [text[d["start"] : d["end"]] for d in found] == [d["text"] for d in found]
    assert [d["start"] for d in found] == sorted(d["start"] for d in found)
    assert [d["text"] for d in found] == ["2019-04-19", "2014", "March 28"]


# -- absolute dates and times ---------------------------------------------------------------
@pytest.mark.parametrize(
    "text, phrase, typ, value",
    [
        ("Posted on July 8, 2020 by the editors.", "July 8, 2020", "DATE", "2020-07-08"),
        ("MLex | 10 February 2025", "10 February 2025", "DATE", "2025-02-10"),
        ("Updated 27 Sep 2024 | Mint", "27 Sep 2024", "DATE", "2024-09-27"),
        ("Thursday, November 22, 2018", "Thursday, November 22, 2018", "DATE", "2018-11-22"),
        ("The lab opened in April 2018.", "April 2018", "DATE", "2018-04"),
        ("Published: 2018-02-13", "2018-02-13", "DATE", "2018-02-13"),
        ("Release Date:2019-04-19", "2019-04-19", "DATE", "2019-04-19"),
        ("(Xinhua) 08:03, September 01, 2025", "08:03, September 01, 2025", "TIME", "2025-09-01T08:03"),
        ("Maya Rosen\n8:30 AM PDT · May 20, 2025\n", "8:30 AM PDT · May 20, 2025", "TIME", "2025-05-20T08:30"),
        ("Harbour TV | Updated 21:37, 27-Mar-2026", "21:37, 27-Mar-2026", "TIME", "2026-03-27T21:37"),
        ("Updated: 2021-02-05 10:26 | Source: Daily Wire", "2021-02-05 10:26", "TIME", "2021-02-05T10:26"),
        ("By the desk on Feb 10, 2021 9:33AM", "Feb 10, 2021 9:33AM", "TIME", "2021-02-10T09:33"),
        ("The robot league was founded in 2015.", "2015", "DATE", "2015"),
        ("Titled Chinese Cities of Opportunity 2023, the report came out.", "2023", "DATE", "2023"),
        ("Visitors flocked to the 2019 WAIC in Shanghai.", "2019", "DATE", "2019"),
        ("Profits peaked in the 1990s.", "the 1990s", "DATE", "199X"),
        ("Chip output doubled in the 2010s.", "the 2010s", "DATE", "201X"),
        ("Sales in the first quarter of 2019 rose.", "the first quarter of 2019", "DATE", "2019-Q1"),
        ("Revenue for Q3 2020 was flat.", "Q3 2020", "DATE", "2020-Q3"),
        ("Shipments grew in the first half of 2019.", "the first half of 2019", "DATE", "2019-H1"),
        ("The plant closed in the winter of 2013.", "the winter of 2013", "DATE", "2013-WI"),
        ("Ideas of the 20th century shaped it.", "the 20th century", "DATE", "19"),
    ],
)
def test_absolute_expressions(text, phrase, typ, value):
    d = one(text, "2025-09-01", phrase)
    assert (d["type"], d["value"]) == (typ, value)
    assert d["anchor"] is None  # nothing was borrowed from the publication date


# -- relative to the publication date ---------------------------------------------------------
@pytest.mark.parametrize(
    "text, dct, phrase, value",
    [
        ("WIPO put out the index on Monday.", "2025-09-01", "Monday", "2025-09-01"),  # the same day
        ("The report came out Friday.", "2023-03-27", "Friday", "2023-03-24"),  # past tense: the last one
        ("The talks will resume on Friday.", "2023-03-27", "Friday", "2023-03-31"),  # future: the next one
        ("The summit opened on Friday and will run through Sunday.", "2025-11-07", "Sunday", "2025-11-09"),
        ("The summit opened today in Paris.", "2025-02-10", "today", "2025-02-10"),
        ("Delegates fly home tomorrow.", "2025-02-10", "tomorrow", "2025-02-11"),
        ("The plan was approved yesterday.", "2025-02-10", "yesterday", "2025-02-09"),
        ("A smaller meeting took place last May.", "2025-02-10", "last May", "2024-05"),
        ("The fair will run until Nov. 19.", "2023-11-16", "Nov. 19", "2023-11-19"),
        ("The report was released on March 28.", "2019-04-19", "March 28", "2019-03-28"),
        ("A prototype was shown in December.", "2018-02-13", "December", "2017-12"),
        ("Revenue rose sharply this year.", "2025-11-17", "this year", "2025"),
        ("Revenue fell last year.", "2025-11-17", "last year", "2024"),
        ("The chip ships next month.", "2019-12-05", "next month", "2020-01"),
        ("This week's summit draws leaders.", "2025-02-10", "This week", "2025-W07"),
        ("Talks stalled last week.", "2025-02-10", "last week", "2025-W06"),
        ("The fund was set up two years ago.", "2020-05-05", "two years ago", "2018"),
        ("A second summit is planned for six months from now.", "2023-11-01", "six months from now", "2024-05"),
        ("Another summit will follow in one year's time.", "2023-11-01", "one year's time", "2024-11"),
        ("The merger closed last summer.", "2019-10-10", "last summer", "2019-SU"),
        ("Income will rise in the third quarter.", "2019-05-10", "the third quarter", "2019-Q3"),
    ],
)
def test_relative_to_publication(text, dct, phrase, value):
    d = one(text, dct, phrase)
    assert d["value"] == value
    assert d["anchor"] == "published"


def test_parts_of_day_are_times():
    d = one("He told a press conference this morning.", "2018-11-21", "this morning")
    assert (d["type"], d["value"]) == ("TIME", "2018-11-21TMO")
    d = one("The ceremony began on Friday morning.", "2025-11-07", "Friday morning")
    assert (d["type"], d["value"]) == ("TIME", "2025-11-07TMO")
    d = one("The startup revealed on Tuesday evening that it had raised funds.", "2024-05", "Tuesday evening")
    assert d["value"] == "2024-WXX-2TEV"


def test_today_in_general_is_present_ref():
    assert one("Brands must move fast in today's hyper-fragmented world.", "2015-10", "today")["value"] == "PRESENT_REF"


def test_partial_publication_dates_keep_unknown_parts_unknown():
    assert one("In a statement Sunday, the chief executive said so.", "2024-04", "Sunday")["value"] == "2024-WXX-7"
    assert one("It was renamed by last Tuesday.", "2023", "last Tuesday")["value"] == "2023-WXX-2"
    assert one("Staff met the mayor in January.", "2023", "January")["value"] == "2023-01"


def test_no_publication_date():
    assert one("Paris has been named the top hub for this year.", None, "this year")["value"] == "PRESENT_REF"
    assert one("Output rose in 2024.", None, "2024")["value"] == "2024"
    assert one("It happened on Friday.", None, "Friday")["value"] == "XXXX-WXX-5"


@pytest.mark.parametrize("text, phrase, value", [
    # A day range with no year anywhere keeps its days, as one day does ("May 26": XXXX-05-26).
    ("The fair runs May 26 to 28 in Guiyang.", "May 26 to 28", "XXXX-05-26/XXXX-05-28"),
    ("It ran Feb. 28 to 29.", "Feb. 28 to 29", "XXXX-02-28/XXXX-02-29"),
    # A half or quarter of "next/this/last year" with nothing to count from is as vague as the year.
    ("The plant will start production in the first half of next year.", "the first half of next year", "FUTURE_REF"),
    ("Sales rose in the second half of last year.", "the second half of last year", "PAST_REF"),
    ("It opens in the third quarter of this year.", "the third quarter of this year", "PRESENT_REF"),
    ("The chip will ship next quarter.", "next quarter", "FUTURE_REF"),
    ("Sales fell last quarter.", "last quarter", "PAST_REF"),
])
def test_no_publication_date_ranges_and_periods(text, phrase, value):
    assert one(text, None, phrase)["value"] == value


def test_last_quarter_is_the_one_before():
    assert one("Sales fell last quarter, the company said.", "2025-05-10", "last quarter")["value"] == "2025-Q1"
    assert one("Sales fell in the last quarter of 2024.", "2025-05-10", "the last quarter of 2024")["value"] == "2024-Q4"


# -- context anchoring ------------------------------------------------------------------
def test_context_year_and_month():
    text = ("The conference was held in Shanghai in September 2018.\n"
            "A robot played table tennis at the conference held from Sept 17 to 19.")
    d = one(text, "2019-04-19", "Sept 17 to 19")
    assert d["value"] == "2018-09-17/2018-09-19"
    assert d["anchor"] == "context"


def test_same_time_last_year_counts_from_the_year_discussed():
    text = "In 2017, total income reached 1.72 trillion yuan, up 50.6 percent from the same time last year."
    d = one(text, "2018-07", "the same time last year")
    assert (d["value"], d["anchor"]) == ("2016", "context")


def test_anaphoric_days_follow_the_last_date():
    text = "The expo opened on September 17. The main forum took place on the first day, and a gala the following day."
    assert one(text, "2018-09", "the first day")["value"] == "2018-09-17"
    assert one(text, "2018-09", "the following day")["value"] == "2018-09-18"


def test_dateline_sets_the_story_day():
    text = "Thursday, November 22, 2018\n\n(Yicai Global) Nov. 21 -- Officials told a press conference this morning."
    assert one(text, "2018-11-22", "Nov. 21")["value"] == "2018-11-21"
    d = one(text, "2018-11-22", "this morning")
    assert d["value"] == "2018-11-21TMO"


def test_sentence_tenses_from_the_caller_decide_direction():
    text = "On Friday the board meets."  # no cue word: the nearest Friday, unless the parser says otherwise
    assert one(text, "2023-03-27", "Friday")["value"] == "2023-03-24"
    d = tag(text, "2023-03-27", sentences=[(0, len(text))], tenses=["future"])
    assert d[0]["value"] == "2023-03-31"


def test_what_a_past_saying_says_will_happen_looks_ahead():
    # the parser gives the sentence the tense of "said"; "would" inside what was said wins
    text = "The ministry said last week it would offer tax credits under a revised chip law that takes effect on Jan. 1."
    d = [x for x in tag(text, "2026-07-23", sentences=[(0, len(text))], tenses=["past"]) if x["text"] == "Jan. 1"]
    assert d[0]["value"] == "2027-01-01"
    text = "The ministry said last week that the revised chip law took effect on Jan. 1."
    d = [x for x in tag(text, "2026-07-23", sentences=[(0, len(text))], tenses=["past"]) if x["text"] == "Jan. 1"]
    assert d[0]["value"] == "2026-01-01"


# -- ranges ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, dct, phrase, value",
    [
        ("Papers published from 2014 to 2018 were counted.", None, "2014 to 2018", "2014/2018"),
        ("Growth between 2015 and 2019 was strong.", "2021-02-05", "2015 and 2019", "2015/2019"),
        ("13- 17 November 2019 Shenzhen Convention Center", "2019-04-19", "13- 17 November 2019", "2019-11-13/2019-11-17"),
        ("Prices rose from 2017 to mid-2019.", "2020-01-01", "2017 to mid-2019", "2017/2019"),
        ("The show runs Oct 3-5, 2024 in Berlin.", "2024-09-01", "Oct 3-5, 2024", "2024-10-03/2024-10-05"),
    ],
)
def test_ranges_are_intervals(text, dct, phrase, value):
    d = one(text, dct, phrase)
    assert (d["type"], d["value"]) == ("DATE", value)


def test_split_interval_gives_both_ends():
    text = "held from Sept 17 to 19."
    s = text.index("Sept")
    parts = split_interval(text, s, s + len("Sept 17 to 19"), "2018-09-17/2018-09-19")
    assert [(text[a:b], v) for a, b, v in parts] == [("Sept 17", "2018-09-17"), ("19", "2018-09-19")]


# -- durations, vague references, sets, modifiers ----------------------------------------------
@pytest.mark.parametrize(
    "text, phrase, typ, value",
    [
        ("More than 100 countries attend the two-day summit.", "two-day", "DURATION", "P2D"),
        ("Morris Chang, TSMC's 92-year-old founder, spoke.", "92-year-old", "DURATION", "P92Y"),
        ("Counting papers over a five-year period, MIT leads.", "a five-year period", "DURATION", "P5Y"),
        ("Spending has grown for nine consecutive years.", "nine consecutive years", "DURATION", "P9Y"),
        ("The hearing lasted two hours.", "two hours", "DURATION", "PT2H"),
        ("Talks dragged on for several months.", "several months", "DURATION", "PXM"),
        ("It will hold 1,000 firms over the next three years.", "the next three years", "DURATION", "P3Y"),
        ("A city can be made ready within 20 days.", "20 days", "DURATION", "P20D"),
        ("Apple led for the third year in a row.", "the third year in a row", "DURATION", "P3Y"),
        ("The deal took a year and a half.", "a year and a half", "DURATION", "P1Y6M"),
        ("Funding has fallen in recent years.", "recent years", "DATE", "PAST_REF"),
        ("The firm was recently ranked first.", "recently", "DATE", "PAST_REF"),
        ("In the future, the city will grow.", "the future", "DATE", "FUTURE_REF"),
        ("Change lies ahead in the years to come.", "the years to come", "DATE", "FUTURE_REF"),
        ("Demand will soar in the next few years.", "the next few years", "DATE", "FUTURE_REF"),
        ("The zone is currently building a cluster.", "currently", "DATE", "PRESENT_REF"),
        ("Baidu now counts 4.77 million developers.", "now", "DATE", "PRESENT_REF"),
        ("The report has reached its sixth annual release.", "annual", "SET", "P1Y"),
        ("The biannual Top500 list charts supercomputers.", "biannual", "SET", "P6M"),
        ("The index is published yearly.", "yearly", "SET", "P1Y"),
        ("The share rose year-by-year.", "year-by-year", "SET", "P1Y"),
        ("The club meets every Monday.", "every Monday", "SET", "XXXX-WXX-1"),
        ("The board meets twice a year.", "twice a year", "SET", "P6M"),
        ("Investors put in $5 billion a year.", "a year", "SET", "P1Y"),
    ],
)
def test_durations_vague_and_sets(text, phrase, typ, value):
    d = one(text, "2022-09-01", phrase)
    assert (d["type"], d["value"]) == (typ, value)


@pytest.mark.parametrize(
    "text, phrase, value, mod",
    [
        ("Sales slowed in early 2019.", "early 2019", "2019", "START"),
        ("A chip is due in late 2018.", "late 2018", "2018", "END"),
        ("The rollout finishes by mid-2019.", "mid-2019", "2019", "MID"),
        ("By the end of 2020, the valley will host 1,000 firms.", "the end of 2020", "2020", "END"),
        ("The fair has run for nearly three decades.", "nearly three decades", "P30Y", "LESS_THAN"),
        ("They waited for about two weeks.", "about two weeks", "P2W", "APPROX"),
        ("Earlier this month the board met.", "Earlier this month", "2024-05", "START"),
    ],
)
def test_modifiers(text, phrase, value, mod):
    d = one(text, "2024-05-20", phrase)
    assert (d["value"], d["mod"]) == (value, mod)


@pytest.mark.parametrize("text, phrase", [
    ("Officials talk about ten-year horizons, not quick wins.", "ten-year"),
    ("Planners care about 18-month payback periods.", "18-month"),
])
def test_a_duration_used_as_an_adjective_takes_no_modifier(text, phrase):
    d = one(text, "2024-05-20", phrase)
    assert d["mod"] is None


# -- more constructions (TimeML conventions) -------------------------------------------------
@pytest.mark.parametrize(
    "text, dct, phrase, typ, value",
    [
        ("Sales rose from the prior year.", "2013-03-21", "the prior year", "DATE", "2012"),
        ("Margins beat the prior quarter.", "2013-03-21", "the prior quarter", "DATE", "2012-Q4"),
        ("Sales were $4 million in 2011, down from $5 million the year before.", "2013-03-21", "the year before", "DATE", "2010"),
        ("Q1 revenue rose.", "2013-05-02", "Q1", "DATE", "2013-Q1"),
        ("Margins peaked in Q3 last year.", "2013-05-02", "Q3 last year", "DATE", "2012-Q3"),
        ("Deliveries start in Q1 of next year.", "2013-05-02", "Q1 of next year", "DATE", "2014-Q1"),
        ("FY13 revenue rose.", "2013-05-02", "FY13", "DATE", "2013"),
        ("The 2012 fiscal year ended in June.", "2013-05-02", "The 2012 fiscal year", "DATE", "2012"),
        ("2012's results were weak.", "2013-05-02", "2012", "DATE", "2012"),
        ("Talks start in the first week of April.", "2013-03-21", "the first week of April", "DATE", "2013-W14"),
        ("It ends in the last week of March 2014.", "2013-03-21", "the last week of March 2014", "DATE", "2014-W13"),
        ("The blast came at 10:35 a.m. (0735 GMT).", "1998-08-07", "0735 GMT", "TIME", "1998-08-07T07:35"),
        ("Polls close at 5 p.m. Eastern time.", "2012-11-06", "5 p.m. Eastern time", "TIME", "2012-11-06T17:00"),
        ("Posted 2023-11-08 00:21:45 by the desk.", "2023-11-08", "2023-11-08 00:21:45", "TIME", "2023-11-08T00:21:45"),
        ("A yearlong study ended.", "2013-03-21", "yearlong", "DURATION", "P1Y"),
        ("They signed a multi-year deal.", "2013-03-21", "multi-year", "DURATION", "PXY"),
        ("It has lasted a quarter-century.", "2013-03-21", "a quarter-century", "DURATION", "P25Y"),
        ("Stocks fell for a third straight day.", "2013-03-21", "a third straight day", "DURATION", "P3D"),
        ("Output will double by the end of the decade.", "2013-03-21", "the end of the decade", "DATE", "201X"),
        ("The goal is to finish by end-March.", "2013-03-01", "end-March", "DATE", "2013-03"),
        ("A fair takes place on May 27 and 28.", "2023-05-24", "May 27 and 28", "DATE", "2023-05-27/2023-05-28"),
        ("Travel peaks during the Spring Festival holiday.", "2024-01-20", "Spring Festival", "DATE", "2024-02-10"),
    ],
)
def test_more_constructions(text, dct, phrase, typ, value):
    d = one(text, dct, phrase)
    assert (d["type"], d["value"]) == (typ, value)


def test_consecutive_days_only_make_a_pair_range():
    found = values("It met on May 3 and 17.", "2023-05-24")
    assert found[0] == ("May 3", "DATE", "2023-05-03")
    assert all("/" not in v for _, _, v in found)


def test_capitalized_words_inside_a_sentence_are_names():
    text = "Start-ups line the streets of Future Sci-Tech City during the Winter Olympics and the Spring Festival."
    assert [d for d in values(text, "2022-02-01") if d[2] in ("FUTURE_REF", "2021-WI", "2022-WI")] == []
    assert one("Now the city grows.", "2022-02-01", "Now")["value"] == "PRESENT_REF"


def test_lowercase_festival_is_not_the_holiday():
    assert values("A spring festival of flowers opened.", "2024-01-20") == []


def test_since_year_does_not_frame_a_later_month():
    text = "The list, which counts firms founded since 2000, was updated on Jan. 31."
    assert one(text, "2024-02-05", "Jan. 31")["value"] == "2024-01-31"
    assert one("In 2017, the firm was founded in March.", "2024-02-05", "March")["value"] == "2017-03"


# -- direction of bare weekdays and months -------------------------------------------------
@pytest.mark.parametrize(
    "text, dct, phrase, value",
    [
        # a passive participle is not a past verb: "will be presented" points ahead
        ("The awards will be presented at the closing ceremony on Saturday.", "2021-07-06", "Saturday", "2021-07-10"),
        # a scheduling verb in the simple present points ahead
        ("The ceremony was held at the summit, which closes on Thursday.", "2025-04-02", "Thursday", "2025-04-03"),
        # an adjective in -ed is not a past verb
        ("The fair is in November, where organizers plan a dedicated hall.", "2022-06-14", "November", "2022-11"),
        # the nearer weekend when nothing says which
        ("Officials over the weekend became more open.", "1991-02-25", "the weekend", "1991-W08-WE"),
        # a capitalized "-ed" word is a name, an "-eed" word no past verb: "will host" decides
        ("Last year's fair drew crowds. The city will host the games at the National Speed Skating Oval in August.",
         "2026-03-27", "August", "2026-08"),
        ("Last year's fair drew crowds. The city will host the robot games at Harbour Speed Park and Seed Hall "
         "in August.", "2026-03-27", "August", "2026-08"),
    ],
)
def test_direction_cues(text, dct, phrase, value):
    assert one(text, dct, phrase)["value"] == value


@pytest.mark.parametrize("text, phrase, value", [
    ("Ends/Tuesday, March 10, 2026\nIssued at HKT 16:30\n", "16:30", "2026-03-10T16:30"),  # a zone before a clock
    ("In the first half of 2025, sales doubled from a year earlier.", "a year earlier", "2024-H1"),  # as a quarter
])
def test_read_from_the_date_before(text, phrase, value):
    assert one(text, "2025-09-01", phrase)["value"] == value


def test_opening_day_counts_from_the_opening_not_the_latest_day():
    text = ("The forum will open in Beijing on Thursday and run until May 30. A trading fair takes place on May 27. "
            "A new model will be released on the opening day.")
    assert one(text, "2023-05-24", "Thursday")["value"] == "2023-05-25"
    assert one(text, "2023-05-24", "the opening day")["value"] == "2023-05-25"


def test_opening_day_of_an_event_held_from_a_day_when_no_opening_is_given():
    text = ("The expo will be held from April 16 to 19 in Chengdu. Exhibitors can apply from March 10 to March 25. "
            "The awards will be presented on the opening day. On the same day, a model will be released.")
    assert one(text, "2025-03-03", "the opening day")["value"] == "2025-04-16"
    assert one(text, "2025-03-03", "the same day")["value"] == "2025-04-16"


@pytest.mark.parametrize("telling", ["the company said yesterday", "it announced on Wednesday"])
def test_the_same_day_counts_from_the_happening_not_the_telling(telling):
    text = f"The agreements were signed on Tuesday, {telling}. On the same day, a partner opened a lab."
    assert one(text, "2024-09-12", "the same day")["value"] == "2024-09-10"


def test_the_same_day_after_a_day_of_telling_alone_is_that_day():
    text = "The company said on Wednesday that it had raised funds. On the same day, a rival opened a lab."
    assert one(text, "2024-09-12", "the same day")["value"] == "2024-09-11"


# -- loose absolute dates, read by dateparser -------------------------------------------------
@pytest.mark.parametrize(
    "text, phrase, typ, value",
    [
        ("Date: 24/05/2023", "24/05/2023", "DATE", "2023-05-24"),  # a day over 12 comes first
        ("Filed 21-Mar-13 in court.", "21-Mar-13", "DATE", "2013-03-21"),  # two-digit year widened, not 1913
        ("Filed 21-Mar-2013 in court.", "21-Mar-2013", "DATE", "2013-03-21"),
        ("Filed Sept-21-2013 in court.", "Sept-21-2013", "DATE", "2013-09-21"),
        ("Filed 2013-Sep-21 in court.", "2013-Sep-21", "DATE", "2013-09-21"),
        ("Released 2013.03.21 in Seoul.", "2013.03.21", "DATE", "2013-03-21"),
        ("Released 05-06-2013 in Paris.", "05-06-2013", "DATE", "2013-06-05"),  # ambiguous, dash: day first
        ("Released 5/6/07 in Boston.", "5/6/07", "DATE", "2007-05-06"),  # ambiguous, slash: month first
        ("Posted 24/05/2023 14:30 by staff.", "24/05/2023 14:30", "TIME", "2023-05-24T14:30"),
    ],
)
def test_loose_absolute_dates(text, phrase, typ, value):
    d = one(text, "2014-01-01", phrase)
    assert (d["type"], d["value"]) == (typ, value)


@pytest.mark.parametrize("text", ["Dated 31/02/2023.", "Version 1.2.2013.5 shipped.", "Address 10.1.20.1 failed."])
def test_loose_look_alikes_are_left_alone(text):
    assert values(text, "2014-01-01") == []


def test_dateparse_helpers():
    from ai_news_extract.timex.dateparse import parse_day, widen_year

    assert str(parse_day("24/05/2023", "DMY")) == "2023-05-24"
    assert str(parse_day("05/06/2023", "MDY")) == "2023-05-06"
    assert str(parse_day("05/06/2023", "DMY")) == "2023-06-05"
    assert parse_day("31/02/2023", "DMY") is None
    assert parse_day("March 2023", "DMY") is None  # no day: dateparser must not invent one
    assert (widen_year(13, 2014), widen_year(99, 2014), widen_year(30, 2025)) == (2013, 1999, 2030)


def test_dateparser_is_imported_only_for_a_loose_date():
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from ai_news_extract.timex import tag\n"
        "tag('The index came out on March 28, 2019, a year after 2018-03-28.', '2019-04-19')\n"
        "print('dateparser' in sys.modules)\n"
        "tag('Date: 24/05/2023', '2023-05-24')\n"
        "print('dateparser' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "True"]


# -- what is not a temporal expression -----------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Prices may rise and they may fall.",
        "About 1,500 leaders and 2000 employees attended.",
        "A quarter of the startups are in London.",
        "Frontier topped the Top500 list again.",
        "[Photo provided to China Daily]",
        "R&D investment rose 41.4 percent year-on-year.",
        "The protesters joined the annual March for Life rally.",
        "They discussed the future of work.",
        "Its score was 75.5 and it ranked 20th.",
        "Covid-19 slowed the 5G rollout.",
    ],
)
def test_non_temporal_text_is_left_alone(text):
    found = values(text, "2024-05-20")
    assert all(v not in ("P1D", "XXXX-03") for _, _, v in found)
    assert [f for f in found if f[2] not in ("P1Y",)] == [], found


def test_may_needs_a_temporal_cue():
    assert values("Prices may rise in May.", "2024-02-01") == [("May", "DATE", "2024-05")]


# -- the spaCy component -------------------------------------------------------------------
def test_dates_stage_on_a_blank_pipeline():
    spacy = pytest.importorskip("spacy")
    import ai_news_extract.stages.dates  # noqa: F401  (registers the factory)

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("ai_news_dates")
    doc = nlp.make_doc("Shenzhen Daily | 2023-03-27\nThe report came out on Friday. It was first published in 2014.")
    doc._.news_published_hint = "2023-03-27"
    doc = nlp(doc)
    got = [(doc.text[d["start"] : d["end"]], d["value"], d["anchor"]) for d in doc._.news_dates]
    assert got == [("2023-03-27", "2023-03-27", None), ("Friday", "2023-03-24", "published"), ("2014", "2014", None)]
    assert all(set(d) == {"start", "end", "type", "value", "anchor", "mod"} for d in doc._.news_dates)


def test_stage_keeps_the_parse_tense_only_on_the_line_with_the_root():
    """A headline run into the first paragraph: its "plans" must not make "launched ... on Tuesday" future."""
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import Doc

    from ai_news_extract.stages.dates import sentence_tenses

    words = ["Baidu", "plans", "rollout", "\n\n", "Baidu", "launched", "it", "on", "Tuesday", "."]
    heads = [1, 1, 1, 2, 5, 1, 5, 5, 7, 1]
    deps = ["nsubj", "ROOT", "dobj", "dep", "nsubj", "conj", "dobj", "prep", "pobj", "punct"]
    tags = ["NNP", "VBZ", "NN", "_SP", "NNP", "VBD", "PRP", "IN", "NNP", "."]
    spaces = [True, True, False, False, True, True, True, True, False, False]
    doc = Doc(spacy.blank("en").vocab, words=words, spaces=spaces, heads=heads, deps=deps, tags=tags)
    bounds, tenses = sentence_tenses(doc)
    assert [doc.text[s:e] for s, e in bounds] == ["Baidu plans rollout", "Baidu launched it on Tuesday."]
    assert list(tenses) == ["present", ""]
    found = tag(doc.text, "2023-10-18", sentences=bounds, tenses=tenses)
    assert [(d["text"], d["value"]) for d in found] == [("Tuesday", "2023-10-17")]


def test_lazy_sentence_tenses_are_the_eager_ones(nlp):
    """The stage reads a sentence's tense only when the tagger asks: same answers as reading them all."""
    from ai_news_extract.stages.dates import sentence_tense, sentence_tenses

    text = ("Baidu plans AI rollout\nPublished: 2023-10-18\n\nBEIJING -- Baidu launched ERNIE on Tuesday.\n"
            "The firm will hold a forum next week. It has released two models since May, and it\n"
            "expects to open a lab in Shanghai. Shares rose.")
    doc = nlp(text)
    bounds, tenses = sentence_tenses(doc)
    eager = []
    for sent in doc.sents:
        for s, e in bounds:
            if sent.start_char <= s < sent.end_char:
                whole = (s, e) == (sent.start_char, sent.end_char)
                eager.append(sentence_tense(sent) if whole or s <= sent.root.idx < e else "")
    assert len(tenses) == len(bounds) > 4
    assert list(tenses) == eager and tenses[1:3] == eager[1:3]
    assert {"past", "future"} <= set(eager)


def test_dates_stage_reads_the_header_date_when_no_hint():
    spacy = pytest.importorskip("spacy")
    import ai_news_extract.stages.dates  # noqa: F401

    nlp = spacy.blank("en")
    nlp.add_pipe("ai_news_dates")
    doc = nlp.make_doc("The index came out on Monday.")
    doc._.news_meta = {"published_value": "2025-09-01"}
    doc = nlp(doc)
    assert [d["value"] for d in doc._.news_dates] == ["2025-09-01"]


# -- against the annotated corpus, and speed ----------------------------------------------------
def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s.replace("’", "'")).strip(" .,;:").lower()


def test_corpus_values_and_texts():
    """Micro-averaged (type, value) and text F1 over ../shared/corpus (seed + dev) >= 0.9."""
    tp = fp = fn = ttp = tfp = tfn = 0
    for folder in ("seed", "dev"):
        for gold_file in sorted(shared_dir("corpus", folder).glob("*.json")):
            gold = json.loads(gold_file.read_text(encoding="utf-8"))
            text = gold_file.with_suffix(".txt").read_text(encoding="utf-8")
            out = tag(text, gold.get("published"))
            g = Counter((d["type"], d["value"]) for d in gold["dates"])
            p = Counter((d["type"], d["value"]) for d in out)
            gt = Counter(_norm(d["text"]) for d in gold["dates"])
            pt = Counter(_norm(d["text"]) for d in out)
            tp, fp, fn = tp + sum((g & p).values()), fp + sum((p - g).values()), fn + sum((g - p).values())
            ttp, tfp, tfn = ttp + sum((gt & pt).values()), tfp + sum((pt - gt).values()), tfn + sum((gt - pt).values())
    assert 2 * tp / (2 * tp + fp + fn) >= 0.9
    assert 2 * ttp / (2 * ttp + tfp + tfn) >= 0.9


@pytest.mark.parametrize(
    "text, phrase, value",
    [
        ("Earlier in the week, the academy released its list.", "Earlier in the week", "2024-W27"),
        ("Later in the month, the lab will release a model.", "Later in the month", "2024-07"),
        ("The company earlier in the day said it would cut prices.", "earlier in the day", "2024-07-06"),
        # after a date with no week in it, "the week" is the publication's week, not dropped
        ("The judges read 860 applications between March and May, the organizers said. "
         "Earlier in the week, the academy released its list.", "Earlier in the week", "2024-W27"),
        ("The judges met in May. Prices rose during the week.", "the week", "2024-W27"),
    ],
)
def test_earlier_or_later_in_the_unit_is_part_of_the_current_one(text, phrase, value):
    assert one(text, "2024-07-06", phrase)["value"] == value


@pytest.mark.parametrize(
    "text, value",
    [
        ("Last year, the fair was held in May.", "2023-05"),
        ("Next year's conference will be held in July, the organizers said.", "2025-07"),
        # a relative year inside the sentence does not frame it, nor one in the sentence before
        ("The fair was held last year, and the next one opens in May.", "2024-05"),
        ("Sales rose last year. In May, the firm cut prices.", "2024-05"),
    ],
)
def test_a_relative_year_opening_the_sentence_frames_its_bare_months(text, value):
    month = next(d for d in tag(text, "2024-07-06") if d["text"] in ("May", "July"))
    assert month["value"] == value


def test_a_tense_cue_cut_by_the_look_back_window_is_read_whole():
    # "will" lies just past the 60-character look-back: read as "ill" it said nothing, and the
    # "-ed" participle after the comma made the quarter a past one
    text = ("Unitree Robotics said on Monday that it will start shipping its G1 humanoid to overseas "
            "customers in the fourth quarter, priced at about USD16,000.")
    assert one(text, "2024-09-12", "the fourth quarter")["value"] == "2024-Q4"


def test_ago_needs_no_comma_and_formerly_is_no_date():
    text = '"Six months ago the best open model was a year behind," she said. The fund, formerly Birch Capital, agreed.'
    assert one(text, "2026-02-03", "Six months ago")["value"] == "2025-08"
    assert "formerly" not in [d["text"] for d in tag(text, "2026-02-03")]


@pytest.mark.parametrize("text, phrase, value", [
    ("Server sales in January-June rose 12 percent.", "January-June", "2025-01/2025-06"),
    ("In March-April, prices fell.", "March-April", "2025-03/2025-04"),
])
def test_two_months_joined_by_a_hyphen_are_a_range(text, phrase, value):
    assert one(text, "2025-08-27", phrase)["value"] == value
    assert "January-based" not in [d["text"] for d in tag("A January-based fund.", "2025-08-27")]


@pytest.mark.parametrize("text, dct, phrase, value", [
    # a hyphenated adjective in "-ed" is no past verb: "plans" decides
    ("Inspur plans to roll out a liquid-cooled rack system for large models in the fourth quarter.",
     "2025-09-10", "the fourth quarter", "2025-Q4"),
    # a year closing a period ("between 2015 and 2024") does not frame the sentence's bare days
    ("Filings made between 2015 and 2024 rose, according to a study presented on March 4.",
     "2025-03", "March 4", "2025-03-04"),
])
def test_cues_that_do_not_set_the_year(text, dct, phrase, value):
    assert one(text, dct, phrase)["value"] == value


@pytest.mark.parametrize("text, dct, phrase, value", [
    # "since" looks back, however far: not the nearest January ahead
    ("Shares have more than doubled since January.", "2026-10-16", "January", "2026-01"),
    ("Prices have fallen since late December.", "2026-02-10", "late December", "2025-12"),
    # "is coming" looks ahead
    ("A paid tier is coming in the fourth quarter.", "2026-07-22", "the fourth quarter", "2026-Q4"),
    # a quarter's or half's year carries to the quarters and halves after it in the sentence ...
    ("Shipments were 41% in the second half of 2025, up from 29% in the first half.", "2026-05-28",
     "the first half", "2025-H1"),
    ("Sales rose in the third quarter of 2025, up from the first quarter.", "2026-05-28", "the first quarter", "2025-Q1"),
    # ... but not to a month
    ("It will open a centre in the first half of 2024 and show a robot at the fair in November.", "2023-10-24",
     "November", "2023-11"),
])
def test_direction_and_frames_of_bare_periods(text, dct, phrase, value):
    assert one(text, dct, phrase)["value"] == value
