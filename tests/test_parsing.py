"""Parsing: the default corpus as a careful reader sees it, every format, bad input, properties."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from geoanalysis import Article, Corpus, ParseError, load_corpus, parse_article
from geoanalysis.config import RAW_DATA_DIR
from geoanalysis.parsing import decode_bytes, find_files, make_article, parse_file

from .conftest import OPINION_ID, REPORT_ID, records_outcome

FIXTURES = Path(__file__).parent / "fixtures"


# --------------------------------------------------------------------------- default corpus


def test_default_corpus_reads_both_articles(corpus):
    assert isinstance(corpus, Corpus)
    assert corpus.ids == [REPORT_ID, OPINION_ID]
    assert corpus.errors == ()


def test_report_metadata(report):
    assert report.format == "text"
    assert report.title == (
        "Trump Expresses Disappointment with Putin on Ukraine; "
        "Growing Russia-China Alliance Raises Geopolitical Concerns"
    )
    assert report.editor == "Svetlana Velgush"
    assert report.authors == ()  # "Edited by" names an editor, not an author
    assert report.date == dt.date(2025, 9, 2)
    assert report.date_source == "text"  # stated in the body ("In a September 2, 2025 interview")
    assert report.sources == ("The News International", "Reuters")
    assert report.outlet is None and report.section is None


def test_opinion_metadata(opinion):
    assert opinion.format == "markdown"
    assert opinion.outlet == "International Policy Digest"
    assert opinion.section == "World News"
    assert opinion.date == dt.date(2025, 9, 5)
    assert opinion.date_source == "header"
    assert opinion.authors == ("Robert Weiner", "Hallvard Misje")
    assert opinion.credits == ("Photo illustration by John Lyman",)
    assert "John Lyman" not in opinion.authors
    assert opinion.title == "Putin, Xi and Kim Are United. Can the West Be?"
    assert opinion.editor is None
    assert opinion.sources == ()


@pytest.mark.parametrize(
    "article_id, absent",
    [
        (REPORT_ID, ["Edited by", "Svetlana Velgush", "Sources", "The News International", "Reuters",
                     "Did you find an error", "We will consider your comments", "\u2022",
                     "Trump Expresses Disappointment"]),
        (OPINION_ID, ["INTERNATIONAL POLICY DIGEST", "World News", "September 5, 2025", "Robert Weiner",
                      "Hallvard Misje", "Photo illustration", "John Lyman", "Putin, Xi and Kim Are United",
                      "**", "***", "](#)", "[", "#", "*New York Times*"]),
    ],
)
def test_body_is_free_of_header_footer_and_markup(corpus, article_id, absent):
    text = corpus[article_id].text
    for fragment in absent:
        assert fragment not in text, fragment


def test_body_whitespace_is_normalized(corpus):
    for art in corpus:
        for para in art.paragraphs:
            assert para.text == para.text.strip()
            assert "  " not in para.text and "\n" not in para.text
        assert art.text == "\n\n".join(p.text for p in art.paragraphs)


def test_layout_break_is_joined(opinion):
    # the source breaks "a partnership long in the making" / "and now unmistakable." across two paragraphs
    assert "a partnership long in the making and now unmistakable." in opinion.text
    assert len(opinion.paragraphs) == 10
    joined = [s for s in opinion.sentences if s.text.startswith("The trip underscored")]
    assert [s.text for s in joined] == [
        "The trip underscored the deepening bond between Moscow and Beijing, a partnership long in the making "
        "and now unmistakable."
    ]


def test_markdown_links_keep_text(opinion):
    assert len(opinion.links) == 9
    assert opinion.links[0].text == "Europe Aims to Show It Is Ready to Secure Postwar Ukraine"
    assert [lk.text for lk in opinion.links[2:4]] == ["recent visit", "coalition of the willing"]
    assert all(lk.target == "#" for lk in opinion.links)
    assert "Putin\u2019s recent visit with Xi Jinping" in opinion.text
    assert "NBC\u2019s Meet the Press" in opinion.text  # emphasis gone, words kept


def test_sentence_counts_and_boundaries(report, opinion):
    assert len(report.sentences) == 17
    assert len(opinion.sentences) == 47
    # "U.S." inside a sentence does not end it
    assert report.sentences[0].text.startswith("In a September 2, 2025 interview, U.S. President Donald Trump")
    assert report.sentences[0].text.endswith("war in Ukraine.")
    assert report.sentences[16].text.endswith("a significant test for U.S. foreign policy.")
    # closing curly quotes stay with their sentence
    assert opinion.sentences[2].text.endswith("\u201cthe killing must stop.\u201d")
    assert opinion.sentences[0].text.endswith("secure postwar Ukraine.\u201d")
    # a quotation spanning two sentences is split at its inner sentence boundary
    assert opinion.sentences[36].text.endswith("aided and abetted by the United States.")
    assert opinion.sentences[37].text == "I think that\u2019s a terrible, terrible precedent.\u201d"
    # em dashes do not split sentences
    assert opinion.sentences[1].text == (
        "At the same moment, reports suggested Vladimir Putin might meet Volodymyr Zelensky\u2014though only in "
        "Moscow, if at all."
    )


def test_paragraph_ids_of_sentences(report):
    assert [s.paragraph_id for s in report.sentences] == [0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 3, 4, 4]


def test_offsets_slice_back(corpus):
    for art in corpus:
        for p in art.paragraphs:
            assert art.text[p.start : p.end] == p.text
        for s in art.sentences:
            assert art.text[s.start : s.end] == s.text
            para = art.paragraphs[s.paragraph_id]
            assert para.start <= s.start < s.end <= para.end
        for t in art.tokens:
            assert art.text[t.start : t.end] == t.text
            sent = art.sentences[t.sentence_id]
            assert sent.start <= t.start < t.end <= sent.end


def test_to_frame(corpus):
    frame = corpus.to_frame()
    assert list(frame["article_id"]) == [REPORT_ID, OPINION_ID]
    assert list(frame["n_sentences"]) == [17, 47]
    assert list(frame["n_paragraphs"]) == [5, 10]
    assert frame.loc[1, "authors"] == "Robert Weiner; Hallvard Misje"
    assert frame.loc[0, "date"] == "2025-09-02"
    assert frame["language"].tolist() == ["en", "en"] and frame["duplicate_of"].isna().all()
    # the columns of articles.csv, as a corpus run writes them
    from geoanalysis.runner import analyze_article

    assert list(frame.columns) == list(analyze_article(corpus[0])["articles"].columns)
    # words: roughly what `wc -w` counts for the bodies (tokens, not whitespace chunks)
    assert 430 <= frame.loc[0, "n_words"] <= 500 and 720 <= frame.loc[1, "n_words"] <= 820


def test_raw_data_is_never_modified(tmp_path):
    before = {p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in RAW_DATA_DIR.iterdir()}
    load_corpus(RAW_DATA_DIR)
    after = {p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in RAW_DATA_DIR.iterdir()}
    assert before == after


# --------------------------------------------------------------------------- formats


def test_html_fixture():
    art = parse_article(FIXTURES / "article.html")
    assert art.format == "html"
    assert art.title == "Leaders meet in Geneva as talks resume"
    assert art.outlet == "Example Wire"
    assert art.section == "World"
    assert art.authors == ("Jane Roe", "Ali Khan")
    assert art.date == dt.date(2025, 9, 3) and art.date_source == "metadata"
    assert art.links == (parse_article.__globals__["Link"]("Geneva", "https://example.org/geneva"),)
    assert art.credits == ("Delegates arrive. Photo: Reuters/John Doe",)
    assert art.metadata["language"] == "en"
    assert art.text.startswith("Russian and Ukrainian negotiators met in Geneva on Wednesday")
    assert "second meeting" in art.text
    for junk in ["tracking", "color: red", "Home", "Share this article", "unrelated story", "Copyright",
                 "By Jane Roe", "Delegates arrive", "Leaders meet in Geneva as talks resume"]:
        assert junk not in art.text, junk
    assert [s.text for s in art.sentences][1] == "The U.S. envoy said the sides \u201cagreed to keep talking.\u201d"


@pytest.mark.parametrize("byline, authors, outlet, date, dateline", [
    ("*By Jan Kowalski | Warsaw | September 10, 2025*", ("Jan Kowalski",), None, dt.date(2025, 9, 10), "Warsaw"),
    ("By Jan Kowalski, Warsaw, September 10, 2025", ("Jan Kowalski",), None, dt.date(2025, 9, 10), "Warsaw"),
    ("By Jan Kowalski, Reuters | September 10, 2025", ("Jan Kowalski",), "Reuters", dt.date(2025, 9, 10), None),
    ("By Jan Kowalski and Anna Nowak | Reuters | Sept. 10, 2025", ("Jan Kowalski", "Anna Nowak"), "Reuters",
     dt.date(2025, 9, 10), None),
    ("By Jan Kowalski \u00b7 10 September 2025 \u00b7 4 min read", ("Jan Kowalski",), None, dt.date(2025, 9, 10), None),
    ("By Jan Kowalski | The Daily Planet", ("Jan Kowalski",), "The Daily Planet", None, None),
    ("By Jan Kowalski, Anna Nowak", ("Jan Kowalski", "Anna Nowak"), None, None, None),
])
def test_byline_fields(tmp_path, byline, authors, outlet, date, dateline):
    """A byline's fields after the names (separated by |, a middle dot, a spaced dash, or commas) are its date,
    its place (a city or country the knowledge base knows), its outlet or a reading time: none is an author, and a
    date is never taken for the outlet."""
    path = tmp_path / "a.md"
    path.write_text(f"# Drones over Poland\n\n{byline}\n\nPoland shot down drones on Wednesday, officials said.\n",
                    encoding="utf-8")
    art = parse_article(path)
    assert (art.authors, art.outlet, art.date, art.metadata.get("dateline")) == (authors, outlet, date, dateline)
    assert art.date_source == ("header" if date else None)
    assert art.text == "Poland shot down drones on Wednesday, officials said."


def test_jsonl_fixture_yields_records_and_a_named_error():
    corpus = load_corpus(FIXTURES / "records.jsonl")
    assert corpus.ids == ["records-a1", "records-a2"]
    a1, a2 = corpus
    assert (a1.title, a1.outlet, a1.authors, a1.date) == ("Sanctions widen", "Example Daily", ("Maria Rossi",), dt.date(2025, 9, 1))
    assert a1.metadata["url"] == "https://example.org/a1"
    assert [p.text for p in a1.paragraphs] == ["The European Union widened sanctions on Russia on Monday.",
                                               "Hungary objected to the package."]
    assert (a2.title, a2.outlet, a2.section, a2.authors) == ("Talks in Beijing", "Example Times", "Asia", ("Li Wei",))
    assert a2.date == dt.date(2025, 9, 3) and a2.date_source == "metadata"
    assert len(corpus.errors) == 1
    assert corpus.errors[0].path.endswith("records.jsonl#3")
    assert "no text field" in corpus.errors[0].reason


_CSV = (
    "ID,Title,Publication,Author,Date,URL,Content\r\n"
    '17,Putin and Xi meet in Beijing,Reuters,"Jane Doe, John Roe",2025-09-02,https://x.org/a,"Russian President '
    'Vladimir Putin met Chinese leader Xi Jinping in Beijing on Tuesday.\r\n\r\nThe two leaders said their '
    'countries would deepen cooperation, officials in Moscow said."\r\n'
    "\r\n"
    "18,NATO warns Russia,BBC,,\"Sept 3, 2025\",,NATO Secretary General Mark Rutte warned Russia on Wednesday.\r\n"
    "19,too few fields,BBC\r\n"
    "20,No text,BBC,,,,\r\n"
)


def test_csv_rows_are_articles_with_their_metadata(tmp_path):
    path = tmp_path / "news.csv"
    path.write_text(_CSV, encoding="utf-8", newline="")
    corpus = load_corpus(path)
    assert corpus.ids == ["news-17", "news-18"]
    a, b = corpus
    assert (a.format, a.title, a.outlet, a.authors, a.date) == (
        "csv", "Putin and Xi meet in Beijing", "Reuters", ("Jane Doe", "John Roe"), dt.date(2025, 9, 2))
    assert a.metadata["url"] == "https://x.org/a"
    assert [p.text for p in a.paragraphs] == [  # a quoted field spans lines: two paragraphs
        "Russian President Vladimir Putin met Chinese leader Xi Jinping in Beijing on Tuesday.",
        "The two leaders said their countries would deepen cooperation, officials in Moscow said."]
    assert (b.title, b.outlet, b.authors, b.date) == ("NATO warns Russia", "BBC", (), dt.date(2025, 9, 3))
    # the blank line is no row; the bad rows are named by file, row and line, the good ones kept
    assert [(e.path, e.reason) for e in corpus.errors] == [
        (f"{path}#3", "row 3 (line 7) has 3 fields, the header 7 (an unquoted ',' in a field?)"),
        (f"{path}#4", "record has no text field (looked for text, body, content, article, maintext, articleBody, ...)"),
    ]
    assert path.read_text(encoding="utf-8") == _CSV.replace("\r\n", "\n")  # never modified


@pytest.mark.parametrize("name, text", [
    ("bbc.tsv", "category\ttext\npolitics\tGermany and France agreed on Monday to send aid to Ukraine.\n"),
    ("eu.csv", "Section;Body;Date\nEurope;Germany and France agreed on Monday to send aid to Ukraine.;2025-09-01\n"),
])
def test_tsv_and_semicolon_separated_files(tmp_path, name, text):
    (tmp_path / name).write_text(text, encoding="utf-8")
    (art,) = load_corpus(tmp_path)
    assert art.id == Path(name).stem and art.format == "csv"
    assert art.section in ("politics", "Europe")
    assert art.text == "Germany and France agreed on Monday to send aid to Ukraine."


def test_csv_without_a_text_column_names_its_columns(tmp_path):
    path = tmp_path / "prices.csv"
    path.write_text("date,ticker,close\n2025-09-01,ABC,10.5\n", encoding="utf-8")
    with pytest.raises(ParseError, match=r"prices.csv: CSV has no text column .*its header names 'date', 'ticker', "
                                         r"'close'"):
        parse_file(path)
    (tmp_path / "header-only.csv").write_text("title,text\n", encoding="utf-8")
    with pytest.raises(ParseError, match="header-only.csv: CSV holds no rows"):
        parse_file(tmp_path / "header-only.csv")


def test_csv_fields_beyond_the_csv_module_default_limit(tmp_path):
    body = "Russia and China held talks in Beijing on Monday. " * 4000  # 200 kB, over csv's 128 kB default
    (tmp_path / "long.csv").write_text(f'title,text\nLong,"{body.strip()}"\n', encoding="utf-8")
    (art,) = parse_file(tmp_path / "long.csv")
    assert art.text == body.strip() and len(art.sentences) == 4000


def test_a_record_with_only_a_description_is_read_from_it():
    art = parse_article('{"title": "Talks", "description": "Russia and Ukraine met in Geneva on Monday."}',
                        format="json")
    assert art.text == "Russia and Ukraine met in Geneva on Monday."


def test_single_json_fixture():
    art = parse_article(FIXTURES / "single.json")
    assert (art.format, art.title, art.outlet, art.section) == ("json", "NATO ministers meet", "Example Post", "Europe")
    assert art.authors == ("Tom Berg",) and art.sources == ("Reuters", "AFP")
    assert len(art.sentences) == 2


def test_markdown_fixture():
    art = parse_article(FIXTURES / "opinion.md")
    assert (art.outlet, art.section, art.title) == ("The Example Review", "Opinion", "Europe Must Decide Now")
    assert art.authors == ("Anna Berg",) and art.credits == ("Photo by Carl Holm",)
    assert art.date == dt.date(2025, 9, 6) and art.date_source == "header"
    assert art.sources == ("Example Wire", "Example Post")  # listed twice, kept once
    assert "rises each month while Moscow tests the alliance." in art.text  # layout break joined
    assert "Did you find" not in art.text and "Sources" not in art.text


_FRONT_MATTER_ARTICLE = """---
title: "China Sends Warships Near Taiwan"
author:
  - Lee Min-jun
  - Ana Reyes
