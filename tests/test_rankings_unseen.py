"""The rankings stage on wordings added for the misses of unseen articles (session 8; sentences
written for these tests).

Each block is a general construction: lists ordered only by the order of their entries
(semicolon lists after a colon, pipe tables), 'kept the lead', a list before a naming aside,
'at the top of' a list, an owner before a list member, earlier editions, 'joined X among the top N',
ordinal superlatives with a long noun phrase. Runs the stage at the end of the plain base model.
"""

from __future__ import annotations

import pytest

spacy = pytest.importorskip("spacy")

from ai_news_extract.rankings.textlists import text_lists  # noqa: E402
from ai_news_extract.stages.rankings import RankingStage  # noqa: E402  (registers the factory)

from support import rank_pairs  # noqa: E402


@pytest.fixture(scope="module")
def stage(nlp):
    return RankingStage(nlp, "ai_news_rankings")


pairs = rank_pairs


def listed(text: str) -> list[list[tuple[int, str]]]:
    return [[(rank, name) for rank, _, _, name in run] for run in text_lists(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a semicolon list after 'in order:'; the possessor of an entry is not the entry
        ("The board ranked the bids, in order: Lumen Labs, 88 points; Acme's Orbit X, 85; Globex, 80; and "
         "Initech, 71.", [[(1, "Lumen Labs"), (2, "Orbit X"), (3, "Globex"), (4, "Initech")]]),
        # figures that fall, under 'top'; an equal figure shares the place
        ("The top four scorers: Oslo, 9.1; Bergen, 8.7; Aarhus, 8.7; Odense, 8.2.",
         [[(1, "Oslo"), (2, "Bergen"), (2, "Aarhus"), (4, "Odense")]]),
        # names only, after a ranking word
        ("The ranking reads: Kenya; Ghana; Nigeria.", [[(1, "Kenya"), (2, "Ghana"), (3, "Nigeria")]]),
        # a pipe table under a line that says it is ordered, figures falling, a tie
        ("The five best-scoring regions:\n\nLapland | 77.0\nOstrobothnia | 75.5\nSavonia | 75.5\n"
         "Karelia | 70.2\n", [[(1, "Lapland"), (2, "Ostrobothnia"), (2, "Savonia"), (4, "Karelia")]]),
        # not ordered: no ordering word, or a title with no figures, or figures that rise
        ("Speakers included: Anna Berg, CEO of Acme; Tom Lind, CFO of Globex; Eva Holm, of Initech.", []),
        ("Top speakers included: Anna Berg, CEO of Acme; Tom Lind, CFO of Globex; Eva Holm, of Initech.", []),
        ("The top regions:\nLapland | 70.0\nOstrobothnia | 75.5\nKarelia | 77.2\n", []),
        ("Budget by region:\nLapland | 77.0\nOstrobothnia | 75.5\nKarelia | 70.2\n", []),
        # a sentence, not a list of names
        ("The top findings in order: costs rose; demand fell; margins shrank.", []),
    ],
)
def test_unnumbered_lists(text, expected):
    assert listed(text) == expected


def test_semicolon_list_items(nlp, stage):
    text = ("The jury ranked the finalists, in order: Lumen Labs, 88 points; Orbit Robotics, 85; Globex, 80; "
            "and Initech, 71.")
    assert pairs(nlp, stage, text) >= {(1, "Lumen Labs"), (3, "Globex"), (4, "Initech")}


def test_pipe_table_items(nlp, stage):
    text = ("The top four cities of the index, with scores:\n\nLisbon | 91.0\nPorto | 88.5\nBraga | 88.5\n"
            "Faro | 80.1\n\nThe index covers 20 cities.")
    assert pairs(nlp, stage, text) >= {(1, "Lisbon"), (2, "Porto"), (2, "Braga"), (4, "Faro")}


