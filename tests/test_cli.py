"""geoanalysis.cli: commands, outputs, exit codes, a mixed batch of good and bad files, reproducibility."""
from __future__ import annotations

import filecmp
import shutil
import subprocess
import sys

import pandas as pd
import pytest

from geoanalysis import cli, config

OUTPUTS = ["articles.csv", "mentions.csv", "entities.csv", "edges.csv", "network.graphml", "network.gexf",
           "network.json", "network.html", "keyness.csv", "tone.csv", "frames.csv", "stance.csv", "quotes.csv",
           "alignment.csv", "timeline.csv", "errors.csv", "report.html"]


@pytest.mark.parametrize("argv", [["--help"], ["analyze", "--help"], ["notebooks", "--help"]])
def test_help_on_every_command(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(argv)
    assert exc.value.code == 0
    assert "usage: geoanalysis" in capsys.readouterr().out


@pytest.mark.parametrize("argv, verbosity", [
    (["analyze", "x", "--out", "o"], 0),
    (["analyze", "-v", "x", "--out", "o"], 1),
    (["-v", "analyze", "x", "--out", "o"], 1),  # where users put it with git, pip ...
    (["-vv", "analyze", "x", "--out", "o"], 2),
    (["-v", "notebooks", "--out", "o", "-v"], 2),
])
def test_verbose_before_or_after_the_command(argv, verbosity, monkeypatch):
    """-v is taken before the command as after it; the counts add up to the logging level."""
    levels = []
    monkeypatch.setattr(cli, "_configure_logging", levels.append)
    monkeypatch.setattr(cli, "_analyze", lambda args: 0)
    monkeypatch.setattr(cli, "_notebooks", lambda args: 0)
    assert cli.main(argv) == 0
    assert levels == [verbosity]


def test_module_entry_point_runs():
    proc = subprocess.run([sys.executable, "-m", "geoanalysis.cli", "--version"], capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.startswith("geoanalysis ")


@pytest.mark.parametrize(
    "argv, message",
    [
        (["analyze", "nowhere-at-all", "--out", "{tmp}/o"], "no such file or folder: nowhere-at-all"),
        (["analyze", "{raw}", "--out", "{tmp}/o", "--jobs", "0"], "0 is invalid; it must be >= 1"),
        (["analyze", "{raw}", "--out", "{tmp}/o", "--level", "city"], "invalid choice: 'city'"),
        (["analyze", "{raw}", "--out", "{tmp}/o", "--compare-by", "author"], "invalid choice: 'author'"),
        (["analyze", "{raw}", "--out", "{tmp}/o", "--languages", "english"], "not 'english'"),
        (["analyze", "{raw}", "--out", "{tmp}/o", "--languages", ","], "give ISO 639 codes"),
        (["analyze", "{raw}"], "the following arguments are required: --out"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        (["notebooks", "--data", "{tmp}/none", "--out", "{tmp}/o"], "is not a folder"),
        (["notebooks", "--data", "{tmp}", "--out", "{tmp}/o"], "holds no article files"),
    ],
)
def test_usage_errors_exit_2(argv, message, tmp_path, capsys):
    argv = [a.format(tmp=tmp_path, raw=config.RAW_DATA_DIR) for a in argv]
    try:
        code = cli.main(argv)
    except SystemExit as exc:
        code = exc.code
    assert code == 2
    assert message in capsys.readouterr().err


def test_analyze_default_articles_writes_every_output(tmp_path, capsys):
    assert cli.main(["analyze", str(config.RAW_DATA_DIR), "--out", str(tmp_path)]) == 0
    for name in OUTPUTS:
        assert (tmp_path / name).is_file(), name
    assert sorted(p.name for p in (tmp_path / "figures").iterdir()) == ["entities.png", "network.png", "tone.png"]
    articles = pd.read_csv(tmp_path / "articles.csv")
    assert articles["article_id"].tolist() == ["000_e51d81372494049d", "002_155cf58b7002bab6"]
    assert pd.read_csv(tmp_path / "errors.csv").empty
    assert "2 articles" in capsys.readouterr().err


def test_country_level_rolls_people_up(tmp_path):
    assert cli.main(["analyze", str(config.RAW_DATA_DIR), "--out", str(tmp_path), "--level", "country",
                     "--no-report"]) == 0
    edges = pd.read_csv(tmp_path / "edges.csv", keep_default_na=False)
    nodes = set(edges["source"]) | set(edges["target"])
    assert "person:vladimir-putin" not in nodes and "country:RUS" in nodes
    assert not (tmp_path / "report.html").exists()


def test_compare_by_outlet_compares_the_two_outlets(tmp_path):
    assert cli.main(["analyze", str(config.RAW_DATA_DIR), "--out", str(tmp_path), "--compare-by", "outlet",
                     "--no-report"]) == 0
    keyness = pd.read_csv(tmp_path / "keyness.csv", keep_default_na=False)
    assert set(keyness["target"]) == {"unknown outlet", "International Policy Digest"}  # the report names none


_SPANISH = ("Abdullah Ocalan, el líder independentista kurdo, desembarcó en Italia en noviembre de 1998 y pidió "
            "asilo político. Arrastraba un pedido de captura de Turquía, donde era acusado por terrorismo. El ex "
            "comunista Massimo D'Alema, recién asumido, dudaba entre la extradición y el asilo.")


def test_drop_duplicates_counts_a_story_published_twice_once(tmp_path, capsys):
    data = tmp_path / "data"
    data.mkdir()
    for path in config.RAW_DATA_DIR.iterdir():
        shutil.copy(path, data / path.name)
    report = next(config.RAW_DATA_DIR.glob("000_*.txt"))
    # the same wire story again, as another outlet's file (same text, other case and line breaks)
    (data / "zz-syndicated.txt").write_text(report.read_text(encoding="utf-8").upper().replace("\n\n", "\n\n\n"),
                                            encoding="utf-8")
    assert cli.main(["analyze", str(data), "--out", str(tmp_path / "all"), "--no-report"]) == 0
    assert "3 articles" in capsys.readouterr().err
    assert cli.main(["analyze", str(data), "--out", str(tmp_path / "once"), "--no-report", "--drop-duplicates"]) == 0
    assert "read, 2 analysed (left out: 1 repeating an earlier article (duplicate_of))" in capsys.readouterr().err
    articles = pd.read_csv(tmp_path / "once" / "articles.csv", keep_default_na=False).set_index("article_id")
    assert articles.loc["zz-syndicated", "duplicate_of"] == report.stem
    for name in ("mentions", "tone", "frames", "quotes"):
        ids = set(pd.read_csv(tmp_path / "once" / f"{name}.csv", keep_default_na=False)["article_id"])
        assert "zz-syndicated" not in ids and report.stem in ids, name
    # the counts are those of the two articles alone
    assert cli.main(["analyze", *map(str, sorted(config.RAW_DATA_DIR.iterdir())), "--out", str(tmp_path / "two"),
                     "--no-report"]) == 0
    for name in ("entities", "edges"):
        once = pd.read_csv(tmp_path / "once" / f"{name}.csv", keep_default_na=False)
        two = pd.read_csv(tmp_path / "two" / f"{name}.csv", keep_default_na=False)
        pd.testing.assert_frame_equal(once, two)
    doubled = pd.read_csv(tmp_path / "all" / "entities.csv").set_index("entity_id")
    assert doubled.loc["country:RUS", "articles"] == 3


def test_max_mb_skips_larger_files_and_names_them(tmp_path, capsys):
    data = tmp_path / "data"
    data.mkdir()
    for path in config.RAW_DATA_DIR.iterdir():
        shutil.copy(path, data / path.name)
    body = "Russia and China held talks in Beijing on Monday, officials said. " * 20_000  # 1.3 MiB
    (data / "big.csv").write_text(f'title,text\nBig,"{body}"\n', encoding="utf-8")
    assert cli.main(["analyze", str(data), "--out", str(tmp_path / "o"), "--no-report", "--max-mb", "1"]) == 1
    errors = pd.read_csv(tmp_path / "o" / "errors.csv")
    assert errors["path"].tolist() == [str(data / "big.csv")]
    assert errors["reason"].tolist() == ["file is 1.3 MB, over the limit of 1.0 MB (max_bytes=, or --max-mb)"]
    assert "2 articles" in capsys.readouterr().err


def test_articles_in_other_languages_are_listed_not_analysed(tmp_path, capsys):
    data = tmp_path / "data"
    data.mkdir()
    for path in config.RAW_DATA_DIR.iterdir():
        shutil.copy(path, data / path.name)
    (data / "lanacion.txt").write_text(_SPANISH, encoding="utf-8")
    assert cli.main(["analyze", str(data), "--out", str(tmp_path / "en"), "--no-report"]) == 0
    err = capsys.readouterr().err
    assert "3 articles" in err and "2 analysed (left out: 1 for their language" in err
    articles = pd.read_csv(tmp_path / "en" / "articles.csv", keep_default_na=False)
    assert articles.set_index("article_id").loc["lanacion", "language"] == "und"
    for name in ("mentions", "tone", "frames", "stance", "quotes", "timeline"):
        table = pd.read_csv(tmp_path / "en" / f"{name}.csv", keep_default_na=False)
        assert "lanacion" not in set(table["article_id"]), name
    names = set(pd.read_csv(tmp_path / "en" / "entities.csv", keep_default_na=False)["name"])
    assert "Abdullah Ocalan" not in names and "Vladimir Putin" in names

    # --languages all analyses it (as English): the names in the Spanish text come in
    assert cli.main(["analyze", str(data), "--out", str(tmp_path / "all"), "--no-report", "--languages", "all"]) == 0
    assert "3 articles" in capsys.readouterr().err
    mentions = pd.read_csv(tmp_path / "all" / "mentions.csv", keep_default_na=False)
    spanish = mentions[mentions["article_id"] == "lanacion"]
    assert {"Abdullah Ocalan", "Massimo D'Alema"} <= set(spanish["name"])
    # and the English articles' tables are the same either way
    ours = pd.read_csv(tmp_path / "en" / "mentions.csv", keep_default_na=False)
    pd.testing.assert_frame_equal(ours, mentions[mentions["article_id"] != "lanacion"].reset_index(drop=True))


def _mixed_batch(tmp_path):
    data = tmp_path / "batch"
    data.mkdir()
    for path in config.RAW_DATA_DIR.iterdir():
        shutil.copy(path, data / path.name)
    (data / "good.html").write_text(
        "<html><head><title>Talks in Geneva</title></head><body><article><h1>Talks in Geneva</h1>"
        "<p>Russia and Ukraine met in Geneva on Monday, and NATO welcomed the talks.</p></article></body></html>",
        encoding="utf-8")
    (data / "empty.txt").write_bytes(b"")
    (data / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (data / "corrupt.json").write_text('{"title": "x", "text": "Russia', encoding="utf-8")
    (data / "huge.txt").write_bytes(b"Russia and China. " * (21 * 1024 * 1024 // 18 + 1))
    (data / "latin1.txt").write_bytes("Macron \u00e0 Berlin: la France et l\u2019Allemagne.".encode("cp1252")
                                      + b"\x81\x8d\x8f\x90\x9d" * 3)
    return data


def test_mixed_batch_analyses_good_files_and_names_bad_ones(tmp_path):
    data = _mixed_batch(tmp_path)
    out = tmp_path / "out"
    assert cli.main(["analyze", str(data), "--out", str(out)]) == 1
    for name in OUTPUTS:
        assert (out / name).is_file(), name
    articles = pd.read_csv(out / "articles.csv", keep_default_na=False)
    errors = pd.read_csv(out / "errors.csv", keep_default_na=False)
    skipped = {p.split("/")[-1]: r for p, r in zip(errors["path"], errors["reason"])}
    assert {"empty.txt", "binary.txt", "corrupt.json", "huge.txt"} <= set(skipped)
    assert all(reason.strip() for reason in skipped.values())
    assert {"000_e51d81372494049d", "002_155cf58b7002bab6", "good"} <= set(articles["article_id"])
    assert set(articles["article_id"]) | set(skipped) | {"latin1"} >= {"good", "latin1"}
    assert len(articles) + len(errors) == 8
    mentions = pd.read_csv(out / "mentions.csv", keep_default_na=False)
    assert {"country:RUS", "country:UKR", "org:nato"} <= set(mentions.loc[mentions["article_id"] == "good", "entity_id"])


def test_two_runs_give_byte_identical_outputs(tmp_path):
    for name in ("a", "b"):
        assert cli.main(["analyze", str(config.RAW_DATA_DIR), "--out", str(tmp_path / name)]) == 0
    names = OUTPUTS + ["figures/entities.png", "figures/network.png", "figures/tone.png"]
    assert [n for n in names if not filecmp.cmp(tmp_path / "a" / n, tmp_path / "b" / n, shallow=False)] == []
