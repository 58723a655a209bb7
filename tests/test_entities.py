"""Mention extraction, country roll-up, frequency, KWIC and the spaCy backend (geoanalysis.entities)."""
from __future__ import annotations

import re

import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from geoanalysis import extract_mentions, make_article
from geoanalysis.entities import (
    EXTRA_COLUMNS,
    FREQUENCY_COLUMNS,
    KWIC_COLUMNS,
    MENTION_COLUMNS,
    entity_frequency,
    kwic,
    merge_variants,
    to_country_level,
)
REPORT_ID = "000_e51d81372494049d"  # the plain-text news report
OPINION_ID = "002_155cf58b7002bab6"  # the Markdown opinion piece


def found(text: str, **kw) -> list[tuple[str, str]]:
    """(surface, entity_id) of every mention of a plain string, in order."""
    m = extract_mentions(text, **kw)
    return list(zip(m["surface"], m["entity_id"]))


# --------------------------------------------------------------------------- table shape
class TestTable:
    def test_columns_and_dtypes(self):
        m = extract_mentions("Putin met Xi Jinping in Beijing.")
        assert list(m.columns) == MENTION_COLUMNS + EXTRA_COLUMNS
        assert m["start"].dtype == "int64" and m["token_index"].dtype == "int64"
        assert set(m["article_id"]) == {"text"}
        assert set(m["method"]) == {"kb"}

    def test_empty_text(self):
        m = extract_mentions("nothing to see here.")
        assert m.empty and list(m.columns) == MENTION_COLUMNS + EXTRA_COLUMNS

    def test_empty_corpus_warns(self, caplog):
        m = extract_mentions([])
        assert m.empty
        assert "no articles" in caplog.text

    def test_offsets_sentence_paragraph_token(self):
        a = make_article("Nothing here.\n\nThen Putin spoke. Modi listened.", id="a1", title="Putin and Modi")
        m = extract_mentions(a)
        body = m[m["part"] == "body"]
        assert list(body["surface"]) == ["Putin", "Modi"]
        assert list(body["sentence_id"]) == [1, 2]
        assert list(body["paragraph_id"]) == [1, 1]
        for r in body.itertuples():
            assert a.text[r.start:r.end] == r.surface
            assert a.tokens[r.token_index].start == r.start
        head = m[m["part"] == "headline"]
        assert list(head["surface"]) == ["Putin", "Modi"]
        assert list(head["start"]) == [0, 10] and set(head["token_index"]) == {-1}
        # body rows first, then headline, each by start
        assert list(m["part"]) == ["body", "body", "headline", "headline"]

    def test_bad_backend(self):
        with pytest.raises(ValueError, match="backend = 'nltk' is invalid"):
            extract_mentions("Putin", backend="nltk")
        with pytest.raises(ValueError, match="needs a spaCy pipeline"):
            extract_mentions("Putin", backend="spacy")


# --------------------------------------------------------------------------- rules of issue 3
class TestRules:
    def test_longest_match_wins(self):
        assert found("Then the Washington Post reported from Washington.") == [
            ("Washington Post", "media:washington-post"), ("Washington", "city:washington")]
        assert found("North Korean troops and South Korean officials.") == [
            ("North Korean", "country:PRK"), ("South Korean", "country:KOR")]

    @pytest.mark.parametrize("apostrophe", ["'", "\u2019"])
    def test_possessives(self, apostrophe):
        text = f"Putin{apostrophe}s envoy met Ukraine{apostrophe}s leaders and the United States{apostrophe} allies."
        assert found(text) == [("Putin", "person:vladimir-putin"), ("Ukraine", "country:UKR"),
                               ("United States", "country:USA")]

    def test_hyphenated_compounds(self):
        assert found("The Russia-China axis and the Russia-North Korea pact; U.S.-led talks.") == [
            ("Russia", "country:RUS"), ("China", "country:CHN"), ("Russia", "country:RUS"),
            ("North Korea", "country:PRK"), ("U.S.", "country:USA")]

    def test_title_gives_person_and_demonym_gives_country(self):
        m = extract_mentions("Russian Foreign Minister Sergei Lavrov spoke.")
        assert m[["surface", "entity_id", "type", "form", "ner"]].values.tolist() == [
            ["Russian", "country:RUS", "COUNTRY", "demonym", "MISC"],
            ["Sergei Lavrov", "person:sergei-lavrov", "PERSON", "name", "PER"]]

    def test_title_before_unknown_name(self):
        m = extract_mentions("French President Jean-Pierre Dupont met envoy Petrov.")
        assert m[["surface", "entity_id", "type", "country", "method"]].values.tolist() == [
            ["French", "country:FRA", "COUNTRY", "FRA", "kb"],
            ["Jean-Pierre Dupont", "person:jean-pierre-dupont", "PERSON", "FRA", "heuristic"],
            ["Petrov", "person:petrov", "PERSON", "", "heuristic"]]

    @pytest.mark.parametrize("variant", ["Zelensky", "Zelenskyy", "Zelenskiy", "Volodymyr Zelensky",
                                         "Volodymyr Zelenskyy", "Vladimir Zelensky"])
    def test_spelling_variants_one_entity(self, variant):
        assert found(f"{variant} spoke.") == [(variant, "person:volodymyr-zelenskyy")]

    @pytest.mark.parametrize("variant", ["Kim Jong Un", "Kim Jong-Un", "Kim Jong-un"])
    def test_transliterations_one_entity(self, variant):
        assert found(f"Then {variant} arrived.") == [(variant, "person:kim-jong-un")]

    def test_fuzzy_variant_of_known_person(self):
        # "Volodymir Zelenskyi" is in no alias list: matched by spelling skeleton / edit distance
        m = extract_mentions("Then Volodymir Zelenskyi spoke.")
        assert m[["surface", "entity_id", "method"]].values.tolist() == [
            ["Volodymir Zelenskyi", "person:volodymyr-zelenskyy", "heuristic"]]

    def test_unknown_variants_merged_across_corpus(self):
        a = make_article("Negotiator Ivan Petrenko arrived. Later Ivan Petrenko spoke.", id="a")
        b = make_article("Negotiator Ivan Petrenkko left.", id="b")
        m = extract_mentions([a, b])
        # the variant with most mentions names the group
        assert m[["article_id", "surface", "entity_id"]].values.tolist() == [
            ["a", "Ivan Petrenko", "person:ivan-petrenko"], ["a", "Ivan Petrenko", "person:ivan-petrenko"],
            ["b", "Ivan Petrenkko", "person:ivan-petrenko"]]
        assert extract_mentions([a, b], merge=False)["entity_id"].nunique() == 2

    def test_partial_names_resolve_in_article(self):
        a = make_article("Bill Clinton spoke. Later Clinton left.", id="a", title="Clinton speaks")
        m = extract_mentions(a)
        assert set(m["entity_id"]) == {"person:bill-clinton"}
        b = make_article("Kim Yo Jong spoke.", id="b", title="Kim warns Seoul")
        mb = extract_mentions(b)
        assert mb.loc[mb["surface"] == "Kim", "entity_id"].tolist() == ["person:kim-yo-jong"]

    def test_partial_names_fall_back_to_kb_default(self):
        assert found("Kim and Xi met. Putin too.") == [
            ("Kim", "person:kim-jong-un"), ("Xi", "person:xi-jinping"), ("Putin", "person:vladimir-putin")]

    def test_partial_name_glued_to_unknown_name(self):
        assert found("Then Hunter Biden met Biden.") == [
            ("Hunter Biden", "person:hunter-biden"), ("Biden", "person:joe-biden")]

    def test_unknown_names_typed_from_cues(self):
        m = extract_mentions("Then Maria Ressa won the Nobel Peace Prize and the Kyiv Post reported it; "
                             "the Ukrainian Air Force agreed. Ressa thanked Mr. Ivanov.")
        assert m[["surface", "entity_id", "type"]].values.tolist() == [
            ["Maria Ressa", "person:maria-ressa", "PERSON"],
            ["Nobel Peace Prize", "misc:nobel-peace-prize", "MISC"],
            ["Kyiv Post", "media:kyiv-post", "MEDIA"],
            ["Ukrainian Air Force", "org:ukrainian-air-force", "ORG"],
            ["Ressa", "person:maria-ressa", "PERSON"],
            ["Ivanov", "person:ivanov", "PERSON"]]

    def test_sentence_initial_common_words_are_not_entities(self):
        assert found("Absent pressure, stalemate wins. Traditional frameworks fail. Yesterday John Smith left.") == [
            ("John Smith", "person:john-smith")]

    def test_title_case_headline_words_are_not_people(self):
        a = make_article("Trump spoke.", id="h", title="Trump Expresses Disappointment With Putin")
        m = extract_mentions(a)
        assert m.loc[m["part"] == "headline", "surface"].tolist() == ["Trump", "Putin"]

    def test_ambiguous_words(self):
        # the pronoun "us", lower-case common nouns, all-caps context, given names
        assert found("Let us eat turkey on china plates. Jordan Peterson visited Jordan.") == [
            ("Jordan Peterson", "person:jordan-peterson"), ("Jordan", "country:JOR")]
        assert found("THE US AND THEM") == []
        assert found("The US and the UK.") == [("US", "country:USA"), ("UK", "country:GBR")]

    def test_the_west(self):
        assert found("Can the West act? Western unity matters; West Bank.") == [
            ("West", "group:the-west"), ("Western", "group:the-west"), ("West Bank", "region:west-bank")]

    def test_seats_of_government(self):
        m = extract_mentions("The Kremlin, the White House and Downing Street.")
        assert m[["surface", "entity_id", "country"]].values.tolist() == [
            ["Kremlin", "org:kremlin", "RUS"], ["White House", "org:white-house", "USA"],
            ["Downing Street", "org:downing-street", "GBR"]]

    def test_metadata_is_never_a_body_mention(self):
        a = make_article("Putin spoke.", id="m", title="A summit", authors=("Robert Weiner",),
                         editor="Svetlana Velgush", credits=("Photo illustration by John Lyman",))
        assert extract_mentions(a)["surface"].tolist() == ["Putin"]

    def test_user_kb(self, tmp_path):
        from geoanalysis.kb import load_kb

        path = tmp_path / "mine.csv"
        path.write_text("entity_id,name,type,aliases,short,country,role,wikidata,match\n"
                        "person:ivan-petrenko,Ivan Petrenko,PERSON,Ivan Petrenko|Ivan Petrenk,Petrenko,UKR,envoy,,\n",
                        encoding="utf-8")
        kb = load_kb(path)
        assert found("Petrenko met Putin.", kb=kb) == [("Petrenko", "person:ivan-petrenko"),
                                                      ("Putin", "person:vladimir-putin")]


# --------------------------------------------------------------------------- invariants
@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["Putin", "met", "the", "U.S.", "Russia-China", "Zelensky\u2019s", "envoy",
                                 "Steve", "Witkoff", "us", "North", "Korea", "Washington", "Post", ",", ".",
                                 "Kim", "Jong-Un", "said", "Europe", "Xi"]), max_size=30))
