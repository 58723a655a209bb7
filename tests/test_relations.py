"""Tests for geoanalysis.relations: the lexicon, context classification and per-edge relations."""
from __future__ import annotations

import importlib
import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geoanalysis.cooccurrence import cooccurrence
from geoanalysis.entities import extract_mentions
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
        # cooperation: deepened 1 + trade ties 2 (trade alone is no cue); conflict: sanctions 2
        assert (got.cooperation, got.conflict) == (3.0, 2.0)
        assert got.score == pytest.approx(0.2)
        assert (got.verbal_cooperation, got.material_cooperation, got.verbal_conflict, got.material_conflict) == (
            1, 1, 0, 1)
        assert got.relation == "cooperation"
        assert got.cues == "deepened; trade ties; sanctions"

    def test_longest_cue_counts_once(self):
        got = classify_relations(["A mutual defense pact was signed."]).iloc[0]
        assert got.cues == "mutual defense pact"
        assert got.cooperation == 2.0

    def test_hyphen_and_curly_apostrophe(self):
        got = classify_relations(["The cease-fire held; Moscow’s troops did not attack."]).iloc[0]
        assert got.cues == "cease-fire; troops; not attack"

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
    # "resistance from Hungary and Slovakia" opposes the EU's binding action: a conflict sentence in which
    # Hungary and Slovakia are one party (neutral between them), each facing the EU
    r = default_relations.loc[(OPINION, "country:HUN", "country:SVK")]
    assert (r.contexts, r.conflict, r.neutral, r.relation) == (1, 0, 1, "neutral")
    for country in ("country:HUN", "country:SVK"):
        assert default_relations.loc[(OPINION, country, "org:european-union")].relation == "conflict"


@pytest.mark.parametrize("unit", ["sentence", "paragraph", "document"])
@pytest.mark.parametrize("level", ["entity", "country"])
@pytest.mark.parametrize("headline", [True, False])
def test_relation_edges_fast_path_matches_evidence_path(corpus, unit, level, headline, monkeypatch):
    """The per-context fast path gives the same table as edge_evidence + classification."""
    from geoanalysis import relations as rel_mod
    from geoanalysis.entities import extract_mentions

    mentions = extract_mentions(corpus)
    fast = rel_mod.relation_edges(corpus, mentions, unit=unit, level=level, headline=headline)
    monkeypatch.setattr(rel_mod, "_fast_relation_edges", lambda *a, **k: None)
    slow = rel_mod.relation_edges(corpus, mentions, unit=unit, level=level, headline=headline)
    assert len(fast) > 0
    pd.testing.assert_frame_equal(fast, slow, check_exact=True)


# --------------------------------------------------------------------------- fast scanning
# Classification scans with an equivalent of the lexicon's regex (relations._scanner), folds
# typography per distinct character (_fold_typography), and classifies the sentences of an article
# from one scan of its text (_part_classes), and the texts of a batch of articles from one scan of
# their joined texts (_texts_part_classes).  These tests hold them to the reference: the lexicon's
# regex on each context's normalized text, as classification was first written.

rel_module = importlib.import_module("geoanalysis.relations")
RELATIONS = rel_module.RELATIONS


def _reference_negated(text, start):
    before = text[max(0, start - 60) : start]
    clause = rel_module._CLAUSE_END.split(before)[-1]
    words = rel_module._WORD.findall(clause)[-3:]
    # "not only ... but also" is no negation
    return any((w in rel_module.NEGATORS or w.endswith("n't")) and not (w == "not" and words[i + 1:i + 2] in (
        ["only"], ["just"], ["merely"])) for i, w in enumerate(words))


_REVERSING = ("accus", "blam", "denied", "denies", "deny", "denial", "violat", "breach", "broke", "broken", "break",
              "breaks", "breaking", "abandon", "scrap", "suspend", "suspension", "freez", "froze", "undermin", "derail",
              "sabotag", "jeopardi", "reneg", "torpedo", "reject", "refus", "oppose", "opposed", "opposes", "opposing",
              "cancel", "halt", "fail", "block", "blocks", "blocked", "blocking", "veto", "skeptic", "sceptic", "doubt",
              "dismiss")


def _reference_reversed(text, start):
    """A cue of cooperation with a word that breaks, rejects or denies it among the five words before it in its
    clause (within 80 characters), after the clause's last "and", "but", "while", "whereas" or "yet"."""
    before = text[max(0, start - 80) : start]
    clause = rel_module._CLAUSE_END.split(before)[-1]
    words = rel_module._WORD.findall(clause)
    last = max((i for i, w in enumerate(words) if w in ("and", "but", "while", "whereas", "yet")), default=-1)
    exact = {"denied", "denies", "broke", "broken", "break", "breaks", "breaking", "oppose", "opposed", "opposes",
             "opposing", "block", "blocks", "blocked", "blocking"}
    return any(w == r if r in exact else w.startswith(r) for w in words[last + 1:][-5:] for r in _REVERSING)


def _reference_dropped(text, start, cooperative):
    return _reference_negated(text, start) or (cooperative and _reference_reversed(text, start))


_SMALL_WORDS = {"a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "nor", "of", "on", "or", "the", "to",
                "up", "via", "with", "vs"}


def _reference_in_name(text, start):
    """A cue with a capital after the first word of its sentence, quotation or bracket, in a context with a
    lower-case word (not a small word of a title-case headline), is a word of a name."""
    import string

    from geoanalysis.tokenization import fold_typography

    if not text[start].isupper():
        return False
    before = fold_typography(text[:start]).rstrip()
    while before and before[-1] in "\"'([{\u00ab":
        before = before[:-1].rstrip()
    if not before or (before[-1] in ".!?:;-" and not (before[-1] == "." and before[-2:-1].isupper())):
        return False  # (but "U.S." ends no sentence)
    runs = [m.group() for m in re.finditer(r"[^\W\d_]+", text) if text[m.start() - 1:m.start()] != "-"]
    return any(w[0] in string.ascii_lowercase and w not in _SMALL_WORDS for w in runs)  # ("Re-supply": no word)


