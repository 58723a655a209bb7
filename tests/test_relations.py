"""Tests for geoanalysis.relations: the lexicon, context classification and per-edge relations."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from geoanalysis.cooccurrence import cooccurrence
from geoanalysis.parsing import make_article
from geoanalysis.relations import (
    classify_relations,
    relation_edges,
    relations_lexicon,
    with_relations,
)
from geoanalysis.resources import data_path


class TestLexicon:
    def test_header_states_method_source_license(self):
        header = [l for l in data_path("relations_lexicon.csv").read_text().splitlines() if l.startswith("#")]
        text = " ".join(header)
        for word in ("Method", "Source", "CAMEO", "QuadClass", "License"):
            assert word in text

    def test_rows_are_consistent(self):
        lex = relations_lexicon()
        assert list(lex.columns) == ["pattern", "relation", "quad_class", "cameo", "weight"]
        assert not lex.pattern.duplicated().any()
        assert set(lex.relation) == {"cooperation", "conflict"}
        coop = lex.relation == "cooperation"
        assert lex.loc[coop, "quad_class"].isin([1, 2]).all()
        assert lex.loc[~coop, "quad_class"].isin([3, 4]).all()
        assert (lex.weight > 0).all()
        assert lex.pattern.str.fullmatch(r"[a-z' \-]+\*?").all()
        # every QuadClass is represented
        assert set(lex.quad_class) == {1, 2, 3, 4}

    def test_loader_returns_a_copy(self):
        lex = relations_lexicon()
        lex.loc[0, "pattern"] = "changed"
        assert relations_lexicon().loc[0, "pattern"] != "changed"


class TestClassify:
    @pytest.mark.parametrize(
        "sentence, relation",
        [
            ("Russia and North Korea signed a mutual defence pact in June 2024.", "cooperation"),
            ("The mutual defense pact binds Moscow and Pyongyang.", "cooperation"),
            ("China and Russia are deepening their partnership.", "cooperation"),
            ("Xi Jinping hosted Putin in Beijing for talks.", "cooperation"),
            ("Washington announced new military aid for Kyiv.", "cooperation"),
            ("Russia invaded Ukraine in February 2022.", "conflict"),
            ("Russia's 2022 invasion of Ukraine shocked Europe.", "conflict"),
            ("The war in Ukraine is in its fourth year.", "conflict"),
            ("North Korea deployed troops against Ukraine.", "conflict"),
            ("The EU imposed new sanctions on Russia.", "conflict"),
            ("Moscow condemned the decision and threatened retaliation.", "conflict"),
            ("The United States and the United Kingdom issued statements.", "neutral"),
            ("Putin spoke on Tuesday.", "neutral"),
            ("Russia did not invade Ukraine in 2014, the minister claimed.", "neutral"),
            ("There was no agreement between the two sides.", "neutral"),
        ],
    )
    def test_sentences(self, sentence, relation):
        assert classify_relations([sentence]).relation.item() == relation

    def test_scores_and_quad_counts(self):
        got = classify_relations(["Russia and China deepened trade ties despite Western sanctions."]).iloc[0]
        # cooperation: deepened 1 + trade 1 + ties 1; conflict: sanctions 2
        assert (got.cooperation, got.conflict) == (3.0, 2.0)
        assert got.score == pytest.approx(0.2)
        assert (got.verbal_cooperation, got.material_cooperation, got.verbal_conflict, got.material_conflict) == (
            2, 1, 0, 1)
        assert got.relation == "cooperation"
        assert got.cues == "deepened; trade; ties; sanctions"

    def test_longest_cue_counts_once(self):
        got = classify_relations(["A mutual defense pact was signed."]).iloc[0]
        assert got.cues == "mutual defense pact"
        assert got.cooperation == 2.0

    def test_hyphen_and_curly_apostrophe(self):
        got = classify_relations(["The cease-fire held; Moscow’s troops did not withdraw."]).iloc[0]
        assert got.cues == "cease-fire; troops; not withdraw"

    def test_negation_stops_at_clause(self):
        got = classify_relations(["It was not easy, but the summit went ahead."]).iloc[0]
        assert got.cues == "summit" and got.relation == "cooperation"

    def test_tie_is_neutral(self):
        got = classify_relations(["The partnership survived the invasion."]).iloc[0]  # 1 vs 2
        assert got.relation == "conflict"
        got = classify_relations(["Talks continued despite the tensions."]).iloc[0]  # 1 vs 1
        assert (got.relation, got.score) == ("neutral", 0.0)

    def test_frame_input_keeps_columns(self):
        frame = pd.DataFrame({"context_id": ["a:s0", "a:s1"], "text": ["They signed a treaty.", "Nothing."]})
        got = classify_relations(frame)
        assert got.context_id.tolist() == ["a:s0", "a:s1"]
        assert got.relation.tolist() == ["cooperation", "neutral"]
        with pytest.raises(ValueError, match="'text' column"):
            classify_relations(frame.rename(columns={"text": "body"}))

    def test_custom_lexicon(self):
        lex = pd.DataFrame({"pattern": ["handshake*"], "relation": ["cooperation"], "quad_class": [1],
                            "cameo": ["04 consult"], "weight": [1.0]})
        got = classify_relations(["A handshake, then war."], lexicon=lex).iloc[0]
        assert (got.relation, got.cues) == ("cooperation", "handshake")

    def test_empty(self):
        got = classify_relations([])
        assert len(got) == 0 and "relation" in got.columns


# --------------------------------------------------------------------------- per edge


@pytest.fixture
def article():
    return make_article(
        "Russia and North Korea signed a mutual defence pact. Russia invaded Ukraine.\n\n"
        "Russia and Ukraine held talks. Russia and Ukraine met again.",
        id="t",
        title="Russia and Ukraine",
    )


@pytest.fixture
def mentions(article):
    rows = []
    for part, text in (("body", article.text), ("headline", article.title)):
        for name, eid in (("Russia", "country:RUS"), ("Ukraine", "country:UKR"), ("North Korea", "country:PRK")):
            for m in re.finditer(name, text):
                s = article.sentence_at(m.start()) if part == "body" else None
                rows.append({"article_id": "t", "part": part, "sentence_id": s.id if s else 0,
                             "paragraph_id": s.paragraph_id if s else 0, "start": m.start(), "end": m.end(),
                             "surface": name, "entity_id": eid, "name": name, "type": "COUNTRY",
                             "country": eid[-3:], "method": "kb"})
    return pd.DataFrame(rows).sort_values(["article_id", "part", "start"], ignore_index=True)


def test_relation_edges_exact(article, mentions):
    rel = relation_edges(article, mentions).set_index(["source", "target"])
    prk = rel.loc[("country:PRK", "country:RUS")]
    assert (prk.contexts, prk.cooperation, prk.conflict, prk.neutral, prk.relation) == (1, 1, 0, 0, "cooperation")
    ukr = rel.loc[("country:RUS", "country:UKR")]
    # headline (neutral), invaded (conflict), talks (cooperation), met (cooperation)
    assert (ukr.contexts, ukr.cooperation, ukr.conflict, ukr.neutral) == (4, 2, 1, 1)
    assert ukr.relation_score == pytest.approx(0.25) and ukr.relation == "cooperation"
    assert ("country:PRK", "country:UKR") not in rel.index


def test_relation_edges_paragraph_unit(article, mentions):
    rel = relation_edges(article, mentions, unit="paragraph").set_index(["source", "target"])
    # paragraph 0 has the pact (2) against the invasion (2): neutral; paragraph 1 talks + met: cooperation
    ukr = rel.loc[("country:RUS", "country:UKR")]
    assert (ukr.cooperation, ukr.conflict, ukr.neutral) == (1, 0, 2)


def test_with_relations_merges_on_edges(article, mentions):
    edges = cooccurrence(mentions)
    out = with_relations(edges, [article], mentions)
    assert len(out) == len(edges)
    assert out[["cooperation", "conflict", "neutral"]].sum(axis=1).tolist() == out["contexts"].tolist()
    pooled = with_relations(cooccurrence(mentions, by=None), [article], mentions)
    assert pooled.relation_score.tolist() == out.relation_score.tolist()
    assert out.attrs["unit"] == "sentence"


# --------------------------------------------------------------------------- default articles

REPORT = "000_e51d81372494049d"
OPINION = "002_155cf58b7002bab6"


@pytest.fixture(scope="module")
def default_relations(corpus):
    from geoanalysis.entities import extract_mentions

    return relation_edges(corpus, extract_mentions(corpus)).set_index(["article_id", "source", "target"])


def test_report_relations(default_relations):
    # The pact sentence (s8) and the treaty sentence (s13) read as cooperation, the troops
    # sentence (s14) as conflict.
    r = default_relations.loc[(REPORT, "country:PRK", "country:RUS")]
    assert (r.contexts, r.cooperation, r.conflict) == (3, 2, 1)
    assert r.relation == "cooperation"
    # North Korea-Ukraine: the troops sentence (conflict) and the Beijing meeting "in light of their
    # involvement in the Ukraine conflict" (one cue each way: neutral)
    r = default_relations.loc[(REPORT, "country:PRK", "country:UKR")]
    assert (r.contexts, r.cooperation, r.conflict, r.neutral, r.relation) == (2, 0, 1, 1, "conflict")
    # Trump's disappointment with Putin over the war
    r = default_relations.loc[(REPORT, "person:donald-trump", "person:vladimir-putin")]
    assert r.conflict >= 1


def test_opinion_relations(default_relations):
    # "Putin's recent visit with Xi Jinping in Beijing" (s4) is cooperation
    r = default_relations.loc[(OPINION, "person:vladimir-putin", "person:xi-jinping")]
    assert r.cooperation >= 1 and r.conflict == 0
    # "resistance from Hungary and Slovakia" is conflict (of the context, not between them)
    assert default_relations.loc[(OPINION, "country:HUN", "country:SVK")].relation == "conflict"


@pytest.mark.parametrize("unit", ["sentence", "paragraph", "document"])
@pytest.mark.parametrize("level", ["entity", "country"])
@pytest.mark.parametrize("headline", [True, False])
def test_relation_edges_fast_path_matches_evidence_path(corpus, unit, level, headline, monkeypatch):
    """The per-context fast path gives the same table as edge_evidence + classification."""
    from geoanalysis import relations as rel_mod
    from geoanalysis.entities import extract_mentions

    mentions = extract_mentions(corpus)
    fast = rel_mod.relation_edges(corpus, mentions, unit=unit, level=level, headline=headline)
    monkeypatch.setattr(rel_mod, "_fast_pair_classes", lambda *a, **k: None)
    slow = rel_mod.relation_edges(corpus, mentions, unit=unit, level=level, headline=headline)
    assert len(fast) > 0
    pd.testing.assert_frame_equal(fast, slow, check_exact=True)