def test_offsets_slice_back_and_never_overlap(words):
    text = " ".join(words)
    m = extract_mentions(text)
    assert all(text[s:e] == surf for s, e, surf in zip(m["start"], m["end"], m["surface"]))
    starts, ends = m["start"].tolist(), m["end"].tolist()
    assert starts == sorted(starts)
    assert all(ends[i] <= starts[i + 1] for i in range(len(starts) - 1))
    assert m["entity_id"].str.contains(":").all()


def test_deterministic(corpus):
    a = extract_mentions(corpus).to_csv(index=False)
    b = extract_mentions(list(reversed(list(corpus)))).to_csv(index=False)
    assert a == b


# --------------------------------------------------------------------------- default corpus
@pytest.fixture(scope="module")
def mentions(corpus):
    return extract_mentions(corpus)


def counts(m: pd.DataFrame, article_id: str, part: str | None = None) -> dict[str, int]:
    sel = m[m["article_id"] == article_id]
    if part:
        sel = sel[sel["part"] == part]
    return sel["entity_id"].value_counts().to_dict()


class TestDefaultCorpus:
    """Counts checked by reading the two articles (and grepping each name)."""

    def test_report_people(self, mentions):
        c = counts(mentions, REPORT_ID)
        assert {k: c.get(k, 0) for k in ["person:donald-trump", "person:vladimir-putin", "person:volodymyr-zelenskyy",
                                         "person:xi-jinping", "person:kim-jong-un", "person:narendra-modi"]} == {
            "person:donald-trump": 5, "person:vladimir-putin": 6, "person:volodymyr-zelenskyy": 2,
            "person:xi-jinping": 2, "person:kim-jong-un": 1, "person:narendra-modi": 1}

    def test_report_places(self, mentions):
        c = counts(mentions, REPORT_ID)
        # Russia: 13 "Russia"/"Russian"/"Russia's" in the body + 1 in the headline
        assert {k: c.get(k, 0) for k in ["country:RUS", "country:UKR", "country:CHN", "country:USA", "country:PRK",
                                         "country:IND", "city:beijing", "city:moscow", "city:pyongyang", "org:nato",
                                         "group:the-west"]} == {
            "country:RUS": 14, "country:UKR": 9, "country:CHN": 7, "country:USA": 7, "country:PRK": 4,
            "country:IND": 2, "city:beijing": 2, "city:moscow": 1, "city:pyongyang": 1, "org:nato": 1,
            "group:the-west": 1}

    def test_report_headline(self, mentions):
        assert counts(mentions, REPORT_ID, "headline") == {
            "person:donald-trump": 1, "person:vladimir-putin": 1, "country:UKR": 1, "country:RUS": 1,
            "country:CHN": 1}

    def test_opinion_people(self, mentions):
        c = counts(mentions, OPINION_ID)
        assert {k: c.get(k, 0) for k in ["person:donald-trump", "person:vladimir-putin", "person:volodymyr-zelenskyy",
                                         "person:xi-jinping", "person:kim-jong-un", "person:sergei-lavrov",
                                         "person:steve-witkoff", "person:hillary-clinton"]} == {
            "person:donald-trump": 10, "person:vladimir-putin": 4, "person:volodymyr-zelenskyy": 1,
            "person:xi-jinping": 2, "person:kim-jong-un": 2, "person:sergei-lavrov": 1,
            "person:steve-witkoff": 1, "person:hillary-clinton": 1}

    def test_opinion_actors(self, mentions):
        c = counts(mentions, OPINION_ID)
        assert {k: c.get(k, 0) for k in [
            "country:UKR", "country:RUS", "country:USA", "region:europe", "city:washington", "city:moscow",
            "org:white-house", "org:kremlin", "country:FRA", "country:GBR", "country:HUN", "country:SVK",
            "country:TUR", "org:nato", "org:european-union", "media:new-york-times", "media:washington-post",
            "media:nbc", "group:the-west"]} == {
            "country:UKR": 8, "country:RUS": 6, "country:USA": 6, "region:europe": 10, "city:washington": 5,
            "city:moscow": 4, "org:white-house": 1, "org:kremlin": 1, "country:FRA": 2, "country:GBR": 1,
            "country:HUN": 1, "country:SVK": 1, "country:TUR": 1, "org:nato": 1, "org:european-union": 1,
            "media:new-york-times": 1, "media:washington-post": 1, "media:nbc": 2, "group:the-west": 2}

    def test_opinion_headline_partial_names(self, mentions):
        h = mentions[(mentions["article_id"] == OPINION_ID) & (mentions["part"] == "headline")]
        assert h[["surface", "entity_id"]].values.tolist() == [
            ["Putin", "person:vladimir-putin"], ["Xi", "person:xi-jinping"], ["Kim", "person:kim-jong-un"],
            ["West", "group:the-west"]]

    def test_metadata_people_absent(self, mentions):
        names = set(mentions["name"])
        assert not names & {"Svetlana Velgush", "Robert Weiner", "Hallvard Misje", "John Lyman"}

    def test_no_false_people(self, mentions):
        people = set(mentions.loc[mentions["type"] == "PERSON", "name"])
        assert people == {"Donald Trump", "Vladimir Putin", "Volodymyr Zelenskyy", "Xi Jinping", "Kim Jong Un",
                          "Narendra Modi", "Sergei Lavrov", "Steve Witkoff", "Hillary Clinton"}

    def test_country_rollup_usa(self, mentions):
        c = entity_frequency(mentions, level="country")
        usa = c[(c["article_id"] == OPINION_ID) & (c["entity_id"] == "country:USA")]["mentions"].item()
        # United States 3 + American 2 + America 1 + Washington 5 + White House 1 + Congress 1
        # + Trump 10 + Witkoff 1 + Clinton 1 (media outlets stay themselves)
        assert usa == 25


# --------------------------------------------------------------------------- roll-up, frequency, kwic
def test_to_country_level():
    m = extract_mentions("The Kremlin and Putin; NATO and Reuters; Beijing.")
    r = to_country_level(m)
    assert r[["surface", "entity_id", "name", "type"]].values.tolist() == [
        ["Kremlin", "country:RUS", "Russia", "COUNTRY"], ["Putin", "country:RUS", "Russia", "COUNTRY"],
        ["NATO", "org:nato", "NATO", "ORG"], ["Reuters", "media:reuters", "Reuters", "MEDIA"],
        ["Beijing", "country:CHN", "China", "COUNTRY"]]
    with pytest.raises(ValueError, match="missing the columns"):
        to_country_level(pd.DataFrame({"x": [1]}))


class TestFrequency:
    def test_exact(self):
        m = extract_mentions(make_article("Putin met Xi. Putin and Russia.", id="a", title="Putin"))
        f = entity_frequency(m)
        assert list(f.columns) == FREQUENCY_COLUMNS
        assert f[["entity_id", "mentions", "share"]].values.tolist() == [
            ["person:vladimir-putin", 3, 0.6], ["country:RUS", 1, 0.2], ["person:xi-jinping", 1, 0.2]]
        body = entity_frequency(m, parts=("body",))
        assert body["mentions"].tolist() == [2, 1, 1]

    def test_corpus_equals_sum_of_articles(self, mentions):
        per = entity_frequency(mentions).groupby("entity_id")["mentions"].sum().sort_index()
        pooled = entity_frequency(mentions, by="corpus").set_index("entity_id")["mentions"].sort_index()
        assert per.equals(pooled)
        assert set(entity_frequency(mentions, by="corpus")["article_id"]) == {"corpus"}

    def test_shares_sum_to_one(self, mentions):
        f = entity_frequency(mentions, level="country")
        assert f.groupby("article_id")["share"].sum().round(12).eq(1).all()

    @pytest.mark.parametrize("kw, msg", [({"by": "day"}, "by = 'day' is invalid"),
                                         ({"level": "city"}, "level = 'city' is invalid"),
                                         ({"parts": ("title",)}, "parts = .* is invalid")])
    def test_bad_arguments(self, kw, msg):
        with pytest.raises(ValueError, match=msg):
            entity_frequency(extract_mentions("Putin"), **kw)

    def test_empty(self):
        f = entity_frequency(extract_mentions("nothing"))
        assert f.empty and list(f.columns) == FREQUENCY_COLUMNS


class TestKwic:
    def test_entity_id_and_name(self, corpus):
        by_id = kwic(corpus, "person:sergei-lavrov", window=3)
        by_name = kwic(corpus, "Lavrov", window=3)
        assert list(by_id.columns) == KWIC_COLUMNS
        assert by_id.equals(by_name)
        assert by_id[["left", "keyword", "right"]].values.tolist() == [
            ["Russian Foreign Minister", "Sergei Lavrov", "cast doubt on"]]

    def test_all_surfaces_of_an_entity(self, corpus):
        k = kwic(corpus, "Zelensky", window=2)
        assert k["keyword"].tolist() == ["Volodymyr Zelenskyy", "Zelenskyy", "Volodymyr Zelensky"]

    def test_term(self):
        k = kwic("Sanctions bite. New sanctions came, sanctions-busting too.", "sanctions", window=2)
        assert k[["left", "keyword", "right"]].values.tolist() == [
            ["", "Sanctions", "bite ."], [". New", "sanctions", "came ,"], ["came ,", "sanctions", "too ."]]

    def test_bad_window(self):
        with pytest.raises(ValueError, match="window = -1 is invalid"):
            kwic("Putin", "Putin", window=-1)


# --------------------------------------------------------------------------- spaCy backend
def test_spacy_backend_canonicalizes():
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "PERSON", "pattern": "Zelenskiy"}, {"label": "GPE", "pattern": "Kyiv"},
                        {"label": "PERSON", "pattern": "Olena Petrenko"}, {"label": "NORP", "pattern": "Russian"},
                        {"label": "PERSON", "pattern": "Putin"}])
    a = make_article("Zelenskiy met Olena Petrenko in Kyiv after the Russian strike. Putin waited.", id="s")
    m = extract_mentions(a, backend="spacy", nlp=nlp)
    assert list(m.columns) == MENTION_COLUMNS + EXTRA_COLUMNS
    assert m[["surface", "entity_id", "type", "country", "method"]].values.tolist() == [
        ["Zelenskiy", "person:volodymyr-zelenskyy", "PERSON", "UKR", "kb"],
        ["Olena Petrenko", "person:olena-petrenko", "PERSON", "", "heuristic"],
        ["Kyiv", "city:kyiv", "CITY", "UKR", "kb"],
        ["Russian", "country:RUS", "COUNTRY", "RUS", "kb"],
        ["Putin", "person:vladimir-putin", "PERSON", "RUS", "kb"]]
    assert m.loc[m["surface"] == "Russian", "ner"].item() == "MISC"


def test_merge_variants_threshold():
    with pytest.raises(ValueError, match="threshold = 0 is invalid"):
        merge_variants(extract_mentions("Putin"), threshold=0)


