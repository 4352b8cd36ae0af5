"""cepi pull against a fixture site on 127.0.0.1 (tests/pull_site.py): the manifest and the WARC files
exactly, re-runs, interruptions, and `cepi extract` on the archive. No test touches another address."""
from __future__ import annotations

import gzip
import hashlib
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.ingest import iter_documents
from pipeline.pull import PullConfig, pull
from pipeline.pull.archive import Archive, read_manifest, read_payload
from pipeline.pull.html import declared_charset, document_kind, next_page, parse_page, pattern_next, published_date

sys.path.insert(0, str(Path(__file__).parent))
from pull_site import DOCX_LINES, PAGE_1001, PAGE_1003, PDF_LINES, Site  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
FAST = dict(rate=1000.0, read_timeout=0.3, connect_timeout=2.0, retries=2, backoff=0.01, trust_env=False)
MATCH = "整改|督察"

# Requests of a first pull, in order: robots.txt once; index page 1, its matched links (1001 with its two
# attachments, the docx linked twice fetched once), the redirect and its target, the GBK page, the 404
# once (4xx is not retried), the flaky page three times, the slow page three times; /private/ never
# (robots.txt); index_1.html by the CMS pattern, its new link (1001 again is not re-fetched);
# list_p3.html by its 下一页 link; 局领导调研 and 机构设置 do not match.
FIRST_RUN = [
    "/robots.txt", "/hjdc/index.html",
    "/hjdc/t20230615_1001.html", "/files/P020230615_report.docx", "/files/P020230615_table.pdf",
    "/hjdc/old_1002.html", "/hjdc/t20230620_1002.html", "/hjdc/t20230701_1003.html", "/hjdc/t20230702_1004.html",
    "/hjdc/flaky.html", "/hjdc/flaky.html", "/hjdc/flaky.html",
    "/hjdc/slow.html", "/hjdc/slow.html", "/hjdc/slow.html",
    "/hjdc/photo.png", "/hjdc/index_1.html", "/hjdc/t20230801_1005.html", "/hjdc/list_p3.html",
]
HTML = "text/html; charset=utf-8"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# (url, final_url, parent_url, role, http_status, content_type, charset, error prefix)
MANIFEST = [
    ("/robots.txt", "/robots.txt", None, "robots", 200, "text/plain", None, None),
    ("/hjdc/index.html", "/hjdc/index.html", None, "index", 200, HTML, "utf-8", None),
    ("/hjdc/t20230615_1001.html", "/hjdc/t20230615_1001.html", "/hjdc/index.html", "page", 200, HTML, "utf-8", None),
    ("/files/P020230615_report.docx", "/files/P020230615_report.docx", "/hjdc/t20230615_1001.html", "attachment",
     200, DOCX, None, None),
    ("/files/P020230615_table.pdf", "/files/P020230615_table.pdf", "/hjdc/t20230615_1001.html", "attachment",
     200, "application/pdf", None, None),
    ("/hjdc/old_1002.html", "/hjdc/t20230620_1002.html", "/hjdc/index.html", "page", 200, HTML, "utf-8", None),
    ("/hjdc/t20230701_1003.html", "/hjdc/t20230701_1003.html", "/hjdc/index.html", "page", 200,
     "text/html; charset=gbk", "gbk", None),
    ("/hjdc/t20230702_1004.html", "/hjdc/t20230702_1004.html", "/hjdc/index.html", "page", 404, HTML, "utf-8",
     "HTTP 404 Not Found: no page at this address"),
    ("/hjdc/flaky.html", "/hjdc/flaky.html", "/hjdc/index.html", "page", 200, HTML, "utf-8", None),
    ("/hjdc/slow.html", None, "/hjdc/index.html", "page", None, None, None,
     "timed out waiting for the response (0.3 s) after 3 attempts"),
    ("/private/t20230703_1.html", None, "/hjdc/index.html", "page", None, None, None, "refused by robots.txt of"),
    ("/hjdc/photo.png", "/hjdc/photo.png", "/hjdc/index.html", "page", 200, "image/png", None,
     "not a document: the server sent image/png"),
    ("/hjdc/index_1.html", "/hjdc/index_1.html", None, "index", 200, HTML, "utf-8", None),
    ("/hjdc/t20230801_1005.html", "/hjdc/t20230801_1005.html", "/hjdc/index_1.html", "page", 200, HTML, "utf-8", None),
    ("/hjdc/list_p3.html", "/hjdc/list_p3.html", None, "index", 200, HTML, "utf-8", None),
]


