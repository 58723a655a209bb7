"""Tests for geoanalysis.quotes: quotation spans, kinds and speakers."""
from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from geoanalysis.config import RAW_DATA_DIR
from geoanalysis.entities import extract_mentions
from geoanalysis.kb import person_gender
from geoanalysis.parsing import load_corpus, make_article
from geoanalysis.quotes import QUOTE_COLUMNS, find_quotes, quote_spans, quotes

REPORT, OPINION = "000_e51d81372494049d", "002_155cf58b7002bab6"


def _mentions(article, spans):
    """A hand-built mentions table: (surface, entity_id, type) found by str.find."""
    rows = []
    for surface, eid, typ in spans:
        start = article.text.find(surface)
        sent = article.sentence_at(start)
        rows.append((article.id, "body", sent.id, sent.paragraph_id, start, start + len(surface), surface, eid,
                     eid.split(":")[1].replace("-", " ").title(), typ, "", "kb"))
    cols = "article_id part sentence_id paragraph_id start end surface entity_id name type country method".split()
    return pd.DataFrame(rows, columns=cols).sort_values("start").reset_index(drop=True)


class TestQuoteSpans:
    def test_curly_straight_and_unclosed(self):
        text = 'A \u201ccurly\u201d and "straight" one. "Unclosed'
        assert [text[s:e] for s, e in quote_spans(text)] == ["\u201ccurly\u201d", '"straight"']

    def test_spans_sentences_not_paragraphs(self):
        text = 'She said \u201cOne. Two.\u201d Then \u201copen\n\nnext para\u201d and \u201cok\u201d.'
        assert [text[s:e] for s, e in quote_spans(text)] == ["\u201cOne. Two.\u201d", "\u201cok\u201d"]

    def test_inch_mark_is_not_an_opening(self):
        assert quote_spans('a 12" screen') == []

    @given(st.text(alphabet='ab "\u201c\u201d\n\'\u2018\u2019,.\u00ab\u00bb', max_size=40))
    def test_spans_are_ordered_and_disjoint(self, text):
        spans = quote_spans(text)
        for (s1, e1), (s2, e2) in zip(spans, spans[1:]):
            assert s1 < e1 <= s2 < e2
        for s, e in spans:
            # (a paragraph of a quotation of several ends without a closing mark, before the next paragraph's
            # opening one)
            assert text[s] in '"\u201c\u00ab\'\u2018' and (text[e - 1] in '"\u201d\u00bb\'\u2019' or (
                text[e:e + 2] == "\n\n" and text[e:].lstrip()[:1] in '"\u201c'))
            assert "\n\n" not in text[s:e]
            if text[s] in "'\u2018":  # a single mark opens after a space or a double mark and before a letter
                assert (s == 0 or text[s - 1] in ' \n"\u201c') and text[s + 1].isalpha()
                assert not text[e - 2].isspace() and (e == len(text) or not text[e].isalnum())

    def test_a_quotation_of_several_paragraphs(self):
        """A quotation of several paragraphs opens each with a mark and closes only the last: each paragraph is a
        quotation of the first one's speaker; an unclosed mark before a paragraph that opens none stays out."""
        text = ("Matthew Mnyan said: \u201cIt started last night.\n\n\u201cThey burnt down the houses.\n\n"
                "\u201cWe need help now,\u201d he said.\n\nThen an \u201cunclosed mark.\n\nEnd.\"\n\n\"Next,\" a mark "
                "with no letter after it stays out.")
        assert [text[s:e] for s, e in quote_spans(text)] == [
            "\u201cIt started last night.", "\u201cThey burnt down the houses.", "\u201cWe need help now,\u201d",
            '"Next,"']
        a = make_article(text, id="a")
        m = _mentions(a, [("Matthew Mnyan", "person:matthew-mnyan", "PERSON")])
        got = find_quotes(a, m)[["text", "speaker_id", "attribution"]].values.tolist()
        assert got == [["It started last night.", "person:matthew-mnyan", "named"],
                       ["They burnt down the houses.", "person:matthew-mnyan", "continued"],
                       ["We need help now,", "person:matthew-mnyan", "pronoun"], ["Next,", "", "none"]]

    def test_single_marks_where_they_cannot_be_apostrophes(self):
        text = ("\u2018We don\u2019t want to be Americans,\u2019 he said of Russia\u2019s \u2018shadow fleet\u2019. "
                "'This is historic,' Al Jaber told reporters; 'keep' Greenland and it's 'the '90s'.")
        assert [text[s:e] for s, e in quote_spans(text)] == [
            "\u2018We don\u2019t want to be Americans,\u2019", "\u2018shadow fleet\u2019", "'This is historic,'",
            "'keep'", "'the '90s'"]

    def test_a_plural_possessive_closes_only_when_nothing_closes_later(self):
        text = "'The Houthis' attacks must stop,' he said. The 'allies' plan' and the 'rebels' were named."
        assert [text[s:e] for s, e in quote_spans(text)] == [
            "'The Houthis' attacks must stop,'", "'allies' plan'", "'rebels'"]

    def test_quotes_inside_quotes_and_guillemets(self):
        text = ("\u2018He called it \u201ca farce\u201d,\u2019 she said. \u201cThey say \u2018never\u2019,\u201d he said. "
                "\u00abThe protest went beyond the norms\u00bb, the statement says.")
        assert [text[s:e] for s, e in quote_spans(text)] == [
            "\u2018He called it \u201ca farce\u201d,\u2019", "\u201cThey say \u2018never\u2019,\u201d",
            "\u00abThe protest went beyond the norms\u00bb"]

    def test_single_quoted_speech_is_attributed(self):
        a = make_article("'We have delivered a paradigm shift,' Sultan Al Jaber said on Wednesday.", id="a")
        m = _mentions(a, [("Sultan Al Jaber", "person:sultan-al-jaber", "PERSON")])
        q = find_quotes(a, m).iloc[0]
        assert (q["text"], q["kind"], q["cue"], q["speaker_id"]) == (
            "We have delivered a paradigm shift,", "speech", "said", "person:sultan-al-jaber")


