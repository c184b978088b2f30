"""A real uvicorn server on a free port with its own SQLite file, and Debian's Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("HUSTINGS_CHROMIUM", "/usr/bin/chromium")
HALL = "hall.test"  # the name cards carry in tests; Chromium resolves it to this machine


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Playwright cannot download its own browser here; Debian's Chromium is used instead.
    return {**browser_type_launch_args, "executable_path": CHROMIUM,
            "args": ["--no-sandbox", "--disable-gpu", "--no-first-run",
                     f"--host-resolver-rules=MAP {HALL} 127.0.0.1",
                     "--disable-background-networking", "--disable-component-update",
                     "--disable-sync"]}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """The app on a free port at 127.0.0.1. With `hall=True` cards point at a hall address, as
    they must for voting to open (only Chromium resolves it; 127.0.0.1 is a secure context,
    which the canvasser's offline worker needs)."""

    def __init__(self, tmp: Path, *, hall: bool = False, env: dict | None = None):
        self.port = _free_port()
        self.url = f"http://{HALL if hall else '127.0.0.1'}:{self.port}"
        self.env = {**os.environ, "HUSTINGS_DB": str(tmp / "hustings.sqlite3"),
                    "HUSTINGS_SECRET": "browser-test-secret-" + "y" * 20,
                    "HUSTINGS_BASE_URL": self.url, "HUSTINGS_VAR": str(tmp), **(env or {})}
        self.log = open(tmp / "server.log", "w")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "cli", "serve", "--port", str(self.port)],
            cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/", timeout=1)
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"server did not start: {(tmp / 'server.log').read_text()}")

    def cli(self, *args: str) -> str:
        out = subprocess.run([sys.executable, "-m", "cli", *args], cwd=ROOT, env=self.env,
                             capture_output=True, text=True, check=True, timeout=60)
        return out.stdout

    def login_link(self, email: str = "chair@example.org") -> str:
        out = self.cli("organiser", "add", email)
        return next(w for w in out.split() if "/login/" in w)

    def stop(self):
        self.proc.terminate()
        self.proc.wait(10)
        self.log.close()


@pytest.fixture
def server(tmp_path):
    s = Server(tmp_path, hall=True)
    yield s
    s.stop()


@pytest.fixture
def local_server(tmp_path):
    s = Server(tmp_path)
    yield s
    s.stop()


def create_ward(page, server) -> None:
    """The organiser logs in on a laptop and makes the area Brixton and its ward Tulse Hill,
    through the forms."""
    page.goto(server.login_link())
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Organiser")).to_be_visible()
    page.get_by_label("Area name").fill("Brixton")
    page.get_by_role("button", name="Create area").click()
    page.get_by_label("Ward name").fill("Tulse Hill")
    page.get_by_role("button", name="Create ward").click()


def create_meeting(page, server) -> str:
    """`create_ward`, then a meeting there. Returns the meeting page's address."""
    create_ward(page, server)
    page.get_by_label("Venue").fill("St Jude's church hall")
    page.get_by_label("Starts").fill("2026-12-01T19:00")
    page.get_by_role("button", name="Create meeting").click()
    expect(page.get_by_role("heading", name="Tulse Hill meeting")).to_be_visible()
    return page.url


def cards_and_steward(page, cards: int) -> str:
    """On the meeting page: generate `cards` voting cards and a steward link; returns the link."""
    page.get_by_label("How many cards?").fill(str(cards))
    page.get_by_role("button", name="Generate cards").click()
    expect(page.get_by_text(f"{cards} cards generated")).to_be_visible()
    page.get_by_role("button", name="New steward link").click()
    return page.get_by_label("steward link").input_value()


AXE = Axe()
RULES = {"runOnly": {"type": "tag",
                     "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}


def problems(page) -> list[str]:
    # (page.evaluate never returns on a page with JavaScript off: check those with our scripts
    # blocked instead, as test_accessibility does)
    """Serious and critical WCAG 2.2 A/AA violations (target size included) axe-core finds on the
    page, one line each."""
    found = AXE.run(page, options=RULES).response["violations"]
    return [f"{page.url}: {v['id']} ({v['impact']}): {v['help']} - "
            f"{[n['target'] for n in v['nodes']][:3]}"
            for v in found if v["impact"] in ("serious", "critical")]