def test_no_regex_over_aliases_in_hot_path():
    """The knowledge-base scan is automaton-based: two automata, not one pattern per alias."""
    from geoanalysis.entities import _extractor
    from geoanalysis.kb import load_kb

    ex = _extractor(load_kb())
    assert len(ex.m.folded) + len(ex.m.exact) > 1500
    assert re.search(r"ahocorasick", type(ex.m.folded).__module__ + repr(type(ex.m.folded)))


# --------------------------------------------------------------------------- plots
class TestPlots:
    def test_frequency_bars(self, mentions):
        import matplotlib.pyplot as plt

        from geoanalysis import plot_entity_frequency

        f = entity_frequency(mentions)
        ax = plot_entity_frequency(f, article_id=OPINION_ID, top=5)
        labels = [t.get_text() for t in ax.get_yticklabels()]
        assert labels == ["Donald Trump", "Europe", "Ukraine", "Russia", "United States"]
        widths = sorted((p.get_width() for p in ax.patches if p.get_width() > 0), reverse=True)
        assert widths == [10, 10, 8, 6, 6]
        plt.close("all")

    def test_comparison_bars(self, mentions):
        from geoanalysis import plot_entity_comparison

        f = entity_frequency(mentions)
        ax = plot_entity_comparison(f, top=3, value="mentions")
        labels = {t.get_text() for t in ax.get_yticklabels()}
        assert labels == {"Russia", "Ukraine", "China", "Donald Trump", "Europe"}
        assert {t.get_text() for t in ax.get_legend().get_texts()} == {REPORT_ID, OPINION_ID}
        assert len([p for p in ax.patches if p.get_height() > 0]) >= 10  # 5 names x 2 articles

    def test_empty_and_bad(self):
        import matplotlib.pyplot as plt

        from geoanalysis import plot_entity_frequency

        empty = entity_frequency(extract_mentions("nothing"))
        ax = plot_entity_frequency(empty)
        assert not ax.patches
        with pytest.raises(ValueError, match="top = 0 is invalid"):
            plot_entity_frequency(empty, top=0)
        with pytest.raises(ValueError, match="value = 'x' is invalid"):
            plot_entity_frequency(empty, value="x")
        plt.close("all")


# --------------------------------------------------------------------------- fast paths keep the results
def test_token_index_without_tokens_equals_with_tokens(report):
    """Untokenized articles get token_index from token starts alone: the same values."""
    fresh = make_article(report.text, id="fresh", title=report.title)
    assert "tokens" not in fresh.__dict__
    untokenized = extract_mentions(fresh)
    assert "tokens" not in fresh.__dict__  # nothing built or cached on the way
    tokenized = make_article(report.text, id="fresh", title=report.title)
    tokenized.tokens  # noqa: B018
    pd.testing.assert_frame_equal(untokenized, extract_mentions(tokenized))
    body = untokenized[untokenized["part"] == "body"]
    assert len(body) > 40
    toks = tokenized.tokens
    for i, start in zip(body["token_index"], body["start"]):  # the token holding the mention's first character
        assert toks[i].start <= start and (i + 1 == len(toks) or toks[i + 1].start > start)
    assert (body["token_index"].map(lambda i: toks[i].start) == body["start"]).mean() > 0.9


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aZ0_ .,-’'\u00e9\u0130\u00df\u0301\u2019\u201c\t\n\x1c")), max_size=200))
def test_fold_text_fast_path_equals_regex(text):
    from geoanalysis.kb import _NONWORD, fold_text

    text = text * 3  # long enough for the vectorized path
    expected = _NONWORD.sub(" ", text)
    assert fold_text(text, lower=False) == expected
    low = expected.lower()
    assert fold_text(text) == (low if len(low) == len(expected) else  # "İ" folds to "i", keeping lengths
                               "".join(c.lower()[0] for c in expected))
    assert len(fold_text(text)) == len(text)


_CUE_ALPHABET = list(" ,.-\n\t’'Kſ\u212aİ") + ["President", "president", "PRESIDENT", "Gen.", "gen", "envoy",
                                             "Envoy", "vice-president", "xenvoy", "Secretary-General", "Xi",
                                             "Ivan", "leader", "spokesman", "Mr.", "minister", "é"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_CUE_ALPHABET), max_size=12))
def test_cue_before_reversed_equals_search(parts):
    """The anchored match on the reversed window decides exactly as the search for a cue at the window's end."""
    from geoanalysis.entities import _extractor
    from geoanalysis.kb import load_kb

    ex = _extractor(load_kb())
    text = "".join(parts)
    for s in range(len(text) + 1):
        window = text[max(0, s - 30): s]
        assert bool(ex.cue_before_rev.match(window[::-1])) == bool(ex.cue_before.search(window)), window


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_CUE_ALPHABET), max_size=12))
def test_cue_cap_split_equals_single_pattern(parts):
    """A cue word after a space or at the start, before a capital: the two fast patterns find the same ends."""
    from geoanalysis.entities import _extractor
    from geoanalysis.kb import load_kb

    ex = _extractor(load_kb())
    text = "".join(parts)
    expected = [m.end() for m in ex.cue_cap.finditer(text)]
    first = ex.cue_cap_0.match(text)
    got = ([first.end()] if first else []) + [m.end() for m in ex.cue_cap_sp.finditer(text)]
    assert got == expected


@settings(max_examples=300, deadline=None)
@given(st.sets(st.text(alphabet="abc.", max_size=5), max_size=8), st.lists(st.text(alphabet="abc.", max_size=6)))
def test_trie_pattern_matches_exactly_its_words(words, others):
    """The prefix-tree pattern matches the words and nothing else, as the plain alternation does
    (longest first), also inside a text."""
    from geoanalysis.entities import _trie_pattern

    plain = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    tree = _trie_pattern(words)
    for candidate in [*words, *others]:
        assert (re.fullmatch(tree, candidate) is not None) == (candidate in words), (tree, candidate)
    if words and "" not in words:
        text = " ".join([*others, *sorted(words)])
        lookahead = r"(?=[ ]|$)"
        assert ([m.span() for m in re.finditer(rf"(?:{tree}){lookahead}", text)]
                == [m.span() for m in re.finditer(rf"(?:{plain}){lookahead}", text)])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_CUE_ALPHABET + ["\U0001d400", "Ā", "ā", "chief", "aide"]), max_size=14))
def test_cue_ends_from_the_automaton_equal_the_pattern(parts):
    """The role cues found in the knowledge-base pass end where ``cue_cap_sp`` finds them."""
    import numpy as np

    from geoanalysis.entities import _ac_matches, _cue_ends, _extractor, _fold_codes
    from geoanalysis.kb import load_kb

    ex = _extractor(load_kb())
    assert ex.cue_words is not None  # the shipped knowledge base has no key equal to a cue
    text = "".join(parts)
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    bmp = not len(codes) or int(codes.max()) < 0x10000
    automaton, shared = ex.combined
    found = _ac_matches(automaton, " " + _fold_codes(codes, bmp) + " ")
    base = len(ex.m.keys) + len(shared)
    cue = found[:, 1] >= base
    got = _cue_ends(text, codes, found[cue, 0], found[cue, 1] - base, ex.cue_words)
    assert sorted(got) == [m.end() for m in ex.cue_cap_sp.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["of", "the", "de", "y", "al", "el", "bin", "ibn", "van", " ", "-", "Assad", "x",
                                 "\n", "ofx", "é", "\U0001d400"]), max_size=10))
def test_goes_on_at_equals_the_pattern(parts):
    """The array test of what continues a capitalized sequence equals ``_SEQ_GOES_ON.match`` everywhere."""
    import numpy as np

    from geoanalysis.entities import _SEQ_GOES_ON, _goes_on_at

    text = "".join(parts)
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    positions = np.arange(len(text) + 1)
    expected = [_SEQ_GOES_ON.match(text, p) is not None for p in range(len(text) + 1)]
    assert _goes_on_at(codes, positions).tolist() == expected


def test_batch_scan_finds_single_names_after_role_cues():
    """A lone unknown name after a role cue ("envoy Witkoff") comes from the cue, in the batch scan too."""
    texts = ["The envoy Okonkwo arrived; the leader Mbeki said.", "(envoy Okonkwo) and\nenvoy Mbeki left."]
    articles = [make_article(t, id=f"a{i}") for i, t in enumerate(texts)]
    batch = extract_mentions(articles)
    each = pd.concat([extract_mentions(a) for a in articles], ignore_index=True)
    pd.testing.assert_frame_equal(batch, each)
    assert {"Okonkwo", "Mbeki"} <= set(batch["surface"])


def test_cue_patterns_on_hand_built_windows():
    from geoanalysis.entities import _extractor
    from geoanalysis.kb import load_kb

    ex = _extractor(load_kb())
    hits = {w: bool(ex.cue_before_rev.match(w[::-1]))
            for w in ["the President ", "Russian envoy, ", "Gen. ", "xenvoy ", "envoy", "said the minister.\n "]}
    assert hits == {"the President ": True, "Russian envoy, ": True, "Gen. ": True, "xenvoy ": False,
                    "envoy": False, "said the minister.\n ": True}
    assert [m.end() for m in ex.cue_cap_sp.finditer("the envoy Witkoff and leader Kim, envoy x")] == [9, 28]
    assert ex.cue_cap_0.match("envoy Witkoff").end() == 5


# --------------------------------------------------------------------------- batch path = article path
def _reference(articles) -> pd.DataFrame:
    """The mentions of ``articles`` computed article by article (the rules as written)."""
    from geoanalysis.entities import _article_columns, _columns_frame, _extractor
    from geoanalysis.kb import load_kb

    ex = _extractor(load_kb())
    cols = [[] for _ in MENTION_COLUMNS + EXTRA_COLUMNS]
    for a in sorted(articles, key=lambda a: a.id):
        _article_columns(a, ex, cols, token_index=True)
    return _columns_frame(cols)


def _batch(articles) -> pd.DataFrame:
    from geoanalysis.entities import _batch_frame, _extractor
    from geoanalysis.kb import load_kb

    return _batch_frame(sorted(articles, key=lambda a: a.id), _extractor(load_kb()), token_index=True)


def _assert_found(text: str, found: list[tuple[str, str, str]]) -> None:
    """The mentions of ``text`` are ``found`` (surface, type, country), and the batch scan agrees."""
    article = make_article(text, id="a")
    m = extract_mentions(article)
    assert list(zip(m["surface"], m["type"], m["country"])) == found
    if found:
        pd.testing.assert_frame_equal(_batch([article]), _reference([article]))


