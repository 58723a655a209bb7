"""Execute the ordered notebooks with papermill parameters and export them to self-contained HTML.

``geoanalysis notebooks --data DIR --out DIR`` (and ``make report``) call
:func:`run_notebooks`: every ``notebooks/0*.ipynb`` is executed in name order
with ``DATA_DIR`` (and ``OUTPUT_DIR`` where the notebook declares it) injected
by papermill, the executed notebook is written to ``OUT/NAME.ipynb`` and an
offline HTML rendering (figures embedded, no CDN scripts) to ``OUT/NAME.html``.

The kernel is always the running interpreter (:data:`sys.executable`), whatever
kernelspecs are installed, so a virtual environment runs its notebooks with its
own packages.
"""
from __future__ import annotations

import logging
import os
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from . import config

__all__ = [
    "NOTEBOOK_NAMES",
    "NotebookRun",
    "NotebookError",
    "notebook_paths",
    "execute_notebook",
    "notebook_to_html",
    "run_notebooks",
]

LOGGER = logging.getLogger(__name__)

#: The ordered notebooks of the project (``notebooks/NAME.ipynb``).
NOTEBOOK_NAMES: tuple[str, ...] = (
    "01-sources",
    "02-entity-frequency",
    "03-relationship-networks",
    "04-narrative-comparison",
)