date: 2025-09-18
source: Asia Pacific Monitor
categories: [World, Asia]
url: https://example.org/a
---

# China Sends Warships Near Taiwan

China sent 14 warships around Taiwan on Thursday, Taiwan's defence ministry said.
"""


def test_markdown_front_matter_is_metadata(tmp_path):
    path = tmp_path / "asia.md"
    path.write_text(_FRONT_MATTER_ARTICLE, encoding="utf-8")
    art = parse_article(path)
    assert (art.title, art.authors, art.outlet, art.section) == (
        "China Sends Warships Near Taiwan", ("Lee Min-jun", "Ana Reyes"), "Asia Pacific Monitor", "World")
    assert (art.date, art.date_source, art.metadata["url"]) == (dt.date(2025, 9, 18), "metadata", "https://example.org/a")
    # the body is the body: no front matter, no repeated headline
    assert art.text == "China sent 14 warships around Taiwan on Thursday, Taiwan's defence ministry said."
    # TOML front matter (Hugo), in a text file
    toml = tmp_path / "b.txt"
    toml.write_text('+++\ntitle = "Talks resume"\ndate = 2025-09-02\nauthors = ["Sam Patel"]\n+++\n\n'
                    "The talks in Geneva resumed on Tuesday. Both sides attended.\n", encoding="utf-8")
    art = parse_article(toml)
    assert (art.title, art.authors, art.date) == ("Talks resume", ("Sam Patel",), dt.date(2025, 9, 2))
    assert art.text == "The talks in Geneva resumed on Tuesday. Both sides attended."


@pytest.mark.parametrize("text", [
    "---\nThe talks ended: [no deal\n---\nBoth sides left Geneva on Monday.\n",  # not YAML
    # aliases are not read (a list holding itself; a "billion laughs" grows exponentially once walked)
    "---\ntitle: &a [*a]\n---\nBoth sides left Geneva on Monday.\n",
    "---\na: &a [x, x, x]\nb: &b [*a, *a, *a]\ntitle: [*b, *b]\n---\nBoth sides left Geneva on Monday.\n",
    "---\nThe talks ended without a deal.\n---\nBoth sides left Geneva on Monday.\n",  # YAML, not a mapping
    "---\n\nBoth sides left Geneva on Monday, officials said.\n",  # a rule, never closed
])
def test_a_rule_that_opens_no_front_matter_keeps_the_text(text):
    art = parse_article(text, format="markdown")
    assert art.text.endswith("Both sides left Geneva on Monday" + text.split("Monday")[1].strip())
    assert art.date is None


#: Characters a TOML string may hold as they are (no control characters, no lone surrogates).
_PRINTABLE = st.characters(blacklist_categories=("Cs", "Cc"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from(["title", "author", "outlet", "tags", "x", "date"]),
                       st.one_of(st.text(_PRINTABLE, max_size=30), st.integers(),
                                 st.lists(st.text(_PRINTABLE, max_size=10), max_size=3)),
                       max_size=5),
       st.sampled_from(["---", "+++"]))
def test_any_front_matter_parses_and_leaves_the_body(tmp_path, fields, fence):
    import yaml

    body = "The talks in Geneva resumed on Tuesday, officials said. Both sides attended."
    if fence == "---":
        head = yaml.safe_dump(fields, allow_unicode=True) if fields else ""
    else:
        head = "\n".join(f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in fields.items())
    path = tmp_path / "a.md"
    path.write_text(f"{fence}\n{head}\n{fence}\n\n{body}\n", encoding="utf-8")
    art = parse_article(path)
    assert art.text.endswith(body) and fence not in art.text
    title = fields.get("title")
    words = re.findall(r"\w+", title) if isinstance(title, str) else []
    if words:  # the headline, its white space (and soft hyphens, zero-width spaces ...) tidied
        assert art.title is not None and all(w in art.title for w in words)


def test_a_section_in_the_byline_and_a_closing_note_on_the_author(tmp_path):
    path = tmp_path / "oped.md"
    path.write_text("# Europe Must Decide\n\n*By Katarzyna Nowak | Opinion | September 20, 2025*\n\n"
                    "Russian drones crossed into Polish airspace on September 10. NATO scrambled jets.\n\n"
                    "Katarzyna Nowak is a senior fellow at the Warsaw Institute of International Affairs.\n",
                    encoding="utf-8")
    art = parse_article(path)
    # "Opinion" was the outlet, and the note on the author the last paragraph of the body (its institute a mention)
    assert (art.authors, art.section, art.outlet, art.date) == (("Katarzyna Nowak",), "Opinion", None,
                                                                 dt.date(2025, 9, 20))
    assert art.text == "Russian drones crossed into Polish airspace on September 10. NATO scrambled jets."
    assert art.metadata["author_note"].startswith("Katarzyna Nowak is a senior fellow")
    # a closing paragraph about someone else, or not about who they are, stays in the body
    for last in ("Katarzyna Nowak said the alliance must act.", "Donald Tusk is a former president of the council."):
        path.write_text(f"# Europe Must Decide\n\nBy Katarzyna Nowak\n\nNATO scrambled jets on Monday.\n\n{last}\n",
                        encoding="utf-8")
        assert parse_article(path).text.endswith(last)


def test_plain_text_fixture():
    art = parse_article(FIXTURES / "plain.txt")
    assert (art.title, art.authors, art.editor, art.outlet) == (
        "Ceasefire Holds in Border Region", ("Sam Patel",), "Dana White", "Example Wire")
    assert art.date == dt.date(2025, 9, 3) and art.date_source == "text"
    assert [s.text for s in art.sentences][:2] == [
        "The ceasefire between the two armies held for a third day on Sept. 3, 2025, according to Gen. Ivanov.",
        "Mr. Ortiz, a U.N. observer, said patrols would continue.",
    ]
    assert "Share this article" not in art.text


def test_parse_article_from_string_and_format_override():
    art = parse_article("Headline here\n\nThe talks in Geneva ended on Monday without a deal. Both sides left.")
    assert art.id == "text" and art.path is None and art.title == "Headline here"
    html = parse_article("<p>Putin met Xi in Beijing on Tuesday, officials said.</p>", format="html")
    assert html.format == "html" and html.text == "Putin met Xi in Beijing on Tuesday, officials said."
    with pytest.raises(ValueError, match="format = 'pdf' is invalid"):
        parse_article("x y z", format="pdf")  # type: ignore[arg-type]


def test_txt_file_holding_markdown_is_read_as_markdown(opinion):
    assert opinion.path.endswith(".txt") and opinion.format == "markdown"


def test_make_article():
    art = make_article("Putin met Xi. They talked.\n\nKim came too.", id="t", title="Summit", outlet="X", foo=1)
    assert isinstance(art, Article) and art.outlet == "X" and art.metadata == {"foo": 1}
    assert [(s.paragraph_id, s.text) for s in art.sentences] == [(0, "Putin met Xi."), (0, "They talked."), (1, "Kim came too.")]


def test_sources_glob_list_and_pattern(tmp_path):
    for name in ("a.txt", "b.md", "notes.csv", ".hidden.txt"):
        (tmp_path / name).write_text("Title\n\nRussia and China signed a treaty in Moscow on Monday. It was long.\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("Other\n\nIndia and Japan held talks in Delhi on Friday. They agreed.\n")
    corpus = load_corpus(tmp_path)
    assert len(corpus) == 3 and len(set(corpus.ids)) == 3  # csv and hidden files skipped; same stem kept apart
    assert "b" in corpus.ids and sum(i.endswith("a.txt") for i in corpus.ids) == 2
    assert len(load_corpus(tmp_path, pattern="*.md")) == 1
    assert len(load_corpus(str(tmp_path / "*.txt"))) == 1
    assert len(load_corpus([tmp_path / "a.txt", tmp_path / "b.md"])) == 2
    assert find_files([tmp_path / "a.txt", tmp_path / "a.txt"]) == [tmp_path / "a.txt"]


# --------------------------------------------------------------------------- bad input


def test_missing_paths_raise_clear_errors(tmp_path):
    missing = tmp_path / "nope.txt"
    with pytest.raises(FileNotFoundError, match="nope.txt"):
        parse_article(missing)
    with pytest.raises(FileNotFoundError, match="nope.txt"):
        parse_article(str(missing))
    with pytest.raises(FileNotFoundError, match="no such file or folder"):
        load_corpus(tmp_path / "no-folder")
    with pytest.raises(FileNotFoundError, match=r"\*.md \(no file matches"):
        load_corpus(str(tmp_path / "*.md"))


def _write_bad_batch(folder: Path) -> dict[str, str]:
    """Good and bad files side by side; returns the expected reason (substring) per bad file."""
    (folder / "good.txt").write_text("Talks resume\n\nUkraine and Russia resumed talks in Istanbul on Monday. Turkey hosted.\n")
    (folder / "good.html").write_text("<html><body><article><h1>Summit</h1><p>NATO leaders met in The Hague on "
                                      "Tuesday and agreed to raise spending.</p></article></body></html>")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.md").write_text("   \n\n \t\n")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "latin1.txt").write_bytes("Caf\xe9 talks\n\nThe minist\xe8re said the d\xe9l\xe9gation from "
                                        "Fran\xe7e met in Gen\xe8ve on Monday.\n".encode("cp1252"))
    (folder / "huge.txt").write_text("word " * 3000)
    (folder / "broken.json").write_text('{"title": "x", "text": ')
    (folder / "nothing.html").write_text("<html><head><title>t</title><script>x=1</script></head><body></body></html>")
    (folder / "list.json").write_text("42")
    return {
        "empty.txt": "empty file",
        "blank.md": "empty file",
        "binary.txt": "binary content",
        "huge.txt": "over the limit",
        "broken.json": "invalid JSON",
        "nothing.html": "no article text",
        "list.json": "not an article record",
    }


def test_bad_files_never_stop_a_batch(tmp_path, caplog):
    expected = _write_bad_batch(tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    with caplog.at_level(logging.WARNING, logger="geoanalysis.parsing"):
        corpus = load_corpus(tmp_path, max_bytes=10_000)
    assert {a.path.rsplit("/", 1)[-1] for a in corpus} == {"good.txt", "good.html", "latin1.txt"}
    reasons = {Path(e.path).name: e.reason for e in corpus.errors}
    assert set(reasons) == set(expected)
    for name, fragment in expected.items():
        assert fragment in reasons[name], (name, reasons[name])
    # mis-encoded file: decoded with a detected fallback and a warning naming the file
    latin = next(a for a in corpus if a.path.endswith("latin1.txt"))
    assert "d\xe9l\xe9gation" in latin.text and latin.metadata["encoding"] != "utf-8"
    assert any("latin1.txt" in r.getMessage() and "not UTF-8" in r.getMessage() for r in caplog.records)
    # the good ones are fully parsed
    good = next(a for a in corpus if a.path.endswith("good.txt"))
    assert good.title == "Talks resume" and len(good.sentences) == 2
    # nothing the user gave was modified
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
    frame = corpus.errors_frame()
    assert list(frame.columns) == ["path", "reason"] and len(frame) == len(expected)


@pytest.mark.parametrize(
    "content, fragment",
    [(b"", "empty file"), (b"\x00\x01\x02binary\x00", "binary content"), (b"\xff\xfe" + "hi".encode("utf-16-le"), None)],
)
def test_parse_file_errors_name_the_file(tmp_path, content, fragment):
    path = tmp_path / "x.txt"
    path.write_bytes(content)
    if fragment is None:  # UTF-16 with a byte-order mark is text
        assert decode_bytes(content)[0] == "hi"
        return
    with pytest.raises(ParseError) as info:
        parse_file(path)
    assert str(path) in str(info.value) and fragment in str(info.value)


def test_oversized_limit_is_configurable(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Title\n\n" + "Russia and Ukraine held talks. " * 100)
    with pytest.raises(ParseError, match="over the limit"):
        parse_article(path, max_bytes=100)
    assert parse_article(path, max_bytes=10_000).title == "Title"


@pytest.mark.parametrize("doc", [
    # The Guardian's content API: records under response.results, fields in a "fields" object
    {"response": {"status": "ok", "results": [
        {"webTitle": "Putin hosts Kim", "webPublicationDate": "2025-09-05T12:00:00Z", "sectionName": "World news",
         "fields": {"bodyText": "Vladimir Putin hosted Kim Jong Un in Vladivostok.", "byline": "Andrew Roth"}}]}},
    # an Elasticsearch dump: records under hits.hits, fields in "_source"
    {"hits": {"total": 1, "hits": [{"_id": "x1", "_source": {
        "headline": {"main": "Putin hosts Kim"}, "pub_date": "2025-09-05", "section_name": "World news",
        "byline": {"original": "By Andrew Roth"}, "body_text": "Vladimir Putin hosted Kim Jong Un in Vladivostok."}}]}},
])
def test_json_api_exports_with_nested_records_and_fields(tmp_path, doc):
    path = tmp_path / "export.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    (art,) = load_corpus(path)
    assert (art.title, art.section, art.authors, art.date) == ("Putin hosts Kim", "World news", ("Andrew Roth",),
                                                               dt.date(2025, 9, 5))
    assert art.text == "Vladimir Putin hosted Kim Jong Un in Vladivostok."


def test_newsapi_truncation_marker_is_not_text(tmp_path):
    path = tmp_path / "newsapi.json"
    path.write_text(json.dumps({"status": "ok", "articles": [
        {"source": {"id": None, "name": "Reuters"}, "author": "Jane Doe", "title": "Border talks",
         "publishedAt": "2025-09-04T08:00:00Z", "content": "China and India agreed to hold talks\u2026 [+2345 chars]"},
    ]}), encoding="utf-8")
    (art,) = load_corpus(path)
    assert (art.outlet, art.authors, art.text) == ("Reuters", ("Jane Doe",), "China and India agreed to hold talks")


def test_a_byline_saying_where_each_author_wrote_from(tmp_path):
    # The Guardian's API: "fields": {"byline": "X in Warsaw and Y"} (the place was part of the first name)
    path = tmp_path / "guardian.json"
    path.write_text(json.dumps({"response": {"status": "ok", "results": [
        {"webTitle": "Poland shoots down drones", "webPublicationDate": "2025-09-10T15:04:11Z",
         "fields": {"byline": "Jakub Krupa in Warsaw and Luke Harding in Central Europe",
                    "body": "<p>Poland has shot down several Russian drones that entered its airspace.</p>"}},
    ]}}), encoding="utf-8")
    (art,) = load_corpus(path)
    assert art.authors == ("Jakub Krupa", "Luke Harding") and art.date == dt.date(2025, 9, 10)


def test_an_outlet_named_as_its_own_author_is_no_author(tmp_path):
    # news APIs give the outlet as the author of its staff's articles ("author": "BBC News")
    path = tmp_path / "newsapi.json"
    path.write_text(json.dumps({"status": "ok", "articles": [
        {"source": {"id": "bbc-news", "name": "BBC News"}, "author": "BBC News", "title": "Boat struck",
         "content": "The US military struck a boat."},
        {"source": {"name": "BBC News"}, "author": "Jane Doe, bbc news", "title": "Talks", "content": "Talks began."},
    ]}), encoding="utf-8")
    first, second = load_corpus(path)
    assert (first.outlet, first.authors) == ("BBC News", ())
    assert second.authors == ("Jane Doe",)


_UNMARKED_PAGE = """<html><head><title>Talks in Ankara | Example Herald</title></head><body>
<div class="top"><a href="/">Home</a> <a href="/world">World</a> <a href="/video">Video</a></div>
<div class="head"><span>Opinion</span><span>March 13, 2015 9:00PM</span></div>
<div class="wrap"><div class="story">
<p>Turkey hosted negotiators from Russia and Ukraine in Ankara on Friday, the foreign ministry said.</p>
<p>It failed.</p>
<p>Read more: <a href="/c">Ankara hosts another summit on the Black Sea</a></p>
<p>The talks ended without agreement on grain exports, and both delegations left the Turkish capital.</p>
<p>Diplomats from the European Union welcomed the meeting and urged both sides to keep the channel open.</p>
<p>Officials in Kyiv said another round could follow in April if the ceasefire holds along the front.</p>
</div>
<div class="more"><p><a href="/a">Police allege man went on a rampage through the city centre</a></p>
<p><a href="/b">This time the minister really dodged a bullet in parliament</a></p></div></div>
<div class="bottom"><p>Privacy Policy</p><p>Contact Us</p><p>Site Map</p></div>
</body></html>"""


def test_unmarked_page_keeps_the_article_and_its_header_date(tmp_path):
    """A page with no article, main or articleBody mark-up: the container of its text paragraphs is the
    article (menus, teaser links and footer left out); the date comes from the page header."""
    path = tmp_path / "page.html"
    path.write_text(_UNMARKED_PAGE, encoding="utf-8")
    art = parse_article(path)
    assert art.title == "Talks in Ankara"
    assert [p.text for p in art.paragraphs][:2] == [
        "Turkey hosted negotiators from Russia and Ukraine in Ankara on Friday, the foreign ministry said.",
        "It failed."]
    assert art.text.endswith("if the ceasefire holds along the front.")
    assert (art.date, art.date_source) == (dt.date(2015, 3, 13), "header")
    for boilerplate in ("Home", "Privacy Policy", "rampage", "Opinion", "Read more", "another summit"):
        assert boilerplate not in art.text


_WIRE_PAGE = """<html><head><meta property="og:title" content="Asia-pacific - Third blogger hacked to death in Bangladesh">
<meta property="og:site_name" content="Example 24"></head><body><article>
<h1>Third blogger hacked to death in Bangladesh</h1>
<p class="byline">Text by NEWS WIRES</p>
<p>Latest update : 2015-05-12</p>
<p>A new law would require providers to store metadata for two years. Source: Supplied</p>
<p>A blogger was hacked to death by assailants in Bangladesh on Tuesday, the third attack in three months.</p>
<p>Police in Dhaka said they had no suspects.</p>
<p>Date created : 2015-05-12</p>
<p>JANE DOE IS THE NETWORK'S SOUTH ASIA EDITOR</p>
</article></body></html>"""


def test_page_furniture_around_a_wire_story_is_metadata(tmp_path):
    """The headline repeated under a longer page title, a "Text by" byline, update and creation date lines,
    a caption credit and a closing note in capitals are not article text."""
    path = tmp_path / "wire.html"
    path.write_text(_WIRE_PAGE, encoding="utf-8")
    art = parse_article(path)
    assert [p.text for p in art.paragraphs] == [
        "A blogger was hacked to death by assailants in Bangladesh on Tuesday, the third attack in three months.",
        "Police in Dhaka said they had no suspects."]
    assert art.authors == ("NEWS WIRES",) and art.outlet == "Example 24"
    assert (art.date, art.date_source) == (dt.date(2015, 5, 12), "header")
    assert art.credits == ("A new law would require providers to store metadata for two years. Source: Supplied",)


def test_inline_markup_inside_words_adds_no_space(tmp_path):
    path = tmp_path / "inline.html"
    path.write_text('<html><head><meta property="og:site_name" content="http://www.example-news.com"></head><body>'
                    "<article><p><strong>Lupita Nyong</strong>'<strong>o</strong>'s dress was stolen in "
                    "<a href='/la'>Los</a> <a href='/ang'>Angeles</a>.<br>Police <em>said</em> so.</p>"
                    "<ul><li>one</li><li>two</li></ul></article></body></html>", encoding="utf-8")
    art = parse_article(path)
    assert art.text.split("\n\n")[0] == "Lupita Nyong'o's dress was stolen in Los Angeles. Police said so."
    assert art.outlet == "example-news.com"


def test_contributor_lines_are_credits():
    art = parse_article("Title\n\nGunmen opened fire on visitors at the museum on Wednesday, killing 19 people.\n\n"
                        "Heba Habib contributed to this report.\n\n"
                        "John Smith in London and Jane Roe contributed reporting to this story.", format="text")
    assert art.text == "Gunmen opened fire on visitors at the museum on Wednesday, killing 19 people."
    assert art.credits == ("Heba Habib contributed to this report.",
                           "John Smith in London and Jane Roe contributed reporting to this story.")


_BODY = ("<p>A flaw in a popular online game makes it easy for anyone to crash the server hosting it, "
         "according to a programmer who has released code that exploits the vulnerability.</p>")


@pytest.mark.parametrize("byline, authors", [
    # schema.org microdata, with a date in the same line
    ('<p class="byline" itemprop="author creator" itemscope><a rel="author" href="/a/dg"><span itemprop="name">'
     'Dan Goodin</span></a> - <time datetime="2015-04-16">Apr 16, 2015 8:02 pm UTC</time></p>', ("Dan Goodin",)),
    # a rel="author" link in a class the byline rules do not know
    ('<span class="author_byline">By <a href="/authors/as" rel="author">Ana Sandoiu</a> and '
     '<a href="/authors/jd" rel="author">Jane Doe</a></span>', ("Ana Sandoiu", "Jane Doe")),
])
def test_authors_marked_up_on_the_page_and_not_their_biography(tmp_path, byline, authors):
    bio = ('<div class="author-bio"><a class="author-name">Dan Goodin</a> Dan is the Security Editor at Ars '
           "Technica, which he joined after working for The Register, the Associated Press, Bloomberg News, "
           "and other publications.</div>")
    path = tmp_path / "page.html"
    path.write_text(f"<html><body><article><h1>Exploit crashes servers</h1>{byline}{_BODY}{bio}"
                    "<p>This article originally appeared on The Atlantic.</p><h3>About the Author</h3>"
                    "</article></body></html>", encoding="utf-8")
    art = parse_article(path)
    assert art.authors == authors
    assert art.text.startswith("A flaw in a popular online game") and art.text.endswith("exploits the vulnerability.")


def test_multi_record_json_needs_load_corpus():
    with pytest.raises(ParseError, match="use load_corpus"):
        parse_article(FIXTURES / "records.jsonl")


# --------------------------------------------------------------------------- properties


def _check_offsets(art: Article) -> None:
    assert art.text == "\n\n".join(p.text for p in art.paragraphs)
    last_end = -1
    for s in art.sentences:
        assert art.text[s.start : s.end] == s.text and s.text.strip() == s.text and s.text
        assert s.start >= last_end
        last_end = s.end
    for t in art.tokens:
        assert art.text[t.start : t.end] == t.text


_texty = st.lists(
    st.sampled_from(list("abcXYZ .,;:!?\"'\u201c\u201d\u2019\u2014-#*_[]()<>/\n\t0123456789")
                    + ["U.S.", "Mr.", "**", "](#)", "\n\n", "# ", "Russia", "By ", "Sources", "<p>", "{"]),
    max_size=120,
).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_texty, st.sampled_from([None, "text", "markdown", "html", "json"]))
def test_parsing_arbitrary_text_reports_errors_and_keeps_offsets(text, fmt):
    try:
        art = parse_article(text if "\n" in text or not text.strip() else text + "\n", format=fmt)
    except ParseError as exc:
        assert str(exc)  # a reason in words
        return
    except FileNotFoundError:
        return  # a one-line string that looks like a path
    _check_offsets(art)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=600))
def test_decoding_arbitrary_bytes_never_raises_anything_else(data):
    try:
        text, encoding = decode_bytes(data, path="fuzz.bin")
    except ParseError as exc:
        assert str(exc).startswith("fuzz.bin: ")
        return
    assert isinstance(text, str) and text.strip() and encoding


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=300), st.sampled_from([".txt", ".md", ".html", ".json", ".jsonl", ".csv", ".tsv"]))
def test_batch_with_arbitrary_file_keeps_the_good_one(tmp_path_factory, data, ext):
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "good.txt").write_text("Talks\n\nChina and India met in Delhi on Monday. They signed a deal.\n")
    (folder / f"fuzz{ext}").write_bytes(data)
    corpus = load_corpus(folder)
    assert "good" in corpus.ids
    assert len(corpus) + len(corpus.errors) >= 2
    for art in corpus:
        _check_offsets(art)


def test_wire_dateline_and_reporting_credits_become_metadata():
    art = parse_article(
        "Ukraine says drones hit refinery\n\nKYIV, Sept 3 (Reuters) - Ukraine said on Wednesday its drones hit a "
        "refinery in Russia. Moscow did not comment.\n\n(Reporting by Tom Balmforth; Editing by Mark Heinrich)\n"
    )
    assert (art.title, art.outlet, art.authors, art.editor) == (
        "Ukraine says drones hit refinery", "Reuters", ("Tom Balmforth",), "Mark Heinrich")
    assert art.metadata["dateline"] == "KYIV, Sept 3 (Reuters)"
    assert [s.text for s in art.sentences] == [
        "Ukraine said on Wednesday its drones hit a refinery in Russia.", "Moscow did not comment."]


@pytest.mark.parametrize("dateline", ["NEW DELHI/ISLAMABAD, May 10 (Reuters) -", "WASHINGTON (AP) \u2014",
                                      "KYIV, Ukraine (AFP) -", "BEIJING, Oct 10 (AP) \u2014",
                                      "DOHA, Sept 9, 2025 (AFP) -", "DOHA, 9 September 2025 (AFP) -"])
def test_wire_datelines_of_one_or_two_places(dateline):
    """A dateline naming two cities ("NEW DELHI/ISLAMABAD") is stripped as one naming one: its places and agency
    would otherwise be mentions of the first sentence, and the agency an actor of its relations."""
    art = parse_article(f"Ceasefire agreed\n\n{dateline} India and Pakistan agreed to a ceasefire. Talks will follow.\n")
    agency = dateline[dateline.index("(") + 1:dateline.index(")")]
    assert art.outlet == agency and art.metadata["dateline"] == dateline.rstrip(" -\u2014")
    assert art.text == "India and Pakistan agreed to a ceasefire. Talks will follow."


@pytest.mark.parametrize("body, date, source", [
    # the dateline's day, in the year of the dates the body states (not the body's own date, Nov 5)
    ("SEOUL, Nov 7 (Yonhap) -- North Korea fired a missile on Nov 5, 2025, the military said.",
     dt.date(2025, 11, 7), "header"),
    # across the new year, the year nearest to the body's date
    ("TOKYO, Jan 2 (Reuters) - Japan said on Dec 30, 2025 that talks would resume.", dt.date(2026, 1, 2), "header"),
    ("TOKYO, Dec 30 (Reuters) - Japan said on Jan 2, 2026 it would talk.", dt.date(2025, 12, 30), "header"),
    # a month and year when the body names no day
    ("SEOUL, Nov 7 (Yonhap) -- Talks set for December 2025 were delayed.", dt.date(2025, 11, 7), "header"),
    # no year anywhere: no date rather than a guess
    ("SEOUL, Nov 7 (Yonhap) -- North Korea fired a missile, the military said.", None, None),
    # no year within half a year of the body's date has the day, a word that only begins like a month, no such
    # day: the body's date, as without a dateline
    ("SEOUL, Feb 29 (Yonhap) -- Talks were held on March 2, 2025.", dt.date(2025, 3, 2), "text"),
    ("SEOUL, Mayor 3 (Yonhap) -- Talks were held on March 2, 2025.", dt.date(2025, 3, 2), "text"),
    ("SEOUL, Nov 31 (Yonhap) -- Talks were held on November 2, 2025.", dt.date(2025, 11, 2), "text"),
    # a dateline with its year is the date, month first or day first (it stayed in the text, undated)
    ("DOHA, Sept 9, 2025 (AFP) - Israel struck Doha; talks were held on Sept 3, 2025.", dt.date(2025, 9, 9), "header"),
    ("DOHA, 9 September 2025 (AFP) - Israel struck Doha.", dt.date(2025, 9, 9), "header"),
    ("DOHA, 9 Sept (AFP) - Israel struck Doha; talks were held on Sept 3, 2025.", dt.date(2025, 9, 9), "header"),
    ("DOHA, Sept 31, 2025 (AFP) - Israel struck Doha.", None, None),
])
def test_the_date_of_a_wire_dateline(body, date, source):
    art = parse_article(f"Missile launch\n\n{body}\n")
    assert (art.date, art.date_source) == (date, source)


def test_json_body_repeating_the_headline_and_byline():
    record = {"title": "Talks resume", "text": "Talks resume\n\nBy Ana Lima\n\nRussia and Ukraine resumed talks in "
              "Istanbul on Monday after a month-long pause. Turkey hosted them."}
    art = parse_article(json.dumps(record), format="json")
    assert art.title == "Talks resume" and art.authors == ("Ana Lima",)
    assert art.text.startswith("Russia and Ukraine resumed talks")


# --------------------------------------------------------------------------- fast paths = their references


def _squash_reference(text: str) -> str:
    from geoanalysis.parsing import _WS_RE, _ZW_RE

    return _WS_RE.sub(" ", _ZW_RE.sub("", text).replace("\n", " ")).strip()


def test_squash_equals_reference_for_every_character():
    import sys

    from geoanalysis.parsing import _squash

    for i in range(sys.maxunicode + 1):
        c = chr(i)
        for text in (c, f"a{c}b", f"a {c}", f"{c} a", f"a {c} b", f"{c}{c}a{c}{c}b{c}"):
            assert _squash(text) == _squash_reference(text), repr(text)


_SPACY = st.lists(st.sampled_from(["a", "B", " ", "  ", "\n", "\t", "\r", "\u00a0", "\u200b", "\u00ad", "\x1c", "\x85",
                                   "\u2028", "\u3000", "\u2009", "\ufeff", "é", "\u201c"]), max_size=30).map("".join)


@settings(max_examples=500, deadline=None)
@given(_SPACY)
def test_squash_equals_reference(text):
    from geoanalysis.parsing import _squash

    assert _squash(text) == _squash_reference(text)


_SNIFFY = st.lists(st.sampled_from(["#", "# ", "   # ", "**", "**bold**", "](", "](x)", "](x y)", "<p>", "<HTML", "<div>",
                                   "{", "[", "\n", " ", "x", "\t", "[a](b)", "\"a\": 1", "}"]), max_size=25).map("".join)


@settings(max_examples=500, deadline=None)
@given(_SNIFFY)
def test_sniff_equals_one_alternation(text):
    import re

    from geoanalysis.parsing import _sniff

    def reference(text):  # _sniff as it was: one search for the three Markdown cues
        head = text.lstrip()[:2000]
        if head[:1] in "{[":
            try:
                json.loads(text)
                return "json"
            except ValueError:
                try:
                    json.loads(text.strip().splitlines()[0])
                    return "json"
                except ValueError:
                    pass
        if re.search(r"<(?:!doctype html|html|body|article|p|div|h1)\b", head, re.I):
            return "html"
        if re.search(r"^\s{0,3}#{1,6}\s|^\s*\*\*[^*\n]+\*\*\s*$|\]\([^)\s]*\)", text[:20000], re.M):
            return "markdown"
        return "text"

    def outcome(f):
        try:
            return f(text)
        except Exception as exc:  # a blank text: both fail alike (callers never pass one)
            return type(exc)

    assert outcome(_sniff) == outcome(reference)


_WORDY = st.lists(st.sampled_from(["a", "Bc", " ", "  ", "\n", "\t", "\u00a0", "\x1c", "\x85", "\u2028", "\u3000",
                                   "\u200b", "é"]), max_size=160).map("".join)


@settings(max_examples=500, deadline=None)
@given(_WORDY)
@example(" ".join(["w"] * 31) + " ")
@example(" ".join(["w"] * 32) + "\n")
@example("\x85".join(["w"] * 40))
def test_footer_word_count_is_the_count_capped_beyond_the_rules(text):
    # _classify_footer counts len(t.split(None, 31)): the words, or 32 when there are more (its rules stop at 30)
    assert len(text.split(None, 31)) == min(len(text.split()), 32)


_DIGITLESS_DATEY = st.lists(st.sampled_from(["September", "Sept.", "Jan", "May", "Monday,", "Published:", "Updated",
                                             "on", "at", "GMT", "UTC+", "p.m.", " ", ",", ".", "/", "-", ":", "T", "Z",
                                             "\u00b2", "\u2155", "x"]), max_size=20).map("".join)


@settings(max_examples=300, deadline=None)
@given(_DIGITLESS_DATEY)
def test_a_date_line_without_a_digit_holds_no_date(text):
    from geoanalysis.dates import find_dates, parse_date
    from geoanalysis.parsing import _looks_like_date

    # why _looks_like_date returns None at once without a digit: neither of its date readers finds one
    assert find_dates(text) == [] and parse_date(text) is None and _looks_like_date(text) is None


def test_paths_are_taken_as_they_are(tmp_path):
    from geoanalysis.parsing import _as_path

    f = tmp_path / "a.txt"
    f.write_text("Talks resume\n\nUkraine and Russia resumed talks in Istanbul on Monday. Turkey hosted them.\n")
    assert _as_path(f) is f and _as_path(str(f)) == f and type(_as_path(str(f))) is type(f)
    assert parse_file(f) == parse_file(str(f))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab \n\té\u201c") + [chr(c) for c in range(0, 32)] + ["\x7f"]),
               min_size=1, max_size=300))
def test_control_character_check_with_and_without_the_utf8_bytes(text):
    from geoanalysis.parsing import _check_text

    def outcome(**kw):
        try:
            return _check_text(text, "p", **kw)
        except ParseError as exc:
            return str(exc)

    assert outcome(utf8=text.encode("utf-8")) == outcome()


def test_read_text_limits_and_sizes(tmp_path):
    from geoanalysis.parsing import read_text

    path = tmp_path / "a.txt"
    body = "Title\n\nRussia and Ukraine held talks. " * 10
    path.write_text(body)
    size = path.stat().st_size
    for max_bytes in (size, size + 1, 10 * size, None):
        assert read_text(path, max_bytes=max_bytes) == (body, "utf-8")
    with pytest.raises(ParseError, match="over the limit"):
        read_text(path, max_bytes=size - 1)
    with pytest.raises(ParseError, match="not a regular file"):
        read_text(tmp_path)
    with pytest.raises(FileNotFoundError, match="no such file"):
        read_text(tmp_path / "missing.txt")
    with pytest.raises(FileNotFoundError, match="no such file"):
        read_text(path / "below-a-file.txt")  # ENOTDIR, as Path.exists() says False


@pytest.mark.parametrize("markup", ["<![\n", "<html><body><p>\x00\x01</p></body></html>", "<" * 5000])
def test_markup_with_no_text_is_a_parse_error(markup):
    # "<![" was found by the property test above (html.parser raised ParserRejectedMarkup for it)
    with pytest.raises(ParseError, match="<text>: no article text found"):
        parse_article(markup, format="html")


_FR = ("Les députés ont adopté à une large majorité le projet de loi sur le renseignement défendu par le "
       "gouvernement lors d'un vote solennel, mardi. Il sera désormais examiné par le Sénat, puis le Conseil "
       "constitutionnel, prochainement saisi par soixante-quinze députés.")
_ES = ("Abdullah Ocalan, el líder independentista kurdo, desembarcó en Italia en noviembre de 1998 y pidió asilo "
       "político. Arrastraba un pedido de captura de Turquía, donde era acusado por terrorismo. El ex comunista "
       "Massimo D'Alema, recién asumido, dudaba.")
_EN = ("Russia and China held talks in Beijing on Monday, and the ministers said that they would meet again in "
       "the spring. Officials in Moscow said the talks had been useful, but they gave no details of what was "
       "agreed between the two sides.")


@pytest.mark.parametrize("text, declared, language", [
    (_EN, None, "en"),
    (_FR, "fr-FR", "fr"),
    (_ES, None, "und"),
    (_ES, "en", "und"),  # declared English, but it does not read as English
    ("Emmanuel Macron met Olaf Scholz in Berlin.", None, "en"),  # too short to tell: English
    ("Emmanuel Macron a rencontré Olaf Scholz à Berlin.", "fr", "fr"),
])
def test_language_is_english_by_its_function_words_else_as_declared(text, declared, language):
    art = make_article(text, id="a", metadata={"language": declared} if declared else {})
    assert art.language == language == art.to_record()["language"]


def test_in_languages_keeps_the_articles_in_those_languages_or_says_why_none(tmp_path):
    from geoanalysis.model import Corpus, ErrorRecord

    corpus = Corpus([make_article(_EN, id="en"), make_article(_FR, id="fr", metadata={"language": "fr"}),
                     make_article(_ES, id="es")], [ErrorRecord("bad.txt", "empty file")])
    assert corpus.in_languages().ids == ["en"]
    assert corpus.in_languages("fr,und").ids == ["fr", "es"] and corpus.in_languages("fr,und").errors == corpus.errors
    assert corpus.in_languages(None).ids == corpus.in_languages("all").ids == ["en", "fr", "es"]
    assert corpus.in_languages("de").ids == []
    with pytest.raises(ValueError, match=r"of 2 articles \(in the languages \['fr', 'und'\]\) none is in 'en'; "
                                         r"1 files could not be read\nbad.txt: empty file"):
        Corpus(list(corpus)[1:], corpus.errors).in_languages("en", require=True)
    with pytest.raises(ValueError, match="languages = 'english' is invalid"):
        corpus.in_languages("english")


def test_a_run_warns_about_articles_not_in_english(tmp_path, caplog):
    from geoanalysis.runner import run_corpus

    (tmp_path / "en.txt").write_text(_EN, encoding="utf-8")
    (tmp_path / "fr.txt").write_text(_FR, encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="geoanalysis.runner"):
        result = run_corpus(tmp_path, tmp_path / "out")
    assert result["articles"]["language"].tolist() == ["en", "und"]
    assert "1 of 2 articles do not read as English (1 und" in caplog.text


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab {}\t\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\u3000"))))
def test_lines_of_a_records_file_are_those_of_splitlines(text):
    """The lines of a JSON Lines text, read one at a time without a copy, are ``text.strip().splitlines()``
    (the numbering of the records depends on it)."""
    from geoanalysis.parsing import _lines

    assert list(_lines(text)) == text.strip().splitlines()


# --------------------------------------------------------------------------- records read from disk as taken


_JSON_LINES = st.sampled_from([
    '{"text": "Kyiv was shelled."}', '{"id": 7, "text": "Talks in Doha."}', '{"id": "7", "text": "Again."}',
    '{"id": "a b", "body": "Seoul replied."}', '{"title": "No text"}', "1", "[1, 2]", '"text"', "{", "}",
    '{"text": "x"} trailing', "", " ", "\t", "\xa0", '{"text": "x"}\xa0', "\u3000" + '{"text": "y"}',
    '{"text": "line\\u2028break"}', '{"text": "' + "[" * 3 + '"}',
])
_BREAKS = st.sampled_from(["\n", "\r\n", "\r", "\n\n", "\x0b", "\x0c", "\x85", "\u2028", "\u2029"])


@st.composite
def _json_lines_texts(draw) -> str:
    lines = draw(st.lists(_JSON_LINES, min_size=1, max_size=8))
    breaks = [draw(_BREAKS) for _ in lines]
    lead, trail = draw(st.sampled_from(["", "\n", " \n\n", "\u3000\n", "\xa0"])), draw(st.sampled_from(["", "\n", " \n \n", "\u2029"]))
    return lead + "".join(line + brk for line, brk in zip(lines, breaks))[: None if draw(st.booleans()) else -1] + trail


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_json_lines_texts(), st.sampled_from([".jsonl", ".json"]))
@example('{"text": "a"}\n{"text": "b"}\n', ".jsonl")
@example('\n \n{"text": "a"}\r\n\r\n{"id": 3, "text": "b"}\n{\n{"text": "c"}  \n\n', ".jsonl")
@example('[{"text": "a"},\n {"text": "b"}]\n', ".json")
def test_json_lines_read_as_taken_equal_the_whole_file_read(tmp_path, text, suffix):
    """``iter_records``, which reads a JSON Lines file a line at a time, gives what ``read_records`` finds in
    the whole text: the same records, ids, line numbers and errors (the file's, or each bad line's)."""
    from geoanalysis.parsing import iter_records, read_records

    path = tmp_path / f"wire{suffix}"
    path.write_bytes(text.encode("utf-8"))
    assert records_outcome(lambda: iter_records(path)) == records_outcome(lambda: read_records(path))


_CSV_TEXTS = st.builds(
    lambda header, cells, brk: header + brk + "".join(cells),
    st.sampled_from(["text", "id,text", "title;text;date", "text\tid", "id,body", "id,title", " , ", '"text"']),
    st.lists(st.sampled_from(["a", "Kyiv", ",", ";", "\t", '"', '""', "\n", "\r\n", "\r", " ", "7", "\u2028"]), max_size=30),
    st.sampled_from(["\n", "\r\n", "\r"]),
)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_CSV_TEXTS, st.sampled_from([".csv", ".tsv"]))
@example('id,text\n1,"Kyiv was shelled."\n2,"Talks\nin Doha"\n\n3,too,many\n4,"unclosed\n', ".csv")
def test_csv_rows_read_as_taken_equal_the_whole_file_read(tmp_path, text, suffix):
    """``iter_records`` reads a CSV file a row at a time and gives what ``read_records`` finds in the whole
    text (delimiter, rows, ids, bad rows and the unreadable rest)."""
    from geoanalysis.parsing import iter_records, read_records

    path = tmp_path / f"wire{suffix}"
    path.write_bytes(text.encode("utf-8"))
    assert records_outcome(lambda: iter_records(path)) == records_outcome(lambda: read_records(path))


def test_a_records_file_in_utf8_is_not_read_whole(tmp_path, monkeypatch):
    """A JSON Lines, JSON array (one line or many), API response or CSV file in UTF-8 is read a record at a
    time: never as one text. A single record, or a file in another encoding, is read whole (the same records
    either way, tested above and below)."""
    from geoanalysis import parsing

    lines = [json.dumps({"id": i, "text": f"Talks number {i} opened in Doha."}) for i in range(50)]
    jsonl, csv_file = tmp_path / "wire.jsonl", tmp_path / "wire.csv"
    jsonl.write_text("\n".join(lines) + "\n", encoding="utf-8")
    csv_file.write_text("id,text\n" + "".join(f'{i},"Talks number {i}."\n' for i in range(50)), encoding="utf-8")
    array, one_line = tmp_path / "dump.json", tmp_path / "min.json"
    array.write_text("[" + ",\n".join(lines) + "]", encoding="utf-8")
    one_line.write_text(" [" + ",".join(lines) + "]\n", encoding="utf-8")
    response = tmp_path / "response.json"
    response.write_text('{"status": "ok", "n": 50, "response": {"results": [' + ",\n".join(lines) + "]}}",
                        encoding="utf-8")
    single, latin1 = tmp_path / "single.json", tmp_path / "latin1.jsonl"
    single.write_text(lines[0], encoding="utf-8")
    latin1.write_bytes(("\n".join(lines[:3]) + '\n{"text": "Caf\xe9 talks."}\n').encode("latin-1"))
    whole = []
    monkeypatch.setattr(parsing, "read_text", lambda path, **kw: whole.append(Path(path).name) or ("", "utf-8"))
    monkeypatch.setattr(parsing, "_READ_CHUNK", 64)  # an array's elements span chunks

    records = parsing.iter_records(jsonl)
    assert next(records).id == "wire-0" and next(records).path == f"{jsonl}#2"
    assert [r.data["id"] for r in records] == list(range(2, 50))
    assert [r.id for r in parsing.iter_records(csv_file)][-1] == "wire-49"
    for path in (array, one_line, response):
        assert [(r.id, r.path, r.data["id"]) for r in parsing.iter_records(path)] == [
            (f"{path.stem}-{i}", f"{path}#{i + 1}", i) for i in range(50)]
    assert whole == []
    for path in (single, latin1):  # one record; another encoding
        with pytest.raises(ParseError):  # the patched read_text gives an empty text
            list(parsing.iter_records(path))
    assert whole == ["single.json", "latin1.jsonl"]


def _read_in_chunks(path: Path, chunk: int) -> object:
    """What ``iter_records`` gives for ``path``, reading ``chunk`` bytes (characters) at a time."""
    from geoanalysis import parsing

    default = parsing._READ_CHUNK
    parsing._READ_CHUNK = chunk
    try:
        return records_outcome(lambda: parsing.iter_records(path))
    finally:
        parsing._READ_CHUNK = default


def _read_whole(path: Path) -> object:
    from geoanalysis.parsing import read_records

    return records_outcome(lambda: read_records(path))


_JSON_VALUES = st.sampled_from([
    '{"text": "Kyiv was shelled."}', '{"id": 7, "text": "Talks, in Doha]"}', '{"id": 7, "text": "Again."}',
    '{"title": "No text"}', "1", "1.5", "-2.5e-3", "12345678901234567890", "NaN", "-Infinity", "true", "null",
    '"a string, with ] and ,"', "[1, [2, {}]]", "{}", "[]", '{"text": "\\u00e9\\"quoted\\""}',
])
_JSON_GAPS = st.sampled_from(["", "", "", " ", " ", "\n", "\r\n", "\t ", "\n\n  "] * 4 + ["\x0c", "\u3000"])


@st.composite
def _json_array_texts(draw) -> str:
    values = draw(st.lists(_JSON_VALUES, max_size=8))
    gap = lambda: draw(_JSON_GAPS)  # noqa: E731
    inner = ",".join(gap() + v + gap() for v in values)
    text = gap() + "[" + (inner or gap()) + "]" + gap()
    damage = draw(st.sampled_from(["", "", "", "trailing comma", "cut", "more", "no comma"]))
    if damage == "trailing comma":
        text = text.replace("]", ",]", 1) if values else text
    elif damage == "cut":
        text = text[: draw(st.integers(0, max(0, len(text) - 1)))]
    elif damage == "more":
        text += draw(st.sampled_from(["x", "[1]", "\n{}", ","]))
    elif damage == "no comma" and len(values) > 1:
        text = text.replace(",", " ", 1)
    return text


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_json_array_texts(), st.sampled_from([1, 2, 3, 7, 64, 1 << 20]))
@example('[1.5, 2]', 2)
@example('[{"text": "a"}, {"text": "b"}]', 1)
@example(' [ {"id": 1, "text": "a"} ,\n{"id": 1, "text": "b"}\n]\n', 5)
def test_json_arrays_read_as_taken_equal_the_whole_file_read(tmp_path, text, chunk):
    """``iter_records`` parses a JSON array a chunk of text at a time, an element at a time; it gives what
    ``read_records`` finds in the whole text (``json.loads``), whatever the chunks cut: numbers ("1." of
    1.5), strings, white space, and arrays that are no JSON (then both read it whole)."""
    path = tmp_path / "dump.json"
    path.write_bytes(text.encode("utf-8"))
    assert _read_in_chunks(path, chunk) == _read_whole(path)


@st.composite
def _json_objects(draw, level: int = 1) -> str:
    """An API response, or a record: an object whose members are lists of records, objects (four levels
    deep at most), text and other values; keys may repeat."""
    keys = st.sampled_from(["articles", "items", "results", "hits", "response", "text", "status", "x"])
    gap = lambda: draw(_JSON_GAPS)  # noqa: E731
    members = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["list", "list", "object", "value"] if level < 4 else ["list", "value"]))
        if kind == "list":
            value = "[" + ",".join(gap() + v + gap() for v in draw(st.lists(_JSON_VALUES, max_size=4))) + "]"
        elif kind == "object":
            value = draw(_json_objects(level + 1))
        else:
            value = draw(_JSON_VALUES)
        members.append(gap() + json.dumps(draw(keys)) + gap() + ":" + gap() + value + gap())
    return "{" + (",".join(members) or gap()) + "}"


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_json_objects(), st.sampled_from(["", "", "", "cut", "more", "trailing comma"]),
       st.sampled_from([1, 2, 3, 7, 64, 1 << 20]))
@example('{"status": "ok", "articles": [{"text": "a"}, {"text": "b"}]}', "", 3)
@example('{"articles": 5, "x": {"results": [{"text": "a"}]}, "articles": [{"text": "b"}]}', "", 1)
@example('{"response": {"x": {"hits": [{"text": "a"}]}}}', "", 2)
def test_api_responses_read_as_taken_equal_the_whole_file_read(tmp_path, text, damage, chunk):
    """``iter_records`` finds the list of records of an API response as ``read_records`` does (the first of
    the list keys, else inside the objects, three levels down; a repeated key's last value) and parses it
    a chunk of text at a time; an object that holds no such list is one record, read whole."""
    if damage == "cut":
        text = text[: len(text) // 2]
    elif damage == "more":
        text += "\n{}"
    elif damage == "trailing comma":
        text = text[:-1] + ",}"
    path = tmp_path / "response.json"
    path.write_bytes(text.encode("utf-8"))
    assert _read_in_chunks(path, chunk) == _read_whole(path)


def test_a_json_lines_file_cut_off_midway_keeps_the_records_before(tmp_path):
    """A line that is not JSON is an error of its own (``file#N``), also when nested too deep; the records
    around it are read."""
    from geoanalysis.parsing import Record, iter_records

    path = tmp_path / "feed.jsonl"
    path.write_text('{"text": "One."}\n' + "[" * 100_000 + "\n" + '{"text": "Three."}\n{"text": "Fo', encoding="utf-8")
    items = list(iter_records(path))
    assert [type(i).__name__ for i in items] == ["Record", "ParseError", "Record", "ParseError"]
    assert items[1].path == f"{path}#2" and "nesting too deep" in items[1].reason
    assert items[3].path == f"{path}#4" and items[3].reason.startswith("invalid JSON on line 4")
    assert [i.data["text"] for i in items if isinstance(i, Record)] == ["One.", "Three."]


# --------------------------------------------------------------------------- one paragraph per line, datelines

def test_text_with_one_paragraph_per_line_keeps_its_header_and_paragraphs_apart():
    """Text copied from a web page often has no blank lines: its headline, byline and sub-headings are lines of
    their own, and must not run into the next sentence."""
    text = ("China holds trade talks with the US\n"
            "By John Liu and Phil Mattingly, CNN\n"
            "Hong Kong/Washington (CNN) \u2014 Trade negotiations between the United States and China will continue "
            "on Tuesday in London, with both sides trying to preserve a fragile truce brokered last month.\n"
            "A card to play\n"
            "China controls most of the world's supply of rare earths, which it has used as leverage in the "
            "talks, analysts said on Monday.\n")
    art = parse_article(text)
    assert art.title == "China holds trade talks with the US"
    assert (art.authors, art.outlet, art.metadata["dateline"]) == (("John Liu", "Phil Mattingly"), "CNN",
                                                                   "Hong Kong/Washington (CNN)")
    assert [p.text for p in art.paragraphs][1] == "A card to play"
    assert len(art.paragraphs) == 3 and art.text.startswith("Trade negotiations between")
    assert [s.text for s in art.sentences][1] == "A card to play"


def test_hard_wrapped_text_stays_one_paragraph():
    """Lines of nearly one length, wrapped by hand or by a mailer, run on, also before a capital ("President /
    Vladimir Putin"); a short line ends its paragraph."""
    text = ("Talks stall\n\n"
            "The two delegations met in Istanbul on Monday for talks with President\n"
            "Vladimir Putin's envoy, who said Moscow would not accept a ceasefire\n"
            "before its terms were met. Kyiv rejected that.\n"
            "Turkey offered to host a second round.\n")
    art = parse_article(text)
    assert [p.text for p in art.paragraphs] == [
        "The two delegations met in Istanbul on Monday for talks with President Vladimir Putin's envoy, who said "
        "Moscow would not accept a ceasefire before its terms were met. Kyiv rejected that.",
        "Turkey offered to host a second round."]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="aB .\u201c", min_size=0, max_size=130), min_size=1, max_size=8))
