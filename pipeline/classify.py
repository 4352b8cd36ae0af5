"""Label sentences `concrete` (states something checkable) or `boilerplate` (generic language).

The shipped model (models/sentence_clf.joblib, built by `make train` / `python -m pipeline.train`)
is a scikit-learn Pipeline: features from pipeline.features and a sigmoid-calibrated logistic
regression. Loading never trains; the score is the calibrated P(concrete).
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)

MODEL_DIR = Path(__file__).resolve().parent.parent / "models"
MODEL_FILE = "sentence_clf.joblib"
CONCRETE, BOILERPLATE = "concrete", "boilerplate"


class ModelMissingError(FileNotFoundError):
    pass


def default_model_path() -> Path:
    """models/sentence_clf.joblib at the repo root, or under $CEPI_MODEL_DIR if set."""
    return Path(os.environ.get("CEPI_MODEL_DIR", MODEL_DIR)) / MODEL_FILE


class SentenceClassifier:
    def __init__(self, pipeline, threshold: float = 0.5):
        self.pipeline = pipeline
        self.threshold = threshold
        self._concrete_column = list(pipeline.classes_).index(CONCRETE)

    @classmethod
    def load(cls, path: str | Path | None = None) -> "SentenceClassifier":
        path = Path(path) if path else default_model_path()
        if not path.is_file():
            raise ModelMissingError(
                f"sentence model not found at {path}; build it with `make train` "
                f"(python -m pipeline.train) or set CEPI_MODEL_DIR"
            )
        return cls(_compact(path))

    @classmethod
    def load_full(cls, path: str | Path | None = None) -> "SentenceClassifier":
        """The scikit-learn pipeline itself (for training and checks)."""
        import joblib  # (with scikit-learn: labelling reads the compact model, and start-up skips joblib)

        return cls(joblib.load(Path(path) if path else default_model_path()))

    def bind(self, segmenter, proper_words=None) -> None:
        """Let the model's features read `segmenter` (the process's one jieba, whose memo already
        holds the tokens of the sentences being classified) instead of loading a dictionary of its own."""
        if hasattr(self.pipeline, "segmenter"):  # the compact model
            self.pipeline.bind(segmenter, proper_words)
            return
        for handle in _segmenter_handles(self.pipeline):
            handle.bind(segmenter, proper_words)

    def predict_proba(self, texts: list[str]) -> list[float]:
        """Calibrated probability that each text is concrete."""
        if not texts:
            return []
        probs = self.pipeline.predict_proba(list(texts))
        # (tolist: the same Python floats, without a float() call and a numpy scalar per sentence;
        # measured: the classifier over 20 bench documents -0.7 M instructions)
        return probs[:, self._concrete_column].tolist()

    def label(self, texts: list[str]) -> list[tuple[str, float]]:
        return [(CONCRETE if p >= self.threshold else BOILERPLATE, p) for p in self.predict_proba(texts)]


def _segmenter_handles(pipeline):
    """The SharedSegmenter objects inside the feature union (word n-grams and cues share one)."""
    from .features import SharedSegmenter

    features = pipeline.named_steps["features"]
    found = {}
    for _, step in features.transformer_list:
        for obj in (getattr(step, "analyzer", None), step):
            seg = getattr(obj, "segmenter", None)
            if isinstance(seg, SharedSegmenter):
                found[id(seg)] = seg
        for _, sub in getattr(step, "steps", []):
            seg = getattr(sub, "segmenter", None)
            if isinstance(seg, SharedSegmenter):
                found[id(seg)] = seg
    return list(found.values())


def _compact(path: Path):
    """The compact (numpy-only) form of the model at `path`: read from beside it when it was made
    from this very file, else made now from the full model (and saved when the folder is writable)."""
    from .compact import COMPACT_FILE, CompactClassifier, file_digest

    digest = file_digest(path)
    compact_path = path.with_name(COMPACT_FILE)
    if compact_path.is_file():
        try:
            compact = CompactClassifier.load(compact_path)
            if compact.source_digest == digest:
                return compact
        except Exception as exc:  # an unreadable compact file is rebuilt, never fatal
            log.warning("rebuilding %s: %s", compact_path, exc)
    import joblib

    compact = CompactClassifier.from_pipeline(joblib.load(path), digest)
    try:
        compact.save(compact_path)
    except OSError:
        pass
    return compact