class TestFindQuotes:
    def test_cue_after_the_quote(self):
        a = make_article("\u201cWe will win,\u201d said Vladimir Putin on Friday.", id="a")
        m = _mentions(a, [("Vladimir Putin", "person:vladimir-putin", "PERSON")])
        q = find_quotes(a, m).iloc[0]
        assert (q["text"], q["kind"], q["cue"], q["speaker_id"], q["attribution"]) == (
            "We will win,", "speech", "said", "person:vladimir-putin", "named")
        assert a.text[q["start"]:q["end"]] == q["text"]

    def test_pronoun_resolves_to_last_person(self):
        a = make_article("Hillary Clinton spoke to NBC. Later, she added, \u201cIf we could do it, Trump would win.\u201d",
                         id="a")
        m = _mentions(a, [("Hillary Clinton", "person:hillary-clinton", "PERSON"), ("NBC", "media:nbc", "MEDIA"),
                          ("Trump", "person:donald-trump", "PERSON")])
        q = find_quotes(a, m).iloc[0]
        assert (q["speaker_id"], q["speaker_surface"], q["cue"], q["attribution"]) == (
            "person:hillary-clinton", "she", "added", "pronoun")

    def test_pronoun_prefers_the_subject_of_the_last_sentence_naming_someone(self):
        """Of the people of the last sentence that names one, the first (its subject, as Hobbs's search reads
        a sentence from its start), not the last named: the object, a possessor, an appositive; a name after a
        preposition only when no one else is named there."""
        a = make_article("Xi Jinping congratulated Shigeru Ishiba on his election. He noted a \u201ccritical "
                         "moment.\u201d Nikolai Patrushev, an ally of Vladimir Putin, spoke. \u201cIt is "
                         "destabilizing,\u201d he said. In a meeting with Secretary General Antonio Guterres, Trump "
                         "relented. \u201cWe are behind the UN,\u201d he said.", id="a")
        m = _mentions(a, [("Xi Jinping", "person:xi-jinping", "PERSON"), ("Shigeru Ishiba", "person:shigeru-ishiba",
                                                                           "PERSON"),
                          ("Nikolai Patrushev", "person:nikolai-patrushev", "PERSON"),
                          ("Vladimir Putin", "person:vladimir-putin", "PERSON"),
                          ("Antonio Guterres", "person:antonio-guterres", "PERSON"),
                          ("Trump", "person:donald-trump", "PERSON")])
        got = find_quotes(a, m)[["speaker_id", "attribution"]].values.tolist()
        assert got == [["person:xi-jinping", "pronoun"], ["person:nikolai-patrushev", "pronoun"],
                       ["person:donald-trump", "pronoun"]]

    def test_the_one_told_is_no_speaker(self):
        a = make_article("\u201cWe are ready,\u201d a Somaliland official told DW. \u201cNo,\u201d Abdulahi Mohammud told "
                         "Reuters.", id="a")
        assert quotes(a)[["speaker", "speaker_surface"]].values.tolist() == [["", ""], ["Abdulahi Mohammud",
                                                                                      "Abdulahi Mohammud"]]
        # nor the one insulted, accused or praised
        a = make_article("The far-right minister insulted the Hamas leader, saying \u201cNo more agreements.\u201d",
                         id="a")
        assert quotes(a)["speaker"].tolist() == [""]

    def test_a_demonym_and_an_office_is_the_last_person_of_that_country(self):
        """"the Russian leader told reporters" is the last Russian named before (Putin, not Russia); with no one of
        that country named, the country; a body after the demonym stays the country's ("the Chinese foreign
        ministry said")."""
        a = make_article("Putin met Erdogan in Moscow. \u201cWe would be happy to do so,\u201d the Russian leader told "
                         "reporters. \u201cNo,\u201d the Chinese foreign ministry said.", id="a")
        assert quotes(a)[["speaker_id", "speaker_surface"]].values.tolist() == [
            ["person:vladimir-putin", "Russian"], ["country:CHN", "Chinese"]]
        a = make_article("\u201cThis will affect trade,\u201d the Russian deputy prime minister said.", id="a")
        assert quotes(a)["speaker_id"].tolist() == ["country:RUS"]

    def test_pronoun_agrees_in_gender(self):
        a = make_article("Hillary Clinton met Donald Trump in Paris. Later, she said, “We agreed.” "
                         "Then he added, “We did not.”", id="a")
        m = _mentions(a, [("Hillary Clinton", "person:hillary-clinton", "PERSON"),
                          ("Donald Trump", "person:donald-trump", "PERSON"), ("Paris", "city:paris", "CITY")])
        assert find_quotes(a, m)["speaker_id"].tolist() == ["person:hillary-clinton", "person:donald-trump"]

    def test_gender_from_a_title_or_a_given_name(self):
        # rule-found people: "Mrs." before the first mention of Okafor, the given name of Jonathan Reyes
        a = make_article("Mrs. Okafor met Jonathan Reyes. Okafor and Reyes talked. She said, “No.”", id="a")
        rows = [("Okafor", "person:okafor", "PERSON"), ("Jonathan Reyes", "person:jonathan-reyes", "PERSON")]
        m = _mentions(a, rows)
        assert find_quotes(a, m)["speaker_id"].tolist() == ["person:okafor"]
        # without the title nothing tells Okafor's gender: the last person before the pronoun who may be a "she"
        b = make_article("Ngozi Okafor met Jonathan Reyes. She said, “No.”", id="b")
        m = _mentions(b, [("Ngozi Okafor", "person:ngozi-okafor", "PERSON"), rows[1]])
        assert find_quotes(b, m)["speaker_id"].tolist() == ["person:ngozi-okafor"]
        c = make_article("Jonathan Reyes met Li Wei. She said, “No.”", id="c")
        m = _mentions(c, [rows[1], ("Li Wei", "person:li-wei", "PERSON")])
        assert find_quotes(c, m)["speaker_id"].tolist() == ["person:li-wei"]

    def test_gender_from_a_users_knowledge_base(self, tmp_path):
        from geoanalysis.kb import load_kb

        path = tmp_path / "people.csv"
        path.write_text("entity_id,name,type,aliases,short,country,role,wikidata,match,gender\n"
                        "person:ama-owusu,Ama Owusu,PERSON,Ama Owusu,Owusu,GHA,minister,,,f\n", encoding="utf-8")
        kb = load_kb(path)
        a = make_article("Ama Owusu met Kofi Mensah. He said, \u201cNo.\u201d", id="a")
        m = extract_mentions(a, kb=kb)
        assert find_quotes(a, m, kb=kb)["speaker_id"].tolist() == ["person:kofi-mensah"]
        assert quotes(a, kb=kb)["speaker_id"].tolist() == ["person:kofi-mensah"]
        # the built-in knowledge base does not know Ama Owusu's gender, nor does her given name tell
        assert find_quotes(a, m)["speaker_id"].tolist() == ["person:ama-owusu"]

    def test_no_person_of_the_pronouns_gender(self):
        a = make_article("Donald Trump spoke. She said, “No.”", id="a")
        m = _mentions(a, [("Donald Trump", "person:donald-trump", "PERSON")])
        q = find_quotes(a, m).iloc[0]
        assert (q["speaker_id"], q["speaker_surface"], q["attribution"]) == ("", "She", "pronoun")

    def test_headlines_map_to_media_in_order(self):
        a = make_article("Headlines in the Times and the Post declared \u201cWar Ends\u201d and \u201cPeace Now.\u201d", id="a")
        m = _mentions(a, [("Times", "media:times", "MEDIA"), ("Post", "media:post", "MEDIA")])
        q = find_quotes(a, m)
        assert q["kind"].tolist() == ["headline", "headline"]
        assert q["speaker_id"].tolist() == ["media:times", "media:post"]

    @pytest.mark.parametrize("text, quoted", [
        ("Analysts call it the \u201cAxis of Upheaval.\u201d", "Axis of Upheaval."),
        ("A deal described as a \u201cno-limits\u201d partnership.", "no-limits"),
        ("They lead a new \u201ccoalition of the willing,\u201d as planned.", "coalition of the willing,"),
    ])
    def test_terms(self, text, quoted):
        q = find_quotes(make_article(text, id="a")).iloc[0]
        assert (q["text"], q["kind"], q["speaker_id"]) == (quoted, "term", "")

    @pytest.mark.parametrize("text, speaker, cue", [
        # a label the subject of a characterizing verb puts on something is the subject's words ...
        ("Kim Yo Jong said in a statement carried by KCNA that talks had failed and dismissed the overtures as "
         "\u201ca pipe dream\u201d.", "person:kim-yo-jong", "dismissed"),
        ("Colombian President Gustavo Petro condemned the strike as \u201cmurder\u201d.", "person:gustavo-petro",
         "condemned"),
        ("Moscow called the strikes \u201cterrorism\u201d.", "city:moscow", "called"),
        ("Kim Yo Jong spoke. She dismissed it as \u201cnonsense\u201d.", "person:kim-yo-jong", "dismissed"),
        # ... not a label the writer puts on it, nor one given in the passive or by a participle
        ("Moscow rejects the so-called \u201ccoalition of the willing\u201d.", "", ""),
        ("Russia was branded a \u201cterrorist state\u201d by Ukraine.", "", ""),
        ("The plan, dubbed \u201cOperation Spiderweb\u201d, worked for Ukraine.", "", ""),
    ])
    def test_a_term_is_the_words_of_the_subject_of_a_characterizing_verb(self, text, speaker, cue):
        a = make_article(text, id="a")
        q = find_quotes(a, extract_mentions(a)).iloc[0]
        assert (q["kind"], q["speaker_id"], q["cue"]) == ("term", speaker, cue)
        assert q["attribution"] == ("none" if not speaker else "pronoun" if "She" in text else "named")

    def test_a_title_between_cue_and_name(self):
        a = make_article('"We will not surrender," said Ukrainian Foreign Minister Andrii Sybiha in Kyiv.', id="a")
        m = _mentions(a, [("Ukrainian", "country:ukraine", "COUNTRY"), ("Andrii Sybiha", "person:andrii-sybiha",
                                                                          "PERSON"), ("Kyiv", "city:kyiv", "CITY")])
        q = find_quotes(a, m).iloc[0]
        assert (q["kind"], q["cue"], q["speaker_id"], q["attribution"]) == (
            "speech", "said", "person:andrii-sybiha", "named")

    def test_a_short_quotation_ending_in_a_comma_is_speech(self):
        a = make_article('"This is a dangerous escalation," the Chinese foreign ministry said in a statement.', id="a")
        m = _mentions(a, [("Chinese", "country:china", "COUNTRY")])
        q = find_quotes(a, m).iloc[0]
        assert (q["kind"], q["cue"], q["speaker_id"]) == ("speech", "said", "country:china")
        a = make_article('"Enough," Volodymyr Zelensky shouted at the crowd.', id="a")
        m = _mentions(a, [("Volodymyr Zelensky", "person:volodymyr-zelensky", "PERSON")])
        q = find_quotes(a, m).iloc[0]
        assert (q["kind"], q["cue"], q["speaker_id"]) == ("speech", "", "person:volodymyr-zelensky")

    def test_a_cue_in_the_next_clause_is_not_the_quotations(self):
        a = make_article('Brussels saw "appeasement"; Vladimir Putin said nothing.', id="a")
        m = _mentions(a, [("Vladimir Putin", "person:vladimir-putin", "PERSON")])
        q = find_quotes(a, m).iloc[0]
        assert (q["kind"], q["speaker_id"]) == ("term", "")

    def test_no_quotes(self):
        q = find_quotes(make_article("Nothing quoted here.", id="a"))
        assert q.empty and list(q.columns) == QUOTE_COLUMNS