def test_line_paragraphs_partition_the_lines(lines):
    from geoanalysis.parsing import _WRAP_MAX, _line_paragraphs

    groups = _line_paragraphs(lines)
    assert [line for g in groups for line in g] == lines and all(groups)
    if len({len(line.strip()) for line in lines}) == 1 and len(lines[0].strip()) <= _WRAP_MAX:
        assert groups == [lines]  # lines of one length are a wrapped paragraph
    for g in groups[1:]:
        assert not g[0].lstrip()[:1].islower()  # a paragraph never starts in lower case


@pytest.mark.parametrize("dateline, place", [
    ("WASHINGTON \u2014", "WASHINGTON"), ("JERUSALEM/DOHA --", "JERUSALEM/DOHA"),
    ("ISLAMABAD, Pakistan \u2014", "ISLAMABAD, Pakistan"), ("COLOMBO:", "COLOMBO"),
    ("BAMAKO, Oct 5 -", "BAMAKO, Oct 5"), ("Washington \u2014", "Washington"),
])
def test_datelines_without_an_agency(dateline, place):
    """A place in capitals before a dash or a colon opens a wire story as a dateline does; in title case, only a
    city the knowledge base knows does ("Washington \u2014")."""
    art = parse_article(f"Ceasefire agreed\n\n{dateline} India and Pakistan agreed to a ceasefire. Talks will follow.\n")
    assert art.metadata["dateline"] == place and art.outlet is None
    assert art.text == "India and Pakistan agreed to a ceasefire. Talks will follow."


