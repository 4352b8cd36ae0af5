"""The driver: streams documents through the stages and writes the tables.

Each stage is a plain function `stage(doc, ctx) -> doc` over one `Document`;
nothing is shared between documents except the read-only `Context`
(segmenter, classifier, rules), so memory stays flat however large the archive.
"""
from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from . import decode as decode_mod
from .extract import extract_facts
from .extract.checks import consistency_checks
from .ingest import iter_documents
from .measures import as_written_fields, extract_measures
from .metadata import infer_metadata
from .normalize import as_written, clean, normalized
from .pages import assign_pages
from .records import Document, Sentence
from .segment import Segmenter, split_sentences

log = logging.getLogger(__name__)


@dataclass
class Context:
    """Read-only resources shared by the stages; models load on first use."""

    segmenter_kind: str = "jieba"

    @cached_property
    def segmenter(self) -> Segmenter:
        """The segmenter the user chose: it fills `sentences.tokens`."""
        return Segmenter(self.segmenter_kind)

    @cached_property
    def measure_segmenter(self) -> Segmenter:
        """Disclosure measures count n-grams over one frozen dictionary (jieba + cepi's user
        dictionary), whatever segmenter is chosen, so that scores stay comparable across runs."""
        return self.segmenter if self.segmenter_kind == "jieba" else Segmenter("jieba")

    @cached_property
    def classifier(self):
        from .classify import SentenceClassifier

        return SentenceClassifier.load()

    @cached_property
    def measure_rules(self):
        from .measures import load_rules

        return load_rules()

    @cached_property
    def reference(self):
        from .disclosure import BoilerplateReference

        return BoilerplateReference.load()


def decode(doc: Document, ctx: Context) -> Document:
    return decode_mod.decode(doc)


def normalize(doc: Document, ctx: Context) -> Document:
    doc.text = clean(doc.text)
    if not doc.text.strip():
        return doc.fail("only page junk, no document text", status="empty")
    doc.norm = normalized(doc.text)
    return doc


def segment(doc: Document, ctx: Context) -> Document:
    """Split the normalized view into sentences; offsets and text refer to `doc.text`.
    Text the view dropped between two sentences (spam, pinyin, markers) joins the next one,
    so the sentences together keep every published character."""
    prev_end = 0
    for s in split_sentences(doc.norm.text):
        start, end = doc.norm.source_span(s.char_start, s.char_end)
        start = min(start, prev_end)
        while start < end and doc.text[start].isspace():
            start += 1
        tokens = " ".join(ctx.segmenter.words(s.text))
        doc.sentences.append(Sentence(len(doc.sentences), doc.text[start:end], start, end, tokens=tokens, norm=s.text))
        prev_end = end
    return doc


def facts(doc: Document, ctx: Context) -> Document:
    doc.facts = extract_facts(doc.norm, doc.text, doc.meta)
    doc.checks = consistency_checks(doc.facts)
    return doc


def metadata(doc: Document, ctx: Context) -> Document:
    doc.meta = infer_metadata(doc.norm.text)
    region = doc.meta.get("region")
    if region and region in doc.norm.text:  # report the name as the document writes it (廣東省)
        at = doc.norm.text.index(region)
        start, end = doc.norm.source_span(at, at + len(region))
        doc.meta["region"] = as_written(doc.text[start:end]) or region
    return doc


def classify(doc: Document, ctx: Context) -> Document:
    """Label each sentence from its normalized text; `score` is the calibrated P(concrete)."""
    for sentence, (label, score) in zip(doc.sentences, ctx.classifier.label([s.norm for s in doc.sentences])):
        sentence.label, sentence.score = label, score
    return doc


