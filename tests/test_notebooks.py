"""The ordered notebooks: committed clean, and executed end to end with papermill (geoanalysis.nbrun)."""
from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from geoanalysis import config, nbrun

NOTEBOOKS = nbrun.notebook_paths()
ABSOLUTE_PATH = re.compile(r"""["'](?:/(?:work|home|Users|tmp|root|mnt|opt|var|data)\b|[A-Za-z]:\\|~/|\.\./)""")


def _notebook(tmp_path: Path, name: str, *cells: str, params: str = "DATA_DIR = None\nSEED = 0") -> Path:
    nb = new_notebook(
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python"},
        }
    )
    parameters = new_code_cell(params)
    parameters.metadata["tags"] = ["parameters"]
    nb.cells = [new_markdown_cell("# A <b>test</b> notebook"), parameters, *map(new_code_cell, cells)]
    path = tmp_path / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path


def _outputs(path: Path) -> list[dict]:
    nb = nbformat.read(path, as_version=4)
    return [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]


# --------------------------------------------------------------------------- committed notebooks


def test_all_ordered_notebooks_are_present():
    assert [p.stem for p in NOTEBOOKS] == list(nbrun.NOTEBOOK_NAMES)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
class TestCommittedNotebook:
    def test_has_no_outputs_or_execution_counts(self, path):
        nb = nbformat.read(path, as_version=4)
        for i, cell in enumerate(nb.cells):
            if cell.cell_type == "code":
                assert cell.outputs == [], f"cell {i} has outputs"
                assert cell.execution_count is None, f"cell {i} has an execution count"

    def test_starts_with_a_title_cell(self, path):
        first = nbformat.read(path, as_version=4).cells[0]
        assert first.cell_type == "markdown"
        assert re.match(r"# \S", first.source)

    def test_has_a_parameters_cell_with_data_dir_none(self, path):
        nb = nbformat.read(path, as_version=4)
        tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1
        assert re.search(r"^DATA_DIR\s*=\s*None\s*(?:#.*)?$", tagged[0].source, re.MULTILINE)
        assert re.search(r"^SEED\s*=\s*0\s*(?:#.*)?$", tagged[0].source, re.MULTILINE)

    def test_has_no_hard_coded_paths(self, path):
        nb = nbformat.read(path, as_version=4)
        for i, cell in enumerate(nb.cells):
            if cell.cell_type == "code":
                assert not ABSOLUTE_PATH.search(cell.source), f"cell {i} hard-codes a path"


# --------------------------------------------------------------------------- the runner


def test_notebook_paths_sorts_ordered_notebooks_only(tmp_path):
    for name in ["02-b", "01-a", "x-draft", "10-later"]:
        (tmp_path / f"{name}.ipynb").write_text("{}")
    assert [p.name for p in nbrun.notebook_paths(tmp_path)] == ["01-a.ipynb", "02-b.ipynb"]


def test_run_notebooks_injects_parameters_and_uses_this_interpreter(tmp_path):
    source = _notebook(
        tmp_path,
        "01-probe",
        "import os, sys\nprint(sys.executable)\nprint(os.getcwd())\nprint(DATA_DIR)\nprint(OUTPUT_DIR)",
        params="DATA_DIR = None\nOUTPUT_DIR = None",
    )
    runs = nbrun.run_notebooks(config.RAW_DATA_DIR, tmp_path / "out", notebooks=[source])
    assert [(r.name, r.ok) for r in runs] == [("01-probe", True)]
    printed = "".join(o.get("text", "") for o in _outputs(runs[0].ipynb)).splitlines()
    assert printed == [
        sys.executable,
        str(tmp_path),
        str(config.RAW_DATA_DIR.resolve()),
        str((tmp_path / "out" / "figures").resolve()),
    ]


def test_undeclared_parameters_are_not_injected(tmp_path):
    source = _notebook(tmp_path, "01-plain", "print('OUTPUT_DIR' in globals())")
    (run,) = nbrun.run_notebooks(tmp_path, tmp_path / "out", notebooks=[source])
    assert [o["text"] for o in _outputs(run.ipynb)] == ["False\n"]


