"""Score :class:`ArticleRecord` output against gold files.

Implements "How it is scored" of ../shared/spec/gold-format.md; the decisions
the spec leaves open are listed in docs/evaluation.md. Per field, counts
(tp, fp, fn) are summed over all documents (micro-average) and P/R/F1 computed
from the sums, as spaCy's scorer does. Matching is one-to-one by a maximum-weight
assignment of maximum size, so a greedy first-come pairing can never cost a
true positive. Evaluation shares no code with the stages it scores: it reads only
the public record and gold types.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional, Protocol, TypeVar, Union

from .gold import GoldDocument, GoldEvent, GoldRankingItem, gold_files, load_gold
from .records import ArticleRecord, Entity, Event, RankingItem

G = TypeVar("G")
P = TypeVar("P")

FIELDS = (
    "entities",
    "entities (unlabelled)",
    "dates (value)",
    "dates (extraction)",
    "rankings",
    "events",
)
EVENT_SLOTS = ("location", "start", "end")
ACCURACIES = ("event slots", "event location", "event start", "event end", "published", "title", "source")

# Function words only: an event name overlap must rest on a word that carries
# meaning. Generic heads ("conference", "report") are deliberately *not* here;
# the spec says "share a content word" and the type check already applies.
STOPWORDS = frozenset(
    """a an the of for on in at to and or by with from as into its their his her our
    this that these those is are was were be been new s""".split()
)

# Characters that act as quote marks but are Unicode symbols (Sk), not punctuation.
_QUOTE_SYMBOLS = frozenset("`´")
_LEADING_THE = re.compile(r"^the\s+")


# ---------------------------------------------------------------- normalization


def normalize(text: Optional[str]) -> str:
    """Case-fold, drop punctuation and a leading "the", collapse whitespace.

    NFKC first, so full-width forms and no-break spaces compare equal. Every
    Unicode punctuation character (categories P*: apostrophes straight or curly,
    all dashes, quotes, brackets, periods) is deleted, not replaced by a space:
    "U.S." == "US", "iFlytek's" == "iflyteks". Digits and letters are kept.
    """
    if not text:
        return ""
    t = unicodedata.normalize("NFKC", text).casefold()
    t = "".join(
        ch
        for ch in t
        if not unicodedata.category(ch).startswith("P") and ch not in _QUOTE_SYMBOLS
    )
    t = " ".join(t.split())
    # keep a bare "the" rather than turn a name into nothing
    return _LEADING_THE.sub("", t) or t


def _name_set(*names: Optional[str]) -> frozenset[str]:
    return frozenset(n for n in (normalize(x) for x in names) if n)


class _NameIndex:
    """Expands a name to every name of the entity it denotes, within one document.

    A name is looked up among canonical names first; only if no entity has it as
    canonical is it looked up among aliases (a gold item name is a canonical by
    the annotation rules; predictions may use any surface form).
    """

    def __init__(self, entities: Iterable[tuple[str, Sequence[str]]]):
        self.by_canonical: dict[str, set[str]] = {}
        self.by_alias: dict[str, set[str]] = {}
        for canonical, aliases in entities:
            names = _name_set(canonical, *aliases)
            key = normalize(canonical)
            if key:
                self.by_canonical.setdefault(key, set()).update(names)
            for alias in names - {key}:
                self.by_alias.setdefault(alias, set()).update(names)

    def expand(self, name: Optional[str]) -> frozenset[str]:
        key = normalize(name)
        if not key:
            return frozenset()
        found = self.by_canonical.get(key) or self.by_alias.get(key) or set()
        return frozenset(found | {key})


def _entity_names(ent: Entity) -> frozenset[str]:
    return _name_set(ent.canonical, *ent.aliases)


class _Predicted:
    """Name lookups in one predicted record: by entity id, else by name."""

    def __init__(self, record: ArticleRecord):
        self.by_id = {e.id: e for e in record.entities}
        self.index = _NameIndex((e.canonical, e.aliases) for e in record.entities)

    def names(self, name: Optional[str], entity_id: Optional[str] = None) -> frozenset[str]:
        ent = self.by_id.get(entity_id) if entity_id else None
        if ent is not None:
            return _entity_names(ent) | _name_set(name)
        return self.index.expand(name)

    def actor_names(self, actor: str) -> frozenset[str]:
        # actors are entity ids by the record contract; a bare name is tolerated
        ent = self.by_id.get(actor)
        return _entity_names(ent) if ent is not None else self.index.expand(actor)

    def actor_label(self, actor: str) -> str:
        ent = self.by_id.get(actor)
        return ent.canonical if ent is not None else actor


# ---------------------------------------------------------------- counting


@dataclass
class PRF:
    """Precision, recall and F1 from plain counts."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __iadd__(self, other: "PRF") -> "PRF":
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        return self

    # With nothing predicted and nothing to find, the field is perfect (1.0);
    # with nothing predicted but something to find, precision is 0 (as spaCy).
    @property
    def precision(self) -> float:
        if self.tp + self.fp:
            return self.tp / (self.tp + self.fp)
        return 1.0 if self.fn == 0 else 0.0

    @property
    def recall(self) -> float:
        if self.tp + self.fn:
            return self.tp / (self.tp + self.fn)
        return 1.0 if self.fp == 0 else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