_BATCH_WORDS = [
    # knowledge-base names, partial names, demonyms, acronyms (and the pronoun), capitals, seats of government
    "Putin", "Vladimir", "Xi", "Kim", "Jong-Un", "Trump", "Donald", "Clinton", "Hunter", "Biden", "Lavrov",
    "Zelensky\u2019s", "Zelenskyy", "Russia-China", "Russia-North", "Korea", "North", "South", "Korean",
    "Russian", "French", "U.S.", "U.S", "US", "us", "UN", "WHO", "who", "NATO", "UK", "the", "West",
    "Washington", "Post", "Kyiv", "Kremlin", "White", "House", "European", "Union", "Beijing", "China",
    "china", "Chad", "Georgia", "Jordan", "Pentagon", "Reuters", "TASS", "Tass", "Nato", "nato", "OPEC", "Opec",
    # titles, role cues, organization and event words, connectors, honorifics, particles
    "President", "Foreign", "Minister", "envoy", "leader", "president", "Gen.", "Mr.", "Ministry", "of",
    "Party", "Summit", "Air", "Force", "al-Assad", "bin", "de", "van", "Sultan", "Salman", "Al", "ibn", "RSF", "Sudan",
    # acronyms defined in parentheses after a name (known or unknown) and used later
    "Sudan Liberation Front (SLF)", "Patriotic Front ( PF )", "Ivan Petrenko (IP)", "Front", "(SLF)", "SLF", "PF",
    "IP", "(RSF)", "(NATO)", "(UN)", "(LPF)",
    # people named by office and country
    "Qatar's prime minister", "the Russian president", "foreign minister", "Sergei Lavrov", "the French",
    "the US president",
    # places named after places, institutions "HEAD of ...", portfolios, apostrophes inside names
    "Lake", "Geneva", "Gulf", "Aden", "Persian", "Mount", "Kenya", "Bridge", "Crimean", "Oblast", "Sea",
    "Department", "Bank", "Homeland", "Security", "Affairs", "Secretary", "Nyong'o", "O’Brien", "Workers'",
    # institutions named with "and", state bodies, places named as places, languages, title-case headlines
    "Bureau", "Coalition", "Reconstruction", "Coast Guard", "China's", "town of", "in", "Spanish", "Citing",
    "Warns", "Drone Attacks", "Ambassador to", "Israel", "Mike Huckabee", "Commerce",
    # unknown capitalized words, sentence starts, common words, punctuation, typography
    "Ivan", "Petrenko", "Petrenkko", "Olena", "Kovalenko", "The", "In", "Secure", "Postwar", "It", "met",
    "said", "talks", "and", ",", ".", ";", "!", "?", ":", "(", ")", "\u201c", "\u201d", "'s", "\u2019s", "-",
    "\u2014", "\n", "\n\n", "A.", "J.", "ALL", "CAPS", "LET", "IN", "\u00c9lys\u00e9e", "\u0130stanbul",
    "\u03a3\u039f\u03a3", "\U0001f600", "G20", "BRICS",
]


def _text(words: list[str]) -> str:
    return "".join(w if w in ",.;!?:)\u201d" or not i else " " + w for i, w in enumerate(words))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\u03a3")),
       st.sampled_from(["", "Trump\u2019s U.S.-Russia", "\U0001d400 \U00010400x", "İstanbul"]))
def test_fold_codes_equals_fold_text(text, extra):
    """The array folding of the batch scan (16-bit within the BMP, 32-bit beyond) is ``fold_text``."""
    import numpy as np

    from geoanalysis.entities import _fold_codes
    from geoanalysis.kb import fold_text

    text += extra
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    bmp = not len(codes) or int(codes.max()) < 0x10000
    assert _fold_codes(codes, bmp) == fold_text(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.lists(st.sampled_from(_BATCH_WORDS), max_size=40),
                          st.lists(st.sampled_from(_BATCH_WORDS), max_size=8)), min_size=1, max_size=4))
@example([([], ["Vladimir", "Zelenskyy", "and", "Geneva", "Bureau"])])  # a covered name joined by "and"
@example([(["Candidate", "Kim", "Moon-soo", "trailed.", "Lee", "led", "Kim.", "Richard", "Wagner", "wrote.",
            "Wagner", "died."], [])])  # short names that yield to people named in full
def test_batch_path_equals_article_path(docs):
    """The batch scan (one text, array operations) gives exactly the rules' result article by article."""
    articles = [make_article(_text(body) or "x", title=_text(title) or None, id=f"a{i}")
                for i, (body, title) in enumerate(docs)]
    batch = _batch(articles)
    assert batch is not None
    pd.testing.assert_frame_equal(batch, _reference(articles), check_dtype=True)


def test_batch_path_equals_article_path_on_default_corpus(corpus):
    pd.testing.assert_frame_equal(_batch(list(corpus)), _reference(list(corpus)))


def test_batch_path_on_synthetic_corpus():
    import random
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from synthetic import _pools, generate_article, kb_entities

    rng = random.Random(1)
    pools = _pools(kb_entities())
    articles = [make_article(generate_article(rng, pools, 300, i)[0], id=f"s{i:03d}") for i in range(40)]
    batch = _batch(articles)
    assert len(batch) > 400
    pd.testing.assert_frame_equal(batch, _reference(articles))


def test_lone_surrogate_falls_back_to_article_path():
    """Text that cannot be encoded is scanned article by article, with the same result as the rules."""
    articles = [make_article("Putin met Xi in Beijing \ud800 on Monday.", id="a"),
                make_article("Trump called Zelensky.", id="b")]
    assert _batch(articles) is None
    m = extract_mentions(articles)
    pd.testing.assert_frame_equal(m, _reference(articles))
    assert m["entity_id"].tolist() == ["person:vladimir-putin", "person:xi-jinping", "city:beijing",
                                       "person:donald-trump", "person:volodymyr-zelenskyy"]


@pytest.mark.parametrize("batch", [False, True])
def test_title_and_surname_link_to_the_person_named_in_full(batch):
    """ "Mr Blair" (a title before one word) and a headline "Blair" are the "Tony Blair" of the article,
    before or after the full name; another article's Blair stays apart."""
    text = ('Mr Blair spoke first in London. Later Tony Blair rejected calls for the advice. '
            '"The attorney general has said what he said," Mr Blair told reporters.')
    a = make_article(text, title="Blair rejects Iraq advice call", id="a")
    other = make_article("Mr Blair arrived in Paris on Monday.", id="b")
    m = extract_mentions([a, other]) if batch else pd.concat([extract_mentions(a), extract_mentions(other)])
    blair = m[m["surface"].str.contains("Blair")]
    assert blair[blair["article_id"] == "a"]["entity_id"].tolist() == ["person:tony-blair"] * 4
    assert blair[blair["article_id"] == "a"]["form"].tolist() == ["short", "heuristic", "short", "short"]
    assert blair[blair["article_id"] == "b"]["entity_id"].tolist() == ["person:blair"]


@pytest.mark.parametrize("batch", [False, True])
def test_a_surname_with_its_particle_links_to_the_person_named_in_full(batch):
    """Names with one or two particles ("de", "van den") are found whole, and the surname with its particles
    alone is the person named in full."""
    text = ("The philosopher Luis de Miranda wrote a history of neon. As de Miranda noted, Paris loved it. "
            "The minister Pieter van den Broek spoke. Later van den Broek left.")
    a = make_article(text, id="a")
    m = extract_mentions([a]) if batch else extract_mentions(a)
    people = m[m["type"] == "PERSON"]
    assert list(zip(people["surface"], people["entity_id"], people["form"])) == [
        ("Luis de Miranda", "person:luis-de-miranda", "heuristic"),
        ("de Miranda", "person:luis-de-miranda", "short"),
        ("Pieter van den Broek", "person:pieter-van-den-broek", "heuristic"),
        ("van den Broek", "person:pieter-van-den-broek", "short"),
    ]


@pytest.mark.parametrize("text, found", [
    ("Finance Minister Jim Chalmers spoke.", [("Jim Chalmers", "PERSON")]),
    ("Interior Minister Nancy Faeser met Foreign Secretary David Lammy.",
     [("Nancy Faeser", "PERSON"), ("David Lammy", "PERSON")]),
    ("Attorney-General George Brandis defended the law.", [("George Brandis", "PERSON")]),
    ("White House Press Secretary Karine Jean-Pierre said so.", [("White House", "ORG"), ("Karine Jean-Pierre", "PERSON")]),
    ("The Foreign Ministry agreed.", [("Foreign Ministry", "ORG")]),
    ("Defence Ministry spokesman Lin Jian said.", [("Defence Ministry", "ORG"), ("Lin Jian", "PERSON")]),
    ("Chancellor Rachel Reeves met them.", [("Rachel Reeves", "PERSON")]),
    ("Japan's Chief Cabinet Secretary Yoshimasa Hayashi said so.",
     [("Japan", "COUNTRY"), ("Yoshimasa Hayashi", "PERSON")]),
    ("Prime Minister John Major resigned.", [("John Major", "PERSON")]),
])
def test_titles_with_their_qualifiers_are_not_names(text, found):
    """A title after the capitalized words that qualify it ("Finance Minister") cues the name after it and is not
    part of it; an institution named with a title word ("Foreign Ministry") is an organization, not a person."""
    m = extract_mentions(make_article(text, id="a"))
    assert list(zip(m["surface"], m["type"])) == found


@pytest.mark.parametrize("text, found", [
    ("Then Minister of Foreign Affairs Sergey Lavrov spoke.", [("Sergey Lavrov", "PERSON", "RUS")]),
    ("Secretary of Homeland Security Alejandro Mayorkas spoke.", [("Alejandro Mayorkas", "PERSON", "")]),
    ("Director of National Intelligence Avril Haines said so.", [("Avril Haines", "PERSON", "")]),
    ("The Secretary of State Marco Rubio said so.", [("Marco Rubio", "PERSON", "USA")]),
    ("The Minister of Energy said so.", []),
    ("The Secretary of Homeland Security said so.", []),
    ("A spokesman for Ireland's Department of Foreign Affairs declined.",
     [("Ireland", "COUNTRY", "IRL"), ("Department of Foreign Affairs", "ORG", "")]),
    ("The Department of Homeland Security and the Ministry of Foreign Affairs agreed.",
     [("Department of Homeland Security", "ORG", ""), ("Ministry of Foreign Affairs", "ORG", "")]),
    ("The Bank of England and the Central Bank of Russia met.",
     [("Bank of England", "ORG", "GBR"), ("Central Bank of Russia", "ORG", "RUS")]),
    ("The Foreign Ministry of Iran agreed.", [("Foreign Ministry of Iran", "ORG", "IRN")]),
    ("According to the Institute for the Study of Conflict, troops advanced.",
     [("Institute for the Study of Conflict", "ORG", "")]),
    ("Experts at the Center for Strategic and International Studies and the Council on Foreign Relations agreed.",
     [("Center for Strategic and International Studies", "ORG", "USA"),
      ("Council on Foreign Relations", "ORG", "USA")]),
    ("The Committee on Foreign Relations and the Council on Global Affairs met.", []),
    # who runs or backs an institution is no part of its name
    ("The Hamas-run Gaza Health Ministry said so.", [("Hamas", "ORG", "PSE"), ("Gaza Health Ministry", "ORG", "PSE")]),
    ("The Russian-installed Zaporizhzhia Regional Administration said so.",
     [("Russian", "COUNTRY", "RUS"), ("Zaporizhzhia Regional Administration", "ORG", "UKR")]),
    # an adjective that starts an institution's name stays in it
    ("South Korea's National Intelligence Service and the Democratic Alliance said so.",
     [("South Korea", "COUNTRY", "KOR"), ("National Intelligence Service", "ORG", "KOR"),
      ("Democratic Alliance", "ORG", "")]),
    ("Yuri Baluyevsky, chief of Russia's General Staff, spoke.",
     [("Yuri Baluyevsky", "PERSON", ""), ("Russia", "COUNTRY", "RUS"), ("General Staff", "ORG", "")]),
    ("White House Chief of Staff Jeff Zients said so.", [("White House", "ORG", "USA"), ("Jeff Zients", "PERSON", "")]),
    ("The Treasury sanctioned Rosneft and Lukoil.", [("Rosneft", "ORG", "RUS"), ("Lukoil", "ORG", "RUS")]),
])
def test_institutions_and_offices_named_with_of(text, found):
    """An organization word before "of" or "for" names an institution ("Department of Homeland Security"), with the
    country of a place in its name; a title before "of" names an office, whose portfolio ("Homeland
    Security", "Foreign Affairs") is neither a person nor part of the name after it. The batch scan agrees."""
    _assert_found(text, found)


