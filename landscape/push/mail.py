"""Delivering digests over SMTP, each one once.

Settings come from ``WORKSPACE/smtp.toml`` (``host``, ``port``, ``tls``, ``user``,
``password``, ``from``) or the environment (``LANDSCAPE_SMTP_HOST``, ``_PORT``, ``_TLS``
none/starttls/ssl, ``_USER``, ``_PASSWORD``, ``_FROM``), the environment winning field by field;
never from the command line (a password there is in every process listing and shell history).

A message is multipart/alternative (plain text, then HTML), UTF-8, its Chinese subject and
names encoded as RFC 2047 words. ``send_digests`` sends what ``WORKSPACE/digests/sent.jsonl``
does not list yet (subscriber × map × version: a digest sent is never sent again, whatever
the run), one line appended there after each accepted message; temporary failures (4xx replies,
a dropped connection) are retried with backoff; a refused recipient is logged and the others
are still sent. Every run writes its own log. Two sending runs never overlap (a lock).
"""
from __future__ import annotations

import datetime as dt
import json
import os
import smtplib
import socket
import ssl
import time
import tomllib
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formataddr, format_datetime, make_msgid
from pathlib import Path

from landscape.push.digest import Digest

TLS_MODES = ("none", "starttls", "ssl")
SETTINGS_FILE = "smtp.toml"
_FIELDS = {"host": "HOST", "port": "PORT", "tls": "TLS", "user": "USER", "password": "PASSWORD", "from": "FROM"}


