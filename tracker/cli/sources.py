"""Connected calendars from a shell or cron: ``tracker sources ...`` and ``tracker sync``."""

from __future__ import annotations

import os

import click
from flask import current_app
from flask.cli import with_appcontext

from .. import db
from ..domain.source_addresses import KIND_NAMES, KINDS
from ..fetching.web_reader import system_resolver
from ..reports import connected_calendars
from ..services import sources as connecting
from ..services.source_secrets import SecretsUnavailable, new_key
from ..services.source_sync import SyncSettings
from .common import fail


@click.group("sources")
def sources_group() -> None:
    """Connected calendars: CalDAV, published ICS addresses, Microsoft 365 and Google."""


@sources_group.command("add")
@click.option("--owner", required=True, help="Email address of the person whose calendar it is.")
@click.option("--url", required=True, help="The calendar's address (https://, or webcal:// for a published one).")
@click.option("--kind", type=click.Choice(KINDS), help="Detected from the address when left out.")
@click.option("--username", default="", help="The user name the server asks for, if any.")
@click.option(
    "--password-env",
    "secret_env",
    metavar="VAR",
    help="The environment variable holding the password or key (never given on the command line).",
)
@with_appcontext
def sources_add(owner: str, url: str, kind: str | None, username: str, secret_env: str | None) -> None:
    """Connect a person's calendar; prints the new source's number."""
    secret = ""
    if secret_env:
        secret = os.environ.get(secret_env, "")
        if not secret:
            fail(f"the environment variable {secret_env} is not set or is empty")
    new = connecting.NewSource(owner=owner, url=url, kind=kind, username=username, secret=secret)
    try:
        with db.transaction() as session:
            source = connecting.connect(
                session, new, by="cli", key=current_app.config.get("SOURCES_KEY", ""), resolve=system_resolver
            )
            source_id, shown_kind = source.id, source.kind
    except (connecting.SourceRefused, SecretsUnavailable) as exc:
        fail(f"{exc}\nNothing was added.")
    click.echo(
        f"source {source_id}: {KIND_NAMES[shown_kind]} of {owner.strip().lower()} (tracker sync --source {source_id})"
    )


@sources_group.command("list")
@with_appcontext
def sources_list() -> None:
    """Every source: owner, kind, address, last sync and what it brought, or why it is paused."""
    with db.transaction() as session:
        rows = connected_calendars.listing(session)
    if not rows:
        click.echo("No calendars are connected (tracker sources add).")
    for row in rows:
        when = row.last_synced_at.strftime("%Y-%m-%d %H:%M UTC") if row.last_synced_at else "never synced"
        state = (
            f"PAUSED: {row.paused_reason}" if row.paused else (f"failing: {row.last_error}" if row.last_error else "")
        )
        if row.syncing_since:
            state = f"syncing since {row.syncing_since:%H:%M:%S} UTC {state}"
        click.echo(
            f"{row.id}\t{row.owner}\t{row.kind}\t{row.address}\t{when}\t{row.last_result or '-'}\t{state}".rstrip()
        )


@sources_group.command("remove")
@click.argument("source_id", type=int)
@with_appcontext
def sources_remove(source_id: int) -> None:
    """Disconnect a source (what it imported stays, as an upload's would, until undone or erased)."""
    try:
        with db.transaction() as session:
            gone = connecting.disconnect(session, source_id)
    except connecting.SourceRefused as exc:
        fail(str(exc))
    click.echo(f"source {source_id} removed: {gone.kind} of {gone.owner}")


@sources_group.command("pause")
@click.argument("source_id", type=int)
@click.option("--reason", default="paused by an administrator")
@with_appcontext
def sources_pause(source_id: int, reason: str) -> None:
    """Stop a source's syncs until it is resumed."""
    _set_paused(source_id, True, reason)


@sources_group.command("resume")
@click.argument("source_id", type=int)
@with_appcontext
def sources_resume(source_id: int) -> None:
    """Let a paused source sync again (its failures forgotten)."""
    _set_paused(source_id, False, "")


def _set_paused(source_id: int, paused: bool, reason: str) -> None:
    try:
        with db.transaction() as session:
            connecting.set_paused(session, source_id, paused, reason)
    except connecting.SourceRefused as exc:
        fail(str(exc))
    click.echo(f"source {source_id} {'paused' if paused else 'resumed'}")


@sources_group.command("agree")
@click.argument("organisation")
@click.option("--withdraw", is_flag=True, help="The organisation no longer agrees: its sources are paused.")
@with_appcontext
def sources_agree(organisation: str, withdraw: bool) -> None:
    """Record that an organisation agrees to its staff's calendars being connected (or withdraws)."""
    try:
        with db.transaction() as session:
            connecting.agree(session, organisation, not withdraw)
    except connecting.SourceRefused as exc:
        fail(str(exc))
    click.echo(f"{organisation}: {'no longer agrees' if withdraw else 'agrees'} to connected calendars")


@sources_group.command("key")
def sources_key() -> None:
    """Print a new key for SOURCES_KEY (the secrets' encryption key)."""
    click.echo(new_key())


@click.command("sync")
@click.option("--source", "source_id", type=int, help="Only this source, now (even if paused).")
@click.option("--all", "every", is_flag=True, help="Every source not paused, now, due or not.")
@with_appcontext
def sync_command(source_id: int | None, every: bool) -> None:
    """Bring every connected calendar (or one) up to date; exits non-zero naming each that failed."""
    from datetime import UTC, datetime

    from ..sync_runs import due_sources, sync

    if source_id is not None:
        with db.transaction() as session:
            if not connected_calendars.exists(session, source_id):
                fail(f"there is no source {source_id}")
        ids = [source_id]
    else:  # from cron: those due (their interval passed, or their backoff after failures), unless --all
        ids = due_sources(None if every else datetime.now(UTC))
    outcomes = sync(ids, by="cli", settings=SyncSettings.of(current_app.config))
    for outcome in outcomes:
        said = outcome.words if outcome.ok else f"FAILED: {outcome.words}"
        paused = " (now paused)" if outcome.paused else ""
        click.echo(f"source {outcome.source_id} ({outcome.owner or '?'}): {said}{paused}")
    failed = [o for o in outcomes if not o.ok]
    if failed:
        fail(
            f"{len(failed)} of {len(outcomes)} sources failed ({', '.join(str(o.source_id) for o in failed)}); "
            "everything synced before is kept"
        )