@pytest.fixture(scope="module")
def default_quotes():
    corpus = load_corpus(RAW_DATA_DIR)
    return quotes(corpus, mentions=extract_mentions(corpus))


class TestDefaultCorpus:
    def _row(self, table, article, prefix):
        rows = table[(table["article_id"] == article) & table["text"].str.startswith(prefix)]
        assert len(rows) == 1, prefix
        return rows.iloc[0]

    def test_counts(self, default_quotes):
        assert default_quotes.groupby("article_id").size().to_dict() == {REPORT: 2, OPINION: 6}

    def test_report_quotes_only_terms(self, default_quotes):
        r = default_quotes[default_quotes["article_id"] == REPORT]
        assert r["text"].tolist() == ["Axis of Upheaval.", "no-limits"]
        assert set(r["kind"]) == {"term"}

    def test_hillary_clinton(self, default_quotes):
        q = self._row(default_quotes, OPINION, "If we could pull that off")
        assert (q["speaker_id"], q["cue"], q["kind"], q["speaker_surface"]) == (
            "person:hillary-clinton", "added", "speech", "she")
        assert q["text"].endswith("terrible, terrible precedent.") and q["end_sentence_id"] == q["sentence_id"] + 1

    def test_trump(self, default_quotes):
        refrain = self._row(default_quotes, OPINION, "the killing must stop")
        weeks = self._row(default_quotes, OPINION, "in two or three weeks")
        assert (refrain["speaker_id"], refrain["kind"], refrain["cue"]) == ("person:donald-trump", "speech", "refrain")
        assert (weeks["speaker_id"], weeks["cue"], weeks["speaker_surface"]) == ("person:donald-trump", "promising", "He")

    def test_headlines_and_terms(self, default_quotes):
        nyt = self._row(default_quotes, OPINION, "Europe Aims to Show")
        wapo = self._row(default_quotes, OPINION, "Encouraged by Trump")
        assert (nyt["kind"], nyt["speaker_id"]) == ("headline", "media:new-york-times")
        assert (wapo["kind"], wapo["speaker_id"]) == ("headline", "media:washington-post")
        assert self._row(default_quotes, OPINION, "coalition of the willing")["kind"] == "term"


