"""The scikit-learn side of the sentence features: the transformer and the feature union the
classifier is trained on. Imported only for training and for loading the full model; labelling
uses the compact model (pipeline/compact.py), which needs numpy alone, so start-up skips
scikit-learn's import."""
from __future__ import annotations

from collections import Counter

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import StandardScaler

from .features import CUE_NAMES, SharedSegmenter, WordNgrams, _char_ngrams, mask_digits, sentence_cues


class SentenceCues(BaseEstimator, TransformerMixin):
    """The interpretable cues (CUE_NAMES) as a dense matrix. `fit` learns the document frequency
    of character 4-grams in the training sentences, for the commonness cue."""

    def __init__(self, segmenter: SharedSegmenter | None = None):
        self.segmenter = segmenter

    def fit(self, texts, y=None):
        df = Counter()
        for text in texts:
            df.update(set(_char_ngrams(text, 4)))
        self.ngram_df_ = {g: n for g, n in sorted(df.items()) if n >= 2}
        self.n_texts_ = len(texts)
        return self

    def transform(self, texts):
        return np.array([self._cues(t) for t in texts], dtype=float)

    def get_feature_names_out(self, input_features=None):
        return np.array(CUE_NAMES, dtype=object)

    def _cues(self, text: str) -> list[float]:
        return sentence_cues(text, self.segmenter, self.ngram_df_, self.n_texts_)


def build_features(segmenter: SharedSegmenter) -> FeatureUnion:
    """The feature union the classifier is trained on (vocabularies are sorted, so it is deterministic)."""
    return FeatureUnion([
        ("chars", TfidfVectorizer(analyzer="char", ngram_range=(1, 3), preprocessor=mask_digits,
                                  min_df=2, sublinear_tf=True, dtype=np.float64)),
        ("words", TfidfVectorizer(analyzer=WordNgrams(segmenter), min_df=2, sublinear_tf=True,
                                  dtype=np.float64)),
        ("cues", Pipeline([("extract", SentenceCues(segmenter)), ("scale", StandardScaler())])),
    ])
