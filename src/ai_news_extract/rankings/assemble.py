"""Raw items -> ranking records: dedupe, groups narrowed by exact ranks, one record per criterion."""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from .clauses import content_words

if TYPE_CHECKING:
    from .extract import RawItem

_WORLD = {"world", "global", "globally", "worldwide", "globe", "international"}
PREVIOUS_SUFFIX = " (previous edition)"


def _name_key(it: "RawItem") -> str:
    return it.entity_id or " ".join(sorted(content_words(it.name))) or it.name.lower()


def _scope_words(it: "RawItem") -> frozenset[str]:
    return frozenset(w for w in content_words(it.scope) if w not in _WORLD)


def _nested(a: frozenset[str], b: frozenset[str]) -> bool:
    return a <= b or b <= a


def compatible(a: "RawItem", b: "RawItem") -> bool:
    """Two statements can be about the same list.

    Criteria must both be missing or nest ('innovation campaign' ~ 'innovation
    campaigns'); a statement without a criterion is about the article's main
    list, so it does not fold into a sub-list ('holds the first place' vs
    'leads in Machine learning'). Scopes nest, a missing or world-wide scope
    fits any.
    """
    if a.extra.get("previous_edition") != b.extra.get("previous_edition"):
        return False
    ca, cb = content_words(a.criterion), content_words(b.criterion)
    if bool(ca) != bool(cb):
        return False
    return _nested(ca, cb) and _nested(_scope_words(a), _scope_words(b))


def _words(it: "RawItem") -> frozenset[str]:
    """What the statement is about, with what it inherits from the list it belongs to."""
    frame = it.frame or {}
    crit = it.criterion or frame.get("criterion")
    scope = it.scope or frame.get("scope")
    return content_words(crit) | frozenset(w for w in content_words(scope) if w not in _WORLD)


def _position(it: "RawItem"):
    return it.rank if it.rank is not None else tuple(it.range or ())


def _merge(into: "RawItem", other: "RawItem") -> None:
    for attr in ("criterion", "scope", "size", "source", "date", "previous_rank"):
        if getattr(into, attr) is None and getattr(other, attr) is not None:
            setattr(into, attr, getattr(other, attr))


def assemble(items: list["RawItem"], covers: Optional[tuple[str, int]] = None) -> list[dict]:
    """covers: what the article's list covers ('50 Chinese cities', 50), the default scope and size."""
    items = _without_displaced(_with_previous_editions(items))
    # body statements first, so that a headline never stands for a body item it repeats
    items = _dedupe(sorted(items, key=lambda it: bool(it.extra.get("title"))))
    items = _fold_title(items)
    items = _prune_ranges(items)
    return _group(items, covers)


def _with_previous_editions(items: list["RawItem"]) -> list["RawItem"]:
    """'dropping from eighth to 13': the earlier position is a position in the earlier list."""
    from .extract import RawItem

    out = list(items)
    for it in items:
        if it.previous_explicit and it.previous_rank:
            prev = RawItem(it.name, it.entity_id, it.start, it.end, rank=it.previous_rank, criterion=it.criterion,
                           scope=it.scope, seg=it.seg, evidence=it.evidence, source=it.source, frame=it.frame,
                           extra={"previous_edition": True})
            out.append(prev)
    return out


def _without_displaced(items: list["RawItem"]) -> list["RawItem"]:
    """A position worked out from steps ('climbed three places from 12th': 9) yields to a stated item
    at that position (a table's '9. Beihang University' under a shorter name)."""
    stated = {it.rank for it in items if it.rank is not None and not it.extra.get("derived")
              and not it.extra.get("previous_edition")}
    return [it for it in items if not (it.extra.get("derived") and it.rank in stated)]


def _dedupe(items: list["RawItem"]) -> list["RawItem"]:
    kept: list["RawItem"] = []
    clusters: list[list["RawItem"]] = []
    for it in items:
        placed = False
        for cl in clusters:
            rep = cl[0]
            if _name_key(rep) == _name_key(it) and _position(rep) == _position(it) and all(compatible(x, it) for x in cl):
                cl.append(it)
                _merge(rep, it)
                # the fuller criterion names the list
                if it.criterion and rep.criterion and len(it.criterion) > len(rep.criterion):
                    rep.criterion = it.criterion
                placed = True
                break
        if not placed:
            clusters.append([it])
            kept.append(it)
    return kept