# --- the fast paths against the code as first written ---------------------------------------------------------

import bisect  # noqa: E402
import re  # noqa: E402

import numpy as np  # noqa: E402
from hypothesis import example, settings  # noqa: E402

from geoanalysis.quotes import (CHARACTERIZING_VERBS, HEADLINE_CUES, LISTENER_VERBS,  # noqa: E402
                                OBJECT_MARKERS, PRONOUNS, SPEAKER_TYPES, SPEECH_CUES, TERM_CUES, _BE, _PREPOSITIONS, _body_mentions, _empty, _inside, _norm)

_MARKS = re.compile("\n(?=\n)|[\"\u201c\u201d\u201e\u00ab\u00bb]")


def _reference_spans(text):
    spans, open_at = [], None
    for m in _MARKS.finditer(text):
        i = m.start()
        ch = text[i]
        if ch == "\n":
            if open_at is not None and text[i:].lstrip()[:1] in ("\u201c", '"', "\u201e", "\u00ab") and any(
                    c.isalpha() for c in text[open_at:i]):
                spans.append((open_at, i))  # a quotation of several paragraphs: this one ends with its paragraph
            open_at = None
        elif open_at is None:
            if ch in ("\u201c", "\u201e", "\u00ab") or (ch == '"' and (i == 0 or not text[i - 1].isalnum())):
                open_at = i
        elif ch in {"\u201d", '"', "\u00bb"}:
            spans.append((open_at, i + 1))
            open_at = None
        elif ch in ("\u201c", "\u00ab"):
            open_at = i
    singles = _reference_single_spans(text)
    if not singles:
        return spans
    out = []  # the outermost, in order
    for s, e in sorted(spans + singles, key=lambda span: (span[0], -span[1])):
        if not out or s >= out[-1][1]:
            out.append((s, e))
    return out


def _reference_single_spans(text):
    """Single-quoted passages, paragraph by paragraph, character by character."""
    spans = []
    for para in re.finditer(r"(?:(?!\n\n)[\s\S])+", text):
        marks = []
        for i in range(*para.span()):
            ch = text[i]
            if ch not in "'\u2018\u2019":
                continue
            before = text[i - 1] if i else " "
            after = text[i + 1] if i + 1 < len(text) else " "
            if ch != "\u2019" and before in " \t\n([{\u2014\u2013-:\"\u201c/" and after.isalpha():
                marks.append((i, "open", True))
            elif ch != "\u2018" and not before.isspace() and not after.isalnum():
                possessive = before in "sS" and after == " "
                strong = before in ",.!?;:\u2026" or after in ",.;:!?)]\u2014\u2013\"\u201d\n" or i + 1 == len(text)
                marks.append((i, "close", strong or not possessive))
        open_at = None
        for k, (i, kind, strong) in enumerate(marks):
            if kind == "open":
                if open_at is None or text[i] == "\u2018":
                    open_at = i
            elif open_at is not None:
                rest = [m for m in marks[k + 1:] if m[1] == "open" or m[2]]
                if not strong and rest and rest[0][1] == "close":
                    continue  # a plural possessive, and a strong closing later
                spans.append((open_at, i + 1))
                open_at = None
    return spans


def _reference_term_cue(before_words):
    tail = list(before_words)
    if tail and tail[-1] == "so-called":
        return True
    while tail and tail[-1] in ("a", "an", "the", "new"):
        tail.pop()
    joined = " ".join(tail[-3:])
    return any(joined == cue or joined.endswith(" " + cue) for cue in TERM_CUES)


_DETS = ("a", "an", "the", "its", "their", "his", "her", "our", "this", "that", "these", "those")


def _reference_governing(c, text, tokens, lo, hi):
    """The words of the sentence ``[lo, hi)`` before candidate ``c`` up to the one governing it: determiners and
    capitalized words (not prepositions) skipped back to the last word of its clause."""
    previous = [t for t in tokens if lo <= t.start < hi and t.start < c[0]]
    pos = int(c[0])  # (offsets may come as floats from a user's table)
    while previous and not re.search(r"[,;:!?()\u2014]", text[previous[-1].end:pos]):
        t = previous[-1]
        if t.norm in _DETS or (t.text[:1].isupper() and t.norm not in OBJECT_MARKERS):
            pos = t.start
            previous.pop()
            continue
        return previous
    return []