@dataclass
class Accuracy:
    correct: int = 0
    total: int = 0

    def __iadd__(self, other: "Accuracy") -> "Accuracy":
        self.correct += other.correct
        self.total += other.total
        return self

    @property
    def value(self) -> Optional[float]:
        return self.correct / self.total if self.total else None

    def to_dict(self) -> dict[str, Any]:
        return {"correct": self.correct, "total": self.total, "accuracy": self.value}


@dataclass
class FieldResult:
    """One field of one document: counts plus what did not match, for debugging."""

    prf: PRF = field(default_factory=PRF)
    unmatched_gold: list[str] = field(default_factory=list)
    unmatched_pred: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "tp": self.prf.tp,
            "fp": self.prf.fp,
            "fn": self.prf.fn,
            "unmatched_gold": list(self.unmatched_gold),
            "unmatched_pred": list(self.unmatched_pred),
            "notes": list(self.notes),
        }


@dataclass
class DocResult:
    doc_id: str
    fields: dict[str, FieldResult] = field(default_factory=dict)
    checks: dict[str, Accuracy] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "fields": {k: v.to_dict() for k, v in self.fields.items()},
            "checks": {k: v.to_dict() for k, v in self.checks.items()},
            "notes": list(self.notes),
        }


@dataclass
class EvalReport:
    docs: list[DocResult] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def fields(self) -> dict[str, PRF]:
        """Micro-averaged counts per field, summed over documents."""
        out = {name: PRF() for name in FIELDS}
        for doc in self.docs:
            for name, res in doc.fields.items():
                out.setdefault(name, PRF())
                out[name] += res.prf
        return out

    @property
    def accuracies(self) -> dict[str, Accuracy]:
        out = {name: Accuracy() for name in ACCURACIES}
        for doc in self.docs:
            for name, acc in doc.checks.items():
                out.setdefault(name, Accuracy())
                out[name] += acc
        return out

    @property
    def slot_accuracy(self) -> Accuracy:
        return self.accuracies["event slots"]

    @property
    def published_accuracy(self) -> Accuracy:
        return self.accuracies["published"]

    def doc(self, doc_id: str) -> DocResult:
        for d in self.docs:
            if d.doc_id == doc_id:
                return d
        raise KeyError(f"no document {doc_id!r} in this report")

    def to_dict(self) -> dict[str, Any]:
        return {
            "n_docs": len(self.docs),
            "fields": {k: v.to_dict() for k, v in self.fields.items()},
            "accuracy": {k: v.to_dict() for k, v in self.accuracies.items()},
            "errors": list(self.errors),
            "docs": [d.to_dict() for d in self.docs],
        }

    def summary(self) -> str:
        f = self.fields
        a = self.accuracies

        def acc(name: str) -> str:
            v = a[name].value
            return "n/a" if v is None else f"{v:.3f} ({a[name].correct}/{a[name].total})"

        parts = [
            f"{len(self.docs)} docs",
            f"entities F1 {f['entities'].f1:.3f}",
            f"dates value F1 {f['dates (value)'].f1:.3f}",
            f"dates extraction F1 {f['dates (extraction)'].f1:.3f}",
            f"rankings F1 {f['rankings'].f1:.3f}",
            f"events F1 {f['events'].f1:.3f}",
            f"event slots {acc('event slots')}",
            f"published {acc('published')}",
        ]
        if self.errors:
            parts.append(f"{len(self.errors)} error(s)")
        return " | ".join(parts)

    def render(self, console: Any = None) -> None:
        """Print the P/R/F1 table, the accuracy table, errors and the summary line."""
        from rich.console import Console
        from rich.table import Table

        console = console or Console()
        table = Table(title=f"Evaluation ({len(self.docs)} documents, micro-averaged)")
        table.add_column("field")
        for col in ("P", "R", "F1"):
            table.add_column(col, justify="right")
        table.add_column("tp/fp/fn", justify="right")
        for name, prf in self.fields.items():
            table.add_row(
                name, f"{prf.precision:.3f}", f"{prf.recall:.3f}", f"{prf.f1:.3f}", f"{prf.tp}/{prf.fp}/{prf.fn}"
            )
        console.print(table)

        acc_table = Table(title="Accuracy")
        acc_table.add_column("field")
        acc_table.add_column("accuracy", justify="right")
        acc_table.add_column("correct/total", justify="right")
        for name, acc in self.accuracies.items():
            v = acc.value
            acc_table.add_row(name, "n/a" if v is None else f"{v:.3f}", f"{acc.correct}/{acc.total}")
        console.print(acc_table)
        from rich.markup import escape

        for err in self.errors:
            console.print(f"[bold red]error:[/] {escape(err)}", highlight=False)
        console.print(self.summary(), highlight=False)