@pytest.mark.parametrize("text, found", [
    ("Talks near Lake Geneva stalled.", [("Lake Geneva", "LOCATION", "")]),
    ("Snow fell on Mount Kenya.", [("Mount Kenya", "LOCATION", "KEN")]),
    ("Drones hit Belgorod Oblast and the Crimean Bridge.",
     [("Belgorod Oblast", "LOCATION", "RUS"), ("Crimean Bridge", "LOCATION", "UKR")]),
    ("Rain fell on Washington State.", [("Washington State", "LOCATION", "USA")]),
    ("Ships crossed the Philippine Sea.", [("Philippine Sea", "LOCATION", "")]),
    ("Gulf Arab states met.", []),
    # the knowledge base's seas, straits and disputed lands
    ("Tankers in the Strait of Hormuz and the Gulf of Aden were hit.",
     [("Strait of Hormuz", "REGION", ""), ("Gulf of Aden", "REGION", "")]),
    ("The Persian Gulf, the Sea of Japan and the Gulf of Mexico.",
     [("Persian Gulf", "REGION", ""), ("Sea of Japan", "REGION", ""), ("Gulf of Mexico", "REGION", "")]),
    ("Ships left the Suez Canal for Suez.", [("Suez Canal", "REGION", "EGY"), ("Suez", "CITY", "EGY")]),
    ("Fighting in Nagorno-Karabakh and the Golan Heights.",
     [("Nagorno-Karabakh", "REGION", "AZE"), ("Golan Heights", "REGION", "SYR")]),
    ("The Kurdistan Workers' Party and Brazil's Workers' Party.",
     [("Kurdistan Workers' Party", "ORG", "TUR"), ("Brazil", "COUNTRY", "BRA"), ("Workers' Party", "ORG", "")]),
])
def test_places_named_after_places(text, found):
    """A place word before or after places ("Lake Geneva", "Crimean Bridge") makes one place, which takes
    their country unless it is a sea, lake or river; the knowledge base's straits, seas and disputed lands
    are not the cities or countries inside their names. The batch scan agrees."""
    _assert_found(text, found)


@pytest.mark.parametrize("text, found", [
    ("Lupita Nyong'o and Conan O’Brien spoke.", ["Lupita Nyong'o", "Conan O’Brien"]),
    ("Lupita Nyong’o's film and Putin's aide.", ["Lupita Nyong’o", "Putin"]),
])
def test_an_apostrophe_inside_a_name(text, found):
    """An apostrophe followed by letters that are not a clitic stays inside the name."""
    m = extract_mentions(make_article(text, id="a"))
    assert m["surface"].tolist() == found


@pytest.mark.parametrize("text", ["The Director of National Intelligence said so.",
                                  "The Inspector-General of Intelligence and Security will receive a copy."])
def test_an_office_after_a_title_is_not_a_person(text):
    assert extract_mentions(make_article(text, id="a")).empty


@pytest.mark.parametrize("text, found", [
    ("He flew from Las Vegas to Seattle, then to Cologne.",
     [("Las Vegas", "city:las-vegas"), ("Seattle", "city:seattle"), ("Cologne", "city:cologne")]),
    ("Foreign Ministry spokesman Lin Jian met Wang Xinyu.",
     [("Foreign Ministry", "org:foreign-ministry"), ("Lin Jian", "person:lin-jian"),
      ("Wang Xinyu", "person:wang-xinyu")]),
    ("Police in Greater Manchester and Downtown Seattle.", [("Manchester", "city:manchester"), ("Seattle", "city:seattle")]),
    ("From İstanbul to İzmir.", [("İstanbul", "city:istanbul"), ("İzmir", "city:izmir")]),
    # a title before the city and a name after it: a given name
    ("Rep. Alexandria Ocasio-Cortez spoke in Alexandria.",
     [("Alexandria Ocasio-Cortez", "person:alexandria-ocasio-cortez"), ("Alexandria", "city:alexandria")]),
    # cities named as in English news today; their former names are aliases
    ("From Nizhny Novgorod to Dnipro, Kolkata, Calcutta and Saigon.",
     [("Nizhny Novgorod", "city:nizhny-novgorod"), ("Dnipro", "city:dnipro"), ("Kolkata", "city:kolkata"),
      ("Calcutta", "city:kolkata"), ("Saigon", "city:ho-chi-minh-city")]),
])
def test_cities_of_the_gazetteer(text, found):
    """GeoNames cities are places, except a one-word city after another capitalized word (part of a name);
    the batch scan and the article rules agree."""
    article = make_article(text, id="a")
    m = extract_mentions(article)
    assert list(zip(m["surface"], m["entity_id"])) == found
    pd.testing.assert_frame_equal(_batch([article]), _reference([article]))


@pytest.mark.parametrize("text, found", [
    ("He went to the Paris Motor Show.", [("Paris Motor Show", "MISC")]),
    ("Troops moved into the Nafusa Mountains.", [("Nafusa Mountains", "LOCATION")]),
    # a place word first (a French street, a US base, a mountain): not a person
    ("Crowds filled Boulevard Montmartre.", [("Boulevard Montmartre", "LOCATION")]),
    ("Drones flew from Camp Lemonnier.", [("Camp Lemonnier", "LOCATION")]),
    ("Snow fell on Mount Hermon.", [("Mount Hermon", "LOCATION")]),
    ("Talks on the Bay of Bengal resumed.", [("Bay of Bengal", "LOCATION")]),
    ("Port Authority officials met.", [("Port Authority", "ORG")]),  # an institution's word last still wins
])
def test_event_and_place_words_type_unknown_names(text, found):
    m = extract_mentions(make_article(text, id="a"))
    assert list(zip(m["surface"], m["type"])) == found


@pytest.mark.parametrize("text, found", [
    # particles do not count against the four words of a name after a title
    ("Prime Minister Sheikh Hamad bin Jassim bin Jaber Al Thani said so.",
     [("Hamad bin Jassim bin Jaber Al Thani", "PERSON", "")]),
    ("Emir Sheikh Sabah al-Ahmad al-Jaber Al Sabah spoke.", [("Sabah al-Ahmad al-Jaber Al Sabah", "PERSON", "")]),
    # a name whose second word is "al-X", with a cue or without
    ("The talks were led by Saleh al-Arouri, who spoke.", [("Saleh al-Arouri", "PERSON", "")]),
    ("Senior official Saleh al-Arouri said so.", [("Saleh al-Arouri", "PERSON", "")]),
    # and the knowledge base's people of Middle East news
    ("Sheikh Mohammed bin Abdulrahman Al Thani and Khalil al-Hayya met Mahmoud Abbas.",
     [("Mohammed bin Abdulrahman Al Thani", "PERSON", "QAT"), ("Khalil al-Hayya", "PERSON", "PSE"),
      ("Mahmoud Abbas", "PERSON", "PSE")]),
    # agencies, humanitarian groups and armed forces of Middle East news
    ("Anadolu and the Palestinian Red Crescent reported it, as did IRNA.",
     [("Anadolu", "MEDIA", "TUR"), ("Palestinian Red Crescent", "ORG", "PSE"), ("IRNA", "MEDIA", "IRN")]),
    ("The Iranian Revolutionary Guard Corps fired. The US Marine Corps did not.",
     [("Iranian", "COUNTRY", "IRN"), ("Revolutionary Guard Corps", "ORG", "IRN"), ("US Marine Corps", "ORG", "USA")]),
])
def test_arab_names_agencies_and_forces(text, found):
    _assert_found(text, found)


@pytest.mark.parametrize("text, found", [
    # after a title or a role noun, "He" is a Chinese surname; elsewhere the pronoun
    ("Vice Minister He Jianping met the delegation. He said talks were useful.",
     [("He Jianping", "PERSON", "")]),
    ("Commerce Ministry spokesperson He Yongqian said Beijing would respond.",
     [("Commerce Ministry", "ORG", ""), ("He Yongqian", "PERSON", ""), ("Beijing", "CITY", "CHN")]),
    ("Vice Premier He Lifeng and Wang Wentao met Scott Bessent.",
     [("He Lifeng", "PERSON", "CHN"), ("Wang Wentao", "PERSON", "CHN"), ("Scott Bessent", "PERSON", "USA")]),
    ("The minister arrived. He Lifeng was not there.", [("He Lifeng", "PERSON", "CHN")]),
    ("When the minister arrived, He left.", []),
])
def test_he_is_a_surname_after_a_title(text, found):
    _assert_found(text, found)


def test_names_of_oil_and_markets_news():
    # the Saudi energy minister is in the knowledge base (his name was "Abdulaziz" and King Salman); banks and
    # platforms are no people
    _assert_found("Saudi Energy Minister Prince Abdulaziz bin Salman spoke. Analysts at Goldman Sachs and "
                  "JPMorgan agreed, and Trump wrote on Truth Social.",
                  [("Saudi", "COUNTRY", "SAU"), ("Abdulaziz bin Salman", "PERSON", "SAU"), ("Goldman Sachs", "ORG", "USA"),
                   ("JPMorgan", "ORG", "USA"), ("Trump", "PERSON", "USA"), ("Truth Social", "ORG", "USA")])


@pytest.mark.parametrize("text, found", [
    # the end of an office before the name is no part of it: portfolio words, titles (also hyphenated), an
    # acronym, a state's noun; after "for" too
    ("Finnish Foreign Affairs Minister Pekka Haavisto said.", [("Finnish", "COUNTRY", "FIN"),
                                                               ("Pekka Haavisto", "PERSON", "FIN")]),
    ("He met Senior Adviser for Arab and African Affairs Massad Boulos.", [("African", "REGION", ""),
                                                                          ("Massad Boulos", "PERSON", "")]),
    ("Executive Secretary of UNFCCC Simon Stiell said.", [("Simon Stiell", "PERSON", "")]),
    ("Minister of Energy and Minerals Mohamed Bashir said.", [("Mohamed Bashir", "PERSON", "")]),
    ("Detective Superintendent Risto Lohi said.", [("Risto Lohi", "PERSON", "")]),
    ("Colonel-General Yevgeny Nikiforov said.", [("Yevgeny Nikiforov", "PERSON", "")]),
    ("Minister for International Development Jenny Chapman said.", [("Jenny Chapman", "PERSON", "")]),
    ("Deputy Assistant Secretary for Eurasian Affairs James O'Brien said.", [("James O'Brien", "PERSON", "")]),
    ("The Director of the Joint Staff Douglas Sims said.", [("Douglas Sims", "PERSON", "")]),
    # an office alone is no one; portfolio words before a headline's words cue no person
    ("He met the First Deputy Director of the NIS.", []),
    ("Taliban Forces and Pakistani Military Clash Again", [("Taliban", "ORG", "AFG"), ("Pakistani", "COUNTRY", "PAK")]),
])
def test_the_end_of_an_office_is_no_part_of_a_name(text, found):
    _assert_found(text, found)