@pytest.mark.parametrize(
    "text, expected",
    [
        # keeping first place: 'kept / retained / held on to / regained the lead'
        ("On robotics, Lumen kept the lead, with Orbit and Acme sharing second place.",
         {(1, "Lumen"), (2, "Orbit"), (2, "Acme")}),
        ("Lisbon kept the lead in the index for a third year.", {(1, "Lisbon")}),
        ("Germany held on to the lead.", {(1, "Germany")}),
        ("Toyota regained the lead in global sales.", {(1, "Toyota")}),
        # not a place: an activity, the initiative, a margin, a modifier
        ("Kenya kept the lead in building mobile money services.", set()),
        ("Acme took the lead in the talks.", set()),
        ("The startup kept its lead over rivals.", set()),
        ("Sony hired a lead engineer.", set()),
        # a list before its verb, broken by an aside that gives another name (the parser found no subject)
        ("Within the region, Lund, Malmo and the Helsingborg Science Park Area, better known as Ystad, are the "
         "top three districts by patents.",
         {((1, 3), "Lund"), ((1, 3), "Malmo"), ((1, 3), "Helsingborg Science Park Area")}),
        ("Oslo, Bergen and the Trondheim Technology Zone, also called the Zone, are the top three hubs.",
         {((1, 3), "Oslo"), ((1, 3), "Bergen"), ((1, 3), "Trondheim Technology Zone")}),
        # 'at the top of' a thing that is no list is no position
        ("The 2026 Lyon Robotics Forum opened on Thursday, with robotics at the top of its agenda.", set()),
        ("Acme put safety at the top of the agenda for Lyon.", set()),
        # a list, a counted set, plural rankings
        ("Oslo stayed at the top of the overall table.", {(1, "Oslo")}),
        ("The index put Chile at the top of the 38 lower-middle-income economies.", {(1, "Chile")}),
        ("The study put Lyon at the top of the French rankings.", {(1, "Lyon")}),
        # 'X joined Y among / in the top N': X is in the group; joining the group itself is no position
        ("Porto joined Lisbon in the top 10 this year.", {((1, 10), "Porto")}),
        ("Kenya joined Ghana among the top five economies.", {((1, 5), "Kenya")}),
        ("Kenya joined the top five economies.", set()),
        ("Acme joined Globex in the talks.", set()),
        # an ordinal superlative with a long noun phrase before the names of the places above
        ("Chile has overtaken Peru to become the third-largest lithium export market in the Latin American "
         "region by annual tonnage, trailing only Argentina and Brazil.",
         {((1, 2), "Argentina"), ((1, 2), "Brazil"), (3, "Chile")}),
        # a verb before the names ends the search: the phrase describes
        ("Rotterdam is the second-largest port in the region that handles containers from Asia, after Hamburg.",
         set()),
    ],
)
def test_stated_positions(nlp, stage, text, expected):
    assert pairs(nlp, stage, text) == expected


def test_list_of_owned_names_read_leftwards(nlp, stage):
    """"Acme's Orbit and Globex's Nova tied for fifth" parsed with the last member as the only subject
    (as the small model parses some product names): the walk to the left steps over the owner
    "Globex's" to find Orbit."""
    from spacy.tokens import Doc

    words = ["Acme", "'s", "Orbit", "and", "Globex", "'s", "Nova", "tied", "for", "fifth", "."]
    doc = Doc(nlp.vocab, words=words, spaces=[False, True, True, True, False, True, True, True, True, False, False],
              heads=[2, 0, 6, 2, 6, 4, 7, 7, 7, 8, 7],
              deps=["poss", "case", "nmod", "cc", "poss", "case", "nsubj", "ROOT", "prep", "pobj", "punct"],
              pos=["PROPN", "PART", "PROPN", "CCONJ", "PROPN", "PART", "PROPN", "VERB", "ADP", "ADJ", "PUNCT"],
              tags=["NNP", "POS", "NNP", "CC", "NNP", "POS", "NNP", "VBD", "IN", "JJ", "."],
              ents=["B-ORG", "O", "B-PRODUCT", "O", "B-ORG", "O", "B-PRODUCT", "O", "O", "O", "O"],
              sent_starts=[True] + [False] * 10)
    doc._.news_dates = None
    got = {(it["rank"], it["name"]) for r in stage(doc)._.news_rankings for it in r["items"]}
    assert got == {(5, "Orbit"), (5, "Nova")}


