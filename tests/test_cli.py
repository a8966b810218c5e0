"""The command line: extract over folders with bad inputs, schema, evaluate."""

import json

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