@pytest.mark.parametrize("text, found", [
    # places by their first or last word, operations by their first: none is a person
    ("Trump landed at Joint Base Elmendorf-Richardson near Sabina Shoal.",
     [("Trump", "PERSON", "USA"), ("Base Elmendorf-Richardson", "LOCATION", ""), ("Sabina Shoal", "LOCATION", "")]),
    ("Operation Rising Lion began in Krasnodar Krai.",
     [("Operation Rising Lion", "MISC", ""), ("Krasnodar Krai", "LOCATION", "RUS")]),
    ("He spoke at the Munich Security Conference and the Elys\u00e9e Palace.",
     [("Munich Security Conference", "ORG", "DEU"), ("Elys\u00e9e Palace", "ORG", "FRA")]),
])
def test_places_operations_and_bodies_of_real_news(text, found):
    _assert_found(text, found)


@pytest.mark.parametrize("text, ids", [
    # an acronym the article defines is what it says, not the knowledge base's namesake
    ("The boat was chartered by the Armed Forces of the Philippines (AFP). The AFP said the ship was hit.",
     ["org:armed-forces-of-the-philippines"] * 3),
    ("Japan's Self-Defense Forces (SDF) will coordinate. The SDF said so.",
     ["country:JPN", "org:self-defense-forces", "org:self-defense-forces", "org:self-defense-forces"]),
    # the knowledge base's own acronym stays its own
    ("The Syrian Democratic Forces (SDF) said. The SDF agreed.", ["org:sdf"] * 3),
    ("The ship was hit, AFP reported.", ["media:afp"]),
])
def test_an_acronym_the_article_defines_is_what_it_says(text, ids):
    article = make_article(text, id="a")
    assert extract_mentions(article)["entity_id"].tolist() == ids
    both = extract_mentions([article, make_article("Other text.", id="b")])  # the batch scan
    assert both["entity_id"].tolist() == ids


def test_an_office_in_apposition_after_a_name_is_that_person_not_the_holder():
    """"Rishi Sunak, the UK prime minister," names Sunak (of January 2024), not the holder the knowledge base knows
    now; the office alone later is the holder's."""
    m = extract_mentions(make_article("Rishi Sunak, the UK prime minister, spoke. Mr Sunak met the Russian "
                                      "president.", id="a"))
    assert m[["surface", "entity_id"]].values.tolist() == [
        ["Rishi Sunak", "person:rishi-sunak"], ["UK", "country:GBR"], ["Sunak", "person:rishi-sunak"],
        ["Russian", "country:RUS"], ["president", "person:vladimir-putin"]]
    m = extract_mentions(make_article("Delegates praised the Emirati president of the COP28 summit.", id="a"))
    assert m["entity_id"].tolist() == ["country:ARE"]


@pytest.mark.parametrize("text, ids", [
    # a known short name yields to an unknown person the article names in full: a family name written first ...
    ("Conservative candidate Kim Moon-soo trailed. Lee led Kim by ten points.",
     ["person:kim-moon-soo", "person:lee-jae-myung", "person:kim-moon-soo"]),
    # ... or the surname of a person when the known entity is no person
    ("Richard Wagner wrote operas. Wagner died in Venice.", ["person:richard-wagner", "person:richard-wagner"]),
    # not a known person's surname, nor when the article names the known entity in full too
    ("Then Hunter Biden met Biden.", ["person:hunter-biden", "person:joe-biden"]),
    ("Kim Jong Un met Kim Moon-soo. Kim said so.", ["person:kim-jong-un", "person:kim-moon-soo", "person:kim-jong-un"]),
    # a known name written family name first goes by its family name (not "Jun" of Dong Jun, nor "II")
    ("Foreign Minister Wang Yi met Rubio. Wang said so.", ["person:wang-yi", "person:marco-rubio", "person:wang-yi"]),
    ("Spokesman Wang Wenbin spoke. Wang said so.", ["person:wang-wenbin", "person:wang-wenbin"]),
    ("WANA (Jun 09) - On Jun. 17 the PUC-II exams began.", []),
])
def test_a_known_short_name_yields_to_a_person_named_in_full(text, ids):
    assert extract_mentions(make_article(text, id="a"))["entity_id"].tolist() == ids


@pytest.mark.parametrize("text, ids", [
    # a name written family name first is known by its first word too
    ("Acting President Han Duck-soo spoke on Monday. Han said so.", ["person:han-duck-soo", "person:han-duck-soo"]),
    ("Opposition leader Cho Kuk spoke. Later Cho said so.", ["person:cho-kuk", "person:cho-kuk"]),
    # not a Western name by its given name
    ("Analyst Martin Kelly spoke. Later Martin said so.", ["person:martin-kelly"]),
])
def test_a_name_written_family_name_first_is_known_by_its_first_word(text, ids):
    assert extract_mentions(make_article(text, id="a"))["entity_id"].tolist() == ids


@pytest.mark.parametrize("text, found", [
    # a noun of ships before or after an unknown name makes it a ship's (it was a person)
    ("Finnish police seized the tanker Eagle S on Thursday. The Eagle S had dragged its anchor.",
     [("Finnish", "COUNTRY", "FIN"), ("Eagle S", "MISC", ""), ("Eagle S", "MISC", "")]),
    ("The Newnew Polar Bear vessel was found.", [("Newnew Polar Bear", "MISC", "")]),
    ("John Carter boarded the ship.", [("John Carter", "PERSON", "")]),
])
def test_a_ships_name_is_no_person(text, found):
    _assert_found(text, found)


@pytest.mark.parametrize("text, found", [
    # a person named in full, then "of" and a body: two names (it was one organization)
    ("Mathilde Vu of the Norwegian Refugee Council said so.",
     [("Mathilde Vu", "PERSON", ""), ("Norwegian Refugee Council", "ORG", "NOR")]),
    ("Martin Kelly of EOS Risk Group said so.", [("Martin Kelly", "PERSON", ""), ("EOS Risk Group", "ORG", "")]),
    ("Professor John Smith of Oxford University said so.",
     [("John Smith", "PERSON", ""), ("Oxford University", "ORG", "")]),
    # an organization word before "of", or no given name first: one name
    ("The Bank of England and the Central Bank of Nigeria met.",
     [("Bank of England", "ORG", "GBR"), ("Central Bank of Nigeria", "ORG", "NGA")]),
])
def test_a_person_of_a_body_is_two_names(text, found):
    _assert_found(text, found)


@pytest.mark.parametrize("text, found", [
    # spellings of real news the knowledge base now holds
    ("The Kremlin-linked Wagner group left Mali; Wagner fighters stayed.",
     [("Kremlin", "ORG", "RUS"), ("Wagner group", "ORG", "RUS"), ("Mali", "COUNTRY", "MLI"), ("Wagner", "ORG", "RUS")]),
    ("Ecowas condemned al-Shabab and Al-Shabab.",
     [("Ecowas", "ORG", ""), ("al-Shabab", "ORG", "SOM"), ("Al-Shabab", "ORG", "SOM")]),
    ("A drone hit Tel Aviv, Al Mayadeen reported from Somaliland.",
     [("Tel Aviv", "CITY", "ISR"), ("Al Mayadeen", "MEDIA", "LBN"), ("Somaliland", "REGION", "SOM")]),
])
def test_spellings_of_real_news(text, found):
    _assert_found(text, found)


@pytest.mark.parametrize("text, found", [
    # the father's name after "bin" is no knowledge-base person (it was King Salman), and a title word before
    # "bin" is a given name
    ("Prince Sultan bin Salman opened the agency.", [("Sultan bin Salman", "PERSON", "")]),
    ("Yesterday Sultan bin Salman left.", [("Sultan bin Salman", "PERSON", "")]),
    ("Later, Turki bin Salman Al Saud met him.", [("Turki bin Salman Al Saud", "PERSON", "")]),
    # particles aside, a name of four words (it had five, and was left out)
    ("Later, Hamad bin Isa Al Khalifa met him.", [("Hamad bin Isa Al Khalifa", "PERSON", "")]),
    # the names the knowledge base holds whole stay theirs, and a title before a name stays a title
    ("Crown Prince Mohammed bin Salman met King Salman.",
     [("Mohammed bin Salman", "PERSON", "SAU"), ("King Salman", "PERSON", "SAU")]),
    ("Oman's Sultan Haitham bin Tariq spoke.", [("Oman", "COUNTRY", "OMN"), ("Haitham bin Tariq", "PERSON", "OMN")]),
])
def test_a_known_name_after_bin_is_the_fathers(text, found):
    _assert_found(text, found)


@pytest.mark.parametrize("text, entities", [
    # "bin Salman" alone is a son of Salman (it was King Salman): the first listed, the crown prince ...
    ("Saudi Arabia's bin Salman spoke.", ["country:SAU", "person:mohammed-bin-salman"]),
    ("Bin Salman spoke to King Salman. Salman agreed.",
     ["person:mohammed-bin-salman", "person:king-salman", "person:king-salman"]),
    # ... or the son the article names in full
    ("Defence Minister Khalid bin Salman arrived. Bin Salman said so.",
     ["person:khalid-bin-salman", "person:khalid-bin-salman"]),
])
def test_bin_and_the_fathers_name_alone_is_a_son(text, entities):
    article = make_article(text, id="a")
    m = extract_mentions(article)
    assert m["entity_id"].tolist() == entities
    assert m.loc[m["entity_id"] == "person:mohammed-bin-salman", "surface"].str.lower().tolist() in ([], ["bin salman"])
    pd.testing.assert_frame_equal(_batch([article]), _reference([article]))


