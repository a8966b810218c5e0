"""Entity stage: filters, label rules, merging and canonical names (sentences written for these tests)."""

import pytest
from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

from ai_news_extract.stages.entities import FUZZY_THRESHOLD, is_acronym_of, norm_key


def ents(extractor, text):
    doc = extractor.nlp(extractor.make_doc(text))
    return {e["canonical"]: e for e in doc._.news_entities}


# Labelled pairs that justify FUZZY_THRESHOLD: variants of one name score at or
# above it, different names below it (case is folded by default_process).
ALIASES = [
    ("University of Illinois at Urbana-Champaign", "University of Illinois at Urbana-Champagne"),
    ("iFlytek", "IFlytek"),
    ("Hong Kong University of Science and Technology", "Hong Kong University of Science and technology"),
    ("Shenzhen Convention and Exhibition Center", "Shenzhen Convention & Exhibition Center"),
    ("Korea Advanced Institute of Science and Technology", "Korean Advanced Institute of Science and Technology"),
    ("Ministry of Industry and Information Technology", "Ministry of Industry and Informational Technology"),
]
NON_ALIASES = [
    ("Shanghai Jiao Tong University", "Shanghai Tong University Hospital"),
    ("Peking University", "Peking Union Medical College"),
    ("Nanjing University", "Nanjing Normal University"),
    ("Tsinghua University", "Tianjin University"),
    ("Microsoft Research Asia", "Microsoft Research Asia-Shanghai"),
    ("World Internet Conference", "World Intelligence Congress"),
    ("Beijing Municipal Government", "Shanghai Municipal Government"),
]


@pytest.mark.parametrize("a, b", ALIASES)
def test_fuzzy_threshold_accepts_variants(a, b):
    assert fuzz.ratio(norm_key(a), norm_key(b), processor=default_process) >= FUZZY_THRESHOLD


@pytest.mark.parametrize("a, b", NON_ALIASES)
def test_fuzzy_threshold_rejects_different_names(a, b):
    assert fuzz.ratio(norm_key(a), norm_key(b), processor=default_process) < FUZZY_THRESHOLD


def test_acronyms():
    assert is_acronym_of("AWS", "Amazon Web Services")
    assert is_acronym_of("MIIT", "Ministry of Industry and Information Technology")
    assert is_acronym_of("CAICT", "China Academy of Information and Communications Technology")
    assert not is_acronym_of("AI", "Amazon Web Services")
    assert not is_acronym_of("BBC", "Amazon Web Services")


def test_never_entities_and_participles(extractor):
    found = ents(extractor, "Boasting a complete AI chain, Suzhou attracts AI firms. AI is booming in Wuxi, and 5G too.")
    assert "AI" not in found and "Boasting" not in found and "5G" not in found
    assert "Suzhou" in found and found["Suzhou"]["label"] == "GPE"


def test_acronym_definition_merges(extractor):
    found = ents(extractor, "The Cyberspace Administration of China (CAC) issued rules. The CAC said the rules take effect soon.")
    cac = found["Cyberspace Administration of China"]
    assert "CAC" in cac["aliases"] and len(cac["mentions"]) == 3


def test_short_forms_and_surnames(extractor):
    found = ents(extractor, "Tsinghua University opened a lab. Zhao Mingyuan, its director, said Tsinghua would hire. Zhao added more.")
    assert "Tsinghua" in found["Tsinghua University"]["aliases"]
    assert "Zhao" in found["Zhao Mingyuan"]["aliases"] and "Zhao" not in found


def test_header_labels_never_inside_names(extractor):
    found = ents(extractor, "Robots on show\nNews sources:Wuxi Robot Expo Office Release Date:2022-05-06\n\nWuxi hosted robots.")
    assert not any("Release" in name for name in found)
    assert "Wuxi Robot Expo Office" in found and found["Wuxi Robot Expo Office"]["label"] == "ORG"


def test_product_line_names_its_company(extractor):
    found = ents(extractor, "Platforms such as Tencent Smart Retail and Baidu Apollo Go were shown in Wuhan.")
    assert found["Tencent Smart Retail"]["label"] == "PRODUCT"
    assert found["Tencent"]["label"] == "ORG"


def test_possessive_split(extractor):
    found = ents(extractor, "The panel heard from Xiaomi‘s Lei Jun and Baidu's Robin Li in Beijing.")
    assert {"Xiaomi", "Lei Jun", "Baidu", "Robin Li"} <= set(found)


def test_credit_names(extractor):
    found = ents(extractor, "Title line\n\nA drone flies over Zhuhai on Monday. (Xinhua/Chen Haoming)\n\nBody text about drones.")
    assert found["Chen Haoming"]["label"] == "PERSON"
    assert any(e["label"] == "ORG" and "Xinhua" in [e["canonical"], *e["aliases"]] for e in found.values())


def test_hyphenated_place_compound(extractor):
    found = ents(extractor, "The Hangzhou-Ningbo innovation corridor grew fast last year.")
    assert found["Hangzhou-Ningbo innovation corridor"]["label"] == "LOC"
    assert "Ningbo" not in found


def test_kb_gives_label_and_canonical(extractor):
    found = ents(extractor, "Unisound and IFlytek showed speech chips in Hefei.")
    assert found["Unisound"]["label"] == "ORG"
    assert "iFlytek" in found and found["iFlytek"]["kb_id"]
