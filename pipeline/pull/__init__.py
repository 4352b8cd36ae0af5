"""Pull: fetch reports from government websites into a local, resumable, citable archive.

    from pipeline.pull import pull, PullConfig
    summary = pull("archive/", index="https://example.gov.cn/hjdc/index.html", match="整改|督察", pages=3)

Modules: `fetch` (polite HTTP client), `html` (links, pagination, title, dates), `archive`
(WARC files + manifest.parquet), `crawl` (the pull itself), `reader` (an archive as `cepi extract`
input), `cli` (the command line: progress bar, summary).
"""
from __future__ import annotations


def __getattr__(name):  # imported lazily: reading an archive must not need the HTTP client
    if name in ("pull", "PullSummary"):
        from . import crawl

        return getattr(crawl, name)
    if name == "PullConfig":
        from .fetch import PullConfig

        return PullConfig
    raise AttributeError(name)
