"""One self-contained HTML report of a corpus run: every stage summarized, figures embedded, text escaped.

The page is rendered with Jinja2 with autoescaping on, so every piece of
article text (titles, quotes, entity names, file names) is HTML-escaped; the
JSON summary embedded in a ``<script type="application/json">`` has ``<``,
``>`` and ``&`` written as ``\\u003c``, ``\\u003e`` and ``\\u0026``. A
Content-Security-Policy forbids scripts and any remote resource: the file
opens offline and nothing in it can run.
"""
from __future__ import annotations

import base64
import io
import json
import logging
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

import numpy as np
import pandas as pd
from markupsafe import Markup

__all__ = ["ReportFigure", "json_for_script", "report_figures", "render_report", "write_report"]

LOGGER = logging.getLogger(__name__)

#: Rows shown per table in the report (all rows are in the CSV files).
MAX_ROWS = 25
#: Ties drawn in the report's network figure (the strongest).
MAX_REPORT_EDGES = 40


@dataclass(frozen=True)
class ReportFigure:
    """A PNG figure: file name (under ``figures/``), alt text and the image bytes."""

    name: str
    alt: str
    png: bytes


@dataclass(frozen=True)
class _Section:
    id: str
    title: str
    table: str | None
    text: str
    columns: tuple[str, ...] = ()
    sort: tuple[str, bool] | None = None  # (column, ascending)


SECTIONS: tuple[_Section, ...] = (
    _Section("articles", "Articles", "articles",
             "One row per article: where it comes from, when it was published and how long it is.",
             ("article_id", "title", "outlet", "date", "authors", "n_sentences", "n_words")),
    _Section("entities", "Entities", "entities",
             "The people, countries, cities and organizations the articles name, most mentioned first.",
             sort=("mentions", False)),
    _Section("network", "Relationship network", "edges",
             "Pairs of entities named in the same context; stronger ties first.",
             sort=("weight", False)),
    _Section("keyness", "Keyness", "keyness",
             "Words that distinguish one article (or group) from its reference (signed log-likelihood G2).",
             sort=("g2", False)),
    _Section("tone", "Tone", "tone", "VADER sentiment of the sentences, summarized per article."),
    _Section("frames", "Frames", "frames", "Framing categories found in each article."),
    _Section("stance", "Stance", "stance", "Stance expressed towards the entities."),
    _Section("quotes", "Quotes", "quotes", "Direct quotations and who they are attributed to.",
             ("article_id", "text", "kind", "speaker", "attribution")),
    _Section("alignment", "Claim alignment", "alignment",
             "Sentences of different articles that make the same claim."),
    _Section("timeline", "Timeline", "timeline", "Dated events the articles mention, in date order."),
    _Section("errors", "Skipped files", "errors", "Files that could not be analysed, with the reason."),
)


