#!/usr/bin/env python3
"""Run a command with a throw-away Neo4j Community server (stdlib only).

    python tools/neo4j-test-server/with_neo4j.py [--timeout S] [--require] -- COMMAND...

Builds the launcher (``pom.xml``, ``TestServer.java``: Neo4j embedded, Bolt on 127.0.0.1 at a
free port, a fresh data directory, a generated password) with Maven when its classes or
classpath are missing or stale, starts it, waits for its ``NEO4J_READY`` line, then runs
COMMAND with ``VANBAN_NEO4J_URI``, ``VANBAN_NEO4J_USER`` and ``VANBAN_NEO4J_PASSWORD`` set.
The server is always stopped afterwards (also when COMMAND fails, on Ctrl-C and on SIGTERM),
and the exit status is COMMAND's.

Where ``java`` or ``mvn`` is missing (or the build or start fails), COMMAND runs without a
server and ``VANBAN_NEO4J_SKIP_REASON`` says why (the Neo4j tests skip with that reason), unless
``--require`` (or ``VANBAN_REQUIRE_NEO4J=1``) is given: then it exits 3 before running COMMAND.

Environment: ``JAVA_HOME`` (which java), ``VANBAN_NEO4J_JAVA_OPTS`` (default ``-Xmx1g
-Xms256m``), ``VANBAN_NEO4J_PAGECACHE`` (default ``128m``).
"""

from __future__ import annotations

import argparse
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET = HERE / "target"
CLASSPATH_FILE = TARGET / "classpath.txt"
CLASS_FILE = TARGET / "classes" / "vanban" / "neo4j" / "TestServer.class"
STAMP = TARGET / ".built"  # touched after a good build (Maven leaves an unchanged classpath file)
SOURCES = (HERE / "pom.xml", HERE / "src" / "main" / "java" / "vanban" / "neo4j" / "TestServer.java")
READY = "NEO4J_READY"
MAIN_CLASS = "vanban.neo4j.TestServer"


def say(msg: str) -> None:
    print(f"with_neo4j: {msg}", file=sys.stderr, flush=True)


class Unavailable(Exception):
    """No server can be started here; the message says why."""


def java_command() -> str:
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").is_file():
        return str(Path(home) / "bin" / "java")
    found = shutil.which("java")
    if not found:
        raise Unavailable("no `java` on PATH (install a JDK 17+, e.g. apt-get install openjdk-17-jdk-headless)")
    return found


def java_major(java: str) -> int:
    out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60)
    text = out.stderr + out.stdout
    for token in text.replace('"', " ").split():
        head = token.split(".")[0].split("-")[0]
        if head.isdigit() and int(head) >= 1:
            major = int(head)
            if major == 1 and token.startswith("1."):
                return int(token.split(".")[1])
            return major
    raise Unavailable(f"cannot tell the version of {java}: {text.strip()[:200]}")


def stale() -> bool:
    if not (CLASSPATH_FILE.is_file() and CLASS_FILE.is_file() and STAMP.is_file()):
        return True
    built = STAMP.stat().st_mtime
    if any(src.stat().st_mtime > built for src in SOURCES):
        return True
    return any(not Path(p).is_file() for p in CLASSPATH_FILE.read_text().strip().split(os.pathsep) if p)


