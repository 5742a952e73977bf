"""A server in its own process on loopback, for benchmarks that time it from outside."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType

import aiohttp


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Served:
    """`async with Served(argv, port, env, log) as server:` then post to `server.origin`.

    Starts `argv` with `env` added to this process's environment, its output in `log`,
    and waits until GET /healthz answers 200; stops it with SIGINT (as Ctrl-C would).
    """

    def __init__(
        self, argv: Sequence[str], port: int, env: Mapping[str, str], log: Path, cwd: Path
    ) -> None:
        self.argv, self.port, self.env, self.log, self.cwd = argv, port, env, log, cwd
        self.origin = f"http://127.0.0.1:{port}"
        self.started_in = 0.0
        self._process: asyncio.subprocess.Process | None = None

    @property
    def pid(self) -> int:
        assert self._process is not None
        return self._process.pid

    async def __aenter__(self) -> Served:
        began = time.monotonic()
        with self.log.open("ab") as log:
            self._process = await asyncio.create_subprocess_exec(
                *self.argv,
                env={**os.environ, **self.env},
                cwd=self.cwd,
                stdout=log,
                stderr=asyncio.subprocess.STDOUT,
            )
        await self._healthy(timeout=120)
        self.started_in = time.monotonic() - began
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._process is not None:
            self._process.send_signal(signal.SIGINT)
            try:
                async with asyncio.timeout(15):
                    await self._process.wait()
            except TimeoutError:
                self._process.kill()
                await self._process.wait()

    async def _healthy(self, timeout: float) -> None:  # noqa: ASYNC109 - one deadline
        assert self._process is not None
        deadline = time.monotonic() + timeout
        async with aiohttp.ClientSession() as session:
            while time.monotonic() < deadline:
                if self._process.returncode is not None:
                    raise RuntimeError(f"{self.argv} stopped at start:\n{self._log_tail()}")
                try:
                    async with session.get(f"{self.origin}/healthz") as answer:
                        if answer.status == 200:
                            return
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.1)
        raise RuntimeError(f"{self.argv} did not answer /healthz:\n{self._log_tail()}")

    def _log_tail(self) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-15:])
