"""The rankings stage on sentences written for these tests (not taken from the corpus).

Runs the stage at the end of the plain base model (no entities stage: names
come from doc.ents and proper nouns), as a spaCy user would add it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

spacy = pytest.importorskip("spacy")

from ai_news_extract.stages.rankings import RankingStage  # noqa: E402  (registers the factory)

from support import shared_dir  # noqa: E402


@pytest.fixture(scope="module")
def stage(nlp):
    return RankingStage(nlp, "ai_news_rankings")


def run(nlp, stage, text: str, dates=None):
    doc = nlp(text)
    doc._.news_dates = dates
    return stage(doc)._.news_rankings


def pairs(nlp, stage, text: str) -> set:
    out = set()
    for r in run(nlp, stage, text):
        for it in r["items"]:
            out.add((it["rank"] if it["rank"] is not None else tuple(it["range"]), it["name"]))
    return out


def items(nlp, stage, text: str) -> list:
    return [it for r in run(nlp, stage, text) for it in r["items"]]


# ---------------------------------------------------------------- parallel lists


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Madrid, Lisbon, and Vienna were listed second, sixth, and ninth respectively in the survey.",
         {(2, "Madrid"), (6, "Lisbon"), (9, "Vienna")}),
        ("In the new table, Osaka and Nagoya took the 3rd and 7th position respectively.",
         {(3, "Osaka"), (7, "Nagoya")}),
        ("The top positions are held by Oracle and Siemens, respectively.", {(1, "Oracle"), (2, "Siemens")}),
    ],
)
def test_respectively_zips_names_and_positions(nlp, stage, text, expected):
    assert pairs(nlp, stage, text) == expected


def test_two_names_two_positions_without_respectively_share_the_range(nlp, stage):
    text = "Denmark and Norway each climbed one spot to rank fourth and fifth."
    assert pairs(nlp, stage, text) == {((4, 5), "Denmark"), ((4, 5), "Norway")}


# ---------------------------------------------------------------- single positions


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Toronto ranked third in the latest index.", {(3, "Toronto")}),
        ("Last year Portugal came in 2nd.", {(2, "Portugal")}),
        ("Norway placed No. 1 in the survey.", {(1, "Norway")}),
        ("Kenya is No. 5 on the list.", {(5, "Kenya")}),
        ("Estonia was ranked No.1 in the e-government index.", {(1, "Estonia")}),
        ("Finland took the top spot this year.", {(1, "Finland")}),
        ("Samsung led the list of smartphone makers in 2020.", {(1, "Samsung")}),
        ("Denmark topped the ranking again.", {(1, "Denmark")}),
        ("Chad ranks last among 57 countries.", {(57, "Chad")}),
        ("Melbourne sits in 7th place.", {(7, "Melbourne")}),
        ("Canada finished in second place.", {(2, "Canada")}),
        ("Nvidia claimed the number one spot.", {(1, "Nvidia")}),
        ("Italy, in second place, scored 80 points.", {(2, "Italy")}),
        ("Mexico now ranks 41st of the 130 economies.", {(41, "Mexico")}),
    ],
)
def test_single_positions(nlp, stage, text, expected):
    assert pairs(nlp, stage, text) == expected


def test_parenthesised_positions_after_names(nlp, stage):
    text = "Only two Asian cities made the top ten: Seoul (4th) and Taipei (9th). Newcomers were Oslo (#43) and Quito (#51)."
    assert pairs(nlp, stage, text) == {(4, "Seoul"), (9, "Taipei"), (43, "Oslo"), (51, "Quito")}


def test_joint_position_goes_to_both(nlp, stage):
    text = "Harvard University ranks 4th, while Yale University and Columbia University are joint 12th."
    assert pairs(nlp, stage, text) == {(4, "Harvard University"), (12, "Yale University"), (12, "Columbia University")}


def test_with_x_in_nth(nlp, stage):
    text = "Britain came first, with France in third and Spain in fourth."
    assert pairs(nlp, stage, text) == {(1, "Britain"), (3, "France"), (4, "Spain")}


def test_cleft_pronoun_and_relative_clause(nlp, stage):
    assert pairs(nlp, stage, "Overall, it was Germany that topped the table.") == {(1, "Germany")}
    assert pairs(nlp, stage, "Singapore scored well on talent. It ranked second overall.") == {(2, "Singapore")}
    assert pairs(nlp, stage, "Japan replaced Austria, which dropped to sixth place.") == {(6, "Austria")}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("In the overall ranking, Stockholm came in fifth, Amsterdam sixth and Berlin seventh.",
         {(5, "Stockholm"), (6, "Amsterdam"), (7, "Berlin")}),
        ("Google, Meta and Apple occupy the top three places, with Amazon fourth.",
         {((1, 3), "Google"), ((1, 3), "Meta"), ((1, 3), "Apple"), (4, "Amazon")}),
        ("The index placed the UAE 25th globally and first in the Arab world.", {(25, "UAE"), (1, "UAE")}),
        ("Hong Kong came in at number 3, while Singapore took the top spot.", {(3, "Hong Kong"), (1, "Singapore")}),
        ("London and Paris tied for first place.", {(1, "London"), (1, "Paris")}),
        # "tie" as the verb of a bare position, as "rank" is
        ("Munich and Vienna tied for third in the survey.", {(3, "Munich"), (3, "Vienna")}),
        ("Berlin and Madrid were tied for sixth.", {(6, "Berlin"), (6, "Madrid")}),
        ("Madrid tied for fifth with Lisbon.", {(5, "Madrid"), (5, "Lisbon")}),
        # every form of "share" is a tie word, also in a "with" clause after the main one
        ("Munich came first, with Berlin and Vienna sharing second place.",
         {(1, "Munich"), (2, "Berlin"), (2, "Vienna")}),
        ("Berlin shares second place with Vienna.", {(2, "Berlin"), (2, "Vienna")}),
        ("The 2024 list is topped by Nvidia.", {(1, "Nvidia")}),
        ("Xiaomi's share rose to 14%, putting it in third place.", {(3, "Xiaomi")}),
        ("Microsoft was second with 21 percent, while Google was third with 12 percent.",
         {(2, "Microsoft"), (3, "Google")}),
        ("The top 3 countries were the US, China and Japan.", {((1, 3), "US"), ((1, 3), "China"), ((1, 3), "Japan")}),
        ("TSMC, Samsung and Intel make up the top three chipmakers by revenue.",
         {((1, 3), "TSMC"), ((1, 3), "Samsung"), ((1, 3), "Intel")}),
        ("Shanghai was listed as one of the top 10 cities for expats.", {((1, 10), "Shanghai")}),
        ("Beijing leads China in the number of AI companies, followed by Shanghai and Shenzhen.",
         {(1, "Beijing"), (2, "Shanghai"), (3, "Shenzhen")}),
    ],
)
def test_more_constructions(nlp, stage, text, expected):
    assert pairs(nlp, stage, text) == expected


def test_scope_and_criterion_of_a_position(nlp, stage):
    rks = run(nlp, stage, "Nigeria ranks 3rd in Africa and 25th worldwide.")
    assert {(i["rank"], r["scope"]) for r in rks for i in r["items"]} == {(3, "Africa"), (25, "world")}
    rks = run(nlp, stage, "Xiaomi rose to third place in global smartphone shipments in the second quarter.")
    assert [(r["criterion"], r["items"][0]["rank"]) for r in rks] == [("global smartphone shipments", 3)]


def test_leader_and_lead(nlp, stage):
    assert pairs(nlp, stage, "Ireland is the global leader in software exports.") == {(1, "Ireland")}
    text = "Munich has topped the country in patent filings for five years and in startup funding."
    assert pairs(nlp, stage, text) == {(1, "Munich")}
    assert len(items(nlp, stage, text)) == 2  # one item per criterion


# ---------------------------------------------------------------- sequences and groups


def test_followed_by_after_an_exact_rank(nlp, stage):
    text = "Zurich ranked first with 92 points, followed by Geneva and Basel."
    assert pairs(nlp, stage, text) == {(1, "Zurich"), (2, "Geneva"), (3, "Basel")}


def test_followed_by_after_a_group(nlp, stage):
    text = "Lyon, Nice and Lille ranked as the top three cities, followed by Nantes and Rennes."
    assert pairs(nlp, stage, text) == {
        ((1, 3), "Lyon"), ((1, 3), "Nice"), ((1, 3), "Lille"), ((4, 5), "Nantes"), ((4, 5), "Rennes")}


def test_rest_of_the_top_n_in_this_order(nlp, stage):
    text = ("The poll ranks Tesla, Ford and Kia as the top three. The rest of the top seven places went to "
            "Audi, Fiat, Volvo and Mazda, in this order.")
    got = pairs(nlp, stage, text)
    assert {(4, "Audi"), (5, "Fiat"), (6, "Volvo"), (7, "Mazda")} <= got
    assert {((1, 3), "Tesla"), ((1, 3), "Ford"), ((1, 3), "Kia")} <= got


def test_among_the_top_n_is_a_range_but_making_it_is_not(nlp, stage):
    assert pairs(nlp, stage, "Cairo and Tunis are among the top 20 cities.") == {((1, 20), "Cairo"), ((1, 20), "Tunis")}
    assert pairs(nlp, stage, "Rome, Milan and Turin all made the top 50.") == set()


def test_exact_rank_replaces_and_narrows_a_group(nlp, stage):
    text = "The report places Paris, Berlin and Rome among the top three cities. In the index, Paris ranked first."
    assert pairs(nlp, stage, text) == {(1, "Paris"), ((2, 3), "Berlin"), ((2, 3), "Rome")}


def test_numbered_lines(nlp, stage):
    text = "The best-selling brands were:\n1. Lenovo\n2. Dell\n3. Asus\n"
    assert pairs(nlp, stage, text) == {(1, "Lenovo"), (2, "Dell"), (3, "Asus")}


def test_group_with_a_verb_the_tagger_missed_then_followers(nlp, stage):
    # after a long list of names the small tagger reads 'rank' as a noun
    text = ("Oslo, Bergen, Tromso, Bodo and Alta rank as the top five towns in a new livability index, "
            "followed by Molde, Hamar and Voss.")
    top = {"Oslo", "Bergen", "Tromso", "Bodo", "Alta"}
    assert pairs(nlp, stage, text) == {((1, 5), n) for n in top} | {((6, 8), n) for n in ("Molde", "Hamar", "Voss")}
    assert pairs(nlp, stage, "Lagos, Nairobi and Accra ranked as Africa's top three tech hubs.") == {
        ((1, 3), "Lagos"), ((1, 3), "Nairobi"), ((1, 3), "Accra")}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Among the 40 universities, Ghent University ranks last.", {(40, "Ghent University")}),
        ("Out of 28 provinces, Ontario came last.", {(28, "Ontario")}),
        ("Chile was last among the 33 countries surveyed.", {(33, "Chile")}),
    ],
)
def test_last_takes_the_size_stated_in_the_sentence(nlp, stage, text, expected):
    assert pairs(nlp, stage, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Places four to six went to Nokia, Ericsson and Siemens, in that order.",
         {(4, "Nokia"), (5, "Ericsson"), (6, "Siemens")}),
        ("Kraków, Gdańsk and Poznań placed sixth to eighth respectively.",
         {(6, "Kraków"), (7, "Gdańsk"), (8, "Poznań")}),
        ("Ireland, Wales and Scotland took positions 11 to 13.",
         {((11, 13), "Ireland"), ((11, 13), "Wales"), ((11, 13), "Scotland")}),
    ],
)
def test_spans_of_positions(nlp, stage, text, expected):
    assert pairs(nlp, stage, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Austria, Belgium and Greece rounded out the top ten.",
         {((8, 10), "Austria"), ((8, 10), "Belgium"), ((8, 10), "Greece")}),
        ("Peru and Bolivia completed the top 12, in this order.", {(11, "Peru"), (12, "Bolivia")}),
        ("Oracle came in first, with SAP and Salesforce rounding out the top three.",
         {(1, "Oracle"), ((2, 3), "SAP"), ((2, 3), "Salesforce")}),
        # one name for one place holds that place, not a range of one
        ("Oslo came eighth and Riga ninth, while Tallinn completed the top ten.",
         {(8, "Oslo"), (9, "Riga"), (10, "Tallinn")}),
    ],
)
def test_names_that_complete_a_top_n_hold_its_last_places(nlp, stage, text, expected):
    assert pairs(nlp, stage, text) == expected


def test_an_order_marker_orders_only_its_own_clause(nlp, stage):
    text = ("Lima and Quito placed first and second in turn, while Cusco, Arequipa and Trujillo "
            "completed the top five.")
    assert pairs(nlp, stage, text) == {
        (1, "Lima"), (2, "Quito"), ((3, 5), "Cusco"), ((3, 5), "Arequipa"), ((3, 5), "Trujillo")}


def test_order_marker_is_not_a_criterion(nlp, stage):
    text = "Vietnam, Thailand and Malaysia took the first three places in the survey, in this order."
    rks = run(nlp, stage, text)
    got = sorted((i["rank"], i["name"]) for r in rks for i in r["items"])
    assert got == [(1, "Vietnam"), (2, "Thailand"), (3, "Malaysia")]
    assert all("order" not in (r["criterion"] or "") for r in rks)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Texas placed third, behind California and New York.",
         {(3, "Texas"), ((1, 2), "California"), ((1, 2), "New York")}),
        ("In cloud revenue, Google ranked second after Amazon.", {(2, "Google"), (1, "Amazon")}),
        ("Nanjing ranked fifth, one place behind Wuhan.", {(5, "Nanjing"), (4, "Wuhan")}),
        ("Nanjing ranked fifth, one place ahead of Wuhan.", {(5, "Nanjing"), (6, "Wuhan")}),
        ("Nanjing ranked fifth, two places ahead of Wuhan.", {(5, "Nanjing"), (7, "Wuhan")}),
        ("Nanjing ranked fifth, ahead of Wuhan.", {(5, "Nanjing")}),
        ("Kyoto rose to third, behind Osaka and Nagoya, which were first and second respectively.",
         {(3, "Kyoto"), (1, "Osaka"), (2, "Nagoya")}),
        # the names do not fill the places above, or they start a clause: nothing said of them
        ("Toyota finished fifth, behind Ford.", {(5, "Toyota")}),
        ("Spain came second after Italy withdrew from the contest.", {(2, "Spain")}),
    ],
)
def test_names_behind_a_position_hold_the_places_above(nlp, stage, text, expected):
    assert pairs(nlp, stage, text) == expected


def test_behind_items_share_the_criterion(nlp, stage):
    rks = run(nlp, stage, "In cloud revenue, Google ranked second after Amazon.")
    assert [(r["criterion"], sorted(i["name"] for i in r["items"])) for r in rks] == [
        ("cloud revenue", ["Amazon", "Google"])]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Porto is a coastal city in Portugal. The city ranked fourth in the survey.", {(4, "Porto")}),
        ("Infosys reported strong growth. The company now ranks second among Indian IT firms.", {(2, "Infosys")}),
        ("Berlin is the capital. The city has topped the ranking for three years, Hamburg said.", {(1, "Berlin")}),
    ],
)
def test_a_definite_description_refers_back_to_a_name(nlp, stage, text, expected):
    assert pairs(nlp, stage, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Brazil's coffee output ranks first in the world.", {(1, "Brazil")}),
        ("Chile's copper output rose again, ranking first in the world.", {(1, "Chile")}),
        ("Acme's revenue ranks it second among US retailers, behind Walmart.", {(2, "Acme"), (1, "Walmart")}),
        # a name in the subject wins over its possessor
        ("Fujitsu's 442 petaflops Kestrel system ranked second.", {(2, "Kestrel")}),
    ],
)
def test_a_measure_of_a_name_ranks_the_name(nlp, stage, text, expected):
    assert pairs(nlp, stage, text) == expected


def test_a_heading_before_a_colon_is_not_the_subject(nlp, stage):
    text = "Peru's Export Boom: Since 2010 the country has climbed 12 places and is now ranking 9th globally."
    assert pairs(nlp, stage, text) == {(9, "Peru")}


def test_possessors_that_are_descriptions_or_attributes(nlp, stage):
    text = "Anhui reported strong growth last year. The province's chip industry ranks third in the country."
    assert pairs(nlp, stage, text) == {(3, "Anhui")}
    text = "Zhejiang's digital economy ranks fourth nationwide, after Guangdong, Jiangsu and Beijing."
    assert pairs(nlp, stage, text) == {(4, "Zhejiang")} | {((1, 3), n) for n in ("Guangdong", "Jiangsu", "Beijing")}
    # a class noun names another thing than its possessor
    assert pairs(nlp, stage, "Germany's top university ranks 40th.") == set()


def test_with_clause_list_of_positions(nlp, stage):
    text = "The list is topped by Shanghai, with Beijing and Shenzhen in second and third place respectively."
    assert pairs(nlp, stage, text) == {(1, "Shanghai"), (2, "Beijing"), (3, "Shenzhen")}


def test_what_the_report_covers_gives_scope_size_and_last(nlp, stage):
    text = "The survey assesses 45 countries on broadband and skills. Peru ranks last, while Chile is first."
    rks = run(nlp, stage, text)
    assert {(i["rank"], i["name"]) for r in rks for i in r["items"]} == {(45, "Peru"), (1, "Chile")}
    assert [(r["scope"], r["size"]) for r in rks] == [("45 countries", 45)]
    # a count that is not what the report covers says nothing about 'last'
    assert pairs(nlp, stage, "Tokyo scored 75 points. Peru ranks last.") == set()


def test_source_names_its_issuer(nlp, stage):
    rks = run(nlp, stage, "Nairobi topped the list of the best cities for tech talent compiled by Savills.")
    assert rks[0]["source"] == "list of the best cities for tech talent (Savills)"
    rks = run(nlp, stage, "Estonia placed first, according to the European Commission's Digital Economy Index.")
    assert rks[0]["source"] == "Digital Economy Index (European Commission)"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The top spot went to Sweden, while Denmark was runner-up.", {(1, "Sweden"), (2, "Denmark")}),
        ("Qualcomm was the runner-up.", {(2, "Qualcomm")}),
        ("Spain is second only to France in wine exports.", {(2, "Spain"), (1, "France")}),
        ("The 10th-ranked Poland gained three places.", {(10, "Poland")}),
        ("Second-placed Austria scored 71 points.", {(2, "Austria")}),
        ("Ranking first was Shenzhen, with Shanghai and Beijing close behind.", {(1, "Shenzhen")}),
        ("Ranked second is Shanghai, with a score of 88.", {(2, "Shanghai")}),
        ("Shenzhen (ranked 3rd) has the most patents.", {(3, "Shenzhen")}),
    ],
)
def test_runner_up_hyphenated_ranks_and_inversions(nlp, stage, text, expected):
    assert pairs(nlp, stage, text) == expected


def test_bare_number_after_ranked(nlp, stage):
    assert pairs(nlp, stage, "Shenzhen ranked 3 in the world in patent filings.") == {(3, "Shenzhen")}
    # a count of what the index ranks is no position
    assert pairs(nlp, stage, "The Lisbon index ranks 120 countries on 40 indicators.") == set()


def test_second_to_a_name(nlp, stage):
    text = "Guangzhou ranked second to Shenzhen in the number of high-tech firms."
    assert pairs(nlp, stage, text) == {(2, "Guangzhou"), (1, "Shenzhen")}


def test_respectively_ends_a_criterion(nlp, stage):
    text = "Kunming ranked eighth in the eastern region and ninth in the western region respectively."
    assert sorted(r["criterion"] for r in run(nlp, stage, text)) == ["eastern region", "western region"]


def test_bottom_of_the_list_needs_a_size(nlp, stage):
    assert pairs(nlp, stage, "Brazil finished at the bottom of the list.") == set()
    text = "The survey ranks 30 airports. Brazil's main airport finished at the bottom of the list."
    assert pairs(nlp, stage, text) == set()  # an airport is not Brazil
    text = "The survey ranks 30 countries. Brazil finished at the bottom of the list."
    assert pairs(nlp, stage, text) == {(30, "Brazil")}


def test_table_rows(nlp, stage):
    text = "Rank City Score\n1 Beijing 85.2\n2 Shanghai 80.1\n3 Shenzhen 78.4\n"
    assert pairs(nlp, stage, text) == {(1, "Beijing"), (2, "Shanghai"), (3, "Shenzhen")}
    # years are not a table of positions
    assert pairs(nlp, stage, "Timeline\n2021 Beijing opens\n2022 Shanghai opens\n2023 Shenzhen opens\n") == set()


def test_a_missed_name_does_not_take_the_subjects_position(nlp, stage):
    # the small model reads '12th, Cyprus 15th' as a date: Cyprus is no name, so 15th is nobody's
    assert (15, "Malta") not in pairs(nlp, stage, "Malta ranks 12th, Cyprus 15th and Greece 20th.")


def test_position_glued_to_a_name_by_the_ner(nlp, stage):
    # the small model tags 'Ghana third' as one entity
    assert pairs(nlp, stage, "Rwanda took second place, Ghana third and Kenya fourth.") == {
        (2, "Rwanda"), (3, "Ghana"), (4, "Kenya")}


def test_headline_repeating_the_body_gives_one_item(nlp, stage):
    title = "Dubai leads in startup count"
    text = title + "\n\nDubai ranked first by number of startups, according to the survey."
    doc = nlp(text)
    doc._.news_dates = None
    doc._.news_meta = {"title": title, "title_span": [0, len(title)]}
    rks = stage(doc)._.news_rankings
    got = [(i["rank"], i["name"], r["criterion"]) for r in rks for i in r["items"]]
    assert got == [(1, "Dubai", "number of startups")]


def test_headline_item_without_a_body_statement_stays(nlp, stage):
    title = "Dubai leads in startup count"
    text = title + "\n\nThe survey covered 40 cities."
    doc = nlp(text)
    doc._.news_dates = None
    doc._.news_meta = {"title": title, "title_span": [0, len(title)]}
    assert [(i["rank"], i["name"]) for r in stage(doc)._.news_rankings for i in r["items"]] == [(1, "Dubai")]


# ---------------------------------------------------------------- changes and criteria


def test_rank_changes(nlp, stage):
    got = items(nlp, stage, "Peru rose two places to fourth.")
    assert [(i["rank"], i["name"], i["previous_rank"]) for i in got] == [(4, "Peru", 6)]
    rks = run(nlp, stage, "On the speed list, Chile slipped, dropping from 3rd to 5th.")
    got = {(i["rank"], i["name"], i["previous_rank"]) for r in rks for i in r["items"]}
    # the earlier position is stated, so it is an item of the earlier edition too
    assert got == {(5, "Chile", 3), (3, "Chile", None)}
    assert any(r["criterion"] and r["criterion"].endswith("(previous edition)") for r in rks)


def test_earlier_position_further_away(nlp, stage):
    text = "Ethiopia ranks seventh in Africa for mobile money use, up from tenth a year earlier."
    rks = run(nlp, stage, text)
    got = {(i["rank"], i["previous_rank"], r["criterion"]) for r in rks for i in r["items"]}
    assert got == {(7, 10, "mobile money use"), (10, None, "mobile money use (previous edition)")}


@pytest.mark.parametrize(
    "text, criterion",
    [
        # a subordinate clause after the position says why, not in what
        ("Nokia slipped from 3rd to 5th as sales of its phones weakened.", None),
        # who published the index is not what it ranks
        ("Kenya ranked second in an index released in May by the World Bank.", None),
        ("Walmart ranked first by revenue.", "revenue"),
        ("Uruguay ranks first in Latin America in internet access per household.", "internet access per household"),
    ],
)
def test_what_is_a_criterion(nlp, stage, text, criterion):
    rks = [r for r in run(nlp, stage, text) if "previous edition" not in (r["criterion"] or "")]
    assert [r["criterion"] for r in rks] == [criterion]


def test_one_item_per_criterion(nlp, stage):
    text = "Hanoi ranks first in mobile adoption and broadband speed, and third in cloud usage."
    rks = run(nlp, stage, text)
    got = sorted((i["rank"], r["criterion"]) for r in rks for i in r["items"])
    assert got == [(1, "broadband speed"), (1, "mobile adoption"), (3, "cloud usage")]
    rks = run(nlp, stage, "Lagos ranked fourth in terms of affordability and talent supply.")
    assert sorted(r["criterion"] for r in rks) == ["affordability and talent supply"] or len(rks) == 2


def test_duplicate_sentences_do_not_double_items(nlp, stage):
    text = "Amazon ranks first among retailers.\nAmazon ranks first among retailers.\n"
    assert len(items(nlp, stage, text)) == 1


# ---------------------------------------------------------------- not rankings


@pytest.mark.parametrize(
    "text",
    [
        "Tokyo is the largest city in Japan.",
        "Sony is one of the leading firms in the sector.",
        "Brazil has the highest number of users.",
        "It is the first time Peru has hosted the event.",
        "The 14th Five-Year Plan was issued in March.",
        "Intel's first factory opened in 1970.",
        "At first, Uber struggled in Asia.",
        "For the third year in a row, profits at Fiat rose.",
        "Lenovo became the second Chinese brand to enter the list.",
        "Shanghai's output has topped 300 billion yuan.",
        "The index ranks 120 countries on 40 indicators.",
        "Turkey climbed 12 places in the index.",
        "The expedition was led by Norway.",
        "On top of that, Kenya opened three new data centres.",
        "Apple and Google led the pack.",
        "This is the second summit in the series, after the first in Bletchley.",
        "Alibaba topped analyst expectations in the quarter.",
        "Huawei led the development of the 5G standard.",
        "The event was the first of its kind in Africa.",
        "Finland was first to adopt the policy.",
        "The first three days of the fair drew 100,000 visitors.",
        "The firm lost its No. 1 position to Apple.",
        "Facebook fell out of the top ten for the first time.",
        "Nvidia's market value topped $3 trillion.",
        "The agency said inspection team no. 225 visited three sites.",
        "Police say Smith is the leader of the group.",
        "Acme must pay $100 million in interest, on top of $27 million in dividends.",
        "Chinese firms took three of the top five spots.",
        "Gamescom, first held in 2009, drew 300,000 visitors.",
        "The mall, first opened in 2005, is the largest in Asia.",
        "Kenya is home to Africa's first national open data portal.",
        'Acme says Zenith was "first in with the product".',
        "Italy finished last.",
        "The startup slipped to 9th as demand for its chips weakened.",
        "The country's capital ranked first in the survey.",
        "Seoul, Tokyo lead Asian broadband index",
        "The university ranks among the top 10% of institutions worldwide.",
    ],
)
def test_not_rankings(nlp, stage, text):
    assert pairs(nlp, stage, text) == set()


# ---------------------------------------------------------------- ranking fields


def test_group_frame_gives_criterion_scope_size_source_and_date(nlp, stage):
    text = ("Two cities in Bavaria were ranked among Germany's top five cities with the fastest broadband, "
            "according to a survey by the Federal Network Agency that was released on May 3. "
            "Munich and Nuremberg were listed second and fourth respectively.")
    start = text.index("May 3")
    dates = [{"start": start, "end": start + 5, "type": "DATE", "value": "2021-05-03", "anchor": "published"}]
    rks = run(nlp, stage, text, dates)
    assert len(rks) == 1
    r = rks[0]
    assert {(i["rank"], i["name"]) for i in r["items"]} == {(2, "Munich"), (4, "Nuremberg")}
    assert r["criterion"] == "cities with the fastest broadband"
    assert r["scope"] == "Germany"
    assert r["size"] == 5
    assert r["date"] == "2021-05-03"
    assert "survey by the Federal Network Agency" in r["source"]
    for it in r["items"]:
        assert text[it["start"] : it["end"]] == it["name"]
    s, e = r["evidence"]
    assert "Munich" in text[s:e] or "Germany" in text[s:e]


def test_names_come_from_news_entities_when_present(nlp, stage):
    text = "Big Blue ranked third among cloud vendors."
    doc = nlp(text)
    doc._.news_entities = [{"id": "E1", "label": "ORG", "canonical": "IBM", "aliases": ["Big Blue"], "kb_id": None,
                            "mentions": [[0, 8]], "confidence": 0.9}]
    rks = stage(doc)._.news_rankings
    it = rks[0]["items"][0]
    assert (it["rank"], it["name"], it["entity_id"], it["start"], it["end"]) == (3, "IBM", "E1", 0, 8)


def test_a_name_split_by_a_sentence_boundary_stays_whole(nlp, stage):
    # the parser sometimes ends a sentence inside a name ('Osaka' | 'University ranked ...')
    text = "Osaka University ranked first in the survey."
    doc = nlp.make_doc(text)
    doc[1].is_sent_start = True
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    assert [s.text for s in doc.sents][0] == "Osaka"
    doc._.news_entities = [{"id": "E1", "label": "ORG", "canonical": "Osaka University", "aliases": [],
                            "kb_id": None, "mentions": [[0, 16]], "confidence": 0.9}]
    assert [(i["rank"], i["name"]) for r in stage(doc)._.news_rankings for i in r["items"]] == [(1, "Osaka University")]


def test_output_is_plain_data(nlp, stage):
    rks = run(nlp, stage, "Toronto ranked third in the index, followed by Ottawa.")
    json.dumps(rks)  # no spaCy objects, no tuples that would not survive a round trip unchanged
    assert all(isinstance(i["range"], (list, type(None))) for r in rks for i in r["items"])


def test_text_without_cues_is_skipped(nlp, stage):
    assert run(nlp, stage, "The company opened an office in Nairobi last week.") == []


# ---------------------------------------------------------------- the seed article


def test_seed_article(nlp, stage):
    seed = shared_dir("corpus", "seed")
    text = (seed / "chtf-yrd-ai-2019.txt").read_text(encoding="utf-8")
    # the dates stage is not part of this test: give it the release date it would find
    start = text.index("March 28")
    dates = [{"start": start, "end": start + 8, "type": "DATE", "value": "2019-03-28", "anchor": "published"}]
    rks = run(nlp, stage, text, dates)
    assert len(rks) == 1
    r = rks[0]
    assert [(i["rank"], i["name"]) for i in r["items"]] == [(1, "Hangzhou"), (4, "Shanghai"), (5, "Hefei")]
    assert r["criterion"] == "cities with leading AI computing power"
    assert (r["scope"], r["size"], r["date"]) == ("China", 5, "2019-03-28")
    assert r["source"].startswith("assessment report")


# ---------------------------------------------------------------- held-out constructions (round 3)


@pytest.mark.parametrize(
    "text, expected",
    [
        # list lines with a prefix word, and a note after the name
        ("The leading three of the table are:\n\nRank 1: Lisbon (score 88.4)\nRank 2: Porto (score 80.2)\n"
         "Rank 3: Braga (score 71.9)\n",
         {(1, "Lisbon"), (2, "Porto"), (3, "Braga")}),
        ("Its top three by revenue:\n\nNo. 1 Globex Corporation, 9 billion euros\nNo. 2 Initech, 7 billion euros\n"
         "No. 3 Vandelay Industries, 4 billion euros\n",
         {(1, "Globex Corporation"), (2, "Initech"), (3, "Vandelay Industries")}),
    ],
)
def test_prefixed_list_lines(nlp, stage, text, expected):
    assert pairs(nlp, stage, text) == expected


def test_next_places_continue_a_numbered_list(nlp, stage):
    text = ("The first four entries are:\n1) Acme\n2) Globex Corporation\n3) Initech\n4) Umbrella Corp\n\n"
            "The next three places are shared by Vandelay Industries, Stark Industries and Wayne Enterprises.")
    got = pairs(nlp, stage, text)
    assert {((5, 7), "Vandelay Industries"), ((5, 7), "Stark Industries"), ((5, 7), "Wayne Enterprises")} <= got
    assert (4, "Umbrella Corp") in got and not any(n == "Umbrella Corp" and r == (5, 7) for r, n in got)


@pytest.mark.parametrize(
    "text, expected",
    [
        # an ordered group stated by a copula
        ("The three highest-ranked regions in the index were Bavaria, Saxony and Hesse, in that order, "
         "the ministry said.", {(1, "Bavaria"), (2, "Saxony"), (3, "Hesse")}),
        ("The three highest-ranked regions in the index were Bavaria, Saxony and Hesse.",
         {((1, 3), "Bavaria"), ((1, 3), "Saxony"), ((1, 3), "Hesse")}),
        # a tie names its partner
        ("In the design category, Bosch shared first place with Siemens.", {(1, "Bosch"), (1, "Siemens")}),
        # the place above
        ("Kia sat in ninth place, one spot below Honda.", {(9, "Kia"), (8, "Honda")}),
        ("Kia sat in ninth place, one spot ahead of Honda.", {(9, "Kia"), (10, "Honda")}),
        # followers after an ordered pair
        ("Brazil and Mexico ranked 1st and 2nd respectively by the number of vehicles sold, followed by "
         "Argentina and Chile, according to the study.", {(1, "Brazil"), (2, "Mexico"), (3, "Argentina"), (4, "Chile")}),
        # a comparison with all others is first place
        ("Lagos hosts 40 of the 90 startups, more than any other city, followed by Nairobi with 20 and Cairo with 12.",
         {(1, "Lagos"), (2, "Nairobi"), (3, "Cairo")}),
        ("Kenya exports more tea than any other country, followed by Sri Lanka.", {(1, "Kenya"), (2, "Sri Lanka")}),
        # 'headed' with a list object
        ("Among carmakers, Renault headed the supplier table, ahead of Fiat in second.", {(1, "Renault"), (2, "Fiat")}),
        # an ordinal superlative with the set it is compared in
        ("Denmark has the second-highest wind power share among European countries.", {(2, "Denmark")}),
        ("Denmark has the second-largest port in Europe.", set()),
        # closing a group inside the top N
        ("Ghent University completed the Belgian group in the top 100.", {((1, 100), "Ghent University")}),
        ("Lund completed its new campus in the city centre.", set()),
    ],
)
def test_round3_constructions(nlp, stage, text, expected):
    assert pairs(nlp, stage, text) == expected


def test_earlier_position_after_a_comma(nlp, stage):
    its = items(nlp, stage, "Ohio rose to fourth place among US states in steel output last year, from seventh in 2021.")
    cur = [i for i in its if i["rank"] == 4]
    assert cur and cur[0]["name"] == "Ohio" and cur[0]["previous_rank"] == 7
    assert any(i["rank"] == 7 and i["name"] == "Ohio" for i in its)


def test_the_app_refers_back_to_the_product(extractor):
    rec = extractor("Zephyr, a chatbot made by Lumo, keeps growing. The app ranked third among chatbot apps in May.")
    assert [(i.rank, i.name) for r in rec.rankings for i in r.items] == [(3, "Zephyr")]


def test_in_a_list_of_owned_names_the_owned_name_is_ranked(extractor):
    rec = extractor("OpenAI's GPT-5.2 and Anthropic's Claude Opus 4.5 are tied for second.")
    assert sorted((i.rank, i.name) for r in rec.rankings for i in r.items) == [(2, "Claude Opus 4.5"), (2, "GPT-5.2")]


@pytest.mark.parametrize("text, expected", [
    ("Samsung remained the No. 1 supplier in the wider memory market.", [(1, "Samsung")]),
    ("Samsung was the world's No. 1 memory maker last year.", [(1, "Samsung")]),
    ("Li Wei, the No. 2 official at the ministry, spoke on Monday.", []),  # a title
])
def test_a_numbered_place_before_the_noun_it_ranks_among(extractor, text, expected):
    rec = extractor(text)
    assert [(i.rank, i.name.split()[0]) for r in rec.rankings for i in r.items] == expected
