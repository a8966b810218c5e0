"""Batch runs: every input ends as a record or an error line, in order, whatever goes wrong."""

import codecs
import json
import os
import sys

import pytest

from ai_news_extract.batch import Done, Failed, extract_folder, process_docs
from ai_news_extract.inputs import InputDoc
from ai_news_extract.writers import JsonlWriter, arrow_schema

ARTICLE = "{name} opens robotics lab in Wuhan\nPublished on Jul 6, 2021\n\nA robotics lab opened in Wuhan on Monday, {name} said."


def _lines(path):
    return [json.loads(line) for line in open(path, encoding="utf-8")]


def _bad_inputs(folder):
    """Every kind of bad input the issue lists, plus good neighbours."""
    folder.mkdir()
    (folder / "a-good.txt").write_text(ARTICLE.format(name="Baidu"), encoding="utf-8")
    (folder / "b-empty.txt").write_bytes(b"")
    (folder / "c-binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "d-gbk.txt").write_bytes("深圳发布人工智能产业报告".encode("gbk"))
    (folder / "e-latin1.txt").write_bytes("Caf\u00e9 owners in Montr\u00e9al".encode("latin-1"))
    (folder / "f-utf16.txt").write_bytes(codecs.BOM_UTF16_LE + ARTICLE.format(name="Huawei").encode("utf-16-le"))
    with open(folder / "g-huge.txt", "wb") as fh:  # 20 MB
        fh.write(b"The index grew again. " * (20 * 1024 * 1024 // 22))
    (folder / "h-page.html").write_text(
        "<html><head><title>Robot lab opens in Wuhan</title><script>var SECRET = 1;</script></head><body>"
        "<article><h1>Robot lab opens in Wuhan</h1><p>A robotics lab opened in Wuhan on Monday, the city "
        "government said in a statement.</p><script>alert('SECRET')</script><p>It will employ 200 researchers "
        "from Wuhan University and several companies in the city.</p></article></body></html>", encoding="utf-8")
    (folder / "i-ws.txt").write_text("  \n\n \t ", encoding="utf-8")


def test_bad_inputs_end_as_records_or_error_lines(tmp_path, extractor):
    has_html = True
    try:
        import trafilatura  # noqa: F401
    except ImportError:
        has_html = False
    src = tmp_path / "in"
    _bad_inputs(src)
    out, errs = tmp_path / "records.jsonl", tmp_path / "errors.jsonl"
    summary = extract_folder(src, out, errors=errs, include=["*.txt", "*.html"], extractor=extractor)
    records, errors = _lines(out), _lines(errs)
    rec_ids = [r["doc_id"] for r in records]
    err_by_id = {e["doc_id"]: e for e in errors}
    # Nothing lost, nothing twice.
    assert sorted(rec_ids + list(err_by_id)) == sorted(p.name for p in src.iterdir())
    assert summary.records == len(records) and summary.errors == len(errors) and summary.docs == 9
    expected_records = ["a-good.txt", "b-empty.txt", "f-utf16.txt", "i-ws.txt"] + (["h-page.html"] if has_html else [])
    assert rec_ids == sorted(expected_records)  # input order
    by_id = {r["doc_id"]: r for r in records}
    assert by_id["b-empty.txt"]["warnings"] and by_id["i-ws.txt"]["warnings"]
    assert by_id["f-utf16.txt"]["entities"], "the UTF-16 file is read as text"
    assert set(err_by_id) >= {"c-binary.txt", "d-gbk.txt", "e-latin1.txt", "g-huge.txt"}
    assert "binary" in err_by_id["c-binary.txt"]["reason"]
    assert "UTF-8" in err_by_id["d-gbk.txt"]["reason"] and "--encoding" in err_by_id["e-latin1.txt"]["reason"]
    assert "too large" in err_by_id["g-huge.txt"]["reason"]
    assert all(set(e) == {"doc_id", "path", "reason"} and e["path"].startswith(str(src)) for e in errors)
    if has_html:
        page = by_id["h-page.html"]
        assert "SECRET" not in json.dumps(page)
    else:
        assert "trafilatura" in err_by_id["h-page.html"]["reason"]


def test_html_record_offsets_refer_to_extracted_text(tmp_path, extractor):
    pytest.importorskip("trafilatura")
    from ai_news_extract.inputs import InputOptions, read_inputs

    src = tmp_path / "in"
    _bad_inputs(src)
    (doc,) = read_inputs([src / "h-page.html"], options=InputOptions())
    assert "SECRET" not in doc.text and doc.text.startswith("Robot lab opens in Wuhan\n\n")
    (res,) = process_docs(extractor, [doc])
    rec = json.loads(res.line)
    assert rec["text_sha256"] == doc.text_sha256
    for ent in rec["entities"]:
        for m in ent["mentions"]:
            assert doc.text[m["start"]:m["end"]] == m["text"]


def test_encoding_option_reads_legacy_files(tmp_path, extractor):
    src = tmp_path / "in"
    src.mkdir()
    (src / "latin.txt").write_bytes("Caf\u00e9 chain opens in Montr\u00e9al".encode("latin-1"))
    out = tmp_path / "r.jsonl"
    summary = extract_folder(src, out, encoding="latin-1", extractor=extractor, include_text=True)
    assert summary.records == 1 and summary.errors == 0
    # The extractor's include_text wins over the argument: it is the one loaded.
    assert _lines(out)[0]["text_sha256"]


class Exploding:
    """Wraps an Extractor; raises on texts containing BOOM (a stage bug on one document)."""

    def __init__(self, inner):
        self.inner, self.nlp, self.include_text, self.model = inner, inner.nlp, inner.include_text, inner.model

    def pipe(self, texts, **kw):
        texts = list(texts)
        if any("BOOM" in t for t in texts):
            raise RuntimeError("stage bug")
        if any("CRASH" in t for t in texts):
            os._exit(3)
        return self.inner.pipe(texts, **kw)

    def __call__(self, text, **kw):
        if "BOOM" in text:
            raise RuntimeError("stage bug on this document")
        if "CRASH" in text:
            os._exit(3)  # a worker dying mid-chunk (segfault, OOM killer)
        return self.inner(text, **kw)


def _docs(n, bad=()):
    return [InputDoc(f"d{i}", f"d{i}.txt", ARTICLE.format(name=f"Firm{i}") + (f" {bad[i]}" if i in bad else ""))
            for i in range(n)]


def test_one_failing_document_does_not_cost_its_chunk(extractor):
    docs = _docs(5, bad={2: "BOOM"})
    results = process_docs(Exploding(extractor), docs, batch_size=8)
    assert [type(r) for r in results] == [Done, Done, Failed, Done, Done]
    assert [r.doc_id for r in results] == [d.doc_id for d in docs]
    assert "RuntimeError: stage bug on this document" in results[2].reason


def test_process_pool_equals_serial_and_survives_a_dead_worker(tmp_path, extractor):
    src = tmp_path / "in"
    src.mkdir()
    for d in _docs(12, bad={4: "BOOM", 9: "CRASH"}):
        (src / d.path).write_text(d.text, encoding="utf-8")
    wrapped = Exploding(extractor)
    serial_out = tmp_path / "serial.jsonl"
    # Serially, CRASH would kill this test process: leave it out of that run.
    extract_folder(src, serial_out, errors=tmp_path / "serial.err", extractor=wrapped, batch_size=3,
                   exclude=["d9.txt"])
    out, errs = tmp_path / "pool.jsonl", tmp_path / "pool.err"
    summary = extract_folder(src, out, errors=errs, extractor=wrapped, batch_size=3, n_process=2)
    assert summary.docs == 12 and summary.records == 10 and summary.errors == 2
    assert out.read_text() == serial_out.read_text()  # same records, same order
    reasons = {e["doc_id"]: e["reason"] for e in _lines(errs)}
    assert set(reasons) == {"d4.txt", "d9.txt"} and "worker process died" in reasons["d9.txt"]


def test_parquet_is_nested_and_equals_jsonl(tmp_path, extractor):
    pq = pytest.importorskip("pyarrow.parquet")
    import pyarrow as pa

    schema = arrow_schema()
    ents = schema.field("entities").type
    assert pa.types.is_list(ents) and pa.types.is_struct(ents.value_type)
    assert pa.types.is_list(ents.value_type.field("mentions").type)
    assert pa.types.is_date32(schema.field("published").type)
    src = tmp_path / "in"
    src.mkdir()
    for d in _docs(5):
        (src / d.path).write_text(d.text, encoding="utf-8")
    (src / "empty.txt").write_text("", encoding="utf-8")
    extract_folder(src, tmp_path / "r.jsonl", extractor=extractor)
    summary = extract_folder(src, tmp_path / "r.parquet", extractor=extractor)
    assert summary.records == 6
    table = pq.read_table(tmp_path / "r.parquet")
    assert table.schema.equals(schema, check_metadata=False)
    rows = json.loads(json.dumps(table.to_pylist(), default=str))
    assert rows == _lines(tmp_path / "r.jsonl")


def test_jsonl_recovery_cuts_a_torn_line_and_refuses_foreign_files(tmp_path):
    path = tmp_path / "r.jsonl"
    good = [json.dumps({"doc_id": f"d{i}", "text_sha256": "0" * 64}) for i in range(3)]
    path.write_text("\n".join(good) + "\n" + good[0][:17], encoding="utf-8")
    writer = JsonlWriter(path, resume=True)
    assert sum(writer.done_keys().values()) == 3
    writer.write(['{"doc_id": "d3", "text_sha256": "' + "1" * 64 + '"}'], [])
    writer.close()
    assert [json.loads(x)["doc_id"] for x in path.read_text().splitlines()] == ["d0", "d1", "d2", "d3"]
    foreign = tmp_path / "notes.jsonl"
    foreign.write_text("hello\nworld\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not a record"):
        JsonlWriter(foreign, resume=True)
    assert foreign.read_text() == "hello\nworld\n"


@pytest.mark.skipif(not os.path.exists("/dev/null") or sys.platform == "win32", reason="needs /dev/null and mkfifo")
def test_jsonl_writes_to_devices_and_pipes_that_cannot_be_synced(tmp_path):
    line = json.dumps({"doc_id": "d0", "text_sha256": "0" * 64})
    writer = JsonlWriter("/dev/null")  # "-o /dev/null": a dry run
    writer.write([line], [])
    writer.close()
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        writer = JsonlWriter(fifo)
        writer.write([line], [])
        writer.close()
        assert os.read(reader, 1000).decode() == line + "\n"
    finally:
        os.close(reader)
    regular = JsonlWriter(tmp_path / "r.jsonl")
    assert regular.fsync  # a regular file is still synced after each chunk
    regular.close()


def test_resume_skips_done_documents_and_keeps_duplicates(tmp_path, extractor):
    src = tmp_path / "in"
    src.mkdir()
    docs = _docs(6)
    lines = [json.dumps({"id": d.doc_id, "text": d.text}) for d in docs]
    lines.insert(3, lines[1])  # the same document twice: two records expected
    (src / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    full = tmp_path / "full.jsonl"
    extract_folder(src / "feed.jsonl", full, extractor=extractor)
    out = tmp_path / "r.jsonl"
    kept = full.read_text().splitlines(keepends=True)[:2]
    out.write_text("".join(kept) + kept[0][:25], encoding="utf-8")  # two records and a torn third
    summary = extract_folder(src / "feed.jsonl", out, resume=True, extractor=extractor)
    assert summary.skipped == 2 and summary.records == 5
    assert out.read_text() == full.read_text()
    again = extract_folder(src / "feed.jsonl", out, resume=True, extractor=extractor)
    assert again.skipped == 7 and again.records == 0
    assert out.read_text() == full.read_text()


def test_parquet_resume_drops_unfinished_part(tmp_path, extractor):
    pq = pytest.importorskip("pyarrow.parquet")
    from ai_news_extract.writers import ParquetWriter

    src = tmp_path / "in"
    src.mkdir()
    for d in _docs(5):
        (src / d.path).write_text(d.text, encoding="utf-8")
    out = tmp_path / "r.parquet"
    # As if killed: two whole parts and an unfinished one.
    full = tmp_path / "full.jsonl"
    extract_folder(src, full, extractor=extractor)
    lines = full.read_text().splitlines()
    w = ParquetWriter(out, rows_per_file=1)
    w.write(lines[:2], [])
    w._buffer = []
    (out / ".part-000002.tmp").write_bytes(b"PAR1 torn")
    summary = extract_folder(src, out, resume=True, extractor=extractor)
    assert summary.skipped == 2 and summary.records == 3
    assert not list(out.glob(".part-*"))
    rows = json.loads(json.dumps(pq.read_table(out).to_pylist(), default=str))
    assert rows == [json.loads(x) for x in lines]


def test_chunks_leave_no_new_strings_in_the_vocab(extractor, monkeypatch):
    # Memory stays flat over millions of documents only if new words do not pile up in the vocab.
    import ai_news_extract.batch as batch

    monkeypatch.setattr(batch, "KEEP_DOCS", 0)  # (the kept first documents: the test below)
    process_docs(extractor, _docs(2))
    vocab = extractor.nlp.vocab
    before = len(vocab.strings)
    novel = [InputDoc(f"n{i}", "n.txt", f"Zorblax{i}q Quintaro{i}x opened a lab in Vexmoor{i}z on Monday.")
             for i in range(20)]
    results = process_docs(extractor, novel)
    assert all(isinstance(r, Done) for r in results)
    assert len(vocab.strings) == before
    # (len(vocab) is a counter spaCy does not decrease; ask for the lexemes themselves.)
    assert not any(w in vocab.strings or w in vocab for w in ("Zorblax3q", "Quintaro7x", "Vexmoor19z"))


def test_engine_zone_spans_chunks_and_is_freed_at_renewal_and_close(extractor, monkeypatch):
    # One zone per chunk would make the lexemes of common words again for every chunk;
    # the engine keeps one zone over ZONE_DOCS documents, and frees it at the renewal and at close.
    import ai_news_extract.batch as batch
    from ai_news_extract.batch import MemoryZones

    monkeypatch.setattr(batch, "KEEP_DOCS", 0)
    from ai_news_extract.engines.local import SerialEngine

    vocab = extractor.nlp.vocab
    process_docs(extractor, _docs(2))
    before = len(vocab.strings)

    def chunk(tag):
        return [InputDoc(f"{tag}{i}", "n.txt", f"Zorblax{tag}{i}q opened a lab in Vexmoor{tag}{i}z on Monday.")
                for i in range(2)]

    zones = MemoryZones(extractor, size=4)
    process_docs(extractor, chunk("a"), zones=zones)
    assert "Zorblaxa1q" in vocab.strings  # kept between the chunks of one zone
    process_docs(extractor, chunk("b"), zones=zones)  # the 4th document: the zone is renewed
    assert len(vocab.strings) == before
    assert not any(w in vocab.strings for w in ("Zorblaxa1q", "Vexmoorb0z"))

    engine = SerialEngine(extractor, model=extractor.model)
    results = engine.submit(chunk("c")).result()
    assert all(isinstance(r, Done) for r in results) and "Zorblaxc0q" in vocab.strings
    engine.close()  # the caller's extractor is used outside the engine afterwards
    assert len(vocab.strings) == before and "Zorblaxc0q" not in vocab.strings


def test_engine_sets_the_collector_for_its_run_and_restores_it(extractor):
    import gc

    from ai_news_extract.batch import GC_YOUNG_THRESHOLD
    from ai_news_extract.engines.local import SerialEngine

    defaults = gc.get_threshold()
    assert gc.get_freeze_count() == 0 and defaults[0] < GC_YOUNG_THRESHOLD
    outer = SerialEngine(extractor, model=extractor.model)
    frozen = gc.get_freeze_count()
    assert frozen > 0  # the pipeline's objects, set aside for the run
    assert gc.get_threshold() == (GC_YOUNG_THRESHOLD, *defaults[1:])
    inner = SerialEngine(extractor, model=extractor.model)  # a run inside a run
    inner.close()
    assert gc.get_freeze_count() == frozen and gc.get_threshold()[0] == GC_YOUNG_THRESHOLD  # outer's, untouched
    assert all(isinstance(r, Done) for r in outer.submit(_docs(2)).result())
    outer.close()
    assert gc.get_freeze_count() == 0 and gc.get_threshold() == defaults  # the process is as it was


def test_the_first_documents_a_pipeline_meets_stay_in_its_vocab_and_no_more(extractor, monkeypatch):
    # Inside a zone the tokenizer caches nothing: the first KEEP_DOCS documents run outside
    # any zone so that the corpus's common words stay cached; the documents after them do not add.
    import ai_news_extract.batch as batch

    monkeypatch.setattr(batch, "KEEP_DOCS", 2)
    monkeypatch.setitem(batch._KEPT, extractor.nlp, 0)
    vocab = extractor.nlp.vocab

    def chunk(tag):
        return [InputDoc(f"{tag}{i}", "n.txt", f"Keepblax{tag}{i}q opened a lab in Keepmoor{tag}{i}z.") for i in range(2)]

    zones = batch.MemoryZones(extractor, size=1000)
    process_docs(extractor, chunk("a"), zones=zones)
    process_docs(extractor, chunk("b"), zones=zones)
    zones.close()
    assert "Keepblaxa1q" in vocab.strings and "Keepmoora0z" in vocab.strings  # the first two: kept
    assert not any(w in vocab.strings for w in ("Keepblaxb0q", "Keepmoorb1z"))  # later ones: freed
    assert batch._KEPT[extractor.nlp] == 2
