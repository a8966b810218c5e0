"""Crash safety: a real run killed with SIGKILL, resumed, ends with exactly one record per document."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ai_news_extract.batch import extract_folder

from support import ROOT

N_DOCS = 36


def _corpus(folder: Path) -> None:
    folder.mkdir()
    fixtures = sorted((ROOT / "fixtures" / "docs").glob("*.txt"))
    if not fixtures:
        pytest.skip("fixtures/docs is empty")
    # Header and first paragraphs only: real articles, but quick to process.
    texts = ["\n\n".join(f.read_text(encoding="utf-8").split("\n\n")[:3])[:700] for f in fixtures]
    for i in range(N_DOCS):
        sub = folder / f"batch{i % 3}"
        sub.mkdir(exist_ok=True)
        (sub / f"doc{i:03d}.txt").write_text(texts[i % len(texts)] + f"\n\nFiled by desk {i}.", encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"\xff\xfe\xfa not text \x00\x00")


def _children(pid: int) -> list[int]:
    kids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                kids.append(int(entry))
    return kids


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _run_and_kill(src: Path, out: Path, errs: Path, *, resume: bool, min_new: int) -> int:
    """Start the CLI, SIGKILL it once ``min_new`` more records are on disk; the record count then."""
    before = len(out.read_text().splitlines()) if out.exists() else 0
    cmd = [sys.executable, "-m", "ai_news_extract.cli", "extract", str(src), "-o", str(out), "--errors", str(errs),
           "--batch-size", "2", "--n-process", "2", "--no-progress"] + (["--resume"] if resume else [])
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            if out.exists() and len(out.read_bytes().splitlines()) >= before + min_new:
                break
            if proc.poll() is not None:
                pytest.fail(f"the run ended (code {proc.returncode}) before it could be killed")
            time.sleep(0.01)
        workers = _children(proc.pid)
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait(30) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
    # The kernel takes the forked workers down with the parent: no orphans left behind.
    for pid in workers:
        for _ in range(500):
            if not _alive(pid):
                break
            time.sleep(0.01)
        assert not _alive(pid), f"worker {pid} outlived its killed parent"
    return len(out.read_text().splitlines())


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses /proc and SIGKILL")
def test_kill_9_and_resume_gives_exactly_one_record_per_document(tmp_path, extractor):
    src, out, errs = tmp_path / "in", tmp_path / "records.jsonl", tmp_path / "errors.jsonl"
    _corpus(src)
    first = _run_and_kill(src, out, errs, resume=False, min_new=4)
    assert 4 <= first < N_DOCS
    # Killed again while resuming.
    second = _run_and_kill(src, out, errs, resume=True, min_new=4)
    assert first + 4 <= second < N_DOCS
    # The last resume runs to the end (in process, with the already loaded pipeline).
    summary = extract_folder(src, out, errors=errs, resume=True, extractor=extractor, batch_size=8)
    assert summary.skipped == second and summary.records == N_DOCS - second and summary.errors == 1

    records = [json.loads(line) for line in out.read_text().splitlines()]
    ids = [r["doc_id"] for r in records]
    expected = sorted(p.relative_to(src).as_posix() for p in src.rglob("doc*.txt"))
    assert ids == expected  # every document once, in input order
    assert [e["doc_id"] for e in map(json.loads, errs.read_text().splitlines())] == ["broken.txt"]
    # And the records are the ones an uninterrupted run writes.
    clean = tmp_path / "clean.jsonl"
    extract_folder(src, clean, extractor=extractor, batch_size=8)
    assert out.read_text() == clean.read_text()