def build() -> None:
    """Compile the launcher and write its classpath (dependencies from Maven Central, ~/.m2)."""
    if not stale():
        return
    mvn = shutil.which("mvn")
    if not mvn:
        raise Unavailable("no `mvn` on PATH (install Maven, e.g. apt-get install maven)")
    say("building the launcher with Maven (first run downloads Neo4j into ~/.m2)")
    t = time.monotonic()
    cmd = [mvn, "-B", "-q", "-f", str(HERE / "pom.xml"), "compile", "dependency:build-classpath",
           f"-Dmdep.outputFile={CLASSPATH_FILE}"]  # fmt: skip
    proc = subprocess.run(cmd, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if proc.returncode != 0 or not CLASS_FILE.is_file():
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
        raise Unavailable(f"the Maven build of the launcher failed (exit {proc.returncode}):\n{tail}")
    STAMP.touch()
    say(f"built in {time.monotonic() - t:.0f} s")


class Server:
    """The launcher as a child process (its own session, so Ctrl-C reaches only us)."""

    def __init__(self, java: str, timeout: float) -> None:
        opts = os.environ.get("VANBAN_NEO4J_JAVA_OPTS", "-Xmx1g -Xms256m").split()
        pagecache = os.environ.get("VANBAN_NEO4J_PAGECACHE", "128m")
        classpath = os.pathsep.join([str(TARGET / "classes"), CLASSPATH_FILE.read_text().strip()])
        TARGET.mkdir(exist_ok=True)
        self.log_path = TARGET / "server.log"
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            [java, *opts, f"-Dvanban.pagecache={pagecache}", "-cp", classpath, MAIN_CLASS],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._log,
            start_new_session=True, text=True,
        )  # fmt: skip
        self.data_dir: str | None = None
        self.fields = self._await_ready(timeout)

    def _await_ready(self, timeout: float) -> dict[str, str]:
        lines: queue.Queue[str | None] = queue.Queue()

        def pump() -> None:
            assert self.proc.stdout is not None
            for line in self.proc.stdout:
                lines.put(line)
            lines.put(None)

        threading.Thread(target=pump, daemon=True).start()
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                self.stop()
                raise Unavailable(f"Neo4j printed no {READY} line in {timeout:.0f} s; "
                                  f"its log:\n{self.log_tail()}")  # fmt: skip
            try:
                line = lines.get(timeout=min(left, 1.0))
            except queue.Empty:
                continue
            if line is None:
                code = self.proc.wait()
                self.stop()
                raise Unavailable(f"the Neo4j launcher exited ({code}) before it was ready; "
                                  f"its log:\n{self.log_tail()}")  # fmt: skip
            if line.startswith(READY):
                parts = line.split()
                fields = dict(p.split("=", 1) for p in parts[2:] if "=" in p)
                fields["uri"] = parts[1]
                self.data_dir = fields.get("data")
                return fields

    def log_tail(self, n: int = 20) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return "(no log)"

    def stop(self, grace: float = 60.0) -> None:
        if self.proc.poll() is None:
            try:
                if self.proc.stdin:
                    self.proc.stdin.close()  # the launcher exits on end of input...
            except OSError:
                pass
            try:
                self.proc.send_signal(signal.SIGTERM)  # ...and on SIGTERM (shutdown hook)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(grace)
            except subprocess.TimeoutExpired:
                say(f"Neo4j did not stop in {grace:.0f} s; killing it")
                self.proc.kill()
                self.proc.wait()
        self._log.close()
        if self.data_dir and Path(self.data_dir).exists():
            shutil.rmtree(self.data_dir, ignore_errors=True)


def _status(code: int) -> int:
    """A child's exit status as a shell reports it (128 + N when killed by signal N)."""
    return 128 - code if code < 0 else code


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds to wait for READY")
    parser.add_argument("--require", action="store_true",
                        default=os.environ.get("VANBAN_REQUIRE_NEO4J") == "1",
                        help="fail (exit 3) instead of running COMMAND without a server")  # fmt: skip
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no COMMAND given")

    # SIGTERM ends us like Ctrl-C does: through the finally below
    def on_term(signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_term)

    env = dict(os.environ)
    server: Server | None = None
    try:
        try:
            java = java_command()
            if java_major(java) < 17:
                raise Unavailable(f"{java} is older than Java 17, which Neo4j 5.26 needs")
            build()
            t = time.monotonic()
            server = Server(java, args.timeout)
            f = server.fields
            say(f"Neo4j {f.get('version', '?')} ready at {f['uri']} in {time.monotonic() - t:.0f} s")
            env.update(VANBAN_NEO4J_URI=f["uri"], VANBAN_NEO4J_USER=f.get("user", "neo4j"),
                       VANBAN_NEO4J_PASSWORD=f.get("password", ""),
                       VANBAN_NEO4J_SERVER_VERSION=f.get("version", ""))  # fmt: skip
            env.pop("VANBAN_NEO4J_SKIP_REASON", None)
        except Unavailable as e:
            reason = f"no Neo4j test server: {e}"
            if args.require:
                say(reason)
                return 3
            say(reason + " — running the command without it (the Neo4j tests skip)")
            env["VANBAN_NEO4J_SKIP_REASON"] = reason.splitlines()[0]
            for name in ("VANBAN_NEO4J_URI", "VANBAN_NEO4J_USER", "VANBAN_NEO4J_PASSWORD"):
                env.pop(name, None)
        child = subprocess.Popen(command, env=env)
        try:
            return _status(child.wait())
        except KeyboardInterrupt:
            try:
                child.send_signal(signal.SIGINT)
                return _status(child.wait(30))
            except (subprocess.TimeoutExpired, ProcessLookupError):
                child.kill()
                child.wait()
                return 130
    except KeyboardInterrupt:
        return 130
    finally:
        if server is not None:
            server.stop()
            say("Neo4j stopped")


if __name__ == "__main__":
    sys.exit(main())