def _pull(site: Site, archive: Path, **kw):
    return pull(archive, index=f"{site.base}/hjdc/index.html", match=MATCH, pages=5,
                config=PullConfig(**FAST), **kw)


def _rel(site: Site, url):
    return url[len(site.base):] if url else url


def _manifest(site: Site, archive: Path) -> list[tuple]:
    rows = read_manifest(archive)
    return [(_rel(site, r["url"]), _rel(site, r["final_url"]), _rel(site, r["parent_url"]), r["role"],
             r["http_status"], r["content_type"], r["charset"],
             _prefix(r["error"]))
            for r in rows]


def _prefix(error):
    if error is None:
        return None
    for m in MANIFEST:
        if m[-1] and error.startswith(m[-1]):
            return m[-1]
    return error


def _warc_records(archive: Path) -> list[tuple]:
    """(file, type, target path, http status) of every record of every WARC file, in file order."""
    from warcio.archiveiterator import ArchiveIterator

    out = []
    for path in sorted(archive.glob("*.warc.gz")):
        with open(path, "rb") as f:
            for rec in ArchiveIterator(f):
                uri = rec.rec_headers.get_header("WARC-Target-URI")
                status = rec.http_headers.get_statuscode() if rec.rec_type == "response" else None
                out.append((path.name, rec.rec_type, uri.split("/", 3)[-1] if uri and "://" in uri else uri, status))
    return out


@pytest.fixture
def site():
    with Site() as s:
        yield s


def test_first_pull_fetches_and_archives_the_site_exactly(site, tmp_path):
    archive = tmp_path / "arch"
    summary = _pull(site, archive)
    assert site.paths() == FIRST_RUN
    assert all("cepi/" in headers["User-Agent"] for _, headers in site.log)
    assert summary.counts == {"fetched": 10, "error": 4}
    assert _manifest(site, archive) == MANIFEST

    rows = read_manifest(archive)
    served = {"/hjdc/t20230615_1001.html": PAGE_1001.encode(), "/hjdc/t20230701_1003.html": PAGE_1003.encode("gbk"),
              "/files/P020230615_report.docx": site.docx, "/files/P020230615_table.pdf": site.pdf}
    for row in rows:
        if row["url"][len(site.base):] in served:
            body = served[row["url"][len(site.base):]]
            assert (row["sha256"], row["bytes"]) == (hashlib.sha256(body).hexdigest(), len(body))
            assert read_payload(archive, row) == body
        if row["warc_file"]:  # the offset points at the response record of the final URL
            assert read_payload(archive, row) is not None
    by_url = {_rel(site, r["url"]): r for r in rows}
    assert by_url["/hjdc/t20230615_1001.html"]["etag"] == '"v1-1001"'
    assert by_url["/files/P020230615_report.docx"]["last_modified"] == "Thu, 15 Jun 2023 08:00:00 GMT"

    # One WARC file: warcinfo, then request + response for every response received (retries and
    # redirect hops included), nothing for the timeouts and the robots refusal.
    [warc] = sorted(p.name for p in archive.glob("*.warc.gz"))
    records = _warc_records(archive)
    assert records[0] == (warc, "warcinfo", None, None)
    pairs = [(records[i][1], records[i + 1][1], records[i][2], records[i + 1][3]) for i in range(1, len(records), 2)]
    assert all(req == "request" and resp == "response" and records[i][2] == records[i + 1][2]
               for i, (req, resp, _, _) in zip(range(1, len(records), 2), pairs))
    assert [(path, status) for _, _, path, status in pairs] == [
        ("robots.txt", "200"), ("hjdc/index.html", "200"), ("hjdc/t20230615_1001.html", "200"),
        ("files/P020230615_report.docx", "200"), ("files/P020230615_table.pdf", "200"),
        ("hjdc/old_1002.html", "301"), ("hjdc/t20230620_1002.html", "200"), ("hjdc/t20230701_1003.html", "200"),
        ("hjdc/t20230702_1004.html", "404"),
        ("hjdc/flaky.html", "500"), ("hjdc/flaky.html", "500"), ("hjdc/flaky.html", "200"),
        ("hjdc/photo.png", "200"), ("hjdc/index_1.html", "200"), ("hjdc/t20230801_1005.html", "200"),
        ("hjdc/list_p3.html", "200"),
    ]


