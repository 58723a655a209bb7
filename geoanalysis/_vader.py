"""VADER sentence scores, bit for bit as NLTK's ``SentimentIntensityAnalyzer`` but many times faster.

This module re-implements exactly the algorithm of ``nltk.sentiment.vader``
(Hutto & Gilbert, 2014, as ported to NLTK): the same lexicon, boosters,
negations, idioms, "kind of", "least", "but", ALL-CAPS and punctuation rules,
with the floating-point operations in the same order, so every score is the
same float. It is fast because it does per-word work only where a word can
change the result:

* the sentences are lower-cased together and split with ``str.split``;
  NLTK's stripping of leading or trailing punctuation (``"good,"`` ->
  ``"good"``) is folded into a table of every punctuated form of every
  lexicon word, and each token is looked up once in a memo of token kinds
  (lexicon word, one character, modifier, or none of these), so a sentence
  without a lexicon word scores ``neg=0, neu=1, pos=0, compound=0`` at the
  cost of one C-level pass over its tokens;
* a sentence whose lexicon words are neither in ALL CAPS nor near a modifier
  (no booster, negation, "but", "n't", idiom word or "least" anywhere in it)
  scores the lexicon valences of its words, found in the same pass;
* in the other sentences, only the lexicon words and the at most three words
  before and two after them are looked at (boosters, negations, idioms and
  "least" act only there); "but" is found with ``list.index``; a lexicon word
  with no modifier among the three words before it (the common case) scores
  its lexicon valence, with the ALL-CAPS emphasis, without further work;
* ``score_valence`` (the sums, the punctuation emphasis and the rounding) is
  memoized on its inputs: the word count, the "!" and "?" counts and the
  non-zero word values.

NLTK's analyzer stays the reference: sentences containing "İ" (U+0130, the
only character whose lower case is longer than itself, which would break the
rule that lower-casing commutes with the punctuation stripping) are scored by
it directly. The test suite checks equality with it on generated and real text.

References
----------
.. [1] Hutto, C. J., & Gilbert, E. (2014). VADER: A parsimonious rule-based
   model for sentiment analysis of social media text. Proceedings of ICWSM-14.
"""
from __future__ import annotations

import math
import string
from functools import cache
from itertools import chain, compress, repeat
from pathlib import Path
from typing import Iterable

from nltk.sentiment.vader import VaderConstants

__all__ = ["VaderScorer", "vader_scorer", "load_lexicon"]

_PUNCT_CHARS = frozenset(string.punctuation)
_PUNC_SET = frozenset(VaderConstants.PUNC_LIST)
_DELETE_PUNCT = str.maketrans("", "", string.punctuation)
# lower-cased words that act on a lexicon word next to them (besides boosters and negations)
_MODIFIERS = ("least", "at", "very", "never", "so", "this", "kind", "of")


def load_lexicon(path: str | Path) -> dict[str, float]:
    """The VADER lexicon as NLTK's ``make_lex_dict`` reads it: ``word -> mean valence``."""
    lex: dict[str, float] = {}
    for line in Path(path).read_bytes().decode("utf-8").split("\n"):
        word, measure = line.strip().split("\t")[0:2]
        lex[word] = float(measure)
    return lex


def _strip_punctuation(token: str) -> str:
    """NLTK's ``SentiText`` word: one of ``PUNC_LIST`` removed from the start or end of a token.

    NLTK maps ``p + w`` and ``w + p`` to ``w`` for ``p`` in ``PUNC_LIST`` and
    ``w`` a word of the text with all punctuation removed and at least two
    characters; since ``w`` is then ``token`` without punctuation, the rule is:
    strip ``p`` when the rest has at least two characters and no punctuation.
    """
    if token[0] in _PUNCT_CHARS:
        k, n = 1, len(token)
        while k < n and token[k] in _PUNCT_CHARS:
            k += 1
        if n - k > 1 and token[:k] in _PUNC_SET:
            rest = token[k:]
            if rest.translate(_DELETE_PUNCT) == rest:
                return rest
        return token
    if token[-1] in _PUNCT_CHARS:
        k = 1
        while token[k] not in _PUNCT_CHARS:
            k += 1
        if k > 1 and token[k:] in _PUNC_SET:
            return token[:k]
    return token


