"""`make compile`: compile the modules of `native.COMPILED` with Cython, in place, and write the manifest.

    python -m pipeline.native_build [--jobs N] [--clean]

Incremental: Cython rewrites a module's C file only when its source changed, and the compiler
builds only what is out of date. The manifest (`pipeline/native.json`) is written last, from the
sources that were compiled, so a module whose build failed or whose source changed afterwards is
imported from its source (native.py). `--clean` removes the extensions, the C files and the manifest.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from pathlib import Path

from .native import COMPILED, MANIFEST, read_manifest, source_digest, source_path

ROOT = Path(__file__).resolve().parent
BUILD_DIR = ROOT.parent / "build" / "cython"

# Plain Python semantics: annotations are documentation here, not C types (Cython 3 would
# otherwise reject a call whose argument does not have exactly the annotated type).
DIRECTIVES = {"language_level": 3, "annotation_typing": False, "binding": True}
# -O1 without debug information compiles three times faster than Python's default -O3 -g, for
# about the same instructions (20 bench documents: 1,727 M with all 31 modules at -O1, 1,721 M
# with 30 at -O3): the time is in CPython's API, not in the generated C. The generated C's
# warnings say nothing to a user.
COMPILE_ARGS = ["-O1", "-g0", "-w"]


def extensions(root: Path = ROOT):
    from setuptools import Extension

    def extension(name: str) -> Extension:
        source = source_path(name, root)
        # a package's extension is its __init__ (pipeline/extract/__init__.*.so), not pipeline/extract.*.so,
        # which the package's folder would hide; sources relative to the repository, so that the C
        # files mirror the package under BUILD_DIR
        built = name + ".__init__" if source.name == "__init__.py" else name
        return Extension(built, [os.path.relpath(source, root.parent)], extra_compile_args=COMPILE_ARGS)

    return [extension(name) for name in COMPILED]


def _forget_changed(digests: dict[str, str], last_built: dict[str, str]) -> None:
    """Cython and the compiler judge what is out of date by file times; a source whose content
    differs from the last build's (a checkout can leave an older time) loses its C file, so it
    is compiled again whatever its time says."""
    for name, digest in digests.items():
        if last_built.get(name) != digest:
            c_file = BUILD_DIR / Path(os.path.relpath(source_path(name, ROOT), ROOT.parent)).with_suffix(".c")
            c_file.unlink(missing_ok=True)


def build(jobs: int, last_built: dict[str, str]) -> dict[str, str]:
    """Compile every module in place; returns the manifest's modules (name -> source sha256).
    `last_built`: the previous manifest's modules."""
    from Cython.Build import cythonize
    from setuptools import Distribution
    from setuptools.command.build_ext import build_ext

    os.chdir(ROOT.parent)
    digests = {name: source_digest(source_path(name, ROOT)) for name in COMPILED}
    _forget_changed(digests, last_built)
    modules = cythonize(extensions(), compiler_directives=DIRECTIVES, build_dir=str(BUILD_DIR),
                        nthreads=jobs, quiet=True)
    command = build_ext(Distribution({"ext_modules": modules}))
    command.inplace = True
    command.parallel = jobs
    command.build_temp = str(BUILD_DIR / "temp")
    command.ensure_finalized()
    command.run()
    return digests


def write_manifest(modules: dict[str, str], path: Path = MANIFEST) -> None:
    import Cython

    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps({"cython": Cython.__version__, "modules": modules}, indent=1, sort_keys=True),
                   encoding="utf-8")
    os.replace(tmp, path)


def clean(root: Path = ROOT) -> int:
    removed = 0
    for name in COMPILED:
        source = source_path(name, root)
        for built in source.parent.glob(source.stem + ".*.so"):
            built.unlink()
            removed += 1
    MANIFEST.unlink(missing_ok=True)
    shutil.rmtree(BUILD_DIR, ignore_errors=True)
    return removed


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m pipeline.native_build", description=__doc__.split("\n")[0])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="parallel compilations")
    parser.add_argument("--clean", action="store_true", help="remove the compiled modules and the manifest")
    args = parser.parse_args(argv)
    if args.clean:
        print(f"removed {clean()} compiled modules; cepi runs as pure Python")
        return
    last_built = read_manifest()
    MANIFEST.unlink(missing_ok=True)  # during the build, nothing counts as compiled
    try:
        modules = build(args.jobs, last_built)
    except Exception as exc:  # no compiler, no Cython: cepi still runs, as pure Python
        print(f"compiling failed ({exc.__class__.__name__}: {exc}); cepi runs as pure Python", file=sys.stderr)
        sys.exit(1)
    write_manifest(modules)
    print(f"compiled {len(modules)} modules with Cython; manifest {MANIFEST.relative_to(ROOT.parent)}")


if __name__ == "__main__":
    main()