def test_second_pull_fetches_nothing_new(site, tmp_path):
    archive = tmp_path / "arch"
    _pull(site, archive)
    before_rows, before_files = read_manifest(archive), {p.name: p.stat().st_size for p in archive.glob("*.warc.gz")}
    site.log.clear()
    summary = _pull(site, archive)
    # robots.txt and the index pages are read again (new reports appear there); documents with an
    # ETag / Last-Modified are re-checked conditionally (304), the others skipped; errors retried.
    assert site.paths() == [
        "/robots.txt", "/hjdc/index.html", "/hjdc/t20230615_1001.html", "/files/P020230615_report.docx",
        "/hjdc/t20230702_1004.html", "/hjdc/slow.html", "/hjdc/slow.html", "/hjdc/slow.html", "/hjdc/photo.png",
        "/hjdc/index_1.html", "/hjdc/list_p3.html",
    ]
    log = dict(site.log)
    assert log["/hjdc/t20230615_1001.html"]["If-None-Match"] == '"v1-1001"'
    assert log["/files/P020230615_report.docx"]["If-Modified-Since"] == "Thu, 15 Jun 2023 08:00:00 GMT"
    assert summary.counts == {"unchanged": 5, "skipped": 5, "error": 4}
    assert read_manifest(archive) == before_rows
    assert {p.name: p.stat().st_size for p in archive.glob("*.warc.gz")} == before_files


def test_a_changed_page_is_archived_again_as_a_new_version(site, tmp_path):
    archive = tmp_path / "arch"
    _pull(site, archive)
    original = site.route

    def changed(path, headers):
        if path == "/hjdc/list_p3.html":
            return 200, {"Content-Type": HTML}, "<html><body><p>新的一页</p></body></html>".encode()
        return original(path, headers)

    site.route = changed
    _pull(site, archive)
    rows = [r for r in read_manifest(archive) if r["url"].endswith("/hjdc/list_p3.html")]
    assert len(rows) == 2 and rows[0]["sha256"] != rows[1]["sha256"]
    assert rows[0]["warc_file"] != rows[1]["warc_file"]  # a new run writes a new WARC file


def test_a_guessed_index_page_that_does_not_exist_ends_the_index_quietly(site, tmp_path):
    original = site.route
    site.route = lambda path, headers: original("/gone" if path == "/hjdc/index_1.html" else path, headers)
    summary = pull(tmp_path / "arch", index=f"{site.base}/hjdc/index.html", match="公示", pages=5,
                   config=PullConfig(**FAST))
    assert site.paths() == ["/robots.txt", "/hjdc/index.html", "/hjdc/t20230615_1001.html",
                            "/files/P020230615_report.docx", "/files/P020230615_table.pdf", "/hjdc/index_1.html"]
    assert summary.counts == {"fetched": 4}
    assert [r["role"] for r in read_manifest(tmp_path / "arch")] == ["robots", "index", "page", "attachment", "attachment"]


def test_gzip_and_chunked_responses_are_archived_as_received_and_read_back(site, tmp_path):
    original = site.route

    def route(path, headers):
        if path == "/gz.html":
            return 200, {"Content-Type": HTML, "Content-Encoding": "gzip"}, gzip.compress(PAGE_1001.encode())
        if path == "/chunked.html":
            return 200, {"Content-Type": HTML, "Transfer-Encoding": "chunked"}, PAGE_1001.encode()
        return original(path, headers)

    site.route = route
    archive = tmp_path / "arch"
    pull(archive, urls=[f"{site.base}/gz.html", f"{site.base}/chunked.html"], config=PullConfig(**FAST))
    rows = [r for r in read_manifest(archive) if r["role"] == "page"]
    assert [r["error"] for r in rows] == [None, None]
    for row in rows:
        assert read_payload(archive, row) == PAGE_1001.encode()
        assert row["sha256"] == hashlib.sha256(PAGE_1001.encode()).hexdigest()
    from warcio.archiveiterator import ArchiveIterator

    with open(archive / rows[0]["warc_file"], "rb") as f:
        f.seek(rows[0]["warc_offset"])
        record = next(iter(ArchiveIterator(f)))
        assert record.http_headers.get_header("Content-Encoding") == "gzip"
        assert gzip.decompress(record.raw_stream.read()) == PAGE_1001.encode()  # stored as received