def _forms(words: Iterable[str]) -> set[str]:
    """Every token (of two or more characters, no white space) that NLTK may turn into one of ``words``."""
    out = set()
    for word in words:
        if len(word) > 1 and word.split() == [word]:
            out.add(word)
            if word.translate(_DELETE_PUNCT) == word:
                for p in _PUNC_SET:
                    out.add(p + word)
                    out.add(word + p)
    return out


def _cap_differential(words: list[str]) -> bool:
    """NLTK's ``allcap_differential``: some but not all words are ALL CAPS."""
    allcap = sum(map(str.isupper, words))
    return 0 < len(words) - allcap < len(words)


_BATCH = 64  # texts lower-cased and split together
_SEPARATOR = "\x00"  # joins texts: found in no text (checked), neither white space nor cased
_NEUTRAL = (0.0, 1.0, 0.0, 0.0)
_EMPTY = (0.0, 0.0, 0.0, 0.0)


_SINGLE = "\x00"  # the kind of one-character tokens (NLTK drops them)
_NOT_PLAIN = "\x00\x00"  # the kind of tokens that need the general path


class _TokenKinds(dict):
    """The kind of each token (lower-cased) for :meth:`VaderScorer._batch_scores`, found when first looked up.

    ``""`` (false) for a token that neither is a lexicon word nor acts on one,
    :data:`_SINGLE` for a one-character token, :data:`_NOT_PLAIN` for a token
    that may change the valence of a lexicon word (a modifier, "but", a
    contraction with "n't", a lexicon word of the general path) and the token
    itself for any other lexicon token (its valence is then in
    ``scorer._valences``). Neither the separator nor a token contains "\\x00".
    """

    def __init__(self, scorer: "VaderScorer"):
        super().__init__()
        self.scorer = scorer

    def __missing__(self, token: str) -> str:
        scorer = self.scorer
        if len(self) > 200_000:
            self.clear()  # (the valences stay: there are at most as many as tokens in the hit set)
        if len(token) == 1:
            kind = _SINGLE
        elif token in scorer._not_plain or "n't" in token or (token in scorer._hit_set and not scorer._fast_ok):
            kind = _NOT_PLAIN
        elif token in scorer._hit_set:
            scorer._valences[token] = scorer.lexicon[scorer._lexicon_word(token)]
            kind = token
        else:
            kind = ""
        self[token] = kind
        return kind


