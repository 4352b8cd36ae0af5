"""Cepi's hot modules compiled with Cython, used only while they match their source.

The stages are plain Python. `make compile` (`python -m pipeline.native_build`) compiles the
modules of COMPILED with Cython into extension modules beside their sources and writes the
manifest `pipeline/native.json`: each module's source sha256 at the time it was compiled. Python
would import an extension before the source next to it, so an edited source would silently run
as its stale compiled copy; the finder installed here (by `pipeline/__init__.py`) prevents that:
a `pipeline.*` module is imported from its extension only when the manifest holds the current
source's hash, otherwise from the source. Without a compiler, a manifest or the extensions, cepi
runs as pure Python with the same results; `CEPI_PURE_PYTHON=1` asks for that explicitly.

The compiled modules run the same Python semantics (Cython compiles unannotated Python, with
annotations not used as C types); what changes is the interpreter's overhead per operation:
about 10% fewer instructions on the whole pipeline (README, Scale).
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
from importlib.abc import MetaPathFinder
from importlib.machinery import EXTENSION_SUFFIXES, ModuleSpec, PathFinder
from importlib.util import spec_from_file_location
from pathlib import Path

PACKAGE = "pipeline"
MANIFEST = Path(__file__).with_name("native.json")
PURE_PYTHON_VARIABLE = "CEPI_PURE_PYTHON"

# The modules the stages spend their time in, per document (callgrind over bench documents):
# the extractors, the classifier's features, disclosure, metadata, segmentation, normalization
# and the table rows. The driver, I/O and command-line modules are not worth compiling.
# Each module checked again in round 21 (compiled code reads attributes without the interpreter's
# inline caches, so a module of attribute reads and regex calls might run fewer instructions
# interpreted): one module at a time imported from its source, the others compiled (-O1), 20 bench
# documents after 5, 1,153.9 M instructions with all compiled. Interpreted cost more: measures.rules
# +36.3 M (+3.1%), extract.context +22.0 M, measures.clauses +17.9 M, extract.counts +15.4 M,
# measures.fields +15.0 M, document_cues +12.4 M, features +8.8 M, numbers +8.6 M, measures +5.2 M
# (real pages, 20 after 5: 667.7 M -> 796.2 M), measures.layout +3.8 M, extract.scope +3.3 M,
# metadata +6.6 M, compact +0.3 M; cost less: classify -3.7 M (-0.3%), export -2.0 M (-0.2%), below
# the 1% that would outweigh what the profile-guided build gains in the caches (instructions do not
# show it). So every module stays compiled. Cython's `binding=False`: native_build.DIRECTIVES.
COMPILED = (
    "pipeline.extract", "pipeline.extract.breakdowns", "pipeline.extract.checks", "pipeline.extract.context",
    "pipeline.extract.counts", "pipeline.extract.discourse", "pipeline.extract.facts",
    "pipeline.extract.indicators", "pipeline.extract.piecewise", "pipeline.extract.rules", "pipeline.extract.scope",
    "pipeline.measures", "pipeline.measures.clauses", "pipeline.measures.fields", "pipeline.measures.layout",
    "pipeline.measures.rules",
    "pipeline.numbers", "pipeline.normalize", "pipeline.segment", "pipeline.jieba_backend", "pipeline.metadata",
    "pipeline.gazetteer", "pipeline.features", "pipeline.features_sk", "pipeline.classify", "pipeline.document_cues",
    "pipeline.compact", "pipeline.disclosure", "pipeline.rescore", "pipeline.first_chars", "pipeline.export",
)


def source_path(module: str, root: Path) -> Path:
    """The source file of a module of the package rooted at `root` (a package: its __init__.py)."""
    parts = module.split(".")[1:]
    folder = root.joinpath(*parts)
    return folder / "__init__.py" if folder.is_dir() else folder.with_suffix(".py")


def source_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_manifest(path: Path = MANIFEST) -> dict[str, str]:
    """module -> sha256 of the source it was compiled from; {} when absent or unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return dict(data["modules"])
    except (OSError, ValueError, KeyError, TypeError):
        return {}


class CompiledOnlyWhenCurrent(MetaPathFinder):
    """Finds `pipeline.*` modules as the default path finder does, but takes a module's extension
    only when `manifest` holds its source's current sha256; otherwise the source."""

    def __init__(self, manifest: dict[str, str], pure_python: bool = False):
        self.manifest = manifest
        self.pure_python = pure_python

    def find_spec(self, name: str, path=None, target=None) -> ModuleSpec | None:
        if not name.startswith(PACKAGE + ".") or path is None:
            return None
        spec = PathFinder.find_spec(name, path, target)
        if spec is None or not (spec.origin or "").endswith(tuple(EXTENSION_SUFFIXES)):
            return spec
        source = _source_beside(spec.origin)
        if source is None:
            return spec  # an extension without a source: nothing to fall back to
        if not self.pure_python and self.manifest.get(name) == source_digest(source):
            return spec
        return spec_from_file_location(name, source, submodule_search_locations=spec.submodule_search_locations)


def _source_beside(extension: str) -> Path | None:
    path = Path(extension)
    stem = path.name.split(".", 1)[0]
    source = path.with_name(stem + ".py")
    return source if source.is_file() else None


def install(manifest_path: Path = MANIFEST) -> CompiledOnlyWhenCurrent:
    """Put the finder first on sys.meta_path (once per process) and return it."""
    for finder in sys.meta_path:
        if isinstance(finder, CompiledOnlyWhenCurrent):
            return finder
    finder = CompiledOnlyWhenCurrent(read_manifest(manifest_path),
                                     pure_python=os.environ.get(PURE_PYTHON_VARIABLE, "") not in ("", "0"))
    sys.meta_path.insert(0, finder)
    return finder


def compiled_current(manifest_path: Path = MANIFEST, root: Path = Path(__file__).parent) -> list[str]:
    """The modules a process here imports compiled (for run.json and the benches): built, listed
    in the manifest with their current source's hash, and pure Python not asked for."""
    if os.environ.get(PURE_PYTHON_VARIABLE, "") not in ("", "0"):
        return []
    manifest = read_manifest(manifest_path)
    current = []
    for name in COMPILED:
        source = source_path(name, root)
        built = source.with_name(source.stem + EXTENSION_SUFFIXES[0]).is_file()
        if built and source.is_file() and manifest.get(name) == source_digest(source):
            current.append(name)
    return current