def test_a_failed_recheck_keeps_the_archived_version_and_clears_when_it_answers_again(site, tmp_path):
    archive = tmp_path / "arch"
    url = f"{site.base}/hjdc/t20230615_1001.html"
    pull(archive, urls=[url], config=PullConfig(**FAST))
    original = site.route
    site.route = lambda path, headers: (503, {}, b"busy") if path.endswith("1001.html") else original(path, headers)
    pull(archive, urls=[url], config=PullConfig(**FAST))
    rows = [(r["http_status"], r["error"] is None) for r in read_manifest(archive) if r["url"] == url]
    assert rows == [(200, True), (503, False)]
    [doc] = [d for d in iter_documents([archive]) if d.source == url]
    assert doc.status == "ok" and doc.text.startswith("吉安市关于")
    site.route = original
    pull(archive, urls=[url], config=PullConfig(**FAST))  # 304 again: the error row goes
    assert [(r["http_status"], r["error"]) for r in read_manifest(archive) if r["url"] == url] == [(200, None)]


def test_interrupted_pull_resumes_without_duplicates(site, tmp_path):
    archive = tmp_path / "arch"

    class Stop(Exception):
        pass

    def stop_after_three(kind, url, error):
        if kind == "fetched" and sum(1 for p in site.paths() if p.startswith(("/hjdc/t", "/files/"))) >= 3:
            raise Stop()

    with pytest.raises(Stop):
        _pull(site, archive, on_event=stop_after_three)
    assert [r["role"] for r in read_manifest(archive)] == ["robots", "index", "page", "attachment", "attachment"]

    # Killed between writing a response to the WARC and recording it in the manifest: the next run
    # cuts the unrecorded record (and a half-written one) and fetches that URL again, once.
    save = Archive._save
    calls = []

    def crash_on_second_save(self):
        calls.append(1)
        if len(calls) == 2:
            raise Stop()
        save(self)

    Archive._save = crash_on_second_save
    try:
        with pytest.raises(Stop):
            _pull(site, archive)
    finally:
        Archive._save = save
    [latest] = sorted(archive.glob("*.warc.gz"), key=os.path.getmtime)[-1:]
    with open(latest, "ab") as f:
        f.write(gzip.compress(b"WARC/1.1\r\nWARC-Type: response\r\n")[:20])  # a record cut mid-write

    site.log.clear()
    _pull(site, archive)
    rows = read_manifest(archive)
    assert _manifest(site, archive) == MANIFEST
    ok_urls = [r["url"] for r in rows if r["error"] is None]
    assert len(ok_urls) == len(set(ok_urls))
    responses = [(path, status) for _, kind, path, status in _warc_records(archive) if kind == "response"]
    documents = [p for p, s in responses if s == "200" and not p.startswith(("robots", "hjdc/index", "hjdc/list"))]
    assert len(documents) == len(set(documents)) == 8


def test_pull_killed_midway_in_a_subprocess_then_restarted(site, tmp_path):
    """`cepi pull` killed (SIGKILL) while its fifth request is in flight; a second run completes it."""
    archive = tmp_path / "arch"
    site.hold_at = 5  # the server holds the 5th request until the process is dead
    cmd = [sys.executable, "-m", "pipeline.cli", "pull", "--archive", str(archive),
           "--index", f"{site.base}/hjdc/index.html", "--match", MATCH, "--pages", "5",
           "--rate", "1000", "--timeout", "0.3", "--retries", "2"]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1"}
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert site.held.wait(120), "the subprocess never reached the 5th request"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(30)
    finally:
        if proc.poll() is None:
            proc.kill()
        site.release.set()
    assert [r["role"] for r in read_manifest(archive)] == ["robots", "index", "page", "attachment"]

    site.log.clear()
    _pull(site, archive)
    assert site.paths()[:3] == ["/robots.txt", "/hjdc/index.html", "/hjdc/t20230615_1001.html"]
    assert "/files/P020230615_report.docx" in site.paths()  # re-checked conditionally (304), not re-fetched
    assert "/files/P020230615_table.pdf" in site.paths()  # the one in flight when killed
    assert _manifest(site, archive) == MANIFEST
    responses = [(path, status) for _, kind, path, status in _warc_records(archive) if kind == "response"]
    documents = [p for p, s in responses if s == "200" and not p.startswith(("robots", "hjdc/index", "hjdc/list"))]
    assert len(documents) == len(set(documents)) == 8


