"""Every read-only resource the stages need, loaded once into one object passed to them.

One `Resources` per process: one jieba dictionary (the segmenter the user chose, which is also the
frozen jieba the disclosure measures count on when the choice is jieba), the sentence classifier
bound to that same segmenter, the proper-name lexicon and the shipped boilerplate reference.
Each loads on first use, so a run served entirely from the cache loads none of them.
`Settings` is the small picklable description a worker process (or a Dask worker) needs to build
its own `Resources`.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property
from importlib import metadata
from pathlib import Path

from .records import TABLES
from .segment import Segmenter

PACKAGE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Settings:
    segmenter: str = "jieba"
    # Seconds one document may take in all stages; past it the document becomes an error row
    # naming the stage that was running. None: no budget.
    time_budget: float | None = 120.0
    # The tables to write (run.selected_tables): only the stages they need run.
    tables: tuple[str, ...] = TABLES


class Resources:
    """Read-only resources shared by the stages of one process."""

    def __init__(self, settings: Settings | None = None, segmenter_kind: str | None = None):
        if settings is None:
            settings = Settings(segmenter=segmenter_kind or "jieba")
        self.settings = settings
        self.loaded = False  # load_all has run

    @property
    def segmenter_kind(self) -> str:
        return self.settings.segmenter

    @property
    def time_budget(self) -> float | None:
        return self.settings.time_budget

    @cached_property
    def segmenter(self) -> Segmenter:
        """The segmenter the user chose: it fills `sentences.tokens`."""
        return Segmenter(self.segmenter_kind)

    @cached_property
    def measure_segmenter(self) -> Segmenter:
        """Disclosure measures and the classifier count words of one frozen dictionary (jieba +
        cepi's user dictionary), whatever segmenter is chosen, so that scores stay comparable
        across runs. With the default choice it is the same object: one dictionary per process."""
        return self.segmenter if self.segmenter_kind == "jieba" else Segmenter("jieba")

    @cached_property
    def proper_words(self) -> frozenset[str]:
        from .features import proper_name_lexicon

        return proper_name_lexicon()

    @cached_property
    def classifier(self):
        from .classify import SentenceClassifier

        classifier = SentenceClassifier.load()
        classifier.bind(self.measure_segmenter, self.proper_words)
        return classifier

    @cached_property
    def measure_rules(self):
        from .measures import load_rules

        return load_rules()

    @cached_property
    def reference(self):
        from .disclosure import BoilerplateReference

        return BoilerplateReference.load()

    def load_all(self) -> "Resources":
        """Load now what the run's tables need (a worker does this once before its first document):
        a run of facts alone segments nothing and loads no dictionary, classifier or reference."""
        tables = set(self.settings.tables)
        if tables & {"sentences", "measures"}:  # both need the sentence labels
            self.segmenter.words("预热")
            self.measure_segmenter.words("预热")
            _ = self.classifier
        if "sentences" in tables:
            _ = self.reference
        if "measures" in tables:
            _ = self.measure_rules
        self.loaded = True
        return self


def fingerprint(settings: Settings) -> str:
    """What a processed document depends on besides its bytes: cepi's version, its code, rules and
    models, and the segmenter. Part of the cache key, so changing any of them re-processes."""
    from .classify import default_model_path

    h = hashlib.sha256()
    try:
        h.update(metadata.version("cepi").encode())
    except metadata.PackageNotFoundError:
        pass
    h.update(settings.segmenter.encode())
    if settings.tables != TABLES:  # a run of fewer tables stores documents with fewer rows
        h.update(",".join(settings.tables).encode())
    files = sorted(PACKAGE.rglob("*.py")) + sorted((PACKAGE / "rules").rglob("*"))
    model = default_model_path()
    files += [model, model.parent / "reference_ngrams.json"]
    for path in files:
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(path.name.encode())
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()[:20]
