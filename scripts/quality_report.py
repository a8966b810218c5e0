"""Regenerate docs/quality.md: `ai-news-extract evaluate` over the seed, the dev set and the fixtures.

    .venv/bin/python scripts/quality_report.py [--shared ../shared] [--out docs/quality.md]
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import tempfile
from pathlib import Path

from ai_news_extract import Extractor
from ai_news_extract.evaluate import evaluate_dirs

ROOT = Path(__file__).resolve().parents[1]
ROWS = ["entities", "entities (unlabelled)", "dates (value)", "dates (extraction)", "rankings", "events"]
ACC = ["event slots", "published", "source"]
# The held-out sets 2 to 7: each written blind to the rules and measured at first sight before
# any rule was tuned on it (see the note below); their own columns show how those figures move.
HELD_OUT = {
    "fx-33..42 (held-out 2)": [f"fx-{n}" for n in range(33, 43)],
    "fx-43..52 (held-out 3)": [f"fx-{n}" for n in range(43, 53)],
    "fx-53..62 (held-out 4)": [f"fx-{n}" for n in range(53, 63)],
    "fx-63..72 (held-out 5)": [f"fx-{n}" for n in range(63, 73)],
    "fx-73..82 (held-out 6)": [f"fx-{n}" for n in range(73, 83)],
    "fx-83..92 (held-out 7)": [f"fx-{n}" for n in range(83, 93)],
}


def subset(gold: Path, docs: Path, prefixes: list[str], into: Path) -> tuple[Path, Path]:
    """Links to the gold and doc files whose names start with one of ``prefixes``."""
    (into / "gold").mkdir()
    (into / "docs").mkdir()
    for folder, sub in ((gold, "gold"), (docs, "docs")):
        for f in folder.iterdir():
            if f.name.startswith(tuple(p + "-" for p in prefixes)):
                (into / sub / f.name).symlink_to(f.resolve())
    return into / "gold", into / "docs"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "quality.md")
    args = ap.parse_args()
    sets = {
        "seed": (args.shared / "corpus" / "seed", args.shared / "corpus" / "seed"),
        "dev (32)": (args.shared / "corpus" / "dev", args.shared / "corpus" / "dev"),
        "fixtures": (ROOT / "fixtures" / "gold", ROOT / "fixtures" / "docs"),
    }
    tmp = tempfile.TemporaryDirectory()
    for k, (name, prefixes) in enumerate(HELD_OUT.items()):
        into = Path(tmp.name) / str(k)
        into.mkdir()
        sets[name] = subset(ROOT / "fixtures" / "gold", ROOT / "fixtures" / "docs", prefixes, into)
    ex = Extractor()
    reports = {name: evaluate_dirs(gold, docs, ex) for name, (gold, docs) in sets.items() if gold.is_dir()}
    tmp.cleanup()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    lines = [
        "# Quality",
        "",
        f"Measured {dt.date.today().isoformat()} at commit `{commit}` by `python scripts/quality_report.py`,",
        "which runs the same scoring as `ai-news-extract evaluate GOLD_DIR --docs DOCS_DIR`",
        "(rules: docs/evaluation.md). Micro-averaged F1; P/R in the JSON report of `evaluate --json`.",
        "",
        "| field | " + " | ".join(reports) + " |",
        "|---|" + "---|" * len(reports),
    ]
    for row in ROWS:
        cells = []
        for rep in reports.values():
            prf = rep.fields[row]
            cells.append(f"{prf.f1:.3f} ({prf.tp}/{prf.fp}/{prf.fn})")
        lines.append(f"| {row} F1 (tp/fp/fn) | " + " | ".join(cells) + " |")
    for row in ACC:
        cells = []
        for rep in reports.values():
            acc = rep.accuracies[row]
            cells.append("n/a" if acc.value is None else f"{acc.value:.3f} ({acc.correct}/{acc.total})")
        lines.append(f"| {row} accuracy | " + " | ".join(cells) + " |")
    lines += [
        "",
        "How far to trust these figures: the dev set shaped the rules, and the rankings and",
        "events stages were later tuned while reading the fixtures too, so every column here is",
        "development data. The honest estimate for unseen articles is the first-sight score of",
        "fx-23..fx-32, written as a held-out set and measured once before any stage was tuned on",
        "them (2026-11-28, at commit f0110e8 with rankings work in progress): entities 0.918,",
        "date values 0.878, ranking items 0.696 (precision 0.970, recall 0.542), events 0.676",
        "(precision 1.000, recall 0.511). Recall of rankings and events on new wording is the",
        "known weak spot. A second held-out set, fx-33..fx-42 (world and Chinese outlets, varied",
        "wording), scored at first sight (commit 74a8b4f): entities 0.881, date values 0.922, ranking",
        "items 0.718 (P 0.949 / R 0.578), events 0.615 (P 0.875 / R 0.475), source 5/10. Its column",
        "above is after the work of the same day, which used its miss list as a guide to general",
        "constructions, so it is no longer a clean held-out figure either. The same holds for the",
        "third and fourth sets, used as guides in the sixth and seventh sessions; the fourth scored at",
        "first sight (commit 0eeff87): entities 0.886, date values 0.815, ranking items 0.821, events",
        "0.610, event slots 0.560, published 7/9. The fifth set, fx-63..fx-72, was written on",
        "2026-11-29 and scored unseen at commits 0eeff87, 55671e2 and 2bd2f30 (sessions 7 and 8, whose",
        "rules did not read it): entities 0.916, 0.916, 0.918; date values 0.971, 0.977, 0.977; ranking",
        "items 0.800 each time (44/0/22); events 0.567, 0.567, 0.589; published 8/9. From the ninth",
        "session on it is training material (its column above moved accordingly).",
        "The sixth set, fx-73..fx-82, was written in the ninth session blind to the rules and scored",
        "at first sight at commit 4f0cf11: entities 0.896, date values 0.870 (extraction 0.942),",
        "ranking items 0.644 (P 0.903 / R 0.500, 28/3/28), events 0.736 (P 0.867 / R 0.639), event",
        "slots 0.495 (47/95), published 7/10, source 5/10; at b79a712, after rules tuned on dev and",
        "fx-01..fx-72 only: entities 0.903, events 0.741, slots 0.515, ranking items unchanged (28/3/28):",
        "the rankings work on set 5 (44 -> 64 of 66 items) did not carry over to it. It was then used",
        "as training material (its column above moved accordingly).",
        "The seventh set, fx-83..fx-92, written in the ninth session blind to the rules in the manner",
        "of real wire copy, was scored at first sight at commit bcf7d3d, the session's last rules:",
        "entities 0.899 (201/23/22), date values 0.977 (extraction 0.961), ranking items 0.874",
        "(P 0.930 / R 0.825, 66/5/14), events 0.707 (P 0.976 / R 0.554, 41/1/33), event slots 0.522",
        "(48/92), published 10/10, source 5/10. At a82f76e, the commit before the session, the same",
        "set reads the same but for ranking items (62/5/18): the session's entity, date and event",
        "rules changed nothing on it. It is the honest estimate for unseen articles; do not tune",
        "rules to it before the next held-out set is written.",
        "TempEval-3 figures for the date stage: docs/dates.md.",
        "",
    ]
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
