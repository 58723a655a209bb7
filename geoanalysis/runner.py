"""Corpus runner: one pure per-article function mapped over files (serial, processes or Dask), then reductions.

The design (see ``ARCHITECTURE.md``): :func:`analyze_article` turns one
:class:`~geoanalysis.model.Article` into a dict of small tidy tables, and
:func:`analyze_articles` gives the same tables for a batch of articles at once
(each stage called once per batch); the runner maps it over chunks of files
with one of three executors and folds the results in file order with
:class:`Reducer`:

* **row tables** (``articles``, ``mentions``, ``tone`` ...) are concatenated;
  with an output folder they are streamed to CSV as they arrive, so memory
  does not grow with the corpus;
* **count tables** (co-occurrence pairs, term counts ...) are summed by key,
  merging the buffered rows into a table sorted by key every few thousand
  rows, so memory is bounded by the number of distinct keys;
* measures that need corpus totals (entity frequencies, edge weights,
  keyness ...) are computed once at the end from the reduced counts
  (:func:`finalize`); with an output folder the edges are computed and
  written a block of pairs at a time, never held whole.

Every executor hands results back in input order and the reduction is the
same code, so serial, ``jobs=N`` and Dask runs write byte-identical CSVs.

Executors
---------
``"serial"``
    In this process.
``"processes"``
    :class:`concurrent.futures.ProcessPoolExecutor` with ``jobs`` workers.
``"dask"``
    ``dask.distributed``: a ``LocalCluster(n_workers=jobs, threads_per_worker=1)``
    or, with ``scheduler="tcp://host:8786"``, an existing cluster. Workers
    read the files themselves, so on a remote cluster every worker must see
    the paths (a shared file system).
"""
from __future__ import annotations

import contextlib
import csv
import gc
import io
import itertools
import logging
import os
import sys
import time
from collections import Counter, deque
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Literal, Mapping, Sequence

import numpy as np
import pandas as pd

from .duplicates import NearDuplicateIndex, check_similarity, minhash_signature
from .model import ERROR_COLUMNS, Article, ErrorRecord, normalize_languages

__all__ = [
    "RunOptions",
    "TableSpec",
    "TABLES",
    "ArticleResult",
    "CorpusResult",
    "Reducer",
    "analyze_article",
    "analyze_articles",
    "analyze_path",
    "analyze_paths",
    "finalize",
    "run_corpus",
    "write_csv",
    "write_outputs",
    "network_graph",
]

LOGGER = logging.getLogger(__name__)

Executor = Literal["serial", "processes", "dask"]
Level = Literal["entity", "country"]

#: A file's analysis: per-article tables, or the reason the file was skipped.
ArticleResult = dict[str, pd.DataFrame]


@dataclass(frozen=True)
class RunOptions:
    """Options of a corpus run (picklable, sent to every worker).

    Parameters
    ----------
    unit : str, optional (default="sentence")
        Co-occurrence unit passed to :mod:`geoanalysis.cooccurrence`.
    level : {"entity", "country"}, optional (default="entity")
        ``"country"`` rolls people, cities and institutions up to their country
        (:func:`geoanalysis.entities.to_country_level`) before co-occurrence,
        frequencies and the network.
    compare_by : {"auto", "article", "outlet", "folder"}, optional (default="auto")
        Groups compared by keyness: each article, each outlet, or each folder
        of files (the name of the folder a file is in: ``bbc/``, ``cnn/``, or
        ``business/``, ``politics/``). ``"auto"`` compares articles when the
        corpus has at most :data:`MAX_ARTICLE_COMPARISONS` articles (files, or
        records of JSON and CSV files); beyond
        (pairwise comparisons of thousands of articles make no sense and would
        keep one count table per article in memory), folders when the files
        are in more than one folder, else outlets. Claim alignment, which
        needs the sentences of every article at once, is computed only when
        articles are compared.
    max_bytes : int, optional (default=20 MiB)
        Files larger than this are skipped with a reason.
    languages : str or tuple of str or None, optional (default=("en",))
        Articles whose :attr:`~geoanalysis.model.Article.language` is not
        one of these are listed in ``articles`` (with their language) and
        left out of every other table: the stages assume English and give
        junk on other languages (:meth:`~geoanalysis.model.Corpus.in_languages`).
        ``None`` or ``"all"`` analyses every article.
    drop_duplicates : bool, optional (default=False)
        Leave out of every table but ``articles`` the articles whose body
        repeats an earlier one's (``duplicate_of``: a wire story published
        twice, a file copied; see ``similarity`` for edited copies), so
        that they are not counted again. :func:`run_corpus` finds them
        first (one pass over the files).
    similarity : float, optional (default=1.0)
        What counts as a copy of an earlier article (``duplicate_of``): 1,
        the same text (case and white space aside); below 1, a text whose
        word 5-grams resemble the earlier one's at least this much (Jaccard
        similarity estimated by MinHash, :mod:`geoanalysis.duplicates`;
        0.8 catches a wire story with a line added or a paragraph cut).
        Below 1, :func:`run_corpus` finds the copies in a first pass over
        the files.
    exclude_ids : frozenset of str, optional
        Ids of articles to list but not analyse (set by :func:`run_corpus`
        for ``drop_duplicates``).
    min_count : int, optional (default=1)
        Keep the pairs that share at least this many contexts in ``edges``
        and the network files (their measures are computed from all counts,
        so they are those of the unpruned table); the entities stay, as
        nodes without ties when none is kept.
    """

    unit: str = "sentence"
    level: Level = "entity"
    compare_by: Literal["auto", "article", "outlet", "folder"] = "auto"
    max_bytes: int = 20 * 1024 * 1024
    languages: tuple[str, ...] | None = ("en",)
    drop_duplicates: bool = False
    similarity: float = 1.0
    exclude_ids: frozenset[str] = frozenset()
    min_count: int = 1

    def __post_init__(self) -> None:
        object.__setattr__(self, "languages", normalize_languages(self.languages))
        object.__setattr__(self, "similarity", check_similarity(self.similarity))
        if self.level not in ("entity", "country"):
            raise ValueError(f"level = {self.level!r} is invalid; it must be 'entity' or 'country'")
        if self.compare_by not in ("auto", "article", "outlet", "folder"):
            raise ValueError(f"compare_by = {self.compare_by!r} is invalid; it must be 'auto', 'article', 'outlet' "
                             "or 'folder'")
        if not isinstance(self.min_count, int) or self.min_count < 1:
            raise ValueError(f"min_count = {self.min_count!r} is invalid; it must be an integer >= 1")
        if self.max_bytes < 1:
            raise ValueError(f"max_bytes = {self.max_bytes} is invalid; it must be >= 1")


def _analysed(options: RunOptions, article_ids: Sequence[str], languages: Sequence[str]) -> list[bool]:
    """Whether each article is analysed (else only listed in ``articles``): its language is one of
    ``options.languages`` and it is not one of ``options.exclude_ids``."""
    keep, excluded = options.languages, options.exclude_ids
    return [(keep is None or lang in keep) and aid not in excluded for aid, lang in zip(article_ids, languages)]


@dataclass(frozen=True)
class TableSpec:
    """How a per-article table is reduced.

    ``kind="rows"`` concatenates (and streams to ``NAME.csv``); ``kind="sum"``
    sums the numeric columns grouped by ``keys``.
    """

    name: str
    kind: Literal["rows", "sum"]
    keys: tuple[str, ...] = ()
    write: bool = True


#: Largest corpus (in articles) whose articles are compared one by one under ``compare_by="auto"``.
MAX_ARTICLE_COMPARISONS = 20

#: Reductions of the per-article tables (see :class:`TableSpec`).
TABLE_SPECS: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec("articles", "rows"),
        TableSpec("mentions", "rows"),
        TableSpec("tone", "rows"),
        TableSpec("entity_tone", "rows"),
        TableSpec("quotes", "rows"),
        TableSpec("frames", "rows"),
        TableSpec("stance", "rows"),
        TableSpec("timeline", "rows", write=False),  # needs corpus-wide n_articles and date order
        TableSpec("pair_counts", "sum", ("source", "target"), write=False),
        TableSpec("entity_counts", "sum", ("entity_id", "name", "type", "country"), write=False),
        TableSpec("context_counts", "sum", ("article_id",), write=False),
        TableSpec("term_counts", "sum", ("article_id", "term"), write=False),
    )
}

#: Tables of a run, in the order they are listed and written.
TABLES: tuple[str, ...] = ("articles", "mentions", "entities", "edges", "keyness", "tone", "entity_tone", "frames",
                           "stance", "quotes", "alignment", "timeline", "errors")


def _group(article: Article, options: RunOptions) -> str:
    """The comparison group of an article (``options.compare_by``): its id, its outlet or its folder."""
    if options.compare_by == "article":
        return article.id
    if options.compare_by == "folder":
        return _folder_name(article.path) or "unknown folder"
    return article.outlet or "unknown outlet"


def _folder_name(path: str | None) -> str | None:
    """The name of the folder of an article's file (``path`` may end in ``#N`` for a record of a JSON file)."""
    if not path:
        return None
    return Path(path.rsplit("#", 1)[0] if "#" in Path(path).name else path).parent.name or None


