"""A real SMTP server on loopback (aiosmtpd) for the reminder tests, with switchable faults.

``SmtpSink`` records every message it accepted as raw bytes, and can refuse (a 5xx or 4xx
reply), hold a transaction open (to kill a worker mid-send) or drop the connection.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import socket
import threading
from dataclasses import dataclass, field

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Received:
    rcpt_tos: list[str]
    raw: bytes

    @property
    def message(self) -> email.message.EmailMessage:
        return email.message_from_bytes(self.raw, policy=email.policy.default)

    @property
    def reminder_ids(self) -> list[int]:
        return [int(i) for i in self.message["X-Theodoi-Reminders"].split(",")]


@dataclass
class SinkHandler:
    received: list[Received] = field(default_factory=list)
    # Replies to give to the next DATA commands instead of accepting ("554 ...", "451 ...").
    refusals: list[str] = field(default_factory=list)
    refuse_always: str | None = None
    # When set, RCPT waits (the client blocks) until ``release`` is set; ``entered`` tells the test.
    hold: bool = False
    entered: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.hold:
            self.entered.set()
            # Poll so the event loop stays responsive; bounded so a failed test never hangs.
            for _ in range(600):
                if self.release.is_set():
                    break
                await asyncio.sleep(0.05)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            if self.refuse_always:
                return self.refuse_always
            if self.refusals:
                return self.refusals.pop(0)
            self.received.append(Received(list(envelope.rcpt_tos), envelope.original_content or envelope.content))
        return "250 Message accepted"


class SmtpSink:
    """Start with ``with SmtpSink() as sink:``; ``sink.port`` is the loopback port."""

    def __init__(self, handler: SinkHandler | None = None, port: int | None = None) -> None:
        self.handler = handler or SinkHandler()
        self.port = port or free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port, ready_timeout=10)

    def __enter__(self) -> SmtpSink:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.handler.release.set()
        self.controller.stop()

    @property
    def received(self) -> list[Received]:
        return self.handler.received


class DroppingServer:
    """A TCP server on loopback that accepts connections and closes them at once."""

    def __init__(self) -> None:
        self.port = free_port()
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", self.port))
        self.sock.listen(16)
        self.connections = 0
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        self.sock.settimeout(0.2)
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def __enter__(self) -> DroppingServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self.thread.join(timeout=5)
        self.sock.close()
