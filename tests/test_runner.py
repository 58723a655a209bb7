"""geoanalysis.runner: per-article map, reductions and executors."""
from __future__ import annotations

import datetime
import filecmp
import io
import logging
import re
import shutil

import numpy as np
import pandas as pd
import pytest

from geoanalysis import config, export, runner
from geoanalysis.parsing import make_article

REPORT_ID = "000_e51d81372494049d"
OPINION_ID = "002_155cf58b7002bab6"


@pytest.fixture(scope="module")
def default_run():
    return runner.run_corpus(config.RAW_DATA_DIR)


def test_run_options_validate():
    with pytest.raises(ValueError, match="level = 'city' is invalid"):
        runner.RunOptions(level="city")
    with pytest.raises(ValueError, match="compare_by = 'x' is invalid"):
        runner.RunOptions(compare_by="x")
    with pytest.raises(ValueError, match="max_bytes = 0 is invalid"):
        runner.RunOptions(max_bytes=0)


def test_analyze_article_returns_every_per_article_table():
    tables = runner.analyze_article(make_article("Putin met Xi in Beijing. Russia and China signed a deal.", id="a"))
    assert set(tables) == set(runner.TABLE_SPECS)
    assert tables["articles"]["article_id"].tolist() == ["a"]
    pairs = tables["pair_counts"].groupby(["source", "target"])["contexts"].sum().to_dict()
    assert pairs[("country:CHN", "country:RUS")] == 1
    assert pairs[("person:vladimir-putin", "person:xi-jinping")] == 1


def test_reduced_counts_equal_the_sum_of_per_article_counts():
    a = make_article("Putin met Xi in Beijing. Putin and Xi spoke again.", id="a")
    b = make_article("Putin called Xi. Russia and China agreed.", id="b")
    reducer = runner.Reducer(options=runner.RunOptions(compare_by="article"))
    per_article = [runner.analyze_article(x, options=reducer.options) for x in (a, b)]
    for tables in per_article:
        reducer.add([tables])
    result = reducer.close()
    expected = (
        pd.concat([t["pair_counts"] for t in per_article])
        .groupby(["source", "target"], as_index=False)[["count", "contexts", "weight"]].sum()
    )
    pd.testing.assert_frame_equal(result.tables["pair_counts"][expected.columns], expected, check_dtype=False)
    # the relation counts travel in the same table (summed by pair with the co-occurrence counts)
    assert set(runner.RELATION_COLUMNS) <= set(result.tables["pair_counts"].columns)
    putin = result.tables["entities"].set_index("entity_id").loc["person:vladimir-putin"]
    assert (putin["mentions"], putin["articles"]) == (3, 2)
    edge = result.tables["edges"].set_index(["source", "target"]).loc[("person:vladimir-putin", "person:xi-jinping")]
    assert edge["contexts"] == 3
    assert result.tables["articles"]["article_id"].tolist() == ["a", "b"]


def _synthetic_articles(n: int, seed: int = 3):
    import random
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from synthetic import _pools, generate_article, kb_entities

    rng = random.Random(seed)
    pools = _pools(kb_entities())
    return [make_article(generate_article(rng, pools, 250, i)[0], id=f"s-{(i * 7) % n}", title="Putin and Xi meet",
                         date=datetime.date(2025, 9, 1 + i % 9), outlet=f"Outlet {i % 3}") for i in range(n)]


@pytest.mark.parametrize("level", ["entity", "country"])
def test_batch_tables_equal_the_per_article_tables(corpus, level):
    """analyze_articles on a batch = analyze_article on each article, concatenated in order (ids out of order)."""
    options = runner.RunOptions(level=level, compare_by="outlet")
    articles = _synthetic_articles(12) + list(corpus)
    batch = runner.analyze_articles(articles, options=options)
    single = [runner.analyze_article(a, options=options) for a in articles]
    assert set(batch) == set(single[0])
    for name, spec in runner.TABLE_SPECS.items():
        expected = pd.concat([t[name] for t in single], ignore_index=True)
        got = batch[name].reset_index(drop=True)
        if name == "timeline":  # n_articles is recounted over the corpus by the reduction
            expected, got = expected.drop(columns="n_articles"), got.drop(columns="n_articles")
        if spec.kind == "sum":  # summed by key in the reduction: compare the sums
            keys = list(spec.keys)
            got = got.groupby(keys, as_index=False, dropna=False).sum()
            expected = expected.groupby(keys, as_index=False, dropna=False).sum()
        pd.testing.assert_frame_equal(got, expected, check_dtype=False, obj=name)
    assert batch["articles"]["article_id"].tolist() == [a.id for a in articles]
    assert len(batch["mentions"]) > 100 and batch["mentions"]["article_id"].iloc[0] == articles[0].id


