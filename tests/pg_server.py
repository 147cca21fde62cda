"""A throwaway PostgreSQL server for tests: found or started, never the machine's own cluster.

``PostgresServer.start()`` uses ``CLAIMTRACE_TEST_PG_URL`` when set (a server you
run yourself; each test gets a fresh database on it), otherwise it ``initdb``s a
private cluster into a temporary folder with Debian's binaries
(``/usr/lib/postgresql/*/bin``) and listens on a free 127.0.0.1 port. The server
refuses to run as root, so as root the cluster belongs to the ``postgres``
system user that the Debian package creates.

Without binaries, tests that need the server are skipped with the reason; with
``CI=true`` they fail instead, so CI can never pass by skipping them.
"""

from __future__ import annotations

import glob
import importlib.util
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest

URL_VARIABLE = "CLAIMTRACE_TEST_PG_URL"


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server can be found or started here; the message says why."""


def find_bin_dir() -> Path | None:
    """The newest Debian PostgreSQL bin folder with initdb and pg_ctl, or the ones on PATH."""
    candidates = sorted(
        (Path(p) for p in glob.glob("/usr/lib/postgresql/*/bin")),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
        reverse=True,
    )
    for folder in candidates:
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    on_path = shutil.which("initdb")
    return Path(on_path).parent if on_path and shutil.which("pg_ctl") else None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class PostgresServer:
    """A running server and how to reach it; ``stop()`` removes everything a private one made."""

    base_url: str  # without a database name: postgresql://user@host:port
    admin_db: str = "postgres"
    data_dir: Path | None = None
    bin_dir: Path | None = None
    run_as: str | None = None
    _databases: list[str] = field(default_factory=list)

    @classmethod
    def start(cls) -> "PostgresServer":
        if importlib.util.find_spec("psycopg") is None:
            raise PostgresUnavailable("the psycopg package is not installed (pip install 'psycopg[binary]')")
        given = os.environ.get(URL_VARIABLE)
        if given:
            base, _, admin = given.rstrip("/").rpartition("/")
            return cls(base_url=base, admin_db=admin or "postgres")
        bin_dir = find_bin_dir()
        if bin_dir is None:
            raise PostgresUnavailable(
                "no PostgreSQL binaries (initdb, pg_ctl) found; install Debian's `postgresql` package "
                f"or set {URL_VARIABLE}=postgresql://user@host:port/db"
            )
        run_as = None
        if os.geteuid() == 0:
            try:
                pwd.getpwnam("postgres")
            except KeyError as exc:
                raise PostgresUnavailable("running as root and there is no `postgres` system user to own the cluster") from exc
            run_as = "postgres"
        root = Path(tempfile.mkdtemp(prefix="claimtrace-pg-"))
        if run_as:
            shutil.chown(root, user=run_as)
        server = cls(base_url="", data_dir=root / "data", bin_dir=bin_dir, run_as=run_as)
        server._init_and_start(root)
        return server

    def _run(self, *argv: str) -> None:
        command = [str(a) for a in argv]
        if self.run_as:
            command = ["runuser", "-u", self.run_as, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise PostgresUnavailable(f"{' '.join(command)} failed: {done.stderr.strip() or done.stdout.strip()}")

    def _init_and_start(self, root: Path) -> None:
        assert self.data_dir is not None and self.bin_dir is not None
        self._run(self.bin_dir / "initdb", "-D", self.data_dir, "-U", "postgres", "--auth=trust", "-E", "UTF8",
                  "--locale=C.UTF-8", "--no-sync")
        port = free_port()
        # Durability is pointless for a throwaway cluster; without fsync the tests run faster.
        options = (f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={root} "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60")
        self._run(self.bin_dir / "pg_ctl", "-D", self.data_dir, "-l", root / "server.log", "-o", options, "-w", "start")
        self.base_url = f"postgresql://postgres@127.0.0.1:{port}"

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(f"{self.base_url}/{self.admin_db}", autocommit=True) as conn:
            conn.execute(sql)

    def create_database(self, template: str | None = None) -> str:
        """A new database, empty or a copy of ``template`` (a URL of this server's); returns its URL.

        PostgreSQL copies a template only while no other session is connected to it.
        """
        name = "ct_" + uuid.uuid4().hex[:16]  # generated, so safe to put in the statement
        if template is None:
            self._admin(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING \'UTF8\'')
        else:
            source = template.rsplit("/", 1)[1]
            if source not in self._databases:
                raise ValueError(f"{source} is not a database this server made")
            self._admin(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
        self._databases.append(name)
        return f"{self.base_url}/{name}"

    def drop_database(self, url: str) -> None:
        name = url.rsplit("/", 1)[1]
        if name in self._databases:
            self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            self._databases.remove(name)

    def stop(self) -> None:
        if self.data_dir is None:
            for name in list(self._databases):
                self.drop_database(f"{self.base_url}/{name}")
            return
        assert self.bin_dir is not None
        try:
            self._run(self.bin_dir / "pg_ctl", "-D", self.data_dir, "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.data_dir.parent, ignore_errors=True)


def unavailable(reason: str) -> None:
    """Skip a PostgreSQL test on a developer machine; fail it in CI (CI=true)."""
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"PostgreSQL is required in CI: {reason}")
    pytest.skip(f"PostgreSQL not available: {reason}")


@pytest.fixture(scope="session")
def pg_server():
    """One PostgreSQL server for the whole session, or a skip/fail saying why there is none."""
    try:
        server = PostgresServer.start()
    except PostgresUnavailable as exc:
        unavailable(str(exc))
        return
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def pg_url(pg_server: PostgresServer):
    """A fresh database on the session's server, dropped after the test."""
    url = pg_server.create_database()
    try:
        yield url
    finally:
        pg_server.drop_database(url)
