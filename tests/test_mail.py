"""Digests sent to a real SMTP server on loopback (aiosmtpd): one multipart/alternative message
per subscriber with its headers, text and HTML parts and Chinese intact; none sent again on a
second run; a refused recipient logged while the others are still sent; a "try later" retried;
nothing sent without --send; settings only from smtp.toml or the environment."""
from __future__ import annotations

import json

import pytest
import push_bundle as P
from click.testing import CliRunner
from smtp_server import smtp_server

from landscape.cli import main
from landscape.push import mail as M
from landscape.push.subscriptions import check, write_subscriptions

EMAILS = [s["email"] for s in P.SUBSCRIBERS]


@pytest.fixture
def ws(tmp_path):
    P.write_workspace(tmp_path)
    write_subscriptions(tmp_path, [check(s) for s in P.SUBSCRIBERS])
    return tmp_path


def smtp_env(monkeypatch, port):
    for key in ("USER", "PASSWORD", "TLS"):
        monkeypatch.delenv(f"LANDSCAPE_SMTP_{key}", raising=False)
    monkeypatch.setenv("LANDSCAPE_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("LANDSCAPE_SMTP_PORT", str(port))
    monkeypatch.setenv("LANDSCAPE_SMTP_FROM", "专利导航 <digest@landscape.example>")


def digest(ws, *more):
    return CliRunner().invoke(main, ["digest", "--map", "toys", "--workspace", str(ws), *more])


def parts(msg) -> dict:
    return {p.get_content_type(): p.get_content() for p in msg.iter_parts()}


def test_one_message_per_subscriber_and_none_sent_again(ws, monkeypatch):
    with smtp_server() as inbox:
        smtp_env(monkeypatch, inbox.port)
        first = digest(ws, "--send", "--json")
        assert first.exit_code == 0, first.output
        assert sorted(r for rcpt, _ in inbox.messages for r in rcpt) == sorted(EMAILS)
        (zh,) = inbox.to("ip@example.cn")
        assert zh["Subject"] == "【专利导航】玩具 (toys)：某玩具厂 关注的新专利 5 件（第 2 版）"
        assert "=?utf-8?" in zh.as_string().split("\n\n", 1)[0]  # the Chinese subject travels encoded
        assert zh["To"].addresses[0].display_name == "某玩具厂" and zh["From"].addresses[0].username == "digest"
        assert zh["X-Landscape-Digest"] == "toys/v2/某玩具厂" and zh["Message-ID"] and zh["Date"]
        assert zh.get_content_type() == "multipart/alternative"
        body = parts(zh)
        assert list(body) == ["text/plain", "text/html"]
        assert "新星玩具有限公司 新进入「遥控车」领域" in body["text/plain"]
        assert "磁力积木拼接结构" in body["text/html"] and "<table" in body["text/html"]
        (en,) = inbox.to("ip@toyco.example")
        assert "is new in 'Remote-control cars'" in parts(en)["text/plain"]
        (chem,) = inbox.to("ip@chem.example")
        assert "nothing new" in chem["Subject"] or "无新动态" in chem["Subject"]
        summary = json.loads(first.output)
        assert sorted(summary["send"]["sent"]) == sorted(d["key"] for d in summary["digests"])

        second = digest(ws, "--send", "--json")
        assert second.exit_code == 0, second.output
        assert len(inbox.messages) == len(EMAILS)  # nothing resent
        assert sorted(json.loads(second.output)["send"]["already_sent"]) == sorted(summary["send"]["sent"])
    lines = (ws / "digests" / "sent.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(EMAILS) and json.loads(lines[0])["version"] == 2


def test_a_refused_recipient_is_logged_and_the_others_are_sent(ws, monkeypatch):
    with smtp_server(refuse={"ip@lamp.example"}) as inbox:
        smtp_env(monkeypatch, inbox.port)
        result = digest(ws, "--send")
        assert result.exit_code == 1, result.output  # cron sees that something was not delivered
        assert "refused 1" in result.output
        assert sorted(r for rcpt, _ in inbox.messages for r in rcpt) == sorted(set(EMAILS) - {"ip@lamp.example"})
    (log,) = (ws / "digests" / "logs").glob("send-*.log")
    text = log.read_text(encoding="utf-8")
    assert "REFUSED toys/v2/Lamp-Co to ip@lamp.example: 550 5.1.1 No such mailbox here" in text
    sent = (ws / "digests" / "sent.jsonl").read_text(encoding="utf-8")
    assert "Lamp-Co" not in sent  # so a later run tries again


def test_a_temporary_failure_is_retried_with_backoff(ws):
    from landscape.maps import read_bundle
    from landscape.push.digest import write_digests

    written = write_digests(ws, read_bundle(ws, "toys"), [check(P.SUBSCRIBERS[1])])
    waits = []
    with smtp_server(delay_once={"ip@toyco.example"}) as inbox:
        settings = M.SmtpSettings(host="127.0.0.1", port=inbox.port, sender="digest@landscape.example")
        result = M.send_digests(ws, [(w.digest, w.html, w.text) for w in written], settings, sleep=waits.append,
                                backoff=1.5)
        assert result.sent == ["toys/v2/Toy-Co"] and waits == [1.5]
        assert [reply[:3] for _, reply in inbox.rcpt_replies] == ["451", "250"]
        assert len(inbox.messages) == 1


def test_nothing_leaves_without_send(ws, monkeypatch):
    with smtp_server() as inbox:
        smtp_env(monkeypatch, inbox.port)
        result = digest(ws)
        assert result.exit_code == 0 and "Nothing was sent" in result.output
        assert inbox.messages == [] and not (ws / "digests" / "sent.jsonl").exists()


def test_settings_from_the_file_and_the_environment(tmp_path):
    (tmp_path / "smtp.toml").write_text('host = "mail.example.cn"\ntls = "ssl"\nfrom = "a@example.cn"\n',
                                        encoding="utf-8")
    s = M.load_settings(tmp_path, environ={})
    assert (s.host, s.port, s.tls, s.sender) == ("mail.example.cn", 465, "ssl", "a@example.cn")
    s = M.load_settings(tmp_path, environ={"LANDSCAPE_SMTP_PORT": "2525", "LANDSCAPE_SMTP_TLS": "starttls"})
    assert (s.host, s.port, s.tls) == ("mail.example.cn", 2525, "starttls")
    assert "password" not in repr(M.load_settings(tmp_path, environ={"LANDSCAPE_SMTP_USER": "u",
                                                                     "LANDSCAPE_SMTP_PASSWORD": "secret"})).lower()


@pytest.mark.parametrize("env, says", [
    ({"LANDSCAPE_SMTP_TLS": "tls"}, "LANDSCAPE_SMTP_TLS: tls must be none, starttls or ssl"),
    ({"LANDSCAPE_SMTP_PORT": "smtp"}, "LANDSCAPE_SMTP_PORT: port must be a number"),
    ({"LANDSCAPE_SMTP_USER": "u"}, "user and password go together"),
    ({"LANDSCAPE_SMTP_HOST": ""}, "no SMTP server"),
])
def test_bad_settings_are_one_sentence(tmp_path, env, says):
    base = {"LANDSCAPE_SMTP_HOST": "127.0.0.1", "LANDSCAPE_SMTP_FROM": "a@example.cn"}
    with pytest.raises(M.MailError, match=says):
        M.load_settings(tmp_path, environ={**base, **env})


def test_bad_settings_stop_the_command_before_any_work(ws, monkeypatch):
    monkeypatch.setenv("LANDSCAPE_SMTP_HOST", "127.0.0.1")
    monkeypatch.delenv("LANDSCAPE_SMTP_FROM", raising=False)
    result = digest(ws, "--send")
    assert result.exit_code == 2 and result.output.startswith("Error: no sender address")
    assert not (ws / "digests").exists()