def test_a_failing_article_does_not_lose_its_batch(monkeypatch):
    """One article that breaks a stage is reported with its file; the rest of its batch is analysed."""
    from geoanalysis import model

    articles = [("a.txt", make_article("Putin met Xi in Beijing.", id="a")),
                ("b.txt", make_article("BREAK Trump called Zelensky.", id="b")),
                ("c.txt", make_article("Macron flew to Kyiv.", id="c"))]
    original = runner.analyze_articles

    def fragile(arts, *, options=None):
        if any("BREAK" in a.text for a in arts):
            raise RuntimeError("stage broke")
        return original(arts, options=options)

    monkeypatch.setattr(runner, "analyze_articles", fragile)
    results = runner._analyze_items([("0.txt", model.ErrorRecord("0.txt", "binary file"))] + articles
                                    + [("d.txt", model.ErrorRecord("d.txt", "empty file"))], runner.RunOptions())
    errors = [r for r in results if isinstance(r, model.ErrorRecord)]
    tables = [r for r in results if not isinstance(r, model.ErrorRecord)]
    # errors in the order of their files, whatever failed where
    assert [(e.path, e.reason) for e in errors] == [
        ("0.txt", "binary file"), ("b.txt", "analysis failed for b: RuntimeError: stage broke"),
        ("d.txt", "empty file")]
    assert [t["articles"]["article_id"].tolist() for t in tables] == [["a"], ["c"]]


def test_sum_table_compaction_does_not_change_the_result():
    frames = [pd.DataFrame({"k": ["x", "y", "x"][: i % 3 + 1], "n": [i, 1, 2][: i % 3 + 1]}) for i in range(50)]
    small, big = runner._SumTable(["k"], limit=2), runner._SumTable(["k"], limit=10**9)
    for f in frames:
        small.add(f)
        big.add(f)
    assert small.merges > 10 and big.merges == 0  # merged as it went
    pd.testing.assert_frame_equal(small.close(), big.close())


def test_sum_table_sums_missing_keys_as_one_key_sorted_last():
    """None and NaN keys are one key (as pandas groups them), sorted after the text keys."""
    import numpy as np

    frames = [pd.DataFrame({"k": ["b", None, "a"], "j": ["x", "x", None], "n": [1, 2, 3], "w": [0.1, 0.2, 0.3]}),
              pd.DataFrame({"k": [np.nan, "b", "a"], "j": ["x", "x", None], "n": [10, 20, 30], "w": [0.7, 0.2, 0.4]})]
    table = runner._SumTable(["k", "j"], limit=1)
    for f in frames:
        table.add(f)
    got = table.close()
    assert got[["k", "j", "n"]].to_dict("list") == {"k": ["a", "b", None], "j": [None, "x", "x"], "n": [33, 21, 12]}
    assert got["n"].dtype == "int64"
    # float sums as pandas makes them (compensated), row order within each key
    assert got["w"].tolist() == [pd.Series([0.3, 0.4]).sum(), pd.Series([0.1, 0.2]).sum(), pd.Series([0.2, 0.7]).sum()]


def test_default_corpus_finds_what_a_reader_finds(default_run):
    assert (default_run.n_files, default_run.n_articles, default_run.ok) == (2, 2, True)
    ents = default_run.tables["entities"].set_index("entity_id")
    for entity in ["person:vladimir-putin", "person:donald-trump", "person:xi-jinping", "country:RUS", "country:UKR"]:
        assert ents.loc[entity, "articles"] == 2, entity
    assert ents.loc["person:kim-jong-un", "articles"] == 2
    assert ents.loc["country:CHN", "articles"] == 1  # the opinion piece says Xi and Beijing, never "China"
    edges = default_run.tables["edges"].set_index(["source", "target"])
    assert edges.loc[("country:CHN", "country:RUS"), "contexts"] >= 3
    assert set(default_run.tables["tone"]["article_id"]) == {REPORT_ID, OPINION_ID}
    assert set(default_run.tables["keyness"]["target"]) == {REPORT_ID, OPINION_ID}
    assert set(default_run.tables["alignment"]["target"]) == {REPORT_ID, OPINION_ID}
    assert "2022" in set(default_run.tables["timeline"]["iso"])


def test_row_tables_stream_to_disk_with_an_output_folder(tmp_path):
    result = runner.run_corpus(config.RAW_DATA_DIR, tmp_path)
    assert "mentions" not in result.tables
    assert result.files["mentions"] == tmp_path / "mentions.csv"
    mentions = result["mentions"]
    assert result.n_rows["mentions"] == len(mentions) > 100
    assert mentions["article_id"].unique().tolist() == [REPORT_ID, OPINION_ID]