def _reference_subject_like(c, text, tokens, cues, lo, hi, cue_start=-1):
    """A candidate is no speaker when the word governing it in its sentence (``[lo, hi)``; determiners and title
    words aside) is a preposition, or when it is a demonym right before a word that is no speech cue ("Chinese
    people")."""
    previous = _reference_governing(c, text, tokens, lo, hi)
    tokens = [t for t in tokens if lo <= t.start < hi]
    if previous and previous[-1].norm in LISTENER_VERBS:
        return False  # the one told
    if previous and previous[-1].norm in OBJECT_MARKERS and not (
            previous[-1].norm == "to" and len(previous) > 1 and previous[-2].norm == "according"):
        return False
    if text[int(c[1]):int(c[1]) + 3] in ("'s ", "\u2019s "):  # a possessor speaks only of the cue after it
        return cue_start >= int(c[1]) + 3 and re.fullmatch(r" *(?:[a-z]+ +){0,3}", text[int(c[1]) + 3:cue_start])
    following = [t for t in tokens if t.start >= c[1]]
    if c[5] == "COUNTRY" and c[2] != c[4] and c[1] <= cue_start and re.fullmatch(r" *(?:[a-z]+ +){0,3}",
                                                                                 text[int(c[1]):cue_start]):
        return True  # a demonym heading the cue's subject
    return not (c[5] == "COUNTRY" and c[2] != c[4] and following and following[0].start == c[1] + 1
                and text[c[1]] == " " and following[0].start not in cues)


