"""The driver: streams documents through the stages and writes the tables.

Each stage is a plain function `stage(doc, ctx) -> doc` over one `Document`;
nothing is shared between documents except the read-only `Context`
(segmenter, classifier, rules), so memory stays flat however large the archive.
"""
from __future__ import annotations

import bisect
import logging
import signal
import threading
import time
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from .ingest import iter_documents
from .records import TABLES, Document, Sentence
from .resources import Resources, Settings

# The stages' modules (rules compiled when they load) are imported by the stages themselves, on
# the first document processed: a re-run served from the cache never loads them.

log = logging.getLogger(__name__)


# The resources the stages read (one jieba, the classifier bound to it, the reference): see resources.py.
Context = Resources


def decode(doc: Document, ctx: Context) -> Document:
    from . import decode as decode_mod

    return decode_mod.decode(doc)


def normalize(doc: Document, ctx: Context) -> Document:
    from .limits import bound_runs
    from .normalize import clean, normalized

    doc.text = clean(doc.text)
    if not doc.text.strip():
        return doc.fail("only page junk, no document text", status="empty")
    doc.norm = bound_runs(normalized(doc.text))
    return doc


def segment(doc: Document, ctx: Context) -> Document:
    """Split the normalized view into sentences; offsets and text refer to `doc.text`.
    Text the view dropped between two sentences (spam, pinyin, markers) joins the next one,
    so the sentences together keep every published character."""
    from .segment import sentence_bounds

    norm, text, out = doc.norm.text, doc.text, doc.sentences
    source_span = doc.norm.source_span
    bounds = sentence_bounds(norm)
    norms = [norm[start:end] for start, end in bounds]
    prev_end = 0
    # all sentences cut at once (one jieba-rs call per document; the later stages read the memo)
    for (n_start, n_end), sentence, words in zip(bounds, norms, ctx.segmenter.tokens_of_each(norms)):
        start, end = source_span(n_start, n_end)
        if start > prev_end:
            start = prev_end
        while start < end and text[start].isspace():
            start += 1
        out.append(Sentence(len(out), text[start:end], start, end, tokens=" ".join(words), norm=sentence))
        prev_end = end
    return doc


def facts(doc: Document, ctx: Context) -> Document:
    from .extract import extract_facts
    from .extract.checks import consistency_checks

    doc.facts = extract_facts(doc.norm, doc.text, doc.meta)
    doc.checks = consistency_checks(doc.facts)
    return doc


def metadata(doc: Document, ctx: Context) -> Document:
    from .metadata import infer_metadata
    from .normalize import as_written

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
    return measures_concrete(measures_region(measures_found(doc, ctx)))


def measures_found(doc: Document, ctx: Context) -> Document:
    """The measures with their fields and spans in `doc.text` (the labels are not needed yet)."""
    from .measures import as_written_fields, extract_measures

    first_at: dict[str, int] = {}  # where each field value is first mentioned in the document
    for m in extract_measures(doc.norm.text, ctx.measure_rules):
        as_written_fields(m, doc.norm, doc.text, first_at)
        m.char_start, m.char_end = doc.norm.source_span(m.char_start, m.char_end)
        m.text = doc.text[m.char_start:m.char_end]
        doc.measures.append(m)
    return doc


def measures_region(doc: Document) -> Document:
    """我市 / 我省 … in a measure's responsible unit named by the document's region (documents.region,
    as written) when it has that rank. Apart from measures_found: a long document's measures
    half runs without the metadata (see HALVES)."""
    from .measures.fields import own_region

    region = (doc.meta or {}).get("region")
    if region:
        for m in doc.measures:
            if m.responsible and (named := own_region(m.responsible, region)):
                m.responsible = named
    return doc


def measures_concrete(doc: Document) -> Document:
    """Each measure is concrete when a sentence it overlaps is labelled so."""
    ends = [s.char_end for s in doc.sentences]  # sentences are in text order and do not overlap
    for m in doc.measures:
        m.concrete = _concrete_at(doc, m.char_start, m.char_end, ends)
    return doc