def test_numeric_looking_ids_stay_text_when_read_back(tmp_path):
    # the layout of many published corpora: folders of 001.txt, 002.txt ... whose stems look like numbers
    data = tmp_path / "data"
    for folder, stem in (("politics", "001"), ("politics", "002"), ("world", "002")):
        (data / folder).mkdir(parents=True, exist_ok=True)
        (data / folder / f"{stem}.txt").write_text(
            "Blair rejects Iraq advice call\n\nTony Blair met Jacques Chirac in Paris in 2003. "
            "France and Britain disagreed about Iraq. "
            "\"We will not back down,\" Blair said.\n", encoding="utf-8")
    in_memory = runner.run_corpus(data)
    streamed = runner.run_corpus(data, tmp_path / "out")
    ids = in_memory.tables["articles"]["article_id"].tolist()
    assert ids[0] == "001" and len(set(ids)) == 3
    for name in ("articles", "mentions", "quotes", "tone"):
        got, want = streamed[name], in_memory.tables[name]
        assert list(got.columns) == list(want.columns) and len(got) == len(want) > 0
        for column in set(got.columns) & runner.TEXT_COLUMNS:
            assert got[column].fillna("").tolist() == want[column].fillna("").tolist(), (name, column)
    # the network view looks its evidence up by these ids
    files = runner.write_outputs(streamed, tmp_path / "out", report=False)
    assert "network.html" in files and "001:s0" in (tmp_path / "out" / "network.html").read_text(encoding="utf-8")


def test_large_corpus_in_folders_compares_its_folders(tmp_path, caplog):
    """Beyond 20 files keyness compares groups: the folders the files are in (here two sections with no outlet
    named), each against the rest; --compare-by outlet puts them in one group and finds nothing to compare."""
    texts = {"world": "Russia and China held talks on trade and security in Beijing. The talks were cordial.",
             "sport": "The football team won the final in Madrid after a penalty shootout. The coach praised them."}
    for folder, text in texts.items():
        (tmp_path / "data" / folder).mkdir(parents=True)
        for i in range(11):
            (tmp_path / "data" / folder / f"{i:03d}.txt").write_text(text, encoding="utf-8")
    result = runner.run_corpus(tmp_path / "data")
    assert result.options.compare_by == "folder"
    keyness = result.tables["keyness"]
    top = keyness.sort_values("g2", ascending=False).drop_duplicates("target").set_index("target")["term"]
    assert set(top.index) == {"world", "sport"}
    assert set(keyness[keyness["target"] == "world"].nlargest(5, "g2")["term"]) & {"talks", "russia", "china"}
    with caplog.at_level(logging.WARNING, logger="geoanalysis"):
        by_outlet = runner.run_corpus(tmp_path / "data", options=runner.RunOptions(compare_by="outlet"))
    assert by_outlet.tables["keyness"].empty
    # the user is told why, in the terms of the run, and what to pass instead
    assert "keyness.csv is empty" in caplog.text and "compare_by='outlet'" in caplog.text
    assert "the 22 articles analysed are all in one (unknown outlet)" in caplog.text
    assert "--compare-by folder" in caplog.text and "contrast_counts" not in caplog.text
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="geoanalysis"):  # one folder: the other choices are suggested
        by_folder = runner.run_corpus(tmp_path / "data" / "world", options=runner.RunOptions(compare_by="folder"))
    assert by_folder.tables["keyness"].empty and "compare_by='folder'" in caplog.text
    assert "--compare-by article" in caplog.text and "--compare-by folder" not in caplog.text


_TOPICS = ["Russia and China held talks on trade in Beijing on Monday, officials said.",
           "NATO ministers met in Brussels to discuss aid to Ukraine, and Germany pledged more air defence.",
           "Iran and Saudi Arabia restored ties after talks mediated by China, the two governments said."]


def _record_files(folder):
    """A JSON Lines file of 150 records (one bad line), a CSV of 70 rows and a text file."""
    import json

    folder.mkdir()
    lines = [json.dumps({"id": i, "title": f"Story {i}", "source": ["Wire A", "Wire B"][i % 2],
                         "text": f"{_TOPICS[i % 3]} Story {i} followed."}) for i in range(150)]
    lines[40] = '{"id": 40, "text": "broken'
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows = "".join(f'{i},Row {i},"{_TOPICS[(i + 1) % 3]} Row {i} was filed."\n' for i in range(70))
    (folder / "rows.csv").write_text("id,title,text\n" + rows, encoding="utf-8")
    (folder / "note.txt").write_text("Turkey hosted talks between Russia and Ukraine in Istanbul.", encoding="utf-8")


