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
import math
import pickle
import re
import zlib
from collections import Counter
from pathlib import Path

import numpy as np

from .features import SharedSegmenter, WordNgrams, mask_digits, sentence_cues

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
        self._words = WordNgrams(self.segmenter)

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
        """(n, 2) probabilities in `classes` order, as the scikit-learn pipeline gives them."""
        out = np.empty((len(texts), 2))
        if not texts:
            return out
        n_char, n_word = len(self.char_idf), len(self.word_idf)
        # one sparse row per sentence, flattened: (column, value) pairs and where each row starts
        cols, vals, starts, total = [], [], [], 0
        for text in texts:
            starts.append(total)
            idx_c, val_c = _tfidf(_char_grams(mask_digits(text)), self.char_vocab, self.char_idf)
            idx_w, val_w = _tfidf(self._words(text), self.word_vocab, self.word_idf)
            total += len(idx_c) + len(idx_w)
            cols += [idx_c, n_char + idx_w]
            vals += [val_c, val_w]
        cols, vals = np.concatenate(cols), np.concatenate(vals)
        cues = np.array([sentence_cues(t, self.segmenter, self.ngram_df, self.n_texts) for t in texts])
        cues = (cues - self.cue_mean) / self.cue_scale
        products = self.coef[:, cols] * vals  # folds x nonzeros
        sparse = np.zeros((self.coef.shape[0], len(texts)))
        nonempty = np.array(starts) < len(cols)
        if len(cols):
            sums = np.add.reduceat(products, np.array(starts)[nonempty], axis=1)
            sparse[:, nonempty] = sums
            # reduceat gives a row with no entries its neighbour's first value: rows with none are 0
            ends = np.append(np.array(starts)[1:], len(cols))
            sparse[:, np.array(starts) == ends] = 0.0
        decision = self.intercept[:, None] + sparse + self.coef[:, n_char + n_word:] @ cues.T
        concrete = np.mean(1.0 / (1.0 + np.exp(self.a[:, None] * decision + self.b[:, None])), axis=0)
        out[:, 1] = concrete  # the calibrated column is the second class (binary case)
        out[:, 0] = 1.0 - concrete
        return out


def _char_grams(text: str) -> list[str]:
    """scikit-learn's char analyzer for ngram_range (1, 3)."""
    text = _WHITE_SPACES.sub(" ", text)
    n = len(text)
    grams = list(text)
    for size in (2, 3):
        grams.extend(text[i:i + size] for i in range(n - size + 1))
    return grams


def _tfidf(tokens, vocab: dict, idf: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    known = [(vocab[t], c) for t, c in Counter(tokens).items() if t in vocab]
    if not known:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    idx = np.fromiter((i for i, _ in known), dtype=np.int64, count=len(known))
    counts = np.fromiter((c for _, c in known), dtype=np.float64, count=len(known))
    val = (np.log(counts) + 1.0) * idf[idx]  # sublinear tf, as scikit-learn computes it
    norm = math.sqrt(float(val @ val))
    return idx, (val / norm if norm else val)


def _check(ok: bool, what: str) -> None:
    if not ok:
        raise ValueError(f"cannot compact the sentence model: {what}; update pipeline/compact.py")
