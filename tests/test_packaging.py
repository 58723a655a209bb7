"""Packaging: pyproject and environment.yml agree, the README's two commands exist, make help lists targets."""
from __future__ import annotations

import re
import subprocess
import tomllib

import yaml

from geoanalysis.config import PROJ_ROOT


def _name(req: str) -> str:
    return re.split(r"[<>=!~\[ ;]", req.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _spec(req: str) -> str:
    name = re.split(r"[<>=!~ ;]", req.strip(), maxsplit=1)[0]
    return req.strip()[len(name):].replace(" ", "")


def test_environment_yml_agrees_with_pyproject():
    project = tomllib.loads((PROJ_ROOT / "pyproject.toml").read_text())["project"]
    env = yaml.safe_load((PROJ_ROOT / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    declared = {_name(r): _spec(r) for r in project["dependencies"]}
    in_env = {_name(r): _spec(r) for r in conda + pip if not r.startswith("-e") and _name(r) not in ("python", "pip")}
    assert in_env == declared
    assert "-e .[dev]" in pip  # the package itself, editable
    python = next(d for d in conda if _name(d) == "python")
    assert _spec(python) == project["requires-python"]


def test_readme_first_screen_shows_the_two_commands():
    first_screen = "\n".join((PROJ_ROOT / "README.md").read_text().splitlines()[:40])
    assert "make report" in first_screen and "make test" in first_screen


def test_ci_runs_make_test():
    assert "make test" in (PROJ_ROOT / ".ci" / "run").read_text()


def test_make_help_lists_targets():
    out = subprocess.run(["make", "-s", "help"], cwd=PROJ_ROOT, capture_output=True, text=True, check=True).stdout
    for target in ("report", "test", "lab", "bench", "help"):
        assert re.search(rf"\b{target}\b", out), target


def test_default_corpus_is_in_data_raw():
    names = sorted(p.name for p in (PROJ_ROOT / "data" / "raw").iterdir())
    assert names == ["000_e51d81372494049d.txt", "002_155cf58b7002bab6.txt"]


def test_import_leaves_plotting_libraries_for_first_use():
    """``import geoanalysis`` (the CLI and every worker process) loads no plotting library; every public
    name still resolves, plot helpers on first use."""
    import sys

    code = ("import sys, geoanalysis as g\n"
            "print(sorted(m for m in ('seaborn', 'matplotlib') if m in sys.modules))\n"
            "missing = [n for n in g.__all__ if getattr(g, n, None) is None]\n"
            "print(missing, 'seaborn' in sys.modules, g.plot_tone.__module__)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[0] == "[]"
    assert out[1] == "[] True geoanalysis.plots.compare"
