"""Compiled modules are imported only while the manifest holds their source's current hash (native.py)."""
import json
import os
import subprocess
import sys
from importlib.machinery import EXTENSION_SUFFIXES, SourceFileLoader
from pathlib import Path

import pytest

from pipeline import native
from pipeline.native import CompiledOnlyWhenCurrent, read_manifest, source_digest, source_path

EXTENSION = EXTENSION_SUFFIXES[0]
REPO = Path(__file__).resolve().parent.parent


def _module(folder: Path, stem: str, source: str = "X = 1\n", compiled: bool = True) -> Path:
    path = folder / f"{stem}.py"
    path.write_text(source, encoding="utf-8")
    if compiled:  # never loaded here: the finder only chooses between the two files
        (folder / f"{stem}{EXTENSION}").write_bytes(b"\x7fELF not really")
    return path


def _origin(finder, name, folder) -> str:
    return Path(finder.find_spec(name, [str(folder)]).origin).name


# (manifest holds: the current digest / another / nothing, pure_python) -> the file imported
CHOICES = [
    ("current", False, f"mod{EXTENSION}"),
    ("other", False, "mod.py"),
    ("absent", False, "mod.py"),
    ("current", True, "mod.py"),
]


@pytest.mark.parametrize("held, pure, expected", CHOICES)
def test_extension_only_when_the_manifest_holds_the_current_source(tmp_path, held, pure, expected):
    source = _module(tmp_path, "mod")
    manifest = {"current": {"pipeline.mod": source_digest(source)}, "other": {"pipeline.mod": "0" * 64},
                "absent": {}}[held]
    assert _origin(CompiledOnlyWhenCurrent(manifest, pure_python=pure), "pipeline.mod", tmp_path) == expected


def test_an_edited_source_wins_over_its_stale_extension(tmp_path):
    source = _module(tmp_path, "mod")
    finder = CompiledOnlyWhenCurrent({"pipeline.mod": source_digest(source)})
    assert _origin(finder, "pipeline.mod", tmp_path) == f"mod{EXTENSION}"
    source.write_text("X = 2\n", encoding="utf-8")
    spec = finder.find_spec("pipeline.mod", [str(tmp_path)])
    assert Path(spec.origin).name == "mod.py" and isinstance(spec.loader, SourceFileLoader)


def test_a_package_falls_back_to_its_init_and_keeps_its_path(tmp_path):
    package = tmp_path / "pkg"
    package.mkdir()
    init = _module(package, "__init__")
    current = CompiledOnlyWhenCurrent({"pipeline.pkg": source_digest(init)})
    stale = CompiledOnlyWhenCurrent({"pipeline.pkg": "0" * 64})
    assert _origin(current, "pipeline.pkg", tmp_path) == f"__init__{EXTENSION}"
    spec = stale.find_spec("pipeline.pkg", [str(tmp_path)])
    assert Path(spec.origin).name == "__init__.py"
    assert list(spec.submodule_search_locations) == [str(package)]


def test_modules_without_an_extension_and_other_packages_are_left_alone(tmp_path):
    _module(tmp_path, "plain", compiled=False)
    finder = CompiledOnlyWhenCurrent({})
    assert _origin(finder, "pipeline.plain", tmp_path) == "plain.py"
    assert finder.find_spec("otherpkg.mod", [str(tmp_path)]) is None
    assert finder.find_spec("pipeline", None) is None


def test_manifest_round_trip_and_unreadable_manifests(tmp_path, monkeypatch):
    from pipeline import native_build

    path = tmp_path / "native.json"
    native_build.write_manifest({"pipeline.numbers": "ab" * 32}, path)
    assert read_manifest(path) == {"pipeline.numbers": "ab" * 32}
    assert json.loads(path.read_text())["cython"]
    path.write_text("{not json", encoding="utf-8")
    assert read_manifest(path) == {}
    assert read_manifest(tmp_path / "missing.json") == {}


def test_every_listed_module_has_its_source():
    root = REPO / "pipeline"
    assert len(set(native.COMPILED)) == len(native.COMPILED)
    for name in native.COMPILED:
        assert source_path(name, root).is_file(), name
    assert source_path("pipeline.extract", root) == root / "extract" / "__init__.py"
    assert source_path("pipeline.numbers", root) == root / "numbers.py"


def _imported_from(module: str, **env) -> str:
    code = f"import {module} as m; print(m.__file__)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, **env}, cwd=REPO)
    return out.stdout.strip()


@pytest.mark.skipif(not native.read_manifest(), reason="modules not compiled (make compile)")
def test_compiled_modules_are_used_and_pure_python_on_request():
    assert _imported_from("pipeline.extract.facts").endswith(EXTENSION)
    assert _imported_from("pipeline.extract.facts", CEPI_PURE_PYTHON="1").endswith("facts.py")


def test_compiled_current_lists_built_modules_matching_the_manifest(tmp_path, monkeypatch):
    root = tmp_path / "pipeline"
    root.mkdir()
    numbers = _module(root, "numbers")
    _module(root, "segment", compiled=False)
    manifest = tmp_path / "native.json"
    manifest.write_text(json.dumps({"modules": {"pipeline.numbers": source_digest(numbers),
                                                "pipeline.segment": source_digest(root / "segment.py")}}))
    monkeypatch.setattr(native, "COMPILED", ("pipeline.numbers", "pipeline.segment", "pipeline.metadata"))
    monkeypatch.delenv(native.PURE_PYTHON_VARIABLE, raising=False)
    assert native.compiled_current(manifest, root) == ["pipeline.numbers"]
    numbers.write_text("X = 3\n", encoding="utf-8")
    assert native.compiled_current(manifest, root) == []


def test_a_changed_source_loses_its_c_file_whatever_its_time(tmp_path, monkeypatch):
    from pipeline import native_build

    root = tmp_path / "pipeline"
    root.mkdir()
    kept, changed = _module(root, "numbers"), _module(root, "segment")
    build = tmp_path / "build"
    for stem in ("numbers", "segment"):
        (build / "pipeline").mkdir(parents=True, exist_ok=True)
        (build / "pipeline" / f"{stem}.c").write_text("/* generated */")
    monkeypatch.setattr(native_build, "ROOT", root)
    monkeypatch.setattr(native_build, "BUILD_DIR", build)
    digests = {"pipeline.numbers": source_digest(kept), "pipeline.segment": source_digest(changed)}
    native_build._forget_changed(digests, {"pipeline.numbers": digests["pipeline.numbers"],
                                           "pipeline.segment": "0" * 64})
    assert (build / "pipeline" / "numbers.c").is_file()
    assert not (build / "pipeline" / "segment.c").exists()