def test_large_record_files_are_split_into_batches_with_the_same_tables(tmp_path, monkeypatch):
    """Files of records above SPLIT_RECORD_BYTES are read once and their records analysed in batches, each a task:
    the tables are those of parsing each file whole, serial or with processes."""
    data = tmp_path / "data"
    _record_files(data)
    outs = {}
    for label, split_bytes, executor, jobs in [("whole", 10**9, "serial", 1), ("split", 1024, "serial", 1),
                                                ("split-jobs", 1024, "processes", 2)]:
        monkeypatch.setattr(runner, "SPLIT_RECORD_BYTES", split_bytes)
        tasks = list(runner._tasks([(str(p), p.stem) for p in sorted(data.iterdir())], runner.RunOptions(), 64))
        assert len(tasks) == (1 if split_bytes > 10**6 else 6), label  # split: feed in 3 batches, rows in 2, note
        out = tmp_path / label
        result = runner.run_corpus(data, out, executor=executor, jobs=jobs)
        runner.write_outputs(result, out, report=False)
        assert (result.n_files, result.n_articles, len(result.errors)) == (3, 220, 1), label
        outs[label] = out
    assert _same_csvs(outs["whole"], outs["split"]) == []
    assert _same_csvs(outs["whole"], outs["split-jobs"]) == []
    errors = pd.read_csv(outs["split"] / "errors.csv")
    assert errors["path"].tolist() == [str(data / "feed.jsonl#41")]
    ids = pd.read_csv(outs["split"] / "articles.csv")["article_id"].tolist()
    assert ids[:2] == ["feed-0", "feed-1"] and "feed-40" not in ids and ids[149:151] == ["note", "rows-0"]


def test_drop_duplicates_is_the_same_serial_and_with_processes(tmp_path, monkeypatch):
    """Copies of articles, as files and as records of a large file split into batches, are found in a first
    pass and left out of every table but articles, whichever worker analyses them."""
    import json

    data = tmp_path / "data"
    _record_files(data)
    feed = (data / "feed.jsonl").read_text(encoding="utf-8").splitlines()
    again = [json.dumps({**json.loads(line), "id": f"again-{n}"}) for n, line in enumerate(feed[100:130])]
    (data / "wire.jsonl").write_text("\n".join(again) + "\n", encoding="utf-8")  # 30 copies of feed records
    shutil.copy(data / "note.txt", data / "zz-note.txt")
    monkeypatch.setattr(runner, "SPLIT_RECORD_BYTES", 1024)
    outs = []
    for executor, jobs in [("serial", 1), ("processes", 2)]:
        out = tmp_path / executor
        result = runner.run_corpus(data, out, options=runner.RunOptions(drop_duplicates=True), executor=executor,
                                   jobs=jobs)
        runner.write_outputs(result, out, report=False)
        assert (result.n_articles, result.n_duplicates, result.n_analysed) == (251, 31, 220)
        outs.append(out)
    assert _same_csvs(*outs) == []
    articles = pd.read_csv(outs[0] / "articles.csv", keep_default_na=False).set_index("article_id")
    assert articles.loc["zz-note", "duplicate_of"] == "note" and articles.loc["wire-again-0", "duplicate_of"] == "feed-100"
    mentioned = set(pd.read_csv(outs[0] / "mentions.csv", keep_default_na=False)["article_id"])
    assert "note" in mentioned and "zz-note" not in mentioned and not any(m.startswith("wire-") for m in mentioned)


def test_min_count_prunes_the_ties_and_keeps_their_measures(tmp_path, default_run):
    out = tmp_path / "out"
    result = runner.run_corpus(config.RAW_DATA_DIR, out, options=runner.RunOptions(min_count=2))
    files = runner.write_outputs(result, out, report=False)
    edges = pd.read_csv(files["edges"], keep_default_na=False)
    every = default_run.tables["edges"]
    strong = every[every["contexts"] >= 2].reset_index(drop=True)
    assert 0 < len(edges) == len(strong) < len(every)
    pd.testing.assert_frame_equal(edges, pd.read_csv(io.StringIO(strong.to_csv(index=False)), keep_default_na=False))
    graphml = (out / "network.graphml").read_text(encoding="utf-8")
    assert graphml.count("<edge ") == len(edges)
    assert graphml.count("<node ") == len(default_run.tables["entities"])  # every entity stays a node
    key = re.search(r'<key id="(d\d+)" for="graph" attr.name="min_count"', graphml).group(1)
    assert f'<data key="{key}">2</data>' in graphml  # the graph records the threshold
    with pytest.raises(ValueError, match="min_count = 0 is invalid"):
        runner.RunOptions(min_count=0)