def _reference_score(text, cues):
    from geoanalysis.tokenization import fold_typography, normalize

    norm = normalize(text)
    # the rule of names reads the text where it lines up with its normal form
    lined_up = len(norm) == len(text) and all(len(fold_typography(c)) == 1 for c in text)
    coop = conf = 0.0
    quads = [0, 0, 0, 0]
    found = []
    for match in cues.regex.finditer(norm):
        rel, quad, weight, _ = cues.info[int(match.lastgroup[1:])]
        if lined_up and _reference_in_name(text, match.start()):
            continue
        if _reference_dropped(norm, match.start(), rel == "cooperation"):
            found.append(f"not {match.group(0)}")
            continue
        if rel == "cooperation":
            coop += weight
        else:
            conf += weight
        quads[quad - 1] += 1
        found.append(match.group(0))
    relation = "cooperation" if coop > conf else "conflict" if conf > coop else "neutral"
    score = 0.0 if coop + conf == 0 else (coop - conf) / (coop + conf)
    return (coop, conf, *quads, relation, score, "; ".join(found))


def _words(patterns):
    out = set()
    for p in patterns:
        for w in p.replace("*", "").split():
            out.add(w)
            out.update(w.split("-"))
            out.add(w + "s")
    return sorted(x for x in out if x)


_LEXICON_WORDS = _words(relations_lexicon().pattern)
_GLUE = [" ", " ", " ", "  ", "-", " - ", "\u2014", "\u2013", "'", "\u2019", "\u2019s ", ", ", ". ", ";", "\n",
         "\n\n", "", "(", ")", "\u201c", "\u201d", "\u00a0", "3", "x", "\u00e9", "\u03a3", "\u0130", "\U0001d400"]
_OTHER = ["not", "no", "never", "won't", "didn\u2019t", "cannot", "hardly", "Russia", "the", "and", "pact", "talks",
          "NOT", "Sanctions", "co-operation", "co operation", "is united", "it", "a", "annot", "accused", "broken",
          "denied", "suspending", "opposition", "deny", "but", "while", "brokered", "breakthrough", "only", "merely"]
texts = st.lists(
    # words as written, in capitals, or capitalized (a cue inside a name: "Rapid Support Forces")
    st.tuples(st.sampled_from(_LEXICON_WORDS + _OTHER), st.sampled_from(_GLUE),
              st.sampled_from([str, str.upper, str.capitalize])),
    max_size=25,
).map(lambda parts: "".join(case(w) + g for w, g, case in parts))

CUSTOM_LEXICONS = [
    None,
    pd.DataFrame({"pattern": ["handshake*", "a", "co-op", "x-", "'tis", "pact", "peace talks", "talk"],
                  "relation": ["cooperation", "cooperation", "cooperation", "conflict", "conflict",
                               "cooperation", "cooperation", "cooperation"],
                  "quad_class": [1, 1, 2, 3, 4, 2, 1, 1], "weight": [1.0, 0.5, 2.0, 1.0, 1.5, 2.0, 1.0, 1.0]}),
    pd.DataFrame({"pattern": ["pact", "war*", "peace talks", "talks", "an", "ta"],
                  "relation": ["cooperation", "conflict", "cooperation", "cooperation", "conflict", "conflict"],
                  "quad_class": [2, 4, 1, 1, 3, 3], "weight": [2.0, 2.0, 1.0, 1.0, 0.5, 0.0]}),
]


def _cues(lexicon):
    if lexicon is None:
        return rel_module._default_compiled()
    return rel_module._compiled(rel_module._lexicon_rows(lexicon))


def test_scanner_is_built_for_plain_lexicons():
    assert _cues(None).scan is not None  # the packaged lexicon
    assert _cues(CUSTOM_LEXICONS[1]).scan is None  # "x-" and "'tis": the reference regex scans
    assert _cues(CUSTOM_LEXICONS[2]).scan is not None


@settings(max_examples=400, deadline=None)
@given(texts, st.sampled_from(range(len(CUSTOM_LEXICONS))))
def test_score_text_matches_reference(text, which):
    cues = _cues(CUSTOM_LEXICONS[which])
    assert rel_module._score_text(text, cues) == _reference_score(text, cues)
    assert rel_module._relation_class(text, cues) == RELATIONS.index(_reference_score(text, cues)[6])


@settings(max_examples=300, deadline=None)
@given(texts, st.integers(0, 200))
def test_reverser_hint_never_drops_a_reverser(text, start):
    norm = rel_module._normalize(text)
    start = min(start, len(norm))
    assert rel_module._reversed(norm, start) == _reference_reversed(norm, start)
    for floor in (0, start // 2, start):
        assert rel_module._reversed(norm, start, floor) == _reference_reversed(norm[floor:], start - floor)


@settings(max_examples=300, deadline=None)
@given(texts, st.integers(0, 200))
def test_negation_hint_never_drops_a_negation(text, start):
    from geoanalysis.tokenization import normalize

    norm = normalize(text)
    start = min(start, len(norm))
    assert rel_module._negated(norm, start) == _reference_negated(norm, start)
    for floor in (0, start // 2, start):
        sub_text = norm[floor:]
        assert rel_module._negated(norm, start, floor) == _reference_negated(sub_text, start - floor)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aZ \n-'.\u2019\u2018\u201c\u201d\u2014\u2013\u00a0\u202f\u2009\u2212"
                                            "\u03a3\u03c3\u0130\u0131\u00e9\u00c9\U0001f600\ud800")), max_size=40))
