"""Page furniture: title, source, publication date, captions, datelines."""

import pytest

from ai_news_extract.stages.header import find_date, parse_meta


@pytest.mark.parametrize(
    "text, title, source, published_value",
    [
        ("Robots on parade in Hefei\nNews sources:Hefei Tech Bureau Release Date:2021-06-03\n\nBody text here that goes on for a while.",
         "Robots on parade in Hefei", "Hefei Tech Bureau", "2021-06-03"),
        ("Updated: 2022-08-09 14:05 | Source: China Daily\n\nA long body paragraph begins here and it is not a title at all.",
         None, "China Daily", "2022-08-09"),
        ("Chip fair opens\n\n(Xinhua) 09:12, March 04, 2024\n\nSUZHOU, March 4 (Xinhua) -- A chip fair opened on Monday.",
         "Chip fair opens", "Xinhua", "2024-03-04"),
        ("Lab launched\nPublished on Jul 6, 2021\n\nThe lab was launched.", "Lab launched", None, "2021-07-06"),
        ("Drones rise\n\n2023-05-02 | Shenzhen Daily\n\nDrones rise above the bay.", "Drones rise", "Shenzhen Daily", "2023-05-02"),
        ("Index out\n\nTechWire · August 2020\n\nAn index came out.", "Index out", "TechWire", "2020-08"),
        ("Summit ends\nBy GreenTech staff, 3 December 2022\n\nThe summit ended.", "Summit ends", "GreenTech", "2022-12-03"),
        ("The 2030 Smart City Outlook\nPosted on May 2, 2019 by Urban Lab Watch\n\nIt looks ahead.",
         "The 2030 Smart City Outlook", "Urban Lab Watch", "2019-05-02"),
        ("Robot expo\nDate: 07/03/2021\n\nThe expo opened.", "Robot expo", None, "2021-03-07"),
        # Fields spread with wide gaps, as a web page flattened to text; a long government issuer.
        ("Notice on vouchers\n\nRelease date: 2026-08-05    Source: Guangdong Provincial Department of Industry and "
         "Information Technology    Font size: [Large] [Medium] [Small]\n\nThe rules are issued.\n\nJuly 30, 2026",
         "Notice on vouchers", "Guangdong Provincial Department of Industry and Information Technology", "2026-08-05"),
        # An author and the city filed from: neither is the issuer.
        ("Robots fill halls\n\n24 September 2026 | Tom Hargreaves, Shanghai\n\nThe fair opened on Tuesday.",
         "Robots fill halls", None, "2026-09-24"),
        # A release's dateline with a full date and a dash, no source.
        ("Server market grows\n\nBEIJING, May 28, 2026 – According to a tracker released today, the market grew.",
         "Server market grows", None, "2026-05-28"),
        # A long line of labelled fields is furniture, however many words it has.
        ("Notice on measures to speed up the growth of the smart sensor industry in the city\n"
         "Source: Jinan Municipal Bureau of Industry | Release date: 2024-04-12 | Document No.: Ji Gong Xin [2024] No. 8"
         "\n\nThe measures are issued to you.", "Notice on measures to speed up the growth of the smart sensor industry "
         "in the city", "Jinan Municipal Bureau of Industry", "2024-04-12"),
        ("Robot expo\nDate: 03/27/2021\n\nThe expo opened.", "Robot expo", None, "2021-03-27"),
        ("Chip plan\n\nSource: Lingnan Daily    Time: 2022-06-01 08:30\n\nA plan came out.", "Chip plan", "Lingnan Daily", "2022-06-01"),
        ("Cloud report\n\nNews sources: Tech Herald\nRelease Date: 2020-10-09\n\nA report.", "Cloud report", "Tech Herald", "2020-10-09"),
        ("Sensor deal\n\nWUXI, China, May 7, 2021 /Example Newswire/ -- A deal was signed.", "Sensor deal", "Example Newswire", "2021-05-07"),
        ("Drone hub opens\n\nNINGBO, China, Aug. 3, 2022 (EXAMPLE WIRE) -- A hub opened today.", "Drone hub opens", "EXAMPLE WIRE", "2022-08-03"),
        # An outlet the KB knows beats the author's name on a byline line.
        ("Chip startups raise more\nMara Lind, TechCrunch · June 3, 2025\n\nStartups raised more.",
         "Chip startups raise more", "TechCrunch", "2025-06-03"),
        # An outlet's name on a line of its own; the byline's author is not the issuer.
        ("Memory prices climb\nThe Korea Herald\nPublished : May 2, 2025 - 09:10\nBy Kim Ha-eun\n\nPrices climbed.",
         "Memory prices climb", "The Korea Herald", "2025-05-02"),
        ("Lab opens\nBy Tom Reyes and Ana Ruiz\nMay 2, 2025\n\nMADRID, May 2 (Reuters) - A lab opened.",
         "Lab opens", "Reuters", "2025-05-02"),
        ("Forum opens\nHarbour TV | Updated 21:37, 27-Mar-2026\n\nThe forum opened.", "Forum opens", "Harbour TV", "2026-03-27"),
        # A release's issuer on a line of its own, its date only on the closing line.
        ("Lab to be set up\nDigital Policy Office - Press Release\n\nThe lab will be set up in Sha Tin, the office said today."
         "\n\nEnds/Tuesday, March 10, 2026\nIssued at HKT 16:30\n\nNNNN",
         "Lab to be set up", "Digital Policy Office", "2026-03-10"),
        # A wire dateline without a date.
        ("Robot deal\nMay 2, 2025 08:00 AM Eastern Daylight Time\n\nTURIN, Italy--(BUSINESS WIRE)--Two firms signed.",
         "Robot deal", "BUSINESS WIRE", "2025-05-02"),
    ],
)
def test_furniture(text, title, source, published_value):
    meta = parse_meta(text)
    assert meta.title == title
    assert meta.source == source
    assert meta.published_value == published_value
    assert meta.published == (published_value if len(published_value) == 10 else None)
    if meta.published_span:
        s, e = meta.published_span
        assert find_date(text[s:e]) is not None