def analyze_article(article: Article, *, options: RunOptions | None = None) -> ArticleResult:
    """Every per-article table of one article (a pure function).

    Parameters
    ----------
    article : Article
    options : RunOptions, optional

    Returns
    -------
    dict of str to pandas.DataFrame
        One table per entry of :data:`TABLE_SPECS`: row tables (``articles``
        holds the article's one row, ``mentions``, ``tone`` ...) and count
        tables that :class:`Reducer` sums over articles.

    Examples
    --------
    >>> from geoanalysis.parsing import make_article
    >>> tables = analyze_article(make_article("Putin met Xi in Beijing.", id="a"))
    >>> tables["articles"][["article_id", "n_sentences", "n_words"]].to_dict("records")
    [{'article_id': 'a', 'n_sentences': 1, 'n_words': 5}]
    """
    return analyze_articles([article], options=options)


#: Articles analysed by one call of :func:`analyze_articles` in a corpus run.
BATCH_ARTICLES = 64


def analyze_articles(articles: Sequence[Article], *, options: RunOptions | None = None) -> ArticleResult:
    """The per-article tables of several articles at once (a pure function).

    The same tables as :func:`analyze_article` gives for each article,
    concatenated in order (count tables: their rows, which :class:`Reducer`
    sums), computed with one call of each stage for the whole batch: the
    stages work on many articles at once (the entity scan runs over the joined
    texts), so the cost of building small tables is paid once per batch
    instead of once per article.

    Parameters
    ----------
    articles : sequence of Article
        With distinct ids.
    options : RunOptions, optional

    Returns
    -------
    dict of str to pandas.DataFrame
    """
    # import functions, not modules: the package re-exports functions named like
    # their modules (geoanalysis.tone is the function once it has been used)
    from .cooccurrence import POOLED_ID, cooccurrence_counts
    from .entities import extract_mentions, to_country_level
    from .frames import frames
    from .keyness import term_counts
    from .quotes import find_quotes_batch
    from .relations import relation_edges
    from .stance import stance
    from .timeline import timeline
    from .tone import entity_tone, sentence_tone, tone

    options = options or RunOptions()
    arts = list(articles)
    out: ArticleResult = {"articles": _mark_duplicates(pd.DataFrame([a.to_record() for a in arts]), {})}
    if arts:  # articles in other languages, or dropped duplicates, are listed, not analysed
        flags = _analysed(options, [a.id for a in arts], out["articles"]["language"].tolist())
        arts = [a for a, keep in zip(arts, flags) if keep]
    mentions = _in_order(extract_mentions(arts, merge=False), arts)
    out["mentions"] = mentions
    network_mentions = to_country_level(mentions) if options.level == "country" else mentions
    counts = cooccurrence_counts(network_mentions, unit=options.unit)
    pairs = counts.pairs.drop(columns="article_id")
    entity_counts = counts.entities.drop(columns="article_id")
    entity_counts.insert(len(entity_counts.columns), "articles", 1)
    out["entity_counts"] = entity_counts
    out["context_counts"] = counts.contexts.assign(article_id=POOLED_ID)
    terms = term_counts(arts)
    groups = {a.id: _group(a, options) for a in arts}
    terms["article_id"] = terms["article_id"].map(groups)
    out["term_counts"] = terms
    sentences = sentence_tone(arts)
    out["tone"] = tone(sentences)
    out["entity_tone"] = entity_tone(sentences, mentions)
    out["quotes"] = find_quotes_batch(arts, mentions)
    out["frames"] = frames(arts)
    out["stance"] = stance(arts)
    rel = relation_edges(arts, mentions, unit=options.unit, level=options.level)
    out["pair_counts"] = _pairs_with_relations(pairs, rel[["source", "target", *RELATION_COLUMNS]])
    out["timeline"] = timeline(arts, mentions=mentions)
    for name in ("tone", "entity_tone", "frames", "stance", "timeline"):  # stages order rows by article id
        out[name] = _in_order(out[name], arts)
    if options.compare_by == "article":
        out["article"] = arts  # type: ignore[assignment]  # kept for claim alignment
    return out


#: Context counts by relation type, summed with the co-occurrence counts of each pair.
RELATION_COLUMNS = ("cooperation", "conflict", "neutral")


def _mark_duplicates(articles: pd.DataFrame, seen: dict[str, str],
                     copies: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Set ``duplicate_of`` to the id of the first article (in ``seen``, then in order) with the same
    ``fingerprint``, or the one ``copies`` gives (near duplicates); ``seen`` (fingerprint -> id) is updated."""
    if articles.empty:
        return articles
    firsts = []
    copies = copies or {}
    for aid, fp in zip(articles["article_id"].tolist(), articles["fingerprint"].tolist()):
        first = seen.setdefault(fp, aid)
        firsts.append(copies.get(aid) or (first if first != aid else None))
    if any(firsts) or articles["duplicate_of"].notna().any():
        articles = articles.assign(duplicate_of=pd.Series(firsts, index=articles.index, dtype=object))
    return articles


def _pairs_with_relations(pairs: pd.DataFrame, rel: pd.DataFrame) -> pd.DataFrame:
    """One count table per pair: the co-occurrence counts of ``pairs`` and the relation counts of ``rel``.

    The rows of both, stacked with zeros for the other's columns (the
    reduction sums them by pair): one table to reduce instead of two with the
    same keys.  A pair that only ``rel`` holds has ``contexts == 0``.
    """
    rel_part = rel.assign(**{c: np.zeros(len(rel), dtype=pairs[c].dtype) for c in pairs.columns
                             if c not in ("source", "target")})
    pair_part = pairs.assign(**{c: np.zeros(len(pairs), dtype="int64") for c in RELATION_COLUMNS})
    columns = [*pairs.columns, *RELATION_COLUMNS]
    return pd.concat([pair_part[columns], rel_part[columns]], ignore_index=True)


def _in_order(table: pd.DataFrame, articles: Sequence[Article]) -> pd.DataFrame:
    """Rows of ``table`` (sorted by ``article_id``) in the order of ``articles``, each article's rows in place."""
    ids = [a.id for a in articles]
    if len(ids) < 2 or table.empty:
        return table
    pos = {i: n for n, i in enumerate(ids)}
    order = np.argsort(table["article_id"].map(pos).to_numpy(), kind="stable")
    return table.iloc[order].reset_index(drop=True)


def analyze_path(
    path: str | Path,
    *,
    options: RunOptions | None = None,
    id: str | None = None,
) -> list[ArticleResult | ErrorRecord]:
    """Parse one file and analyse each article in it; never raises on bad input.

    Parameters
    ----------
    path : path
    options : RunOptions, optional
    id : str, optional (default: the file's stem)
        The article id (``id-N`` for the records of a JSON Lines file).

    Returns
    -------
    list
        :class:`~geoanalysis.model.ErrorRecord` items naming the reason a file
        or record was skipped, then the tables of the file's articles
        (:func:`analyze_articles`; JSON Lines files hold several articles,
        analysed in batches of :data:`BATCH_ARTICLES`).
    """
    options = options or RunOptions()
    return _analyze_items(_parse_path(path, options, id), options)


def _parse_path(path: str | Path, options: RunOptions, id: str | None) -> list[tuple[str, Article | ErrorRecord]]:
    """(file, article or reason it was skipped) for every article of one file; never raises on bad input."""
    from .parsing import ParseError, parse_file

    name = str(path)
    try:
        items = parse_file(Path(path), max_bytes=options.max_bytes, id=id)
    except ParseError as exc:
        return [(name, ErrorRecord(name, exc.reason))]
    except OSError as exc:
        return [(name, ErrorRecord(name, f"cannot read: {exc.strerror or exc}"))]
    except Exception as exc:  # noqa: BLE001 - a reader bug must not stop the corpus
        LOGGER.debug("parsing %s failed", path, exc_info=True)
        return [(name, ErrorRecord(name, f"parse failed: {type(exc).__name__}: {exc}"))]
    return [(name, ErrorRecord(str(item.path or path), item.reason) if isinstance(item, ParseError) else item)
            for item in items]


def _analyze_items(items: Sequence[tuple[str, Article | ErrorRecord]],
                   options: RunOptions) -> list[ArticleResult | ErrorRecord]:
    """Analyse the articles of ``items`` in batches of :data:`BATCH_ARTICLES`; errors pass through.

    When a batch fails, its articles are analysed one by one, so one article
    that breaks a stage is reported (with its file) and the others are kept.
    """
    # errors keep the order of their items, so that errors.csv does not depend on how files were chunked
    errors: list[tuple[int, ErrorRecord]] = [(i, item) for i, (_, item) in enumerate(items)
                                             if isinstance(item, ErrorRecord)]
    tables: list[ArticleResult | ErrorRecord] = []
    arts = [(i, name, item) for i, (name, item) in enumerate(items) if isinstance(item, Article)]
    for batch in _chunks(arts, BATCH_ARTICLES):
        try:
            tables.append(analyze_articles([a for _, _, a in batch], options=options))
            continue
        except Exception:  # noqa: BLE001
            LOGGER.debug("analysis of a batch failed; analysing its articles one by one", exc_info=True)
        for i, name, article in batch:
            try:
                tables.append(analyze_articles([article], options=options))
            except Exception as exc:  # noqa: BLE001
                LOGGER.debug("analysis of %s failed", name, exc_info=True)
                errors.append((i, ErrorRecord(name, f"analysis failed for {article.id}: {type(exc).__name__}: {exc}")))
    return [e for _, e in sorted(errors, key=lambda x: x[0])] + tables


#: Files of records (JSON, JSON Lines, CSV) larger than this are read once, by the process that plans the
#: run, and their records sent to the workers in batches of :data:`BATCH_ARTICLES`, each a task of its own:
#: memory then holds a batch of articles, not a whole file of them, and one large file spreads over the
#: workers.  Smaller files are parsed by the workers, a chunk of files per task.
SPLIT_RECORD_BYTES = 256 * 1024


