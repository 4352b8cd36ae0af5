"""cepi report: a self-contained HTML file, checked in headless Chromium (Debian's `chromium`).

Chromium is driven over the DevTools protocol on a pipe (--remote-debugging-pipe: JSON messages
ending in NUL on fds 3 and 4), so the test reads console messages with their level and uncaught
exceptions, the rendered DOM, and takes a screenshot, with no extra Python dependency. The browser
tests skip when chromium is absent (`make chromium` installs it).
"""
from __future__ import annotations

import base64
import json
import os
import queue
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.report import SECTIONS, report_html

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--remote-debugging-pipe",
         "--window-size=1200,900"]
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (make chromium)")


class Browser:
    """A headless Chromium page driven over the DevTools pipe."""

    def __init__(self, user_data_dir: Path):
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()

        def fds():  # the protocol pipe is fds 3 (commands in) and 4 (replies out)
            a, b = os.dup(to_child_r), os.dup(from_child_w)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.proc = subprocess.Popen([CHROMIUM, *FLAGS, f"--user-data-dir={user_data_dir}", "about:blank"],
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     preexec_fn=fds, close_fds=False)  # dup2 makes 3 and 4 inheritable
        os.close(to_child_r)
        os.close(from_child_w)
        self._next_id, self.events, self._replies = 0, [], queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        targets = self.send("Target.getTargets")["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        self.session = self.send("Target.attachToTarget", targetId=page["targetId"], flatten=True)["sessionId"]
        for domain in ("Runtime", "Log", "Page"):
            self.send(f"{domain}.enable", session=True)

    def _read(self):
        buf = b""
        while chunk := os.read(self._from_child, 65536):
            buf += chunk
            *messages, buf = buf.split(b"\0")
            for raw in messages:
                message = json.loads(raw)
                (self._replies.put if "id" in message else self.events.append)(message)

    def send(self, method: str, session: bool = False, timeout: float = 60, **params) -> dict:
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        os.write(self._to_child, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._replies.get(timeout=timeout)
            if reply["id"] == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    def open(self, url: str, settle: float = 1.0, timeout: float = 60) -> None:
        self.send("Page.navigate", session=True, url=url)
        deadline = time.monotonic() + timeout
        while not any(e.get("method") == "Page.loadEventFired" for e in self.events):
            if time.monotonic() > deadline:
                raise TimeoutError(f"{url} did not load")
            time.sleep(0.1)
        time.sleep(settle)  # let the charts draw

    def evaluate(self, expression: str):
        return self.send("Runtime.evaluate", session=True, expression=expression, returnByValue=True)["result"]["value"]

    def errors(self) -> list[str]:
        """Console errors and warnings, uncaught exceptions, and browser log errors, as text."""
        out = []
        for e in self.events:
            method, params = e.get("method"), e.get("params", {})
            if method == "Runtime.consoleAPICalled" and params["type"] in ("error", "warning", "assert"):
                out.append(" ".join(str(a.get("value", a.get("description"))) for a in params["args"]))
            elif method == "Runtime.exceptionThrown":
                out.append(params["exceptionDetails"].get("exception", {}).get("description")
                           or params["exceptionDetails"]["text"])
            elif method == "Log.entryAdded" and params["entry"]["level"] in ("error", "warning"):
                out.append(params["entry"]["text"])
        return out

    def screenshot(self, path: Path) -> None:
        height = self.evaluate("document.documentElement.scrollHeight")
        self.send("Emulation.setDeviceMetricsOverride", session=True, width=1200, height=min(int(height), 8000),
                  deviceScaleFactor=1, mobile=False)
        data = self.send("Page.captureScreenshot", session=True, format="png")["data"]
        path.write_bytes(base64.b64decode(data))

    def close(self):
        try:
            self.send("Browser.close", timeout=10)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        os.close(self._to_child)


@pytest.fixture()
def browser(tmp_path):
    b = Browser(tmp_path / "profile")
    yield b
    b.close()


@pytest.fixture(scope="module")
def sample_output(tmp_path_factory):
    out = tmp_path_factory.mktemp("sample")
    result = CliRunner().invoke(app, ["extract", str(REPO / "corpora" / "sample"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def report_file(sample_output, tmp_path_factory):
    path = tmp_path_factory.mktemp("report") / "report.html"
    result = CliRunner().invoke(app, ["report", str(sample_output), "--out", str(path)])
    assert result.exit_code == 0, result.output
    return path


def test_report_is_self_contained(report_file):
    page = report_file.read_text(encoding="utf-8")
    for key in SECTIONS:
        assert f'<section id="{key}">' in page
    from plotly.offline import get_plotlyjs

    assert get_plotlyjs() in page  # plotly.js inlined once
    outside = page.replace(get_plotlyjs(), "")
    assert "<script src=" not in outside and "http" not in outside  # nothing fetched
    assert page.count("Plotly.newPlot") >= 4


def test_report_lists_conflicts_and_failed_checks(sample_output):
    page = report_html(sample_output)
    conflicts = page[page.index('<section id="conflicts">'):page.index('<section id="checks">')]
    assert "岳阳市" in conflicts and "35; 36" in conflicts  # the plan's 36 against the report's 35
    assert "yueyang_city_plan_r2: 36 «整改任务36项»" in conflicts


def test_report_on_an_empty_output_still_has_every_section(tmp_path):
    cols = ["doc_id", "sha256", "status", "text_norm", "doc_type", "admin_level", "region"]
    pd.DataFrame([["a", "s", "error", None, None, None, None]], columns=cols).to_parquet(tmp_path / "documents.parquet")
    page = report_html(tmp_path)
    for key in SECTIONS:
        assert f'<section id="{key}">' in page


@needs_chromium
def test_the_browser_check_catches_console_errors(tmp_path, browser):
    bad = tmp_path / "bad.html"
    bad.write_text('<html><body><script>console.error("boom"); missingFunction();</script></body></html>')
    browser.open(bad.as_uri(), settle=0.2)
    errors = browser.errors()
    assert any("boom" in e for e in errors) and any("missingFunction" in e for e in errors)


@needs_chromium
def test_report_in_headless_chromium(report_file, browser, tmp_path):
    browser.open(report_file.as_uri())
    assert browser.errors() == []
    sections = browser.evaluate("[...document.querySelectorAll('section')].map(s => s.id)")
    assert sections == list(SECTIONS)
    charts = browser.evaluate("document.querySelectorAll('.js-plotly-plot .main-svg').length")
    assert charts >= 4  # plotly drew its charts offline
    shot = tmp_path / "report.png"
    browser.screenshot(shot)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
    keep = os.environ.get("CEPI_REPORT_SCREENSHOT")
    if keep:
        shutil.copy(shot, keep)
