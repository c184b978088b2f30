"""hustings installs where organisers' laptops are: every dependency resolves to wheels on
Windows and macOS (uvloop is left out where it has none), and the lock files match pyproject."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
UV = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")


def resolve(platform: str) -> str:
    out = subprocess.run(
        [UV, "pip", "compile", "pyproject.toml", "--python-platform", platform,
         "--python-version", "3.11", "--only-binary", ":all:", "--no-header"],
        cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout


@pytest.mark.skipif(UV is None, reason="uv is not installed (make install-test installs it)")
@pytest.mark.parametrize("platform", ["x86_64-pc-windows-msvc", "aarch64-apple-darwin"])
def test_dependencies_resolve_to_wheels_on_laptops(platform):
    pins = resolve(platform)
    assert "asyncpg==" in pins and "starlette==" in pins
    assert ("uvloop==" in pins) == ("windows" not in platform), "uvloop only where it has wheels"


def test_the_lock_files_pin_what_pyproject_pins():
    pyproject = (ROOT / "pyproject.toml").read_text()
    for lock in ("requirements.lock", "requirements-test.lock"):
        text = (ROOT / lock).read_text()
        assert "--hash=sha256:" in text
        for name in ("starlette", "asyncpg", "uvicorn", "jinja2"):
            pin = next(line for line in pyproject.splitlines() if f'"{name}==' in line)
            version = pin.split("==")[1].split('"')[0].split(";")[0]
            assert f"{name}=={version}" in text, f"{lock}: run `make lock` after changing pins"
    assert "argon2" not in pyproject
    assert "pyrankvote" not in (ROOT / "requirements.lock").read_text(), "a test-only package"


def test_on_a_paas_the_server_refuses_to_start_on_its_wiped_disk(monkeypatch, capsys):
    import cli

    assert "--paas" in (ROOT / "Procfile").read_text()
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("HUSTINGS_SECRET", "s" * 40)
    assert cli.main(["serve", "--paas"]) == 2
    err = capsys.readouterr().err
    assert "set DATABASE_URL (" in err and err.count("\n") == 1
