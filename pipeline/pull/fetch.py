"""A polite HTTP client: timeouts, retries with exponential backoff, a per-host rate limit,
robots.txt (RFC 9309, parsed by protego), redirects followed hop by hop.

Every HTTP response received (redirect hops and failed attempts included) is kept as an
`Exchange` so that the archive can store it exactly as fetched.
"""
from __future__ import annotations

import logging
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import urljoin, urlsplit

import httpx

log = logging.getLogger(__name__)

ROBOTS_TOKEN = "cepi"
_REDIRECTS = {301, 302, 303, 307, 308}


@dataclass
class PullConfig:
    """How politely and how patiently to fetch; the defaults suit a bureau's website."""

    rate: float = 1.0  # requests per second per host (robots.txt Crawl-delay may slow it further)
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    retries: int = 2  # extra attempts after a 5xx, 429, timeout or connection error (never after other 4xx)
    backoff: float = 2.0  # seconds before the first retry; doubles each time
    max_redirects: int = 10
    max_bytes: int = 200 * 1024 * 1024
    contact: str | None = None  # e-mail or URL added to the User-Agent so a webmaster can reach you
    trust_env: bool = True  # honour HTTP(S)_PROXY from the environment

    @property
    def user_agent(self) -> str:
        from importlib.metadata import PackageNotFoundError, version

        try:
            ver = version("cepi")
        except PackageNotFoundError:
            ver = "dev"
        contact = f"; +{self.contact}" if self.contact else ""
        return f"cepi/{ver} (research archive of public environmental inspection reports{contact})"


@dataclass
class Exchange:
    """One HTTP request and the response to it, as sent and received."""

    url: str
    request_line: str
    request_headers: list[tuple[str, str]]
    status: int
    reason: str
    response_headers: list[tuple[str, str]]
    body: bytes  # as received (still content-encoded if the server ignored Accept-Encoding: identity)
    date: str  # ISO 8601 UTC, second precision


