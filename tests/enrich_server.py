"""A loopback stand-in for the Hugging Face paper search and the arXiv API, scripted per title."""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

FIXTURES = Path(__file__).parent / "fixtures" / "enrich"
HF_EMPTY = (FIXTURES / "hf_search_empty.json").read_bytes()
ARXIV_EMPTY = (FIXTURES / "arxiv_empty.xml").read_bytes()


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@dataclass
class Reply:
    """One scripted answer; ``delay`` seconds of silence before the headers."""

    body: bytes
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


class EnrichServer:
    """Answers /api/papers/search?q=TITLE (service "hf") and /api/query (service "arxiv")."""

    def __init__(self) -> None:
        self.routes: dict[tuple[str, str], list[Reply]] = {}
        self.hits: dict[tuple[str, str], int] = {}
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 - the http.server API
                server.requests.append(self.path)
                service, title = server.parse(self.path)
                server.hits[(service, title)] = server.hits.get((service, title), 0) + 1
                default = Reply(HF_EMPTY if service == "hf" else ARXIV_EMPTY)
                script = server.routes.get((service, title)) or [default]
                reply = script.pop(0) if len(script) > 1 else script[0]
                if reply.delay:
                    time.sleep(reply.delay)
                try:
                    self.send_response(reply.status)
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(reply.body)))
                    self.end_headers()
                    self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    @staticmethod
    def parse(path: str) -> tuple[str, str]:
        parts = urlsplit(path)
        query = parse_qs(parts.query)
        if parts.path == "/api/papers/search":
            return "hf", query.get("q", [""])[0]
        phrase = re.match(r'ti:"(.*)"$', query.get("search_query", [""])[0])
        return "arxiv", phrase.group(1) if phrase else ""

    def answer(self, service: str, title: str, *replies: Reply) -> None:
        self.routes[(service, title)] = list(replies)

    def asked(self, service: str | None = None) -> int:
        return sum(n for (s, _), n in self.hits.items() if service in (None, s))

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
