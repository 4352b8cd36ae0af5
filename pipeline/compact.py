"""The sentence classifier's arithmetic without scikit-learn: the same features and weights,
numpy only.

`make train` fits a scikit-learn Pipeline (features_sk.build_features + sigmoid-calibrated
logistic regression, 5 folds). Labelling needs only what it learned: the two TF-IDF vocabularies
and idf weights, the cue scaler, each fold's coefficients and sigmoid. `CompactClassifier`
holds exactly those and computes, per sentence,
  x = [l2(tf-idf chars 1-3), l2(tf-idf word 1-2-grams), (cues - mean) / scale]
  P(concrete) = mean over folds of expit(-(a_k * (x . w_k + c_k) + b_k))
as scikit-learn does (sublinear tf = 1 + log(count); character n-grams after collapsing runs of
white space, as its char analyzer does). Loading it is a pickle of plain arrays, so start-up does
not import scikit-learn (about a second). `tests/test_scale.py` checks it against the full model.
"""
from __future__ import annotations

import hashlib
import pickle
import re
import struct
import zlib
from functools import cached_property, partial
from itertools import chain, compress, repeat
from pathlib import Path

import numpy as np

from .document_cues import Commonness, document_cues
from .features import _TOKEN_BIT_LIMIT, TOKEN_WORD, SharedSegmenter, WordNgrams, is_word, lexicon, mask_digits, memo_values_filled
from .features import each_converted as _each

COMPACT_FILE = "sentence_clf_compact.pkl.z"
_WHITE_SPACES = re.compile(r"\s\s+")


def file_digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


