"""Security: CSRF on every state-changing route, headers, cookies, scoped and expiring links,
card codes and their guessing limit, and what reaches the server's log."""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from pathlib import Path

import httpx2
import pytest
from starlette.routing import Route

import accounts
import audit
from app import Settings, create_app
from primary import demo
from tests.browser.conftest import Server
from tests.conftest import Client, run, with_db
from tests.phones import Phone, ballot, organiser, phone_for, settings_of
from votes import ballots

TEMPLATES = Path(__file__).parents[1] / "templates"


def dump(path) -> list[str]:
    with closing(sqlite3.connect(path)) as conn:
        return list(conn.iterdump())


# --- CSRF ------------------------------------------------------------------------------------

def post_routes(app) -> list[str]:
    return sorted(r.path for r in app.routes if isinstance(r, Route) and "POST" in r.methods)


def fill(path: str, evening: demo.Report) -> str:
    """A real URL for a route pattern: the objects an attacker would aim at."""
    code = evening.activated_codes[0][1]
    token = evening.teller_token if path.startswith("/t/") else evening.steward_token
    values = {"code": code, "token": token, "action": "open",
              "id": evening.meeting_id if "/meetings/" in path else evening.primary_id}
    if path.startswith("/login/"):
        values["token"] = evening.login_token
    return re.sub(r"\{(\w+)(:\w+)?\}", lambda m: str(values[m.group(1)]), path)


def attack(evening: demo.Report, settings) -> dict:
    """A form that would change something on any of these routes, if it were accepted."""
    first = ballot(settings, evening)
    return {**first, "name": "Sneaky", "serials": "1-20", "confirm": "yes", "role": "steward",
            "count": "5", "link_id": "1", "candidate_id": first["rank1"], "code":
            evening.activated_codes[1][1], "venue": "Elsewhere", "starts_at": "2030-01-01T19:00",
            "area_id": "1", "ward_id": "1", "seats": "1", "title": "Sneaky", "statement": "x"}


@pytest.mark.parametrize("how", ["no token", "wrong token", "no cookies"])
@pytest.mark.sqlite_file
def test_every_post_route_refuses_a_request_without_a_valid_csrf_token(settings, how):
    evening = run(demo.create(settings, cards=20, activate=10))
    app = create_app(settings)
    paths = post_routes(app)
    assert len(paths) >= 15, paths
    with Client(app, follow_redirects=False) as c:
        c.get(f"/login/{evening.login_token}")
        assert c.submit(f"/login/{evening.login_token}").status_code == 303  # a real organiser
        evening.login_token = run(_another_login(settings))
        before = dump(settings.db_path)
        form = attack(evening, settings)
        if how == "wrong token":
            form["csrftoken"] = "IjEyMyI.forged"
        if how == "no cookies":
            c.cookies.clear()
        for path in paths:
            r = c.post(fill(path, evening), data=form)
            assert r.status_code == 403, (path, r.status_code)
            assert "csrf" not in r.text.lower() or "<html" in r.text.lower()
        assert dump(settings.db_path) == before, "a refused request changed nothing"


async def _another_login(settings) -> str:
    import db

    database = await db.connect(settings.db_path)
    try:
        return await accounts.new_login_token(database, demo.DEMO_ORGANISER)
    finally:
        await database.close()


# --- headers, templates, cookies -------------------------------------------------------------

def test_pages_carry_the_security_headers(organiser, settings, evening):
    code = evening.activated_codes[0][1]
    pages = ["/", "/login", f"/v/{code}", f"/s/{evening.steward_token}", "/o",
             f"/o/meetings/{evening.meeting_id}", "/nowhere", f"/results/{evening.primary_id}"]
    for url in pages:
        r = organiser.get(url)
        csp = dict(part.strip().split(" ", 1) for part in
                   r.headers["content-security-policy"].split(";"))
        assert "unsafe-inline" not in r.headers["content-security-policy"], url
        assert csp["frame-ancestors"] == "'none'" and csp["script-src"] == "'self'", url
        assert r.headers["referrer-policy"] == "no-referrer", url
        assert r.headers["x-content-type-options"] == "nosniff", url
        assert r.headers["cache-control"] == "no-store", url
    refused = organiser.post("/o/areas", data={"name": "x"})
    assert refused.status_code == 403 and "frame-ancestors 'none'" in refused.headers[
        "content-security-policy"]


INLINE = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    "event handler": re.compile(r"\son[a-z]+\s*=", re.I),
    "style attribute": re.compile(r"\sstyle\s*=", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
}


def test_templates_have_nothing_inline_that_the_csp_would_block():
    files = sorted(TEMPLATES.rglob("*.html"))
    assert len(files) >= 15
    for f in files:
        for what, pattern in INLINE.items():
            assert not pattern.search(f.read_text()), f"{what} in {f.relative_to(TEMPLATES)}"