class MailError(ValueError):
    """Mail that cannot be sent at all (settings, lock), in one sentence."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    sender: str
    port: int = 25
    tls: str = "none"
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = 30.0

    def where(self) -> str:
        return f"{self.host}:{self.port} ({self.tls})"


def load_settings(workspace: Path, environ=None) -> SmtpSettings:
    """The SMTP settings: ``smtp.toml`` in the workspace, each field overridden by its variable."""
    environ = os.environ if environ is None else environ
    path = Path(workspace) / SETTINGS_FILE
    raw: dict = {}
    if path.exists():
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
            raise MailError(f"{path}: cannot be read as TOML ({err}).") from None
        unknown = sorted(set(raw) - set(_FIELDS))
        if unknown:
            raise MailError(f"{path}: unknown field {unknown[0]!r} (fields: {', '.join(_FIELDS)}).")
    source = {k: str(path) for k in raw}
    for key, suffix in _FIELDS.items():
        value = environ.get(f"LANDSCAPE_SMTP_{suffix}")
        if value not in (None, ""):
            raw[key], source[key] = value, f"LANDSCAPE_SMTP_{suffix}"
    if not raw.get("host"):
        raise MailError(f"no SMTP server: set host in {path} or LANDSCAPE_SMTP_HOST.")
    if not raw.get("from"):
        raise MailError(f"no sender address: set from in {path} or LANDSCAPE_SMTP_FROM.")
    tls = str(raw.get("tls") or "none").lower()
    if tls not in TLS_MODES:
        raise MailError(f"{source['tls']}: tls must be none, starttls or ssl, not {raw['tls']!r}.")
    default_port = {"none": 25, "starttls": 587, "ssl": 465}[tls]
    try:
        port = int(raw.get("port") or default_port)
        if not 0 < port < 65536:
            raise ValueError
    except (TypeError, ValueError):
        raise MailError(f"{source['port']}: port must be a number from 1 to 65535, not {raw['port']!r}.") from None
    if bool(raw.get("user")) != bool(raw.get("password")):
        raise MailError(f"SMTP user and password go together: set both or neither ({path} or LANDSCAPE_SMTP_USER "
                        "and LANDSCAPE_SMTP_PASSWORD).")
    return SmtpSettings(host=str(raw["host"]), sender=str(raw["from"]), port=port, tls=tls,
                        user=str(raw["user"]) if raw.get("user") else None,
                        password=str(raw["password"]) if raw.get("password") else None)


def build_message(d: Digest, html: str, text: str, settings: SmtpSettings) -> EmailMessage:
    """A multipart/alternative message: the text part, then the HTML part, both UTF-8."""
    msg = EmailMessage()
    msg["Subject"] = d.subject()
    msg["From"] = settings.sender
    msg["To"] = formataddr((d.subscriber.name, d.subscriber.email))
    msg["Date"] = format_datetime(dt.datetime.now(dt.timezone.utc))
    msg["Message-ID"] = make_msgid(idstring=f"{d.map}.v{d.version}", domain="landscape.digest")
    msg["X-Landscape-Digest"] = d.key
    msg.set_content(text, subtype="plain", charset="utf-8")
    msg.add_alternative(html, subtype="html", charset="utf-8")
    return msg


# --------------------------------------------------------------------------- what was sent

def sent_path(workspace: Path) -> Path:
    return Path(workspace) / "digests" / "sent.jsonl"


def sent_keys(workspace: Path) -> set[str]:
    """The digests already sent (``key`` of each line of sent.jsonl; a damaged line is skipped
    rather than risk stopping every later digest)."""
    keys = set()
    try:
        lines = sent_path(workspace).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return keys
    for line in lines:
        try:
            keys.add(json.loads(line)["key"])
        except (ValueError, KeyError, TypeError):
            continue
    return keys


def _record_sent(workspace: Path, entry: dict) -> None:
    path = sent_path(workspace)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as f:
        f.write(json.dumps(entry, ensure_ascii=False) + "\n")
        f.flush()
        os.fsync(f.fileno())


# --------------------------------------------------------------------------- sending

class _Temporary(Exception):
    """A failure worth trying again."""


@dataclass
class SendResult:
    sent: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    log: Path | None = None

    def as_dict(self) -> dict:
        return {"sent": self.sent, "already_sent": self.already, "refused": self.refused, "failed": self.failed,
                "log": str(self.log) if self.log else None}


def _connect(settings: SmtpSettings) -> smtplib.SMTP:
    if settings.tls == "ssl":
        server = smtplib.SMTP_SSL(settings.host, settings.port, timeout=settings.timeout,
                                  context=ssl.create_default_context())
    else:
        server = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
        if settings.tls == "starttls":
            server.starttls(context=ssl.create_default_context())
    if settings.user:
        server.login(settings.user, settings.password or "")
    return server


def _temporary(err: Exception) -> bool:
    if isinstance(err, (smtplib.SMTPServerDisconnected, ConnectionError, socket.timeout, TimeoutError)):
        return True
    code = getattr(err, "smtp_code", None)
    return isinstance(code, int) and 400 <= code < 500


def send_digests(workspace: Path, digests: list[tuple[Digest, str, str]], settings: SmtpSettings, *,
                 retries: int = 3, backoff: float = 2.0, sleep=time.sleep, log_dir: Path | None = None) -> SendResult:
    """Send each ``(digest, html, text)`` not sent before; returns what happened to each key.

    ``retries``: tries after the first on a temporary failure, waiting ``backoff``, then twice
    that, and so on.
    """
    from landscape.publish import map_lock

    root = Path(workspace) / "digests"
    root.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    result = SendResult(log=(log_dir or root / "logs") / f"send-{stamp}.log")
    result.log.parent.mkdir(parents=True, exist_ok=True)
    with map_lock(root, "send", wait=False) as held, open(result.log, "a", encoding="utf-8") as log:
        if not held:
            raise MailError(f"another run is sending digests from {root}; try again when it has finished.")

        def note(text: str) -> None:
            log.write(f"{dt.datetime.now().isoformat(timespec='seconds')} {text}\n")
            log.flush()

        note(f"server {settings.where()}, {len(digests)} digests")
        done = sent_keys(workspace)
        server, unreachable = None, None
        try:
            for d, html, text in digests:
                who = f"{d.key} to {d.subscriber.email}"
                if d.key in done:
                    result.already.append(d.key)
                    note(f"already sent, skipped: {who}")
                    continue
                if unreachable:  # retried already: the rest would wait as long for the same answer
                    result.failed.append(d.key)
                    note(f"FAILED {who}: not tried, the server could not be reached ({unreachable})")
                    continue
                msg = build_message(d, html, text, settings)
                for attempt in range(retries + 1):
                    try:
                        if server is None:
                            server = _connect(settings)
                        server.send_message(msg)
                    except smtplib.SMTPRecipientsRefused as err:
                        reply = "; ".join(f"{code} {m.decode('utf-8', 'replace') if isinstance(m, bytes) else m}"
                                          for code, m in err.recipients.values())
                        if attempt < retries and all(400 <= c < 500 for c, _ in err.recipients.values()):
                            note(f"recipient refused for now ({reply}), retry {attempt + 1}: {who}")
                            sleep(backoff * 2 ** attempt)
                            continue
                        result.refused.append(d.key)
                        note(f"REFUSED {who}: {reply}")
                        break
                    except (smtplib.SMTPException, OSError) as err:
                        if not isinstance(err, smtplib.SMTPResponseException):  # the connection is gone
                            server = _close(server)
                        if attempt < retries and _temporary(err):
                            note(f"temporary failure ({_reason(err)}), retry {attempt + 1}: {who}")
                            sleep(backoff * 2 ** attempt)
                            continue
                        result.failed.append(d.key)
                        note(f"FAILED {who}: {_reason(err)}")
                        if server is None:
                            unreachable = _reason(err)
                        if isinstance(err, smtplib.SMTPAuthenticationError):
                            raise MailError(f"{settings.where()} refused the SMTP user and password; "
                                            "check LANDSCAPE_SMTP_USER / LANDSCAPE_SMTP_PASSWORD or smtp.toml.") from None
                        break
                    else:
                        _record_sent(workspace, {"key": d.key, "subscriber": d.subscriber.name,
                                                 "email": d.subscriber.email, "map": d.map, "version": d.version,
                                                 "message_id": msg["Message-ID"],
                                                 "at": dt.datetime.now().isoformat(timespec="seconds")})
                        done.add(d.key)
                        result.sent.append(d.key)
                        note(f"sent {who}")
                        break
        finally:
            _close(server)
            note(f"done: {len(result.sent)} sent, {len(result.already)} already sent, {len(result.refused)} refused, "
                 f"{len(result.failed)} failed")
    return result


def _reason(err: Exception) -> str:
    code, message = getattr(err, "smtp_code", None), getattr(err, "smtp_error", None)
    if code is not None:
        text = message.decode("utf-8", "replace") if isinstance(message, bytes) else str(message)
        return f"{code} {text}"
    return f"{type(err).__name__}: {err}"


def _close(server) -> None:
    if server is not None:
        try:
            server.quit()
        except (smtplib.SMTPException, OSError):
            server.close()
    return None
