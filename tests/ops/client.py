"""A small HTTP client for the stack tests and benchmarks: cookies, the login form, and timing; loopback only."""

import http.cookiejar
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass


@dataclass
class Reply:
    status: int
    body: bytes
    headers: dict
    seconds: float


class Browser:
    def __init__(self, base: str):
        assert base.startswith(("http://127.0.0.1:", "http://localhost:")), "loopback only"
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def request(self, path: str, data: dict | None = None, headers: dict | None = None, timeout: float = 30) -> Reply:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path, **(headers or {})})
        started = time.perf_counter()
        try:
            with self.opener.open(req, timeout=timeout) as response:
                return Reply(response.status, response.read(), dict(response.headers), time.perf_counter() - started)
        except urllib.error.HTTPError as error:
            return Reply(error.code, error.read(), dict(error.headers), time.perf_counter() - started)
        except OSError:
            return Reply(0, b"", {}, time.perf_counter() - started)

    def csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def login(self, username: str, password: str) -> bool:
        page = self.request("/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
        if not token:
            return False
        reply = self.request("/login/", {"username": username, "password": password,
                                          "csrfmiddlewaretoken": token.group(1).decode()})
        return reply.status == 200 and b'name="password"' not in reply.body