def test_normalize_and_aligned_normalize(text):
    from geoanalysis.tokenization import normalize

    assert rel_module._normalize(text) == normalize(text)
    norm = rel_module._aligned_normalize(text)
    if norm is not None:
        assert norm == normalize(text)
        for i in range(len(text) + 1):
            for j in range(i, len(text) + 1):
                assert normalize(text[i:j]) == norm[i:j]


@settings(max_examples=300, deadline=None)
@given(texts, st.lists(st.integers(0, 400), max_size=12), st.sampled_from(range(len(CUSTOM_LEXICONS))))
def test_part_classes_match_each_part_on_its_own(text, cuts, which):
    """Parts with gaps, touching parts and cues across part boundaries: the same class as each part's text."""
    from geoanalysis.model import Sentence

    cues = _cues(CUSTOM_LEXICONS[which])
    bounds = sorted({min(c, len(text)) for c in cuts} | {0, len(text)})
    parts = []
    for k, (s, e) in enumerate(zip(bounds, bounds[1:])):
        if k % 3 == 2 and e - s > 2:
            s += 1  # a gap before this part
        parts.append(Sentence(k, s, e, 0, text[s:e]))
    wanted = range(0, len(parts), 1 if which else 2)
    got = rel_module._part_classes(text, parts, wanted, cues)
    assert got == {i: RELATIONS.index(_reference_score(parts[i].text, cues)[6]) for i in wanted}


def test_part_classes_fall_back_for_parts_that_are_not_slices():
    from geoanalysis.model import Sentence

    cues = _cues(None)
    text = "They signed a pact. Troops invaded."
    parts = [Sentence(0, 0, 19, 0, "They signed a pact."), Sentence(1, 20, 35, 0, "Peace talks went on.")]
    assert rel_module._part_classes(text, parts, [0, 1], cues) == {0: 0, 1: 0}


def _cut_parts(text, cuts):
    """Parts of ``text`` between sorted cuts, every third one starting a character late (a gap)."""
    from geoanalysis.model import Sentence

    bounds = sorted({min(c, len(text)) for c in cuts} | {0, len(text)})
    parts = []
    for k, (s, e) in enumerate(zip(bounds, bounds[1:])):
        if k % 3 == 2 and e - s > 2:
            s += 1
        parts.append(Sentence(k, s, e, 0, text[s:e]))
    return parts


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(texts, st.lists(st.integers(0, 400), max_size=8), st.booleans()), max_size=5),
       st.sampled_from(range(len(CUSTOM_LEXICONS))))
def test_texts_part_classes_match_each_part_on_its_own(docs, which):
    """Many texts scanned at once (cues at their ends, texts that do not line up): each part as on its own."""
    cues = _cues(CUSTOM_LEXICONS[which])
    batch = []
    for text, cuts, every in docs:
        parts = _cut_parts(text, cuts)
        batch.append((text, parts, range(0, len(parts), 1 if every else 2)))
    hits = []
    got = rel_module._texts_part_classes(batch, cues, hits)
    assert got == [{i: RELATIONS.index(_reference_score(parts[i].text, cues)[6]) for i in wanted}
                   for _, parts, wanted in batch]
    assert got == [rel_module._part_classes(text, parts, wanted, cues) for text, parts, wanted in batch]
    # the counted cues handed on, for the parts classified from the joint scan: those of the part on its own
    # (a part left out has none; None: classified on its own, not known)
    assert len(hits) == len(batch)
    for (text, parts, wanted), found in zip(batch, hits):
        assert set(found) <= set(wanted)
        for i in set(wanted):
            counted = found.get(i, [])
            if counted is None:
                continue
            norm = rel_module._normalize(parts[i].text)
            alone = [(start + parts[i].start, k) for start, _, k in rel_module._cue_matches(norm, cues)
                     if not (_reference_dropped(norm, start, cues.info[k][0] == "cooperation")
                             or _reference_in_name(parts[i].text, start))]
            assert counted == alone, (text, i)


def test_texts_part_classes_hand_on_the_counted_cues_of_each_part():
    _Span = rel_module._Span
    art = make_article("Russia invaded Ukraine. They did not sign the pact. They met.", id="a")
    cues = _cues(None)
    hits = []
    assert rel_module._texts_part_classes([(art.text, art.sentences, [0, 1, 2])], cues, hits) == [{0: 1, 1: 2, 2: 0}]
    info = cues.info
    assert {i: [(art.text[s:s + 3], info[k][0]) for s, k in found] for i, found in hits[0].items()} == {
        0: [("inv", "conflict")], 2: [("met", "cooperation")]}  # "not sign the pact": negated, no cue left
    # a text that does not line up with its parts is classified part by part: its cues are not known
    hits = []
    rel_module._texts_part_classes([("Troops invaded.", [_Span(0, 3, "xyz")], [0])], cues, hits)
    assert hits == [{0: None}]


_SENTENCES = ["Russia and Ukraine held talks.", "Troops invaded the north.", "They did not sign the pact.",
              "Leaders met in Beijing and agreed on trade.", "Sanctions were not lifted, officials said.",
              "Nothing happened.", "Kyiv\u2019s allies pledged aid."]


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(_SENTENCES), min_size=3, max_size=5), min_size=1, max_size=3),
    st.lists(st.tuples(st.integers(0, 2), st.integers(-1, 2), st.sampled_from(["x", "y", "z"])), max_size=30),
    st.sampled_from(["sentence", "paragraph", "document"]),
    st.booleans(),
)
def test_relation_edges_fast_path_matches_evidence_path_on_batches(bodies, rows, unit, headline):
    """Several articles at once, with headline contexts: as edge_evidence + classification."""
    arts = [make_article("\n\n".join(body), id=f"a{k}", title=body[-1]) for k, body in enumerate(bodies)]
    records = [{"article_id": f"a{a % len(arts)}", "part": "headline" if s < 0 else "body",
                "sentence_id": max(s, 0), "paragraph_id": max(s, 0) // 2, "entity_id": e, "name": e.upper(),
                "type": "PERSON", "country": ""} for a, s, e in rows]
    m = pd.DataFrame(records, columns=["article_id", "part", "sentence_id", "paragraph_id", "entity_id", "name",
                                       "type", "country"])
    fast = relation_edges(arts, m, unit=unit, headline=headline)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(rel_module, "_fast_relation_edges", lambda *a, **k: None)
        slow = relation_edges(arts, m, unit=unit, headline=headline)
    pd.testing.assert_frame_equal(fast, slow, check_exact=True)