@pytest.mark.parametrize("dateline, place, agency", [
    ("DUBAI, United Arab Emirates (AP) \u2014", "DUBAI, United Arab Emirates (AP)", "AP"),
    ("Hong Kong/Washington (CNN) \u2014", "Hong Kong/Washington (CNN)", "CNN"),
    ("ERBIL (Kurdistan24) \u2013", "ERBIL (Kurdistan24)", "Kurdistan24"),
    ("Mogadishu (HOL) \u2014", "Mogadishu (HOL)", "HOL"),
])
def test_datelines_of_any_agency_and_a_region(dateline, place, agency):
    art = parse_article(f"Ceasefire agreed\n\n{dateline} India and Pakistan agreed to a ceasefire.\n")
    assert (art.metadata["dateline"], art.outlet) == (place, agency)
    assert art.text == "India and Pakistan agreed to a ceasefire."


@pytest.mark.parametrize("opening", ["BREAKING: ", "NATO \u2014 ", "Russia \u2014 ", "KEY POINTS: "])
def test_labels_and_names_that_open_no_dateline(opening):
    """A label, a name the knowledge base knows as no place, or a country in title case stays in the text."""
    art = parse_article(f"Ceasefire agreed\n\n{opening}India and Pakistan agreed to a ceasefire.\n")
    assert "dateline" not in art.metadata and art.text.startswith(opening.strip())