@pytest.mark.parametrize("text, found", [
    # an institution named after its city is one organization of the city's country (it was the city, and an
    # institution of no country, or the city alone)
    ("A researcher at the Khartoum Centre for Strategic Studies spoke.",
     [("Khartoum Centre for Strategic Studies", "ORG", "SDN")]),
    ("Economists at the Kyiv School of Economics said so.", [("Kyiv School of Economics", "ORG", "UKR")]),
    ("Analysts at the Beirut Centre for Middle East Studies said so.",
     [("Beirut Centre for Middle East Studies", "ORG", "LBN")]),
    ("The Bank of England and the Central Bank of Russia met.",
     [("Bank of England", "ORG", "GBR"), ("Central Bank of Russia", "ORG", "RUS")]),
    # an unknown name before an organization word is an organization, after "the" a named thing (both were
    # people), unless what follows is something a person has
    ("The Emergency Lawyers group accused the army.", [("Emergency Lawyers", "ORG", "")]),
    ("Officials said the Golden Dome would cost billions.", [("Golden Dome", "MISC", "")]),
    ("He praised the Kais Saied government.", [("Kais Saied", "PERSON", "")]),
    ("Later, Mona Ibrahim said so.", [("Mona Ibrahim", "PERSON", "")]),
    # an agreement word before "of" names an agreement, of no country even when a place names it (they
    # were nothing, or the city alone)
    ("Tehran violated the Joint Comprehensive Plan of Action (JCPOA).",
     [("Tehran", "CITY", "IRN"), ("Joint Comprehensive Plan of Action", "MISC", ""), ("JCPOA", "MISC", "")]),
    ("They signed the Treaty of Rome in 1957.", [("Treaty of Rome", "MISC", "")]),
    # a title word inside an agreement's name is no title ("Treaty" was a person after "Defense")
    ("Manila invoked the Mutual Defense Treaty with Washington.",
     [("Manila", "CITY", "PHL"), ("Mutual Defense Treaty", "MISC", ""), ("Washington", "CITY", "USA")]),
    ("He cited the Declaration of Independence.", [("Declaration of Independence", "MISC", "")]),
    # armed groups of the news (al-Qaeda was a person, or "al Qaeda-linked" an organization)
    ("The al Qaeda-linked group JNIM and ISWAP struck, and the TTP claimed it.",
     [("al Qaeda", "ORG", ""), ("JNIM", "ORG", "MLI"), ("ISWAP", "ORG", "NGA"), ("TTP", "ORG", "PAK")]),
    # Beijing's office for Taiwan is China's (it was Taiwan's, the place in its name)
    ("Beijing's Taiwan Affairs Office said so.", [("Beijing", "CITY", "CHN"), ("Taiwan Affairs Office", "ORG", "CHN")]),
    # the nuclear file's places and parties (the sites were no mention)
    ("Britain, France and Germany, the so-called E3, acted after strikes on the Fordow and Natanz sites.",
     [("Britain", "COUNTRY", "GBR"), ("France", "COUNTRY", "FRA"), ("Germany", "COUNTRY", "DEU"), ("E3", "GROUP", ""),
      ("Fordow", "LOCATION", "IRN"), ("Natanz", "LOCATION", "IRN")]),
])
def test_unknown_names_typed_by_their_neighbours(text, found):
    _assert_found(text, found)


@pytest.mark.parametrize("text, found", [
    # a person named by office and country: the office holder the knowledge base knows (it was no mention)
    ("Qatar's prime minister called it state terrorism.",
     [("Qatar", "country:QAT"), ("prime minister", "person:mohammed-bin-abdulrahman-al-thani")]),
    ("The Russian president met the French foreign minister.",
     [("Russian", "country:RUS"), ("president", "person:vladimir-putin"), ("French", "country:FRA"),
      ("foreign minister", "person:jean-noel-barrot")]),
    ("The U.S. president called the UK prime minister.",
     [("U.S.", "country:USA"), ("president", "person:donald-trump"), ("UK", "country:GBR"),
      ("prime minister", "person:keir-starmer")]),
    ("Saudi Arabia's crown prince met Ukraine's president.",
     [("Saudi Arabia", "country:SAU"), ("crown prince", "person:mohammed-bin-salman"), ("Ukraine", "country:UKR"),
      ("president", "person:volodymyr-zelenskyy")]),
    # a title before a name, and an office in apposition to a name, are no reference of their own
    ("Russian President Vladimir Putin spoke.",
     [("Russian", "country:RUS"), ("Vladimir Putin", "person:vladimir-putin")]),
    ("Russia's foreign minister, Sergei Lavrov, spoke.",
     [("Russia", "country:RUS"), ("Sergei Lavrov", "person:sergei-lavrov")]),
    # a demonym names the office's country only after "the"; an office the knowledge base knows no holder of
    # names no one
    ("Russian president's talks went on.", [("Russian", "country:RUS")]),
    ("The American vice president and France's king spoke.",
     [("American", "country:USA"), ("vice president", "person:jd-vance"), ("France", "country:FRA")]),
])
def test_people_named_by_office_and_country(text, found):
    article = make_article(text, id="a")
    m = extract_mentions(article)
    assert list(zip(m["surface"], m["entity_id"])) == found
    assert set(m.loc[m["type"] == "PERSON"].query("surface.str.islower()", engine="python")["form"]) <= {"role"}
    pd.testing.assert_frame_equal(_batch([article]), _reference([article]))


@pytest.mark.parametrize("title, text, found", [
    # an unknown organization's acronym, defined in parentheses, is the organization wherever the article
    # uses it (headline, possessive, compound) ...
    ("SLF denies attack", "The Sudan Liberation Front (SLF) attacked El Fasher. SLF fighters denied it; the SLF's "
     "leader spoke.", ["Sudan Liberation Front", "SLF", "El Fasher", "SLF", "SLF", "SLF"]),
    (None, "SLF-led forces moved after the Sudan Liberation Front ( SLF ) spoke.",
     ["SLF", "Sudan Liberation Front", "SLF"]),
    # ... not when its letters do not spell the name, nor an acronym the article does not define
    (None, "The Sudan Liberation Front (SPLM) and the Patriotic Front spoke. PF fighters moved.",
     ["Sudan Liberation Front", "Patriotic Front"]),
])
def test_an_acronym_defined_in_parentheses_is_the_name_before_it(title, text, found):
    article = make_article(text, title=title, id="a")
    m = extract_mentions(article)
    assert m["surface"].tolist() == found
    assert m.loc[m["surface"] != "El Fasher", "entity_id"].nunique() == (2 if "SPLM" in text else 1)
    assert set(m.loc[m["surface"].isin(["SLF", "PF"]), ["method", "form"]].itertuples(index=False)) <= {
        ("heuristic", "short")}
    pd.testing.assert_frame_equal(_batch([article]), _reference([article]))


def test_abbreviation_definitions_of_schwartz_and_hearst():
    from geoanalysis.entities import _abbreviates

    # examples of the paper's kind: letters in order, the first at a word's start; digits count as letters
    assert _abbreviates("HSF", "heat shock factor") and _abbreviates("M23", "March 23 Movement")
    assert _abbreviates("ECOWAS", "Economic Community of West African States")
    assert _abbreviates("TPLF", "Tigray People's Liberation Front")
    assert not _abbreviates("XYZ", "Sudan Liberation Front")
    assert not _abbreviates("SF", "Liberation Front Sudan")  # in order: no word starting with "S" before "F"
    assert not _abbreviates("US", "Liberation Front Sudan")  # the first letter must start a word
    # too many words for a short acronym (min(len + 5, 2 * len) words at most)
    assert not _abbreviates("AB", "Alpha one two three Beta")


@pytest.mark.parametrize("text, found", [
    # "RSF" names two organizations: the one the article names in full ...
    ("Reporters Without Borders (RSF) counted 50 journalists killed. RSF urged Russia to free them.",
     [("Reporters Without Borders", "ORG", ""), ("RSF", "ORG", ""), ("RSF", "ORG", ""), ("Russia", "COUNTRY", "RUS")]),
    ("The Rapid Support Forces (RSF) took El Fasher. RSF fighters moved on.",
     [("Rapid Support Forces", "ORG", "SDN"), ("RSF", "ORG", "SDN"), ("El Fasher", "CITY", "SDN"), ("RSF", "ORG", "SDN")]),
    # ... else the one of a country the article names, else the first listed (the paramilitary force)
    ("RSF fighters attacked Khartoum.", [("RSF", "ORG", "SDN"), ("Khartoum", "CITY", "SDN")]),
    ("RSF fighters attacked.", [("RSF", "ORG", "SDN")]),
])
def test_a_name_of_two_organizations_is_resolved_per_article(text, found):
    _assert_found(text, found)


def test_the_north_atlantic_treaty_is_nato_and_the_ocean_is_not():
    _assert_found("Poland invoked Article 4 of the North Atlantic Treaty. Ships crossed the North Atlantic.",
                  [("Poland", "COUNTRY", "POL"), ("North Atlantic Treaty", "ORG", ""), ("North Atlantic", "REGION", "")])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Lind", "Lindberg", "Berg", "lind", "-", "'", "_", " ", ".", "é", "3", "Ö"]),
                max_size=20),
       st.lists(st.sampled_from(["Lind", "Lindberg", "Berg", "Öberg"]), min_size=1, max_size=3, unique=True))
def test_surname_pass_equals_an_alternation_of_the_surnames(pieces, surnames):
    """The str.find scan finds what the pattern of the surnames, longest first, found (as first written)."""
    from geoanalysis.entities import _Span, _surname_pass

    text = "".join(pieces)
    people = {s: _Span(0, 1, f"person:x-{s.lower()}", f"X {s}", "PERSON", "", "heuristic", "heuristic")
              for s in surnames}
    taken = [(0, 2)] if len(text) > 4 else []
    pat = re.compile(r"(?<![^\W_])(" + "|".join(re.escape(s) for s in sorted(people, key=len, reverse=True))
                     + r")(?![^\W_])")
    expected = [(m.start(), m.end(), people[m.group(1)].ent) for m in pat.finditer(text)
                if not (taken and m.start() < taken[0][1] and m.end() > taken[0][0])]
    assert [(sp.start, sp.end, sp.ent) for sp in _surname_pass(text, taken, people)] == expected


@pytest.mark.parametrize("text, word, found", [
    ("the state said", "state", True), ("a state-run paper", "state", False), ("statesman", "state", False),
    ("the State", "state", False), ("rock'n'roll", "rock", False), ("in 2state", "state", False),
    ("postwar plans", "postwar", True), ("the o’brien case", "o’brien", True),
])
def test_a_word_written_in_lower_case(text, word, found):
    from geoanalysis.entities import _occurs_as_word

    assert _occurs_as_word(text, word) is found


def _reference_variant_groups(people, threshold):
    """merge_variants' grouping as first written: every representative tried in order, in Python."""
    from rapidfuzz import fuzz

    from geoanalysis.entities import _skeleton

    reps, mapping = [], {}
    for eid, name in people:
        sk = _skeleton(name)
        target = None
        for rsk, rid, rname in reps:
            if sk == rsk or (sk[:1] == rsk[:1] and min(len(sk), len(rsk)) >= 6 and fuzz.ratio(sk, rsk) >= threshold):
                target = (rid, rname)
                break
        if target is None:
            reps.append((sk, eid, name))
            target = (eid, name)
        mapping[eid] = target
    return mapping


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="aAeiyklmnoprstv ’-", min_size=0, max_size=12), max_size=25),
       st.sampled_from([60.0, 80.0, 90.0, 100.0]))
def test_variant_groups_equal_the_pairwise_loop(names, threshold):
    from geoanalysis.entities import _variant_groups

    people = [(f"person:{k}", name) for k, name in enumerate(names)]
    assert _variant_groups(people, threshold) == _reference_variant_groups(people, threshold)