def test_relation_edges_fast_path_declines_unknown_contexts():
    """A sentence or an article the corpus does not hold: the general path gives its error."""
    art = make_article("Russia and Ukraine held talks. Troops invaded.", id="a")
    m = pd.DataFrame({"article_id": "a", "part": "body", "sentence_id": [1, 1, 7, 7], "paragraph_id": 0,
                      "entity_id": ["x", "y", "x", "y"], "name": "X"})
    cues = rel_module._default_compiled()
    assert rel_module._fast_relation_edges([art], m, "sentence", 5, "entity", "article", True, cues) is None
    with pytest.raises(ValueError, match="no sentence 7"):
        relation_edges(art, m)
    ok = m[m.sentence_id == 1]
    assert rel_module._fast_relation_edges([art], ok.assign(article_id="b"), "sentence", 5, "entity", "article",
                                           True, cues) is None
    edges = rel_module._fast_relation_edges([art], ok, "sentence", 5, "entity", "article", True, cues)
    assert edges[["source", "target", "conflict"]].values.tolist() == [["x", "y", 1]]


@pytest.mark.parametrize("text, relation", [
    ("Armenia and Azerbaijan signed a peace deal in Washington.", "cooperation"),
    ("Israel and Hamas agreed to a ceasefire deal brokered by Qatar.", "cooperation"),
    ("Russia and Ukraine carried out a prisoner swap.", "cooperation"),
    ("Washington and Beijing reached a deal on fentanyl.", "cooperation"),
    ("The two countries announced the normalization of relations.", "cooperation"),
    ("India and Pakistan exchanged fire along the Line of Control.", "conflict"),
    ("Hungary blocked a statement on Ukraine.", "conflict"),
    ("Russia said it would retaliate against Finland.", "conflict"),
    ("The army shot down two drones and raided a village.", "conflict"),
    ("Both sides accused each other of violating the truce.", "conflict"),
    ("Beijing and Washington are locked in a trade war.", "conflict"),
    # clashes of words and at sea (a title-case headline counts its cues: "Re-supply" is no lower-case word)
    ("The Oval Office meeting turned into a public shouting match.", "conflict"),
    ("This ongoing disagreement persists despite the talks.", "conflict"),
    ("Chinese Coast Guard Uses Water Cannons Against Filipino Re-supply Ships", "conflict"),
    ("Chinese vessels made dangerous manoeuvres during a supply mission.", "conflict"),
    # doubt about a commitment asserts none
    ("Stubb said he was skeptical of Putin's commitment to the process.", "neutral"),
    # "deal with" is no agreement, and signing alone is no cue: "signed sanctions into law"
    ("Serbia and Kosovo must deal with the issue.", "neutral"),
    ("The president signed the bill on Tuesday.", "neutral"),
])
def test_cues_of_agreements_and_of_fighting(text, relation):
    """Cues that news about international relations uses for agreements (peace deals, prisoner swaps) and
    for hostilities (exchanges of fire, vetoes, retaliation), as a reader would class the sentence."""
    assert classify_relations([text]).iloc[0].relation == relation



# --------------------------------------------------------------------------- one party of a conflict


def _pair_relations(text, *, level="entity", title=None):
    from geoanalysis.entities import extract_mentions

    art = make_article(text, id="a", title=title)
    rel = relation_edges([art], extract_mentions([art]), level=level)
    return {(s, t): (coop, conf, neutral) for s, t, coop, conf, neutral
            in rel[["source", "target", "cooperation", "conflict", "neutral"]].itertuples(index=False)}


_COOPERATION, _CONFLICT, _NEUTRAL = (1, 0, 0), (0, 1, 0), (0, 0, 1)


def _assert_pairs(text, expected):
    """The pairs of ``text`` (one sentence) have the counts given: ``{counts: [pairs]}``."""
    got = _pair_relations(text)
    for counts, pairs in expected.items():
        for pair in pairs:
            assert got[pair] == counts, pair


@pytest.mark.parametrize("text, one_party, opposed", [
    # co-subjects of a condemnation are one party; each faces the country it condemns
    ("Saudi Arabia and the United Arab Emirates condemned the Israeli strike on Qatar.",
     [("country:ARE", "country:SAU")], [("country:ARE", "country:QAT"), ("country:QAT", "country:SAU"),
                                        ("country:ISR", "country:QAT")]),
    # co-objects of a strike
    ("Israel struck Hamas and Hezbollah targets overnight.",
     [("org:hamas", "org:hezbollah")], [("country:ISR", "org:hamas"), ("country:ISR", "org:hezbollah")]),
    # a list with a serial comma, and "as well as"
    ("Hungary, Slovakia, and Austria as well as Serbia opposed sanctions on Russia.",
     [("country:AUT", "country:HUN"), ("country:HUN", "country:SVK"), ("country:AUT", "country:SRB")],
     [("country:HUN", "country:RUS"), ("country:RUS", "country:SRB")]),
    # each member a noun phrase of a country, a title and a name
    ("German Chancellor Friedrich Merz and French President Emmanuel Macron condemned Russia.",
     [("country:DEU", "country:FRA"), ("person:emmanuel-macron", "person:friedrich-merz"),
      ("country:DEU", "person:emmanuel-macron"), ("country:FRA", "person:friedrich-merz")],
     [("country:FRA", "country:RUS"), ("country:RUS", "person:friedrich-merz")]),
])
def test_parties_named_together_are_one_side_of_a_conflict(text, one_party, opposed):
    """Entities named in one coordination ("X and Y condemned Z") share their role in a conflict sentence:
    the sentence counts as neutral between them, and as conflict between each of them and the other side."""
    _assert_pairs(text, {_NEUTRAL: one_party, _CONFLICT: opposed})