def _reference_find_quotes(article, mentions=None):
    """find_quotes as first written: every token and candidate scanned for every quotation."""
    text = article.text
    spans = _reference_spans(text)
    if not spans:
        return _empty()
    starts = [s for s, _ in spans]
    tokens = [t for t in article.tokens if t.is_alpha]
    tok_starts = [t.start for t in tokens]
    ments = _body_mentions(mentions, article.id)
    cands = []
    if ments is not None:
        for row in zip(*(ments[c].tolist() for c in ("start", "end", "surface", "entity_id", "name", "type"))):
            if not _inside(spans, starts, row[0]) and row[5] in SPEAKER_TYPES:
                cands.append(row)
    for t in tokens:
        if t.norm in PRONOUNS and not _inside(spans, starts, t.start):
            cands.append((t.start, t.end, t.text, "", "", "PRONOUN"))
    cands.sort()
    persons = [c for c in cands if c[5] == "PERSON"]
    genders = {}  # of each person (entity id, else surface): the first mention in the text that tells
    if ments is not None:
        for row in ments.loc[ments["type"] == "PERSON"].sort_values("start", kind="stable").itertuples():
            eid = row.entity_id if isinstance(row.entity_id, str) else ""
            surface = row.surface if isinstance(row.surface, str) else ""
            name = row.name if isinstance(row.name, str) else ""
            if not genders.get(eid or surface):
                start = int(row.start)
                genders[eid or surface] = person_gender(eid, name or surface, text[max(0, start - 24):start])
    # a word inside a mention is no cue (a body row of the mentions table may cover any word)
    covered = [] if ments is None else list(zip(ments["start"].tolist(), ments["end"].tolist()))
    cues = {t.start for t in tokens if t.norm in SPEECH_CUES and not any(s <= t.start < e for s, e in covered)}
    rows = []
    for qi, (qs, qe) in enumerate(spans):
        inner_s, inner_e = qs + 1, qe - 1 if text[qe - 1] in '"\u201d\u00bb\'\u2019' else qe
        content = text[inner_s:inner_e]
        inner_s += len(content) - len(content.lstrip())
        inner_e = inner_s + len(content.strip())
        content = text[inner_s:inner_e]
        sent = article.sentence_at(qs) or article.sentence_at(inner_s)
        end_sent = article.sentence_at(max(inner_e - 1, inner_s)) or sent
        s_start = sent.start if sent else qs
        s_end = end_sent.end if end_sent else qe
        if sent is not None:
            s_end = max(s_end, sent.end)
        if end_sent is not None and s_end <= qe and end_sent.id + 1 < len(article.sentences):
            nxt = article.sentences[end_sent.id + 1]  # a short attribution after a quotation ending its sentence
            words = re.findall(r"[^\W_]+(?:['\u2019-][^\W_]+)*", nxt.text)
            if nxt.paragraph_id == end_sent.paragraph_id and nxt.start - s_end <= 2 and len(words) <= 8 and any(
                    w.lower() in SPEECH_CUES for w in words):
                s_end = nxt.end
        left = max([e for s, e in spans if e <= qs and e > s_start] + [s_start])
        right = min([s for s, e in spans if s >= qe and s < s_end] + [s_end])
        before = tokens[bisect.bisect_left(tok_starts, left):bisect.bisect_left(tok_starts, qs)]
        after = tokens[bisect.bisect_left(tok_starts, qe):bisect.bisect_left(tok_starts, right)]
        sent_tokens = [t for t in tokens[bisect.bisect_left(tok_starts, s_start):bisect.bisect_left(tok_starts, s_end)]
                       if not _inside(spans, starts, t.start)]
        n_words = len(re.findall(r"[^\W_]+(?:['\u2019-][^\W_]+)*", content))
        kind, cue, cue_tok, cue_side = "speech", "", None, ""
        before_text = _norm(text[left:qs]).rstrip(" ,:\u2014-").split()
        after_cue = next((t for t in after[:8] if t.start in cues), None)
        if after_cue is not None and re.search(r"[;:!?]", text[qe:after_cue.start]):
            after_cue = None  # in another clause
        before_cue = next((t for t in reversed(before) if t.start in cues), None)
        if {t.norm for t in sent_tokens} & HEADLINE_CUES:
            kind = "headline"
            cue_tok = before_cue or after_cue or next((t for t in sent_tokens if t.start in cues), None)
        elif n_words <= 6 and _reference_term_cue(before_text):
            kind = "term"
        elif after_cue is not None and (content.endswith((",", "!", "?")) or before_cue is None):
            cue_tok, cue_side = after_cue, "after"
        elif before_cue is not None:
            cue_tok, cue_side = before_cue, "before"
        elif n_words <= 6 and not re.search(r"[.!?]", content) and not (
                content.endswith(",") and text[left:qs].strip() == ""):
            kind = "term"
        if cue_tok is not None:
            cue = cue_tok.norm
        speaker = ("", "", "", "none")
        cand = None
        if kind == "headline":
            media = [c for c in cands if s_start <= c[0] < s_end and c[5] in ("MEDIA", "ORG")]
            sentence_quotes = [s for s, e in spans if s_start <= s < s_end]
            pick = None
            if len(media) == len(sentence_quotes):
                pick = media[sentence_quotes.index(qs)]
            elif len(media) == 1:
                pick = media[0]
            if pick is not None:
                speaker = (pick[3], pick[4], pick[2], "media")
        elif kind == "term":
            # the subject of the last characterizing verb before the term, unless passive, after a comma or
            # "so-called": the nearest candidate before the verb that does not follow a preposition
            verbs = [k for k, t in enumerate(before) if t.norm in CHARACTERIZING_VERBS
                     and not any(s <= t.start < e for s, e in covered)]
            if verbs:
                k = verbs[-1]
                verb = before[k]
                if not (k > 0 and before[k - 1].norm in _BE) and not text[left:verb.start].rstrip().endswith(",") \
                        and before[-1].norm != "so-called":
                    for c in reversed([c for c in cands if left <= c[0] < verb.start]):
                        previous = [t for t in before if t.start < c[0]]
                        if not (previous and previous[-1].norm in _PREPOSITIONS):
                            cand, cue = c, verb.norm
                            break
        elif kind == "speech":
            unnamed = False  # names next to the cue, none of which may speak: no other name is taken
            if cue_side == "after" and cue_tok is not None:
                window = [c for c in cands if qe <= c[0] < right]
                people = [c for c in window if c[5] == "PERSON" and not re.search(
                    r"[,;:!?()\u2014]", text[int(min(c[1], cue_tok.end)):int(max(c[0], cue_tok.start))])]
                participle = cue_tok.norm.endswith("ing")  # "adding that ...": a name after it is no speaker
                adjacent = [c for c in window if c[1] <= cue_tok.start
                            and re.fullmatch(r" *(?:[a-z]+ +){0,3}", text[int(c[1]):cue_tok.start])]
                people = [c for c in people if _reference_subject_like(c, text, tokens, cues, s_start, s_end)]
                pool = [] if participle else adjacent[-1:] or people or [
                    c for c in window if _reference_subject_like(c, text, tokens, cues, s_start, s_end)]
                if not pool and before_cue is not None:  # no speaker after the quotation: the cue before it
                    cue_tok, cue_side, cue = before_cue, "before", before_cue.norm
                elif not participle:
                    cand = min(pool, key=lambda c: abs(c[0] - cue_tok.start)) if pool else None
                    unnamed = not pool and bool(window)
            if cue_side == "before" and cue_tok is not None:
                window = [c for c in cands if left <= c[0] < cue_tok.start]
                pool = [c for c in window
                        if _reference_subject_like(c, text, tokens, cues, s_start, s_end, cue_tok.start)]
                unnamed = not pool and bool(window)  # "the spokesperson for X said": not X
                cand = pool[-1] if pool else None
                if cand is not None and cue_tok.norm.endswith("ing"):
                    cand = pool[0]  # the subject of the clause the participle hangs on
                elif cand is not None:
                    between = text[int(cand[1]):cue_tok.start].rstrip()  # (offsets may come as floats)
                    commas = [k for k in range(left, int(cand[0])) if text[k] == ","]
                    if between.endswith(",") and between.count(",") == 1 and commas:
                        earlier = [c for c in pool if c[1] <= commas[-1]]
                        if earlier:
                            cand = earlier[-1]
            if cand is None and not unnamed:
                near = [c for c in cands if left <= c[0] < qs and c[5] in ("PERSON", "PRONOUN")]
                near = near or [c for c in cands if qe <= c[0] < right and c[5] in ("PERSON", "PRONOUN")]
                cand = (near[-1] if near and near[-1][0] < qs else near[0]) if near else None
        if cand is not None and cand[5] == "PRONOUN":
            want = {"he": "m", "she": "f"}[cand[2].lower()]
            ok = []
            for p in persons:  # the people before the pronoun who may be of its gender
                key = (p[3] if isinstance(p[3], str) else "") or (p[2] if isinstance(p[2], str) else "")
                if p[1] <= cand[0] and genders.get(key, "") in ("", want):
                    ok.append(p)
            # the first of them in the last sentence that names one, not after a preposition unless all are
            last = [p for p in ok if article.sentence_at(p[0]).id == article.sentence_at(ok[-1][0]).id]
            subjects = [p for p in last if not re.search(
                r"\b(?:by|of|in|from|to|with|at|on|for|against|about|into|over|under|between|among|toward|towards"
                r"|after|before)\s+(?:(?:the|a|an|his|her|its|their)\s+)?(?:[A-Z][\w.'\u2019-]*\s+)*$",
                text[max(0, p[0] - 80):p[0]])]
            ref = (subjects or last or [None])[0]
            speaker = (ref[3], ref[4], cand[2], "pronoun") if ref else ("", "", cand[2], "pronoun")
        elif cand is not None and cand[5] == "COUNTRY" and re.match(
                r"\s+(?:(?:deputy|vice|prime|first|foreign|defen[cs]e|interior|finance|top|senior|former|chief"
                r"|supreme|acting)\s+)*(?:leader|president|premier|prime\s+minister|minister|official|diplomat"
                r"|spokes(?:man|woman|person)|ambassador|envoy|negotiator|general|commander|monarch|king|emir"
                r"|chancellor|head\s+of\s+state)\b", text[cand[1]:]):
            # a demonym and an office ("the Russian leader said"): the last person of that country before it
            from geoanalysis.kb import load_kb

            code = (cand[3] if isinstance(cand[3], str) else "").partition(":")[2]
            people = load_kb().entities.set_index("entity_id")["country"]
            mates = [p for p in persons if p[1] <= cand[0] and isinstance(p[3], str) and p[3] in people.index
                     and code and people[p[3]] == code]
            ref = mates[-1] if mates else cand
            speaker = (ref[3], ref[4], cand[2], "named")
        elif cand is not None:
            speaker = (cand[3], cand[4], cand[2], "named")
        if kind == "speech" and sent is not None and speaker[3] == "none":
            # no speaker: that of the last speech or term with one, when in the same paragraph; else that of the
            # quotation this one goes on (the paragraph before ended it with no closing mark)
            previous = [r for r in rows if r[8] in ("speech", "term") and r[11] and r[2] >= 0]
            if previous and article.sentences[previous[-1][2]].paragraph_id == sent.paragraph_id:
                speaker = (*previous[-1][10:13], "continued")
            elif rows and rows[-1][1] == qi - 1 and text[spans[qi - 1][1] - 1] not in '"\u201d\u00bb\'\u2019' \
                    and rows[-1][11]:
                speaker = (*rows[-1][10:13], "continued")
        rows.append((article.id, qi, sent.id if sent else -1, end_sent.id if end_sent else -1, inner_s, inner_e,
                     content, n_words, kind, cue, *speaker))
    cols = {c: [r[i] for r in rows] for i, c in enumerate(QUOTE_COLUMNS)}
    for c in ("quote_id", "sentence_id", "end_sentence_id", "start", "end", "n_words"):
        cols[c] = np.array(cols[c], dtype=np.int64)
    return pd.DataFrame(cols)