def test_extract_reads_the_archive(site, tmp_path):
    import pyarrow.parquet as pq

    from pipeline import run

    archive = tmp_path / "arch"
    _pull(site, archive)
    summary = run.extract([archive], tmp_path / "out")
    assert summary.files == 11
    docs = pq.read_table(tmp_path / "out" / "documents.parquet").to_pylist()
    got = [(r["doc_id"], _rel(site, r["source"]), r["status"], r["format"], r["encoding"],
            _rel(site, r["parent_url"]), r["published_date"],
            r["text"].split("\n")[0] if r["status"] == "ok" else _prefix(r["error"]))
           for r in docs]
    page = "/hjdc/t20230615_1001.html"
    assert got == [
        ("t20230615_1001", page, "ok", "html", "utf-8", "/hjdc/index.html", "2023-06-15",
         "吉安市关于中央生态环境保护督察交办信访件办理情况的公示"),
        ("P020230615_report", "/files/P020230615_report.docx", "ok", "docx", "docx", page, "2023-06-15",
         DOCX_LINES[0]),
        ("P020230615_table", "/files/P020230615_table.pdf", "ok", "pdf", "pdf", page, "2023-06-15", PDF_LINES[0]),
        ("t20230620_1002", "/hjdc/old_1002.html", "ok", "html", "utf-8", "/hjdc/index.html", "2023-06-20",
         "吉安市贯彻落实督察反馈意见整改方案"),
        ("t20230701_1003", "/hjdc/t20230701_1003.html", "ok", "html", "gbk", "/hjdc/index.html", "2023-07-01",
         "吉安县督察整改任务完成情况"),
        ("t20230702_1004", "/hjdc/t20230702_1004.html", "error", None, None, "/hjdc/index.html", None,
         "HTTP 404 Not Found: no page at this address"),
        ("flaky", "/hjdc/flaky.html", "ok", "html", "utf-8", "/hjdc/index.html", None, "督察问题整改进展通报"),
        ("slow", "/hjdc/slow.html", "error", None, None, "/hjdc/index.html", None,
         "timed out waiting for the response (0.3 s) after 3 attempts"),
        ("t20230703_1", "/private/t20230703_1.html", "error", None, None, "/hjdc/index.html", None,
         "refused by robots.txt of"),
        ("photo", "/hjdc/photo.png", "error", None, None, "/hjdc/index.html", None,
         "not a document: the server sent image/png"),
        ("t20230801_1005", "/hjdc/t20230801_1005.html", "ok", "html", "utf-8", "/hjdc/index_1.html", "2023-08",
         "第二批督察整改销号情况"),
    ]
    assert "主办单位" not in docs[0]["text"] and "机构设置" not in docs[0]["text"]  # page furniture dropped
    found = {(r["doc_id"], r["metric"], r["value"]) for r in pq.read_table(tmp_path / "out" / "facts.parquet").to_pylist()}
    assert {
        ("t20230615_1001", "petitions.assigned", 36), ("t20230615_1001", "petitions.closed", 30),
        ("t20230615_1001", "petitions.partially_closed", 6),
        ("t20230701_1003", "rectification.tasks_total", 42), ("t20230701_1003", "rectification.tasks_completed", 35),
        ("t20230701_1003", "rectification.tasks_incomplete", 7),
        ("flaky", "enforcement.penalty_cases", 12), ("flaky", "enforcement.fines", 865000),
        ("P020230615_table", "petitions.accepted", 40),
        ("P020230615_report", "rectification.tasks_completed", 21),
    } <= found