@pytest.mark.parametrize("text, pair", [
    ("Russia and Ukraine clashed near Pokrovsk.", ("country:RUS", "country:UKR")),
    ("Tensions between China and Japan rose after the drills.", ("country:CHN", "country:JPN")),
    ("India and Pakistan exchanged fire along the Line of Control.", ("country:IND", "country:PAK")),
    ("Armenia and Azerbaijan accused each other of shelling.", ("country:ARM", "country:AZE")),
    ("Beijing and Washington are locked in a trade war.", ("city:beijing", "city:washington")),
    # a comma alone is no coordination: "In Kyiv, Russia ..." names a place, then the attacker
    ("In Kyiv, Russia launched a drone attack.", ("city:kyiv", "country:RUS")),
    # names that are not next to each other are not one coordination
    ("Russia invaded Ukraine.", ("country:RUS", "country:UKR")),
])
def test_parties_facing_each_other_stay_in_conflict(text, pair):
    """A coordination whose sentence says its members face each other ("between", "each other", "clashed",
    "exchanged fire"), a place and an actor set off by a comma, and names apart stay conflict."""
    assert _pair_relations(text)[pair] == (0, 1, 0)


@pytest.mark.parametrize("text, one_side, opposed", [
    # a country's leader, its seat of government and the country are one side of the warning
    ("U.S. President Donald Trump warned Hamas at the White House.",
     [("country:USA", "person:donald-trump"), ("org:white-house", "person:donald-trump"),
      ("country:USA", "org:white-house")],
     [("org:hamas", "person:donald-trump"), ("country:USA", "org:hamas"), ("org:hamas", "org:white-house")]),
    # a capital attacked by another country: different countries, still conflict
    ("Russian drones struck Kyiv overnight, Ukrainian officials said.",
     [("city:kyiv", "country:UKR")], [("city:kyiv", "country:RUS"), ("country:RUS", "country:UKR")]),
])
def test_entities_of_one_country_are_one_side_of_a_conflict(text, one_side, opposed):
    """A country and its own people, institutions and cities are not each other's opponents in a conflict
    sentence about a third party."""
    _assert_pairs(text, {_NEUTRAL: one_side, _CONFLICT: opposed})


@pytest.mark.parametrize("text, one_side, partners", [
    # a country and its leader, or its capital, do not cooperate with each other in a meeting with others
    ("Chinese President Xi Jinping met Russian President Vladimir Putin in Beijing.",
     [("country:CHN", "person:xi-jinping"), ("country:RUS", "person:vladimir-putin"),
      ("city:beijing", "country:CHN")],
     [("person:vladimir-putin", "person:xi-jinping"), ("country:CHN", "country:RUS"),
      ("country:RUS", "person:xi-jinping"), ("city:beijing", "person:vladimir-putin")]),
    # two people of one country keep the sentence's class (neither is the country)
    ("U.S. President Donald Trump and Secretary of State Marco Rubio welcomed the agreement with Ukraine.",
     [("country:USA", "person:donald-trump"), ("country:USA", "person:marco-rubio")],
     [("person:donald-trump", "person:marco-rubio"), ("country:UKR", "person:donald-trump")]),
])
def test_a_country_and_its_parts_are_one_side_of_a_cooperation(text, one_side, partners):
    """In a cooperation sentence a country and its own people, cities and bodies are one side (neutral between
    them); everyone else keeps the cooperation."""
    _assert_pairs(text, {_NEUTRAL: one_side, _COOPERATION: partners})


@pytest.mark.parametrize("text, backing, opposed", [
    # a backer before a hyphen and the name heading the phrase, whatever the sentence's conflict
    ("The Iranian-backed Houthi rebels attacked a British ship.",
     [("country:IRN", "org:houthis")], [("country:GBR", "org:houthis"), ("country:GBR", "country:IRN")]),
    # of names one after another, the last heads the phrase
    ("Iran-backed Yemeni Houthis struck Israel.", [("country:IRN", "org:houthis")], [("country:ISR", "org:houthis")]),
    # after a comma
    ("The Houthis, backed by Iran, attacked Israel.", [("country:IRN", "org:houthis")],
     [("country:ISR", "org:houthis")]),
    ("Yevgeny Prigozhin, a close ally of Vladimir Putin, was killed in a plane crash.",
     [("person:vladimir-putin", "person:yevgeny-prigozhin")], []),
    # a lower-case word is the head: no name after it is backed ...
    ("A day later the Iran-backed group struck Kyiv.", [], [("city:kyiv", "country:IRN")]),
    ("The Hezbollah-affiliated Lebanese network Al Mayadeen reported Israeli strikes on Hezbollah.",
     [("media:al-mayadeen", "org:hezbollah")], [("country:ISR", "org:hezbollah")]),
    # ... nor a name after a preposition
    ("The Hamas-led attack on Israel killed 1,200 people.", [], [("country:ISR", "org:hamas")]),
])
def test_a_backer_and_the_backed_cooperate_whatever_the_sentence(text, backing, opposed):
    """"X-backed Y", "Y, backed by X", "Y, a close ally of X" relate X and Y as cooperation in a sentence of
    conflict; the conflict stays between each of them and the other side."""
    _assert_pairs(text, {_COOPERATION: backing, _CONFLICT: opposed})