@pytest.mark.parametrize("text, found", [
    ("The RSF and the M23 fought on; ECOWAS and the Alliance of Sahel States met.",
     [("RSF", "ORG", "SDN"), ("M23", "ORG", "COD"), ("ECOWAS", "ORG", ""), ("Alliance of Sahel States", "ORG", "")]),
    ("The World Food Programme and UNRWA warned of famine.",
     [("World Food Programme", "ORG", ""), ("UNRWA", "ORG", "")]),
    ("Washington designated the Tren de Aragua gang and the Gulf Cartel.",
     [("Washington", "CITY", "USA"), ("Tren de Aragua", "ORG", "VEN"), ("Gulf Cartel", "ORG", "")]),
])
def test_armed_groups_blocs_and_agencies(text, found):
    """Armed groups, regional blocs and UN agencies of the knowledge base; "Cartel" makes an organization."""
    m = extract_mentions(make_article(text, id="a"))
    assert list(zip(m["surface"], m["type"], m["country"])) == found


@pytest.mark.parametrize("text, found", [
    # a state body after a country's possessive, or named with the country first, is that country's: one entity
    # whatever the form ("China's Coast Guard", "the China Coast Guard", "the Chinese Coast Guard")
    ("Talks stalled as China's Coast Guard fired water cannon.",
     [("China", "COUNTRY", "CHN"), ("Coast Guard", "ORG", "CHN")]),
    ("Talks stalled as the China Coast Guard fired water cannon.", [("China Coast Guard", "ORG", "CHN")]),
    ("Talks stalled as Estonia's Defence Ministry and Russia's Defence Ministry spoke.",
     [("Estonia", "COUNTRY", "EST"), ("Defence Ministry", "ORG", "EST"), ("Russia", "COUNTRY", "RUS"),
      ("Defence Ministry", "ORG", "RUS")]),
    # the country of an official is the one before the title, not the one the office is held in
    ("US Ambassador to Israel Mike Huckabee said so.",
     [("US", "COUNTRY", "USA"), ("Israel", "COUNTRY", "ISR"), ("Mike Huckabee", "PERSON", "USA")]),
    ("Britain's Ambassador to Georgia Gareth Ward said so.",
     [("Britain", "COUNTRY", "GBR"), ("Georgia", "COUNTRY", "GEO"), ("Gareth Ward", "PERSON", "GBR")]),
    # and words of the body the official speaks for may stand between
    ("Qatari foreign ministry spokesman Hamad al-Kuwari said so.",
     [("Qatari", "COUNTRY", "QAT"), ("Hamad al-Kuwari", "PERSON", "QAT")]),
    ("Estonia's Foreign Minister, Margus Tsahkna, said so.",
     [("Estonia", "COUNTRY", "EST"), ("Margus Tsahkna", "PERSON", "EST")]),
    # unknown places named as places
    ("Fighting reached the town of Masaajid Cali Gaduud and the Adan Yabaal district.",
     [("Masaajid Cali Gaduud", "LOCATION", ""), ("Adan Yabaal", "LOCATION", "")]),
    ("Protests spread to Sremska Mitrovica and in Novi Pazar on Monday.",
     [("Sremska Mitrovica", "PERSON", ""), ("Novi Pazar", "LOCATION", "")]),
    # a given name after "in" is a person's ("trust in Jay Doe"), as is a name with a possessive
    ("Trust in Jay Dizon grew. In Mark Dizon's view it failed.",
     [("Jay Dizon", "PERSON", ""), ("Mark Dizon", "PERSON", "")]),
    # ranks are titles; "Amal" before a capitalized word is a given name, not the Amal Movement
    ("Commodore Amal Dizon and Corporal Badr al-Dosari spoke.",
     [("Amal Dizon", "PERSON", ""), ("Badr al-Dosari", "PERSON", "")]),
])
def test_state_bodies_officials_and_places_of_real_reporting(text, found):
    _assert_found(text, found)


def test_one_entity_for_each_form_of_a_state_body():
    m = extract_mentions(make_article("China's Coast Guard fired. The China Coast Guard and the Chinese Coast Guard "
                                      "said so. Russia's Defence Ministry agreed.", id="a"))
    bodies = m[m["type"] == "ORG"]
    assert bodies["entity_id"].tolist() == ["org:chinese-coast-guard"] * 3 + ["org:russian-defence-ministry"]
    assert bodies["name"].tolist() == ["Chinese Coast Guard"] * 3 + ["Russian Defence Ministry"]


@pytest.mark.parametrize("text, found", [
    # a demonym that names a language is no country
    ("Speaking in Spanish, with a translator, Petro answered. A Spanish-language daily and French troops agreed.",
     [("Petro", "PERSON", "COL"), ("French", "COUNTRY", "FRA")]),
    # the plural of a demonym in -man
    ("Many Germans and Frenchmen voted.", [("Germans", "COUNTRY", "DEU"), ("Frenchmen", "COUNTRY", "FRA")]),
    # a city before a title gives its country; a country right before a name gives none
    ("Istanbul Mayor Ekrem Imamoglu was arrested.", [("Istanbul", "CITY", "TUR"), ("Ekrem Imamoglu", "PERSON", "TUR")]),
    ("A new force for Haiti\n\nJacqueline Charles wrote the story.",
     [("Haiti", "COUNTRY", "HTI"), ("Jacqueline Charles", "PERSON", "")]),
])
def test_languages_plurals_and_countries_of_people(text, found):
    _assert_found(text, found)


@pytest.mark.parametrize("text, found", [
    # an organization noun right before an unknown name, or after it, makes it an organization
    ("The criminal group La Barredora and the Tower Hamlets council met.",
     [("La Barredora", "ORG", ""), ("Tower Hamlets", "ORG", "")]),
    # two surnames of a person named in full are that person
    ("Andr\u00e9s Manuel Trujillo Mena spoke. Trujillo Mena left.",
     [("Andr\u00e9s Manuel Trujillo Mena", "PERSON", ""), ("Trujillo Mena", "PERSON", "")]),
    # the country one mention of an unknown person tells is that of all the person's mentions in the article
    ("Russia's deputy chief of staff Maxim Orlov spoke. Later Maxim Orlov left. Then Orlov came back.",
     [("Russia", "COUNTRY", "RUS"), ("Maxim Orlov", "PERSON", "RUS"), ("Maxim Orlov", "PERSON", "RUS"),
      ("Orlov", "PERSON", "RUS")]),
    # a job title is no outlet, and a hyphenated title is a title
    ("Federico Filippini, Chief Economist at Adcap, and Michael Ryan, Deputy Director-General, spoke.",
     [("Federico Filippini", "PERSON", ""), ("Michael Ryan", "PERSON", "")]),
])
def test_organizations_surnames_and_countries_of_unknown_names(text, found):
    _assert_found(text, found)
    m = extract_mentions(make_article(text, id="a"))
    people = m[m["type"] == "PERSON"]
    assert people.groupby("name")["entity_id"].nunique().eq(1).all()  # one entity per person


def test_a_paragraph_in_title_case_is_read_as_a_headline():
    """A headline a page left in the body names no unknown people by its capitals ("Drone Attacks")."""
    text = "Russia Warns Ukraine Over Drone Attacks\n\nRussia warned Ukraine on Monday that Maxim Orlov would respond."
    _assert_found(text, [("Russia", "COUNTRY", "RUS"), ("Ukraine", "COUNTRY", "UKR"), ("Russia", "COUNTRY", "RUS"),
                         ("Ukraine", "COUNTRY", "UKR"), ("Maxim Orlov", "PERSON", "")])


@pytest.mark.parametrize("text, found", [
    # a participle opening a sentence is no word of the name after it
    ("Citing Mahmoud Hamza, the agency said so.", [("Mahmoud Hamza", "PERSON", "")]),
    # initials with dots, a generation, companies named after a country, a surname written first
    ("Protests led by Gen Z toppled K.P. Sharma Oli. Air China and Air India cancelled flights.",
     [("Gen Z", "MISC", ""), ("K.P. Sharma Oli", "PERSON", "NPL"), ("Air China", "ORG", "CHN"),
      ("Air India", "ORG", "IND")]),
    ("Lee Jae-myung met Ishiba. Later Lee said so.",
     [("Lee Jae-myung", "PERSON", "KOR"), ("Ishiba", "PERSON", "JPN"), ("Lee", "PERSON", "KOR")]),
    # a city in a treaty's name is no mention of the city
    ("The Geneva Conventions and the Oslo Accords apply.",
     [("Geneva Conventions", "MISC", ""), ("Oslo Accords", "MISC", "")]),
])
def test_names_of_real_reporting_in_asia_and_the_middle_east(text, found):
    _assert_found(text, found)


@pytest.mark.parametrize("text, found", [
    # names of institutions that hold "and" are one name; two names joined by "and" stay two
    ("The Peoples Equality and Democracy Party said so.", [("Peoples Equality and Democracy Party", "ORG", "")]),
    ("The Bureau of Industry and Security issued rules.", [("Bureau of Industry and Security", "ORG", "")]),
    ("Sudani's Reconstruction and Development Coalition won.",
     [("Sudani", "PERSON", "IRQ"), ("Reconstruction and Development Coalition", "ORG", "")]),
    ("The Ministry of Defence and Russia's army spoke.",
     [("Ministry of Defence", "ORG", ""), ("Russia", "COUNTRY", "RUS")]),
    ("The Ukrainian Air Force and Russian Navy clashed.",
     [("Ukrainian Air Force", "ORG", "UKR"), ("Russian Navy", "ORG", "RUS")]),
    # a state body named with its country as "U.S." or "US" is one entity
    ("The U.S. Commerce Department and the US Commerce Department spoke.",
     [("U.S.", "COUNTRY", "USA"), ("Commerce Department", "ORG", "USA"), ("US Commerce Department", "ORG", "USA")]),
])
def test_institutions_named_with_and_and_with_their_country(text, found):
    _assert_found(text, found)
    m = extract_mentions(make_article(text, id="a"))
    orgs = m[m["type"] == "ORG"]
    if "Commerce" in text:
        assert orgs["entity_id"].nunique() == 1


def test_every_head_of_state_of_the_knowledge_base_is_one_office_holder():
    """A person whose role reads "President of ..." for a country holds that country's presidency in the office
    table; another person's role must not claim it too ("President of COP28" of an Emirati made the Emirati
    president no one), or "the Emirati president" resolves to no one."""
    from geoanalysis.entities import _extractor, _offices_of
    from geoanalysis.kb import load_kb

    kb = load_kb()
    holders = _extractor(kb).office_holders
    people = kb.entities.query("type == 'PERSON'")
    heads = [(c, o) for c, r in zip(people["country"].fillna(""), people["role"].fillna(""))
             for o in _offices_of(r) if c and o in ("president", "prime minister") and r.lower().startswith(o)
             and r.lower().split(" of ", 1)[-1] not in ("", r.lower())]
    assert len(heads) > 40
    missing = [key for key in heads if key not in holders]
    assert not missing
    for key in (("ARE", "president"), ("AZE", "president"), ("BRA", "president"), ("RUS", "president")):
        assert key in holders, key