def json_for_script(value: Any) -> Markup:
    """JSON safe to embed inside a ``<script>`` element.

    Examples
    --------
    >>> str(json_for_script({"t": "</script><b>&"}))
    '{"t": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(text)


def _cell(value: Any) -> dict[str, Any]:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return {"value": "", "num": False}
    if isinstance(value, bool):
        return {"value": str(value), "num": False}
    if isinstance(value, float):
        return {"value": f"{value:.4g}", "num": True}
    if isinstance(value, int) or (hasattr(value, "dtype") and getattr(value.dtype, "kind", "") in "iu"):
        return {"value": str(value), "num": True}
    text = str(value)
    if len(text) > 300:
        text = text[:297] + "..."
    return {"value": text, "num": False}


def sorted_head(frame: pd.DataFrame, by: str | list[str], ascending: bool | list[bool], n: int) -> pd.DataFrame:
    """``frame.sort_values(by, ascending=ascending, kind="mergesort").head(n)``, sorting only the key columns.

    The rows come in the same order (a stable sort on the same keys); only
    the ``n`` rows taken are copied, not the whole table.
    """
    by = [by] if isinstance(by, str) else list(by)
    ascending = [ascending] * len(by) if isinstance(ascending, bool) else list(ascending)
    rows = np.arange(len(frame))
    first = frame[by[0]].to_numpy()
    if 0 < n < len(frame) // 4 and first.dtype.kind in "iuf" and not np.isnan(first).any():
        # only the rows that can be among the first n: those at or beyond the n-th value of the first key
        nth = np.partition(first, n - 1)[n - 1] if ascending[0] else np.partition(first, len(first) - n)[len(first) - n]
        rows = np.flatnonzero(first <= nth if ascending[0] else first >= nth)
    keys = frame[by].iloc[rows].reset_index(drop=True)
    return frame.iloc[rows[keys.sort_values(by, ascending=ascending, kind="mergesort").index[:n]]]


def _table_view(frame: pd.DataFrame, section: _Section, total: int, file: str | None) -> dict[str, Any]:
    columns = [c for c in section.columns if c in frame.columns] or list(frame.columns)
    if section.sort and section.sort[0] in frame.columns:
        head = sorted_head(frame, section.sort[0], section.sort[1], MAX_ROWS)[columns]
    else:
        head = frame[columns].head(MAX_ROWS)
    rows = [[_cell(v) for v in record] for record in head.itertuples(index=False, name=None)]
    return {"columns": columns, "rows": rows, "total": total, "more": total > len(rows), "file": file}


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, bbox_inches="tight", metadata={"Software": None})
    return buf.getvalue()


def _bar_figure(frame: pd.DataFrame, label: str, value: str, title: str) -> Any:
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, max(2.0, 0.28 * len(frame) + 1)))
    ax.barh(frame[label].astype(str).to_numpy()[::-1], frame[value].to_numpy()[::-1], color="#4c72b0")
    ax.set_xlabel(value)
    ax.set_title(title)
    return fig


def _entities_figure(tables: Mapping[str, pd.DataFrame]) -> tuple[str, Any] | None:
    ents = tables.get("entities")
    if ents is None or ents.empty or not {"name", "mentions"} <= set(ents.columns):
        return None
    top = ents.groupby("name", as_index=False)["mentions"].sum()
    top = top.sort_values(["mentions", "name"], ascending=[False, True], kind="mergesort").head(15)
    return "Most mentioned entities", _bar_figure(top, "name", "mentions", "Most mentioned entities")


def _network_figure(tables: Mapping[str, pd.DataFrame]) -> tuple[str, Any] | None:
    edges = tables.get("edges")
    if edges is None or edges.empty or not {"source", "target", "weight"} <= set(edges.columns):
        return None
    import matplotlib.pyplot as plt
    import networkx as nx

    top = sorted_head(edges, ["weight", "source", "target"], [False, True, True], MAX_REPORT_EDGES)
    names = {}
    for side in ("source", "target"):
        if f"{side}_name" in top.columns:
            names.update(zip(top[side], top[f"{side}_name"]))
    graph = nx.from_pandas_edgelist(top, "source", "target", edge_attr="weight")
    pos = nx.spring_layout(graph, seed=0, weight="weight")
    fig, ax = plt.subplots(figsize=(8, 6))
    widths = top["weight"].to_numpy(dtype=float)
    widths = 0.5 + 3.5 * widths / widths.max() if widths.max() > 0 else widths
    nx.draw_networkx_edges(graph, pos, ax=ax, width=list(widths), edge_color="#999999",
                           edgelist=list(zip(top["source"], top["target"])))
    nx.draw_networkx_nodes(graph, pos, ax=ax, node_size=120, node_color="#dd8452")
    nx.draw_networkx_labels(graph, pos, labels={n: names.get(n, n) for n in graph}, ax=ax, font_size=8)
    ax.set_title("Strongest co-occurrence ties")
    ax.set_axis_off()
    return "Network of the strongest co-occurrence ties", fig


def _tone_figure(tables: Mapping[str, pd.DataFrame]) -> tuple[str, Any] | None:
    tone = tables.get("tone")
    if tone is None or tone.empty or not {"article_id", "mean_compound"} <= set(tone.columns):
        return None
    import matplotlib.pyplot as plt

    if len(tone) <= 30:
        return "Mean sentence tone per article", _bar_figure(tone, "article_id", "mean_compound",
                                                            "Mean sentence tone (VADER compound)")
    fig, ax = plt.subplots(figsize=(7, 3.5))
    ax.hist(tone["mean_compound"].dropna().to_numpy(), bins=30, color="#4c72b0")
    ax.set_xlabel("mean_compound")
    ax.set_ylabel("articles")
    ax.set_title("Mean sentence tone per article")
    return "Distribution of mean sentence tone over articles", fig


FIGURES: dict[str, Callable[[Mapping[str, pd.DataFrame]], tuple[str, Any] | None]] = {
    "entities": _entities_figure,
    "network": _network_figure,
    "tone": _tone_figure,
}


def report_figures(tables: Mapping[str, pd.DataFrame]) -> dict[str, ReportFigure]:
    """The report's figures (PNG bytes), keyed by the section they illustrate.

    Uses the non-interactive Agg backend; every figure is closed after saving.
    """
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    out: dict[str, ReportFigure] = {}
    for section, make in FIGURES.items():
        try:
            made = make(tables)
        except Exception:  # noqa: BLE001 - a figure must not sink the report
            LOGGER.warning("figure for %s failed", section, exc_info=True)
            continue
        if made is None:
            continue
        alt, fig = made
        try:
            out[section] = ReportFigure(f"{section}.png", alt, _png(fig))
        finally:
            plt.close(fig)
    return out


def render_report(
    tables: Mapping[str, pd.DataFrame],
    *,
    summary: Mapping[str, Any] | None = None,
    figures: Mapping[str, ReportFigure] | None = None,
    totals: Mapping[str, int] | None = None,
    title: str = "geoanalysis report",
) -> str:
    """The report as an HTML string.

    Parameters
    ----------
    tables : mapping of str to pandas.DataFrame
        Tables by name (``articles``, ``entities``, ``edges`` ...); sections
        whose table is absent are left out. Each shows its first rows.
    summary : mapping, optional
        Run facts (``n_files``, ``n_articles``, ``n_words``, ``seconds`` ...).
    figures : mapping of str to ReportFigure, optional
        Figures by section id (default: :func:`report_figures`).
    totals : mapping of str to int, optional
        Full row count of tables of which only a head is passed.
    title : str, optional

    Returns
    -------
    str

    Examples
    --------
    >>> import pandas as pd
    >>> page = render_report({"articles": pd.DataFrame({"article_id": ["a"], "title": ["<script>x</script>"]})},
    ...                      figures={})
    >>> "&lt;script&gt;x&lt;/script&gt;" in page, "<script>x" in page
    (True, False)
    """
    import jinja2

    from . import __version__

    summary = dict(summary or {})
    totals = dict(totals or {})
    if figures is None:
        figures = report_figures(tables)
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("geoanalysis", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    sections = []
    for spec in SECTIONS:
        frame = tables.get(spec.table) if spec.table else None
        if frame is None:
            continue
        total = int(totals.get(spec.table, len(frame)))
        if spec.id == "errors" and total == 0:
            continue
        figs = [figures[spec.id]] if spec.id in figures else []
        sections.append({
            "id": spec.id,
            "title": spec.title,
            "text": spec.text,
            "figures": [{"name": f.name, "alt": f.alt, "data": base64.b64encode(f.png).decode("ascii")}
                        for f in figs],
            "table": _table_view(frame, spec, total, f"{spec.table}.csv"),
            "reading": _reading(spec.id, frame),
        })
    cards = [
        ("articles", summary.get("n_articles", len(tables.get("articles", ())))),
        ("words", summary.get("n_words", "")),
        ("entities", totals.get("entities", len(tables.get("entities", ())))),
        ("ties", totals.get("edges", len(tables.get("edges", ())))),
        ("files skipped", totals.get("errors", len(tables.get("errors", ())))),
    ]
    if summary.get("n_left_out"):
        cards.insert(2, ("not analysed (language)", summary["n_left_out"]))
    if summary.get("n_duplicates_dropped"):
        cards.insert(2, ("duplicates left out", summary["n_duplicates_dropped"]))
    template = env.get_template("report.html")
    return template.render(
        title=title,
        version=__version__,
        summary=summary,
        cards=cards,
        sections=sections,
        summary_json=json_for_script(summary),
    )


def _reading(section: str, frame: pd.DataFrame) -> str:
    """One sentence reading the section's table (plain text; escaped by the template)."""
    if frame.empty:
        return ""
    if section == "entities" and {"name", "mentions"} <= set(frame.columns):
        top = sorted_head(frame, "mentions", False, 1).iloc[0]
        return f"{top['name']} is the most mentioned entity ({int(top['mentions'])} mentions)."
    if section == "network" and {"source", "target", "weight"} <= set(frame.columns):
        top = sorted_head(frame, "weight", False, 1).iloc[0]
        a = top.get("source_name", top["source"])
        b = top.get("target_name", top["target"])
        return f"The strongest tie links {a} and {b} (weight {top['weight']:.3g})."
    if section == "tone" and {"article_id", "mean_compound"} <= set(frame.columns):
        lo = sorted_head(frame, "mean_compound", True, 1).iloc[0]
        return f"The most negative article is {lo['article_id']} (mean compound {lo['mean_compound']:.2f})."
    if section == "errors":
        return f"{len(frame)} files were skipped; the reasons are listed above."
    return ""


_SAFE_NAME = re.compile(r"[^A-Za-z0-9_.-]")


def write_report(
    tables: Mapping[str, pd.DataFrame],
    out_dir: str | Path,
    *,
    summary: Mapping[str, Any] | None = None,
    totals: Mapping[str, int] | None = None,
    title: str = "geoanalysis report",
) -> Path:
    """Write ``out_dir/report.html`` and the figures to ``out_dir/figures/``.

    Returns
    -------
    pathlib.Path
        The report file.
    """
    out_dir = Path(out_dir)
    figures = report_figures(tables)
    fig_dir = out_dir / "figures"
    fig_dir.mkdir(parents=True, exist_ok=True)
    for fig in figures.values():
        (fig_dir / _SAFE_NAME.sub("_", fig.name)).write_bytes(fig.png)
    page = render_report(tables, summary=summary, figures=figures, totals=totals, title=title)
    path = out_dir / "report.html"
    path.write_text(page, encoding="utf-8")
    return path