def test_html_is_self_contained_with_embedded_figure_and_escaped_text(tmp_path):
    source = _notebook(
        tmp_path,
        "01-fig",
        "import matplotlib\nmatplotlib.use('Agg')\nimport matplotlib.pyplot as plt\nplt.plot([1, 2]); plt.show()",
        "print('<script>alert(1)</script>')",
    )
    (run,) = nbrun.run_notebooks(tmp_path, tmp_path / "out", notebooks=[source])
    page = run.html.read_text(encoding="utf-8")
    assert page.count("data:image/png;base64,") == 1
    assert not re.search(r"<script[^>]+src=", page)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_failing_notebook_is_reported_after_the_others_ran(tmp_path):
    bad = _notebook(tmp_path, "01-bad", "raise KeyError('boom')")
    good = _notebook(tmp_path, "02-good", "print(1 + 1)")
    with pytest.raises(nbrun.NotebookError, match=r"1 of 2 notebooks failed:\n01-bad: KeyError: 'boom'"):
        nbrun.run_notebooks(tmp_path, tmp_path / "out", notebooks=[bad, good])
    assert (tmp_path / "out" / "01-bad.html").exists()  # the traceback is viewable
    assert [o["text"] for o in _outputs(tmp_path / "out" / "02-good.ipynb")] == ["2\n"]


def test_missing_data_dir_is_a_value_error(tmp_path):
    with pytest.raises(ValueError, match="it must be an existing folder"):
        nbrun.run_notebooks(tmp_path / "missing", tmp_path / "out")


# --------------------------------------------------------------------------- the real notebooks


def _check_executed(runs: list[nbrun.NotebookRun]) -> None:
    assert [r.name for r in runs] == list(nbrun.NOTEBOOK_NAMES)
    for run in runs:
        assert run.ok, run.error
        outputs = _outputs(run.ipynb)
        assert not [o for o in outputs if o.output_type == "error"]
        kinds = {k for o in outputs for k in o.get("data", {})}
        assert "image/png" in kinds, f"{run.name} shows no figure"
        assert "text/html" in kinds, f"{run.name} shows no table"
        page = run.html.read_text(encoding="utf-8")
        assert "data:image/png;base64," in page
        assert not re.search(r"<script[^>]+src=", page)


@pytest.mark.slow
@pytest.mark.notebooks
def test_notebooks_execute_in_order_on_the_default_articles(tmp_path):
    _check_executed(nbrun.run_notebooks(config.RAW_DATA_DIR, tmp_path))


@pytest.mark.slow
@pytest.mark.notebooks
def test_notebooks_run_on_any_folder_of_articles(tmp_path):
    """Other articles in every format (none names Putin, whom the parameters name; their networks are
    disconnected), not the default ones."""
    data = tmp_path / "articles"
    data.mkdir()
    fixtures = Path(__file__).resolve().parent / "fixtures"
    for path in sorted(fixtures.iterdir()):
        shutil.copy(path, data / f"mine-{path.name}")
    runs = nbrun.run_notebooks(data, tmp_path / "out")
    _check_executed(runs)
    text = "".join(
        o.get("text", "") + str(o.get("data", {}).get("text/plain", ""))
        for run in runs
        for o in _outputs(run.ipynb)
    )
    assert "mine-article" in text and "mine-opinion" in text


_FRENCH = ("Les députés ont adopté à une large majorité le projet de loi sur le renseignement défendu par le "
           "gouvernement lors d'un vote solennel, mardi. Il sera désormais examiné par le Sénat, puis le Conseil "
           "constitutionnel, prochainement saisi par soixante-quinze députés de l'opposition.")


_CALM = ("Quiet day\n\nThe weather was fine today in the capital. Russia was not mentioned with anyone else. "
         "Nothing else happened at all, officials said.\n")


@pytest.mark.slow
@pytest.mark.notebooks
@pytest.mark.parametrize("ties", [True, False], ids=["with-ties", "without-ties"])
def test_notebooks_run_on_one_english_article_beside_a_french_one(tmp_path, ties):
    """One article to analyse (the network notebook compares it with itself; without ties, there is no link to
    read back) and one left out for its language: the sources notebook lists both, the others never see the
    French one."""
    data = tmp_path / "articles"
    data.mkdir()
    if ties:
        shutil.copy(Path(__file__).resolve().parent / "fixtures" / "plain.txt", data / "wire.txt")
    else:
        (data / "wire.txt").write_text(_CALM, encoding="utf-8")
    (data / "projet-de-loi.txt").write_text(_FRENCH, encoding="utf-8")
    runs = nbrun.run_notebooks(data, tmp_path / "out", html=False)
    assert [(r.name, r.ok, r.error) for r in runs] == [(n, True, None) for n in nbrun.NOTEBOOK_NAMES]
    texts = {run.name: "".join(o.get("text", "") + str(o.get("data", {}).get("text/plain", ""))
                               for o in _outputs(run.ipynb)) for run in runs}
    assert "projet-de-loi" in texts["01-sources"]
    for name in nbrun.NOTEBOOK_NAMES[1:]:
        assert "wire" in texts[name] and "projet-de-loi" not in texts[name], name
