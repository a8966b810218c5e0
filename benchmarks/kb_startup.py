"""Start-up and per-document cost of the knowledge base and its ruler.

    .venv/bin/python benchmarks/kb_startup.py [--repeat 5]

Prints the time to load models/kb (fresh cache), to build the pipeline with and
without the KB ruler, and the ruler's share of per-document time over the dev
articles (../shared/corpus/dev) or the fixtures.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import spacy

from ai_news_extract import kb as kbmod
from ai_news_extract.pipeline import DEFAULT_MODEL, build_nlp
from ai_news_extract.stages import kb_tokens
from ai_news_extract.stages.kb_ruler import KBRuler

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    spacy.load(DEFAULT_MODEL)  # warm the import and file caches for both variants

    load, ruler, tokenizing = [], [], []
    for _ in range(args.repeat):
        kbmod._load.cache_clear()
        kbmod._load_default.cache_clear()
        t = time.perf_counter()
        kb = kbmod.load_kb()
        load.append(time.perf_counter() - t)
        # a fresh model each time: its tokenizer has not met the names yet, as in a new process
        base = spacy.load(DEFAULT_MODEL, exclude=["lemmatizer"])
        t = time.perf_counter()
        KBRuler(base, "ruler", kb=kb)
        ruler.append(time.perf_counter() - t)
        base = spacy.load(DEFAULT_MODEL, exclude=["lemmatizer"])
        shipped = kb_tokens.shipped_path
        kb_tokens.shipped_path = lambda: Path("/nonexistent/tokens.json")  # type: ignore[assignment]
        try:
            t = time.perf_counter()
            KBRuler(base, "ruler", kb=kb)
            tokenizing.append(time.perf_counter() - t)
        finally:
            kb_tokens.shipped_path = shipped  # type: ignore[assignment]
    nlp = build_nlp()

    folder = ROOT.parent / "shared" / "corpus" / "dev"
    if not folder.is_dir():
        folder = ROOT / "fixtures" / "docs"
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    per_pipe: dict[str, float] = {}
    for text in texts * 2:
        doc = nlp.make_doc(text)
        for name, proc in nlp.pipeline:
            t = time.perf_counter()
            doc = proc(doc)
            per_pipe[name] = per_pipe.get(name, 0.0) + time.perf_counter() - t
    total = sum(per_pipe.values())
    med = statistics.median
    print(f"knowledge base load (models/kb, fresh): median {med(load):.3f} s")
    print(f"KB ruler build (phrase patterns):       median {med(ruler):.3f} s "
          f"({med(tokenizing):.3f} s tokenizing every name, without models/kb/tokens.json)")
    print(f"start-up added by the knowledge base:    median {med(load) + med(ruler):.3f} s")
    n = len(texts) * 2
    for name, secs in per_pipe.items():
        print(f"  {name:18s} {1000 * secs / n:7.2f} ms/doc {100 * secs / total:5.1f} %")
    print(f"KB ruler share of per-document time: {100 * per_pipe['ai_news_kb_ruler'] / total:.1f} %")


if __name__ == "__main__":
    main()