@dataclass
class FetchResult:
    url: str
    final_url: str | None = None
    status: int | None = None
    headers: httpx.Headers | None = None
    payload: bytes | None = None  # the final response's entity body, content-decoded (error pages too)
    exchanges: list[Exchange] = field(default_factory=list)
    error: str | None = None
    fetched_at: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and self.status is not None and 200 <= self.status < 300

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class Fetcher:
    """Fetch URLs one at a time. `on_robots(result)` receives every robots.txt fetch (to be archived)."""

    def __init__(self, config: PullConfig, on_robots: Callable[[FetchResult], None] | None = None,
                 sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic):
        self.config, self.on_robots, self.sleep, self.clock = config, on_robots, sleep, clock
        self.client = httpx.Client(
            timeout=httpx.Timeout(config.read_timeout, connect=config.connect_timeout),
            follow_redirects=False, trust_env=config.trust_env,
            headers={"User-Agent": config.user_agent, "Accept-Encoding": "identity"},
        )
        self._robots: dict[str, tuple[object | None, str | None]] = {}  # origin -> (parser, deny reason)
        self._last_at: dict[str, float] = {}  # host -> when its last request started
        self._robots_delay: dict[str, float] = {}  # host -> Crawl-delay seconds

    def close(self) -> None:
        self.client.close()

    # -- robots.txt ---------------------------------------------------------------------------------------

    def refusal(self, url: str) -> str | None:
        """Why robots.txt forbids `url` (None when allowed); fetches the origin's robots.txt once a run."""
        origin = _origin(url)
        if origin not in self._robots:
            self._robots[origin] = self._load_robots(origin)
        parser, deny = self._robots[origin]
        if deny:
            return deny
        if parser is not None and not parser.can_fetch(url, ROBOTS_TOKEN):
            return f"refused by robots.txt of {origin}: the site asks crawlers not to fetch this path"
        return None

    def _load_robots(self, origin: str) -> tuple[object | None, str | None]:
        from protego import Protego

        result = self._fetch(f"{origin}/robots.txt", {}, check_robots=False)
        if self.on_robots:
            self.on_robots(result)
        if result.ok:
            text = (result.payload or b"").decode("utf-8", "replace")
            parser = Protego.parse(text)
            delay = parser.crawl_delay(ROBOTS_TOKEN)
            if delay:
                self._robots_delay[_host(origin)] = float(delay)
            return parser, None
        if result.status is not None and 400 <= result.status < 500:
            return None, None  # no robots.txt: everything is allowed (RFC 9309 §2.3.1.3)
        if result.status is None:  # the site itself cannot be reached: say why, not "robots.txt"
            return None, f"{result.error} (while reading {origin}/robots.txt; nothing fetched from this site)"
        reason = result.exchanges[-1].reason if result.exchanges else ""
        return None, (f"robots.txt of {origin} answered HTTP {result.status} {reason}: the site is failing, "
                      "so it counts as disallow-all (RFC 9309); try again later").replace("  ", " ")

    # -- fetching -----------------------------------------------------------------------------------------

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> FetchResult:
        """GET `url` following redirects (robots.txt checked at every hop); errors become `result.error`."""
        return self._fetch(url, headers or {}, check_robots=True)

    def _fetch(self, url: str, headers: dict[str, str], check_robots: bool) -> FetchResult:
        result = FetchResult(url=url)
        current = url
        for _hop in range(self.config.max_redirects + 1):
            if check_robots:
                refusal = self.refusal(current)
                if refusal:
                    result.error = refusal
                    return result
            exchange, error = self._attempts(current, headers, result.exchanges)
            if exchange is None:
                result.error = error
                return result
            result.final_url, result.status, result.fetched_at = current, exchange.status, exchange.date
            result.headers = httpx.Headers(exchange.response_headers)
            location = result.headers.get("location")
            if exchange.status in _REDIRECTS and location:
                current = urljoin(current, location.strip())
                headers = {}  # validators belong to the first URL only
                continue
            if exchange.status != 304:
                try:
                    result.payload = _content_decode(exchange.body, result.headers.get("content-encoding"))
                except zlib.error:
                    result.error = (f"the server sent a corrupt {result.headers.get('content-encoding')} body: "
                                    "try again later")
                    return result
            if error:
                result.error = error
            elif not (exchange.status == 304 or 200 <= exchange.status < 300):
                result.error = _http_error(exchange.status, exchange.reason)
            return result
        result.error = f"more than {self.config.max_redirects} redirects: the site loops; open the URL in a browser"
        return result

    def _attempts(self, url: str, headers: dict[str, str], exchanges: list[Exchange]):
        """Try `url` up to 1 + retries times. Returns (last exchange or None, error or None)."""
        cfg, error = self.config, None
        for attempt in range(cfg.retries + 1):
            if attempt:
                delay = cfg.backoff * 2 ** (attempt - 1)
                last = exchanges[-1] if exchanges and exchanges[-1].url == url else None
                retry_after = last is not None and last.status in (429, 503) and _retry_after(last)
                self.sleep(max(delay, min(retry_after or 0, 120)))
            self._wait_turn(url)
            try:
                exchange = self._send(url, headers)
            except httpx.TimeoutException as exc:
                kind = "connecting" if isinstance(exc, httpx.ConnectTimeout) else "waiting for the response"
                timeout = cfg.connect_timeout if isinstance(exc, httpx.ConnectTimeout) else cfg.read_timeout
                error = (f"timed out {kind} ({timeout:g} s) after {attempt + 1} attempts: the server is too slow; "
                         "raise --timeout or try again later")
                continue
            except (httpx.InvalidURL, httpx.UnsupportedProtocol, ValueError) as exc:
                return None, f"not a valid web address: {exc}: check the link"
            except _TooLarge:
                return None, (f"larger than {cfg.max_bytes} bytes: not fetched; raise PullConfig.max_bytes "
                              "if this document is wanted")
            except httpx.TransportError as exc:
                text = str(exc) or exc.__class__.__name__
                if "SSL" in text or "CERTIFICATE" in text.upper():
                    return None, f"TLS error: {text}: the site's certificate could not be verified"
                error = f"cannot connect after {attempt + 1} attempts: {text}: check the address or the network"
                continue
            exchanges.append(exchange)
            if exchange.status >= 500 or exchange.status == 429:
                error = (f"HTTP {exchange.status} {exchange.reason} after {attempt + 1} attempts: "
                         "the server is failing; try again later")
                continue
            return exchange, None
        if exchanges and exchanges[-1].url == url and (exchanges[-1].status >= 500 or exchanges[-1].status == 429):
            return exchanges[-1], error
        return None, error

    def _wait_turn(self, url: str) -> None:
        """Per-host rate limit: at most `rate` requests a second, or robots.txt's Crawl-delay if slower."""
        host = _host(url)
        interval = max(1.0 / self.config.rate if self.config.rate > 0 else 0.0, self._robots_delay.get(host, 0.0))
        last = self._last_at.get(host)
        if last is not None:
            wait = last + interval - self.clock()  # (the clock read once: read twice, the wait could fall below 0)
            if wait > 0:
                self.sleep(wait)
        self._last_at[host] = self.clock()

    def _send(self, url: str, headers: dict[str, str]) -> Exchange:
        request = self.client.build_request("GET", url, headers=headers)
        date = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        response = self.client.send(request, stream=True)
        try:
            chunks, size = [], 0
            for chunk in response.iter_raw():
                size += len(chunk)
                if size > self.config.max_bytes:
                    raise _TooLarge()
                chunks.append(chunk)
        finally:
            response.close()
        target = request.url.raw_path.decode("ascii")
        return Exchange(
            url=url, request_line=f"GET {target} HTTP/1.1",
            request_headers=[(k.decode("latin-1"), v.decode("latin-1")) for k, v in request.headers.raw],
            status=response.status_code, reason=response.reason_phrase or "",
            response_headers=[(k.decode("latin-1"), v.decode("latin-1")) for k, v in response.headers.raw],
            body=b"".join(chunks), date=date,
        )


class _TooLarge(Exception):
    pass


def _http_error(status: int, reason: str) -> str:
    advice = {
        401: "the page needs a login",
        403: "the server refused cepi (blocked crawler, region or login); ask the site or fetch by hand",
        404: "no page at this address (moved or removed?); check the link",
        410: "the page was removed",
    }.get(status, "the server refused the request")
    return f"HTTP {status} {reason}: {advice}".replace("  ", " ")


def _retry_after(exchange: Exchange) -> float | None:
    for k, v in exchange.response_headers:
        if k.lower() == "retry-after":
            try:
                return float(v)
            except ValueError:
                return None
    return None


def _content_decode(body: bytes, encoding: str | None) -> bytes:
    """Undo a Content-Encoding the server applied although we asked for identity."""
    encoding = (encoding or "").strip().lower()
    if encoding in ("gzip", "x-gzip"):
        return zlib.decompress(body, 16 + zlib.MAX_WBITS)
    if encoding == "deflate":
        try:
            return zlib.decompress(body)
        except zlib.error:
            return zlib.decompress(body, -zlib.MAX_WBITS)
    return body


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _host(url: str) -> str:
    return urlsplit(url).netloc.lower()