@pytest.mark.parametrize("text, one_side, opposed", [
    ("Taliban spokesperson Zabihullah Mujahid said Pakistani airstrikes hit the Taliban.",
     [("org:taliban", "person:zabihullah-mujahid")], [("country:PAK", "org:taliban")]),
    ("Ani Dasgupta, the president of the World Resources Institute, condemned the Russian attacks.",
     [("org:world-resources-institute", "person:ani-dasgupta")], [("country:RUS", "person:ani-dasgupta")]),
    ("Mathilde Vu of the Norwegian Refugee Council said the RSF attacks killed hundreds.",
     [("org:norwegian-refugee-council", "person:mathilde-vu")],
     [("org:norwegian-refugee-council", "org:rapid-support-forces")]),
    # a body that only tells what happened takes no side; a country that tells it keeps its own
    ("Israeli strikes killed 40 Palestinians in Gaza, according to the United Nations.",
     [("country:ISR", "org:united-nations"), ("country:PSE", "org:united-nations")], [("country:ISR", "country:PSE")]),
    ("According to Kyiv, Russia attacked Ukraine.", [], [("country:RUS", "country:UKR")]),
])
def test_a_body_and_its_member_are_one_side_of_a_conflict(text, one_side, opposed):
    """A body and a person its title or the words between make a member of it are one side, as are a body that
    only tells what happened ("according to the United Nations") and everyone else."""
    _assert_pairs(text, {_NEUTRAL: one_side, _CONFLICT: opposed})


@pytest.mark.parametrize("text, one_side, opposed", [
    # no cue of conflict between two names: the target and where it lies, the victims of one act
    ("Iran fired missiles at U.S. military bases in Qatar.", [("country:QAT", "country:USA")],
     [("country:IRN", "country:USA"), ("country:IRN", "country:QAT")]),
    ("Finland joined NATO after Ukraine was invaded.", [("country:FIN", "country:UKR")], []),
    # the agent of a cue it names right before keeps the conflict with everyone: the target may come first
    ("China's support was crucial for Russia amid Western sanctions.", [], [("country:RUS", "group:the-west")]),
    # words that give two names different roles keep them apart, as does a hyphen joining the two sides
    ("Attacks by Russia on Ukraine continued.", [], [("country:RUS", "country:UKR")]),
    ("The Russia\u2013Ukraine war continued.", [], [("country:RUS", "country:UKR")]),
    # a coordination is rule 2's: facing each other, it stays conflict
    ("Russia and Ukraine clashed again.", [], [("country:RUS", "country:UKR")]),
])
def test_names_no_cue_of_conflict_sets_apart_are_one_side(text, one_side, opposed):
    """In a sentence of conflict, two names with no cue of conflict between them (nor "by", "on", "against" ...)
    are not set against each other."""
    _assert_pairs(text, {_NEUTRAL: one_side, _CONFLICT: opposed})


def test_a_country_and_its_parts_facing_each_other_stay_in_cooperation():
    got = _pair_relations("Talks between Sudan and the Rapid Support Forces resumed in Jeddah.")
    assert got[("country:SDN", "org:rapid-support-forces")] == (1, 0, 0)


def test_entities_of_one_country_facing_each_other_stay_in_conflict():
    got = _pair_relations("Fighting between the Sudanese army and the Rapid Support Forces spread to Darfur.")
    assert got[("country:SDN", "org:rapid-support-forces")] == (0, 1, 0)


def test_words_of_facing_each_other_reach_their_own_clauses():
    """"between", "clashes" ... say that the parties of their clause face each other, not those of another clause
    of the sentence."""
    got = _pair_relations("Saudi Arabia and the United Arab Emirates condemned the strike, which came amid clashes "
                          "between Israel and Hamas.")
    assert got[("country:ARE", "country:SAU")] == (0, 0, 1)
    assert got[("country:ISR", "org:hamas")] == (0, 1, 0)
    got = _pair_relations("Relations between Bamako and Paris have collapsed since the coup, and French troops "
                          "left Mali.")
    assert got[("city:bamako", "city:paris")] == (0, 1, 0)
    assert got[("city:paris", "country:FRA")] == (0, 0, 1)
    assert got[("city:bamako", "country:MLI")] == (0, 0, 1)
    # a coordination spanning a comma reaches the clause of its last member
    got = _pair_relations("Russia, Ukraine and Belarus clashed over the weekend.")
    assert got[("country:RUS", "country:UKR")] == (0, 1, 0)


@pytest.mark.parametrize("text, expected", [
    # the alliance is told in the first clause, the war in the second
    ("North Korea and Russia signed a mutual defence treaty last year, and Pyongyang has sent troops and "
     "artillery shells to support Moscow's war in Ukraine.",
     {("country:PRK", "country:RUS"): (1, 0, 0), ("city:pyongyang", "country:UKR"): (0, 1, 0),
      ("country:RUS", "country:UKR"): (0, 1, 0)}),
    # the sentence's cues tie; the clause naming both has only the cooperation cue
    ("Despite the war, Russia and China deepened their partnership.", {("country:CHN", "country:RUS"): (1, 0, 0)}),
    # Russia is named in both clauses: the clause naming Ukraine too types Russia-Ukraine
    ("Russia invaded Ukraine in 2022, and China and Russia signed a defence pact.",
     {("country:CHN", "country:RUS"): (1, 0, 0), ("country:RUS", "country:UKR"): (0, 1, 0),
      ("country:CHN", "country:UKR"): (0, 0, 1)}),
    # no clause names both (and the one naming Russia holds no cue): the sentence's class
    ("Trump, who met Putin in Alaska last month, said he would impose sanctions on Russia.",
     {("person:donald-trump", "person:vladimir-putin"): (0, 0, 1),  # (no cue of conflict between them: rule 4)
      ("country:RUS", "person:donald-trump"): (0, 1, 0)}),
    # one clause: the sentence's class, for every pair (the rule cannot tell the invasion from the pact)
    ("Russia invaded Ukraine and signed a pact with Belarus.",
     {("country:RUS", "country:UKR"): (0, 1, 0), ("country:BLR", "country:RUS"): (0, 1, 0)}),
])
def test_a_clause_naming_both_types_the_pair(text, expected):
    """When a clause names both entities of a pair and holds cues, the pair takes that clause's class, not the
    whole sentence's."""
    got = _pair_relations(text)
    for pair, counts in expected.items():
        assert got[pair] == counts, pair


