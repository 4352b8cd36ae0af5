"""The profile-guided build of the compiled modules (native_build.build_with_profile, native_train):
its flags, when it is due, what it clears before compiling again, the training run, and the
plain build it falls back to when the training fails. (Compiling itself is exercised by `make
compile`, which every CI run and `make test` do.)"""
import json
import subprocess
from importlib.machinery import EXTENSION_SUFFIXES

import pyarrow.parquet as pq
import pytest

from pipeline import native_build, native_train
from pipeline.native import COMPILED, read_manifest, source_digest, source_path

EXTENSION = EXTENSION_SUFFIXES[0]


def test_both_stages_compile_alike_but_for_the_profile():
    generate, generate_link = native_build.profile_flags("generate")
    use, use_link = native_build.profile_flags("use")
    profile_dir = str(native_build.PROFILE_DIR)
    assert f"-fprofile-generate={profile_dir}" in generate and generate_link == [f"-fprofile-generate={profile_dir}"]
    assert f"-fprofile-use={profile_dir}" in use and use_link == []
    # a profile is read only by code compiled as the code it was taken on
    assert [a for a in generate if not a.startswith("-fprofile")] == native_build.OPTIMIZED_ARGS
    assert [a for a in use if not a.startswith(("-fprofile", "-Wno-missing-profile"))] == native_build.OPTIMIZED_ARGS
    with pytest.raises(ValueError):
        native_build.profile_flags("train")


def _tree(tmp_path, built=True):
    root = tmp_path / "pipeline"
    for name in COMPILED:  # the packages' folders first: a package's source is its __init__.py
        for other in COMPILED:
            if other.startswith(name + "."):
                (root / name.split(".", 1)[1].replace(".", "/")).mkdir(parents=True, exist_ok=True)
    digests = {}
    for name in COMPILED:
        source = source_path(name, root)
        source.parent.mkdir(parents=True, exist_ok=True)
        source.write_text(f"# {name}\n", encoding="utf-8")
        if built:
            source.with_name(source.stem + EXTENSION).write_bytes(b"\x7fELF")
        digests[name] = source_digest(source)
    return root, digests


# (last build profiled, manifest digests: current / one stale, one extension missing) -> up to date
DUE = [
    (True, "current", False, True),
    (False, "current", False, False),  # a --quick build: the next make compile profiles again
    (True, "stale", False, False),
    (True, "current", True, False),
]


@pytest.mark.parametrize("profiled, digests, one_missing, expected", DUE)
def test_a_profile_guided_build_is_due_unless_the_last_one_is_current(tmp_path, profiled, digests, one_missing,
                                                                      expected):
    root, current = _tree(tmp_path)
    last = dict(current)
    first = COMPILED[0]
    if digests == "stale":
        last[first] = "0" * 64
    if one_missing:
        source = source_path(first, root)
        source.with_name(source.stem + EXTENSION).unlink()
    assert native_build.up_to_date(last, profiled, root) is expected


def test_the_manifest_says_whether_the_build_was_profiled(tmp_path):
    path = tmp_path / "native.json"
    native_build.write_manifest({"pipeline.numbers": "ab" * 32}, path, profiled=True)
    assert native_build.is_profiled(path) and read_manifest(path) == {"pipeline.numbers": "ab" * 32}
    native_build.write_manifest({"pipeline.numbers": "ab" * 32}, path)
    assert not native_build.is_profiled(path)
    path.write_text(json.dumps({"cython": "3", "modules": {}}), encoding="utf-8")  # an older manifest
    assert not native_build.is_profiled(path)
    path.write_text("[]", encoding="utf-8")
    assert not native_build.is_profiled(path)
    assert not native_build.is_profiled(tmp_path / "missing.json")


def test_forget_built_clears_extensions_objects_and_copies_but_keeps_sources_and_c_files(tmp_path, monkeypatch):
    root, _ = _tree(tmp_path)
    build = tmp_path / "build" / "cython"
    (build / "temp" / "pipeline").mkdir(parents=True)
    (build / "temp" / "pipeline" / "numbers.o").write_bytes(b"obj")
    (build / "pipeline").mkdir(parents=True)
    (build / "pipeline" / "numbers.c").write_text("/* generated */")
    copies = tmp_path / "build" / "lib.linux-x86_64-cpython-311" / "pipeline"
    copies.mkdir(parents=True)
    (copies / f"numbers{EXTENSION}").write_bytes(b"\x7fELF")
    monkeypatch.setattr(native_build, "BUILD_DIR", build)
    native_build.forget_built(root)
    assert not list(root.rglob(f"*{EXTENSION}"))
    assert len(list(root.rglob("*.py"))) == len(COMPILED)
    assert not (build / "temp").exists() and not copies.parent.exists()
    assert (build / "pipeline" / "numbers.c").is_file()


def test_the_training_run_processes_the_sample_and_synthetic_documents(tmp_path):
    processed = native_train.train(tmp_path)
    samples = sum(1 for p in native_train.SAMPLE.rglob("*") if p.is_file())
    synthetic = sum(1 for _ in (tmp_path / "synthetic").rglob("*.txt"))
    assert synthetic >= 50 and processed >= synthetic + samples // 2
    documents = pq.read_table(tmp_path / "out" / "documents.parquet").to_pydict()
    assert len(documents["doc_id"]) == processed
    assert pq.read_table(tmp_path / "out" / "facts.parquet").num_rows > 0
    assert pq.read_table(tmp_path / "out" / "measures.parquet").num_rows > 0


def test_a_failed_profile_guided_build_falls_back_to_a_plain_build(tmp_path, monkeypatch, capsys):
    manifest = tmp_path / "native.json"
    calls = []

    def failing(jobs, last):
        raise subprocess.CalledProcessError(1, ["python", "-m", "pipeline.native_train"])

    def plain(jobs, last, *flags):
        calls.append(flags)
        return {"pipeline.numbers": "cd" * 32}

    monkeypatch.setattr(native_build, "MANIFEST", manifest)
    monkeypatch.setattr(native_build, "read_manifest", lambda path=None: {})
    monkeypatch.setattr(native_build, "up_to_date", lambda last, profiled: False)
    monkeypatch.setattr(native_build, "build_with_profile", failing)
    monkeypatch.setattr(native_build, "build", plain)
    monkeypatch.setattr(native_build, "forget_built", lambda root=None: calls.append("forgotten"))
    native_build.main(["--jobs", "1"])
    assert calls == ["forgotten", ()]  # the instrumented modules removed, then the plain flags
    assert read_manifest(manifest) == {"pipeline.numbers": "cd" * 32} and not native_build.is_profiled(manifest)
    assert "profile-guided build failed" in capsys.readouterr().err