def test_rendered_pages_have_nothing_inline_either(organiser, evening):
    # QR codes are generated SVG, and the print page is the biggest page there is.
    for url in (f"/o/meetings/{evening.meeting_id}/cards/print",
                f"/o/meetings/{evening.meeting_id}", f"/v/{evening.activated_codes[0][1]}"):
        page = organiser.get(url).text
        assert "<svg" in page or not url.endswith("/print")
        for what, pattern in INLINE.items():
            assert not pattern.search(page), f"{what} on {url}"


def set_cookies(response) -> dict[str, str]:
    return {h.split("=", 1)[0]: h.lower() for h in response.headers.get_list("set-cookie")}


def test_cookies_are_httponly_and_samesite(client, settings, evening):
    csrf = set_cookies(client.get(f"/login/{evening.login_token}"))["csrftoken"]
    assert "samesite=lax" in csrf and "secure" not in csrf
    r = client.submit(f"/login/{evening.login_token}")
    session = set_cookies(r)["session"]
    assert "httponly" in session and "samesite=lax" in session and "secure" not in session


def test_cookies_are_secure_behind_https(tmp_path):
    settings = Settings(tmp_path / "s.sqlite3", "test-secret-" + "z" * 20,
                        base_url="https://hall.example.org", https=True)
    evening = run(demo.create(settings, cards=2))
    with Client(create_app(settings), base_url="https://hall.example.org",
                follow_redirects=False) as c:
        first = set_cookies(c.get(f"/login/{evening.login_token}"))
        assert "secure" in first["csrftoken"] and "samesite=lax" in first["csrftoken"]
        r = c.submit(f"/login/{evening.login_token}")
        assert r.status_code == 303
        assert "secure" in set_cookies(r)["session"] and "httponly" in set_cookies(r)["session"]


# --- links: scoped, expiring ----------------------------------------------------------------

def issued(settings, meeting_id: int) -> int:
    return with_db(settings, lambda d: d.fetchval(
        "SELECT COUNT(activated_at) FROM cards WHERE meeting_id = ?", (meeting_id,)))


def test_a_steward_link_activates_only_its_own_meetings_cards(client, settings):
    a = run(demo.create(settings, cards=10))
    b = run(demo.create(settings, cards=10))
    client.csrf(f"/login/{a.login_token}")
    r = client.submit(f"/s/{a.steward_token}", {"serials": "1-10"})
    assert r.context["result"].activated == list(range(1, 11))
    assert (issued(settings, a.meeting_id), issued(settings, b.meeting_id)) == (10, 0)
    r = client.submit(f"/s/{a.steward_token}", {"serials": "11"})
    assert r.context["result"].unknown == [11], "B's cards are not A's to find"


@pytest.mark.sqlite_file
def test_links_open_only_their_own_role_and_meeting(client, settings):
    a = run(demo.create(settings, cards=5, activate=5, open_vote=True))
    b = run(demo.create(settings, cards=5, activate=5, open_vote=True))
    client.csrf(f"/login/{a.login_token}")
    assert client.get(f"/t/{a.steward_token}").status_code == 403
    assert client.get(f"/s/{a.teller_token}").status_code == 403
    before = dump(settings.db_path)
    b_code = b.activated_codes[0][1]
    r = client.submit(f"/t/{a.teller_token}", {"code": b_code, **ballot(settings, b)})
    assert r.status_code == 400 and "not one of this meeting's cards" in r.context["error"]
    assert dump(settings.db_path) == before


def test_expired_links_are_refused(client, settings):
    e = run(demo.create(settings, cards=5))
    client.csrf(f"/login/{e.login_token}")
    with_db(settings, lambda d: _expire_links(d, e.meeting_id))
    for url in (f"/s/{e.steward_token}", f"/t/{e.teller_token}"):
        assert client.get(url).status_code == 403
        assert client.submit(url, {"serials": "1-5"}).status_code == 403
    assert issued(settings, e.meeting_id) == 0


async def _expire_links(database, meeting_id: int) -> None:
    async with database.transaction() as conn:
        await conn.execute("UPDATE links SET expires_at = ? WHERE meeting_id = ?",
                           (audit.stamp(audit.now() - accounts.LINK_VALID), meeting_id))


# --- card codes -----------------------------------------------------------------------------

@pytest.mark.sqlite_file
def test_card_codes_carry_at_least_64_bits_and_only_their_hash_is_kept(settings):
    e = run(demo.create(settings, cards=50, activate=50))
    codes = [code for _, code in e.activated_codes]
    assert len(set(ballots.ALPHABET)) == 32 and ballots.CODE_CHARS * 5 >= 64
    assert all(len(c) == ballots.CODE_CHARS and set(c) <= set(ballots.ALPHABET) for c in codes)
    assert len(set(codes)) == 50
    columns = with_db(settings, lambda d: d.fetchall("PRAGMA table_info(cards)"))
    assert "code" not in {c["name"] for c in columns}
    run(_open(settings, e.primary_id))
    raw = b"".join(p.read_bytes() for p in settings.db_path.parent.glob("*.sqlite3*"))
    assert not any(c.encode() in raw for c in codes), "codes are not in the database file"


