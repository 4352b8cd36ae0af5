"""`make compile`: compile the modules of `native.COMPILED` with Cython, in place, and write the manifest.

    python -m pipeline.native_build [--jobs N] [--quick] [--clean]

By default the build is profile-guided (see `build_with_profile`): the modules are compiled with
counters, a training run processes the sample corpus and synthetic documents, and the modules are
compiled again with what the counters saw. A build whose modules are current and profile-guided
is a no-op; a changed source makes the whole cycle run again (a profile is only good for the code
it was taken on). `--quick` compiles only what changed, without a profile (for development; the
next `make compile` makes a profile-guided build again).

Cython and the compiler judge what is out of date by file times. The manifest (`pipeline/native.json`)
is written last, from the sources that were compiled, so a module whose build failed or whose source
changed afterwards is imported from its source (native.py). `--clean` removes the extensions, the
C files and the manifest.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .native import COMPILED, MANIFEST, PURE_PYTHON_VARIABLE, read_manifest, source_digest, source_path

ROOT = Path(__file__).resolve().parent
BUILD_DIR = ROOT.parent / "build" / "cython"

# Plain Python semantics: annotations are documentation here, not C types (Cython 3 would
# otherwise reject a call whose argument does not have exactly the annotated type).
# `binding` stays on: off (builtin-function objects, cheaper calls) saved only 0.1% (round 21: 20 bench
# documents after 5, 1,153.9 M -> 1,152.6 M instructions), and extract.rules sets a function's __name__.
DIRECTIVES = {"language_level": 3, "annotation_typing": False, "binding": True}
# -O1 without debug information compiles three times faster than Python's default -O3 -g, for
# about the same instructions (20 bench documents: 1,727 M with all 31 modules at -O1, 1,721 M
# with 30 at -O3): the time is in CPython's API, not in the generated C. The generated C's
# warnings say nothing to a user.
COMPILE_ARGS = ["-O1", "-g0", "-w"]
# Profile-guided builds (the default). Why: an extension's code is large and each part of it runs
# briefly, so a document's pass misses the instruction cache often: in a cache simulation
# (callgrind, 10 bench documents) the compiled modules ran 7.7% of the instructions and caused 42%
# of the instruction-cache misses, as many as they saved in instructions. With a profile, gcc at
# -O2 lays the code out by what ran (hot paths together, the never-taken error branches of every
# Python call moved out of the way into .cold parts): one worker's wall clock -3.5% over 1,392
# bench documents, 4 alternating runs (-O2 alone: the same instructions, no gain measured;
# -Os: +2%). -fprofile-partial-training: code the training never ran is optimised as without a
# profile, not for size. -fprofile-update=single: the counters of the writer thread may race;
# a lost count only moves code.
PROFILE_DIR = BUILD_DIR / "profile"
OPTIMIZED_ARGS = ["-O2", "-g0", "-w"]


def profile_flags(stage: str) -> tuple[list[str], list[str]]:
    """(compile, link) arguments of the profile-guided build's `stage`: generate or use."""
    if stage == "generate":
        return ([*OPTIMIZED_ARGS, f"-fprofile-generate={PROFILE_DIR}", "-fprofile-update=single"],
                [f"-fprofile-generate={PROFILE_DIR}"])
    if stage == "use":
        return ([*OPTIMIZED_ARGS, f"-fprofile-use={PROFILE_DIR}", "-fprofile-correction", "-fprofile-partial-training",
                 "-Wno-missing-profile"], [])
    raise ValueError(f"unknown profile stage {stage!r}")


def extensions(root: Path = ROOT, compile_args: list[str] = COMPILE_ARGS, link_args: list[str] = ()):
    from setuptools import Extension

    def extension(name: str) -> Extension:
        source = source_path(name, root)
        # a package's extension is its __init__ (pipeline/extract/__init__.*.so), not pipeline/extract.*.so,
        # which the package's folder would hide; sources relative to the repository, so that the C
        # files mirror the package under BUILD_DIR
        built = name + ".__init__" if source.name == "__init__.py" else name
        return Extension(built, [os.path.relpath(source, root.parent)], extra_compile_args=list(compile_args),
                         extra_link_args=list(link_args))

    return [extension(name) for name in COMPILED]


def current_digests() -> dict[str, str]:
    """module -> sha256 of its source now."""
    return {name: source_digest(source_path(name, ROOT)) for name in COMPILED}


def _forget_changed(digests: dict[str, str], last_built: dict[str, str]) -> None:
    """Cython and the compiler judge what is out of date by file times; a source whose content
    differs from the last build's (a checkout can leave an older time) loses its C file, so it
    is compiled again whatever its time says."""
    for name, digest in digests.items():
        if last_built.get(name) != digest:
            c_file = BUILD_DIR / Path(os.path.relpath(source_path(name, ROOT), ROOT.parent)).with_suffix(".c")
            c_file.unlink(missing_ok=True)


def build(jobs: int, last_built: dict[str, str], compile_args: list[str] = COMPILE_ARGS,
          link_args: list[str] = ()) -> dict[str, str]:
    """Compile every module in place (those out of date); returns the manifest's modules (name ->
    source sha256). `last_built`: the previous manifest's modules."""
    from Cython.Build import cythonize
    from setuptools import Distribution
    from setuptools.command.build_ext import build_ext

    os.chdir(ROOT.parent)
    digests = current_digests()
    _forget_changed(digests, last_built)
    modules = cythonize(extensions(ROOT, compile_args, link_args), compiler_directives=DIRECTIVES, build_dir=str(BUILD_DIR),
                        nthreads=jobs, quiet=True)
    command = build_ext(Distribution({"ext_modules": modules}))
    command.inplace = True
    command.parallel = jobs
    command.build_temp = str(BUILD_DIR / "temp")
    command.ensure_finalized()
    command.run()
    return digests


