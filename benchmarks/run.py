"""Benchmarks: words/s and peak RSS per stage and end to end (serial, --jobs 2, Dask), optionally against spaCy.

Usage::

    python benchmarks/run.py                       # 1M and 10M words (make bench)
    python benchmarks/run.py --words 200000        # one size
    python benchmarks/run.py --quick               # smoke test: 20k words, every mode

Each ``benchmarks/bench_*.py`` module defines ``run(n_words, corpus) -> dict``
(keys ``stage``, ``words``, ``seconds``); it is run in a subprocess of its
own so that the peak RSS reported is that stage's alone (``ru_maxrss``).
End-to-end runs call ``geoanalysis analyze`` in a subprocess; their peak RSS
is sampled with psutil over the whole process tree (workers included), and
the main process's is its exact ``ru_maxrss`` (``os.wait4``). The
corpus is the seeded synthetic one of ``benchmarks/synthetic.py``. When spaCy
and an English model are importable, the same texts go through its pipeline
and the ratio of speeds is printed.
"""
from __future__ import annotations

import argparse
import filecmp
import importlib
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import synthetic  # noqa: E402

MB = 1024 * 1024


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        import psutil

        mem = f", {psutil.virtual_memory().total / 1024**3:.0f} GB RAM"
    except ImportError:
        mem = ""
    return f"{cpu}, {os.cpu_count()} cores{mem}, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def _stage_child(module: str, n_words: int, corpus: str) -> None:
    """Run one bench module in this (child) process and print its rows as JSON.

    ``run(n_words)`` or ``run(n_words, corpus)`` may return one row or a list of rows.
    """
    import inspect

    run = importlib.import_module(module).run
    takes_corpus = len(inspect.signature(run).parameters) >= 2
    result = run(n_words, Path(corpus)) if takes_corpus else run(n_words)
    rows = result if isinstance(result, list) else [result]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for row in rows:
        row["peak_rss_mb"] = peak
    print(json.dumps(rows))


def _run_stage(module: str, n_words: int, corpus: Path) -> list[dict]:
    proc = subprocess.run(
        [sys.executable, str(Path(__file__)), "--stage-child", module, "--words", str(n_words), "--corpus", str(corpus)],
        capture_output=True, text=True, cwd=HERE.parent,
    )
    if proc.returncode != 0:
        return [{"stage": module, "error": proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "failed"}]
    return json.loads(proc.stdout.strip().splitlines()[-1])


class _TreeRSS:
    """Samples the summed RSS of a process and its descendants; keeps the peak."""

    def __init__(self, pid: int, interval: float = 0.05):
        import psutil

        self.proc = psutil.Process(pid)
        self.interval = interval
        self.peak = 0
        self.peak_main = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        import psutil

        while not self._stop.is_set():
            try:
                procs = [self.proc, *self.proc.children(recursive=True)]
                total = 0
                for p in procs:
                    try:
                        rss = p.memory_info().rss
                    except psutil.Error:
                        continue
                    total += rss
                    if p.pid == self.proc.pid:
                        self.peak_main = max(self.peak_main, rss)
                self.peak = max(self.peak, total)
            except psutil.Error:
                pass
            self._stop.wait(self.interval)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def _wait_with_peak(proc: subprocess.Popen) -> tuple[str, int]:
    """Wait for ``proc`` (its output read as it comes); return its standard error and its peak RSS in bytes
    (``ru_maxrss`` of ``wait4``, 0 where the system has no ``wait4``)."""
    if not hasattr(os, "wait4"):
        return proc.communicate()[1], 0
    streams: dict[str, str] = {}
    readers = [threading.Thread(target=lambda name=name: streams.__setitem__(name, getattr(proc, name).read()))
               for name in ("stdout", "stderr")]
    for reader in readers:
        reader.start()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    for reader in readers:
        reader.join()
    return streams.get("stderr", ""), usage.ru_maxrss * 1024  # (kilobytes on Linux)


