"""A throwaway PostgreSQL cluster in a temporary folder (initdb + pg_ctl), for the tests and the
burst benchmark: no server is needed beforehand, and nothing is left behind."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path


def binaries() -> Path | None:
    """Debian's PostgreSQL programs (not on PATH), newest version first; None if not installed."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    if found:
        return Path(found[0]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


class Cluster:
    """`with Cluster() as c:` gives c.url, a superuser URL on a Unix socket in the folder."""

    def __init__(self):
        self.bin = binaries()
        if self.bin is None:
            raise RuntimeError("PostgreSQL is not installed (apt-get install postgresql)")
        self.folder = Path(tempfile.mkdtemp(prefix="hustings-pg-"))
        self.data = self.folder / "data"
        # initdb refuses to run as root: run it, and the server, as the postgres user.
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []
        self.user = "postgres" if os.getuid() == 0 else os.environ.get("USER", "postgres")
        self.url = f"postgresql://{self.user}@/postgres?host={self.folder}"

    def _run(self, *args: str) -> None:
        subprocess.run([*self.as_user, *args], check=True, capture_output=True)

    def start(self) -> Cluster:
        if self.as_user:
            shutil.chown(self.folder, "postgres")
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", self.user,
                  "--no-sync", "-E", "UTF8", "--locale=C.UTF-8")
        # fsync off: a test cluster never outlives a crash, and the suite runs much faster.
        options = (f"-c listen_addresses='' -c unix_socket_directories={self.folder}"
                   " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
                   " -c max_connections=300")
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options, "-w",
                  "-l", str(self.folder / "log"), "start")
        return self

    def durable(self) -> Cluster:
        """Start with fsync on, as a real server runs (for the benchmark's kill -9)."""
        if self.as_user:
            shutil.chown(self.folder, "postgres")
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", self.user,
                  "-E", "UTF8", "--locale=C.UTF-8")
        options = (f"-c listen_addresses='' -c unix_socket_directories={self.folder}"
                   " -c max_connections=300")
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options, "-w",
                  "-l", str(self.folder / "log"), "start")
        return self

    def stop(self) -> None:
        try:
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> Cluster:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