def test_compare_by_auto_counts_the_records_of_files(tmp_path):
    """One file of 150 records is 150 articles, not one: keyness compares outlets, and claim alignment (which
    would compare every pair of articles) is not run."""
    data = tmp_path / "data"
    _record_files(data)
    result = runner.run_corpus(data / "feed.jsonl")
    assert result.options.compare_by == "outlet"
    assert set(result.tables["keyness"]["target"]) == {"Wire A", "Wire B"}
    assert result.tables["alignment"].empty
    small = tmp_path / "small.jsonl"
    small.write_text("\n".join((data / "feed.jsonl").read_text(encoding="utf-8").splitlines()[:3]), encoding="utf-8")
    assert runner.run_corpus(small).options.compare_by == "article"


@pytest.mark.parametrize("path, folder", [("/data/bbc/001.txt", "bbc"), ("/data/feed.jsonl#3", "data"),
                                          ("/data/a#b/x.txt", "a#b"), (None, None)])
def test_folder_name(path, folder):
    assert runner._folder_name(path) == folder


def test_bad_arguments():
    with pytest.raises(ValueError, match="jobs = 0 is invalid"):
        list(runner.analyze_paths([], jobs=0))
    with pytest.raises(ValueError, match="executor = 'gpu' is invalid"):
        list(runner.analyze_paths([], executor="gpu"))


def test_analyze_path_reports_unreadable_files(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "big.txt").write_text("Russia and China. " * 100)
    assert runner.analyze_path(tmp_path / "missing.txt")[0].reason.startswith("cannot read")
    assert "empty" in runner.analyze_path(tmp_path / "empty.txt")[0].reason
    (err,) = runner.analyze_path(tmp_path / "big.txt", options=runner.RunOptions(max_bytes=100))
    assert err.reason == "file is 1800 bytes, over the limit of 100 bytes (max_bytes=, or --max-mb)"