def test_cli_pull_from_a_list_and_robots_crawl_delay(site, tmp_path):
    from typer.testing import CliRunner

    from pipeline.cli import app

    listing = tmp_path / "urls.txt"
    listing.write_text(f"# reports\n{site.base}/hjdc/t20230801_1005.html\n{site.base}/nowhere.html\n", "utf-8")
    result = CliRunner().invoke(app, ["pull", "--list", str(listing), "--archive", str(tmp_path / "a"),
                                      "--rate", "1000"])
    assert result.exit_code == 0, result.output
    assert "fetched 1, unchanged 0, errors 1" in result.output
    assert [(_rel(site, r["url"]), r["parent_url"], r["http_status"]) for r in read_manifest(tmp_path / "a")] == [
        ("/robots.txt", None, 200), ("/hjdc/t20230801_1005.html", None, 200), ("/nowhere.html", None, 404)]
    result = CliRunner().invoke(app, ["pull", "--archive", str(tmp_path / "b")])
    assert result.exit_code == 2 and "nothing to pull" in result.output


def _self_signed(tmp_path):
    """A certificate for 127.0.0.1 that no one trusts: (cert file, key file)."""
    import datetime

    x509 = pytest.importorskip("cryptography.x509")
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(1).not_valid_before(now).not_valid_after(now + datetime.timedelta(days=1))
            .sign(key, hashes.SHA256()))
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_file, key_file


def test_tls_failure_and_refused_connection_are_error_rows(site, tmp_path):
    import socket
    import ssl

    cert, key = _self_signed(tmp_path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    tls = Site()
    tls.server.socket = context.wrap_socket(tls.server.socket, server_side=True)
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    with tls:
        pull(tmp_path / "arch", urls=[f"https://{tls.host}/hjdc/index.html", f"http://127.0.0.1:{closed}/a.html"],
             config=PullConfig(**FAST))
    errors = {r["url"]: r["error"] for r in read_manifest(tmp_path / "arch") if r["role"] == "page"}
    tls_error, refused = errors[f"https://{tls.host}/hjdc/index.html"], errors[f"http://127.0.0.1:{closed}/a.html"]
    assert tls_error.startswith("TLS error: ") and "certificate" in tls_error
    assert tls_error.endswith(f"(while reading https://{tls.host}/robots.txt; nothing fetched from this site)")
    assert refused.startswith("cannot connect after 3 attempts: ")
    assert tls.paths() == []  # the handshake failed before any request


def test_a_failing_robots_txt_means_disallow_all(site, tmp_path):
    original = site.route
    site.route = lambda path, headers: (503, {}, b"busy") if path == "/robots.txt" else original(path, headers)
    pull(tmp_path / "arch", urls=[f"{site.base}/hjdc/t20230801_1005.html"], config=PullConfig(**FAST))
    assert site.paths() == ["/robots.txt"] * 3
    rows = read_manifest(tmp_path / "arch")
    assert [(r["role"], r["http_status"]) for r in rows] == [("robots", 503), ("page", None)]
    assert rows[1]["error"] == (f"robots.txt of {site.base} answered HTTP 503 Service Unavailable: the site is "
                                "failing, so it counts as disallow-all (RFC 9309); try again later")


def test_rate_limit_and_crawl_delay_are_waited_for(site, tmp_path):
    from pipeline.pull.fetch import Fetcher

    class Clock:  # a fake clock: sleeping advances it, requests take no time
        def __init__(self):
            self.now, self.waits = 1000.0, []

        def sleep(self, seconds):
            self.waits.append(round(seconds, 6))
            self.now += seconds

    clock = Clock()
    fetcher = Fetcher(PullConfig(**{**FAST, "rate": 0.1}), sleep=clock.sleep, clock=lambda: clock.now)
    for path in ("/hjdc/index.html", "/hjdc/index_1.html"):
        assert fetcher.fetch(site.base + path).ok
    fetcher.close()
    assert clock.waits == [10, 10]  # robots.txt, then each page waits its turn: 10 s at 0.1 request/s

    site.robots = "User-agent: *\nCrawl-delay: 30\nDisallow: /private/\n"
    clock = Clock()
    fetcher = Fetcher(PullConfig(**FAST), sleep=clock.sleep, clock=lambda: clock.now)
    assert fetcher.fetch(site.base + "/hjdc/index.html").ok
    assert fetcher.fetch(site.base + "/hjdc/index_1.html").ok
    assert fetcher.fetch(site.base + "/private/t20230703_1.html").error.startswith("refused by robots.txt")
    fetcher.close()
    assert clock.waits == [30, 30]  # robots.txt's Crawl-delay beats the configured rate



def test_the_wait_for_a_turn_is_never_negative_when_time_passes_while_deciding():
    # a loaded machine: each reading of the clock is 0.4 s later than the one before
    from pipeline.pull.fetch import Fetcher

    now, waits = [1000.0], []

    def clock():
        now[0] += 0.4
        return now[0]

    def sleep(seconds):
        if seconds < 0:
            raise ValueError("sleep length must be non-negative")
        waits.append(round(seconds, 6))

    fetcher = Fetcher(PullConfig(**{**FAST, "rate": 1.0}), sleep=sleep, clock=clock)
    # the last request at: 0.6 s of its second left; 0.2 s left (read twice, the clock said -0.2 s); none left
    for last in (1000.0, 999.6, 999.0):
        now[0] = 1000.0
        fetcher._last_at["example.org"] = last
        fetcher._wait_turn("http://example.org/a")
    fetcher.close()
    assert waits == [0.6, 0.2]

# -- the HTML helpers ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url, expected", [
    ("http://x.gov.cn/hjdc/index.html", "http://x.gov.cn/hjdc/index_1.html"),
    ("http://x.gov.cn/hjdc/index_1.html", "http://x.gov.cn/hjdc/index_2.html"),
    ("http://x.gov.cn/hjdc/", "http://x.gov.cn/hjdc/index_1.html"),
    ("http://x.gov.cn/hjdc/index.shtml", "http://x.gov.cn/hjdc/index_1.shtml"),
    ("http://x.gov.cn/hjdc/list.jsp?page=1", None),
])
def test_index_pattern(url, expected):
    assert pattern_next(url) == expected