def test_a_clause_with_a_negated_cue_only_keeps_the_sentence_class():
    # "no talks" is no cue of the clause naming Russia and Ukraine: the sentence's invasion types the pair
    got = _pair_relations("After the invasion, Russia held no talks with Ukraine.")
    assert got[("country:RUS", "country:UKR")] == (0, 1, 0)


def test_one_party_leaves_cooperation_and_headlines_and_country_level():
    # joint action in a cooperation sentence is cooperation between the partners
    assert _pair_relations("France and Germany signed a defence pact.")[("country:DEU", "country:FRA")] == (1, 0, 0)
    # the headline is a sentence of its own
    got = _pair_relations("Nothing else.", title="Saudi Arabia and Egypt condemn Israeli strike on Qatar")
    assert got[("country:EGY", "country:SAU")] == (0, 0, 1)
    assert got[("country:EGY", "country:QAT")] == (0, 1, 0)
    # at country level the coordination is of the people's countries
    got = _pair_relations("Emmanuel Macron and Friedrich Merz condemned Russia.", level="country")
    assert got[("country:DEU", "country:FRA")] == (0, 0, 1)
    assert got[("country:FRA", "country:RUS")] == (0, 1, 0)


@pytest.mark.parametrize("unit", ["sentence", "paragraph"])
@pytest.mark.parametrize("level", ["entity", "country"])
def test_one_party_rule_is_the_same_on_both_paths(unit, level):
    """The fast path and edge_evidence + classification apply the rule alike (and only to sentences)."""
    from geoanalysis.entities import extract_mentions

    arts = [make_article("Saudi Arabia and Egypt condemned the strike on Qatar. Russia and Ukraine clashed again."
                         "\n\nFrance, Germany and Italy rejected the plan of Hungary. Chinese President Xi Jinping "
                         "met Putin in Beijing.", id=f"a{k}",
                         title="Egypt and Jordan condemn Israel") for k in range(2)]
    m = extract_mentions(arts)
    fast = relation_edges(arts, m, unit=unit, level=level)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(rel_module, "_fast_relation_edges", lambda *a, **k: None)
        slow = relation_edges(arts, m, unit=unit, level=level)
    pd.testing.assert_frame_equal(fast, slow, check_exact=True)
    pooled = relation_edges(arts, m, unit=unit, level=level, by=None)
    assert pooled[["cooperation", "conflict", "neutral"]].to_numpy().sum() == \
        fast[["cooperation", "conflict", "neutral"]].to_numpy().sum()
    eg = fast.set_index(["article_id", "source", "target"]).loc[("a0", "country:EGY", "country:SAU")]
    assert (eg.conflict, eg.neutral) == ((0, 1) if unit == "sentence" else (1, 0))
    if level == "entity":  # China and its president: one side of the meeting in a sentence, a pair in a paragraph
        by_pair = fast.set_index(["article_id", "source", "target"])
        xi = by_pair.loc[("a0", "country:CHN", "person:xi-jinping")]
        putin = by_pair.loc[("a0", "person:vladimir-putin", "person:xi-jinping")]
        assert (xi.cooperation, xi.conflict, xi.neutral) == (
            (0, 0, 1) if unit == "sentence" else (putin.cooperation, putin.conflict, putin.neutral))


def _one_party(text, spans):
    """The pairs of entities named in one coordination (relations._coordinations), sorted."""
    from itertools import combinations

    return {pair for _, _, run in rel_module._coordinations(text, spans) for pair in combinations(sorted(set(run)), 2)}


def test_a_title_joins_one_noun_phrase_and_a_rival_does_not():
    from geoanalysis.relations import _one_noun_phrase

    for gap in (" Chancellor ", "'s Foreign Minister ", "\u2019s President ", " Secretary of State ", " envoy "):
        assert _one_noun_phrase(gap), gap
    for gap in (" and ", " struck ", " Strikes ", " ", "-", " of ", " Foreign ", "'s rival ", " counterpart "):
        assert not _one_noun_phrase(gap), gap
    text = "Trump's rival Harris and Obama condemned Iran"
    spans = [(0, 5, "trump"), (14, 20, "harris"), (25, 30, "obama"), (41, 45, "iran")]
    assert _one_party(text, spans) == {("harris", "obama")}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["x", "y", "z", "w"]),
                          st.sampled_from([" and ", ", ", ", and the ", " struck ", " ", "'s and ", " or ", " - ",
                                           " between ", " as well as ", " President ", "'s rival "])),
                min_size=1, max_size=8))