def build_with_profile(jobs: int, last_built: dict[str, str]) -> dict[str, str]:
    """The profile-guided build: every module compiled with counters, a training run in a fresh
    process (the counters are written when it exits), every module compiled again with them.
    The instrumented modules are listed in the manifest only while the training runs."""
    shutil.rmtree(PROFILE_DIR, ignore_errors=True)
    forget_built()
    modules = current_digests()
    _forget_changed(modules, last_built)  # here, once: both phases then use the same C files
    _in_a_new_process(["pipeline.native_build", "--jobs", str(jobs), "--phase", "generate"])
    write_manifest(modules, MANIFEST)
    try:
        with tempfile.TemporaryDirectory(prefix="cepi-train-") as folder:
            _in_a_new_process(["pipeline.native_train", folder])
    finally:
        MANIFEST.unlink(missing_ok=True)
    forget_built()
    # (each phase in a process of its own: a second build in the same process linked the
    # instrumented objects again, seen with setuptools 84)
    _in_a_new_process(["pipeline.native_build", "--jobs", str(jobs), "--phase", "use"])
    return modules


def _in_a_new_process(module_and_args: list[str]) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT.parent), os.environ.get("PYTHONPATH")]))}
    env.pop(PURE_PYTHON_VARIABLE, None)
    subprocess.run([sys.executable, "-m", *module_and_args], check=True, env=env, cwd=ROOT.parent)


def forget_built(root: Path = ROOT) -> None:
    """Remove the compiled modules and what the compiler would take as up to date (objects, the
    build's own copies), so that the next build compiles every module with its new flags."""
    _remove_extensions(root)
    shutil.rmtree(BUILD_DIR / "temp", ignore_errors=True)
    for copies in (root.parent / "build").glob("lib.*"):
        shutil.rmtree(copies, ignore_errors=True)


def write_manifest(modules: dict[str, str], path: Path = MANIFEST, profiled: bool = False) -> None:
    import Cython

    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps({"cython": Cython.__version__, "modules": modules, "profiled": profiled},
                              indent=1, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)


def is_profiled(path: Path = MANIFEST) -> bool:
    """Whether the manifest's modules were built with a profile."""
    try:
        return json.loads(path.read_text(encoding="utf-8")).get("profiled") is True
    except (OSError, ValueError, AttributeError):
        return False


def up_to_date(last_built: dict[str, str], profiled: bool, root: Path = ROOT) -> bool:
    """Whether a profile-guided build would change nothing: the last build was one, of every
    module's current source, and every extension is there."""
    if not profiled:
        return False
    for name in COMPILED:
        source = source_path(name, root)
        if last_built.get(name) != source_digest(source) or not any(source.parent.glob(source.stem + ".*.so")):
            return False
    return True


def _remove_extensions(root: Path) -> int:
    removed = 0
    for name in COMPILED:
        source = source_path(name, root)
        for built in source.parent.glob(source.stem + ".*.so"):
            built.unlink()
            removed += 1
    return removed


def clean(root: Path = ROOT) -> int:
    removed = _remove_extensions(root)
    MANIFEST.unlink(missing_ok=True)
    shutil.rmtree(BUILD_DIR, ignore_errors=True)
    return removed


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m pipeline.native_build", description=__doc__.split("\n")[0])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="parallel compilations")
    parser.add_argument("--quick", action="store_true",
                        help="compile only what changed, without a profile (for development)")
    parser.add_argument("--clean", action="store_true", help="remove the compiled modules and the manifest")
    parser.add_argument("--phase", choices=("generate", "use"), help=argparse.SUPPRESS)  # build_with_profile's
    args = parser.parse_args(argv)
    if args.phase:  # one compilation of the profile-guided build (no manifest: the caller writes it)
        build(args.jobs, current_digests(), *profile_flags(args.phase))
        return
    if args.clean:
        print(f"removed {clean()} compiled modules; cepi runs as pure Python")
        return
    last_built = read_manifest(MANIFEST)
    if not args.quick and up_to_date(last_built, is_profiled(MANIFEST)):
        print(f"{len(last_built)} modules compiled with a profile, all current")
        return
    MANIFEST.unlink(missing_ok=True)  # during the build, nothing counts as compiled
    started = time.monotonic()
    try:
        if args.quick:
            modules = build(args.jobs, last_built)
        else:
            try:
                modules = build_with_profile(args.jobs, last_built)
            except subprocess.CalledProcessError as exc:  # a phase or the training failed: a plain build
                print(f"the profile-guided build failed ({exc}); compiling without a profile", file=sys.stderr)
                forget_built()
                args.quick = True
                modules = build(args.jobs, {})
    except Exception as exc:  # no compiler, no Cython: cepi still runs, as pure Python
        print(f"compiling failed ({exc.__class__.__name__}: {exc}); cepi runs as pure Python", file=sys.stderr)
        sys.exit(1)
    write_manifest(modules, MANIFEST, profiled=not args.quick)
    how = "" if args.quick else " and a profile"
    print(f"compiled {len(modules)} modules with Cython{how} in {time.monotonic() - started:.0f} s; "
          f"manifest {os.path.relpath(MANIFEST, ROOT.parent)}")


if __name__ == "__main__":
    main()
