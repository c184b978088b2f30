"""Hostile values and the hypothesis strategies that turn a discovered form or route into a
request (see tests/fuzzing.py)."""

from __future__ import annotations

from hypothesis import strategies as st

from tests.fuzzing import FoundForm, FuzzRequest, Pool, RouteInfo

# --- hostile values ---------------------------------------------------------------------------

NASTY = [
    "", " ", "\x00", "a\x00b", "\t\r\n", "\r\n\r\n", "\x1b[2J", "\x7f", "\u202eevil", "\ufeff",
    "\u200b", "é", "e\u0301", "Ω", "名前", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "👩‍👩‍👧", "ﷺ", "'", '"', "\\", "%", "%00",
    "' OR 1=1 --", "'); DROP TABLE areas; --", "1; DELETE FROM cards", "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>', "{{7*7}}", "{% raw %}", "${7*7}", "%s%s%n",
    "../../etc/passwd", "/", "//evil.example", "javascript:alert(1)", "0", "-0", "-1", "+1",
    "1.0", "1.5", "1e9",
    "1_000", "0x10", "0b1", "NaN", "nan", "inf", "-inf", "Infinity", "2147483648",
    "9223372036854775807", "9223372036854775808", "18446744073709551616", "9" * 40, "9" * 5000,
    "²", "³", "¹²", "١", "١٢", "٣٣٣", "߁", "½", "Ⅻ", "𝟙", " 1 ", "1 ", "1-", "-", "1-2-3",
    "0-0", "5-1", "1-99999999999999999999", "99999999999999999999", "1,2,,3", "1-500,1-500",
    "2026-02-30T19:00", "9999-12-31T23:59", "0001-01-01", "2026-13-01", "2026-01-01T25:00",
    "2026-01-01T19:00+25:00", "yes", "no", "true", "on", "null", "None", "[]", "{}",
    "steward", "teller", "organiser", "open", "close", "publish", "x" * 81, "x" * 1501,
]
HUGE = ["x" * 70_000, "é" * 40_000, "9" * 20_000, ("word " * 101).strip()]
TEXT = st.characters(exclude_categories=("Cs",))  # lone surrogates cannot be sent as UTF-8


def hostile_text(pool: Pool, huge: bool = True) -> st.SearchStrategy[str]:
    real = sorted(pool.values())
    return st.one_of(
        st.sampled_from(NASTY),
        st.text(TEXT, max_size=30),
        st.integers(-(10**25), 10**25).map(str),
        st.floats().map(repr),
        st.from_regex(r"\A[0-9]{1,30}(-[0-9]{1,30})?\Z"),
        st.sampled_from(real),
        st.tuples(st.sampled_from(real), st.sampled_from(NASTY)).map("".join),
        st.sampled_from(HUGE if huge else ["x" * 3000]),
    )


def hostile_name() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(NASTY[:40] + ["csrftoken", "rank0", "rank99", "id"]),
                     st.text(TEXT, min_size=1, max_size=12))


RAW_TAILS = ["", "&", "&&&", "&=", "&%", "&%zz=1", "&a=%FF%FE", "&rank1=%00", "&a", "&=x",
             "&" + "a=1&" * 250]
CONTENT_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data",
                 "multipart/form-data; boundary=x", "application/json", "text/plain", "",
                 "application/x-www-form-urlencoded; charset=latin-1"]


@st.composite
def form_requests(draw, form: FoundForm, pool: Pool) -> FuzzRequest:
    """A submission of `form` by someone hostile: each field kept, changed, left out or repeated;
    extra fields; a wrong CSRF token; a body that is not quite a form; or a hostile path."""
    hostile = hostile_text(pool, huge=form.method != "get")  # a URL stops at 64 kB
    pairs: list[tuple[str, str]] = []
    for f in form.fields:
        if f.name == "csrftoken":
            continue
        how = draw(st.sampled_from(("keep", "keep", "hostile", "hostile", "omit", "repeat")))
        real = [v for v in f.values if v] or [""]
        if how == "keep":
            pairs.append((f.name, draw(st.sampled_from(real))))
        elif how == "hostile":
            pairs.append((f.name, draw(hostile)))
        elif how == "repeat":
            pairs.extend((f.name, v) for v in draw(st.lists(
                st.one_of(st.sampled_from(real), hostile), min_size=2, max_size=4)))
    pairs += draw(st.lists(st.tuples(hostile_name(), hostile), max_size=3))
    if draw(st.booleans()):
        pairs = draw(st.permutations(pairs))
    path = form.action(pool)
    if form.route.params and draw(st.integers(0, 9)) == 0:
        path = form.route.fill({p: draw(hostile_text(pool, huge=False))
                                for p in form.route.params})
    encoding = draw(st.sampled_from(("urlencoded",) * 6 + ("multipart", "raw")))
    files: tuple[tuple[str, bytes], ...] = ()
    for f in form.fields:
        if f.kind == "file":
            files += ((f.name, draw(st.binary(max_size=300))),)
    return FuzzRequest(
        form.method.upper(), path, draw(st.sampled_from(form.roles + ("stranger",))),
        tuple(pairs), encoding, draw(st.sampled_from(("good",) * 8 + ("missing", "wrong"))),
        draw(st.sampled_from(RAW_TAILS)), draw(st.sampled_from(CONTENT_TYPES)), files)


@st.composite
def path_requests(draw, route: RouteInfo, pool: Pool) -> FuzzRequest:
    """Any method on `route`, each path param real or hostile, with a hostile query string."""
    hostile = hostile_text(pool, huge=False)  # a URL stops at 64 kB before it reaches the app
    real = sorted(pool.values())
    values = {p: draw(st.one_of(hostile, st.sampled_from(real))) for p in route.params}
    if route.params and all(v in real for v in values.values()):
        values[route.params[-1]] = draw(hostile)  # at least one hostile part
    query = draw(st.lists(st.tuples(hostile_name(), hostile), max_size=2))
    method = draw(st.sampled_from(route.methods + ("PUT", "DELETE")))
    return FuzzRequest(method, route.fill(values), draw(st.sampled_from(("organiser", "stranger"))),
                       tuple(query))