@dataclass(frozen=True)
class _Records:
    """A task: a batch of the records of one file (``first`` for the file's first batch, which counts it)."""

    path: str
    items: tuple  # of parsing.Record or ErrorRecord
    first: bool


def _is_record_file(path: str | Path) -> bool:
    """A JSON, JSON Lines or CSV file by its extension: it may hold many articles."""
    from .parsing import RECORD_FORMATS, SUPPORTED_EXTENSIONS

    return SUPPORTED_EXTENSIONS.get(Path(path).suffix.lower()) in RECORD_FORMATS


def _is_large_record_file(path: str, options: RunOptions) -> bool:
    if not _is_record_file(path):
        return False
    try:
        size = os.stat(path).st_size
    except OSError:
        return False  # reported when the file is parsed
    return SPLIT_RECORD_BYTES < size <= options.max_bytes


def _record_batches(path: str, id: str | None, options: RunOptions) -> Iterator[_Records]:
    """The records of one large file in tasks of :data:`BATCH_ARTICLES`, read as they are handed on (a JSON
    Lines or CSV file is read from disk a record at a time, :func:`~geoanalysis.parsing.iter_records`); the
    reason the file, or its rest, cannot be read comes last, in a task of its own if need be."""
    from .parsing import ParseError, iter_records

    batch: list[Any] = []
    first = True
    try:
        for record in iter_records(Path(path), max_bytes=options.max_bytes, id=id):
            batch.append(ErrorRecord(record.path, record.reason) if isinstance(record, ParseError) else record)
            if len(batch) == BATCH_ARTICLES:
                yield _Records(path, tuple(batch), first=first)
                batch, first = [], False
    except ParseError as exc:
        batch.append(ErrorRecord(path, exc.reason))
    except OSError as exc:
        batch.append(ErrorRecord(path, f"cannot read: {exc.strerror or exc}"))
    except Exception as exc:  # noqa: BLE001 - a reader bug must not stop the corpus
        LOGGER.debug("reading %s failed", path, exc_info=True)
        batch.append(ErrorRecord(path, f"parse failed: {type(exc).__name__}: {exc}"))
    if batch:
        yield _Records(path, tuple(batch), first=first)


def _parse_records(task: _Records) -> list[tuple[str, Article | ErrorRecord]]:
    """(file, article or reason it was skipped) for the records of one task."""
    from .parsing import ParseError, parse_record

    out: list[tuple[str, Article | ErrorRecord]] = []
    for item in task.items:
        if isinstance(item, ErrorRecord):
            out.append((task.path, item))
        else:
            try:
                out.append((task.path, parse_record(item)))
            except ParseError as exc:
                out.append((task.path, ErrorRecord(exc.path, exc.reason)))
    return out


def _tasks(names: Sequence[tuple[str, str]], options: RunOptions, chunksize: int) -> Iterator[list[Any]]:
    """The tasks of a run, in input order: chunks of up to ``chunksize`` files (path, id), and each large
    file of records as batches of its records (:class:`_Records`, one per task)."""
    pending: list[Any] = []
    for name, id in names:
        if _is_large_record_file(name, options):
            if pending:
                yield pending
                pending = []
            for batch in _record_batches(name, id, options):
                yield [batch]
            continue
        pending.append((name, id))
        if len(pending) >= chunksize:
            yield pending
            pending = []
    if pending:
        yield pending


def _parse_chunk(chunk: Sequence[Any], options: RunOptions) -> tuple[int, list[tuple[str, Article | ErrorRecord]]]:
    """(number of files, (file, article or reason it was skipped) for every article) of one task: files
    (path, id), or a batch of records (:class:`_Records`, whose first batch counts the file)."""
    items: list[tuple[str, Article | ErrorRecord]] = []
    n_files = 0
    for unit in chunk:
        if isinstance(unit, _Records):
            n_files += unit.first
            items.extend(_parse_records(unit))
        else:
            n_files += 1
            items.extend(_parse_path(unit[0], options, unit[1]))
    return n_files, items


def _analyze_chunk(chunk: Sequence[Any], options: RunOptions) -> tuple[int, list[ArticleResult | ErrorRecord]]:
    """(number of files, results) of one task: its articles parsed (:func:`_parse_chunk`), then analysed in
    batches."""
    with _collector_paused():
        n_files, items = _parse_chunk(chunk, options)
        return n_files, _analyze_items(items, options)


def _fingerprint_chunk(chunk: Sequence[Any], options: RunOptions) -> tuple[int, list[tuple[str, Any]]]:
    """(number of files, (article id, body fingerprint, or MinHash signature when ``options.similarity`` < 1)
    of each article) of one task: the first pass of a run that finds copies."""
    n_files, items = _parse_chunk(chunk, options)
    if options.similarity < 1:
        return n_files, [(a.id, minhash_signature(a.text)) for _, a in items if isinstance(a, Article)]
    return n_files, [(a.id, a.fingerprint) for _, a in items if isinstance(a, Article)]


def _duplicate_map(paths: Sequence[str | Path], options: RunOptions, executor: Executor, jobs: int,
                   scheduler: str | None) -> dict[str, str]:
    """Id of each article that copies an earlier one (in the run's order) -> id of that article: the same
    text, or with ``options.similarity`` < 1 a resemblance of at least that much; from one pass of parsing."""
    first: dict[str, str] = {}
    copies: dict[str, str] = {}
    index = NearDuplicateIndex(options.similarity) if options.similarity < 1 else None
    for _, pairs in analyze_paths(paths, options=options, executor=executor, jobs=jobs, scheduler=scheduler,
                                  task=_fingerprint_chunk):
        for aid, key in pairs:
            if index is not None:
                found = index.add(aid, key)
                if found is not None:
                    copies[aid] = found[0]
            elif first.setdefault(key, aid) != aid:
                copies[aid] = first[key]
    return copies


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection inside the block (restored after, if it was on).

    A chunk builds about a million small tracked objects per million words
    (tokens, sentences, rows) that live until its tables are made; the
    collector would scan them again and again while they grow, for nothing
    (they are freed by reference counting).  Paused for one chunk, it scans
    them at most once afterwards, and the cyclic garbage left uncollected
    meanwhile is bounded by one chunk.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextlib.contextmanager
def _warnings_off() -> Iterator[None]:
    """Log no warnings (nor anything below) while the block runs: for the empty tables a run builds for their
    columns."""
    previous = logging.root.manager.disable
    logging.disable(logging.WARNING)
    try:
        yield
    finally:
        logging.disable(previous)


def _chunks(items: Sequence[Any], size: int) -> Iterator[list[Any]]:
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def _ordered_window(submit: Callable[[list[str]], Any], result: Callable[[Any], Any],
                    chunks: Iterable[list[str]], window: int) -> Iterator[Any]:
    """Submit chunks keeping at most ``window`` in flight; yield results in submission order."""
    pending: deque = deque()
    for chunk in chunks:
        pending.append(submit(chunk))
        if len(pending) >= window:
            yield result(pending.popleft())
    while pending:
        yield result(pending.popleft())


