"""The push commands (issue 15): ``subscribe``, ``subscriptions``, ``unsubscribe`` and ``digest``,
registered on :func:`landscape.cli.main`. SMTP settings never come from here: they are read from
``WORKSPACE/smtp.toml`` or ``LANDSCAPE_SMTP_*`` (see docs/push.md)."""
from __future__ import annotations

import datetime as dt
import json
import sys

import click

from landscape import pipeline
from landscape.cli import _fail, json_option, main, workspace_option

def map_subjects(workspace, map_name: str):
    """The area numbers and branch ids of a map, to check a subscription against."""
    from landscape.maps import read_bundle
    from landscape.views.region import branch_names

    bundle = read_bundle(workspace, map_name)
    return [int(a) for a in bundle.clusters["id"]], list(branch_names(bundle.manifest, "en"))


@main.command()
@click.option("--name", required=True, help="The subscriber (a firm); an existing name is updated.")
@click.option("--email", default=None, help="Where the digest goes (required for a new subscriber).")
@click.option("--applicant", "applicants", multiple=True, help="Their own applicant names or groups (part of a name "
              "is enough, e.g. 某玩具); comma-separated or repeated.")
@click.option("--rivals", multiple=True, help="Rivals' applicant names or groups, comma-separated.")
@click.option("--keywords", multiple=True, help="Words looked for in titles and abstracts, comma-separated.")
@click.option("--codes", multiple=True, help="IPC/CPC code prefixes, comma-separated (e.g. A63H33,B29C).")
@click.option("--areas", multiple=True, help="Area numbers of the map, comma-separated (e.g. 3,7).")
@click.option("--branches", multiple=True, help="Breakdown branch ids, comma-separated.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None, help="The digest's language (new: zh).")
@click.option("--map", "map_name", default=None,
              help="The map these areas and branches belong to: they are checked against it, and the subscriber "
                   "gets that map's digests only.")
@workspace_option
@json_option
def subscribe(name, email, applicants, rivals, keywords, codes, areas, branches, lang, map_name, workspace, as_json):
    """Add a digest subscriber, or update one (only the options given change)."""
    from landscape.maps import BundleError
    from landscape.push import subscriptions as S

    ws = pipeline.workspace_path(workspace)
    try:
        subs = S.read_subscriptions(ws)
        old = next((s for s in subs if s.name.casefold() == " ".join(name.split()).casefold()), None)
        if old is None and not email:
            _fail(f"{name!r} is a new subscriber: give --email.")
        lists = {"applicants": applicants, "rivals": rivals, "keywords": keywords, "codes": codes, "areas": areas,
                 "branches": branches}
        raw = S.merged(old, {"name": name, "email": email, "lang": lang, "map": map_name,
                             **{k: S.split_items(v) for k, v in lists.items()}})
        known_areas = known_branches = None
        if raw.get("map"):
            known_areas, known_branches = map_subjects(ws, raw["map"])
        sub = S.check(raw, source="subscribe", areas=known_areas, branches=known_branches)
        added = S.save_subscriber(ws, sub, old_name=old.name if old else None)
    except (S.SubscriptionError, BundleError) as err:
        _fail(str(err))
    if as_json:
        click.echo(json.dumps({"added": added, "subscriber": sub.as_dict(),
                               "file": str(S.subscriptions_path(ws))}, ensure_ascii=False))
        return
    click.echo(f"{'Added' if added else 'Updated'} {sub.name} <{sub.email}> in {S.subscriptions_path(ws)}.")


@main.command()
@workspace_option
@json_option
def subscriptions(workspace, as_json):
    """List the digest subscribers."""
    from landscape.push import subscriptions as S

    ws = pipeline.workspace_path(workspace)
    try:
        subs = S.read_subscriptions(ws)
    except S.SubscriptionError as err:
        _fail(str(err))
    if as_json:
        click.echo(json.dumps({"subscribers": [s.as_dict() for s in subs], "file": str(S.subscriptions_path(ws))},
                              ensure_ascii=False))
        return
    if not subs:
        click.echo(f"No subscribers yet in {S.subscriptions_path(ws)}: add one with `landscape subscribe`.")
        return
    from landscape.push.digest import follows

    for s in subs:
        what = follows(s, "en")
        click.echo(f"{s.name} <{s.email}> [{s.lang}{', map ' + s.map if s.map else ''}]  {what or 'no interests'}")


@main.command()
@click.option("--name", required=True, help="The subscriber to remove.")
@workspace_option
def unsubscribe(name, workspace):
    """Remove a digest subscriber."""
    from landscape.push import subscriptions as S

    ws = pipeline.workspace_path(workspace)
    try:
        gone = S.remove_subscriber(ws, name)
    except S.SubscriptionError as err:
        _fail(str(err))
    click.echo(f"Removed {gone.name} <{gone.email}>.")


def _since(ctx, param, value):
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date: write it as YYYY-MM-DD, e.g. 2026-11-01.") from None


@main.command()
@click.option("--map", "map_name", required=True, help="The map whose news is digested (its latest version).")
@click.option("--since", default=None, callback=_since, metavar="YYYY-MM-DD",
              help="New = published or filed since this date (default: the patents the latest version added).")
@click.option("--send", is_flag=True, help="Also e-mail them (SMTP settings from WORKSPACE/smtp.toml or "
              "LANDSCAPE_SMTP_*); a digest already sent for this map version is not sent again.")
@workspace_option
@json_option
def digest(map_name, since, send, workspace, as_json):
    """One digest per subscriber of the map's latest version, HTML and text, written to
    WORKSPACE/digests/DATE/MAP/. Nothing leaves the machine without --send. Exit status: 0 done,
    1 some digests refused or failed to send (see the log), 2 nothing done (an error)."""
    from landscape.maps import BundleError, read_bundle
    from landscape.push import digest as D
    from landscape.push import mail as M
    from landscape.push import subscriptions as S

    ws = pipeline.workspace_path(workspace)
    try:
        subs = S.read_subscriptions(ws)
        if not subs:
            _fail(f"no subscribers in {S.subscriptions_path(ws)}: add one with `landscape subscribe`.")
        settings = M.load_settings(ws) if send else None  # before any work: a wrong setting stops nothing half-done
        bundle = read_bundle(ws, map_name)
        written = D.write_digests(ws, bundle, subs, since=since)
        sent = None
        if send:
            sent = M.send_digests(ws, [(w.digest, w.html, w.text) for w in written], settings)
    except (S.SubscriptionError, D.DigestError, M.MailError, BundleError) as err:
        _fail(str(err))
    except OSError as err:
        _fail(f"{getattr(err, 'filename', None) or ws}: cannot write ({err.strerror or err}).")
    version = written[0].digest.version if written else D.map_version(bundle.manifest)
    summary = {"map": map_name, "version": version, "since": since.isoformat() if since else f"version {version - 1}",
               "nothing_new_policy": D.NOTHING_NEW_POLICY,
               "digests": [dict(w.digest.summary(), html=str(w.paths[0]), txt=str(w.paths[1])) for w in written],
               "skipped_other_maps": [s.name for s in subs if s.map and s.map != map_name],
               "send": sent.as_dict() if sent else None}
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False))
    else:
        click.echo(f"Map {map_name}, version {version}: {len(written)} digests")
        for w in written:
            d = w.digest
            news = "nothing new" if d.nothing_new else (f"{d.n_patents} patents, {len(d.rivals)} rival moves, "
                                                         f"{len(d.changes)} changes")
            click.echo(f"  {d.subscriber.name} <{d.subscriber.email}> [{d.lang}]: {news}, {len(d.alerts)} alerts "
                       f"-> {w.paths[0]}")
        click.echo("A subscriber with nothing new gets a short digest saying so.")
        if sent:
            click.echo(f"Sent {len(sent.sent)}, already sent before {len(sent.already)}, refused {len(sent.refused)}, "
                       f"failed {len(sent.failed)}; log: {sent.log}")
        else:
            click.echo("Nothing was sent (add --send to e-mail them).")
    if sent and (sent.refused or sent.failed):
        sys.exit(1)
