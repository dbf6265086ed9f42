"""A real SMTP server on loopback for the mail tests (aiosmtpd): it keeps every message it
accepts, refuses the recipients it is told to refuse (550) and answers 451 ("try later") the
first time for those it is told to delay."""
from __future__ import annotations

import socket
from contextlib import contextmanager
from email import message_from_bytes, policy


class Inbox:
    def __init__(self, refuse=(), delay_once=()):
        self.refuse, self.delay_once = set(refuse), set(delay_once)
        self.messages = []      # (envelope recipients, parsed message)
        self.rcpt_replies = []  # (address, reply)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            reply = "550 5.1.1 No such mailbox here"
        elif address in self.delay_once:
            self.delay_once.discard(address)
            reply = "451 4.3.0 Try again later"
        else:
            envelope.rcpt_tos.append(address)
            reply = "250 OK"
        self.rcpt_replies.append((address, reply))
        return reply

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((list(envelope.rcpt_tos), message_from_bytes(envelope.original_content or
                                                                          envelope.content, policy=policy.default)))
        return "250 Message accepted"

    def to(self, address):
        return [m for rcpt, m in self.messages if address in rcpt]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def smtp_server(**kw):
    """An :class:`Inbox` served on 127.0.0.1 at ``inbox.port`` until the block ends."""
    from aiosmtpd.controller import Controller

    inbox = Inbox(**kw)
    inbox.port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=inbox.port)
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()