def measures(doc: Document, ctx: Context) -> Document:
    """Rectification measures; spans map back to `doc.text`, `concrete` from the sentence labels."""
    for m in extract_measures(doc.norm.text, ctx.measure_rules):
        as_written_fields(m, doc.norm, doc.text)
        m.char_start, m.char_end = doc.norm.source_span(m.char_start, m.char_end)
        m.text = doc.text[m.char_start:m.char_end]
        m.concrete = _concrete_at(doc, m.char_start, m.char_end)
        doc.measures.append(m)
    return doc


def _concrete_at(doc: Document, start: int, end: int) -> bool | None:
    labels = [s.label for s in doc.sentences if s.char_start < end and start < s.char_end and s.label]
    return None if not labels else "concrete" in labels


def disclosure(doc: Document, ctx: Context) -> Document:
    from .disclosure import document_measures

    doc.scores = document_measures([s.norm for s in doc.sentences], ctx.measure_segmenter, ctx.reference,
                                   labels=[s.label for s in doc.sentences])
    return doc


def pages(doc: Document, ctx: Context) -> Document:
    return assign_pages(doc)


STAGES = (decode, normalize, segment, metadata, facts, classify, measures, disclosure, pages)


def process(doc: Document, ctx: Context, stages=STAGES) -> Document:
    """Run one document through the stages; an unexpected failure becomes its error, never the batch's."""
    for stage in stages:
        if doc.status != "ok":
            break
        try:
            doc = stage(doc, ctx)
        except Exception as exc:  # a bug or a pathological file must not stop the batch
            log.exception("stage %s failed on %s", stage.__name__, doc.source)
            doc.fail(f"internal error in stage '{stage.__name__}': {exc.__class__.__name__}: {exc}")
    return doc


def process_all(inputs: Iterable[str | Path], ctx: Context | None = None) -> Iterator[Document]:
    """Stream processed documents for files, folders and .zip archives."""
    ctx = ctx or Context()
    for doc in iter_documents(inputs):
        yield process(doc, ctx)


@dataclass
class Summary:
    files: int = 0
    status: Counter = field(default_factory=Counter)
    facts: int = 0
    sentences: int = 0
    measures: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)

    def add(self, doc: Document) -> None:
        self.files += 1
        self.status[doc.status] += 1
        self.facts += len(doc.facts)
        self.sentences += len(doc.sentences)
        self.measures += len(doc.measures)
        if doc.error and doc.status != "skipped":  # junk files are counted, not reported
            self.errors.append((doc.source, doc.error))


def extract(inputs: Iterable[str | Path], out_dir: str | Path, fmt: str = "parquet", segmenter: str = "jieba",
            on_document=None) -> Summary:
    """Process `inputs` and write documents / facts / sentences / measures / checks tables to `out_dir`:
    built in a temporary folder and moved into place only when complete (see `outdir`)."""
    from .outdir import output_folder

    inputs = list(inputs)
    with output_folder(out_dir, fmt, inputs) as folder:
        summary = _extract_tables(inputs, folder.path, folder.table_format, segmenter, on_document)
        folder.finish(summary)
    return summary


def _extract_tables(inputs: Iterable[str | Path], out_dir: str | Path, fmt: str = "parquet", segmenter: str = "jieba",
                    on_document=None) -> Summary:
    from .export import TableWriter

    from .disclosure import MIN_RUN_DOCUMENTS, document_grams
    from .rescore import apply_run_reference, run_reference

    summary = Summary()
    ctx = Context(segmenter_kind=segmenter)
    doc_freq: Counter = Counter()
    with TableWriter(out_dir, fmt) as writer:
        for doc in process_all(inputs, ctx):
            writer.add(doc)
            summary.add(doc)
            if doc.status == "ok":
                doc_freq.update(document_grams([s.norm for s in doc.sentences], ctx.measure_segmenter))
            if on_document:
                on_document(doc)
    n_ok = summary.status.get("ok", 0)
    if n_ok >= MIN_RUN_DOCUMENTS:  # enough documents to be their own reference corpus
        apply_run_reference(out_dir, fmt, ctx.measure_segmenter, run_reference(doc_freq, n_ok))
    return summary