def _concrete_at(doc: Document, start: int, end: int, ends: list[int]) -> bool | None:
    """Whether a sentence overlapping [start, end) is concrete; a binary search keeps it linear."""
    labels, sentences = [], doc.sentences
    for i in range(bisect.bisect_right(ends, start), len(sentences)):  # (a slice would copy the rest)
        s = sentences[i]
        if s.char_start >= end:
            break
        if s.label:
            labels.append(s.label)
    return None if not labels else "concrete" in labels


def disclosure(doc: Document, ctx: Context) -> Document:
    from .disclosure import measure_document_windows
    from .rescore import sentence_grams

    doc.scores, words, hashes, fours = measure_document_windows([s.norm for s in doc.sentences], ctx.measure_segmenter,
                                                                ctx.reference, labels=[s.label for s in doc.sentences])
    # for the run-level reference (rescore.py), from the words and 4-grams the measures counted
    doc.grams = sentence_grams(words, hashes, fours)
    return doc


def pages(doc: Document, ctx: Context) -> Document:
    from .pages import assign_pages

    return assign_pages(doc)


STAGES = (decode, normalize, segment, metadata, facts, classify, measures, disclosure, pages)

# What each table needs besides decode, normalize, metadata and pages, which every document gets
# (its `documents` row: status, text, type, level, region, round). Sentences and measures need the
# sentence labels; the disclosure scores of `documents` come with `sentences`.
_NEEDS = {"documents": (), "facts": (facts,), "checks": (facts,), "sentences": (segment, classify, disclosure),
          "measures": (segment, classify, measures)}


def selected_tables(names: Iterable[str] | None) -> tuple[str, ...]:
    """The tables a run writes, in TABLES order, from the names asked for (None: all of them):
    `documents` always (every file gets its row), `checks` with `facts` and the other way round
    (checks compare facts; both come from one stage)."""
    if names is None:
        return TABLES
    asked = {n.strip() for n in names if n.strip()}
    unknown = sorted(asked - set(TABLES))
    if unknown:
        raise ValueError(f"unknown table {', '.join(unknown)}: choose among {', '.join(TABLES)}")
    asked |= {"documents"} | ({"facts", "checks"} if asked & {"facts", "checks"} else set())
    return tuple(t for t in TABLES if t in asked)


def plan(tables: Iterable[str] = TABLES) -> tuple:
    """The stages, in STAGES order, that the tables need."""
    needed = {decode, normalize, metadata, pages}.union(*(_NEEDS[t] for t in tables))
    return tuple(stage for stage in STAGES if stage in needed)

# A long document is processed as two halves on two workers at once (engine.py): after decode and
# normalize, finding the measures needs nothing else (the labels only say afterwards which are
# concrete), and the other stages read nothing it writes. On a long document the two halves take
# about 40% and 60% of the time. `join_halves` puts together what STAGES would have made.
HALVES = {"measures": (decode, normalize, measures_found),
          "others": (decode, normalize, segment, metadata, facts, classify, disclosure)}


def half_stages(half: str, tables: Iterable[str] = TABLES) -> tuple:
    """The stages of one of HALVES that the tables need (measures: see `plan`)."""
    needed = set(plan(tables))
    return tuple(s for s in HALVES[half] if s in needed or s is measures_found)


def join_halves(measures_half: Document, others_half: Document) -> Document | None:
    """The document from its two halves, or the half that ran out of time; None when a half
    failed otherwise (the caller then processes the document whole: an error row is what one
    pass through STAGES gives, with the records of the stages before the error)."""
    for half in (measures_half, others_half):
        if half.status != "ok":
            return half if half.error and "time budget" in half.error else None
    others_half.measures = measures_half.measures
    return pages(measures_concrete(measures_region(others_half)), None)


class _OverBudget(Exception):
    pass


def _raise_over_budget(signum, frame):
    raise _OverBudget()


def process(doc: Document, ctx: Context, stages=None) -> Document:
    """Run one document through the stages (None: those its run's tables need, `plan`); an
    unexpected failure becomes its error, never the batch's. See `process_documents`."""
    return process_documents([doc], ctx, stages)[0]