def by_criterion(nlp, stage, text: str) -> set:
    doc = nlp(text)
    doc._.news_dates = None
    return {(it["rank"], it["name"], "(previous edition)" in (r["criterion"] or ""))
            for r in stage(doc)._.news_rankings for it in r["items"]}


@pytest.mark.parametrize(
    "text, expected",
    [
        # a position of an earlier edition is not merged into this year's
        ("Lisbon topped the index for a third year. Porto, which shared first place with Lisbon last year, "
         "slipped to second.", {(1, "Lisbon", False), (2, "Porto", False), (1, "Porto", True), (1, "Lisbon", True)}),
        ("Porto, which ranked third a year ago, fell to sixth.", {(3, "Porto", True), (6, "Porto", False)}),
        ("Lyon was first in the previous edition and is now fourth.", {(1, "Lyon", True), (4, "Lyon", False)}),
        # 'last year' outside a relative clause is often the period of the current list
        ("Globally, Lyon came in third in the survey last year.", {(3, "Lyon", False)}),
        # 'led / topped' an edition: an earlier one, the current one, or no list's edition
        ("Lumen won, displacing Orbit, which led the December edition and has now slipped to second.",
         {(1, "Orbit", True), (2, "Orbit", False)}),
        ("Acme led last year's edition.", {(1, "Acme", True)}),
        ("Acme topped the latest edition of the index.", {(1, "Acme", False)}),
        ("Acme led the edition with a new design.", set()),
        ("Acme led the December edition of the magazine.", set()),
    ],
)
def test_earlier_edition(nlp, stage, text, expected):
    assert by_criterion(nlp, stage, text) == expected


def test_it_refers_to_the_name_before_a_verb_without_subject(nlp, stage):
    """'On the list of Arena, Orbit cracked the top five. It topped the chart.' parsed with Orbit as an
    apposition of Arena and no subject for 'cracked' (as the small model parses such openings): 'It'
    is Orbit, the name right before the main verb, not a subject further back."""
    from spacy.tokens import Doc

    words = ["On", "the", "list", "of", "Arena", ",", "Orbit", "cracked", "the", "top", "five", ".",
             "It", "topped", "the", "chart", "."]
    doc = Doc(nlp.vocab, words=words, spaces=[True, True, True, True, False, True, True, True, True, True, False,
                                              True, True, True, True, False, False],
              heads=[7, 2, 0, 2, 3, 4, 4, 7, 10, 10, 7, 7, 13, 13, 15, 13, 13],
              deps=["prep", "det", "pobj", "prep", "pobj", "punct", "appos", "ROOT", "det", "amod", "dobj", "punct",
                    "nsubj", "ROOT", "det", "dobj", "punct"],
              pos=["ADP", "DET", "NOUN", "ADP", "PROPN", "PUNCT", "PROPN", "VERB", "DET", "ADJ", "NUM", "PUNCT",
                   "PRON", "VERB", "DET", "NOUN", "PUNCT"],
              tags=["IN", "DT", "NN", "IN", "NNP", ",", "NNP", "VBD", "DT", "JJ", "CD", ".", "PRP", "VBD", "DT",
                    "NN", "."],
              ents=["O", "O", "O", "O", "B-ORG", "O", "B-PRODUCT", "O", "O", "O", "O", "O", "O", "O", "O", "O", "O"],
              sent_starts=[True] + [False] * 11 + [True] + [False] * 4)
    doc._.news_dates = None
    got = {(it["rank"], it["name"]) for r in stage(doc)._.news_rankings for it in r["items"]}
    assert got == {(1, "Orbit")}