_NAMES = {"Putin": "PERSON", "Clinton": "PERSON", "Hillary": "PERSON", "Donald": "PERSON", "Reuters": "MEDIA", "Times": "MEDIA", "NATO": "ORG",
          "Russia": "COUNTRY", "Russian": "COUNTRY", "Kyiv": "CITY"}
_FULL = {"Hillary": "Hillary Clinton", "Donald": "Donald Trump", "Russian": "Russia"}  # names whose given name tells the gender
_PIECES = ["said", "says", "added", "adding", "saying", "told", "insisted", "for", "in", "'s", "refrain", "who",
           "spokesperson", "officials", "according", "to", "foreign", "ministry", "he", "He", "she", "they", "we", "will", "win",
           "the", "a", "new", "war", "peace", "headline", "titled", "called", "so-called", "described", "as",
           "known", "call", "it", "branded", "dismissed", "was", "by", "Mrs.", "Mr.", "," , ".", "?", "!", ":", "\u2014", '"', "\u201c", "\u201d", "\u201e", "\n\n",
           "'", "\u2018", "\u2019", "\u00ab", "\u00bb", "allies'", "leader", "prime", "minister", "informed",
           *_NAMES]


def _random_mentions(article, headline_rows):
    rows = []
    for m in re.finditer(r"\b(?:%s)\b" % "|".join(_NAMES), article.text):
        sent = article.sentence_at(m.start())
        rows.append((article.id, "body", sent.id if sent else -1, 0, m.start(), m.end(), m.group(),
                     "q:" + m.group().lower(), _FULL.get(m.group(), m.group()), _NAMES[m.group()], "", "kb"))
    rows += [(article.id, "headline", 0, 0, k, k + 5, "Times", "q:times", "Times", "MEDIA", "", "kb")
             for k in range(headline_rows)]
    cols = "article_id part sentence_id paragraph_id start end surface entity_id name type country method".split()
    return pd.DataFrame(rows, columns=cols)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=50), st.lists(st.booleans(), max_size=50),
       st.integers(0, 2))
@example(["Putin", "said", ",", "\u201c", "we", "will", "win", ".", "\u201d", "He", "added", '"', "peace", '"'],
         [], 1)
@example(["Mrs.", "Clinton", "met", "Hillary", "and", "Donald", ".", "she", "said", ",", "\u201c", "no", ".",
          "\u201d", "Mr.", "Putin", "and", "Clinton", ":", "he", "said", '"', "yes", '"'], [], 0)
@example(["he", "called", '"', '"'], [], 0)
@example(["Clinton", ",", "in", "Kyiv", "by", "Putin", "dismissed", "it", "as", '"', "a", "war", '"', "and", "she",
          "was", "branded", "\u201c", "peace", "\u201d"], [], 0)
def test_find_quotes_equals_reference(pieces, glue, headline_rows):
    # glue: whether a piece is written with no space before it ("\u201cwe", "win,\u201d")
    text = "".join(p if (k < len(glue) and glue[k]) or k == 0 else " " + p for k, p in enumerate(pieces))
    a = make_article(text, id="a")
    m = _random_mentions(a, headline_rows)
    assert quote_spans(a.text) == _reference_spans(a.text)
    for mentions in (m, None, m.iloc[:0]):
        got, ref = find_quotes(a, mentions), _reference_find_quotes(a, mentions)
        assert got.equals(ref) and list(got.dtypes) == list(ref.dtypes), (text, mentions)
    # the general path (another article's rows in the table)
    other = m.assign(article_id="b")
    both = pd.concat([m, other], ignore_index=True)
    got, ref = find_quotes(a, both), _reference_find_quotes(a, both)
    assert got.equals(ref) and list(got.dtypes) == list(ref.dtypes)


@given(st.lists(st.sampled_from(["as", "a", "the", "new", "so-called", "call", "it", "called", "known",
                                 "described", "referred", "to", "term", "war", "calls"]), max_size=6))
def test_term_cue_equals_reference(words):
    from geoanalysis.quotes import _term_cue

    assert _term_cue(words) == _reference_term_cue(words)


def _runner_quotes(articles, mentions):
    """The quotes of a batch as the runner first built them: the quotes of each article's rows, concatenated."""
    by_article = mentions.groupby("article_id", sort=False).indices if len(articles) > 1 else None
    frames = [_reference_find_quotes(a, mentions if by_article is None else mentions.iloc[by_article.get(a.id, [])])
              for a in articles]
    return frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)


def _same(got, ref):
    return (got.equals(ref) and list(got.dtypes) == list(ref.dtypes) and got.index.equals(ref.index)
            and all(list(map(type, got[c])) == list(map(type, ref[c])) for c in got.columns))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.lists(st.sampled_from(_PIECES), max_size=30), st.integers(0, 2)), min_size=1, max_size=4),
       st.sampled_from(["plain", "shuffled", "float starts", "no part", "missing ids"]))
