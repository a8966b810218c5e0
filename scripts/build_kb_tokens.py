"""Rewrite models/kb/tokens.json: the tokens of the KB names the default model's tokenizer splits.

    python scripts/build_kb_tokens.py

Run it after editing the KB (models/kb/*.jsonl) or changing the default model;
tests/test_kb_tokens.py fails while the shipped file is out of date
(see ai_news_extract.stages.kb_tokens).
"""

from ai_news_extract.kb import load_kb
from ai_news_extract.pipeline import build_nlp
from ai_news_extract.stages.kb_tokens import write_shipped

if __name__ == "__main__":
    # The tokenizer of the pipeline the ruler is built in (build_nlp's default model).
    tokenizer = build_nlp().tokenizer
    print(write_shipped(tokenizer, sorted({surface for surface, _ in load_kb().surfaces()})))
