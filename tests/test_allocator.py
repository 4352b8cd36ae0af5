"""The `cepi` command's C allocator (allocator.py): which library, the environment of the restart
and the one given back after it, and the command restarting itself with the library loaded."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline import allocator
from pipeline.allocator import RESTARTED, VARIABLE

REPO = Path(__file__).resolve().parent.parent
LIB = "/opt/alloc/libfast.so.2"


@pytest.fixture()
def fake_library(tmp_path):
    path = tmp_path / "lib" / "x86_64-linux-gnu" / "libfast.so.2"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"")
    return path


def test_library_by_choice_or_by_the_installed_ones(tmp_path, fake_library):
    patterns = (str(tmp_path / "lib" / "*-linux-gnu" / "libfast.so.2"),)
    missing = (str(tmp_path / "nowhere" / "libfast.so.2"),)
    table = [
        ({VARIABLE: "system"}, patterns, None),
        ({VARIABLE: str(fake_library)}, missing, str(fake_library)),
        ({VARIABLE: str(tmp_path / "gone.so")}, patterns, None),  # a chosen file that is missing: none
        ({}, patterns, str(fake_library)),
        ({}, missing, None),
    ]
    for environ, found_in, expected in table:
        assert allocator.library(environ, found_in) == expected, environ


def test_restart_environment():
    table = [
        ({}, None, None),  # no library
        ({RESTARTED: LIB}, LIB, None),  # restarted once already
        ({"LD_PRELOAD": f"/a.so {LIB}"}, LIB, None),  # the user preloads it already
        ({"HOME": "/root"}, LIB, {"HOME": "/root", "LD_PRELOAD": LIB, RESTARTED: LIB}),
        ({"LD_PRELOAD": "/a.so:/b.so"}, LIB, {"LD_PRELOAD": f"{LIB}:/a.so:/b.so", RESTARTED: LIB}),
    ]
    for environ, lib, expected in table:
        assert allocator.restart_environment(environ, lib) == expected, environ


def test_environment_after_restart():
    table = [
        ({RESTARTED: LIB, "LD_PRELOAD": LIB, "HOME": "/root"}, {RESTARTED: LIB, "HOME": "/root"}),
        ({RESTARTED: LIB, "LD_PRELOAD": f"{LIB}:/a.so"}, {RESTARTED: LIB, "LD_PRELOAD": "/a.so"}),
        ({RESTARTED: LIB}, {RESTARTED: LIB}),
        ({"LD_PRELOAD": LIB}, {"LD_PRELOAD": LIB}),  # not restarted: the user's own
    ]
    for environ, expected in table:
        assert allocator.environment_after_restart(environ) == expected, environ


@given(st.lists(st.sampled_from(["/a.so", "/b/c.so", "libx.so", "/lib/y.so.1"]), max_size=4),
       st.sampled_from([":", " "]))
def test_the_restart_gives_the_users_preload_back(entries, separator):
    environ = {"LD_PRELOAD": separator.join(entries)} if entries else {}
    after = allocator.environment_after_restart(allocator.restart_environment(environ, LIB))
    if entries:
        assert after["LD_PRELOAD"].split(":") == entries
    else:
        assert "LD_PRELOAD" not in after


def _run_restarting(env_extra: dict) -> list[str]:
    code = ("from pipeline import allocator; allocator.restart_with_allocator(); import os; "
            "print(any('jemalloc' in line for line in open('/proc/self/maps'))); print(os.environ.get('LD_PRELOAD'))")
    env = {k: v for k, v in os.environ.items() if k not in (RESTARTED, VARIABLE, "LD_PRELOAD")}
    env.update(PYTHONPATH=str(REPO), **env_extra)
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return done.stdout.split()


@pytest.mark.skipif(not sys.platform.startswith("linux") or allocator.library({}) is None,
                    reason="jemalloc is not installed (make setup installs Debian's libjemalloc2)")
def test_the_command_starts_again_with_jemalloc_loaded_and_gives_ld_preload_back():
    assert _run_restarting({}) == ["True", "None"]
    assert _run_restarting({VARIABLE: "system"}) == ["False", "None"]


def test_python_dash_m_pipeline_is_the_command():
    done = subprocess.run([sys.executable, "-m", "pipeline", "--version"], cwd=REPO, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.returncode == 0 and done.stdout.startswith("cepi ")
