"""TempEval-3 Task A (TIMEX3 extraction and normalization) on a folder of TimeML files.

    python benchmarks/tempeval3.py ../shared/bench/tempeval3/train            # through extract()
    python benchmarks/tempeval3.py ../shared/bench/tempeval3/train --tagger-only
    python benchmarks/tempeval3.py ../shared/bench/tempeval3/train --tagger-only --errors

Each file's document creation time (DCT) and the raw text inside <TEXT> are
read (inline tags stripped, gold TIMEX3 offsets kept); the text goes through
``extract(text, published=DCT).dates`` (or, with ``--tagger-only``, through
``ai_news_extract.timex.tag``) and the result is scored as the official
TempEval-3 scorer does:

* strict match: the same extent; relaxed match: overlapping extents (one to one).
  Extents are compared after trimming whitespace and punctuation at the edges,
  as the official scorer compares tokens.
* type / value accuracy: share of relaxed matches whose attribute equals gold;
  type / value F1 = that accuracy x relaxed F1 (TempEval-3 ranked systems by value F1).

One convention differs: we tag "from 2014 to 2018" as one interval
("2014/2018"); TimeML tags each end. Intervals are split back into their two
ends before scoring (``ai_news_extract.timex.split_interval``).
"""

from __future__ import annotations

import argparse
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

_TRIM = " \t\r\n.,;:!?\"'`()[]{}"


@dataclass
class Timex:
    start: int
    end: int
    type: str
    value: str
    text: str = ""


@dataclass
class Doc:
    name: str
    dct: Optional[str]
    text: str
    gold: list[Timex]


def read_tml(path: Path) -> Doc:
    """DCT, the raw text inside <TEXT>, and the gold TIMEX3 with offsets into that text."""
    root = ET.parse(path).getroot()
    dct_el = root.find("DCT/TIMEX3")
    dct = dct_el.get("value") if dct_el is not None else None
    text_el = root.find("TEXT")
    if text_el is None:
        raise ValueError(f"{path}: no <TEXT>")
    parts: list[str] = []
    gold: list[Timex] = []
    pos = 0

    def walk(el: ET.Element) -> None:
        nonlocal pos
        start = pos
        if el.text:
            parts.append(el.text)
            pos += len(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)
                pos += len(child.tail)
        if el.tag == "TIMEX3":
            gold.append(Timex(start, pos, el.get("type", ""), el.get("value", "")))

    walk(text_el)
    text = "".join(parts)
    for g in gold:
        g.text = text[g.start : g.end]
    return Doc(path.name, dct, text, gold)


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


@dataclass
class Counts:
    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    type_ok: int = 0
    value_ok: int = 0

    def add(self, other: "Counts") -> None:
        for k in self.__dataclass_fields__:
            setattr(self, k, getattr(self, k) + getattr(other, k))


def score_doc(doc: Doc, system: list[Timex], errors: Optional[list[str]] = None) -> Counts:
    text = doc.text
    gold = [(trim(text, g.start, g.end), g) for g in doc.gold]
    sysl = [(trim(text, s.start, s.end), s) for s in system]
    gold = [x for x in gold if x[0][0] < x[0][1]]
    sysl = [x for x in sysl if x[0][0] < x[0][1]]
    c = Counts(gold=len(gold), system=len(sysl))
    # One-to-one alignment of overlapping extents, largest overlap first.
    pairs = []
    for gi, ((gs, ge), _) in enumerate(gold):
        for si, ((ss, se), _) in enumerate(sysl):
            ov = min(ge, se) - max(gs, ss)
            if ov > 0:
                pairs.append((ov, gi, si))
    used_g: set[int] = set()
    used_s: set[int] = set()
    for ov, gi, si in sorted(pairs, key=lambda p: -p[0]):
        if gi in used_g or si in used_s:
            continue
        used_g.add(gi)
        used_s.add(si)
        (gspan, g), (sspan, s) = gold[gi], sysl[si]
        c.relaxed += 1
        c.strict += gspan == sspan
        c.type_ok += g.type == s.type
        c.value_ok += g.value == s.value
        if errors is not None and (gspan != sspan or g.value != s.value or g.type != s.type):
            errors.append(f"{doc.name}\tMATCH\tgold {text[gspan[0]:gspan[1]]!r} {g.type} {g.value}\tsys {text[sspan[0]:sspan[1]]!r} {s.type} {s.value}\t| {_ctx(text, *gspan)}")
    if errors is not None:
        for gi, ((gs, ge), g) in enumerate(gold):
            if gi not in used_g:
                errors.append(f"{doc.name}\tMISS\tgold {text[gs:ge]!r} {g.type} {g.value}\t| {_ctx(text, gs, ge)}")
        for si, ((ss, se), s) in enumerate(sysl):
            if si not in used_s:
                errors.append(f"{doc.name}\tEXTRA\tsys {text[ss:se]!r} {s.type} {s.value}\t| {_ctx(text, ss, se)}")
    return c