def test_dateline_year_from_caption():
    text = ("Expo opens in Wuxi\n\nVisitors at the expo in Wuxi on Oct. 9, 2024. (Xinhua/Li Ming)\n\n"
            "NANJING, Oct. 9 (Xinhua) -- The expo opened on Wednesday.")
    meta = parse_meta(text)
    assert meta.published == "2024-10-09"
    assert meta.source == "Xinhua"
    assert [c["credit"] for c in meta.captions] == ["Xinhua/Li Ming"]


def test_dash_dateline():
    text = "Lab deal\n\nSINGAPORE - Example Wire - 5 May 2023 - A lab deal was signed today."
    meta = parse_meta(text)
    assert (meta.published, meta.source) == ("2023-05-05", "Example Wire")


def test_hint_overrides_and_month_only():
    meta = parse_meta("Posted: November 2019\n\nSomething happened.")
    assert meta.published is None and meta.published_value == "2019-11"
    meta = parse_meta("Posted: November 2019\n\nSomething happened.", published_hint="2019-11-20")
    assert meta.published == "2019-11-20"


def test_captions_keep_offsets():
    text = ("Title here\n\nBody sentence one.\n\n A drone over the bay. [Photo provided to Shenzhen Daily] \n\n"
            "Another body line.\n\nA chip wafer on show [Photo/IC Weekly]\n")
    meta = parse_meta(text)
    credits = [c["credit"] for c in meta.captions]
    assert credits == ["Shenzhen Daily", "IC Weekly"]
    for c in meta.captions:
        assert text[c["start"]:c["end"]].strip() == text[c["start"]:c["end"]]
        assert "[" in text[c["start"]:c["end"]]


def test_no_header():
    meta = parse_meta("This is a plain paragraph of body text that has no furniture at all and runs on for many, many words "
                      "so it cannot be a headline by any reasonable measure of a headline.")
    assert meta.title is None and meta.published_value is None and meta.source is None


def test_banner_with_separators_gives_no_date():
    text = "2024 Chip Summit · 12-14 June 2024 · Wuxi\nChip summit to open\nDate: 10/06/2024\n\nBody."
    meta = parse_meta(text)
    assert meta.title == "Chip summit to open" and meta.published == "2024-06-10"


