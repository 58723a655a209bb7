"""Command line interface: ``geoanalysis analyze`` and ``geoanalysis notebooks``.

Exit codes: 0 when every file was analysed (or every notebook ran), 1 when
some files were skipped (listed in ``errors.csv``; everything else is still
written) or a notebook failed, 2 on usage errors.
"""
from __future__ import annotations

import argparse
import gc
import logging
import sys
from pathlib import Path
from typing import Sequence

from . import __version__

__all__ = ["main", "build_parser"]

LOGGER = logging.getLogger(__name__)

EXIT_OK, EXIT_SKIPPED, EXIT_USAGE = 0, 1, 2

_UNITS = ("sentence", "paragraph", "document", "window")


class _UsageError(Exception):
    """A bad argument discovered after parsing (exit code 2)."""


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is invalid; it must be >= 1")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (one sub-command per task, ``--help`` on each).

    Examples
    --------
    >>> build_parser().parse_args(["analyze", "data/raw", "--out", "out", "--jobs", "2"]).jobs
    2
    """
    parser = argparse.ArgumentParser(
        prog="geoanalysis",
        description="Entities, relationship networks and narrative comparison for news articles, offline.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0, dest="verbose_before",
                        help="as -v after the command (geoanalysis -v analyze ... = geoanalysis analyze -v ...)")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-v", "--verbose", action="count", default=0,
                        help="log progress (-v) or debugging detail (-vv) to stderr")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    analyze = sub.add_parser(
        "analyze", parents=[common],
        help="analyse files or folders of articles and write every table, the network and report.html",
        description="Analyse articles (.txt, .md, .html, .json, .jsonl, .csv, .tsv; folders are searched recursively) "
                    "and write CSV tables, network files, figures/ and a self-contained report.html to --out.",
    )
    analyze.add_argument("paths", nargs="+", metavar="PATH", type=Path, help="article files or folders")
    analyze.add_argument("--out", "-o", required=True, type=Path, metavar="DIR", help="output folder")
    analyze.add_argument("--unit", choices=_UNITS, default="sentence",
                         help="co-occurrence context (default: %(default)s)")
    analyze.add_argument("--level", choices=("entity", "country"), default="entity",
                         help="network nodes: entities, or entities rolled up to their country "
                              "(default: %(default)s)")
    analyze.add_argument("--jobs", "-j", type=_positive_int, default=1, metavar="N",
                         help="local worker processes (default: %(default)s)")
    analyze.add_argument("--dask", action="store_true",
                         help="run on a local dask.distributed cluster of --jobs workers")
    analyze.add_argument("--scheduler", metavar="ADDRESS",
                         help="join an existing dask.distributed scheduler, e.g. tcp://10.0.0.5:8786 "
                              "(workers must see the files)")
    analyze.add_argument("--min-count", type=_positive_int, default=1, metavar="N",
                         help="keep the ties of at least N shared contexts in edges.csv and the network files "
                              "(measures from all counts; default: %(default)s)")
    analyze.add_argument("--compare-by", choices=("auto", "article", "outlet", "folder"), default="auto",
                         help="groups compared by keyness: each article, outlet or folder of files (default: "
                              "articles up to 20 of them, else folders when the files are in several, else outlets)")
    analyze.add_argument("--languages", default="en", metavar="CODES",
                         help="analyse the articles in these languages, e.g. en or en,fr; the others are only "
                              "listed in articles.csv (the stages assume English; 'all' analyses every "
                              "article; default: %(default)s)")
    analyze.add_argument("--drop-duplicates", action="store_true",
                         help="leave articles whose text repeats an earlier one's (duplicate_of in articles.csv) "
                              "out of every other table, so that they are not counted twice")
    analyze.add_argument("--similarity", type=float, default=1.0, metavar="S",
                         help="what counts as a copy of an earlier article (duplicate_of; left out with "
                              "--drop-duplicates): below 1, a text whose word 5-grams resemble the earlier one's at "
                              "least S (0 < S <= 1, MinHash estimate; 0.8 catches a wire story with a line added or "
                              "a paragraph cut; default: 1, the same text)")
    analyze.add_argument("--pattern", metavar="GLOB", help="only files matching GLOB inside folders")
    analyze.add_argument("--max-mb", type=_positive_int, default=20, metavar="MB",
                         help="skip files larger than this, in MiB (a CSV or JSON Lines file is read whole, "
                              "then analysed in batches; default: %(default)s)")
    analyze.add_argument("--no-report", action="store_true", help="skip report.html and figures/")
    analyze.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                         help="progress bar (default: when stderr is a terminal)")

    notebooks = sub.add_parser(
        "notebooks", parents=[common],
        help="execute the ordered notebooks on a folder of articles; write executed .ipynb and .html",
        description="Execute notebooks/0*.ipynb in order with papermill (DATA_DIR injected) and write "
                    "the executed notebooks and their HTML renderings to --out.",
    )
    notebooks.add_argument("--data", type=Path, default=None, metavar="DIR",
                           help="folder of articles (default: data/raw)")
    notebooks.add_argument("--out", "-o", required=True, type=Path, metavar="DIR", help="output folder")
    notebooks.add_argument("--timeout", type=_positive_int, default=1200, metavar="SECONDS",
                           help="seconds allowed per cell (default: %(default)s)")
    notebooks.add_argument("--no-html", action="store_true", help="only write the executed notebooks")
    return parser


def _configure_logging(verbosity: int) -> None:
    level = logging.WARNING if verbosity <= 0 else logging.INFO if verbosity == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr, force=True)
    if verbosity < 2:
        for noisy in ("papermill", "traitlets", "distributed", "matplotlib", "asyncio"):
            logging.getLogger(noisy).setLevel(max(level, logging.WARNING))


#: Allocations from this size up get pages of their own (glibc ``mmap``), handed back as soon as freed.
MMAP_THRESHOLD = 256 * 1024


def _fixed_mmap_threshold() -> None:
    """Keep glibc's mmap threshold at :data:`MMAP_THRESHOLD` for the rest of the process (no-op elsewhere).

    glibc raises the threshold each time a large block is freed (up to
    32 MB), so the column arrays of the corpus tables end up in the heap,
    whose freed pages stay with the process: the resident size then follows
    the largest tables ever built, not the live ones.  Fixed, every array of
    a quarter megabyte or more is returned to the system when freed.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").mallopt(-3, MMAP_THRESHOLD)  # M_MMAP_THRESHOLD
    except (OSError, AttributeError):  # not glibc
        pass


