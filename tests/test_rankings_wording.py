"""The rankings stage on wordings added for unseen articles (sentences written for these tests).

Each class is a general construction: inline numbered lists, ordinal superlatives with
the places above ('trailing only A and B'), 'led the list, ahead of Y' when third place
follows, a comparison with all others before 'with Y second', chains of positions
before 'behind X', and 'as did X'. Runs the stage at the end of the plain base model.
"""

from __future__ import annotations

import pytest

spacy = pytest.importorskip("spacy")

from ai_news_extract.stages.rankings import RankingStage  # noqa: E402  (registers the factory)

from support import rank_pairs  # noqa: E402


@pytest.fixture(scope="module")
def stage(nlp):
    return RankingStage(nlp, "ai_news_rankings")


pairs = rank_pairs


@pytest.mark.parametrize(
    "text, expected",
    [
        # inline numbered lists
        ("The five largest cloud providers by revenue last year were, in order: 1. Amazon 2. Microsoft "
         "3. Google 4. Alibaba 5. Oracle.",
         {(1, "Amazon"), (2, "Microsoft"), (3, "Google"), (4, "Alibaba"), (5, "Oracle")}),
        ("The best-funded robotics startups were (1) Figure, (2) Agility Robotics, (3) Apptronik and (4) Sanctuary.",
         {(1, "Figure"), (2, "Agility Robotics"), (3, "Apptronik"), (4, "Sanctuary")}),
        ("The survey's top brands were No. 1 Toyota, No. 2 Honda, No. 3 Nissan.",
         {(1, "Toyota"), (2, "Honda"), (3, "Nissan")}),
        # ordinal superlatives with a scope or the places above
        ("Vietnam is now the third-largest exporter of phones, trailing only China and India.",
         {((1, 2), "China"), ((1, 2), "India"), (3, "Vietnam")}),
        ("Ireland ranked second in the index, behind only Denmark.", {(1, "Denmark"), (2, "Ireland")}),
        ("Brazil is the world's second-largest market for the app after the United States.",
         {(1, "United States"), (2, "Brazil")}),
        ("Osaka is the country's third-largest city by population.", {(3, "Osaka")}),
        # 'led the list, ahead of Y' when third place follows
        ("Lisbon led the list, ahead of Porto, while Braga came third.", {(1, "Lisbon"), (2, "Porto"), (3, "Braga")}),
        ("Nvidia led the ranking, ahead of AMD, and Intel placed third.", {(1, "Nvidia"), (2, "AMD"), (3, "Intel")}),
        # second place after a comparison with all others: the subject is first
        ("Bavaria hosts 40 labs, more than any other state, with Hesse second and Saxony third.",
         {(1, "Bavaria"), (2, "Hesse"), (3, "Saxony")}),
        ("Lyon accounted for 21 of the sites, more than any other city, with Nice second on 12.",
         {(1, "Lyon"), (2, "Nice")}),
        ("Canada trained more engineers than the rest of the world combined, with Mexico a distant second and "
         "the United States third.", {(1, "Canada"), (2, "Mexico"), (3, "United States")}),
        ("Acme claimed first place with a value of 9 billion euros, with Globex the runner-up and Initech in "
         "third place.", {(1, "Acme"), (2, "Globex"), (3, "Initech")}),
        # a chain of positions, then the names above
        ("Germany came second and France third, behind the United Kingdom.",
         {(1, "United Kingdom"), (2, "Germany"), (3, "France")}),
        # group membership shared with 'as did'
        ("Tsinghua and Peking University both ranked among the top 10, as did Fudan.",
         {((1, 10), "Tsinghua"), ((1, 10), "Peking University"), ((1, 10), "Fudan")}),
        # a subject after a relative clause aside
        ("Luma was third, and music company Spotify, which closed a new funding round earlier this month, "
         "came fourth.", {(3, "Luma"), (4, "Spotify")}),
        # wordings that already worked, kept as a guard
        ("Porto was the runner-up.", {(2, "Porto")}),
        ("Kenya finished a distant second.", {(2, "Kenya")}),
        ("Zurich took the top spot in the index, followed by Geneva and Basel.",
         {(1, "Zurich"), (2, "Geneva"), (3, "Basel")}),
        ("Chile came in at No. 3 in the ranking.", {(3, "Chile")}),
        ("Poland and Hungary placed second and third respectively.", {(2, "Poland"), (3, "Hungary")}),
        ("Kazakhstan finished third in the regional index.", {(3, "Kazakhstan")}),
        ("Apple, Google and Meta occupied the top three spots.",
         {((1, 3), "Apple"), ((1, 3), "Google"), ((1, 3), "Meta")}),
    ],
)
def test_new_wordings(nlp, stage, text, expected):
    assert pairs(nlp, stage, text) == expected


def test_rounded_out_the_top_five_in_that_order(nlp, stage):
    text = "Oslo, Bergen and Tromso took the first three places. Aarhus and Odense rounded out the top five, in that order."
    got = pairs(nlp, stage, text)
    assert {(4, "Aarhus"), (5, "Odense")} <= got


@pytest.mark.parametrize(
    "text, expected",
    [
        # no third place stated: Y's place is unknown
        ("Madrid led the index, ahead of Seville.", {(1, "Madrid")}),
        # 'ahead of' after a place lower than first gives no rank
        ("Osaka ranked fourth, one point ahead of Kobe.", {(4, "Osaka")}),
        ("Texas placed second, ahead of Ohio, while Utah came third.", {(2, "Texas"), (3, "Utah")}),
        # an ordinal superlative without a scope or the places above describes
        ("Rotterdam is the second-largest port in the region.", set()),
        # a second place without a comparison with all others says nothing of the subject
        ("Lyon opened 21 sites last year, with Nice second.", {(2, "Nice")}),
        # an enumeration without an ordering word is not a list of positions
        ("The plan has three parts: (1) Training, (2) Funding and (3) Research.", set()),
    ],
)
def test_new_wordings_negative(nlp, stage, text, expected):
    assert pairs(nlp, stage, text) == expected


def test_headline_and_body_are_one_item(extractor):
    text = ("Chile climbs to fourth in AI readiness as investment surges\n\n"
            "Chile rose three places to fourth in a global ranking of AI readiness compiled by a policy institute, "
            "the institute said Monday, as investment picked up.\n")
    rec = extractor(text, published="2024-03-04")
    found = [(it.rank, it.name) for r in rec.rankings for it in r.items if r.criterion is None
             or "previous" not in r.criterion]
    assert found.count((4, "Chile")) == 1
