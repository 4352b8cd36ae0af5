"""A small bureau website served on 127.0.0.1 (an ephemeral port, a thread) for the pull tests.

All page texts are our own writing in the genre; figures and names are invented.
"""
from __future__ import annotations

import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ROBOTS = "User-agent: *\nDisallow: /private/\n"


def _page(title: str, body: str, charset: str = "utf-8", meta: str = "") -> str:
    return (f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title}</title>{meta}</head><body>'
            '<div class="nav"><a href="/">首页</a> <a href="/jgsz.html">机构设置</a></div>'
            f'<div class="article"><h1>{title}</h1>{body}</div>'
            '<div class="footer">主办单位：吉安市生态环境局 版权所有</div></body></html>')


def _paras(*lines: str) -> str:
    return "".join(f"<p>{line}</p>" for line in lines)


INDEX_0 = _page("督察整改_吉安市生态环境局", "<ul>"
                '<li><a href="t20230615_1001.html">吉安市关于中央生态环境保护督察交办信访件办理情况的公示</a></li>'
                '<li><a href="old_1002.html">吉安市贯彻落实督察反馈意见整改方案</a></li>'
                '<li><a href="./t20230701_1003.html">吉安县督察整改任务完成情况</a></li>'
                '<li><a href="t20230702_1004.html">督察整改信息（已撤稿）</a></li>'
                '<li><a href="flaky.html">督察问题整改进展通报</a></li>'
                '<li><a href="slow.html">整改进展周报</a></li>'
                '<li><a href="/private/t20230703_1.html">督察内部材料</a></li>'
                '<li><a href="photo.png">督察整改现场照片</a></li>'
                '<li><a href="t20230704_1006.html">局领导调研环境监测站</a></li>'
                "</ul>"
                '<script>createPageHTML(3, 0, "index", "html");</script>')
INDEX_1 = _page("督察整改_吉安市生态环境局", "<ul>"
                '<li><a href="http://HOST/hjdc/t20230615_1001.html">吉安市关于中央生态环境保护督察交办信访件办理情况的公示</a></li>'
                '<li><a href="t20230801_1005.html">第二批督察整改销号情况</a></li>'
                "</ul>"
                '<a href="list_p3.html">下一页</a>')
INDEX_2 = _page("督察整改_吉安市生态环境局", "<ul>"
                '<li><a href="t20230615_1001.html#top">吉安市关于中央生态环境保护督察交办信访件办理情况的公示</a></li>'
                "</ul>")

PAGE_1001 = _page(
    "吉安市关于中央生态环境保护督察交办信访件办理情况的公示",
    '<div class="info">发布时间：2023-06-15 来源：吉安市生态环境局</div>'
    + _paras("按照中央第三生态环境保护督察组的统一部署，吉安市认真做好督察交办信访件的办理工作。",
             "督察进驻期间，督察组共交办我市群众信访举报件36件，已办结30件，阶段性办结6件。",
             "对交办件中反映的问题，各地各部门逐件核查、逐件整改，确保件件有落实、事事有回音。")
    + '<p>附件：<a href="/files/P020230615_report.docx">1.整改报告</a> '
      '<a href="/files/P020230615_table.pdf">2.办理情况表</a> '
      '<a href="/files/P020230615_report.docx">整改报告（再次链接）</a></p>',
    meta='<meta name="ArticleTitle" content="吉安市关于中央生态环境保护督察交办信访件办理情况的公示">')
PAGE_1002 = _page(
    "吉安市贯彻落实督察反馈意见整改方案",
    '<div class="info">发布日期：2023年6月20日</div>'
    + _paras("为切实抓好中央生态环境保护督察反馈意见整改落实，制定本方案。",
             "督察反馈意见涉及我市的问题共28个，全部纳入整改清单，明确责任单位和完成时限。",
             "各责任单位要建立工作台账，实行清单化管理，整改一件、销号一件。"))
PAGE_1003 = _page(
    "吉安县督察整改任务完成情况",
    '<div class="info">日期：2023年7月1日</div>'
    + _paras("截至2023年6月30日，第二轮督察反馈的42项整改任务中，已完成整改35项，其余7项正在按序时推进。",
             "吉安县将持续压实整改责任，确保剩余任务按期完成。"),
    charset="gbk")
PAGE_FLAKY = _page(
    "督察问题整改进展通报",
    _paras("督察期间，全市共立案处罚环境违法企业12家，罚款金额共计86.5万元。",
           "全市将持续保持环境执法高压态势，对违法行为依法从严查处。"))
PAGE_1005 = _page(
    "第二批督察整改销号情况",
    '<div class="info">发布时间：2023年8月</div>'
    + _paras("经现场核查验收，第二批申请销号的整改任务共15项，已完成销号15项。",
             "后续将加强对已销号任务的跟踪问效，坚决防止问题反弹。"))