def _ctx(text: str, s: int, e: int, n: int = 50) -> str:
    return (text[max(0, s - n) : s] + "[[" + text[s:e] + "]]" + text[e : e + n]).replace("\n", " ")


def prf(tp: int, n_sys: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_sys if n_sys else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def split_intervals(text: str, found: list[Timex]) -> list[Timex]:
    from ai_news_extract.timex import split_interval

    out = []
    for t in found:
        for s, e, v in split_interval(text, t.start, t.end, t.value):
            out.append(Timex(s, e, t.type, v))
    return out


def make_runner(tagger_only: bool) -> tuple[str, Callable[[str, Optional[str]], list[Timex]]]:
    if not tagger_only:
        try:
            from ai_news_extract import extract
        except ImportError as err:  # the public API is not importable: say so, use the tagger
            print(f"note: 'from ai_news_extract import extract' failed ({err}); using the tagger directly", file=sys.stderr)
        else:

            def run_api(text: str, dct: Optional[str]) -> list[Timex]:
                rec = extract(text, published=dct)
                return [Timex(d.start, d.end, d.type, d.value) for d in rec.dates]

            return "extract()", run_api
    from ai_news_extract.timex import tag

    def run_tagger(text: str, dct: Optional[str]) -> list[Timex]:
        return [Timex(d["start"], d["end"], d["type"], d["value"]) for d in tag(text, dct)]

    return "timex.tag()", run_tagger


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", type=Path, help="folder of TimeML .tml files")
    ap.add_argument("--tagger-only", action="store_true", help="call ai_news_extract.timex.tag directly (no spaCy)")
    ap.add_argument("--errors", action="store_true", help="print every mismatch (tab-separated) before the scores")
    args = ap.parse_args(argv)
    files = sorted(args.folder.glob("*.tml"))
    if not files:
        ap.error(f"no .tml files in {args.folder}")
    how, run = make_runner(args.tagger_only)
    total = Counts()
    errors: Optional[list[str]] = [] if args.errors else None
    seconds = 0.0
    for f in files:
        doc = read_tml(f)
        dct = doc.dct[:10] if doc.dct else None
        t0 = time.perf_counter()
        found = run(doc.text, dct)
        seconds += time.perf_counter() - t0
        total.add(score_doc(doc, split_intervals(doc.text, found), errors))
    if errors:
        print("\n".join(errors))
    sp, sr, sf = prf(total.strict, total.system, total.gold)
    rp, rr, rf = prf(total.relaxed, total.system, total.gold)
    type_acc = total.type_ok / total.relaxed if total.relaxed else 0.0
    value_acc = total.value_ok / total.relaxed if total.relaxed else 0.0
    print(f"TempEval-3 Task A on {args.folder} ({len(files)} docs, {total.gold} gold TIMEX3, {total.system} system) via {how}")
    print(f"  strict  P {sp:.3f}  R {sr:.3f}  F1 {sf:.3f}")
    print(f"  relaxed P {rp:.3f}  R {rr:.3f}  F1 {rf:.3f}")
    print(f"  type    accuracy {type_acc:.3f}  F1 {type_acc * rf:.3f}")
    print(f"  value   accuracy {value_acc:.3f}  F1 {value_acc * rf:.3f}")
    print(f"  time    {1000 * seconds / len(files):.2f} ms/doc")
    return 0


if __name__ == "__main__":
    sys.exit(main())
