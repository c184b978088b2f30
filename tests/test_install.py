"""hustings installs where organisers' laptops are: every dependency resolves to wheels on
Windows and macOS (uvloop is left out where it has none), and the lock files match pyproject."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tomllib
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
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {"requirements.lock": pyproject["dependencies"],
              "requirements-test.lock": pyproject["dependencies"]
              + pyproject["optional-dependencies"]["test"]}
    for lock, pins in wanted.items():
        text = (ROOT / lock).read_text().lower()
        assert "--hash=sha256:" in text
        for pin in pins:
            name_version = pin.split(";")[0].strip().lower()
            assert f"{name_version} " in text, f"{lock} lacks {name_version}: run `make lock`"
    assert not any("argon2" in pin for pin in pyproject["dependencies"])
    assert "pyrankvote" not in (ROOT / "requirements.lock").read_text(), "a test-only package"


def test_on_a_paas_the_server_refuses_to_start_on_its_wiped_disk(monkeypatch, capsys):
    import cli

    assert "--paas" in (ROOT / "Procfile").read_text()
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("HUSTINGS_SECRET", "s" * 40)
    assert cli.main(["serve", "--paas"]) == 2
    err = capsys.readouterr().err
    assert "set DATABASE_URL (" in err and err.count("\n") == 1


def test_the_image_serves_as_on_a_paas(monkeypatch, capsys):
    """The container's disk is wiped like a PaaS's: its command refuses to start without a
    database server and a key that outlive it."""
    import cli

    command = json.loads(re.search(r"^CMD (.+)$", (ROOT / "Dockerfile").read_text(), re.M)[1])
    assert command[:2] == ["hustings", "serve"]
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("HUSTINGS_SECRET", raising=False)
    assert cli.main(command[1:]) == 2
    assert "set DATABASE_URL and HUSTINGS_SECRET" in capsys.readouterr().err
    compose = (ROOT / "compose.yaml").read_text()
    assert "DATABASE_URL: postgresql://" in compose
    assert "HUSTINGS_SECRET: ${HUSTINGS_SECRET:?" in compose


def docker_runs() -> bool:
    return shutil.which("docker") is not None and subprocess.run(
        ["docker", "info"], capture_output=True, timeout=30).returncode == 0


@pytest.mark.skipif(not docker_runs(),
                    reason="no Docker daemon here: the image is built only where one runs")
def test_the_image_builds():
    out = subprocess.run(["docker", "build", "-q", "-t", "hustings-test", "."], cwd=ROOT,
                         capture_output=True, text=True, timeout=1200)
    assert out.returncode == 0, out.stderr