def process_documents(docs: list[Document], ctx: Context, stages=None) -> list[Document]:
    """Run documents through the stages, stage by stage: each stage over all of `docs`, then the
    next. Why: a stage's code and data (its patterns, rule tables, lexicons) stay in the
    processor's caches over the documents, where one document through all nine stages evicts
    them before the next document needs them again. Measured over bench documents (~2,100
    characters), thread CPU a document: ~9.0 ms one by one, ~7.8 ms eight at a time; real pages
    (~570 characters): 3.16 -> 2.37 ms (with the gazetteer's scans and the lexicon's token bits
    kept for the last 16 texts, since the stages asking about a document are now a task apart).
    One worker's wall clock, alternating runs: -9% on bench documents, -13% on real pages. The
    outputs are the same: no stage reads another document's results (the memos they share are of
    pure functions).

    Each document is on its own: an unexpected failure becomes its error and stops only its
    stages; a document that spends more than `ctx.time_budget` seconds in its stages becomes an
    error naming the stage it was in: interrupted by a timer in a main thread (a process-pool
    worker, the serial driver), checked after each stage elsewhere (Dask worker threads)."""
    budget = getattr(ctx, "time_budget", None)
    use_timer = bool(budget) and threading.current_thread() is threading.main_thread()
    if stages is None:
        stages = plan(ctx.settings.tables)
    docs = list(docs)
    spent = [0.0] * len(docs)  # seconds each document has spent in its stages
    scopes = ExitStack()
    previous = signal.signal(signal.SIGALRM, _raise_over_budget) if use_timer else None
    try:
        if segment in stages and any(doc.status == "ok" for doc in docs):  # each sentence segmented once (segment.py)
            scopes.enter_context(ctx.segmenter.document_scope())
            scopes.enter_context(ctx.measure_segmenter.document_scope())
        for stage in stages:
            for i, doc in enumerate(docs):
                if doc.status == "ok":
                    docs[i], spent[i] = _run_stage(stage, doc, ctx, budget, spent[i], use_timer)
    finally:
        scopes.close()
        if use_timer:
            signal.signal(signal.SIGALRM, previous)
    return docs


def _run_stage(stage, doc: Document, ctx: Context, budget: float | None, spent: float,
               use_timer: bool) -> tuple[Document, float]:
    """One stage on one document that has already spent `spent` of its `budget` seconds: the
    document after it and the seconds spent then."""
    started = time.monotonic()
    try:
        try:
            if use_timer:
                signal.setitimer(signal.ITIMER_REAL, max(budget - spent, 1e-6))
            doc = stage(doc, ctx)
        finally:
            if use_timer:  # (a timer that fires here is still this stage's: caught below)
                signal.setitimer(signal.ITIMER_REAL, 0)
        spent += time.monotonic() - started
        if budget and not use_timer and spent > budget:
            raise _OverBudget()
    except _OverBudget:
        log.warning("time budget of %g s exceeded in stage %s on %s", budget, stage.__name__, doc.source)
        doc.fail(f"time budget of {budget:g} s exceeded in stage '{stage.__name__}'")
        _drop_partial(doc)
    except Exception as exc:  # a bug or a pathological file must not stop the batch
        log.exception("stage %s failed on %s", stage.__name__, doc.source)
        doc.fail(f"internal error in stage '{stage.__name__}': {exc.__class__.__name__}: {exc}")
    return doc, spent


def _drop_partial(doc: Document) -> None:
    """An interrupted document keeps its text but no half-filled tables."""
    doc.sentences, doc.facts, doc.measures, doc.checks, doc.grams = [], [], [], [], None
    doc.meta, doc.scores = {}, {}


def with_tables(doc: Document, tables: tuple[str, ...] = TABLES) -> Document:
    """The document with its rows in `tables` as Arrow tables (built where it was processed, in
    parallel) and without the records the rows now hold (text, aligned view, sentences, measures,
    checks), so less travels back to the driver and into the cache; facts and metadata stay for callers."""
    return with_tables_together([doc], tables)[0]


def with_tables_together(docs: list[Document], tables: tuple[str, ...] = TABLES) -> list[Document]:
    """`with_tables` for several documents, their rows converted to Arrow together
    (export.documents_tables: Arrow's cost per conversion paid once for all of them)."""
    from .export import documents_tables

    for doc, built in zip(docs, documents_tables(docs, tables)):
        doc.tables = built
        doc.raw = doc.text = doc.norm = None
        doc.sentences, doc.measures, doc.checks = [], [], []
    return docs