def _corpus(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    for path in config.RAW_DATA_DIR.iterdir():
        shutil.copy(path, data / path.name)
    (data / "extra.md").write_text("# Summit in Ankara\n\nErdogan hosted Putin and Zelensky. "
                                   "NATO said the talks were useful.\n", encoding="utf-8")
    (data / "broken.txt").write_bytes(b"\x00\x01\x02binary\xff\xfe" * 20)
    (data / "wire.csv").write_text(  # two articles in rows, then a row with too few fields
        "id,title,source,text\n"
        '1,Talks in Geneva,Example Wire,"Russia and Ukraine met in Geneva on Monday, and NATO welcomed the talks."\n'
        '2,Summit in Beijing,Example Wire,"Xi Jinping hosted Vladimir Putin and Kim Jong Un in Beijing."\n'
        "3,Broken row\n", encoding="utf-8")
    (data / "loi.txt").write_text(  # French: listed, not analysed
        "Les députés ont adopté à une large majorité le projet de loi sur le renseignement défendu par le "
        "gouvernement lors d'un vote solennel, mardi. Il sera désormais examiné par le Sénat, puis le Conseil "
        "constitutionnel, prochainement saisi par soixante-quinze députés.\n", encoding="utf-8")
    return data


def _same_csvs(a, b):
    names = sorted(p.name for p in a.glob("*.csv"))
    assert names == sorted(p.name for p in b.glob("*.csv")) and names
    return [n for n in names if not filecmp.cmp(a / n, b / n, shallow=False)]


def test_serial_and_process_pool_give_identical_tables(tmp_path):
    data = _corpus(tmp_path)
    outs = []
    for executor, jobs in [("serial", 1), ("processes", 2)]:
        out = tmp_path / executor
        result = runner.run_corpus(data, out, executor=executor, jobs=jobs)
        runner.write_outputs(result, out, report=False)
        assert (result.n_articles, result.n_left_out, len(result.errors)) == (6, 1, 2)
        outs.append(out)
    assert _same_csvs(*outs) == []
    articles = pd.read_csv(outs[0] / "articles.csv", keep_default_na=False)
    assert {"wire-1", "wire-2", "loi"} <= set(articles["article_id"])
    mentioned = set(pd.read_csv(outs[0] / "mentions.csv", keep_default_na=False)["article_id"])
    assert {"wire-1", "wire-2"} <= mentioned and "loi" not in mentioned


@pytest.mark.slow
def test_dask_local_cluster_gives_identical_tables(tmp_path):
    data = _corpus(tmp_path)
    outs = []
    for executor, jobs in [("serial", 1), ("dask", 2)]:
        out = tmp_path / executor
        result = runner.run_corpus(data, out, executor=executor, jobs=jobs)
        runner.write_outputs(result, out, report=False)
        outs.append(out)
    assert _same_csvs(*outs) == []
    assert filecmp.cmp(outs[0] / "network.graphml", outs[1] / "network.graphml", shallow=False)


@pytest.mark.slow
def test_dask_joins_an_existing_scheduler(tmp_path):
    from dask.distributed import LocalCluster

    data = _corpus(tmp_path)
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        result = runner.run_corpus(data, executor="dask", scheduler=cluster.scheduler_address)
    serial = runner.run_corpus(data)
    pd.testing.assert_frame_equal(result.tables["edges"], serial.tables["edges"])
    assert (result.n_articles, result.n_left_out) == (6, 1)


def test_network_files_are_those_of_the_network_graph(tmp_path, monkeypatch):
    import json
    import re

    import networkx as nx

    result = runner.run_corpus(config.RAW_DATA_DIR, tmp_path / "run")
    monkeypatch.setattr(runner, "MAX_HTML_EDGES", 5)
    files = runner.write_outputs(result, tmp_path / "run", report=False)
    G = runner.network_graph(result, result.articles)
    # the streamed files hold exactly the bytes the graph writers give for the whole graph
    assert files["network.graphml"].read_bytes() == export.write_graphml(G, tmp_path / "g.graphml").read_bytes()
    assert files["network.json"].read_bytes() == export.write_node_link(G, tmp_path / "g.json").read_bytes()
    back = nx.read_graphml(files["network.graphml"])
    assert back.number_of_edges() == len(result["edges"]) == G.number_of_edges() > 5
    assert all(back.edges[u, v].get("evidence") for u, v in back.edges)
    # the page draws the 5 strongest ties only, and says so
    html = files["network.html"].read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script id="graph-data" type="application/json">(.*?)</script>', html, re.S)[1])
    strongest = result["edges"]["weight"].nlargest(5).tolist()
    assert sorted((e["weight"] for e in data["edges"]), reverse=True) == strongest
    assert f"Showing the strongest 5 of {len(result['edges'])} ties" in html


@pytest.mark.parametrize("block", [1, 7, 1 << 15])
def test_streamed_edges_are_those_held_in_memory(tmp_path, monkeypatch, block):
    """A streamed run writes edges.csv and the network files a block of pairs at a time, from pair_counts,
    without holding the edges: the same bytes as a run held in memory, whatever the block."""
    in_memory = runner.run_corpus(config.RAW_DATA_DIR)
    expected = runner.write_outputs(in_memory, tmp_path / "held")
    assert "edges" in in_memory.tables and "pair_counts" in in_memory.tables
    monkeypatch.setattr(runner, "EDGE_BLOCK", block)
    monkeypatch.setattr(export, "_BLOCK", block)
    streamed = runner.run_corpus(config.RAW_DATA_DIR, tmp_path / "run")
    assert "edges" not in streamed.tables and streamed.files["edges"] == tmp_path / "run" / "edges.csv"
    assert streamed.n_rows["edges"] == len(in_memory.tables["edges"]) > 100
    files = runner.write_outputs(streamed, tmp_path / "run")
    for name in ("edges", "network.graphml", "network.gexf", "network.json", "network.html", "report"):
        assert filecmp.cmp(files[name], expected[name], shallow=False), name
    # the report shows the strongest ties of the whole table
    assert runner._report_tables(streamed)[1]["edges"] == len(in_memory.tables["edges"])
    pd.testing.assert_frame_equal(streamed["edges"], runner.read_table(expected["edges"]))


@pytest.mark.parametrize("batch_rows", [1, 3, 10**6])
def test_streamed_timeline_equals_the_in_memory_one(tmp_path, monkeypatch, batch_rows):
    """A streamed run spills the timeline by month and sorts it on disk, months one at a time (batch_rows=1),
    a few together (3) or all at once: same bytes as sorting in memory."""
    from geoanalysis import runner

    folder = tmp_path / "articles"
    folder.mkdir()
    texts = [
        "Talks\n\nRussia and Ukraine met on March 3, 2024. Turkey hosted talks in June 2023 and since 2022.",
        "Summit\n\nChina hosted India on June 5, 2023. The war has gone on since 2022; NATO met on March 1, 2024.",
        "Treaty\n\nRussia and North Korea signed a pact in June 2024, after talks on June 2, 2023.",
    ]
    for i, text in enumerate(texts):
        (folder / f"a{i}.txt").write_text(text, encoding="utf-8")
    monkeypatch.setattr(runner._TimelineSpill, "batch_rows", batch_rows)  # 1: flush after every article
    monkeypatch.setattr(runner._TimelineSpill, "sort_rows", batch_rows)
    streamed = runner.run_corpus(folder, tmp_path / "out")
    in_memory = runner.run_corpus(folder)
    expected = runner.write_csv(in_memory.tables["timeline"], tmp_path / "expected.csv")
    assert streamed.files["timeline"].read_bytes() == expected.read_bytes()
    table = in_memory.tables["timeline"]
    assert list(table["iso"]) == sorted(table["iso"], key=lambda iso: (iso + "-01-01")[:10])
    assert table.loc[table["iso"] == "2022", "n_articles"].tolist() == [2, 2]
    assert not (tmp_path / "out" / ".timeline-parts").exists()


def test_spilled_timeline_keeps_carriage_returns_in_its_text(tmp_path):
    """The spill files are read back as written: a quoted field with a carriage return stays as it was."""
    columns = ["article_id", "sentence_id", "start", "end", "text", "iso", "precision", "date", "qualifier",
               "year_inferred", "entity_ids", "entities", "sentence", "n_articles"]
    rows = pd.DataFrame([["a", 0, 0, 4, "2024", "2024", "year", datetime.date(2024, 1, 1), "in", False, "", "",
                          "line one\r\nline two\rthree", 0]], columns=columns)
    spill = runner._TimelineSpill(tmp_path)
    spill.add(rows)
    spill.close()
    expected = rows.assign(n_articles=1).to_csv(index=False, lineterminator="\n")
    assert (tmp_path / "timeline.csv").read_bytes().decode("utf-8") == expected


def test_sum_table_merges_in_proportion_and_sums_exactly():
    """A merge waits for an eighth as many new rows as the summed table holds (and at least ``limit``):
    the buffer stays small next to the table, and merges are few, not one per add."""
    from geoanalysis.runner import _SumTable

    table = _SumTable(["key"], limit=10)
    frames = [pd.DataFrame({"key": [f"k{i % 700:03d}"], "n": [i]}) for i in range(2000)]
    most = 0
    for frame in frames:
        table.add(frame)
        most = max(most, table.buffered)
        assert table.buffered < max(10, table.compacted // 8)
    assert most > 10  # the buffer grew with the table
    assert 10 < table.merges <= 60  # 2,000 adds, 700 distinct keys
    got = table.close()
    expected = pd.concat(frames).groupby("key", as_index=False).sum()
    pd.testing.assert_frame_equal(got, expected)


def test_sum_table_keys_of_many_columns_and_of_numbers():
    """Four key columns (coded as one 64-bit key: the first column's code and the code of the others' tuple)
    and integer keys: the sums and the key values of a pandas groupby."""
    import numpy as np

    from geoanalysis.runner import _SumTable

    rng = np.random.default_rng(1)
    frames = [pd.DataFrame({"a": rng.choice(["x", "y", "z"], 30), "b": rng.choice(["p", "q"], 30),
                            "c": rng.integers(0, 3, 30), "d": rng.choice(["u", "v"], 30),
                            "n": rng.integers(0, 9, 30)}) for _ in range(40)]
    table = _SumTable(["a", "b", "c", "d"], limit=7)
    for frame in frames:
        table.add(frame)
    got = table.close()
    expected = pd.concat(frames).groupby(["a", "b", "c", "d"], as_index=False).sum()
    pd.testing.assert_frame_equal(got, expected)
    assert table.merges > 1


def test_sum_table_sums_beyond_32_bits_exactly():
    """Sums are held in 32 bits while they fit and widened when a merge takes them beyond: exact either way,
    int64 out."""
    from geoanalysis.runner import _SumTable

    table = _SumTable(["k"], limit=1)
    values = [2**31 - 1, 1, 5, -2**31, -2**31, 2**40]
    for v in values:
        table.add(pd.DataFrame({"k": ["a", "b"], "n": [v, 1]}))
    got = table.close()
    assert got["n"].dtype == "int64"
    assert got["n"].tolist() == [sum(values), len(values)]


def test_collector_paused_restores_its_state():
    import gc

    from geoanalysis.runner import _collector_paused

    assert gc.isenabled()
    with _collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with _collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # left off as it was
    finally:
        gc.enable()


def test_edges_share_no_memory_with_the_pair_counts_kept(default_run):
    """A run held in memory keeps pair_counts: changing its edges must not change it."""
    import numpy as np

    edges, pairs = default_run.tables["edges"], default_run.tables["pair_counts"]
    assert len(edges)
    for col in ("source", "count", "contexts", "weight"):
        assert not np.shares_memory(edges[col].to_numpy(), pairs[col].to_numpy()), col


def test_duplicate_articles_are_flagged_across_batches_and_executors(tmp_path, monkeypatch, caplog):
    """A body seen before (case and white space aside) names its first article in duplicate_of, whichever batch
    or worker analysed it; serial and process runs agree."""
    data = tmp_path / "data"
    data.mkdir()
    body = "Russia and China held talks in Beijing on Monday. Officials said the talks went well."
    for name, text in (("a.txt", body), ("b.txt", "Turkey hosted talks in Ankara on Monday. The talks ended early."),
                       ("c.txt", body.replace("Officials", "OFFICIALS").replace(" ", "  ")), ("d.txt", body)):
        (data / name).write_text(text, encoding="utf-8")
    monkeypatch.setattr(runner, "BATCH_ARTICLES", 1)
    with caplog.at_level(logging.WARNING, logger="geoanalysis.runner"):
        serial = runner.run_corpus(data, tmp_path / "serial")
    articles = serial["articles"].set_index("article_id")
    assert articles["duplicate_of"].fillna("").to_dict() == {"a": "", "b": "", "c": "a", "d": "a"}
    assert articles.loc["a", "fingerprint"] == articles.loc["c", "fingerprint"] != articles.loc["b", "fingerprint"]
    assert "2 of 4 articles repeat the text of an earlier one" in caplog.text
    runner.run_corpus(data, tmp_path / "jobs", jobs=2)
    assert filecmp.cmp(tmp_path / "serial" / "articles.csv", tmp_path / "jobs" / "articles.csv", shallow=False)
    # one batch of all four: the batch marks its own duplicates the same way
    batch = runner.analyze_articles([make_article(body, id="x"), make_article(body, id="y")])["articles"]
    assert batch["duplicate_of"].tolist() == [None, "x"]


# --------------------------------------------------------------------------- CSV writing

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from hypothesis.extra import pandas as hpd  # noqa: E402

_TEXT = st.one_of(st.none(), st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12),
                  st.sampled_from(['a,b', 'say "no"', "two\nlines", "\r", " lead", "", "nan", "None"]))
_OBJECTS = st.one_of(_TEXT, st.integers(-10**20, 10**20), st.booleans(), st.floats(allow_nan=True),
                     st.dates(), st.just(np.float64(0.1)), st.just(np.int64(7)), st.just(float("nan")))


@settings(max_examples=300, deadline=None)
@given(hpd.data_frames([
    hpd.column("text", elements=_TEXT, dtype=object),
    hpd.column("mixed", elements=_OBJECTS, dtype=object),
    hpd.column("n", dtype="int64"),
    hpd.column("x", elements=st.floats(allow_nan=True, allow_infinity=True), dtype="float64"),
    hpd.column("flag", dtype=bool),
]), st.booleans(), st.sampled_from([None, ["text"], ["x", "n"], ["mixed", "flag"], []]),
       st.sampled_from([3, 5000]))
def test_write_rows_writes_the_bytes_of_to_csv(frame, header, columns, rows_per_write):
    import io as _io

    if columns is not None:
        frame = frame[columns]
    ours, theirs = _io.StringIO(), _io.StringIO()
    default, runner._ROWS_PER_WRITE = runner._ROWS_PER_WRITE, rows_per_write  # 3: frames written in slices
    try:
        runner.write_rows(frame, ours, header=header)
    finally:
        runner._ROWS_PER_WRITE = default
    frame.to_csv(theirs, header=header, index=False, lineterminator="\n")
    assert ours.getvalue() == theirs.getvalue()


_KEY_VALUES = st.sampled_from(["a", "b", "B", "ä", "", "a b", None, float("nan")])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.tuples(_KEY_VALUES, _KEY_VALUES, st.integers(-5, 10 ** 12),
                                   st.floats(-1e6, 1e6, allow_nan=False)), max_size=12), max_size=25),
       st.integers(1, 30))