def analyze_paths(
    paths: Sequence[str | Path],
    *,
    options: RunOptions | None = None,
    executor: Executor = "serial",
    jobs: int = 1,
    scheduler: str | None = None,
    chunksize: int | None = None,
    task: Callable[[Sequence[Any], RunOptions], tuple[int, Any]] | None = None,
) -> Iterator[tuple[int, list[ArticleResult | ErrorRecord]]]:
    """Analyse ``paths`` in chunks of files; yield each chunk's ``(number of files, results)`` in input order.

    A chunk's files are parsed, then their articles analysed in batches
    (:func:`analyze_articles`); results are batch tables and
    :class:`~geoanalysis.model.ErrorRecord` items for skipped files or
    articles.  A file of records (JSON, JSON Lines, CSV) larger than
    :data:`SPLIT_RECORD_BYTES` is read here and its records analysed in
    batches, each a chunk of its own (its first counts the file).  At most a
    few chunks per worker are in flight, so a slow consumer never piles up
    results.  ``task`` replaces the function applied to each chunk
    (``_analyze_chunk``; ``_fingerprint_chunk`` finds duplicates first).
    """
    options = options or RunOptions()
    task = task or _analyze_chunk
    if jobs < 1:
        raise ValueError(f"jobs = {jobs} is invalid; it must be >= 1")
    if executor not in ("serial", "processes", "dask"):
        raise ValueError(f"executor = {executor!r} is invalid; it must be 'serial', 'processes' or 'dask'")
    from .parsing import _unique_ids  # same ids as load_corpus: stems, disambiguated by folder

    ids = _unique_ids([Path(p) for p in paths])
    names = [(str(p), ids[Path(p)]) for p in paths]
    del ids  # (this generator lives as long as the run: no Path object per file held)
    if chunksize is None:
        chunksize = BATCH_ARTICLES if executor == "serial" else max(1, min(BATCH_ARTICLES, len(names) // (jobs * 8) or 1))
    chunks = _tasks(names, options, chunksize)
    if executor == "serial":
        for chunk in chunks:
            yield task(chunk, options)
        return
    if executor == "processes":
        import multiprocessing as mp

        # "spawn" would re-import everything per worker; "fork" shares the
        # parent's loaded resources but is unsafe with threads: use forkserver
        # where available, as Python 3.14 does by default.
        method = "forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn"
        with ProcessPoolExecutor(max_workers=jobs, mp_context=mp.get_context(method)) as pool:
            yield from _ordered_window(lambda c: pool.submit(task, c, options),
                                       lambda f: f.result(), chunks, window=jobs * 3)
        return
    # dask
    from dask.distributed import Client, LocalCluster

    if scheduler:
        client = Client(scheduler)
        cluster = None
    else:
        quiet = logging.getLogger().getEffectiveLevel() > logging.DEBUG
        if quiet:
            logging.getLogger("distributed").setLevel(logging.WARNING)
        cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None,
                               silence_logs=logging.WARNING if quiet else False)
        client = Client(cluster)
    try:
        n_workers = max(1, len(client.scheduler_info().get("workers", {})) or jobs)
        yield from _ordered_window(lambda c: client.submit(task, c, options, pure=False),
                                   lambda f: f.result(), chunks, window=n_workers * 3)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


class _RowSink:
    """Collects one row table: appends CSV to ``path``, or keeps frames in memory."""

    def __init__(self, path: Path | None):
        self.path = path
        self.columns: list[str] | None = None
        self.frames: list[pd.DataFrame] = []
        self.n_rows = 0
        self._file = None
        self._pending: list[pd.DataFrame] = []
        self._pending_rows = 0
        self._pending_dtypes: tuple | None = None

    #: rows buffered before a CSV write
    batch_rows = 5000

    def add(self, frame: pd.DataFrame) -> None:
        if self.columns is None:
            self.columns = list(frame.columns)
            if self.path is not None:
                self._file = open(self.path, "w", encoding="utf-8", newline="")
                csv.writer(self._file, lineterminator="\n").writerow(self.columns)
        if frame.empty:
            return
        if list(frame.columns) != self.columns:
            frame = frame.reindex(columns=self.columns)
        self.n_rows += len(frame)
        if self._file is not None:
            # write in batches of frames with the same dtypes (same text as one write per frame)
            dtypes = tuple(frame.dtypes)
            if self._pending and dtypes != self._pending_dtypes:
                self._flush()
            self._pending.append(frame)
            self._pending_dtypes = dtypes
            self._pending_rows += len(frame)
            if self._pending_rows >= self.batch_rows:
                self._flush()
        else:
            self.frames.append(frame)

    def _flush(self) -> None:
        if self._pending:
            frame = self._pending[0] if len(self._pending) == 1 else pd.concat(self._pending, ignore_index=True)
            write_rows(frame, self._file)
        self._pending, self._pending_rows, self._pending_dtypes = [], 0, None

    def close(self, columns: Sequence[str] = ()) -> pd.DataFrame | None:
        if self.columns is None:
            self.columns = list(columns)
            if self.path is not None:
                with open(self.path, "w", encoding="utf-8", newline="") as fh:
                    csv.writer(fh, lineterminator="\n").writerow(self.columns)
        if self._file is not None:
            self._flush()
            self._file.close()
            self._file = None
        if self.path is not None:
            return None
        if not self.frames:
            return pd.DataFrame(columns=self.columns)
        return pd.concat(self.frames, ignore_index=True)


class _TimelineSpill:
    """The timeline of a streamed run: rows spilled to disk by month, then sorted one month at a time.

    ``timeline.csv`` is in date order with ``n_articles`` counted over the whole
    corpus; holding every row until the end would make memory grow with the
    corpus.  Rows go to one temporary CSV per month of their date (a date
    prefix, so the months in order give the global order), the articles per
    date are counted as they arrive, and :meth:`close` sorts each month with
    the keys :func:`_timeline` uses and appends it to ``timeline.csv``, so
    memory is bounded by the largest month.
    """

    batch_rows = 20000
    #: rows sorted at once by :meth:`close` (consecutive small months together; a larger month alone): the
    #: sort runs at the end of a run, when the aggregates are at their largest, so it must stay small
    sort_rows = 4000

    def __init__(self, out_dir: Path):
        self.path = out_dir / "timeline.csv"
        self.parts_dir = out_dir / ".timeline-parts"
        self.columns: list[str] | None = None
        self.n_rows = 0
        self.articles_per_iso: dict[str, int] = {}
        self.month_rows: dict[str, int] = {}  # rows spilled per month
        self._pending: dict[str, list[pd.DataFrame]] = {}
        self._pending_rows = 0

    def add(self, frame: pd.DataFrame) -> None:
        if self.columns is None:
            self.columns = list(frame.columns)
        if frame.empty:
            return
        if list(frame.columns) != self.columns:
            frame = frame.reindex(columns=self.columns)
        self.n_rows += len(frame)
        for iso, n in frame.groupby("iso", sort=False)["article_id"].nunique().items():
            self.articles_per_iso[iso] = self.articles_per_iso.get(iso, 0) + int(n)
        months = frame["date"].map(lambda d: d.isoformat()[:7])
        for month, part in frame.groupby(months, sort=False):
            self._pending.setdefault(month, []).append(part)
        self._pending_rows += len(frame)
        if self._pending_rows >= self.batch_rows:
            self._flush()

    def _flush(self) -> None:
        self.parts_dir.mkdir(exist_ok=True)
        for month, parts in self._pending.items():
            frame = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
            with open(self.parts_dir / f"{month}.csv", "a", encoding="utf-8", newline="") as fh:
                write_rows(frame, fh)
            self.month_rows[month] = self.month_rows.get(month, 0) + len(frame)
        self._pending, self._pending_rows = {}, 0

    def close(self, columns: Sequence[str] = ()) -> None:
        """Sort the spilled rows and write ``timeline.csv``: consecutive months together, up to
        :attr:`sort_rows` rows (or one month) at a time; the months in order give the global order."""
        import shutil

        self.columns = self.columns or list(columns)
        self._flush()
        header = True
        groups: list[list[str]] = []
        size = self.sort_rows
        for month in sorted(self.month_rows):
            if size + self.month_rows[month] > self.sort_rows:
                groups.append([])
                size = 0
            groups[-1].append(month)
            size += self.month_rows[month]
        with open(self.path, "w", encoding="utf-8", newline="") as out:
            for months in groups:
                text = "".join(_read_verbatim(self.parts_dir / f"{m}.csv") for m in months)
                rows = pd.read_csv(io.StringIO(text), header=None, names=self.columns, dtype=str,
                                   keep_default_na=False)
                rows["n_articles"] = rows["iso"].map(self.articles_per_iso).astype("int64")
                order = rows.assign(_start=rows["start"].astype("int64"))
                order = order.sort_values(["date", "iso", "article_id", "_start"], kind="mergesort").index
                write_rows(rows.loc[order], out, header=header)
                header = False
            if header:
                csv.writer(out, lineterminator="\n").writerow(self.columns)
        shutil.rmtree(self.parts_dir, ignore_errors=True)
        return None


def _read_verbatim(path: Path) -> str:
    """A text file as written (no newline translation: a quoted field may hold a carriage return)."""
    with open(path, encoding="utf-8", newline="") as fh:
        return fh.read()


def _release_memory(*, collect: bool = False) -> None:
    """Hand freed heap pages back to the operating system (glibc ``malloc_trim``), after a full garbage
    collection with ``collect``.

    A run allocates and frees many small objects per batch; without the trim
    the freed pages stay in the process and its resident size creeps up with
    the corpus even though the live data (the aggregates) do not.
    """
    if collect:
        gc.collect()
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL("libc.so.6").malloc_trim(0)
        except (OSError, AttributeError):  # not glibc (musl, ...): nothing to trim
            pass


class _SumTable:
    """Sums count tables by key, into a table sorted by key that new rows are merged into.

    Text keys are held as integer codes (one dictionary per key column), and
    the codes of a row as one 64-bit key (the first column's code in the high
    half, the code of the tuple of the others in the low half), so the summed
    table is a handful of machine-word arrays, sorted by that key.  Per-article
    frames are buffered and merged once the rows added since the last merge
    reach ``limit`` or an eighth of the summed table, whichever is larger: the
    buffer is grouped on its own, its keys found in the summed table by binary
    search, their sums added in place and the new keys inserted in order.  A
    merge so holds the buffer and one column of the table at a time, not a
    copy of the whole table; memory stays within the distinct keys plus
    ``limit`` rows.  Integer sums are exact; float sums are pandas'
    (compensated) sums of the summed value followed by the new rows in row
    order.  :meth:`close` decodes the keys and sorts by them, as
    ``groupby(keys, sort=True)`` on the text would.
    """

    def __init__(self, keys: Sequence[str], limit: int = 50_000):
        self.keys = list(keys)
        self.limit = limit
        self.buffer: list[pd.DataFrame] = []
        self.buffered = 0  # rows added since the last merge
        self.columns: list[str] | None = None
        self.codes: dict[str, dict[Any, int]] = {key: {} for key in self.keys}  # key column -> value -> code
        self._tuples: dict[tuple[int, ...], int] = {}  # codes of the key columns after the first -> code
        self._key = np.zeros(0, dtype=np.int64)  # sorted keys of the summed rows
        self._sums: dict[str, np.ndarray] = {}  # value column -> sums, aligned with _key
        self.merges = 0
        self._kinds: dict[str, str] = {}  # dtype kind of each key column in the first frame

    @property
    def compacted(self) -> int:
        """Rows (distinct keys) of the summed table."""
        return len(self._key)

    def add(self, frame: pd.DataFrame) -> None:
        if self.columns is None:
            self.columns = list(frame.columns)
            self._kinds = {col: frame[col].dtype.kind for col in self.keys if col in frame.columns}
        if frame.empty:
            return
        if list(frame.columns) != self.columns:
            frame = frame.reindex(columns=self.columns)
        self.buffer.append(self._encode(frame))
        self.buffered += len(frame)
        if self.buffered >= max(self.limit, self.compacted // 8):
            self._merge()
            _release_memory()

    def _encode(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The frame with its key columns replaced by one column ``_key`` of 64-bit row keys."""
        codes_of = []
        for col in self.keys:
            # code the distinct values of the frame, then look each one up once
            codes = self.codes[col]
            local, uniques = pd.factorize(frame[col].to_numpy(dtype=object), use_na_sentinel=False)
            lookup = np.fromiter((codes.setdefault(None if u != u else u, len(codes)) for u in uniques),
                                 dtype=np.int64, count=len(uniques))
            codes_of.append(lookup[local])
        key = codes_of[0] << 32
        if len(codes_of) == 2:
            key |= codes_of[1]
        elif len(codes_of) > 2:  # the tuple of the other codes, coded
            local, uniques = pd.factorize(pd.MultiIndex.from_arrays(codes_of[1:]), use_na_sentinel=False)
            lookup = np.fromiter((self._tuples.setdefault(tuple(u), len(self._tuples)) for u in uniques),
                                 dtype=np.int64, count=len(uniques))
            key |= lookup[local]
        if max(len(c) for c in self.codes.values()) >= 1 << 31 or len(self._tuples) >= 1 << 32:
            raise OverflowError("too many distinct keys to sum")
        data = {"_key": key}
        data.update({col: frame[col].to_numpy() for col in self.columns or () if col not in self.keys})
        return pd.DataFrame(data, copy=False)

    def _merge(self) -> None:
        """Merge the buffered rows into the summed table (and empty the buffer)."""
        self.merges += 1
        pieces = {col: [f[col].to_numpy() for f in self.buffer] for col in ["_key", *self._values()]}
        self.buffer, self.buffered = [], 0
        bkey = np.concatenate(pieces.pop("_key"))
        new_keys, group = np.unique(bkey, return_inverse=True)  # the buffer's keys, sorted
        del bkey
        n = len(self._key)
        pos = np.searchsorted(self._key, new_keys)
        found = np.zeros(len(new_keys), dtype=bool)
        if n:
            found[pos < n] = self._key[pos[pos < n]] == new_keys[pos < n]
        old_rows, add_at = pos[found], pos[~found]
        for col in self._values():
            values = np.concatenate(pieces.pop(col))
            summed = self._sums.get(col)
            if values.dtype.kind in "iub":  # exact integer sums, held in 32 bits while they fit
                sums = np.zeros(len(new_keys), dtype=np.uint64 if values.dtype.kind == "u" else np.int64)
                np.add.at(sums, group, values)
                if summed is not None:
                    updated = summed[old_rows].astype(sums.dtype) + sums[found]
                    summed = summed.astype(_narrowest(summed, updated, sums), copy=False)
                    summed[old_rows] = updated
                else:
                    sums = sums.astype(_narrowest(sums), copy=False)
            else:  # pandas' (compensated) float sums: the summed value, then the new rows in row order
                labels, values = group, values.astype(float, copy=False)
                if summed is not None and found.any():
                    labels = np.concatenate([np.flatnonzero(found), group])
                    values = np.concatenate([summed[old_rows], values])
                sums = pd.Series(values).groupby(labels, sort=True).sum().to_numpy()
                if summed is not None:
                    summed[old_rows] = sums[found]
            del values
            self._sums[col] = sums if summed is None else np.insert(summed, add_at, sums[~found].astype(summed.dtype))
        self._key = np.insert(self._key, add_at, new_keys[~found]) if n else new_keys

    def _values(self) -> list[str]:
        return [col for col in self.columns or () if col not in self.keys]

    def close(self) -> pd.DataFrame:
        if self.buffer:
            self._merge()
        if not len(self._key):
            return pd.DataFrame(columns=self.columns or self.keys)
        # the key columns' codes back from the row keys (which go)
        key, self._key = self._key, np.zeros(0, dtype=np.int64)
        key_codes = [key >> 32]
        if len(self.keys) == 2:
            key_codes.append(key & 0xFFFFFFFF)
        elif len(self.keys) > 2:
            tuples = np.empty((len(self._tuples), len(self.keys) - 1), dtype=np.int64)
            tuples[list(self._tuples.values())] = list(self._tuples.keys())
            rest = tuples[key & 0xFFFFFFFF]
            key_codes.extend(rest[:, i].copy() for i in range(rest.shape[1]))
            del rest
        del key
        # sort on the codes' ranks (small integer arrays), then decode: the order of sorting the text
        sort_keys, texts = [], []
        for col, codes_col in zip(self.keys, key_codes):
            codes = self.codes[col]
            values = np.empty(len(codes), dtype=object)
            values[list(codes.values())] = list(codes.keys())
            rank = np.empty(len(values), dtype=np.int64)
            rank[pd.Series(values).sort_values(kind="mergesort", na_position="last").index.to_numpy()] = \
                np.arange(len(values))
            sort_keys.append(rank[codes_col])
            texts.append(values)
        order = np.lexsort(sort_keys[::-1])
        del sort_keys
        columns = {}
        for col, values in zip(self.keys, texts):  # the keys first, as groupby(as_index=False) gives them
            values = values[key_codes.pop(0)[order]]
            kind = self._kinds.get(col, "O")
            if kind in "iufb" and not pd.isna(values).any():  # numeric keys back to their type
                values = values.astype(kind + "8" if kind != "b" else bool)
            columns[col] = values
        for col in self._values():  # one column at a time
            values = self._sums.pop(col)[order]
            columns[col] = values.astype(np.int64) if values.dtype == np.int32 else values
        return pd.DataFrame(columns, copy=False)


def _narrowest(*arrays: np.ndarray) -> type:
    """``int32`` when every value of these integer arrays fits in it (signed arrays), else their own type."""
    kind = arrays[0].dtype
    if kind.kind != "i":
        return kind.type
    info = np.iinfo(np.int32)
    fits = all(not len(a) or (info.min <= a.min() and a.max() <= info.max) for a in arrays)
    return np.int32 if fits else np.int64


@dataclass
class CorpusResult:
    """The reduced tables of a corpus run.

    Attributes
    ----------
    tables : dict of str to pandas.DataFrame
        Every table held in memory: all of them when the run had no output
        folder; otherwise the final ones and the reduced counts, among them
        ``pair_counts``, from which ``edges.csv`` and the network files are
        written a block at a time (``edges`` is then a file).
    files : dict of str to pathlib.Path
        Tables written to disk, by name.
    errors : pandas.DataFrame
        ``path, reason`` for every file skipped.
    n_files, n_articles, n_words : int
        Files read, and the articles and words they held (every article is
        listed in ``articles``).
    n_left_out : int
        Articles not analysed, for their language (``options.languages``).
    n_duplicates : int
        Articles whose body repeats an earlier one's (``duplicate_of``); not
        analysed with ``options.drop_duplicates``.
    n_analysed : int
        Articles analysed (in the other tables than ``articles``).
    seconds : float
    """

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)
    errors: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=ERROR_COLUMNS))
    n_files: int = 0
    n_articles: int = 0
    n_words: int = 0
    n_left_out: int = 0
    n_duplicates: int = 0
    n_analysed: int = 0
    seconds: float = 0.0
    n_rows: dict[str, int] = field(default_factory=dict)
    options: RunOptions = field(default_factory=RunOptions)
    articles: list[Article] = field(default_factory=list)

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name in self.tables:
            return self.tables[name]
        if name in self.files:
            return read_table(self.files[name])
        raise KeyError(f"no table {name!r}; tables are {sorted({*self.tables, *self.files})}")

    @property
    def ok(self) -> bool:
        """True when every file was analysed."""
        return self.errors.empty


#: Columns of the tables a run writes that hold text (ids, names, ISO dates, labels).
TEXT_COLUMNS = frozenset({
    "article_id", "attribution", "authors", "category", "country", "credits", "cue", "date", "date_source",
    "duplicate_of", "editor", "entities", "entity_id", "entity_ids", "evidence", "fingerprint", "form", "format",
    "frame", "iso", "kind", "language", "match_article_id", "match_text", "method", "name", "ner", "outlet", "part",
    "path", "precision", "qualifier", "reference", "relation", "section", "sentence", "shared_entities",
    "shared_terms", "source", "source_name", "sources", "speaker", "speaker_id", "speaker_surface", "surface",
    "target", "target_name", "term", "text", "title", "type",
})


def read_table(path: str | Path, **kwargs: Any) -> pd.DataFrame:
    """A table written by a run (``articles.csv``, ``mentions.csv`` ...), read back with its text columns as text.

    The columns of :data:`TEXT_COLUMNS` are read as ``str``, so an article
    id ``"001"`` or a date ``"2014"`` stays what it was instead of becoming
    a number; empty cells are missing values.  ``kwargs`` go to
    :func:`pandas.read_csv` (``nrows`` ...).
    """
    with open(path, encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh), [])
    dtype = {c: str for c in header if c in TEXT_COLUMNS}
    return pd.read_csv(path, keep_default_na=False, na_values=[""], dtype=dtype, **kwargs)


class Reducer:
    """Folds per-article results, in order, into corpus tables.

    Parameters
    ----------
    out_dir : path, optional
        Row tables are streamed to ``out_dir/NAME.csv``; without it they are
        kept in memory.
    options : RunOptions, optional
    copies : mapping, optional
        Id of an article -> id of the earlier article it copies (near
        duplicates found before the run); ``duplicate_of`` is that id, else
        the first article with the same text.
    """

    def __init__(self, out_dir: str | Path | None = None, *, options: RunOptions | None = None,
                 copies: Mapping[str, str] | None = None):
        self.options = options or RunOptions()
        self.out_dir = Path(out_dir) if out_dir is not None else None
        if self.out_dir is not None:
            self.out_dir.mkdir(parents=True, exist_ok=True)
        self.specs = TABLE_SPECS
        self.rows: dict[str, _RowSink] = {}
        self.sums: dict[str, _SumTable] = {}
        for name, spec in self.specs.items():
            if name == "timeline" and self.out_dir is not None:
                self.rows[name] = _TimelineSpill(self.out_dir)  # type: ignore[assignment]
            elif spec.kind == "rows":
                target = self.out_dir / f"{name}.csv" if self.out_dir is not None and spec.write else None
                self.rows[name] = _RowSink(target)
            else:
                self.sums[name] = _SumTable(spec.keys)
        self.errors: list[ErrorRecord] = []
        self.fingerprints: dict[str, str] = {}  # body fingerprint -> id of its first article (duplicate_of)
        self.copies = copies or {}  # id of a (near) copy -> id of the article it copies, found before the run
        self.languages: Counter[str] = Counter()  # articles per language, in order of first appearance
        self.n_duplicates = 0
        self.n_analysed = 0
        self.articles: list[Article] = []
        self.n_files = 0
        self.n_articles = 0
        self.n_words = 0

    def add(self, results: Sequence[ArticleResult | ErrorRecord], *, n_files: int = 1) -> None:
        """Fold the results of ``n_files`` files (tables of :func:`analyze_article` or
        :func:`analyze_articles`, and errors)."""
        self.n_files += n_files
        for result in results:
            if isinstance(result, ErrorRecord):
                self.errors.append(result)
                continue
            # a new table: result is not changed
            articles = _mark_duplicates(result["articles"], self.fingerprints, self.copies)
            self.n_articles += len(articles)
            self.n_words += int(articles["n_words"].sum())
            self.languages.update(articles["language"].tolist())
            self.n_duplicates += int(articles["duplicate_of"].notna().sum())
            self.n_analysed += sum(_analysed(self.options, articles["article_id"].tolist(),
                                             articles["language"].tolist()))
            if "article" in result:
                self.articles.extend(result["article"])  # type: ignore[arg-type]
            for name, frame in result.items():
                if name == "articles":
                    frame = articles
                if name in self.rows:
                    self.rows[name].add(frame)
                elif name in self.sums:
                    self.sums[name].add(frame)

    def close(self) -> CorpusResult:
        """Finish the reductions and compute the corpus-level tables."""
        _release_memory(collect=True)
        empty: dict[str, pd.DataFrame] = {}

        def columns(name: str) -> list[str]:
            # the schema of a table no article produced: analyse an empty article, quietly
            if not empty:
                with _warnings_off():
                    empty.update(analyze_article(_empty_article(), options=self.options))
            return list(empty[name].columns)

        keep = self.options.languages
        result = CorpusResult(n_files=self.n_files, n_articles=self.n_articles, n_words=self.n_words,
                              n_left_out=sum(n for lang, n in self.languages.items() if keep and lang not in keep),
                              n_duplicates=self.n_duplicates, n_analysed=self.n_analysed,
                              options=self.options)
        for name, sink in self.rows.items():
            frame = sink.close(columns=columns(name) if sink.columns is None else ())
            result.n_rows[name] = sink.n_rows
            if frame is None:
                result.files[name] = sink.path  # type: ignore[assignment]
            else:
                result.tables[name] = frame
        for name, table in self.sums.items():
            if table.columns is None:
                table.columns = columns(name)
            result.tables[name] = table.close()
        result.errors = pd.DataFrame([(e.path, e.reason) for e in self.errors], columns=ERROR_COLUMNS)
        result.articles = self.articles
        finalize(result, options=self.options, articles=self.articles, out_dir=self.out_dir)
        self._warn_about_articles()
        return result

    def _warn_about_articles(self) -> None:
        """Log how many articles do not read as English (``language``), whether they were left out, and how
        many repeat the body of an earlier one (``duplicate_of``)."""
        other = [(lang, n) for lang, n in self.languages.most_common() if lang != "en"]
        keep = self.options.languages
        if other:
            left_out = keep is not None and all(lang not in keep for lang, _ in other)
            LOGGER.warning("%d of %d articles do not read as English (%s; the language column of articles): %s",
                           sum(n for _, n in other), self.n_articles, ", ".join(f"{n} {lang}" for lang, n in other),
                           "they are listed in articles and left out of the other tables (--languages all, "
                           "or languages='all', analyses them as English)" if left_out else
                           "entities, tone, frames and stance assume English")
        if self.n_duplicates:
            LOGGER.warning("%d of %d articles %s an earlier one (the duplicate_of column of "
                           "articles); %s", self.n_duplicates, self.n_articles,
                           "repeat the text of" if self.options.similarity == 1 else
                           f"resemble (similarity >= {self.options.similarity:g})",
                           "they are left out of the other tables" if self.options.drop_duplicates else
                           "their mentions are counted again (--drop-duplicates leaves them out)")


def _empty_article() -> Article:
    return Article(id="", text="", paragraphs=(), sentences=())


def _edges(result: CorpusResult, options: RunOptions, *, keep_pair_counts: bool = True) -> pd.DataFrame:
    """The pooled edges: association measures of the pairs that share a context, and their relation counts.

    Built column by column from ``pair_counts`` (no copy of the whole table):
    the edges keep the order of the pairs, so each takes its relation counts
    by position.
    """
    table = result.tables["pair_counts"] if keep_pair_counts else result.tables.pop("pair_counts")
    return _edges_of(_present(table, options), result, options, copy=keep_pair_counts)


def _present(pairs: pd.DataFrame, options: RunOptions) -> pd.DataFrame:
    """The pairs seen in at least ``options.min_count`` contexts (``pairs`` itself when every one is)."""
    present = np.flatnonzero(pairs["contexts"].to_numpy() >= options.min_count)  # min_count >= 1
    return pairs if len(present) == len(pairs) else pairs.iloc[present].reset_index(drop=True)


def _edges_of(pairs: pd.DataFrame, result: CorpusResult, options: RunOptions, *, copy: bool = True) -> pd.DataFrame:
    """The edges of rows of ``pair_counts`` (in their order), with the corpus totals of ``result``.

    With ``copy=False`` the edges take the columns of ``pairs`` as they are (for a caller that drops it).
    """
    import importlib

    cooccurrence = importlib.import_module("geoanalysis.cooccurrence")

    columns = {"article_id": np.full(len(pairs), cooccurrence.POOLED_ID, dtype=object)}
    columns.update({c: pairs[c].to_numpy() for c in pairs.columns})
    relations = {c: columns.pop(c).astype("int64") for c in RELATION_COLUMNS}
    del pairs
    pairs = pd.DataFrame(columns, copy=False)
    del columns
    entities = result.tables["entity_counts"].drop(columns="articles")
    entities.insert(0, "article_id", cooccurrence.POOLED_ID)
    counts = cooccurrence.CooccurrenceCounts(pairs, entities, result.tables["context_counts"],
                                             unit=options.unit, level=options.level)
    edges = cooccurrence._association_table(counts, copy=copy)
    del counts, pairs
    # cooperation / conflict: per-article context counts summed, score recomputed from the sums
    for col, values in relations.items():
        edges[col] = values
    del relations
    typed = edges[["cooperation", "conflict", "neutral"]].sum(axis=1)
    edges["relation_score"] = ((edges["cooperation"] - edges["conflict"]) / typed.where(typed > 0)).fillna(0.0)
    labels = np.array(["neutral", "cooperation", "conflict"], dtype=object)  # one string object per label
    score = edges["relation_score"].to_numpy()
    edges["relation"] = labels[(score > 0) + 2 * (score < 0)]
    return edges


#: Pairs whose edges a streamed run computes at once (to write them, or a block of the network files).
EDGE_BLOCK = 1 << 15


def _edge_rows(result: CorpusResult, rows: np.ndarray | None = None) -> pd.DataFrame:
    """Rows ``rows`` (positions, default all) of the edges table of ``result``: the table itself, or, in a
    streamed run, computed from ``pair_counts``."""
    if "edges" in result.tables:
        edges = result.tables["edges"]
        return edges if rows is None else edges.iloc[rows]
    pairs = result.tables["pair_counts"]
    return _edges_of(pairs if rows is None else pairs.iloc[rows], result, result.options)


def _edge_blocks(result: CorpusResult) -> Iterator[pd.DataFrame]:
    """The edges of ``result`` in order, :data:`EDGE_BLOCK` rows at a time."""
    n = _n_edges(result)
    for lo in range(0, n, EDGE_BLOCK):
        yield _edge_rows(result, np.arange(lo, min(lo + EDGE_BLOCK, n)))


def _write_edges(result: CorpusResult, path: Path) -> Path:
    """Write ``edges.csv`` block by block from ``pair_counts`` (the bytes :func:`write_csv` writes for the
    whole table)."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        header = True
        for block in _edge_blocks(result):
            write_rows(block, fh, header=header)
            header = False
        if header:  # no pairs: the columns only
            write_rows(_edge_rows(result, np.arange(0)), fh, header=True)
    return path


def _keyness(result: CorpusResult) -> pd.DataFrame:
    from .keyness import keyness

    terms = result.tables["term_counts"]
    groups = terms["article_id"].nunique()
    if groups < 2 and result.n_analysed > 1:  # say why, in the words of the run's options
        by = result.options.compare_by
        instead = {"folder": "folders (--compare-by folder: one folder per outlet)",
                   "outlet": "outlets (--compare-by outlet, with each article's outlet in its file)",
                   "article": "articles (--compare-by article)"}
        LOGGER.warning("keyness.csv is empty: keyness compares groups of articles, here each %s (compare_by=%r), "
                       "and the %d articles analysed are all in one (%s). Compare %s", by, by, result.n_analysed,
                       terms["article_id"].iloc[0] if len(terms) else "none",
                       " or ".join(text for key, text in instead.items() if key != by))
        with _warnings_off():
            return keyness(terms.iloc[:0])
    # every ordered pair for a handful of groups, each group against the rest beyond
    reference = "both" if groups <= 5 else "rest"
    return keyness(terms, reference=reference)


def finalize(
    result: CorpusResult,
    *,
    options: RunOptions | None = None,
    articles: Sequence[Article] = (),
    keep_pair_counts: bool = True,
    out_dir: str | Path | None = None,
) -> CorpusResult:
    """Compute the tables that need corpus totals from the reduced counts (in place).

    With ``keep_pair_counts=False`` the ``pair_counts`` table is dropped as
    soon as the edges hold its counts (one table per pair instead of two).
    With ``out_dir`` (a streamed run), the edges are written to
    ``out_dir/edges.csv`` a block of pairs at a time and not held: the
    ``pair_counts`` table, smaller, stays, and the network files are written
    from it the same way (``result["edges"]`` reads the file).

    ``entities`` (mentions, articles and contexts per entity), ``edges``
    (pooled co-occurrence with association measures, :mod:`geoanalysis.cooccurrence`)
    ``keyness`` (:func:`geoanalysis.keyness.keyness` between the groups of
    ``options.compare_by``: articles, outlets or folders), ``timeline`` (date order,
    ``n_articles`` over the corpus) and ``alignment``
    (:func:`geoanalysis.alignment.align_claims` of ``articles``, when articles
    are compared).
    """
    options = options or RunOptions()
    tables = result.tables
    entities = tables["entity_counts"]
    entities = entities[["entity_id", "name", "type", "country", "mentions", "articles", "contexts"]]
    tables["entities"] = entities.sort_values(["mentions", "entity_id"], ascending=[False, True],
                                              kind="mergesort").reset_index(drop=True)
    if out_dir is not None:
        tables["pair_counts"] = _present(tables["pair_counts"], options)
        result.files["edges"] = _write_edges(result, Path(out_dir) / "edges.csv")
        result.n_rows["edges"] = len(tables["pair_counts"])
    else:
        tables["edges"] = _edges(result, options, keep_pair_counts=keep_pair_counts)
    tables["keyness"] = _keyness(result)
    if "timeline" in tables:  # a streamed run has sorted it on disk already (_TimelineSpill)
        tables["timeline"] = _timeline(tables["timeline"])
    tables["alignment"] = _alignment(result, articles)
    return result


def _alignment(result: CorpusResult, articles: Sequence[Article]) -> pd.DataFrame:
    from .alignment import ALIGN_COLUMNS, align_claims

    if len(articles) < 2:
        if result.n_articles > 1:
            LOGGER.warning("claim alignment skipped: it compares articles one by one, for corpora of at most "
                           "%d articles (compare_by='article')", MAX_ARTICLE_COMPARISONS)
        return pd.DataFrame(columns=ALIGN_COLUMNS)
    mentions = result["mentions"]
    return align_claims(list(articles), mentions=mentions, reference="both" if len(articles) <= 5 else "rest")


def _timeline(rows: pd.DataFrame) -> pd.DataFrame:
    """Per-article timelines pooled: ``n_articles`` recounted over the corpus, date order."""
    if rows.empty:
        return rows
    rows = rows.copy()
    rows["n_articles"] = rows.groupby("iso")["article_id"].transform("nunique").astype("int64")
    return rows.sort_values(["date", "iso", "article_id", "start"], kind="mergesort").reset_index(drop=True)


def write_csv(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write a table as UTF-8 CSV with ``\\n`` line ends and no index (byte-stable)."""
    path = Path(path)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        write_rows(frame, fh, header=True)
    return path


#: Column kinds (``dtype.kind``) whose values :func:`write_rows` formats itself, as pandas would.
_PLAIN_KINDS = frozenset("Oiufb")
#: The values an object column may hold for that (``pandas.api.types.infer_dtype``), those whose ``str()``
#: is pandas' text; other object columns (floats among strings, say) go through pandas, to be safe.
_PLAIN_OBJECTS = frozenset({"string", "empty", "boolean", "integer", "date"})


def write_rows(frame: pd.DataFrame, fh, *, header: bool = False) -> None:
    """Append ``frame`` to the open text file ``fh`` as CSV: the bytes of ``frame.to_csv(fh, header=header,
    index=False, lineterminator="\\n")``, written faster.

    pandas formats each cell through its own converters before the :mod:`csv`
    module writes it; for columns of objects, integers, floats and booleans
    the :mod:`csv` module alone writes the same text (floats by ``repr``, both),
    once missing values are ``None`` (pandas writes them empty).  Other
    column types go through pandas.  A property test checks the bytes against
    ``to_csv``.
    """
    if (not len(frame.columns) or frame.columns.has_duplicates or not all(isinstance(c, str) for c in frame.columns)
            or any(dt.kind not in _PLAIN_KINDS for dt in frame.dtypes)
            or any(pd.api.types.infer_dtype(frame[c], skipna=True) not in _PLAIN_OBJECTS
                   for c, dt in frame.dtypes.items() if dt.kind == "O")):
        frame.to_csv(fh, header=header, index=False, lineterminator="\n")
        return
    writer = csv.writer(fh, lineterminator="\n")
    if header:
        writer.writerow(frame.columns)
    if frame.empty:
        return
    for start in range(0, len(frame), _ROWS_PER_WRITE):  # a slice at a time: the cells of a slice are objects
        part = frame.iloc[start:start + _ROWS_PER_WRITE]
        columns = []
        for name in part.columns:
            values = part[name]
            cells = values.tolist()
            if values.dtype.kind in "fO":
                missing = values.isna().to_numpy()
                if missing.any():
                    cells = [None if m else c for c, m in zip(cells, missing)]
            columns.append(cells)
        writer.writerows(zip(*columns))


#: Rows that :func:`write_rows` turns into Python objects at once.
_ROWS_PER_WRITE = 5000


def write_outputs(result: CorpusResult, out_dir: str | Path, *, report: bool = True) -> dict[str, Path]:
    """Write every table of ``result`` not yet on disk, the network files and ``report.html``.

    Returns
    -------
    dict of str to pathlib.Path
        Every file of the run, by name.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in TABLES:
        if name == "errors":
            result.files["errors"] = write_csv(result.errors, out_dir / "errors.csv")
        elif name in result.tables and name not in result.files:
            result.files[name] = write_csv(result.tables[name], out_dir / f"{name}.csv")
    files = dict(result.files)
    files.update(_write_network(result, out_dir))
    if report:
        from .report import write_report

        tables, totals = _report_tables(result)
        summary = {"n_files": result.n_files, "n_articles": result.n_articles, "n_words": result.n_words,
                   "n_left_out": result.n_left_out,
                   "n_duplicates_dropped": result.n_duplicates if result.options.drop_duplicates else 0,
                   "unit": result.options.unit, "level": result.options.level}
        files["report"] = write_report(tables, out_dir, summary=summary, totals=totals)
    return files


def _network_edges(result: CorpusResult, articles: Sequence[Article] = (), rows: np.ndarray | None = None,
                   evidence: pd.DataFrame | None = None) -> pd.DataFrame:
    """Rows ``rows`` (default all) of the edges table of the network (:func:`_edge_rows`), with ``evidence``
    when ``articles`` are given (or the ``evidence`` table of :func:`_evidence` is)."""
    edges = _edge_rows(result, rows)
    if evidence is None and len(articles) and len(edges):
        evidence = _evidence(result)
    if evidence is not None:
        edges = edges.merge(evidence, on=["source", "target"], how="left")
        edges["evidence"] = edges["evidence"].fillna("")
    return edges


def _evidence(result: CorpusResult) -> pd.DataFrame:
    """``source, target, evidence``: the ids of the contexts of each pair, ``;``-joined."""
    from .cooccurrence import edge_evidence

    ev = edge_evidence(result["mentions"], unit=result.options.unit, level=result.options.level, by=None)
    return ev.groupby(["source", "target"], sort=False)["context_id"].agg(";".join).rename("evidence").reset_index()


def _edge_keys(result: CorpusResult) -> pd.DataFrame:
    """The table whose rows are the edges of ``result``: ``edges``, or in a streamed run ``pair_counts``
    (same rows, same order; both have ``source, target`` and ``weight``)."""
    return result.tables["edges"] if "edges" in result.tables else result.tables["pair_counts"]


def _n_edges(result: CorpusResult) -> int:
    return len(_edge_keys(result))


def _network_nodes(result: CorpusResult, edges: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """Node attributes as :func:`network_graph` sets them: the ``entities`` row, or the edge's name."""
    nodes: dict[str, dict[str, Any]] = {}
    entities = set(result.tables["entities"]["entity_id"])
    for end in ("source", "target"):
        # the endpoints that are not entities (none in a run's tables), each once, with the edge's name
        ends = edges[end].to_numpy()
        rows = np.flatnonzero(~pd.Series(ends).isin(entities).to_numpy())
        names = (edges[f"{end}_name"] if f"{end}_name" in edges.columns else edges[end]).to_numpy()
        for node, name in zip(ends[rows].tolist(), names[rows].tolist()):
            if node not in nodes:
                nodes[node] = {"name": str(name), "type": "", "country": "", "mentions": 0, "articles": 0}
    for rec in result.tables["entities"].to_dict("records"):
        node = rec.pop("entity_id")
        nodes.setdefault(node, {}).update(rec)
    return nodes


def _graph_attrs(edges: pd.DataFrame, options: RunOptions) -> dict[str, Any]:
    from .network import _native

    attrs = {k: _native(v) for k, v in {**edges.attrs, "unit": options.unit, "level": options.level}.items()
             if v is not None}
    ids = edges["article_id"].astype(str).unique() if "article_id" in edges.columns else []
    attrs["article_id"] = str(ids[0]) if len(ids) == 1 else ""
    if options.min_count > 1:
        attrs["min_count"] = options.min_count
    return attrs


def network_graph(result: CorpusResult, articles: Sequence[Article] = (), *, max_edges: int | None = None):
    """The pooled entity graph of a run (:func:`geoanalysis.network.build_network`).

    Node attributes come from the ``entities`` table (``name, type, country,
    mentions, articles, contexts``); entities without ties are isolated nodes.
    With ``articles`` (small corpora), each edge gets its ``evidence`` context ids.
    With ``max_edges``, only the strongest ``max_edges`` ties (by weight, then
    source and target) and their endpoints are kept: a bounded graph for
    drawing, whatever the size of the corpus.
    """
    from .network import build_network

    if max_edges is not None and _n_edges(result) > max_edges:
        rows, keep = _strongest(result, max_edges), None
    else:
        rows, keep = None, True
    edges = _network_edges(result, articles, rows).copy()
    edges.attrs.update(unit=result.options.unit, level=result.options.level)
    G = build_network(edges, level=result.options.level)
    for rec in result.tables["entities"].to_dict("records"):
        node = rec.pop("entity_id")
        attrs = {k: (v.item() if hasattr(v, "item") else v) for k, v in rec.items()}
        if node in G:
            G.nodes[node].update(attrs)
        elif keep:
            G.add_node(node, **attrs)
    return G


#: Ties drawn in ``network.html`` by :func:`write_outputs` (every tie is in the GraphML, GEXF, JSON and CSV files).
MAX_HTML_EDGES = 500  # = geoanalysis.export.MAX_HTML_EDGES


def _strongest(result: CorpusResult, n: int) -> np.ndarray:
    """Positions of the ``n`` edges of largest weight (ties broken by source, target), in table order."""
    from .report import sorted_head

    table = _edge_keys(result)
    head = sorted_head(table, ["weight", "source", "target"], [False, True, True], n)
    return np.sort(table.index.get_indexer(head.index))


def _write_network(result: CorpusResult, out_dir: Path) -> dict[str, Path]:
    """``network.graphml``, ``.gexf``, ``.json`` (every tie, written a block of edges at a time) and
    ``network.html`` (the strongest :data:`MAX_HTML_EDGES`)."""
    import importlib

    export = importlib.import_module("geoanalysis.export")
    from .network import KEY_COLUMNS

    keys = _edge_keys(result)  # its source and target columns (rows_of gives the rest)
    evidence = _evidence(result) if len(result.articles) and len(keys) else None

    def rows_of(rows: np.ndarray) -> pd.DataFrame:
        edges = _network_edges(result, rows=rows, evidence=evidence)
        if len(edges) and edges["weight"].dtype.kind != "f":
            edges = edges.assign(weight=edges["weight"].astype(float))  # as build_network sets it
        return edges

    first = rows_of(np.arange(min(len(keys), 1)))
    attributes = [c for c in first.columns if c not in KEY_COLUMNS]
    files = export.write_network_files(_network_nodes(result, keys), keys, out_dir,
                                       graph=_graph_attrs(first, result.options), attributes=attributes,
                                       rows_of=rows_of)
    del evidence, keys
    gc.collect()
    G = network_graph(result, result.articles, max_edges=MAX_HTML_EDGES)
    files["network.html"] = export.write_network_html(G, out_dir / "network.html", texts=list(result.articles) or None,
                                                      title="Entity network", total_edges=_n_edges(result))
    return files


def _report_tables(result: CorpusResult) -> tuple[dict[str, pd.DataFrame], dict[str, int]]:
    """Small tables for the report: in-memory ones, and the head of those streamed to disk."""
    from .report import MAX_REPORT_EDGES, MAX_ROWS

    tables: dict[str, pd.DataFrame] = {}
    totals: dict[str, int] = {}
    for name in TABLES:
        if name == "errors":
            tables[name], totals[name] = result.errors, len(result.errors)
        elif name in result.tables:
            tables[name], totals[name] = result.tables[name], len(result.tables[name])
        elif name == "edges" and "pair_counts" in result.tables:  # the strongest ties, all the report shows
            tables[name] = _edge_rows(result, _strongest(result, max(MAX_ROWS, MAX_REPORT_EDGES)))
            totals[name] = _n_edges(result)
        elif name in result.files:
            # tone per article is shown whole (it makes the figure) up to 5000 rows
            limit = 5000 if name == "tone" else MAX_ROWS
            tables[name] = read_table(result.files[name], nrows=limit)
            totals[name] = result.n_rows.get(name, len(tables[name]))
    return tables, totals


def _articles_at_most(paths: Sequence[str | Path], options: RunOptions, limit: int) -> bool:
    """Whether ``paths`` hold at most ``limit`` articles: one per file, the records of JSON and CSV files
    (read here, for a handful of files only)."""
    from .parsing import Record, iter_records

    if len(paths) > limit:
        return False
    n = 0
    for path in paths:
        if _is_record_file(path):
            try:
                for record in iter_records(Path(path), max_bytes=options.max_bytes):
                    n += isinstance(record, Record)
                    if n > limit:
                        return False
            except Exception:  # noqa: BLE001 - the run reports it
                pass
        else:
            n += 1
        if n > limit:
            return False
    return True


def run_corpus(
    source: str | Path | Sequence[str | Path],
    out_dir: str | Path | None = None,
    *,
    options: RunOptions | None = None,
    executor: Executor | None = None,
    jobs: int = 1,
    scheduler: str | None = None,
    pattern: str | None = None,
    progress: bool | None = None,
) -> CorpusResult:
    """Analyse every article under ``source`` and reduce to corpus tables.

    Parameters
    ----------
    source : path or sequence of paths
        Files and/or folders (searched recursively by
        :func:`geoanalysis.parsing.find_files`).
    out_dir : path, optional
        Stream the row tables to ``out_dir/NAME.csv``; without it every table
        is returned in memory (fine for small corpora).
    options : RunOptions, optional
    executor : {"serial", "processes", "dask"}, optional
        Default: ``"dask"`` when ``scheduler`` is given, ``"processes"`` when
        ``jobs > 1``, else ``"serial"``.
    jobs : int, optional (default=1)
        Worker processes (local pool or LocalCluster workers).
    scheduler : str, optional
        Address of a running ``dask.distributed`` scheduler.
    pattern : str, optional
        Glob pattern for files inside folders (default: every supported format).
    progress : bool, optional (default: when stderr is a terminal)
        Show a tqdm progress bar.

    Returns
    -------
    CorpusResult

    Examples
    --------
    >>> from geoanalysis import config
    >>> result = run_corpus(config.RAW_DATA_DIR)
    >>> result.n_articles, result.ok
    (2, True)
    """
    from tqdm.auto import tqdm

    from .parsing import find_files

    options = options or RunOptions()
    if executor is None:
        executor = "dask" if scheduler else ("processes" if jobs > 1 else "serial")
    paths = [str(p) for p in find_files(source, pattern)]  # (text: a Path object per file costs ten times more)
    if options.compare_by == "auto":
        if _articles_at_most(paths, options, MAX_ARTICLE_COMPARISONS):
            by = "article"
        else:
            by = "folder" if len({Path(p).parent for p in paths}) > 1 else "outlet"
        options = replace(options, compare_by=by)
        LOGGER.info("keyness compares each %s (compare_by=%r)", by, by)
    started = time.perf_counter()
    copies = None
    if options.drop_duplicates or options.similarity < 1:
        copies = _duplicate_map(paths, options, executor, jobs, scheduler)
        if options.drop_duplicates:
            options = replace(options, exclude_ids=frozenset(copies))
        LOGGER.info("%d articles copy an earlier one%s", len(copies),
                    " and are left out" if options.drop_duplicates else "")
    reducer = Reducer(out_dir, options=options, copies=copies)
    if progress is None:
        progress = sys.stderr.isatty()
    LOGGER.info("analysing %d files with %s (jobs=%d)", len(paths), executor, jobs)
    bar = tqdm(total=len(paths), unit="file", disable=not progress, desc="analyse")
    try:
        for n_files, results in analyze_paths(paths, options=options, executor=executor, jobs=jobs,
                                              scheduler=scheduler):
            reducer.add(results, n_files=n_files)
            bar.update(n_files)
    finally:
        bar.close()
    result = reducer.close()
    result.seconds = time.perf_counter() - started
    LOGGER.info("%d articles, %d words, %d errors in %.1f s", result.n_articles, result.n_words,
                len(result.errors), result.seconds)
    return result