class VaderScorer:
    """VADER polarity scores of sentences, identical to NLTK's ``polarity_scores``.

    Parameters
    ----------
    lexicon : dict
        ``word -> valence``, as NLTK's ``SentimentIntensityAnalyzer.lexicon``.
    reference : callable, optional
        ``text -> dict`` used for the sentences this implementation does not
        handle itself (those containing "İ"); default: NLTK's analyzer on the
        same lexicon, made when first needed.

    References
    ----------
    .. [1] Hutto, C. J., & Gilbert, E. (2014). VADER: A parsimonious rule-based
       model for sentiment analysis of social media text. Proceedings of ICWSM-14.
    """

    def __init__(self, lexicon: dict[str, float], reference=None):
        c = VaderConstants
        self.lexicon = lexicon
        self._reference = reference
        self.booster = dict(c.BOOSTER_DICT)
        self.negate = frozenset(c.NEGATE)
        self.idioms = dict(c.SPECIAL_CASE_IDIOMS)
        self.b_decr, self.c_incr, self.n_scalar = c.B_DECR, c.C_INCR, c.N_SCALAR
        words_in_idioms = {w for key in self.idioms for w in key.split()}
        words_in_idioms.update(w for key in self.booster if " " in key for w in key.split())
        self.idiom_words = frozenset(words_in_idioms)
        # every lower-cased token (at least two characters) whose NLTK word is in the lexicon: lexicon
        # words (that NLTK does not strip to another word) and lexicon words without punctuation with one
        # of PUNC_LIST before or after them
        plain = [w for w in lexicon if len(w) > 1 and w.split() == [w] and w.translate(_DELETE_PUNCT) == w]
        keys = [k for k in lexicon if len(k) > 1 and k.split() == [k] and _strip_punctuation(k) in lexicon]
        self._hit_set = frozenset(chain(keys, *(map(p.__add__, plain) for p in c.PUNC_LIST),
                                        *(map(str.__add__, plain, repeat(p)) for p in c.PUNC_LIST)))
        self._lexicon_words: dict[str, str] = {}  # such a token -> its NLTK word
        self._but_set = frozenset(_forms(["but"]))
        # Words that can change the valence of a lexicon word one to three words after them, in
        # every token form. With none of them before it, NLTK's sentiment_valence of a word is its
        # lexicon valence (with the ALL-CAPS emphasis): a lexicon word before it is skipped, any other
        # adds 0.0 and negates nothing, and no idiom or "least" can match. "the", "of", "to" and "at"
        # act only next to the rarer idiom words or "least", which are in the set themselves.
        common = {"the", "of", "to", "at"}
        modifiers = (set(self.booster) | self.negate | set(_MODIFIERS) | self.idiom_words) - common
        self._special = frozenset(t for t in _forms(modifiers) if _strip_punctuation(t) in modifiers)
        # lexicon words scored by the general path wherever they are ("kind of", idioms, boosters)
        self._slow_items = frozenset(self.booster) | self.idiom_words | {"kind"}
        # x + 0.0 == x unless x is -0.0, which no lexicon valence (nor its ALL-CAPS variant) may be
        self._fast_ok = all(v != 0 or math.copysign(1.0, v) > 0 for v in lexicon.values())
        # the tokens that keep a sentence out of the plain path of _batch_scores: modifiers, "but" and the
        # lexicon words of the general path, in every token form
        slow_forms = (t for t in _forms(self._slow_items) if _strip_punctuation(t) in self._slow_items)
        self._not_plain = self._special | self._but_set | self._hit_set.intersection(slow_forms)
        self._kinds = _TokenKinds(self)
        self._valences: dict[str, float] = {}  # a token of the hit set -> the valence of its NLTK word
        self._words: dict[str, str] = {}
        self._memo: dict[tuple, tuple[float, float, float, float]] = {}

    # -- public API -------------------------------------------------------------------------------

    def polarity_scores(self, text: str) -> dict[str, float]:
        """``{"neg", "neu", "pos", "compound"}`` of one text, as NLTK's ``polarity_scores``."""
        neg, neu, pos, compound = self.scores([text])[0]
        return {"neg": neg, "neu": neu, "pos": pos, "compound": compound}

    def scores(self, texts: Iterable[str]) -> list[tuple[float, float, float, float]]:
        """``(neg, neu, pos, compound)`` of each text.

        The texts are lower-cased, split and looked up together (one call
        each), then only the texts with lexicon words are scored one by one.
        """
        texts = texts if isinstance(texts, list) else list(texts)
        m = len(texts)
        if m > _BATCH:
            return [r for b in range(0, m, _BATCH) for r in self._batch_scores(texts[b:b + _BATCH])]
        return self._batch_scores(texts)

    # -- internals --------------------------------------------------------------------------------

    def _batch_scores(self, texts: list[str]) -> list[tuple[float, float, float, float]]:
        m = len(texts)
        if m == 0:
            return []
        joined = _SEPARATOR.join(texts)
        if "\u0130" in joined or joined.count("\x00") != m - 1:
            return [self._scores_of(text) for text in texts]
        ltexts = joined.lower().split(_SEPARATOR)  # each text, lower-cased
        # An ALL-CAPS token whose lower case is a lexicon token (all ASCII) is that token's upper case,
        # unless it has a Kelvin sign (the only other character whose lower case is ASCII).
        plain = "\u212a" not in joined
        kinds = self._kinds
        valences = self._valences
        memo = self._memo
        hit_set = self._hit_set
        out: list[tuple[float, float, float, float]] = []
        append = out.append
        for text, ltext in zip(texts, ltexts):
            low = ltext.split()
            marks = list(filter(None, map(kinds.__getitem__, low)))  # see _TokenKinds
            if not marks:
                append(_NEUTRAL if low else _EMPTY)  # no lexicon word, every word scores 0 (or none)
                continue
            singles = marks.count(_SINGLE)
            n = len(low) - singles
            hits = marks if not singles else list(filter(_SINGLE.__ne__, marks))
            if not hits:
                append(_NEUTRAL if n else _EMPTY)
            elif plain and _NOT_PLAIN not in hits and not any(map(text.__contains__, map(str.upper, hits))):
                # no modifier, "but", "n't" nor ALL-CAPS lexicon word: each lexicon word scores its valence
                values = list(map(valences.__getitem__, hits))
                ep_count = text.count("!")
                qm_count = text.count("?")
                key = (n, ep_count if ep_count < 4 else 4, qm_count if qm_count < 4 else 4, *values)
                result = memo.get(key)
                append(result if result is not None else self._score_values(key, values, ep_count, qm_count))
            else:
                positions = [j for j, w in enumerate(low) if w in hit_set]
                if positions:
                    append(self._score(text, low, list(map(len, low)), positions, "n't" in ltext))
                else:
                    append(_NEUTRAL if n else _EMPTY)
        return out

    def _scores_of(self, text: str) -> tuple[float, float, float, float]:
        """The scores of one text, on its own."""
        if "\u0130" in text:
            return self._reference_scores(text)
        low = text.lower().split()
        found = self._hit_set.intersection(low)
        if not found:
            return _NEUTRAL if sum(map(len, low)) > len(low) else _EMPTY
        positions = [j for j, r in enumerate(low) if r in found]
        return self._score(text, low, list(map(len, low)), positions, "n't" in text.lower())

    def _reference_scores(self, text: str) -> tuple[float, float, float, float]:
        if self._reference is None:
            from .resources import vader_analyzer

            self._reference = vader_analyzer().polarity_scores
        s = self._reference(text)
        return s["neg"], s["neu"], s["pos"], s["compound"]

    def _lexicon_word(self, token: str) -> str:
        """NLTK's word (a lexicon word) for a token of the hit set (memoized)."""
        if len(self._lexicon_words) > 100_000:
            self._lexicon_words.clear()
        w = self._lexicon_words[token] = _strip_punctuation(token)
        return w

    def _word(self, token: str) -> str:
        """NLTK's word for a token (memoized)."""
        w = self._words.get(token)
        if w is None:
            if len(self._words) > 100_000:
                self._words.clear()
            w = self._words[token] = _strip_punctuation(token)
        return w

    def _score(self, text: str, low: list[str], lens: list[int], positions: list[int],
               nt: bool) -> tuple[float, float, float, float]:
        """Scores of the text ``text`` with tokens ``low`` and lexicon words at ``positions``.

        ``low`` is ``text.lower().split()`` and ``lens`` the lengths of its
        tokens. It lines up with ``text.split()`` token by token and character
        by character, as no character but U+0130 changes length when
        lower-cased and none becomes or stops being white space; so a token's
        surface form is a slice of ``text`` when the tokens are separated by
        single spaces. ``nt``: whether the lower-cased text contains "n't".
        """
        size = len(low)
        n = size - lens.count(1)  # NLTK drops one-character tokens
        has_short = n < size
        bi = -1
        if not self._but_set.isdisjoint(low):
            bi = min(low.index(r) for r in self._but_set.intersection(low))
        single = sum(lens) + size - 1 == len(text)
        raw = None if single else text.split()
        words = None  # NLTK's word lists (surface and lower case), made when needed
        lexicon_words = self._lexicon_words
        slow_items = self._slow_items
        special = self._special
        lexicon = self.lexicon
        slow = nt or not self._fast_ok
        first: dict[str, float] = {}
        values: list[float] = []
        for j in positions:
            lj = low[j]
            word = lexicon_words.get(lj) or self._lexicon_word(lj)
            if single:
                c = sum(lens[:j]) + j
                t = text[c:c + lens[j]]
            else:
                t = raw[j]
            item = t if lj == word else self._word(t)
            if item in first:
                v = first[item]
            else:
                # the first occurrence of this word: NLTK scores every occurrence in its context
                if slow or word in slow_items or (j and not special.isdisjoint(
                        low[j - 3 if j > 3 else 0:j] if not has_short else low[self._window_start(lens, j):j])):
                    if words is None:
                        words = self._words_of(raw or text, low, lens, has_short)
                    v = self._valence(item, word, j - lens[:j].count(1) if has_short else j, words[0], words[1])
                else:
                    # no modifier among the previous three words: the lexicon valence, ALL-CAPS emphasis aside
                    v = lexicon[word]
                    if t.isupper():
                        if words is None:
                            words = self._words_of(raw or text, low, lens, has_short)
                        if _cap_differential(words[0]):
                            v = v + self.c_incr if v > 0 else v - self.c_incr
                first[item] = v
            if bi >= 0:
                if j < bi:
                    v = v * 0.5
                elif j > bi:
                    v = v * 1.5
            values.append(v)
        ep_count = text.count("!")
        qm_count = text.count("?")
        key = (n, ep_count if ep_count < 4 else 4, qm_count if qm_count < 4 else 4, *values)
        result = self._memo.get(key)
        return result if result is not None else self._score_values(key, values, ep_count, qm_count)

    def _score_values(self, key: tuple, values: list[float], ep_count: int,
                      qm_count: int) -> tuple[float, float, float, float]:
        """:func:`_score_valence` of ``values`` (``key[0]`` words), memoized under ``key``."""
        if len(self._memo) > 50_000:
            self._memo.clear()
        result = self._memo[key] = _score_valence(values, key[0], ep_count, qm_count)
        return result

    @staticmethod
    def _window_start(lens: list[int], j: int) -> int:
        """The start of the three words before ``j``, one-character tokens not counted."""
        a = j - 3
        while a > 0 and (j - a) - lens[a:j].count(1) < 3:
            a -= 1
        return a if a > 0 else 0

    @staticmethod
    def _words_of(raw: str | list[str], low: list[str], lens: list[int], has_short: bool):
        """NLTK's words of a sentence before punctuation stripping: surface and lower-cased."""
        if isinstance(raw, str):
            raw = raw.split()
        if has_short:
            keep = [k > 1 for k in lens]
            return list(compress(raw, keep)), list(compress(low, keep))
        return raw, low

    def _valence(self, item: str, item_low: str, i: int, raw: list[str], low: list[str]):
        """NLTK's ``sentiment_valence`` of the lexicon word ``item = words[i]`` (``raw``, ``low``: the words)."""
        lexicon = self.lexicon
        word = self._word
        n = len(raw)
        if (item_low == "kind" and i < n - 1 and word(low[i + 1]) == "of") or item_low in self.booster:
            return 0
        valence = lexicon[item_low]
        if item.isupper() and _cap_differential(raw):
            if valence > 0:
                valence += self.c_incr
            else:
                valence -= self.c_incr
        k = min(i, 3)
        w = [word(raw[i - 1 - m]) for m in range(k)]  # w[0] = words[i - 1], w[1] = words[i - 2], ...
        wl = [word(low[i - 1 - m]) for m in range(k)]
        negate = self.negate
        n_scalar = self.n_scalar
        for start_i in range(k):
            if wl[start_i] in lexicon:
                continue
            s = 0.0
            b = self.booster.get(wl[start_i])
            if b is not None:
                s = b
                if valence < 0:
                    s *= -1
                if w[start_i].isupper() and _cap_differential(raw):
                    if valence > 0:
                        s += self.c_incr
                    else:
                        s -= self.c_incr
            if start_i == 1 and s != 0:
                s = s * 0.95
            if start_i == 2 and s != 0:
                s = s * 0.9
            valence = valence + s
            # NLTK's _never_check
            if start_i == 0:
                if wl[0] in negate or "n't" in wl[0]:
                    valence = valence * n_scalar
            elif start_i == 1:
                if w[1] == "never" and (w[0] == "so" or w[0] == "this"):
                    valence = valence * 1.5
                elif wl[1] in negate or "n't" in wl[1]:
                    valence = valence * n_scalar
            else:
                if w[2] == "never" and (w[1] == "so" or w[1] == "this") or (w[0] == "so" or w[0] == "this"):
                    valence = valence * 1.25
                elif wl[2] in negate or "n't" in wl[2]:
                    valence = valence * n_scalar
                iw = self.idiom_words
                if w[0] in iw or w[1] in iw or item in iw:
                    valence = self._idioms_check(valence, w, item, [word(t) for t in raw[i + 1:i + 3]])
        # NLTK's _least_check
        if k > 1 and wl[0] not in lexicon and wl[0] == "least":
            if wl[1] != "at" and wl[1] != "very":
                valence = valence * n_scalar
        elif k > 0 and wl[0] not in lexicon and wl[0] == "least":
            valence = valence * n_scalar
        return valence

    def _idioms_check(self, valence, w: list[str], item: str, nxt: list[str]):
        """NLTK's ``_idioms_check``; ``w`` are the three previous words, nearest first."""
        idioms = self.idioms
        onezero = f"{w[0]} {item}"
        twoonezero = f"{w[1]} {w[0]} {item}"
        twoone = f"{w[1]} {w[0]}"
        threetwoone = f"{w[2]} {w[1]} {w[0]}"
        threetwo = f"{w[2]} {w[1]}"
        for seq in (onezero, twoonezero, twoone, threetwoone, threetwo):
            if seq in idioms:
                valence = idioms[seq]
                break
        if nxt:
            zeroone = f"{item} {nxt[0]}"
            if zeroone in idioms:
                valence = idioms[zeroone]
        if len(nxt) > 1:
            zeroonetwo = f"{item} {nxt[0]} {nxt[1]}"
            if zeroonetwo in idioms:
                valence = idioms[zeroonetwo]
        if threetwo in self.booster or twoone in self.booster:
            valence = valence + self.b_decr
        return valence