def process_all(inputs: Iterable[str | Path], ctx: Context | None = None, *, engine: str = "serial",
                workers: int | None = None, scheduler: str | None = None, cache: bool = False,
                cache_dir: str | Path | None = None, tables: bool = False,
                on_read=None, facts: bool = True) -> Iterator[Document]:
    """Stream processed documents for files, folders and .zip archives, in input order.
    `engine`: serial (default here), process (a pool of `workers`) or dask; `cache`: reuse the
    results of earlier runs for unchanged files (cache.py). `tables` (implied by `cache`): each
    document carries its rows as Arrow tables in `doc.tables` instead of its text, sentences,
    measures and checks records (see `with_tables`). `on_read(doc)` sees each document as it was read,
    before it is processed. `facts=False`: documents served by the cache may come without their
    `facts` records (their rows are in `doc.tables`)."""
    tables = tables or cache
    from . import engine as engines

    ctx = ctx or Context()
    read = iter_documents(inputs) if on_read is None else _seen(iter_documents(inputs), on_read)
    if not cache:
        items = ((doc, None) for doc in read)
        yield from engines.run(items, ctx.settings, engine, workers, scheduler, resources=ctx, tables=tables)
        return
    from .cache import DocumentCache, groups

    store = DocumentCache(ctx.settings, cache_dir).write_behind()
    to_store: dict[int, bool] = {}  # input position -> processed here, so cache it
    open_groups: deque[tuple[int, bool]] = deque()  # (size, to be cached as a group) in input order

    def items():
        i = 0
        for group in groups(read):
            done = store.get_group(group, facts=facts)
            open_groups.append((len(group), done is None))
            for doc, hit in zip(group, done or [None] * len(group)):
                if done is None:
                    hit = store.get(doc, facts=facts)
                    to_store[i] = hit is None and doc.status == "ok"
                i += 1
                yield doc, hit

    group: list[Document] = []
    try:
        for i, doc in enumerate(engines.run(items(), ctx.settings, engine, workers, scheduler, resources=ctx,
                                            tables=tables, store=store)):
            if to_store.pop(i, False) and not doc.__dict__.pop("stored_by_worker", False):
                store.put(doc)
            group.append(doc)
            size, store_group = open_groups[0]  # (the engine has read this document's group already)
            if len(group) == size:
                open_groups.popleft()
                if store_group:
                    store.put_group(group)
                group = []
            yield doc
    finally:
        store.close()  # (the entries written behind: all on disk when the run's tables are)


def _seen(docs: Iterable[Document], on_read) -> Iterator[Document]:
    for doc in docs:
        on_read(doc)
        yield doc


@dataclass
class Summary:
    files: int = 0
    status: Counter = field(default_factory=Counter)
    facts: int = 0
    sentences: int = 0
    measures: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    reused_run: str | None = None  # the key of the stored run whose tables were copied (run_memo.py)
    tables: tuple[str, ...] = TABLES  # the tables written; the counts of the others stay 0

    def add(self, doc: Document) -> None:
        self.files += 1
        self.status[doc.status] += 1
        if doc.tables is not None:  # a cached document keeps only its tables (cache.py)
            rows = {name: table.num_rows for name, table in doc.tables.items()}
            self.facts += rows.get("facts", 0)
            self.sentences += rows.get("sentences", 0)
            self.measures += rows.get("measures", 0)
        else:
            self.facts += len(doc.facts)
            self.sentences += len(doc.sentences)
            self.measures += len(doc.measures)
        if doc.error and doc.status != "skipped":  # junk files are counted, not reported
            self.errors.append((doc.source, doc.error))

    def counts(self) -> dict:
        """What a stored run (run_memo.py) reports again: everything but the time."""
        return {"files": self.files, "status": dict(self.status), "facts": self.facts, "sentences": self.sentences,
                "measures": self.measures, "errors": [list(e) for e in self.errors], "tables": list(self.tables)}

    @classmethod
    def from_counts(cls, counts: dict) -> "Summary":
        return cls(files=counts["files"], status=Counter(counts["status"]), facts=counts["facts"],
                   sentences=counts["sentences"], measures=counts["measures"],
                   errors=[tuple(e) for e in counts["errors"]], tables=tuple(counts.get("tables", TABLES)))

    def written(self) -> str:
        """What the run wrote, e.g. '12 facts, 80 sentences, 9 measures' (the tables it wrote)."""
        counts = {"facts": self.facts, "sentences": self.sentences, "measures": self.measures}
        return ", ".join(f"{n} {name}" for name, n in counts.items() if name in self.tables) or "documents only"