def test_next_link_relative_and_javascript_links():
    page = parse_page('<a href="javascript:void(0)">督察</a><a href="mailto:a@b.cn">x</a>'
                      '<a href="../b/c.html#x">督察整改</a><a href="?page=2">下一页</a>', "http://x.gov.cn/a/list.jsp")
    assert [(link.url, link.text) for link in page.links] == [
        ("http://x.gov.cn/b/c.html", "督察整改"), ("http://x.gov.cn/a/list.jsp?page=2", "下一页")]
    assert next_page(page, "http://x.gov.cn/a/list.jsp") == ("http://x.gov.cn/a/list.jsp?page=2", False)
    assert next_page(parse_page("<p>x</p>", "http://x.gov.cn/a/"), "http://x.gov.cn/a/") == (
        "http://x.gov.cn/a/index_1.html", True)
    assert next_page(parse_page("<p>x</p>", "http://x.gov.cn/a/"), "http://x.gov.cn/a/list.jsp") == (None, False)


@pytest.mark.parametrize("html, expected", [
    ('<meta name="PubDate" content="2021-04-09 10:31"><p>x</p>', "2021-04-09"),
    ("<p>来源：省生态环境厅 发布时间：2021年4月9日</p>", "2021-04-09"),
    ("<p>发布日期: 2021/4</p>", "2021-04"),
    ("<p>督察进驻日期：2021年4月9日</p>", None),
    ("<p>无日期</p>", None),
])
def test_published_date(html, expected):
    assert published_date(parse_page(html, "http://x.gov.cn/")) == expected


def test_document_kind_and_charset():
    assert document_kind("http://x/a.html", "text/html; charset=GBK") == "html"
    assert document_kind("http://x/download?id=3", "application/pdf") == "pdf"
    assert document_kind("http://x/P0201.DOCX", "application/octet-stream") == "docx"
    assert document_kind("http://x/a.png", "image/png") is None
    assert declared_charset("text/html; charset=GBK") == "gbk"
    assert declared_charset("text/html", b'<meta http-equiv="Content-Type" content="text/html; charset=gb2312">') \
        == "gb2312"
