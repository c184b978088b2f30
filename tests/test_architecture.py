"""The layout is the architecture (docs/architecture.md): what `lint-imports` cannot see, because
db.py, web.py and friends are single modules, and which package's SQL may name which tables."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
PACKAGES = ("broadcast", "primary", "programme", "votes", "sortition")
BELOW = ("db", "web", "audit", "problems", "accounts", "plaintext", "nomination_rules",
         "nominating", "spreadsheet", "body_limit", "rowdata", "languages", "dialect",
         "db_postgres", "ratelimit", "transfer", "csrf")  # anyone may import

# Who writes each table: its own package's SQL, nobody else's.
OWNERS = {
    "votes": {"areas", "wards", "meetings", "primaries", "candidates", "card_batches", "cards",
              "paper_entries",
              "voted", "ballots"},
    "accounts": {"organisers", "login_tokens", "links", "organiser_sessions", "organiser_scopes"},
    "audit": {"events"},
    "ratelimit": {"rate_hits"},
    "transfer": set(),  # copies every table, as a backup does
    "nominating": {"nominations", "nominees"},
    "nomination_rules": set(),
    "plaintext": set(),  # the intake both halves call; primary/ reviews
    "rowdata": set(),
    "primary": {"nominations", "nominees"},
    "programme": {"streets", "doorsteps", "contacts", "imports", "doorstep_nominations",
                  "theme_runs", "themes", "theme_members", "assemblies", "assembly_options",
                  "hands", "versions", "demands", "pledgers", "pledges"},
    "sortition": {"panels", "panel_addresses", "panel_quotas", "volunteers",
                  "volunteer_contacts", "panel_members", "panel_meetings"},
    "broadcast": {"highlights", "residents", "ward_links", "responses", "comments",
                  "comment_votes", "comment_reports", "helpers", "helper_contacts"},
}
SHARED_READ = {"areas", "wards"}  # the map every page stands on: anyone reads, votes/ writes

# Crossings still to move behind the vote package's API, each with why it is still there.
# Delete a line when its crossing is gone (the last test fails until you do).
KNOWN = {
    ("primary", "wards"): "a ward's nomination rules (threshold, postcodes) are columns of wards",
    ("primary", "organisers"): "demo.py prints the demo organiser's e-mail",
}

SQL_TABLE = re.compile(r"\b(?:FROM|JOIN|INTO|UPDATE)\s+([a-z_]+)\b")
WRITE = re.compile(r"\b(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+([a-z_]+)\b")


def _unit(path: Path) -> str:
    rel = path.relative_to(ROOT)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def _sources():
    for unit in PACKAGES:
        yield from (ROOT / unit).rglob("*.py")
    for name in BELOW:
        yield ROOT / f"{name}.py"


def _strings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text())
    return [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)
            and isinstance(n.value, str)]


def _tables_named() -> dict[tuple[str, str], bool]:
    """(unit, table) -> whether that unit writes to it, for every table its SQL names."""
    tables = set().union(*OWNERS.values())
    found: dict[tuple[str, str], bool] = {}
    for path in _sources():
        unit = _unit(path)
        for text in _strings(path):
            for table in SQL_TABLE.findall(text):
                if table in tables:
                    found.setdefault((unit, table), False)
            for table in WRITE.findall(text):
                if table in tables:
                    found[(unit, table)] = True
    return found


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("name", BELOW)
def test_shared_modules_import_no_package(name):
    assert not _imports(ROOT / f"{name}.py") & {*PACKAGES, "app", "cli"}


def test_no_package_touches_another_packages_tables():
    crossings = []
    for (unit, table), writes in _tables_named().items():
        if table in OWNERS.get(unit, set()) or (unit, table) in KNOWN:
            continue
        if table in SHARED_READ and not writes:
            continue
        crossings.append(f"{unit} {'writes' if writes else 'reads'} {table}")
    assert not crossings, "ask the owning package's store instead: " + "; ".join(crossings)


def test_every_known_crossing_is_still_there():
    named = _tables_named()
    assert [k for k in KNOWN if k not in named] == []


def test_the_check_sees_sql():
    """A planted crossing is found: the scanner reads string literals, not imports."""
    assert SQL_TABLE.findall("SELECT x FROM themes JOIN cards ON 1") == ["themes", "cards"]
    assert WRITE.findall("INSERT OR IGNORE INTO candidates (a) VALUES (1)") == ["candidates"]
    assert ("programme", "assemblies") in _tables_named()


BARE_DICT = re.compile(r"\bdict\b(?!\[)")  # `dict[int, str]` is a lookup; a bare `dict`, a row


def _rows_as_dicts(source: str) -> list[str]:
    """Public top-level functions that run SQL and whose return type names a bare `dict`."""
    found = []
    for fn in ast.parse(source).body:
        if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef) or fn.name[0] == "_" \
                or not fn.returns or not BARE_DICT.search(ast.unparse(fn.returns)):
            continue
        if any(isinstance(n, ast.Constant) and isinstance(n.value, str)
               and SQL_TABLE.search(n.value) for n in ast.walk(fn)):
            found.append(fn.name)
    return found


def test_no_store_hands_up_a_row_as_a_dict():
    found = [f"{p.relative_to(ROOT)}: {name}" for p in _sources()
             for name in _rows_as_dicts(p.read_text())]
    assert found == [], "return a dataclass built by rowdata instead"


def test_the_dict_check_sees_a_row():
    sql = '    return await db.fetchall("SELECT * FROM x")\n'
    planted = (f"async def a(db) -> list[dict]:\n{sql}async def b(db) -> dict[int, str]:\n{sql}"
               "def c() -> dict:\n    return {}\n")
    assert _rows_as_dicts(planted) == ["a"]