def test_one_party_pairs_are_runs_joined_by_a_conjunction(parts):
    """Property: a pair is one party exactly when its members are linked by a chain of comma, conjunction or title
    gaps that holds a conjunction; the pairs are sorted, distinct, and of entities named in the text."""
    text, spans, pos = "", [], 0
    for entity, glue in parts:
        spans.append((pos, pos + len(entity), entity.upper()))
        text += entity + glue
        pos = len(text)
    pairs = _one_party(text, spans)
    assert all(a < b for a, b in pairs)
    # reference: split into runs at every gap that is neither a comma nor a conjunction
    runs, run, conj = [], [spans[0][2]], False
    for (_, _, entity), (_, glue) in zip(spans[1:], parts[:-1]):
        g = glue.strip().lower()
        if g in {"and", ",", ", and the", "'s and", "or", "as well as", "president"}:
            run.append(entity)
            conj = conj or g not in {",", "president"}
        else:
            runs.append((run, conj))
            run, conj = [entity], False
    runs.append((run, conj))
    expected = {(a, b) for members, c in runs if c for a in set(members) for b in set(members) if a < b}
    assert pairs == expected


@pytest.mark.parametrize("text, relation, cues", [
    # a cue word inside a name is no cue ("Support" of the Rapid Support Forces, "Peace" of a prize) ...
    ("Sudan's paramilitary Rapid Support Forces said they had seized control of El Fasher after a siege.",
     "conflict", "seized control; siege"),
    ("Trump wants the Nobel Peace Prize.", "neutral", ""),
    ("The U.S. Trade Representative flew to the Shanghai Cooperation Organisation summit.", "cooperation", "summit"),
    # ... but a capital at the start of a sentence or quotation, or in a title-case headline, is
    ("Support for Kyiv grew.", "cooperation", "support"),
    ('He said: \u201cPeace is near.\u201d', "cooperation", "peace"),
    ("Russia and Ukraine Agree to Truce", "cooperation", "agree; truce"),
    # investigating is not investing; atrocities are mass violence
    ("The ICC is investigating atrocities in Darfur.", "conflict", "atrocities"),
])
def test_cues_inside_names_and_new_cues(text, relation, cues):
    row = classify_relations([text]).iloc[0]
    assert (row["relation"], row["cues"]) == (relation, cues)


def test_a_name_holding_a_cue_word_types_no_edge():
    # it was cooperation: "Support" of the paramilitary's name
    art = make_article("The Rapid Support Forces entered El Fasher on Sunday. RSF fighters attacked Tawila.", id="a")
    edges = relation_edges(art, extract_mentions(art))
    by_pair = {frozenset((s, t)): r for s, t, r in zip(edges["source"], edges["target"], edges["relation"])}
    assert by_pair[frozenset(("org:rapid-support-forces", "city:el-fasher"))] == "neutral"


# --------------------------------------------------------------------------- cues read from real reporting

@pytest.mark.parametrize("sentence, relation, cues", [
    # what an accusation, a breach or a refusal says is not asserted: its cooperation is not counted
    ("Mali accused Algeria of backing the insurgents.", "conflict", "accused; not backing"),
    ("Pakistan had broken the agreement several times.", "conflict", "broken; not agreement"),
    ("Tehran had violated almost all of its commitments.", "conflict", "violated; not commitments"),
    ("The government is suspending talks on European Union accession.", "conflict", "suspending; not talks"),
    # a reverser reaches no further than its coordination
    ("Qatar condemned the attack and pledged support for Hamas.", "conflict", "condemned; attack; pledged; support"),
    ("The opposition welcomed the agreement.", "cooperation", "welcomed; agreement"),
    # trade is no cue; its restrictions and disputes are
    ("Trump threatened a tariff on Chinese imports after Beijing tightened export controls.", "conflict",
     "threatened; tariff; export controls"),
    ("The United States will impose a 50% tariff on goods imported from Brazil.", "conflict", "tariff"),
    # coercion at sea, strikes and drills
    ("Chinese Coast Guard vessels fired water cannons at Philippine boats and rammed one.", "conflict",
     "water cannons; rammed"),
    ("Israeli strikes targeted the homes of Hamas leaders in Doha.", "conflict", "strikes; targeted"),
    ("China held military drills around Taiwan.", "conflict", "military drills"),
    ("North Korea and Russia will hold joint military drills.", "cooperation", "joint military drills"),
    # efforts to end a war are no war
    ("Egypt and Qatar mediated efforts to end the war.", "cooperation", "mediated; end the war"),
    ("Washington lifted sanctions on Damascus.", "cooperation", "lifted sanctions"),
    # "not only ... but also" negates nothing
    ("He could not only help end the war but also win a prize.", "cooperation", "end the war"),
    ("Xi hosted Putin and held discussions with Modi.", "cooperation", "hosted; discussions"),
    # idioms whose words are cues of the other kind
    ("The plan was met with scorn in Bogota.", "conflict", "met with scorn"),
    ("Colombia failed to meet its obligations.", "neutral", "not meet"),
    ("Russia cut ties with Georgia.", "conflict", "cut ties"),
    ("The deal was struck by France and Britain.", "cooperation", "deal was struck"),
    # withdrawing troops yields; withdrawing from an organization reduces relations
    ("Russia began to withdraw troops from the border.", "cooperation", "withdraw troops"),
    ("The United States withdrew from the World Health Organization.", "conflict", "withdrew from"),
    ("France formally recognised the State of Palestine.", "cooperation", "recognised"),
    ("Hungary will block the aid package for Ukraine.", "conflict", "block; not aid"),
    # trade itself is no cue; disarming yields; sanctions by other words
    ("Trade between India and Russia rose sharply.", "neutral", ""),
    ("PKK fighters laid down their weapons in Iraq.", "cooperation", "laid down their weapons"),
    ("The G7 lowered the price cap on Russian oil.", "conflict", "price cap"),
    ("Bangladesh outlawed the Awami League and barred it from the election.", "conflict", "outlawed; barred"),
])
def test_cues_of_real_reporting(sentence, relation, cues):
    got = classify_relations([sentence]).iloc[0]
    assert (got.relation, got.cues) == (relation, cues)