def test_a_line_of_fields_naming_the_outlet():
    art = parse_article("China holds drills around Taiwan\n"
                        "Reuters | Beijing | Updated: 09-08-2022 10:26 IST | Created: 09-08-2022 10:25 IST\n"
                        "The Eastern Theater Command said on Tuesday that it continued to hold military drills and "
                        "exercises in the seas and airspace around the island of Taiwan.\n")
    # "09-08-2022" reads day first or month first: no date rather than a guess
    assert (art.outlet, art.metadata["dateline"], art.date) == ("Reuters", "Beijing", None)
    assert art.text.startswith("The Eastern Theater Command")
    for field, date in (("09/08/2022", None), ("19/08/2022", dt.date(2022, 8, 19))):
        art = parse_article(f"China holds drills around Taiwan\nReuters | Beijing | Updated: {field} 10:26 IST\n"
                            "The Eastern Theater Command said on Tuesday that it continued to hold military drills "
                            "and exercises in the seas and airspace around the island of Taiwan.\n")
        assert (art.outlet, art.date) == ("Reuters", date)


@pytest.mark.parametrize("body, date", [
    ("In a September 2, 2025 interview, Trump spoke.\n\nHe said more.", dt.date(2025, 9, 2)),
    # a date further on is of a past event or a deadline, not the story's
    ("Israel struck Doha on Tuesday.\n\nNATO's defence rests on Article 5, invoked after the September 11, 2001 "
     "attacks, and on October 7, 2023 Hamas attacked Israel.\n\nThe measures hold until January 1, 2027.", None),
])
def test_the_text_date_is_the_date_the_lead_states(body, date):
    art = parse_article(f"Strike in Doha\n\n{body}\n")
    assert art.date == date and art.date_source == ("text" if date else None)