def _analyze(args: argparse.Namespace) -> int:
    from .runner import RunOptions, run_corpus, write_outputs

    missing = [str(p) for p in args.paths if not p.exists()]
    if missing:
        raise _UsageError(f"no such file or folder: {', '.join(missing)}")
    if args.out.exists() and not args.out.is_dir():
        raise _UsageError(f"--out {args.out} exists and is not a folder")
    try:
        options = RunOptions(unit=args.unit, level=args.level, compare_by=args.compare_by,
                             languages=args.languages, max_bytes=args.max_mb * 1024 * 1024,
                             drop_duplicates=args.drop_duplicates, similarity=args.similarity,
                             min_count=args.min_count)
    except ValueError as exc:
        raise _UsageError(str(exc)) from None
    executor = "dask" if (args.dask or args.scheduler) else ("processes" if args.jobs > 1 else "serial")
    args.out.mkdir(parents=True, exist_ok=True)
    # the modules and resources loaded so far live as long as the process: keep them out of the
    # garbage collector's scans, which otherwise revisit them for every batch of articles
    gc.freeze()
    _fixed_mmap_threshold()
    result = run_corpus(args.paths, args.out, options=options, executor=executor, jobs=args.jobs,
                        scheduler=args.scheduler, pattern=args.pattern, progress=args.progress)
    if result.n_files == 0:
        LOGGER.warning("no article files found under %s", ", ".join(map(str, args.paths)))
    write_outputs(result, args.out, report=not args.no_report)
    n_errors = len(result.errors)
    read = f"{result.n_articles} articles ({result.n_words} words)"
    dropped = result.n_duplicates if args.drop_duplicates else 0
    if result.n_left_out or dropped:
        why = [f"{result.n_left_out} for their language (the language column of articles.csv; --languages all "
               "analyses them)"] if result.n_left_out else []
        why += [f"{dropped} repeating an earlier article (duplicate_of)"] if dropped else []
        read += f" read, {result.n_analysed} analysed (left out: {'; '.join(why)})"
    else:
        read += " analysed"
    print(f"{read} in {result.seconds:.1f} s; {n_errors} files skipped; tables in {args.out}", file=sys.stderr)
    if n_errors:
        print(f"skipped files are listed in {args.out / 'errors.csv'}", file=sys.stderr)
        return EXIT_SKIPPED
    return EXIT_OK


def _notebooks(args: argparse.Namespace) -> int:
    from .nbrun import NotebookError, run_notebooks

    if args.data is not None and not args.data.is_dir():
        raise _UsageError(f"--data {args.data} is not a folder")
    if args.data is not None:
        from .parsing import find_files

        if not find_files(args.data):
            raise _UsageError(f"--data {args.data} holds no article files "
                              "(.txt, .md, .html, .json, .jsonl, .csv, .tsv)")
    try:
        runs = run_notebooks(args.data, args.out, html=not args.no_html, timeout=args.timeout)
    except NotebookError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_SKIPPED
    for run in runs:
        print(f"{run.name}: {run.seconds:.1f} s -> {run.html or run.ipynb}", file=sys.stderr)
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the exit code (0 ok, 1 files skipped, 2 usage error)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    _configure_logging(args.verbose + args.verbose_before)
    handler = {"analyze": _analyze, "notebooks": _notebooks}[args.command]
    try:
        return handler(args)
    except _UsageError as exc:
        parser.print_usage(sys.stderr)
        print(f"geoanalysis {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