def test_sum_table_sums_like_groupby_whatever_the_merges(batches, limit):
    """Merged as they come, in any number of merges: the sums, keys and order of one pandas groupby over all
    rows (missing keys one key, sorted last); integer sums exact, float sums to rounding."""
    import math

    from geoanalysis.runner import _SumTable

    frames = [pd.DataFrame(rows, columns=["k", "j", "n", "w"]).astype({"k": object, "j": object})
              for rows in batches]
    table = _SumTable(["k", "j"], limit=limit)
    for frame in frames:
        table.add(frame)
    got = table.close()
    rows = [row for rows in batches for row in rows]
    if not rows:
        assert got.empty
        return
    sums: dict = {}
    for k, j, n, w in rows:
        key = tuple(None if v is None or v != v else v for v in (k, j))
        total = sums.setdefault(key, [0, []])
        total[0] += n
        total[1].append(w)
    order = sorted(sums, key=lambda key: tuple((v is None, v or "") for v in key))
    assert list(zip(got["k"], got["j"])) == order
    assert got["n"].tolist() == [sums[key][0] for key in order]
    assert got["n"].sum() == sum(row[2] for row in rows)  # counts add up
    for value, key in zip(got["w"], order):
        assert math.isclose(value, math.fsum(sums[key][1]), rel_tol=1e-9, abs_tol=1e-6)