def test_lists_of_other_stories_and_page_lines_are_no_body():
    text = ("DR Congo and Rwanda sign peace deal\n"
            "How informative is this news?\n\n"
            "By continuing to browse our site you agree to our use of cookies, revised Privacy Policy and Terms of "
            "Use. You can change your cookie settings through your browser.\n"
            "Rwanda and Congo signed a peace agreement in Washington on Friday, aimed at ending decades of conflict "
            "in the east of Congo.\n"
            "Recommended Stories\n"
            "- Trump meets Putin in Alaska\n"
            "- Ukrainian drones hit Russia\n"
            "The deal was signed by the two foreign ministers at the State Department in the presence of the US "
            "secretary of state.\n\n"
            "Loading...\n\n"
            "ALSO READ\n"
            "Rohingya Refugee Crisis Deepens in Bangladesh Amidst Escalating Needs, Funding Shortfall\n"
            "Tragedy and Turmoil: Harassment Allegations Ignite Campus Crisis\n"
            "Escalating Conflict: Strikes and Aid Crisis in Gaza\n")
    art = parse_article(text)
    assert art.title == "DR Congo and Rwanda sign peace deal"
    assert [p.text[:24] for p in art.paragraphs] == ["Rwanda and Congo signed ", "The deal was signed by t"]


