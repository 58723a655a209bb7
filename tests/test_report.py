"""geoanalysis.report: the self-contained, escaped HTML report."""
from __future__ import annotations

import json
import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geoanalysis import report

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> {{ 7*7 }} {% raw %}'


def _tables(n_entities: int = 3) -> dict[str, pd.DataFrame]:
    return {
        "articles": pd.DataFrame({"article_id": ["a", "b"], "title": [HOSTILE, "Plain"], "n_words": [10, 20]}),
        "entities": pd.DataFrame({
            "entity_id": [f"person:p{i}" for i in range(n_entities)],
            "name": [HOSTILE if i == 0 else f"P{i}" for i in range(n_entities)],
            "mentions": list(range(n_entities, 0, -1)),
        }),
        "edges": pd.DataFrame({"source": ["person:p0", "person:p1"], "target": ["person:p1", "person:p2"],
                               "source_name": [HOSTILE, "P1"], "target_name": ["P1", "P2"], "weight": [2.0, 1.0]}),
        "tone": pd.DataFrame({"article_id": ["a", "b"], "mean_compound": [-0.5, 0.25]}),
        "errors": pd.DataFrame({"path": ["bad<b>.txt"], "reason": ["binary file"]}),
    }


def test_json_for_script_escapes_markup_characters():
    text = str(report.json_for_script({"k": "</script><!-- & \u2028"}))
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"k": "</script><!-- & \u2028"}


def test_hostile_text_is_escaped_everywhere():
    page = report.render_report(_tables(), summary={"note": HOSTILE}, figures={})
    assert "<script>alert" not in page
    assert "onerror=alert(1)>" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    # template syntax stays literal text
    escaped = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; {{ 7*7 }} {% raw %}"
    assert f"<td>{escaped}</td>" in page
    assert "bad&lt;b&gt;.txt" in page
    # the only <script> is the inert JSON summary, whose content cannot close it
    scripts = re.findall(r"<script[^>]*>(.*?)</script>", page, flags=re.S)
    assert len(scripts) == 1 and "<" not in scripts[0]
    assert json.loads(scripts[0]) == {"note": HOSTILE}


def test_report_is_self_contained_with_embedded_figures():
    page = report.render_report(_tables(), summary={"n_files": 3, "n_articles": 2, "n_words": 30})
    assert page.count('src="data:image/png;base64,') == 3  # entities, network, tone
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", page)
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert "from 3 files" in page


def test_articles_left_out_for_their_language_get_a_card():
    page = report.render_report(_tables(), figures={}, summary={"n_articles": 5, "n_left_out": 2})
    assert '<div class="card"><b>2</b>not analysed (language)</div>' in page
    page = report.render_report(_tables(), figures={}, summary={"n_articles": 5, "n_left_out": 0})
    assert "not analysed" not in page
    page = report.render_report(_tables(), figures={}, summary={"n_articles": 5, "n_duplicates_dropped": 1})
    assert '<div class="card"><b>1</b>duplicates left out</div>' in page


def test_sections_follow_the_tables_given():
    page = report.render_report({"articles": _tables()["articles"]}, figures={})
    assert re.findall(r'<section id="([a-z]+)">', page) == ["articles"]


def test_empty_errors_table_leaves_the_section_out():
    tables = _tables()
    tables["errors"] = tables["errors"].iloc[:0]
    page = report.render_report(tables, figures={})
    assert 'id="errors"' not in page


def test_long_tables_are_truncated_with_a_pointer_to_the_csv():
    page = report.render_report({"entities": _tables(40)["entities"]}, figures={})
    section = page.split('<section id="entities">')[1].split("</section>")[0]
    assert section.count("<tr>") == report.MAX_ROWS + 1  # header + rows
    assert f"Showing {report.MAX_ROWS} of 40 rows; all of them are in entities.csv." in section


def test_totals_override_row_counts_of_partial_tables():
    page = report.render_report({"articles": _tables()["articles"]}, figures={}, totals={"articles": 1000})
    assert "Showing 2 of 1000 rows" in page


def test_readings_name_the_top_rows():
    page = report.render_report(_tables(), figures={})
    assert "The strongest tie links" in page
    assert "The most negative article is a (mean compound -0.50)." in page


def test_write_report_writes_html_and_figures(tmp_path):
    path = report.write_report(_tables(), tmp_path, summary={"n_files": 2})
    assert path == tmp_path / "report.html"
    assert sorted(p.name for p in (tmp_path / "figures").iterdir()) == ["entities.png", "network.png", "tone.png"]
    for png in (tmp_path / "figures").iterdir():
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_report_figures_are_deterministic():
    a = report.report_figures(_tables())
    b = report.report_figures(_tables())
    assert {k: v.png for k, v in a.items()} == {k: v.png for k, v in b.items()}


@pytest.mark.parametrize("missing", ["name", "mentions"])
def test_entities_figure_needs_its_columns(missing):
    tables = {"entities": _tables()["entities"].drop(columns=missing)}
    assert "entities" not in report.report_figures(tables)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.sampled_from(["a", "b", "c"]), st.floats(-2, 2)), max_size=60),
       st.lists(st.sampled_from(["k", "s", "f"]), min_size=1, max_size=3, unique=True),
       st.lists(st.booleans(), min_size=3, max_size=3), st.integers(0, 20))
def test_sorted_head_is_the_head_of_the_stable_sort(rows, by, ascending, n):
    """Sorting the key columns only (of the rows that can come first, when few are asked for) gives the rows,
    in the order, of sorting the whole table."""
    frame = pd.DataFrame(rows, columns=["k", "s", "f"]).assign(other=lambda d: d.index * 10)
    frame.index = frame.index[::-1]  # labels unlike positions
    asc = ascending[: len(by)]
    expected = frame.sort_values(by, ascending=asc, kind="mergesort").head(n)
    pd.testing.assert_frame_equal(report.sorted_head(frame, by, asc, n), expected)