PAGE_PRIVATE = _page("内部材料", _paras("不应被抓取。"))
PAGE_OTHER = _page("局领导调研环境监测站", _paras("局领导到环境监测站调研。"))

DOCX_LINES = ["吉安市督察整改落实情况报告",
              "督察组交办的36件信访举报件已全部办结。",
              "对督察反馈的28个问题，已完成整改21个，正在推进7个。"]
PDF_LINES = ["交办信访件办理情况表", "督察期间共受理群众信访举报件40件，交办36件。"]


def make_docx(lines: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def make_pdf(lines: list[str]) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    c.setFont("STSong-Light", 12)
    for i, line in enumerate(lines):
        c.drawString(72, 750 - 20 * i, line)
    c.save()
    return buf.getvalue()


class Site:
    """The site's routes and a log of the requests it received; `serve()` starts it on 127.0.0.1."""

    def __init__(self):
        self.log: list[tuple[str, dict]] = []  # (path, request headers)
        self.flaky_failures = 0
        self.robots = ROBOTS
        self.stop = threading.Event()
        # hold_at = N: the N-th request waits (held set) until release is set, e.g. to kill the client meanwhile.
        self.hold_at: int | None = None
        self.held, self.release = threading.Event(), threading.Event()
        self.docx, self.pdf = make_docx(DOCX_LINES), make_pdf(PDF_LINES)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.host = f"127.0.0.1:{self.server.server_address[1]}"
        self.base = f"http://{self.host}"

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.release.set()
        self.server.shutdown()
        self.server.server_close()

    def paths(self) -> list[str]:
        return [path for path, _ in self.log]

    def route(self, path: str, headers: dict):
        """(status, headers, body) for a GET of `path`."""
        html = {"Content-Type": "text/html; charset=utf-8"}
        if path == "/robots.txt":
            return 200, {"Content-Type": "text/plain"}, self.robots.encode()
        if path == "/hjdc/index.html":
            return 200, html, INDEX_0.encode()
        if path == "/hjdc/index_1.html":
            return 200, html, INDEX_1.replace("HOST", self.host).encode()
        if path == "/hjdc/list_p3.html":
            return 200, html, INDEX_2.encode()
        if path == "/hjdc/t20230615_1001.html":
            if headers.get("If-None-Match") == '"v1-1001"':
                return 304, {"ETag": '"v1-1001"'}, b""
            return 200, {**html, "ETag": '"v1-1001"'}, PAGE_1001.encode()
        if path == "/hjdc/old_1002.html":
            return 301, {"Location": "/hjdc/t20230620_1002.html"}, b""
        if path == "/hjdc/t20230620_1002.html":
            return 200, html, PAGE_1002.encode()
        if path == "/hjdc/t20230701_1003.html":
            return 200, {"Content-Type": "text/html; charset=gbk"}, PAGE_1003.encode("gbk")
        if path == "/hjdc/flaky.html":
            if self.flaky_failures < 2:
                self.flaky_failures += 1
                return 500, {"Content-Type": "text/plain"}, b"internal error"
            return 200, html, PAGE_FLAKY.encode()
        if path == "/hjdc/slow.html":
            self.stop.wait(3)  # far beyond the tests' read timeout
            return 200, html, _page("慢", "<p>迟到的回应</p>").encode()
        if path == "/hjdc/t20230801_1005.html":
            return 200, html, PAGE_1005.encode()
        if path == "/hjdc/photo.png":
            return 200, {"Content-Type": "image/png"}, b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
        if path == "/private/t20230703_1.html":
            return 200, html, PAGE_PRIVATE.encode()
        if path == "/hjdc/t20230704_1006.html":
            return 200, html, PAGE_OTHER.encode()
        if path == "/files/P020230615_report.docx":
            modified = "Thu, 15 Jun 2023 08:00:00 GMT"
            if headers.get("If-Modified-Since") == modified:
                return 304, {"Last-Modified": modified}, b""
            return 200, {"Content-Type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                         "Last-Modified": modified}, self.docx
        if path == "/files/P020230615_table.pdf":
            return 200, {"Content-Type": "application/pdf"}, self.pdf
        return 404, {"Content-Type": "text/html; charset=utf-8"}, _page("404", "<p>页面不存在</p>").encode()

    def _handler(self):
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                headers = dict(self.headers.items())
                site.log.append((self.path, headers))
                if site.hold_at == len(site.log):
                    site.held.set()
                    site.release.wait(60)
                status, extra, body = site.route(self.path, headers)
                self.send_response(status)
                for k, v in extra.items():
                    self.send_header(k, v)
                chunked = extra.get("Transfer-Encoding") == "chunked"
                if chunked:  # two chunks and the terminator
                    half = len(body) // 2
                    body = b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in (body[:half], body[half:]) if part)
                    body += b"0\r\n\r\n"
                else:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except OSError:
                    pass  # the client gave up (timeout)

            def log_message(self, *args):
                pass

        return Handler