@pytest.mark.parametrize("text, title, outlet, authors", [
    # the page's address above the text, a section label, an outlet after the author's name
    ("https://example.com/news/lecornu-resigns\n\nFrench Prime Minister Lecornu Resigns\n\nMOSCOW (Sputnik) - French "
     "Prime Minister Sebastien Lecornu resigned on Monday, the Elysee said.\n",
     "French Prime Minister Lecornu Resigns", "Sputnik", ()),
    ("Summary\n\nBRICS leaders meet amid tariff threats\n\nBy Jane Smith, The Canadian Press\n\nBRICS leaders met on "
     "Sunday in Rio de Janeiro as tariff threats loomed over the summit.\n",
     "BRICS leaders meet amid tariff threats", "The Canadian Press", ("Jane Smith",)),
    ("Haiti gets a new force\n\nBy Jacqueline Charles, Miami Herald\n\nThe UN Security Council voted on Tuesday to "
     "create a Gang Suppression Force for Haiti.\n", "Haiti gets a new force", "Miami Herald", ("Jacqueline Charles",)),
    # a caption a page shows twice is not the headline
    ("Starmer and Macron at the summit. Getty Images\n\nStarmer and Macron at the summit. Getty Images\n\nStarmer and "
     "Macron agree migrant deal\n\nBritain and France agreed a deal on Thursday to return migrants who cross the "
     "Channel in small boats.\n", "Starmer and Macron agree migrant deal", None, ()),
])
def test_page_headers_of_real_articles(text, title, outlet, authors):
    art = parse_article(text)
    assert (art.title, art.outlet, art.authors) == (title, outlet, authors)
    assert art.text.split()[0] in ("French", "BRICS", "The", "Britain")