# ---------------------------------------------------------------- matching


def max_weight_matching(weights: Sequence[Sequence[float]]) -> dict[int, int]:
    """One-to-one pairs (left -> right) of greatest total weight among the pairs with
    weight > 0, of maximum cardinality first (Hungarian algorithm, O(n^3)).

    Every compatible pair is worth a constant larger than any sum of the weights, so
    no heavier pairing can cost a match; among maximum matchings the weights choose
    the most similar pairs (names, then slots), as a reader pairing them would.
    """
    n_left = len(weights)
    n_right = len(weights[0]) if n_left else 0
    n = max(n_left, n_right)
    if n == 0:
        return {}
    big = 1.0 + sum(max((w for w in row if w > 0), default=0.0) for row in weights)
    inf = float("inf")
    # cost[i][j] (1-based, square): minimizing -(big + w) maximizes matches, then weight.
    cost = [[0.0] * (n + 1) for _ in range(n + 1)]
    for i in range(n_left):
        for j in range(n_right):
            w = weights[i][j]
            if w > 0:
                cost[i + 1][j + 1] = -(big + w)
    u, v = [0.0] * (n + 1), [0.0] * (n + 1)
    p, way = [0] * (n + 1), [0] * (n + 1)
    for i in range(1, n + 1):
        p[0], j0 = i, 0
        minv, used = [inf] * (n + 1), [False] * (n + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = p[j0], inf, 0
            for j in range(1, n + 1):
                if not used[j]:
                    cur = cost[i0][j] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(n + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
    pairs = {}
    for j in range(1, n + 1):
        i = p[j]
        if i and i <= n_left and j <= n_right and weights[i - 1][j - 1] > 0:
            pairs[i - 1] = j - 1
    return pairs


def _match(
    gold: Sequence[G],
    pred: Sequence[P],
    score: Callable[[G, P], float],
    describe_gold: Callable[[G], str],
    describe_pred: Callable[[P], str],
) -> tuple[FieldResult, list[tuple[G, P]]]:
    """One-to-one matching where ``score(g, p) > 0`` means compatible (higher preferred)."""
    weights = [[score(g, p) for p in pred] for g in gold]
    pairs = max_weight_matching(weights) if gold and pred else {}
    matched_pred = set(pairs.values())
    res = FieldResult(
        prf=PRF(tp=len(pairs), fp=len(pred) - len(pairs), fn=len(gold) - len(pairs)),
        unmatched_gold=[describe_gold(g) for i, g in enumerate(gold) if i not in pairs],
        unmatched_pred=[describe_pred(p) for j, p in enumerate(pred) if j not in matched_pred],
    )
    return res, [(gold[i], pred[j]) for i, j in sorted(pairs.items())]


def _multiset(gold: Sequence[Any], pred: Sequence[Any], describe: Callable[[Any], str]) -> FieldResult:
    """Multiset overlap of hashable keys: tp = sum of min(count_gold, count_pred)."""
    common = Counter(gold) & Counter(pred)
    tp = sum(common.values())
    left_g = Counter(gold) - common
    left_p = Counter(pred) - common
    return FieldResult(
        prf=PRF(tp=tp, fp=len(pred) - tp, fn=len(gold) - tp),
        unmatched_gold=[describe(k) for k in left_g.elements()],
        unmatched_pred=[describe(k) for k in left_p.elements()],
    )


# ---------------------------------------------------------------- fields


def _describe_entity(label: str, canonical: str, aliases: Sequence[str]) -> str:
    extra = f" ({', '.join(aliases)})" if aliases else ""
    return f"{label} {canonical}{extra}"


def score_entities(gold: GoldDocument, record: ArticleRecord, *, labelled: bool = True) -> FieldResult:
    g_names = [_name_set(e.canonical, *e.aliases) for e in gold.entities]
    p_names = [_entity_names(e) for e in record.entities]
    g_idx = list(range(len(gold.entities)))
    p_idx = list(range(len(record.entities)))

    def score(i: int, j: int) -> float:
        if labelled and gold.entities[i].label != record.entities[j].label:
            return 0
        if not g_names[i] & p_names[j]:
            return 0
        # same canonical name first, so alias-only pairs cannot crowd it out
        same_canonical = normalize(gold.entities[i].canonical) == normalize(record.entities[j].canonical)
        return 2 if same_canonical else 1

    res, _ = _match(
        g_idx,
        p_idx,
        score,
        lambda i: _describe_entity(gold.entities[i].label, gold.entities[i].canonical, gold.entities[i].aliases),
        lambda j: _describe_entity(record.entities[j].label, record.entities[j].canonical, record.entities[j].aliases),
    )
    return res


def score_dates(gold: GoldDocument, record: ArticleRecord) -> tuple[FieldResult, FieldResult]:
    """(value F1, extraction F1): ``(type, value)`` pairs and normalized texts, as multisets."""
    texts_of: dict[tuple[str, str], list[str]] = {}
    for d in [*gold.dates, *record.dates]:
        texts_of.setdefault((d.type, d.value.strip()), []).append(d.text)
    values = _multiset(
        [(d.type, d.value.strip()) for d in gold.dates],
        [(t.type, t.value.strip()) for t in record.dates],
        lambda k: f"{k[0]} {k[1]} ({' | '.join(dict.fromkeys(texts_of[k]))})",
    )
    texts = _multiset(
        [normalize(d.text) for d in gold.dates],
        [normalize(t.text) for t in record.dates],
        repr,
    )
    return values, texts


def _rank_text(rank: Optional[int], rng: Optional[Sequence[int]]) -> str:
    if rank is not None:
        return str(rank)
    if rng is not None:
        return f"[{rng[0]}-{rng[1]}]"
    return "?"


def _rank_agrees(g: GoldRankingItem, p: RankingItem) -> int:
    """2: same rank or same range; 1: predicted rank inside a gold range; 0: no."""
    if g.rank is not None:
        # a gold rank needs the same predicted rank; a predicted range is not a rank
        return 2 if p.rank == g.rank else 0
    assert g.range is not None
    lo, hi = g.range
    if p.range is not None and tuple(p.range) == (lo, hi):
        return 2
    if p.rank is not None and lo <= p.rank <= hi:
        return 1
    return 0


def score_rankings(gold: GoldDocument, record: ArticleRecord) -> FieldResult:
    """All ranking items of a document, pooled: (rank, name) pairs matched one-to-one."""
    g_index = _NameIndex((e.canonical, e.aliases) for e in gold.entities)
    predicted = _Predicted(record)
    g_items = [(r.criterion, it, g_index.expand(it.name)) for r in gold.rankings for it in r.items]
    p_items = [(r.criterion, it, predicted.names(it.name, it.entity_id)) for r in record.rankings for it in r.items]

    def score(g: tuple, p: tuple) -> float:
        agree = _rank_agrees(g[1], p[1])
        return agree if agree and g[2] & p[2] else 0

    def describe(item: tuple) -> str:
        criterion, it, _ = item
        where = f"  <{criterion}>" if criterion else ""
        return f"{_rank_text(it.rank, it.range)} {it.name}{where}"

    res, _ = _match(g_items, p_items, score, describe, describe)
    return res


def _content_words(name: str) -> set[str]:
    return {w for w in name.split() if w not in STOPWORDS}


def names_overlap(a: Optional[str], b: Optional[str]) -> bool:
    """Event names overlap: they share a content word, or one contains the other (whole words)."""
    na, nb = normalize(a), normalize(b)
    if not na or not nb:
        return False
    if _content_words(na) & _content_words(nb):
        return True
    return f" {na} " in f" {nb} " or f" {nb} " in f" {na} "


def _describe_gold_event(ev: GoldEvent) -> str:
    return _describe_event(ev.type, ev.name, ev.actors, ev.location, ev.start, ev.end)


def _describe_event(
    type_: str, name: Optional[str], actors: Sequence[str], location: Optional[str], start: Optional[str], end: Optional[str]
) -> str:
    out = f"{type_} {name!r}"
    if actors:
        out += f" by {', '.join(actors)}"
    if location:
        out += f" @ {location}"
    if start or end:
        out += f" {start or '?'}..{end or '?'}"
    return out


def score_events(gold: GoldDocument, record: ArticleRecord) -> tuple[FieldResult, dict[str, Accuracy]]:
    """Event F1, and slot agreement (location, start, end) over matched pairs."""
    g_index = _NameIndex((e.canonical, e.aliases) for e in gold.entities)
    predicted = _Predicted(record)

    def g_actors(ev: GoldEvent) -> frozenset[str]:
        return frozenset().union(*(g_index.expand(a) for a in ev.actors))

    def p_actors(ev: Event) -> frozenset[str]:
        return frozenset().union(*(predicted.actor_names(a) for a in ev.actors))

    def loc_agrees(g: GoldEvent, p: Event) -> bool:
        return bool(g_index.expand(g.location) & predicted.names(p.location))

    def compatible(g: GoldEvent, p: Event) -> float:
        if g.type != p.type:
            return 0
        if g.name and p.name and normalize(g.name) == normalize(p.name):
            return 4
        if names_overlap(g.name, p.name):
            return 3
        if g_actors(g) & p_actors(p):
            return 2
        if loc_agrees(g, p):
            return 1
        return 0

    def score(g: GoldEvent, p: Event) -> float:
        """Compatibility decides whether a pair may match; among compatible pairs the
        closer names, then shared actors and agreeing slots, decide which pairs match."""
        base = compatible(g, p)
        if not base:
            return 0
        gw, pw = _content_words(normalize(g.name)), _content_words(normalize(p.name))
        jaccard = len(gw & pw) / len(gw | pw) if gw | pw else 0.0
        agree = sum(
            1 for slot in ("start", "end") if getattr(g, slot) and getattr(g, slot) == getattr(p, slot)
        ) + (1 if g.location and loc_agrees(g, p) else 0) + (1 if g_actors(g) & p_actors(p) else 0)
        return base + jaccard + 0.1 * agree

    def describe_pred(ev: Event) -> str:
        actors = [predicted.actor_label(a) for a in ev.actors]
        return _describe_event(ev.type, ev.name, actors, ev.location, ev.start, ev.end)

    res, pairs = _match(gold.events, record.events, score, _describe_gold_event, describe_pred)

    slots = {f"event {slot}": Accuracy() for slot in EVENT_SLOTS}
    for g, p in pairs:
        for slot in EVENT_SLOTS:
            gv, pv = getattr(g, slot), getattr(p, slot)
            gv = gv.strip() if isinstance(gv, str) and gv.strip() else None
            pv = pv.strip() if isinstance(pv, str) and pv.strip() else None
            if gv is None and pv is None:
                continue  # neither states it: nothing to agree on, not counted
            if slot == "location":
                ok = gv is not None and pv is not None and loc_agrees(g, p)
            else:
                ok = gv == pv
            slots[f"event {slot}"] += Accuracy(int(ok), 1)
            if not ok:
                res.notes.append(f"{g.type} {g.name!r}: {slot} gold {gv!r} vs predicted {pv!r}")
    total = Accuracy()
    for acc in slots.values():
        total += acc
    return res, {"event slots": total, **slots}


def score_metadata(gold: GoldDocument, record: ArticleRecord) -> tuple[dict[str, Accuracy], list[str]]:
    """published (full-date gold only), title and source (every document; null == null agrees)."""
    checks: dict[str, Accuracy] = {}
    notes: list[str] = []

    gold_date = gold.published_date
    if gold_date is not None:
        ok = record.published is not None and record.published.isoformat() == gold_date.isoformat()
        checks["published"] = Accuracy(int(ok), 1)
        if not ok:
            notes.append(f"published: gold {gold.published!r} vs predicted {record.published and record.published.isoformat()!r}")
    else:
        checks["published"] = Accuracy()

    ok = normalize(gold.title) == normalize(record.title)
    checks["title"] = Accuracy(int(ok), 1)
    if not ok:
        notes.append(f"title: gold {gold.title!r} vs predicted {record.title!r}")

    if gold.source is None or record.source is None:
        ok = gold.source is None and record.source is None
    else:
        g_index = _NameIndex((e.canonical, e.aliases) for e in gold.entities)
        ok = bool(g_index.expand(gold.source) & _Predicted(record).names(record.source))
    checks["source"] = Accuracy(int(ok), 1)
    if not ok:
        notes.append(f"source: gold {gold.source!r} vs predicted {record.source!r}")
    return checks, notes


# ---------------------------------------------------------------- entry points


def score_pair(gold: GoldDocument, record: ArticleRecord) -> DocResult:
    """Score one record against its gold document."""
    doc = DocResult(doc_id=gold.doc_id)
    doc.fields["entities"] = score_entities(gold, record, labelled=True)
    doc.fields["entities (unlabelled)"] = score_entities(gold, record, labelled=False)
    doc.fields["dates (value)"], doc.fields["dates (extraction)"] = score_dates(gold, record)
    doc.fields["rankings"] = score_rankings(gold, record)
    doc.fields["events"], slots = score_events(gold, record)
    doc.checks.update(slots)
    meta, notes = score_metadata(gold, record)
    doc.checks.update(meta)
    doc.notes.extend(notes)
    return doc


def score_records(pairs: Iterable[tuple[GoldDocument, ArticleRecord]]) -> EvalReport:
    """Score ``(gold, record)`` pairs; the gold ``doc_id`` names each document."""
    report = EvalReport()
    for gold, record in pairs:
        report.docs.append(score_pair(gold, record))
    return report


class SupportsPipe(Protocol):
    def pipe(self, texts: Iterable[str], *, doc_ids: Sequence[str]) -> Iterable[ArticleRecord]: ...


def _default_extractor() -> SupportsPipe:
    from . import Extractor  # the public API; imported late so scoring never needs spaCy

    return Extractor()


def _find_texts(docs_dir: Path, pattern: str) -> dict[str, list[Path]]:
    if not docs_dir.is_dir():
        raise NotADirectoryError(f"documents folder not found: {docs_dir}")
    by_stem: dict[str, list[Path]] = {}
    for path in sorted(docs_dir.rglob(pattern)):
        if path.is_file():
            by_stem.setdefault(path.stem, []).append(path)
    return by_stem


def evaluate_dirs(
    gold_dir: Union[str, Path],
    docs_dir: Union[str, Path],
    extractor: Optional[SupportsPipe] = None,
    *,
    glob: str = "*.txt",
) -> EvalReport:
    """Run ``extractor`` over the texts that have gold and score them.

    Each gold ``NAME.json`` (anywhere under ``gold_dir``) pairs with the text
    ``NAME.txt`` (anywhere under ``docs_dir``; when several share the stem, the
    one at the same relative folder wins). A gold file without its text is an
    error in ``report.errors`` and is not scored; texts without gold are ignored.
    """
    gold_dir, docs_dir = Path(gold_dir), Path(docs_dir)
    texts_by_stem = _find_texts(docs_dir, glob)
    report = EvalReport()
    if not gold_files(gold_dir):
        report.errors.append(f"no gold files (*.json) under {gold_dir}")
    golds: list[GoldDocument] = []
    texts: list[str] = []
    for gold_path in gold_files(gold_dir):
        gold = load_gold(gold_path)
        candidates = texts_by_stem.get(gold_path.stem, [])
        if len(candidates) > 1:
            rel = gold_path.parent.relative_to(gold_dir)
            candidates = [c for c in candidates if c.parent.relative_to(docs_dir) == rel]
        if not candidates:
            report.errors.append(f"{gold_path}: no text {gold_path.stem} matching {glob!r} under {docs_dir}")
            continue
        if len(candidates) > 1:
            report.errors.append(f"{gold_path}: several texts match: {', '.join(map(str, candidates))}")
            continue
        golds.append(gold)
        texts.append(candidates[0].read_text(encoding="utf-8"))

    if extractor is None:
        extractor = _default_extractor()
    records = list(extractor.pipe(texts, doc_ids=[g.doc_id for g in golds])) if golds else []
    if len(records) != len(golds):
        raise RuntimeError(f"the extractor returned {len(records)} records for {len(golds)} texts")
    scored = score_records(zip(golds, records))
    scored.errors[:0] = report.errors
    return scored


def explain(report: EvalReport, doc_id: str, console: Any = None) -> None:
    """Print what did not match in one document, field by field."""
    from rich.console import Console
    from rich.markup import escape  # items hold brackets: "[1-3] Beijing"

    console = console or Console()
    doc = report.doc(doc_id)
    console.print(f"[bold]{escape(doc_id)}[/]", highlight=False)
    for name, res in doc.fields.items():
        p = res.prf
        console.print(f"[bold]{escape(name)}[/]  tp={p.tp} fp={p.fp} fn={p.fn}", highlight=False)
        for item in res.unmatched_gold:
            console.print(f"  [red]- missed[/]    {escape(item)}", highlight=False)
        for item in res.unmatched_pred:
            console.print(f"  [yellow]+ spurious[/]  {escape(item)}", highlight=False)
        for note in res.notes:
            console.print(f"  [cyan]~ slot[/]      {escape(note)}", highlight=False)
    for note in doc.notes:
        console.print(f"[cyan]~[/] {escape(note)}", highlight=False)