def _score_valence(values: list[float], n: int, ep_count: int, qm_count: int) -> tuple[float, float, float, float]:
    """NLTK's ``score_valence`` from the non-zero words' values (in order), the word count and the counts of
    "!" and "?" in the text.

    The words left out all score 0: they add exact zeros to the sum (whose
    running value, starting from the integer 0, is never -0.0) and count as
    neutral.
    """
    sum_s = float(sum(values))
    if ep_count > 4:
        ep_count = 4
    ep_amplifier = ep_count * 0.292
    qm_amplifier = 0
    if qm_count > 1:
        if qm_count <= 3:
            qm_amplifier = qm_count * 0.18
        else:
            qm_amplifier = 0.96
    punct_emph_amplifier = ep_amplifier + qm_amplifier
    if sum_s > 0:
        sum_s += punct_emph_amplifier
    elif sum_s < 0:
        sum_s -= punct_emph_amplifier
    compound = sum_s / math.sqrt((sum_s * sum_s) + 15)
    pos_sum = 0.0
    neg_sum = 0.0
    neu_count = n - len(values)
    for s in values:
        if s > 0:
            pos_sum += float(s) + 1
        if s < 0:
            neg_sum += float(s) - 1
        if s == 0:
            neu_count += 1
    if pos_sum > math.fabs(neg_sum):
        pos_sum += punct_emph_amplifier
    elif pos_sum < math.fabs(neg_sum):
        neg_sum -= punct_emph_amplifier
    total = pos_sum + math.fabs(neg_sum) + neu_count
    return (round(math.fabs(neg_sum / total), 3), round(math.fabs(neu_count / total), 3),
            round(math.fabs(pos_sum / total), 3), round(compound, 4))


@cache
def vader_scorer() -> VaderScorer:
    """The :class:`VaderScorer` on the lexicon of :func:`geoanalysis.resources.vader_analyzer`."""
    from .resources import vader_lexicon_path

    return VaderScorer(load_lexicon(vader_lexicon_path()))