def test_a_line_ending_with_a_comma_goes_on_into_the_next():
    text = ("Macron spoke at the United Nations\n"
            "\u201cWe will recognise the State of Palestine today, because the time for peace has come and the two "
            "states must live side by side in security,\u201d\n"
            "Macron said.\n")
    art = parse_article(text)
    assert len(art.paragraphs) == 1 and art.text.endswith("\u201d Macron said.")


@pytest.mark.parametrize("line, date", [("3/6/2025", None), ("13/6/2025", dt.date(2025, 6, 13)),
                                        ("6/6/2025", dt.date(2025, 6, 6))])
def test_a_header_date_of_numbers_that_reads_either_way_is_no_date(line, date):
    art = parse_article(f"Talks resume\n\n{line}\n\nRussia and Ukraine resumed talks in Istanbul on Monday after a "
                        "month-long pause.\n")
    assert art.date == date and art.text.startswith("Russia")


@pytest.mark.parametrize("header", ["Published: July 6, 2025\nUpdated: July 7, 2025\n",
                                    "Updated: July 7, 2025\n\nPublished: July 6, 2025\n\n"])
def test_the_date_published_not_updated(header):
    """A date line is a line of its own, and the date a page was updated does not replace the one it was
    published."""
    art = parse_article(f"BRICS leaders meet amid tariff threats\n{header}BRICS leaders met on Sunday in Rio de "
                        "Janeiro as tariff threats from Washington loomed over the two-day summit.\n")
    assert (art.title, art.date) == ("BRICS leaders meet amid tariff threats", dt.date(2025, 7, 6))
    assert art.text.startswith("BRICS leaders met")


def test_a_byline_under_the_headline_with_no_blank_line():
    art = parse_article("Yunus says Awami League barred from polls\nBy John Smith\n\nBangladesh interim leader Muhammad "
                        "Yunus said on Monday the Awami League would not take part in the February election.\n")
    assert (art.title, art.authors) == ("Yunus says Awami League barred from polls", ("John Smith",))
    assert art.text.startswith("Bangladesh interim leader")


_REAL_BODY = ("Kazakhstan has removed the Taliban from its list of terrorist organizations, a spokesperson for the "
              "Kazakh Foreign Ministry said on Friday, after months of talks between the two governments.")


@pytest.mark.parametrize("head, title, outlet, authors, date, dateline", [
    # page furniture above the headline is no title
    ("Select Page\n\nKazakhstan Removed Taliban from Terrorist List", "Kazakhstan Removed Taliban from Terrorist List",
     None, (), None, None),
    ("Skip to content Skip to Search\nSkip navigation\n\nHistoric deal struck at Cop28",
     "Historic deal struck at Cop28", None, (), None, None),
    ("Listen To Story Above", None, None, (), None, None),
    ("Search Search\n0 SHARES Share Tweet\n+ \u21ba \u2212 16 px\n{{currentView.title}}\nTrending", None, None, (), None,
     None),
    ("Article Text:", None, None, (), None, None),
    ("Home \u00bb Ethiopia PM Eyes Red Sea Port\nEthiopia News Politics\n\nEthiopia PM Eyes Red Sea Port",
     "Ethiopia PM Eyes Red Sea Port", None, (), None, None),
    # a line of section names
    ("Headline News Security World News\n\nFinland now 31st member of NATO", "Finland now 31st member of NATO", None,
     (), None, None),
    # a masthead, then the title, a date line and the author's name alone
    ("Supervisor Elham AbolFateh\nEditor in Chief Mohamed Wadie\n\nMali Ends Peace Deal with Separatist Rebels\n\n"
     "Fri 26 Jan 2024 | 03:43 PM\nIsraa Farhan", "Mali Ends Peace Deal with Separatist Rebels", None,
     ("Israa Farhan",), "2024-01-26", None),
    # a line of dates, and a byline that names an agency only
    ("Published: 10:21, May 7, 2025 | Updated: 16:32, May 7, 2025\nOman announces ceasefire deal\nBy Xinhua",
     "Oman announces ceasefire deal", "Xinhua", (), "2025-05-07", None),
    # the outlet's name on a line of its own, a byline of a name alone, a dateline of a place alone
    ("Somalia and Ethiopia agree on compromise\nAl Jazeera", "Somalia and Ethiopia agree on compromise",
     "Al Jazeera", (), None, None),
    ("Brenna Mancini", None, None, ("Brenna Mancini",), None, None),
    ("KHARTOUM, Sudan", None, None, (), None, "KHARTOUM, Sudan"),
    ("MOSCOW", None, None, (), None, "MOSCOW"),
])
def test_page_furniture_bylines_and_datelines_of_real_pages(head, title, outlet, authors, date, dateline):
    """Header lines of real news pages (copied as text): furniture ("Select Page", "Listen To Story Above"), a
    breadcrumb, a line of sections, a masthead, a line of dates, the outlet, a name or a place alone."""
    art = parse_article(head + "\n" + _REAL_BODY)
    assert art.title == title
    assert art.outlet == outlet
    assert art.authors == authors
    assert (art.date.isoformat() if art.date else None) == date
    assert art.metadata.get("dateline") == dateline
    assert art.text.startswith("Kazakhstan has removed the Taliban")


def test_a_place_in_brackets_after_a_date_is_a_dateline_not_an_agency():
    art = parse_article("January 7, 2025 (WASHINGTON) \u2013 The United States declared on Tuesday that the RSF "
                        "committed genocide.\n\nBlinken said so in a statement.")
    assert art.outlet is None and art.text.startswith("The United States declared")
    art = parse_article("March 16, 2025 (UPI) \u2014 President Donald Trump ordered strikes.\n\nThe Houthis replied.")
    assert art.outlet == "UPI" and art.text.startswith("President Donald Trump")


def test_a_date_field_opening_a_line_is_the_date_and_the_text_goes_on():
    """Some archives store a page as "date 2024-10-14 <text>": the field is the header's date, its line a paragraph
    of its own (a title above it stays the title), and the rest of the line is text."""
    art = parse_article("China launches Joint Sword drills near Taiwan\n date 2024-10-14 On October 14, the PLA "
                        "dispatched troops of the army, navy and air force to drills around the island, it said.\n"
                        "Taiwan condemned the drills.")
    assert (art.title, art.date.isoformat(), art.date_source) == (
        "China launches Joint Sword drills near Taiwan", "2024-10-14", "header")
    assert art.text.startswith("On October 14, the PLA")
    art = parse_article("date 2025-06-22 US strikes Iran, key nuclear sites targeted\n\nUnited States forces struck "
                        "three nuclear sites in Iran overnight, the president said in an address on Saturday.")
    assert (art.title, art.date.isoformat()) == ("US strikes Iran, key nuclear sites targeted", "2025-06-22")


def test_sentences_glued_by_a_missing_space_are_two():
    """A period with no space after it, between a lower-case word and a capitalized one, parts two sentences
    that a page's markup glued ("regroup.El-Sisi's"); abbreviations and addresses keep theirs."""
    art = parse_article("Israel will not let Hamas regroup.El-Sisi's announcement came on Sunday. Troops of the "
                        "U.S.Army left St.Petersburg, news.com said.")
    assert [s.text for s in art.sentences] == [
        "Israel will not let Hamas regroup.", "El-Sisi's announcement came on Sunday.",
        "Troops of the U.S.Army left St.Petersburg, news.com said."]