def test_dateline_year_from_top_of_text():
    meta = parse_meta("Robot prizes for 2024 handed out\n\nWUXI, May 9 (Xinhua) -- Prizes were handed out on Thursday.")
    assert meta.published == "2024-05-09"


def test_dateline_year_not_from_story():
    meta = parse_meta("Chip plan unveiled\n\nSEOUL, June 3 (Yonhap) -- A plan runs through 2028, officials said.")
    assert meta.published is None and meta.source == "Yonhap"


def test_caption_is_not_a_title():
    meta = parse_meta("Updated: 2022-01-05 10:00\n\nA robot waves at visitors in Wuhan. [Photo/Xinhua]\n\nBody text follows here.")
    assert meta.title is None and len(meta.captions) == 1


def test_banner_line_is_not_title():
    text = "3- 6 May 2024 Hangzhou International Expo Center\nCity brains get smarter\nNews sources:Expo Office Release Date:2024-01-10\n\nBody."
    meta = parse_meta(text)
    assert meta.title == "City brains get smarter"
    assert meta.published == "2024-01-10"


def test_impossible_calendar_dates_are_not_published_dates():
    assert parse_meta("Title\nPublished on Feb 30, 2023\n\nBody.").published is None
    assert parse_meta("Title\n\nWUXI, Oct. 35, 2023 (Example Wire) -- Body.").published is None


def test_byline_author_is_never_the_source():
    meta = parse_meta("Lab opens\nBy Tom Reyes\nMay 2, 2025\n\nA lab opened in Madrid on Friday.")
    assert meta.source is None and meta.published_value == "2025-05-02"


@pytest.mark.parametrize("opening", [
    "By Tuesday morning, the model was the top trending one on the site.",
    "By 2030 the plan aims to double capacity.",
    "By the end of the year, the park will host 300 firms.",
    "By contrast, rivals shipped fewer units.",
])
def test_a_sentence_opening_with_by_is_no_byline(opening):
    # A short first paragraph such as "By Tuesday morning, ..." is story text, not page furniture.
    text = f"Lab opens\nBy Tom Reyes\nMay 2, 2025\n\n{opening}\n\nA lab opened in Madrid on Friday."
    meta = parse_meta(text)
    start = text.index(opening)
    assert not any(s <= start < e for s, e in meta.excluded)
    assert any(s <= text.index("By Tom") < e for s, e in meta.excluded)


@pytest.mark.parametrize("line, people", [
    ("By Tom Reyes and Ana Ruiz", ["Tom Reyes", "Ana Ruiz"]),
    ("By Li Wei, Zhang San & Mary J. Blige | China Daily | 2024-01-01", ["Li Wei", "Zhang San", "Mary J. Blige"]),
    ("Source: Xinhua    Editor: Wang Fang    2024-03-05 10:02:11", ["Wang Fang"]),
    ("Mara Lind, TechCrunch · June 3, 2025", ["Mara Lind"]),
    ("By Kim Ha-eun", ["Kim Ha-eun"]),
    ("By UKTN staff, 1 November 2023", []),
    ("By iTnews Asia Team on Feb 10, 2021 9:33AM", []),
    ("By Global Times | Published: Jan 09, 2026 10:48 PM", []),
    # where the reporter files from is not part of the name
    ("By Li Wei in Beijing | example.com.cn | Updated: 2024-01-02 09:10", ["Li Wei"]),
    ("By Tom Reyes in Madrid and Ana Ruiz in Lisbon", ["Tom Reyes", "Ana Ruiz"]),
])
def test_people_named_on_header_lines(line, people):
    text = f"Lab opens\n{line}\n\nA lab opened in Madrid on Friday."
    meta = parse_meta(text)
    assert [text[s:e] for s, e in meta.people] == people


def test_byline_people_become_person_entities(extractor):
    text = "Lab opens in Madrid\nBy Tom Reyes and Ana Ruiz\nMay 2, 2025\n\nMADRID, May 2 (Reuters) - A lab opened."
    rec = extractor(text)
    people = {e.canonical for e in rec.entities if e.label == "PERSON"}
    assert {"Tom Reyes", "Ana Ruiz"} <= people
    assert not any("Tom Reyes" in e.canonical and e.label != "PERSON" for e in rec.entities)