async def _open(settings, primary_id: int) -> None:
    import db
    from votes import store

    database = await db.connect(settings.db_path)
    try:
        await store.set_phase(database, primary_id, "open", "test")
    finally:
        await database.close()


@pytest.mark.sqlite_file
def test_the_card_key_is_gone_from_disk_as_soon_as_voting_opens(settings):
    e = run(demo.create(settings, cards=20, activate=5))
    key = with_db(settings, lambda d: d.fetchval("SELECT card_key FROM card_batches"))
    run(_open_while_serving(settings, e.primary_id, key))


async def _open_while_serving(settings, primary_id: int, key: bytes) -> None:
    import db
    from votes import store

    database = await db.connect(settings.db_path)  # the server stays up after the open
    try:
        await store.set_phase(database, primary_id, "open", "test")
        raw = b"".join(p.read_bytes() for p in settings.db_path.parent.glob("*.sqlite3*"))
        assert key not in raw
    finally:
        await database.close()


def test_wrong_codes_are_limited_but_a_right_code_is_never_refused(client, settings):
    e = run(demo.create(settings, cards=5, activate=5, open_vote=True))
    real = e.activated_codes[0][1]
    guesses = [client.get(f"/v/{i:016d}").status_code for i in range(WRONG)]
    assert set(guesses) == {404}, "each wrong code is told plainly, up to the limit"
    client.cookies.clear()  # a new cookie is a new phone to nobody
    assert client.get("/v/0000000000000099").status_code == 429
    assert client.get(f"/v/{real}").status_code == 200, "the hall behind one address votes on"
    assert client.submit(f"/v/{real}/cast", ballot(settings, e)).status_code == 200
    assert with_db(settings, lambda d: d.fetchval("SELECT COUNT(*) FROM ballots")) == 1


WRONG = 100  # hall_routes.WRONG_PER_ADDRESS, per minute


def wrong_codes_until_refused(url: str, headers) -> int:
    """Wrong codes sent before the first 429 (WRONG + 1 tries at most)."""
    with httpx2.Client(base_url=url, timeout=30) as http:
        for i in range(WRONG + 1):
            if http.get(f"/v/{i:016d}", headers=headers(i)).status_code == 429:
                return i
    return WRONG + 1


def test_rotating_x_forwarded_for_does_not_escape_the_limit(server):
    rotating = lambda i: {"x-forwarded-for": f"10.0.{i // 250}.{i % 250}"}  # noqa: E731
    assert wrong_codes_until_refused(server.url, rotating) == WRONG


def test_forwarded_addresses_count_only_from_a_configured_proxy(tmp_path):
    proxied = Server(tmp_path, env={"HUSTINGS_FORWARDED_ALLOW_IPS": "127.0.0.1"})
    try:
        rotating = lambda i: {"x-forwarded-for": f"10.0.{i // 250}.{i % 250}"}  # noqa: E731
        assert wrong_codes_until_refused(proxied.url, rotating) == WRONG + 1, "one try each"
        same = lambda i: {"x-forwarded-for": "10.9.9.9"}  # noqa: E731
        assert wrong_codes_until_refused(proxied.url, same) == WRONG
    finally:
        proxied.stop()


# --- logs -----------------------------------------------------------------------------------

@pytest.fixture
def server(tmp_path):
    s = Server(tmp_path)
    yield s
    s.stop()


def test_no_card_code_token_or_email_reaches_the_server_log(server, tmp_path):
    settings = settings_of(server)
    e = run(demo.create(settings, cards=10, activate=5, open_vote=True))
    chair = organiser(server.url, e.login_token)
    code = e.activated_codes[0][1]
    phone = phone_for(server.url, code)
    assert phone.post(f"/v/{code}", ballot(settings, e)).status_code == 200
    assert phone.post(f"/v/{code}/cast", ballot(settings, e)).status_code == 200
    door = Phone(server.url)
    door.get(f"/s/{e.steward_token}")
    assert door.post(f"/s/{e.steward_token}", {"serials": "6-7"}).status_code == 200
    assert Phone(server.url).http.post(f"/v/{e.activated_codes[1][1]}/cast").status_code == 403
    wrong = code[:-1] + ("Y" if code.endswith("X") else "X")  # one character off, never the code
    assert Phone(server.url).get(f"/v/{wrong}").status_code == 404
    assert Phone(server.url).get(f"/t/{e.teller_token}x").status_code == 403
    chair.get(f"/o/primaries/{e.primary_id}")
    assert chair.post(f"/o/primaries/{e.primary_id}/close", {"confirm": "yes"}).status_code == 303
    server.stop()
    server.stop = lambda: None
    log = (tmp_path / "server.log").read_text()
    assert "Application startup complete" in log, "the log is the server's"
    secrets = [code, ballots.pretty_code(code), e.login_token, e.steward_token, e.teller_token,
               demo.DEMO_ORGANISER, ballots.receipt(code, e.primary_id)]
    for secret in secrets:
        assert secret not in log