@example([(["Putin", "said", ",", "\u201c", "we", "will", "win", ".", "\u201d"], 1), (["No", "quotes"], 0)], "plain")
@example([(["No", "quotes"], 0), (["none", "here"], 1)], "plain")
@example([(["Putin", "said", '"', "no", '"'], 0), (["“", "Yes", "”", "Clinton", "said"], 0)], "missing ids")
@example([(['"', '"', "said", "Putin"], 0)], "float starts")  # a speaker after the cue, offsets as floats
@example([(["Putin", "said", '"', '"'], 0)], "float starts")  # and before it
def test_find_quotes_batch_equals_per_article(docs, table):
    from geoanalysis.quotes import find_quotes_batch

    arts = [make_article(" ".join(words), id=f"a{k}") for k, (words, _) in enumerate(docs)]
    parts = [_random_mentions(a, rows) for a, (_, rows) in zip(arts, docs)]
    mentions = pd.concat(parts, ignore_index=True)
    if table == "shuffled":  # one article's rows not together
        mentions = mentions.sample(frac=1, random_state=0).reset_index(drop=True)
    elif table == "float starts":  # not the plain case: the general path
        mentions = mentions.astype({"start": float})
    elif table == "no part":
        mentions = mentions.drop(columns="part")
    elif table == "missing ids":  # speaker ids that are not all str: the frames of the articles concatenated
        mentions.loc[::2, "entity_id"] = None
    got = find_quotes_batch(arts, mentions)
    assert _same(got, _runner_quotes(arts, mentions)), table
    assert _same(find_quotes_batch(arts), _runner_quotes(arts, mentions.iloc[:0]))
    ref = [_reference_find_quotes(a, mentions) for a in arts]
    ref = [f for f in ref if len(f)]
    ref = pd.concat(ref, ignore_index=True).sort_values(["article_id", "start"], kind="mergesort").reset_index(
        drop=True) if ref else _empty()
    assert _same(quotes(arts, mentions=mentions), ref)


def test_quote_spans_of_many_texts():
    # spans are remembered for a few hundred texts: equal texts that are distinct objects, and texts
    # seen again after others, give the spans of their own text
    texts = [f'"{k}" and \u201c{k} {k}\u201d' + " x" * (k % 7) for k in range(600)]
    for text in texts + texts[::-1] + ["".join(list(t)) for t in texts]:
        assert quote_spans(text) == _reference_spans(text)
    spans = quote_spans(texts[0])
    spans.append((0, 0))  # a caller changing its list does not change the remembered spans
    assert quote_spans(texts[0]) == _reference_spans(texts[0])


def test_find_quotes_batch_keeps_the_dtypes_of_each_article():
    # speaker ids NaN in one article, None in the other: float64 and object columns, concatenated as such
    from geoanalysis.quotes import find_quotes_batch

    arts = [make_article('Putin said, "we will win."', id="a"), make_article('Putin said, "we will win."', id="b")]
    mentions = pd.concat([_random_mentions(a, 0) for a in arts], ignore_index=True).astype({"entity_id": object})
    mentions.loc[0, "entity_id"], mentions.loc[1, "entity_id"] = float("nan"), None
    got = find_quotes_batch(arts, mentions)
    assert _same(got, _runner_quotes(arts, mentions))
    assert got["speaker_id"].map(type).tolist() == [float, type(None)]


def test_a_word_of_a_name_is_no_speech_cue():
    """ "States" in "United States" is not the verb "states": the quotation has no cue and goes to the person
    next to it, not to the country."""
    text = ("In an interview with Reuters in the United States published on Monday, Ahmed called the killing "
            "\u201ca global act of terrorism.\u201d Later, Rafida Ahmed spoke.")
    article = make_article(text, id="a")
    (row,) = find_quotes(article, extract_mentions(article)).itertuples()
    assert (row.cue, row.speaker, row.attribution) == ("", "Rafida Ahmed", "named")


@pytest.mark.parametrize("text, speaker", [
    # the object of a preposition does not speak: the subject before its clause does
    ('Olof Gill, deputy chief spokesperson for the European Commission, added: "We will act."', "Olof Gill"),
    ('Sviatlana Tsikhanouskaya, who lives in exile in Lithuania, told reporters: "This is a hybrid attack."',
     "Sviatlana Tsikhanouskaya"),
    ('Hezbollah accused the government of caving to US pressure and said it would "ignore the decision."',
     "Hezbollah"),
    # nor does a demonym before its noun, or a possessor
    ('Xi said: "Today, mankind faces a choice," adding that the Chinese people would win.', "Xi Jinping"),
    ('"The situation is safe," said Qatar\'s Interior Ministry, which confirmed the attack.',
     "Qatari Interior Ministry"),
    # a name after a participle cue is of what is said
    ('Putin said: "We will win," adding that Russia would prevail.', "Vladimir Putin"),
    # a participle's speaker is the subject of its clause; a clause set off by commas holds no speaker
    ('Gustavo Petro left New York for Bogota, saying he was a "free person in the world."', "Gustavo Petro"),
    ('Ozgur Ozel, leader of the party of which Ekrem Imamoglu is a member, said: "He is innocent."', "Ozgur Ozel"),
    # the subject right before the verb, not a name after it
    ('Claudia Sheinbaum spoke. "Keep a cool head," she said responding to Donald Trump\'s threat.',
     "Claudia Sheinbaum"),
    # a short attribution after a quotation that ends its sentence
    ('"These strikes will continue until the attacks are over!" Pete Hegseth said.', "Pete Hegseth"),
    # an unnamed speaker for someone named is not that one; "according to" names the speaker
    ('The spokesperson for Prime Minister Keir Starmer said the decision was "deeply worrying".', ""),
    ('After Narendra Modi\'s speech, a farmer told reporters that the tariffs were "unfair and cruel".', ""),
    ('According to Donald Trump, the talks "failed completely and will not resume."', "Donald Trump"),
    ('The Israeli military said it had struck the Houthi military "propaganda" department.', "Israel"),
])
def test_the_speaker_is_the_subject_not_the_nearest_name(text, speaker):
    article = make_article(text, id="a")
    found = find_quotes(article, extract_mentions(article))
    assert found["speaker"].tolist() == [speaker]


def test_a_quotation_with_no_speaker_goes_on_with_its_paragraphs_speaker():
    article = make_article('Donald Trump called the situation \u201ca shame\u201d and added, \u201cI hope it ends '
                           'quickly.\u201d \u201cWe will see.\u201d\n\n\u201cNobody knows.\u201d', id="a")
    found = find_quotes(article, extract_mentions(article))
    assert found[["speaker", "attribution"]].values.tolist() == [
        ["Donald Trump", "named"], ["Donald Trump", "continued"], ["Donald Trump", "continued"], ["", "none"]]