def test_from_label_names_the_source():
    meta = parse_meta("Drone park opens\nFrom: Ningbo Evening Herald\n\nA drone park opened in Ningbo on Friday.")
    assert meta.title == "Drone park opens" and meta.source == "Ningbo Evening Herald"


@pytest.mark.parametrize("closing, source", [
    ("This article appeared in the Harbour Morning Post print edition as: Robots take over", "Harbour Morning Post"),
    ("This article was originally published on The Conversation.", "The Conversation"),
])
def test_closing_line_names_the_source(closing, source):
    text = f"Robots take over\nBy Tom Reyes\nPublished: 9:15am, 3 May 2025\n\nRobots took over the port.\n\n{closing}"
    meta = parse_meta(text)
    assert meta.source == source and meta.published == "2025-05-03"


def test_outlet_told_is_the_source_when_the_page_names_none():
    body = "Chip lab opens\nBy Tom Reyes\nMay 2, 2025\n\nA chip lab opened, its director told Reuters on Friday."
    meta = parse_meta(body)
    assert meta.source == "Reuters" and body[slice(*meta.source_span)] == "Reuters"
    # "the" is no part of the name; two different outlets leave the source unknown
    assert parse_meta(body.replace("told Reuters", "told the Financial Times")).source == "Financial Times"
    assert parse_meta(body + " A rival told Bloomberg the lab was late.").source is None
    # not an outlet, or the header already names the source
    assert parse_meta(body.replace("told Reuters", "told a media briefing")).source is None
    assert parse_meta(body.replace("May 2, 2025", "2025-05-02 | Shenzhen Daily")).source == "Shenzhen Daily"


def test_a_closing_date_is_read_only_when_the_header_has_none():
    paragraphs = "".join(f"The lab opened on Friday, its director said in statement {k}.\n\n" for k in range(8))
    body = f"Lab opens\n\n{paragraphs}March 10, 2026\n"
    assert parse_meta(body).published == "2026-03-10"
    assert parse_meta(body.replace("Lab opens\n", "Lab opens\nPublished: 2026-03-13\n")).published == "2026-03-13"
    # a closing sentence that holds a date is no date line
    assert parse_meta(body.replace("March 10, 2026", "The next meeting will be held on March 10, 2026.")).published is None


@pytest.mark.parametrize("line, name", [("Maya Lind", "Maya Lind"), ("Tom Reyes in Shanghai", "Tom Reyes")])
def test_a_name_alone_above_the_date_line_is_the_author(line, name):
    text = f"Chip startups raise more\n{line}\n8:30 AM PDT · June 3, 2025\n\nStartups raised more money this year."
    meta = parse_meta(text)
    assert [text[s:e] for s, e in meta.people] == [name] and meta.published == "2025-06-03"
    # not without the date line below it, nor a place's name
    assert parse_meta(text.replace("8:30 AM PDT · June 3, 2025\n", "")).people == []
    assert parse_meta(text.replace(line, "Hong Kong")).people == []


@pytest.mark.parametrize("sentence", [
    "The firm said it trained the model on local chips, a claim TechCrunch could not independently verify.",
    "The plan, according to a document seen by TechCrunch, runs to 2030.",
])
def test_an_outlet_writing_of_itself_is_the_source(sentence):
    body = f"Chip lab opens\nBy Tom Reyes\nMay 2, 2025\n\n{sentence}"
    meta = parse_meta(body)
    assert meta.source == "TechCrunch" and body[slice(*meta.source_span)] == "TechCrunch"
    # a claim another outlet could not verify is still the only outlet named so
    assert parse_meta(body + " A rival told Bloomberg the lab was late.").source is None


def test_an_author_with_the_city_filed_from_is_a_person(extractor):
    rec = extractor("Robots fill halls\n\n24 September 2026 | Tom Hargreaves, Shanghai\n\nThe fair opened on Tuesday.")
    assert [(e.label, e.canonical) for e in rec.entities if e.canonical == "Tom Hargreaves"] == [("PERSON", "Tom Hargreaves")]
