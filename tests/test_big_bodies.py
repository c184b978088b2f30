"""Big bodies are refused before they cost anything: by Content-Length up front, and as they
stream in, in front of the CSRF check (which reads a form into one string), on a real server."""

from __future__ import annotations

import contextlib
import os
import socket
import threading

import pytest

from tests.browser.conftest import Server

BIG = 50 * 1024 * 1024
CHUNK = b"a" * 65536


@pytest.fixture
def server(tmp_path):
    s = Server(tmp_path)
    yield s
    s.stop()


def cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def post_big(port: int, path: str, content_type: str, chunked: bool) -> bytes:
    """Send a 50 MB body (stopping if the server hangs up) and return what it answered."""
    conn = socket.create_connection(("127.0.0.1", port), timeout=60)
    answer = bytearray()

    def read():
        try:
            while chunk := conn.recv(65536):
                answer.extend(chunk)
        except OSError:
            pass

    reader = threading.Thread(target=read)
    reader.start()
    framing = "Transfer-Encoding: chunked" if chunked else f"Content-Length: {BIG}"
    try:
        conn.sendall(f"POST {path} HTTP/1.1\r\nHost: hall\r\nContent-Type: {content_type}\r\n"
                     f"{framing}\r\n\r\n".encode())
        for _ in range(BIG // len(CHUNK)):
            if answer:  # answered already: stop sending, as a browser would
                break
            conn.sendall(b"10000\r\n" + CHUNK + b"\r\n" if chunked else CHUNK)
        if chunked:
            conn.sendall(b"0\r\n\r\n")
    except OSError:
        pass  # the server refused and closed: the point
    with contextlib.suppress(OSError):  # already closed by the server
        conn.shutdown(socket.SHUT_WR)
    reader.join(60)
    conn.close()
    return bytes(answer)


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "streamed"])
@pytest.mark.parametrize("content_type", ["application/x-www-form-urlencoded",
                                          "multipart/form-data; boundary=x"])
def test_a_50_mb_body_is_refused_without_being_read(server, chunked, content_type):
    before = cpu_seconds(server.proc.pid)
    answer = post_big(server.port, "/login", content_type, chunked)
    used = cpu_seconds(server.proc.pid) - before
    if content_type.startswith("multipart") and chunked:  # no CSRF token in its first 8 KB
        assert answer.startswith(b"HTTP/1.1 403"), answer[:200]
    else:
        assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
        assert b"too large" in answer
    assert used < 0.5, f"the server spent {used:.2f} CPU seconds on a body it refused"