# nbconvert's "lab" template without the scripts it loads from a CDN
# (require.js, MathJax, mermaid): the HTML opens offline and figures are embedded.
_OFFLINE_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
"""

_ASSIGNMENT = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*(?::[^=]+)?=", re.MULTILINE)


class NotebookError(RuntimeError):
    """Raised by :func:`run_notebooks` when one or more notebooks failed."""

    def __init__(self, runs: Sequence["NotebookRun"]):
        self.runs = tuple(runs)
        failed = [r for r in self.runs if r.error]
        lines = [f"{r.name}: {r.error}" for r in failed]
        super().__init__(f"{len(failed)} of {len(self.runs)} notebooks failed:\n" + "\n".join(lines))


@dataclass(frozen=True)
class NotebookRun:
    """The outcome of one notebook: its executed copy, its HTML and the error, if any."""

    name: str
    source: Path
    ipynb: Path
    html: Path | None
    seconds: float
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def notebook_paths(directory: str | Path | None = None) -> list[Path]:
    """The ordered notebooks ``0*.ipynb`` of ``directory`` (default ``notebooks/``), sorted by name.

    Examples
    --------
    >>> [p.name for p in notebook_paths("/nonexistent")]
    []
    """
    directory = Path(directory) if directory is not None else config.NOTEBOOKS_DIR
    return sorted(p for p in directory.glob("0*.ipynb") if p.is_file())


def _kernel_manager_class() -> type:
    """An ``AsyncKernelManager`` whose kernel is ``sys.executable -m ipykernel_launcher``.

    nbclient would otherwise look the kernel name up among the installed
    kernelspecs, where a user-level ``python3`` spec may point at another
    interpreter without this package.
    """
    from jupyter_client import AsyncKernelManager
    from jupyter_client.kernelspec import KernelSpec

    class VenvKernelManager(AsyncKernelManager):  # type: ignore[misc, valid-type]
        @property
        def kernel_spec(self) -> KernelSpec:  # type: ignore[override]
            return KernelSpec(
                argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                display_name="Python 3 (geoanalysis)",
                language="python",
                resource_dir="",
            )

    return VenvKernelManager


def _declared_parameters(notebook: Any) -> set[str]:
    """Names assigned in the cells tagged ``parameters``."""
    names: set[str] = set()
    for cell in notebook.cells:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            names.update(_ASSIGNMENT.findall(cell.source))
    return names


def execute_notebook(
    source: str | Path,
    output: str | Path,
    *,
    parameters: Mapping[str, Any] | None = None,
    cwd: str | Path | None = None,
    timeout: int = 1200,
    progress: bool = False,
) -> Path:
    """Execute one notebook with papermill and write the executed copy to ``output``.

    Parameters
    ----------
    source : path
        The notebook to run (left untouched).
    output : path
        Where the executed notebook goes; written even when a cell fails.
    parameters : mapping, optional
        Values injected after the cell tagged ``parameters``. Names the
        notebook does not declare there are dropped (with a debug message).
    cwd : path, optional (default: the notebook's folder)
        Working directory of the kernel.
    timeout : int, optional (default=1200)
        Seconds allowed per cell.
    progress : bool, optional (default=False)
        Show papermill's progress bar.

    Returns
    -------
    pathlib.Path
        ``output``.

    Raises
    ------
    papermill.PapermillExecutionError
        When a cell raised; ``output`` then holds the traceback.
    """
    import nbformat
    import papermill as pm

    source, output = Path(source), Path(output)
    if timeout < 1:
        raise ValueError(f"timeout = {timeout} is invalid; it must be >= 1")
    output.parent.mkdir(parents=True, exist_ok=True)
    notebook = nbformat.read(source, as_version=4)
    declared = _declared_parameters(notebook)
    params = {k: v for k, v in (parameters or {}).items() if k in declared}
    dropped = sorted(set(parameters or {}) - set(params))
    if dropped:
        LOGGER.debug("%s does not declare %s; not injected", source.name, ", ".join(dropped))
    # the kernel inherits this environment: a MPLBACKEND=Agg set for headless
    # runs (CI, tests) would make every figure invisible in the executed notebook
    previous = os.environ.get("MPLBACKEND")
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    try:
        _execute(pm, source, output, params, cwd, timeout, progress)
    finally:
        if previous is None:
            os.environ.pop("MPLBACKEND", None)
        else:
            os.environ["MPLBACKEND"] = previous
    return output


def _execute(pm: Any, source: Path, output: Path, params: dict, cwd: Any, timeout: int, progress: bool) -> None:
    pm.execute_notebook(
        str(source),
        str(output),
        parameters=params,
        kernel_name="python3",
        language="python",
        cwd=str(cwd if cwd is not None else source.parent),
        progress_bar=progress,
        log_output=False,
        execution_timeout=timeout,
        kernel_manager_class=_kernel_manager_class(),
    )


def notebook_to_html(notebook: str | Path, output: str | Path | None = None) -> Path:
    """Render an executed notebook to one self-contained HTML file.

    Figures are embedded as data URIs and no script is loaded from a CDN;
    text outputs are escaped by nbconvert.

    Parameters
    ----------
    notebook : path
        An ``.ipynb`` file.
    output : path, optional (default: ``notebook`` with suffix ``.html``)

    Returns
    -------
    pathlib.Path
        The HTML file written.
    """
    import jinja2
    import nbformat
    from nbconvert import HTMLExporter

    notebook = Path(notebook)
    output = Path(output) if output is not None else notebook.with_suffix(".html")
    exporter = HTMLExporter(
        template_name="lab",
        extra_loaders=[jinja2.DictLoader({"geoanalysis_offline.html.j2": _OFFLINE_TEMPLATE})],
        template_file="geoanalysis_offline.html.j2",
        embed_images=True,
        exclude_anchor_links=True,
    )
    body, _ = exporter.from_notebook_node(nbformat.read(notebook, as_version=4))
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(body, encoding="utf-8")
    return output


def run_notebooks(
    data_dir: str | Path | None = None,
    out_dir: str | Path | None = None,
    *,
    notebooks: Iterable[str | Path] | None = None,
    parameters: Mapping[str, Any] | None = None,
    html: bool = True,
    timeout: int = 1200,
    progress: bool | None = None,
    raise_on_error: bool = True,
) -> list[NotebookRun]:
    """Execute the ordered notebooks on a folder of articles and export them.

    Parameters
    ----------
    data_dir : path, optional (default: ``data/raw``)
        Folder of articles, injected as ``DATA_DIR`` (an absolute path).
    out_dir : path, optional (default: ``reports/``)
        Receives ``NAME.ipynb`` and ``NAME.html`` per notebook; ``OUTPUT_DIR``
        (injected where declared) is ``out_dir/figures``.
    notebooks : iterable of path, optional (default: :func:`notebook_paths`)
    parameters : mapping, optional
        Further parameters for every notebook that declares them.
    html : bool, optional (default=True)
        Also write the HTML rendering.
    timeout : int, optional (default=1200)
        Seconds allowed per cell.
    progress : bool, optional (default: when stderr is a terminal)
    raise_on_error : bool, optional (default=True)
        Raise :class:`NotebookError` after all notebooks ran if any failed.

    Returns
    -------
    list of NotebookRun
        One per notebook, in execution order.
    """
    from papermill.exceptions import PapermillExecutionError

    data_dir = Path(data_dir) if data_dir is not None else config.RAW_DATA_DIR
    out_dir = Path(out_dir) if out_dir is not None else config.REPORTS_DIR
    if not data_dir.is_dir():
        raise ValueError(f"data_dir = {str(data_dir)!r} is invalid; it must be an existing folder")
    paths = [Path(p) for p in notebooks] if notebooks is not None else notebook_paths()
    if not paths:
        LOGGER.warning("no notebooks to run")
        return []
    if progress is None:
        progress = sys.stderr.isatty()
    out_dir.mkdir(parents=True, exist_ok=True)
    params = {
        "DATA_DIR": str(data_dir.resolve()),
        "OUTPUT_DIR": str((out_dir / "figures").resolve()),
        **dict(parameters or {}),
    }
    runs: list[NotebookRun] = []
    for source in paths:
        target = out_dir / source.name
        LOGGER.info("executing %s -> %s", source.name, target)
        started = time.perf_counter()
        error = None
        try:
            execute_notebook(source, target, parameters=params, timeout=timeout, progress=progress)
        except PapermillExecutionError as exc:
            error = f"{exc.ename}: {exc.evalue} (cell {exc.exec_count})"
        except Exception as exc:  # kernel died, timeout, unreadable notebook
            error = f"{type(exc).__name__}: {exc}"
        page = None
        if html and target.exists():
            page = notebook_to_html(target, target.with_suffix(".html"))
        seconds = time.perf_counter() - started
        if error:
            LOGGER.error("%s failed after %.1f s: %s", source.name, seconds, error)
        else:
            LOGGER.info("%s done in %.1f s", source.name, seconds)
        runs.append(NotebookRun(source.stem, source, target, page, seconds, error))
    if raise_on_error and any(r.error for r in runs):
        raise NotebookError(runs)
    return runs