def _cached_bytecode_env() -> dict[str, str]:
    """The environment of a run as a user's: bytecode cached (some sandboxes set PYTHONDONTWRITEBYTECODE, and
    every process would compile the package again)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(HERE.parent / "geoanalysis")],
                   env=env, stdout=subprocess.DEVNULL, check=False)
    return env


def _jsonl_corpus(corpus: Path, target: Path) -> Path:
    """The articles of ``corpus`` as the records of one JSON Lines file in ``target`` (a news API dump)."""
    target.mkdir(parents=True, exist_ok=True)
    path = target / "dump.jsonl"
    if not path.exists():
        with open(path, "w", encoding="utf-8") as fh:
            for article in sorted(corpus.glob("*.txt")):
                fh.write(json.dumps({"id": article.stem, "text": article.read_text(encoding="utf-8")}) + "\n")
    return target


def _run_end_to_end(corpus: Path, out: Path, mode: str, jobs: int) -> dict:
    cmd = [sys.executable, "-m", "geoanalysis.cli", "analyze", str(corpus), "--out", str(out), "--no-report",
           "--no-progress"]
    if mode == "jobs":
        cmd += ["--jobs", str(jobs)]
    elif mode == "dask":
        cmd += ["--dask", "--jobs", str(jobs)]
    elif mode == "serial, one JSON Lines file":
        size = sum(p.stat().st_size for p in corpus.iterdir())
        cmd += ["--max-mb", str(size // 2**20 + 1)]
    env = _cached_bytecode_env()  # before the clock starts: compiling is not part of the run
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=HERE.parent,
                            env=env)
    sampler = _TreeRSS(proc.pid)
    err, main_peak = _wait_with_peak(proc)
    sampler.stop()
    seconds = time.perf_counter() - started
    # the main process's own high-water mark, exact where the system tells it (sampling misses short peaks)
    sampler.peak_main = max(sampler.peak_main, main_peak)
    sampler.peak = max(sampler.peak, main_peak)
    if proc.returncode not in (0, 1):
        return {"stage": f"end to end ({mode})", "error": err.strip().splitlines()[-1] if err.strip() else "failed"}
    import csv

    with open(out / "articles.csv", encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        words = sum(int(row["n_words"]) for row in reader)
    return {"stage": f"end to end ({mode})", "words": words, "seconds": seconds,
            "peak_rss_mb": sampler.peak / MB, "peak_rss_main_mb": sampler.peak_main / MB}


def _spacy_model(model: str | None = None) -> str | None:
    """The spaCy pipeline to compare with: ``model`` (a package name or a folder) when given, else the first
    English model package installed, else None."""
    try:
        import spacy.util
    except ImportError:
        if model:
            raise SystemExit(f"--spacy-model {model}: spaCy is not installed (pip install spacy)") from None
        return None
    if model:
        return model
    for name in ("en_core_web_sm", "en_core_web_md", "en_core_web_lg", "en_core_web_trf"):
        if spacy.util.is_package(name):
            return name
    return None


def _run_spacy(corpus: Path, model: str, max_words: int, ner_only: bool = False) -> dict:
    """Time spaCy's pipeline ``model`` over the corpus texts (in name order, until ``max_words``).

    ``ner_only`` leaves out every component but the token vectors and the entity recognizer (or ruler): the
    fairest match for ``extract_mentions``, which tags no parts of speech and parses no dependencies.
    """
    import spacy

    nlp = spacy.load(model)
    label = "full pipeline, NER"
    if ner_only:
        keep = {"tok2vec", "ner", "entity_ruler"}
        nlp = spacy.load(model, exclude=[name for name in nlp.pipe_names if name not in keep])
        label = "NER only: " + " + ".join(nlp.pipe_names)
    texts, words = [], 0
    for path in sorted(corpus.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        texts.append(text)
        words += len(text.split())
        if words >= max_words:
            break
    started = time.perf_counter()
    n_ents = sum(len(doc.ents) for doc in nlp.pipe(texts, batch_size=64))
    seconds = time.perf_counter() - started
    return {"stage": f"spaCy {Path(model).name} ({label})", "words": words, "seconds": seconds, "entities": n_ents,
            "texts": len(texts)}


def _identical(dirs: list[Path]) -> bool:
    names = sorted(p.name for p in dirs[0].glob("*.csv"))
    for other in dirs[1:]:
        if sorted(p.name for p in other.glob("*.csv")) != names:
            return False
        if any(not filecmp.cmp(dirs[0] / n, other / n, shallow=False) for n in names):
            return False
    return True


def _fmt_row(r: dict, n_words: int) -> str:
    if "error" in r:
        return f"| {n_words:,} | {r['stage']} | failed: {r['error']} | | | |"
    rate = r["words"] / r["seconds"] if r["seconds"] > 0 else float("inf")
    rss = f"{r['peak_rss_mb']:.0f}" if "peak_rss_mb" in r else "-"
    if "peak_rss_main_mb" in r:
        rss += f" (main {r['peak_rss_main_mb']:.0f})"
    return f"| {n_words:,} | {r['stage']} | {r['words']:,} | {r['seconds']:.2f} | {rate:,.0f} | {rss} |"


def bench_modules() -> list[str]:
    return sorted(p.stem for p in HERE.glob("bench_*.py"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="geoanalysis benchmarks (words/s and peak RSS)")
    parser.add_argument("--words", default="1000000,10000000",
                        help="comma-separated corpus sizes in words (default: %(default)s)")
    parser.add_argument("--quick", action="store_true", help="smoke test: 20000 words")
    parser.add_argument("--jobs", type=int, default=2, help="workers for the parallel runs (default: 2)")
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask run")
    parser.add_argument("--no-stages", action="store_true", help="skip the per-stage benchmarks")
    parser.add_argument("--workdir", type=Path, default=None, help="keep corpora and outputs here")
    parser.add_argument("--json", type=Path, default=None, help="also write the results as JSON")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--spacy-model", metavar="NAME|DIR", default=None,
                        help="spaCy pipeline to compare with: a package name or a folder (default: the first "
                             "en_core_web_* package installed)")
    parser.add_argument("--spacy-words", type=int, default=200_000,
                        help="words of the corpus spaCy runs on, from its first file (default: %(default)s; its "
                             "speed in words/s does not depend on it)")
    parser.add_argument("--stage-child", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.stage_child:
        _stage_child(args.stage_child, int(args.words), args.corpus)
        return 0

    sizes = [20_000] if args.quick else [int(w.replace("_", "")) for w in args.words.split(",") if w.strip()]
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="geoanalysis-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"machine: {_machine()}", flush=True)
    results: list[dict] = []
    lines = ["| corpus words | stage | words | seconds | words/s | peak RSS MB |", "|---|---|---|---|---|---|"]
    status = 0
    for n_words in sizes:
        corpus = workdir / f"corpus-{n_words}-seed{args.seed}"
        if not corpus.exists():
            t0 = time.perf_counter()
            paths = synthetic.generate_corpus(n_words, corpus, seed=args.seed)
            print(f"generated {len(paths)} articles ({n_words:,} words) in {time.perf_counter() - t0:.1f} s",
                  flush=True)
        rows: list[dict] = []
        if not args.no_stages:
            for module in bench_modules():
                for row in _run_stage(module, n_words, corpus):
                    rows.append(row)
                    print(_fmt_row(row, n_words), flush=True)
        outs = []
        modes = [("serial", 1), ("jobs", args.jobs)] + ([] if args.no_dask else [("dask", args.jobs)])
        for mode, jobs in modes:
            out = workdir / f"out-{n_words}-{mode}"
            shutil.rmtree(out, ignore_errors=True)
            rows.append(_run_end_to_end(corpus, out, mode, jobs))
            print(_fmt_row(rows[-1], n_words), flush=True)
            if "error" not in rows[-1]:
                outs.append(out)
            else:
                status = 1
        same = len(outs) == len(modes) and _identical(outs)
        print(f"identical CSVs across {', '.join(m for m, _ in modes)}: {'yes' if same else 'NO'}", flush=True)
        if not same:
            status = 1
        # the same articles as one file of records: read once, analysed in batches (memory as for files)
        mode = "serial, one JSON Lines file"
        out = workdir / f"out-{n_words}-jsonl"
        shutil.rmtree(out, ignore_errors=True)
        rows.append(_run_end_to_end(_jsonl_corpus(corpus, workdir / f"jsonl-{n_words}-seed{args.seed}"), out, mode, 1))
        print(_fmt_row(rows[-1], n_words), flush=True)
        serial = next((r for r in rows if r.get("stage") == "end to end (serial)"), {})
        if "error" in rows[-1] or rows[-1].get("words") != serial.get("words"):
            print("the JSON Lines run did not analyse the same words", flush=True)
            status = 1
        model = _spacy_model(args.spacy_model)
        if model:
            ours = next((r for r in rows if r.get("stage") in ("entities", "extract_mentions") and "error" not in r), None)
            serial = next((r for r in rows if r.get("stage") == "end to end (serial)" and "error" not in r), None)
            for ner_only in (False, True):
                sp = _run_spacy(corpus, model, max_words=min(n_words, args.spacy_words), ner_only=ner_only)
                rows.append(sp)
                print(_fmt_row(sp, n_words), flush=True)
                rate = sp["words"] / sp["seconds"]
                for name, row in (("entity extraction", ours), ("the whole analysis end to end", serial)):
                    if row:
                        ratio = (row["words"] / row["seconds"]) / rate
                        print(f"{name} is {ratio:.1f}x the speed of {sp['stage']}", flush=True)
        else:
            print("spaCy comparison skipped: no English spaCy model installed (e.g. en_core_web_sm)", flush=True)
        for r in rows:
            r["corpus_words"] = n_words
        results.extend(rows)
        lines.extend(_fmt_row(r, n_words) for r in rows)
    print()
    print(f"Machine: {_machine()}")
    print("\n".join(lines))
    if args.json:
        args.json.write_text(json.dumps({"machine": _machine(), "results": results}, indent=2))
    if args.workdir is None:
        shutil.rmtree(workdir, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