def extract(inputs: Iterable[str | Path], out_dir: str | Path, fmt: str = "parquet", segmenter: str = "jieba",
            on_document=None, *, workers: int | None = None, engine: str = "process", scheduler: str | None = None,
            cache: bool = True, cache_dir: str | Path | None = None, time_budget: float | None = 120.0,
            progress: bool | None = False, tables: Iterable[str] | None = None) -> Summary:
    """Process `inputs` and write documents / facts / sentences / measures / checks tables to `out_dir`:
    built in a temporary folder and moved into place only when complete (see `outdir`).
    `tables`: write only these (see `selected_tables`; None: all) and run only the stages they need.
    `workers` (default: all cores) and `engine` (process / serial / dask, `scheduler` = a Dask
    scheduler address) choose where documents are processed; the tables are the same either way.
    `cache`: re-use unchanged files' results from earlier runs. `time_budget`: seconds per document.
    `progress`: True / False, or None = a bar when stderr is a terminal and not in CI."""
    from .outdir import output_folder

    inputs = list(inputs)
    tables = selected_tables(tables)
    with output_folder(out_dir, fmt, inputs, tables) as folder:
        summary = _extract_tables(inputs, folder.path, folder.table_format, segmenter, on_document,
                                  workers=workers, engine=engine, scheduler=scheduler, cache=cache,
                                  cache_dir=cache_dir, time_budget=time_budget, progress=progress, tables=tables)
        if summary.reused_run:
            folder.extra["tables_from_cached_run"] = summary.reused_run
        folder.finish(summary)
    return summary


def _extract_tables(inputs: Iterable[str | Path], out_dir: str | Path, fmt: str = "parquet", segmenter: str = "jieba",
                    on_document=None, *, workers: int | None = None, engine: str = "process",
                    scheduler: str | None = None, cache: bool = True, cache_dir: str | Path | None = None,
                    time_budget: float | None = 120.0, progress: bool | None = False,
                    tables: tuple[str, ...] = TABLES) -> Summary:
    from .export import TableWriter

    from .disclosure import MIN_RUN_DOCUMENTS
    from .progress import Progress
    from .rescore import RunGrams, apply_run_reference

    summary = Summary(tables=tables)
    ctx = Context(Settings(segmenter=segmenter, time_budget=time_budget, tables=tables))
    inputs = list(inputs)
    started = time.monotonic()
    memo = run_key = None
    if cache and on_document is None:  # (a stored run has no documents to show)
        from .cache import DocumentCache
        from .run_memo import RunKey, RunMemo

        memo = RunMemo(DocumentCache(ctx.settings, cache_dir).folder, fmt, tables)
        if memo.has_entries():
            key = memo.key_of(iter_documents(inputs))
            stored = memo.restore(key, out_dir)
            if stored is not None:
                summary = Summary.from_counts(stored)
                summary.reused_run = key
                summary.seconds = time.monotonic() - started
                return summary
        run_key = RunKey(fmt)
    with RunGrams() as grams, Progress(inputs, enabled=progress) as bar:
        with TableWriter(out_dir, fmt, tables=tables) as writer:
            for doc in process_all(inputs, ctx, engine=engine, workers=workers, scheduler=scheduler,
                                   cache=cache, cache_dir=cache_dir, tables=True,
                                   on_read=run_key.add if run_key else None, facts=on_document is not None):
                writer.add(doc)
                summary.add(doc)
                grams.add(doc)
                bar.advance(doc)
                if on_document:
                    on_document(doc)
        if grams.n_docs >= MIN_RUN_DOCUMENTS:  # enough documents to be their own reference corpus
            apply_run_reference(out_dir, fmt, grams)
    if memo is not None:
        memo.save(run_key.hexdigest(), out_dir, summary.counts())
    summary.seconds = time.monotonic() - started
    return summary
