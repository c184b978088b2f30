"""Hostile input: every form, path and count file, fuzzed with hypothesis (see tests/fuzzing.py).

No answer is a 5xx; a 4xx writes nothing and says what to fix. Forms and routes are discovered,
not listed, so new ones are fuzzed too. HUSTINGS_FUZZ_EXAMPLES (default 25) sets the examples per
form and per route; the number of requests tried is printed in pytest's summary, and written to
var/fuzz-count.txt:

    .venv/bin/python -m pytest tests/test_fuzz.py -q -p no:playwright
    HUSTINGS_FUZZ_EXAMPLES=500 .venv/bin/python -m pytest tests/test_fuzz.py -q -p no:playwright
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from app import Settings, create_app
from tests import fuzz_evening, fuzz_inputs, fuzzing
from tests.fuzzing import FoundForm, FuzzRequest
from votes import countfile

EXAMPLES = int(os.environ.get("HUSTINGS_FUZZ_EXAMPLES", "25"))
FUZZ = hypothesis_settings(max_examples=EXAMPLES, deadline=None, derandomize=False,
                           suppress_health_check=[HealthCheck.too_slow,
                                                  HealthCheck.data_too_large])
ROOT = Path(__file__).parent.parent

# The app's routes are read without serving it (no database: collection stays fast); the forms
# need a demo evening crawled in each phase, so they are found once, by the `forms` fixture.
ROUTES = fuzzing.routes(create_app(Settings(db_path=ROOT / "var" / "never-opened.sqlite3",
                                            secret_key=fuzzing.SECRET)))
UNREACHED = {"/logout"}  # in every page's header; submitting it only clears the session
POSTED = [r for r in ROUTES if "POST" in r.methods and r.path not in UNREACHED]
FOUND: list[FoundForm] = []  # the forms discovery found, for the summary line


@pytest.fixture(scope="session")
def forms(tmp_path_factory) -> list[FoundForm]:
    """Every form reachable in the demo evening, in each phase (about a minute, once)."""
    found_routes, found = fuzz_evening.discover(tmp_path_factory.mktemp("fuzz-discovery"))
    assert found_routes == ROUTES, "the served app has other routes than the one read"
    FOUND[:] = found
    return found


class _Summary:
    def pytest_terminal_summary(self, terminalreporter):
        tried = fuzzing.TRIED
        line = (f"fuzz: {sum(tried.values())} requests and files tried "
                f"({', '.join(f'{n} {k}' for k, n in sorted(tried.items()))}) "
                f"on {len(FOUND)} forms and {len(ROUTES)} routes, {EXAMPLES} examples each")
        terminalreporter.write_line(line)
        var = ROOT / "var"
        var.mkdir(exist_ok=True)
        (var / "fuzz-count.txt").write_text(line + "\n")


@pytest.fixture(scope="module", autouse=True)
def _report_count(request):
    plugin = _Summary()
    request.config.pluginmanager.register(plugin, "hustings-fuzz-summary")
    yield


# --- discovery finds what there is ------------------------------------------------------------


def test_discovery_finds_every_post_route_behind_a_form(forms):
    """A POST route that no page's form reaches is not fuzzed with real fields: make it
    reachable from a page in some phase of the demo evening (or list it in UNREACHED, saying
    why)."""
    reached = {f.route.path for f in forms}
    missing = [str(r) for r in POSTED if r.path not in reached]
    assert not missing, f"POST routes with no form found: {missing}"
    assert {"/v/{code}", "/v/{code}/cast", "/s/{token}", "/t/{token}"} <= reached


def test_discovery_reads_fields_and_choices(forms):
    ballot = next(f for f in forms if f.route.path == "/v/{code}" and f.state == "open")
    ranks = {f.name: f.values for f in ballot.fields if f.name.startswith("rank")}
    assert len(ranks) == 4 and all(len(v) == 5 for v in ranks.values())  # blank + 4 candidates
    assert ballot.params == {"code": "code0"} or ballot.params["code"].startswith("code")


def test_the_checks_catch_what_they_are_for():
    from starlette.testclient import httpx  # the client's own httpx, whichever it is

    req = FuzzRequest("POST", "/o/areas")
    ok = httpx.Response(400, html="<p>Please give the area's name.</p>")
    fuzzing.check(req, ok, {"areas": 1}, {"areas": 1}, wrote=False)
    for response, before, after, wrote in [
        (httpx.Response(500, html="<p>Sorry, that went wrong.</p>"), {}, {}, False),
        (ok, {"areas": 1}, {"areas": 2}, False),  # a partial write, counted
        (ok, {"areas": 1}, {"areas": 1}, True),  # an update: data_version moved
        (httpx.Response(400, html="<p>no</p>"), {}, {}, False),  # no sentence
        (httpx.Response(400, html="<p>Traceback (most recent call last):</p>"), {}, {}, False),
    ]:
        with pytest.raises(AssertionError):
            fuzzing.check(req, response, before, after, wrote)


def test_the_watch_sees_the_apps_writes(tmp_path):
    with fuzz_evening.evening(tmp_path, "setup") as ev:
        before = ev.version()
        assert ev.send(FuzzRequest("POST", "/o/areas", pairs=(("name", ""),))).status_code == 400
        assert ev.version() == before
        assert ev.send(FuzzRequest("POST", "/o/areas", pairs=(("name", "X"),))).status_code == 303
        assert ev.version() != before


# --- the fuzz ---------------------------------------------------------------------------------


def _fuzz_form(form: FoundForm, folder: Path) -> None:
    with fuzz_evening.evening(folder, form.state) as ev:

        @FUZZ
        @given(st.data())
        def attempt(data):
            ev.new_example()
            ev.send(data.draw(fuzz_inputs.form_requests(form, ev.pool)))

        try:
            attempt()
        except Exception as e:
            e.add_note(f"hustings fuzz: the form was {form}, found on {form.found_on}")
            raise


@pytest.mark.parametrize("route", POSTED, ids=str)
def test_forms_posting_here_survive_hostile_input(route, forms, tmp_path):
    """Each form that posts to this route, in each phase of the evening it was found in."""
    mine = [f for f in forms if f.route == route and f.method == "post"]
    assert mine, f"no page has a form posting to {route}"
    for form in mine:
        _fuzz_form(form, tmp_path / form.state)


def test_forms_asking_for_a_page_survive_hostile_input(forms, tmp_path):
    """The forms that GET a page (the code box at /v among them), in each phase."""
    mine = [f for f in forms if f.method != "post"]
    assert "/v" in {f.route.path for f in mine}
    for n, form in enumerate(mine):
        _fuzz_form(form, tmp_path / str(n))


@pytest.mark.parametrize("route", ROUTES, ids=str)
@pytest.mark.parametrize("state", fuzzing.STATES)
def test_path_survives_hostile_input(route, state, tmp_path):
    with fuzz_evening.evening(tmp_path, state) as ev:

        @FUZZ
        @given(st.data())
        def attempt(data):
            ev.new_example()
            ev.send(data.draw(fuzz_inputs.path_requests(route, ev.pool)), kind="path")

        attempt()


# --- count files ------------------------------------------------------------------------------

CSV = b"ballot,rank1,rank2,rank3\n1,Ana,Ben,\n2,Ben,Ana|Cy,\n3,Cy,,Ana\n"
BLT = b'3 1\n2 1 2 0\n1 3 - 1 0\n1 2=3 0\n0\n"Ana"\n"Ben"\n"Cy"\n"Title"\n'
JSON = (b'{"id": "t", "candidates": ["Ana", "Ben", "Cy"], "seats": 1,'
        b' "ballots": [{"ranks": [["Ana"], ["Ben"]], "count": 2}, {"ranks": [["Cy"]]}]}')


@st.composite
def near_valid(draw) -> tuple[bytes, str]:
    """A valid ballot file with a few bytes or tokens changed, and a name that may lie."""
    data = bytearray(draw(st.sampled_from((CSV, BLT, JSON))))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        how = draw(st.sampled_from(("insert", "delete", "replace")))
        piece = draw(st.one_of(
            st.binary(max_size=4),
            st.sampled_from(fuzz_inputs.NASTY).map(lambda s: s.encode()[:50]),
            st.sampled_from([b"0", b"-1", b"99999999999999999999", b"\xc2\xb2", b"\n", b",",
                             b'"', b"=", b"|", b"#", b"-", b"[", b"{", b"null", b"1.5"])))
        if how == "insert":
            data[at:at] = piece
        elif how == "delete":
            del data[at:at + len(piece) + 1]
        else:
            data[at:at + len(piece)] = piece
    name = draw(st.sampled_from(("", "f.csv", "f.blt", "f.json", "f.txt")))
    return bytes(data), name


def _count_only_refuses(data: bytes, name: str) -> None:
    fuzzing.TRIED["count file"] += 1
    try:
        parsed = countfile.read_ballot_file(data, name)
        countfile.count_file(parsed, None, None, "fuzz")
    except countfile.BallotFileError as e:
        assert str(e) and SENTENCE_OR_LINE(str(e)), f"unclear refusal: {e!r}"


def SENTENCE_OR_LINE(message: str) -> bool:  # noqa: N802 - reads as a predicate in the assert
    return len(message) > 10 and "Traceback" not in message


@FUZZ
@given(near_valid())
def test_near_valid_count_files_are_counted_or_refused_with_a_reason(case):
    _count_only_refuses(*case)


@FUZZ
@given(st.binary(max_size=400), st.sampled_from(("", "f.csv", "f.blt", "f.json")))
def test_random_bytes_as_a_count_file_are_refused_with_a_reason(data, name):
    _count_only_refuses(data, name)


def test_count_files_with_digits_int_refuses_are_refused_with_a_reason():
    names = b'0\n"Ana"\n"Ben"\n"Cy"\n'
    for data in (b"\xc2\xb23 1\n2 1 2 0\n" + names, b"3 1\n" + b"9" * 5000 + b" 1 0\n" + names,
                 b"3 1\n2 \xc2\xb9 0\n" + names, b"rank\xc2\xb2\nAna\n",
                 b"rank" + b"9" * 5000 + b"\nAna\n"):
        with pytest.raises(countfile.BallotFileError):
            countfile.read_ballot_file(data)


def test_requests_were_tried():
    """Runs last in this module: the fuzz above sent what it says (see the summary line)."""
    assert fuzzing.TRIED["discovery"] > 0


# --- what the fuzz found (each was a 500) -----------------------------------------------------


def _refused(r, status: int) -> None:
    assert r.status_code == status, r.text[:300]
    assert fuzzing.SENTENCE.search(fuzzing.visible_text(r.text))
    assert not [w for w in fuzzing.LEAKS if w in r.text]


def test_a_multipart_post_is_refused_not_a_crash(organiser):
    """asgi-csrf 0.11 cannot read multipart with python-multipart 0.0.34 (csrf.csrf_protect reads
    the token itself), nor without a boundary; a page that takes an ordinary form says so."""
    token = organiser.csrf()
    r = organiser.post("/o/areas", data={"csrftoken": token, "name": "Fuzzton"},
                       files={"f": ("a.csv", b"x", "text/csv")})
    _refused(r, 415)
    r = organiser.post("/o/areas", data={"name": "Fuzzton"}, files={"f": ("a.csv", b"x",
                                                                          "text/csv")})
    _refused(r, 403)
    r = organiser.post("/o/areas", files=[("f", ("a.csv", b"x", "text/csv")),
                                          ("csrftoken", (None, token))])
    _refused(r, 403)
    r = organiser.post("/o/areas", content=b"x", headers={"content-type": "multipart/form-data"})
    _refused(r, 403)
    assert "Fuzzton" not in organiser.get("/o").text


def test_a_non_ascii_csrf_token_is_refused_not_a_crash(organiser):
    _refused(organiser.post("/o/areas", data={"csrftoken": "\u00b2", "name": "Brixton"}), 403)
    _refused(organiser.post("/o/areas", data={"name": "B"}, headers={"x-csrftoken": b"\xe9"}), 403)


def test_digits_int_refuses_are_not_ids(organiser, evening):
    for url in ("/results/%C2%B2", "/o/primaries/%C2%B2", "/primaries/%C2%B2/turnout"):
        _refused(organiser.get(url), 404)
    r = organiser.submit(f"/o/meetings/{evening.meeting_id}/cards", {"count": "\u00b2"})
    assert r.status_code == 400 and "whole number" in r.context["error"]


def test_steward_serials_past_what_sqlite_holds_are_explained(organiser, evening):
    for serials in ("9223372036854775808", "1-99999999999999999999", "\u00b2", "1-\u00b3"):
        r = organiser.submit(f"/s/{evening.steward_token}", {"serials": serials})
        assert r.status_code == 400 and "not a card number" in r.context["error"], serials


def test_link_tokens_int_or_compare_digest_refuse_are_not_links(organiser, evening):
    link_id = evening.teller_token.split("-")[0]
    for token in ("9" * 5000, "\u00b2-abc", f"{link_id}-\u00e9", "9" * 30 + "-abc"):
        _refused(organiser.get(f"/t/{token}"), 403)
        _refused(organiser.get(f"/s/{token}"), 403)


def test_the_server_error_page_renders(settings):
    """The 500 handler runs outside the session middleware: base.html must not need a session."""
    from starlette.routing import Route

    from app import create_app
    from tests.conftest import Client

    async def boom(request):
        raise RuntimeError("boom")

    app = create_app(settings)
    app.router.routes.append(Route("/boom", boom))
    with Client(app, raise_server_exceptions=False) as c:
        r = c.get("/boom")
    assert r.status_code == 500 and "nothing was saved" in r.text


def test_a_control_character_after_an_id_is_not_found_not_a_crash(client):
    import web

    assert web.int_param("0\x1f") == 0 and web.int_param("7\x1c") == 7
    assert web.int_param("²") is None and web.int_param(None) is None
    assert client.get("/wards/0%1F").status_code == 404
    assert client.get("/wards/0%1F/primary.ics").status_code == 404