class CompactClassifier:
    def __init__(self, data: dict):
        self.data = data
        self.char_vocab: dict[str, int] = data["char_vocab"]
        self.word_vocab: dict[str, int] = data["word_vocab"]
        self.char_idf = data["char_idf"]
        self.word_idf = data["word_idf"]
        self.cue_mean, self.cue_scale = data["cue_mean"], data["cue_scale"]
        self.ngram_df, self.n_texts = data["ngram_df"], data["n_texts"]
        self.coef = data["coef"]  # folds x features
        self.intercept, self.a, self.b = data["intercept"], data["a"], data["b"]
        self.classes = data["classes"]
        self.segmenter = SharedSegmenter(data.get("segmenter_kind", "jieba"))
        # what scoring looks up: the character vocabulary's tables (_char_tfidf), the commonness
        # cue's table, and each token's code (_word_tfidf), memoised per distinct token and cleared
        # past MEMO_LIMIT entries
        self._char_tables = _CharTables.of(self.char_vocab)
        self._commonness = Commonness(self.ngram_df, self.n_texts)
        lexicon()  # the cue rules, read now with the model rather than at the first sentence
        # the two views' coefficients feature by feature (features x folds) and their idf weights, the
        # word columns after the character ones, for the sparse sums (_sparse_sums)
        n_char, n_word = len(self.char_idf), len(self.word_idf)
        self._sparse_coef = np.ascontiguousarray(self.coef[:, :n_char + n_word].T)
        self._sparse_idf = np.concatenate([self.char_idf, self.word_idf])
        # the cue coefficients and the per-fold terms as predict_proba broadcasts them (views made once)
        self._cue_coef = self.coef[:, n_char + n_word:]
        self._intercept_column, self._a_column, self._b_column = self.intercept[:, None], self.a[:, None], self.b[:, None]
        # per distinct token, its _values_of (code, lexicon bits, proper-name bit), for the proper
        # lexicon it was read with (bind may give another: then the memo is cleared)
        self._token_values: dict[str, int] = {}
        self._values_proper = None
        self._word_ids, self._unigram_columns, self._bigram_keys, self._bigram_columns = _word_tables(self.word_vocab)

    # ---- building from / saving ---------------------------------------------------------------

    @classmethod
    def from_pipeline(cls, pipeline, source_digest: str | None = None) -> "CompactClassifier":
        features = dict(pipeline.named_steps["features"].transformer_list)
        chars, words, cues = features["chars"], features["words"], features["cues"]
        extract, scale = cues.named_steps["extract"], cues.named_steps["scale"]
        _check(chars.analyzer == "char" and chars.ngram_range == (1, 3) and chars.sublinear_tf and chars.norm == "l2"
               and chars.preprocessor is mask_digits and not chars.binary, "character features changed")
        _check(isinstance(words.analyzer, WordNgrams) and words.sublinear_tf and words.norm == "l2"
               and not words.binary, "word features changed")
        model = pipeline.named_steps["model"]
        _check(model.method == "sigmoid" and list(model.classes_) == list(pipeline.classes_), "model changed")
        folds = model.calibrated_classifiers_
        data = {
            "char_vocab": {k: int(v) for k, v in chars.vocabulary_.items()},
            "word_vocab": {k: int(v) for k, v in words.vocabulary_.items()},
            "char_idf": np.asarray(chars.idf_, dtype=np.float64),
            "word_idf": np.asarray(words.idf_, dtype=np.float64),
            "cue_mean": np.asarray(scale.mean_, dtype=np.float64),
            "cue_scale": np.asarray(scale.scale_, dtype=np.float64),
            "ngram_df": dict(extract.ngram_df_), "n_texts": int(extract.n_texts_),
            "coef": np.vstack([f.estimator.coef_[0] for f in folds]).astype(np.float64),
            "intercept": np.array([f.estimator.intercept_[0] for f in folds], dtype=np.float64),
            "a": np.array([f.calibrators[0].a_ for f in folds], dtype=np.float64),
            "b": np.array([f.calibrators[0].b_ for f in folds], dtype=np.float64),
            "classes": [str(c) for c in model.classes_],
            "segmenter_kind": getattr(extract.segmenter, "kind", "jieba"),
            "source_digest": source_digest,
        }
        return cls(data)

    def save(self, path: str | Path) -> None:
        Path(path).write_bytes(zlib.compress(pickle.dumps(self.data, protocol=pickle.HIGHEST_PROTOCOL), 9))

    @classmethod
    def load(cls, path: str | Path) -> "CompactClassifier":
        return cls(pickle.loads(zlib.decompress(Path(path).read_bytes())))

    @property
    def classes_(self) -> list[str]:
        return self.classes

    @property
    def source_digest(self) -> str | None:
        return self.data.get("source_digest")

    def bind(self, segmenter, proper_words=None) -> None:
        self.segmenter.bind(segmenter, proper_words)

    # ---- scoring ------------------------------------------------------------------------------

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        """(n, 2) probabilities in `classes` order, as the scikit-learn pipeline gives them.
        `texts` are best the sentences of one document: the work is done for all of them at once."""
        out = np.empty((len(texts), 2))
        if not texts:
            return out
        n = len(texts)
        words = self.segmenter.tokens_of_each(texts)
        tokens = list(chain.from_iterable(words))
        values = self._values_of_tokens(tokens)
        sentence = _sentence_of_each(words)
        masked = _each(mask_digits, texts, "\n")
        nul_joined = self._nul_joined(masked)
        sparse = self._sparse_sums(self._char_occurrences(masked, nul_joined),
                                   self._word_occurrences(words, values, sentence), n)
        # the commonness cue reads the same code points when collapsing white space changed nothing
        cues = document_cues(texts, self.segmenter, self._commonness, words, masked,
                             nul_joined[:2] if nul_joined is not None and nul_joined[2] else None,
                             self._token_cues(words, tokens, values, sentence))
        cues = (cues - self.cue_mean) / self.cue_scale
        decision = self._intercept_column + sparse.T + self._cue_coef @ cues.T
        # (np.mean's arithmetic, add.reduce then a division by the count, without its Python wrapper)
        concrete = np.add.reduce(1.0 / (1.0 + np.exp(self._a_column * decision + self._b_column)), axis=0) / len(self.a)
        out[:, 1] = concrete  # the calibrated column is the second class (binary case)
        out[:, 0] = 1.0 - concrete
        return out

    def _sparse_sums(self, char: tuple[np.ndarray, np.ndarray], word: tuple[np.ndarray, np.ndarray], n: int) -> np.ndarray:
        """(n, folds): per text and fold, the sum of coefficient x tf-idf over its character features
        plus that over its word features, given the (row, column) occurrences of each view. The same
        floats as _row_sums of each view's _tfidf, added, with one pass of the arrays for the two
        views (numpy's cost per call is most of it on a document's few sentences): the word columns
        follow the character ones, and each text's two views are normalised and summed apart, as
        segments row x 2 + view (measured: predict_proba over 20 real documents 75.8 M -> 74.6 M
        instructions; over 20 bench documents, of 2,000 characters each, the same)."""
        rows = np.concatenate([char[0], word[0]])
        cols = np.concatenate([char[1], word[1] + len(self.char_idf)])
        segments, cols, vals = _tfidf_by_view(rows, cols, n, self._sparse_idf, len(self.char_idf))
        sums = _row_sums(segments, cols, vals, self._sparse_coef, 2 * n)
        return sums[0::2] + sums[1::2]

    def _char_tfidf(self, masked: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The character 1-3-gram tf-idf of every text (after mask_digits) at once."""
        return _tfidf(*self._char_occurrences(masked), len(masked), self.char_idf)

    def _nul_joined(self, masked: list[str]) -> tuple[np.ndarray, np.ndarray, bool] | None:
        """For _char_occurrences' quick path: the code points of the texts (after mask_digits) joined
        by NULs with runs of white space collapsed, per place its text (the NULs before it), and
        whether collapsing changed nothing (then they are the texts' own code points, which the
        commonness cue reads too). None when the path does not apply (see there)."""
        tables = self._char_tables
        joined = "\x00".join(masked)
        if tables is None or tables.table[0] or joined.count("\x00") != len(masked) - 1:
            return None
        collapsed = _WHITE_SPACES.sub(" ", joined) if has_white_space(joined) else joined  # (a NUL is no white space)
        codes = _code_points(collapsed)
        return codes, (codes == 0).cumsum(), len(collapsed) == len(joined)  # (a run collapsed is shorter)

    def _char_occurrences(self, masked: list[str], nul_joined: tuple | None | bool = False) -> tuple[np.ndarray, np.ndarray]:
        """(row, column) of each occurrence of a character 1-3-gram of the vocabulary in the texts
        (after mask_digits), for _char_tfidf. With the tables, and when no text holds a NUL and the
        vocabulary has none: the texts joined by NULs, a character no gram of the vocabulary holds,
        so that no gram found runs over two texts (fewer array passes than telling each place's
        text end apart; measured: predict_proba over 20 real documents 75.1 M -> 72.9 M instructions,
        over 20 bench documents 239.4 M -> 235.8 M). `nul_joined`: `_nul_joined(masked)` when the
        caller has it (False: not asked yet)."""
        if nul_joined is False:
            nul_joined = self._nul_joined(masked)
        if nul_joined is not None:
            return self._char_tables.occurrences(*nul_joined[:2])
        prepared = _each(partial(_WHITE_SPACES.sub, " "), masked, "\x00")
        lengths = np.fromiter(map(len, prepared), dtype=np.int64, count=len(prepared))
        codes = _code_points("".join(prepared))
        text_of = np.arange(len(masked)).repeat(lengths)
        left = lengths.cumsum()[text_of] - np.arange(len(codes))  # characters from here to the text's end
        if self._char_tables is not None:
            rows, cols = self._char_tables.occurrences(codes, text_of, left)
        else:
            rows, cols = self._char_occurrences_by_keys(codes, text_of, left)
        return rows, cols

    def _char_occurrences_by_keys(self, codes: np.ndarray, text_of: np.ndarray, left: np.ndarray):
        """(row, column) of each vocabulary 1-3-gram: each gram of the texts becomes an integer key
        (`_gram_key`) looked up in the sorted keys of the whole vocabulary."""
        char_keys, char_columns = self._char_keys
        codes = codes + 1
        two, three = left[:-1] >= 2, left[:-2] >= 3
        keys = np.concatenate([
            codes,
            ((codes[:-1] << _BITS) | codes[1:])[two],
            ((codes[:-2] << 2 * _BITS) | (codes[1:-1] << _BITS) | codes[2:])[three],
        ])
        rows = np.concatenate([text_of, text_of[:-1][two], text_of[:-2][three]])
        at = np.minimum(char_keys.searchsorted(keys), len(char_keys) - 1)
        known = char_keys[at] == keys
        return rows[known], char_columns[at[known]]

    @cached_property
    def _char_keys(self) -> tuple[np.ndarray, np.ndarray]:
        """The character vocabulary as sorted integer keys (`_gram_key`) and their columns."""
        keys = np.array([_gram_key(g) for g in self.char_vocab], dtype=np.int64)
        order = np.argsort(keys)
        return keys[order], np.array(list(self.char_vocab.values()), dtype=np.int64)[order]

    def _word_tfidf(self, words: list[list[str]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The word 1-2-gram tf-idf of every text at once (WordNgrams: words only, digits masked)."""
        return _tfidf(*self._word_occurrences(words), len(words), self.word_idf)

    def _word_occurrences(self, words: list[list[str]], values: np.ndarray | None = None,
                          sentence: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(row, column) of each occurrence of a word 1-2-gram of the vocabulary, for _word_tfidf,
        from the words of all texts one after another. Each token becomes an integer code once
        (`_values_of`, memoised per distinct token): the unigram's column is a table lookup and a
        bigram's a search of its two codes among the vocabulary's (`_word_tables`). `values`: the
        tokens' _values_of_tokens and `sentence` their _sentence_of_each, when the caller has them."""
        if values is None:
            values = self._values_of_tokens(list(chain.from_iterable(words)))
        codes = values >> _CODE_SHIFT
        if len(codes) and codes.min() == _SPACED:
            return self._word_occurrences_by_strings(words)
        if sentence is None:
            sentence = _sentence_of_each(words)
        is_word_ = codes != _PUNCTUATION
        ids, rows = codes[is_word_], sentence[is_word_]  # the words, in order ("" punctuation dropped)
        cols = self._unigram_columns[ids]
        if len(ids) > 1 and len(self._bigram_keys):
            # consecutive words of one sentence, both in the vocabulary's bigrams (id 0: any other word)
            pair = (rows[1:] == rows[:-1]) & (ids[:-1] > 0) & (ids[1:] > 0)
            keys = ids[:-1] * len(self._unigram_columns) + ids[1:]
            at = np.minimum(self._bigram_keys.searchsorted(keys), len(self._bigram_keys) - 1)
            pair &= self._bigram_keys[at] == keys
            bigram_cols = np.where(pair, self._bigram_columns[at], -1)
        else:
            bigram_cols = np.zeros(max(0, len(ids) - 1), dtype=np.int64) - 1
        cols = np.concatenate([cols, bigram_cols])
        keep = cols >= 0
        return np.concatenate([rows, rows[1:]])[keep], cols[keep]

    def _values_of_tokens(self, tokens: list[str]) -> np.ndarray:
        """_values_of each of `tokens` (an int64 array), from the per-token memo (cleared past
        MEMO_LIMIT, and when the segmenter's proper lexicon is another than the memo's)."""
        proper = self.segmenter.proper_lexicon()
        if proper is not self._values_proper:
            self._token_values.clear()
            self._values_proper = proper
        values = memo_values_filled(self._token_values, tokens, self._values_of)
        # (a read-only array: the ints packed by one struct.pack, C int64s as numpy stores them;
        # np.fromiter cost ~250 instructions an int, this ~95: measured ~1,200 ints 306 k -> 116 k)
        return np.frombuffer(struct.pack(f"{len(values)}q", *values), dtype=np.int64)

    def _values_of(self, tokens: list[str]) -> list[int]:
        """Per token, what scoring reads of it, in one int: its code for _word_tfidf (`_codes_of`)
        << _CODE_SHIFT | its lexicon bits (Lexicon.token_flags_tuple, for the place cue and the
        disclosure measures) | _PROPER when it counts for the proper-name cue (in the segmenter's
        proper lexicon, not in the lexicon's not_proper_names). One memo serves the three: one
        lookup a token, not three (measured: see the commit)."""
        lex = lexicon()
        ids, proper, not_proper = self._word_ids, self.segmenter.proper_lexicon(), lex.not_proper_names
        return [((_SPACED if " " in masked else ids.get(masked, 0)) if bits & TOKEN_WORD else _PUNCTUATION) << _CODE_SHIFT
                | bits | (_PROPER if token in proper and token not in not_proper else 0)
                for bits, masked, token in zip(lex.token_flags_tuple(tokens), _each(mask_digits, tokens, "\n"), tokens)]

    def _codes_of(self, tokens: list[str]) -> list[int]:
        """Each token's code for _word_tfidf: _PUNCTUATION for no word, _SPACED for a word whose masked
        form holds a space (it could spell a bigram: such a document is read as strings), else
        the id of its masked form among the vocabulary's words (0: none of them). The digits are
        masked in one regex pass over all the tokens; the words are told apart by the lexicon's
        TOKEN_WORD bit (is_word)."""
        return [value >> _CODE_SHIFT for value in self._values_of(tokens)]

    def _token_cues(self, words: list[list[str]], tokens: list[str], values: np.ndarray,
                    sentence: np.ndarray) -> tuple[list[float], list[float]]:
        """The place and proper-name cues of each list of `words` (document_cues' `token_cues`),
        from the tokens' memo values (`tokens`: the words one after another; `sentence`: each
        one's list). The lexicon bits are handed to the lexicon as those of `tokens`, which the
        disclosure measures ask about next (Lexicon.remember_flags), as a tuple and as the array
        they read (Lexicon.token_flags_array: no np.fromiter of the tuple there)."""
        lex = lexicon()
        bits_array = values & _TOKEN_BITS
        bits = tuple(bits_array.tolist())
        bits_array.flags.writeable = False
        lex.remember_flags(tokens, bits, bits_array)
        proper = np.zeros(len(words))
        proper[sentence[(values & _PROPER) != 0]] = 1.0
        return lex.place_in_each(words, bits), proper.tolist()

    def _word_tfidf_by_strings(self, words: list[list[str]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """_word_tfidf on the masked strings themselves (WordNgrams as written)."""
        return _tfidf(*self._word_occurrences_by_strings(words), len(words), self.word_idf)

    def _word_occurrences_by_strings(self, words: list[list[str]]) -> tuple[np.ndarray, np.ndarray]:
        """_word_occurrences on the masked strings themselves."""
        vocab = self.word_vocab
        masked = [mask_digits(t) if is_word(t) else "" for t in chain.from_iterable(words)]
        sentence = np.repeat(np.arange(len(words)), list(map(len, words)))
        rows = sentence[np.fromiter(map(bool, masked), dtype=bool, count=len(masked))]
        ws = list(compress(masked, masked))  # the words ("" is punctuation)
        bigrams = list(map(" ".join, zip(ws, ws[1:])))  # with pairs across sentences, dropped below
        cols = np.concatenate([np.fromiter(map(vocab.get, ws, repeat(-1)), dtype=np.int64, count=len(ws)),
                               np.fromiter(map(vocab.get, bigrams, repeat(-1)), dtype=np.int64, count=len(bigrams))])
        keep = cols >= 0
        keep[len(ws):] &= rows[1:] == rows[:-1]
        return np.concatenate([rows, rows[1:]])[keep], cols[keep]


_PUNCTUATION, _SPACED = -1, -2  # token codes of _word_tfidf besides word ids
# a token's memo value (CompactClassifier._values_of): code << _CODE_SHIFT | _PROPER | lexicon bits
_CODE_SHIFT = 16
_PROPER = 1 << (_CODE_SHIFT - 1)
_TOKEN_BITS = _PROPER - 1
assert _TOKEN_BIT_LIMIT <= _PROPER  # (the lexicon's TOKEN_* bits lie below _PROPER)


def _sentence_of_each(words: list[list[str]]) -> np.ndarray:
    """Per word of the lists one after another, the index of its list."""
    return np.arange(len(words)).repeat(list(map(len, words)))


def _word_tables(vocab: dict[str, int]) -> tuple[dict[str, int], np.ndarray, np.ndarray, np.ndarray]:
    """The word vocabulary as integers: an id (from 1) for each word that is a unigram of it or a
    half of one of its bigrams ("a b": the two words around its one space); per id the unigram's
    column (-1: none); the bigrams as sorted keys id_a x (n_ids + 1) + id_b and their columns.
    A key with more spaces is no bigram of space-free words: such words are read as strings."""
    ids: dict[str, int] = {}
    for key in vocab:
        parts = key.split(" ")
        if len(parts) <= 2:
            for part in parts:
                ids.setdefault(part, len(ids) + 1)
    size = len(ids) + 1
    unigram = np.full(size, -1, dtype=np.int64)
    bigram_keys, bigram_cols = [], []
    for key, col in vocab.items():
        parts = key.split(" ")
        if len(parts) == 1:
            unigram[ids[key]] = col
        elif len(parts) == 2:
            bigram_keys.append(ids[parts[0]] * size + ids[parts[1]])
            bigram_cols.append(col)
    keys = np.array(bigram_keys, dtype=np.int64)
    order = np.argsort(keys)
    return ids, unigram, keys[order], np.array(bigram_cols, dtype=np.int64)[order]


_MAX_BIGRAM_TABLE = 1 << 22  # entries (4 bytes each) of _CharTables' bigram table


class _CharTables:
    """The character vocabulary for `CompactClassifier._char_tfidf`, when each bigram's characters
    and each trigram's two bigrams are in it too (as a vocabulary cut at a minimum document
    frequency is: a gram is in at least as many texts as any gram it holds). Characters are
    numbered (0: not in the vocabulary) by a table lookup; a bigram is then looked for only where
    both characters are known, a trigram only where both its bigrams are, as integer keys among
    the vocabulary's few sorted ones: far fewer lookups than each gram of the text among all keys."""

    def __init__(self, vocab: dict[str, int]):
        """Tables of a vocabulary of 1-3-grams; `closed` says whether it is closed as described."""
        grams = list(vocab)
        lengths = np.fromiter(map(len, grams), dtype=np.int64, count=len(grams))
        columns = np.fromiter(vocab.values(), dtype=np.int64, count=len(grams))
        by_length = {n: (list(compress(grams, (lengths == n).tolist())), columns[lengths == n]) for n in (1, 2, 3)}
        chars, char_cols = by_length[1]
        self.size = len(chars) + 1
        codes = _code_points("".join(chars))
        self.table = np.zeros(int(codes.max(initial=0)) + 2, dtype=np.int64)  # the last entry: any other
        self.table[codes] = np.arange(1, self.size)
        self.unigram = np.full(self.size, -1, dtype=np.int64)
        self.unigram[1:] = char_cols
        self.keys, self.columns, self.closed = {}, {}, True
        for n in (2, 3):
            grams, cols = by_length[n]
            codes = _code_points("".join(grams)).reshape(len(grams), n)
            known = codes < len(self.table) - 1
            number = np.where(known, self.table[np.minimum(codes, len(self.table) - 1)], 0)
            self.closed &= bool((number > 0).all())  # each gram's characters are in the vocabulary
            keys = np.zeros(len(grams), dtype=np.int64)
            for i in range(n):
                keys = keys * self.size + number[:, i]
            order = np.argsort(keys)
            self.keys[n], self.columns[n] = keys[order], cols[order]
            if n == 3 and self.closed:  # and each trigram's two bigrams
                halves = np.concatenate([number[:, 0] * self.size + number[:, 1], number[:, 1] * self.size + number[:, 2]])
                self.closed = bool(np.isin(halves, self.keys[2]).all())
        # with a small alphabet, every bigram's column in a table (-1: none), no search at all
        self.bigram = None
        if self.size ** 2 <= _MAX_BIGRAM_TABLE:
            self.bigram = np.full(self.size ** 2, -1, dtype=np.int32)
            self.bigram[self.keys[2]] = self.columns[2]

    @classmethod
    def of(cls, vocab: dict[str, int]) -> "_CharTables | None":
        """The tables of `vocab`, or None when it is not closed as described (or not of 1-3-grams)."""
        lengths = list(map(len, vocab))
        if (lengths and (min(lengths) < 1 or max(lengths) > 3)) or (lengths.count(1) + 1) ** 3 >= 2 ** 63:
            return None
        tables = cls(vocab)
        return tables if tables.closed else None

    def occurrences(self, codes: np.ndarray, text_of: np.ndarray, left: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(row, column) of each occurrence of a vocabulary gram in the texts, given the code
        points of the texts one after another, each one's text and the characters left in it;
        `left` None: the texts are separated by a character not in the vocabulary (no gram found
        runs over two)."""
        number = self.table[np.minimum(codes, len(self.table) - 1)]
        found = number > 0
        rows, cols = [text_of[found]], [self.unigram[number[found]]]
        # bigrams: both characters known, in one text
        both = found[:-1] & found[1:]
        at2 = (both if left is None else (left[:-1] >= 2) & both).nonzero()[0]
        keys2 = number[at2] * self.size + number[at2 + 1]
        if self.bigram is not None:
            col2 = self.bigram[keys2]
            hit2 = col2 >= 0
            col2 = col2[hit2]
        else:
            hit2, col2 = self._lookup(2, keys2)
        at2 = at2[hit2]
        rows.append(text_of[at2])
        cols.append(col2)
        # trigrams: both bigrams known (in one text, as the second starts within the first's text)
        bigram_known = np.zeros(len(codes), dtype=bool)
        bigram_known[at2] = True
        both = bigram_known[:-1] & bigram_known[1:]
        at3 = (both if left is None else both & (left[:-1] >= 3)).nonzero()[0]
        keys3 = (number[at3] * self.size + number[at3 + 1]) * self.size + number[at3 + 2]
        hit3, col3 = self._lookup(3, keys3)
        rows.append(text_of[at3[hit3]])
        cols.append(col3)
        return np.concatenate(rows), np.concatenate(cols)

    def _lookup(self, n: int, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Which of `keys` are n-grams of the vocabulary (a mask), and their columns."""
        table = self.keys[n]
        if not len(table) or not len(keys):
            return np.zeros(len(keys), dtype=bool), np.zeros(0, dtype=np.int64)
        at = np.minimum(table.searchsorted(keys), len(table) - 1)
        hit = table[at] == keys
        return hit, self.columns[n][at[hit]]


# A code point + 1 fits in 21 bits: three of them make a 63-bit key, distinct for every 1-3-gram.
_BITS = 21


def has_white_space(text: str) -> bool:
    """Whether `text` holds a character of the regex class \\s (str.isspace: the same characters).
    str.split() scans for them without building anything when there are none, as in most
    documents, where the white-space regex's search tests each character (measured: predict_proba
    over 20 bench documents, none with white space, 240.3 M -> 238.7 M instructions; over 20 real
    pages 98.8 M -> 98.6 M)."""
    pieces = text.split()
    return len(pieces[0]) != len(text) if len(pieces) == 1 else bool(text)  # (no pieces: empty, or white space only)


def _gram_key(gram: str) -> int:
    key = 0
    for c in gram:
        key = (key << _BITS) | (ord(c) + 1)
    return key


def _code_points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int64)


def _row_sums(rows: np.ndarray, cols: np.ndarray, vals: np.ndarray, coef: np.ndarray, n_rows: int) -> np.ndarray:
    """(n_rows, folds): per row, the sum over its entries of coef[col] x val. `rows` ascending."""
    out = np.zeros((n_rows, coef.shape[1]))
    if len(rows):
        starts = np.concatenate(([True], rows[1:] != rows[:-1])).nonzero()[0]
        terms = coef.take(cols, axis=0)  # (take: a plain gather, cheaper than fancy indexing)
        terms *= vals[:, None]
        out[rows[starts]] = np.add.reduceat(terms, starts, axis=0)
    return out


def _tfidf(rows: np.ndarray, cols: np.ndarray, n_rows: int, idf: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows x columns occurrences -> (row, column, l2-normalised sublinear tf-idf) of the distinct
    pairs, by row then column."""
    segments, cols, vals = _tfidf_by_view(rows, cols, n_rows, idf, len(idf))
    return segments >> 1, cols, vals


def _tfidf_by_view(rows: np.ndarray, cols: np.ndarray, n_rows: int, idf: np.ndarray, split: int):
    """_tfidf of two views at once, the columns from `split` on being the second's: (segment,
    column, value) of the distinct pairs, by row then column, each row's values of each view
    l2-normalised apart; segment: row x 2 + view (0 or 1)."""
    # a key per (row, column) pair, the row in the high bits: sorted by row, then column (a shift and
    # a mask read them back, far cheaper than a division; measured: 72 -> 5 instructions a pair)
    shift = max(1, (len(idf) - 1).bit_length())
    keys = (rows << shift) | cols
    if n_rows << shift < 2 ** 31:  # (sorting 32-bit keys takes half the instructions: the same order)
        keys = keys.astype(np.int32)
    pairs, counts = _unique_counts(keys, owned=True)  # (keys is a new array: sorted in place)
    rows, cols = pairs >> shift, pairs & ((1 << shift) - 1)
    val = (np.log(counts) + 1.0) * idf[cols]  # sublinear tf, as scikit-learn computes it
    segments = rows * 2 + (cols >= split)
    norm = np.sqrt(np.bincount(segments, weights=val * val, minlength=2 * n_rows))
    return segments, cols, val / norm[segments]


def _unique_counts(keys: np.ndarray, owned: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """np.unique(keys, return_counts=True), without its wrapper's checks and copies. `owned`: the
    caller's own new array, which may be sorted in place (no copy made)."""
    if not owned:
        keys = keys.copy()  # (np.sort without its Python wrapper)
    keys.sort()
    if not len(keys):
        return keys, np.zeros(0, dtype=np.int64)
    first = np.empty(len(keys), dtype=bool)
    first[0] = True
    np.not_equal(keys[1:], keys[:-1], out=first[1:])
    starts = first.nonzero()[0]
    counts = np.empty(len(starts), dtype=np.int64)  # np.diff(starts, append=len(keys)), without its wrappers
    np.subtract(starts[1:], starts[:-1], out=counts[:-1])
    counts[-1] = len(keys) - starts[-1]
    return keys[starts], counts


def _check(ok: bool, what: str) -> None:
    if not ok:
        raise ValueError(f"cannot compact the sentence model: {what}; update pipeline/compact.py")