def _fold_title(items: list["RawItem"]) -> list["RawItem"]:
    """A headline item that the body states too (same name and position) is the body's item.

    The headline words it differently ('leads in enterprise count' / 'first by number of
    enterprises'), so criteria need not agree; the body item with shared criterion words
    (else the first) takes the headline's missing fields.
    """
    out: list["RawItem"] = []
    body = [it for it in items if not it.extra.get("title")]
    for it in items:
        if not it.extra.get("title"):
            out.append(it)
            continue
        same = [b for b in body if _name_key(b) == _name_key(it) and _position(b) == _position(it)
                and b.extra.get("previous_edition") == it.extra.get("previous_edition")]
        if not same:
            out.append(it)
            continue
        words = content_words(it.criterion)
        best = max(same, key=lambda b: len(words & content_words(b.criterion)))
        _merge(best, it)
    return out


def _prune_ranges(items: list["RawItem"]) -> list["RawItem"]:
    """A name with a stated exact rank inside its group range keeps only the exact rank.

    Only when the exact statement is not about something narrower: 'among the four
    municipalities, Beijing ranked first' leaves 'Beijing ... top three cities' alone.

    'ranking A, B, C, D and E as the top five' + 'A ranks first' -> A 1, and B..E
    get [2, 5]: a known position at the edge of the group narrows the others.
    """
    exact = [it for it in items if it.rank is not None]
    drop: set[int] = set()
    claimed: dict[int, set[int]] = {}
    for idx, it in enumerate(items):
        if it.range is None:
            continue
        lo, hi = it.range
        for ex in exact:
            if _name_key(ex) == _name_key(it) and lo <= ex.rank <= hi and _words(ex) <= _words(it) \
                    and ex.extra.get("previous_edition") == it.extra.get("previous_edition"):
                drop.add(idx)
                if it.group is not None:
                    claimed.setdefault(it.group, set()).add(ex.rank)
                break
    out = []
    for idx, it in enumerate(items):
        if idx in drop:
            continue
        if it.range is not None and it.group in claimed:
            lo, hi = it.range
            taken = claimed[it.group]
            while lo in taken and lo < hi:
                lo += 1
            while hi in taken and hi > lo:
                hi -= 1
            it.range = (lo, hi)
            if lo == hi:
                it.rank, it.range = lo, None
        out.append(it)
    return out


def _group(items: list["RawItem"], covers: Optional[tuple[str, int]] = None) -> list[dict]:
    rankings: list[dict] = []
    index: dict[tuple, dict] = {}
    for it in sorted(items, key=lambda x: (x.seg, x.start)):
        frame = it.frame or {}
        criterion = it.criterion or frame.get("criterion")
        scope = it.scope or frame.get("scope")
        size = it.size or (frame.get("size") if not it.criterion else None)
        if it.extra.get("previous_edition"):
            criterion = (criterion or "ranking") + PREVIOUS_SUFFIX
        key = (" ".join(sorted(content_words(criterion))), " ".join(sorted(content_words(scope))))
        rk = index.get(key)
        if it.extra.get("group_size") and covers:
            size = None  # the list's N is what the article says it covers, not the group's
        if rk is None:
            rk = {
                "criterion": criterion,
                "scope": scope,
                "size": size,
                "source": it.source,
                "date": it.date,
                "items": [],
                "evidence": [it.evidence[0], it.evidence[1]],
            }
            index[key] = rk
            rankings.append(rk)
        else:
            rk["size"] = rk["size"] or size
            rk["source"] = rk["source"] or it.source
            rk["date"] = rk["date"] or it.date
        rk["items"].append(
            {
                "rank": it.rank,
                "range": list(it.range) if it.range is not None else None,
                "name": it.name,
                "entity_id": it.entity_id,
                "start": it.start,
                "end": it.end,
                "previous_rank": it.previous_rank if not it.extra.get("previous_edition") else None,
            }
        )
    # what the article's list covers is the scope of every ranking that names none, and the
    # size of the main one (the ranking with the most items); sub-lists keep no size
    main = max(rankings, key=lambda r: len(r["items"]), default=None)
    for rk in rankings:
        if covers and rk["scope"] is None and not (rk["criterion"] or "").endswith(PREVIOUS_SUFFIX):
            rk["scope"] = covers[0]
            if rk is main:
                rk["size"] = rk["size"] or covers[1]
        rk["items"].sort(key=lambda x: (x["rank"] if x["rank"] is not None else x["range"][0], x["start"]))
    return rankings
