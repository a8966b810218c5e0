"""The command line: extract over folders with bad inputs, schema, evaluate."""

import json

import pytest

from typer.testing import CliRunner

from ai_news_extract.cli import app

runner = CliRunner()


def test_extract_folder_with_bad_inputs(tmp_path):
    src = tmp_path / "in"
    (src / "deep").mkdir(parents=True)
    (src / "a.txt").write_text("Lab opens in Wuhan\nPublished on Jul 6, 2021\n\nA lab opened in Wuhan on Monday.", encoding="utf-8")
    (src / "deep" / "b.txt").write_text("", encoding="utf-8")
    (src / "deep" / "c.txt").write_bytes("深圳的新闻".encode("gbk"))
    (src / "deep" / "d.txt").write_bytes(b"\x00\x01\x02\x03")
    out, errs = tmp_path / "records.jsonl", tmp_path / "errors.jsonl"
    result = runner.invoke(app, ["extract", str(src), "-o", str(out), "--errors", str(errs)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text().splitlines()]
    errors = [json.loads(line) for line in errs.read_text().splitlines()]
    assert [r["doc_id"] for r in records] == ["a.txt", "deep/b.txt"]
    assert records[0]["published"] == "2021-07-06"
    assert records[1]["warnings"]
    assert sorted(e["doc_id"] for e in errors) == ["deep/c.txt", "deep/d.txt"]
    assert "c.txt" in result.output and "2 records" in result.output


def test_extract_missing_path(tmp_path):
    result = runner.invoke(app, ["extract", str(tmp_path / "nope"), "-o", str(tmp_path / "r.jsonl")])
    assert result.exit_code == 2


def test_schema_command():
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "ArticleRecord" and "rankings" in schema["properties"]


def _reuse(monkeypatch, extractor):
    # The CLI loads a pipeline per run; reuse the session's to keep the tests fast.
    monkeypatch.setattr("ai_news_extract.engines.local._load", lambda model, include_text: extractor)


def test_extract_jsonl_inputs_resume_and_parquet(tmp_path, monkeypatch, extractor):
    _reuse(monkeypatch, extractor)
    src = tmp_path / "in"
    (src / "drafts").mkdir(parents=True)
    feed = [{"uid": f"n{i}", "body": f"Baidu opened lab number {i} in Beijing on Monday."} for i in range(3)]
    (src / "feed.jsonl").write_text("\n".join(json.dumps(x) for x in feed) + "\n", encoding="utf-8")
    (src / "drafts" / "skip.jsonl").write_text(json.dumps({"uid": "x", "body": "draft"}) + "\n", encoding="utf-8")
    (src / "a.txt").write_text("Tencent opens a lab in Shenzhen.", encoding="utf-8")
    out = tmp_path / "r.jsonl"
    args = ["extract", str(src), "-o", str(out), "-i", "*.jsonl", "-i", "*.txt", "-x", "drafts",
            "--text-field", "body", "--id-field", "uid", "--batch-size", "2"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert [json.loads(x)["doc_id"] for x in out.read_text().splitlines()] == ["a.txt", "n0", "n1", "n2"]
    assert "4 records" in result.output
    before = out.read_text()
    again = runner.invoke(app, args + ["--resume"])
    assert again.exit_code == 0, again.output
    assert "0 records" in again.output and "4 skipped" in again.output
    assert out.read_text() == before
    pytest.importorskip("pyarrow")
    pq_out = tmp_path / "r.parquet"
    result = runner.invoke(app, args[:3] + [str(pq_out)] + args[4:])
    assert result.exit_code == 0, result.output
    import pyarrow.parquet as pq

    assert pq.read_table(pq_out).column("doc_id").to_pylist() == ["a.txt", "n0", "n1", "n2"]


def test_extract_usage_errors(tmp_path):
    (tmp_path / "a.txt").write_text("text", encoding="utf-8")
    for extra in (["--engine", "spark"], ["--format", "csv"]):
        result = runner.invoke(app, ["extract", str(tmp_path), "-o", str(tmp_path / "r.jsonl"), *extra])
        assert result.exit_code == 2, extra
    (tmp_path / "foreign.jsonl").write_text("not json\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(tmp_path / "a.txt"), "-o", str(tmp_path / "foreign.jsonl"), "--resume"])
    assert result.exit_code == 2 and "not a record" in result.output
    assert (tmp_path / "foreign.jsonl").read_text() == "not json\n"


def test_evaluate_fails_when_a_gold_file_has_no_article(tmp_path):
    gold, docs = tmp_path / "gold", tmp_path / "docs"
    gold.mkdir()
    docs.mkdir()
    (gold / "a.json").write_text(json.dumps({"doc_id": "a", "entities": [], "dates": [], "rankings": [], "events": []}))
    result = runner.invoke(app, ["evaluate", str(gold), "--docs", str(docs)])
    assert result.exit_code == 1
