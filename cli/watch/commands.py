"""``actorgraph feeds add|list|remove`` and ``actorgraph watch``."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
import threading
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from cli.common import (
    FormatOption,
    OutputFormat,
    configured_store,
    console,
    ensure_nlp,
    err_console,
    fail,
    print_json,
)
from graph.settings import Settings

if TYPE_CHECKING:
    from cli.watch.watcher import PassReport, Watcher
    from loaders.rules.extract import Extractor

feeds_app = typer.Typer(help="The news feeds `actorgraph watch` follows.", no_args_is_help=True)

_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd]?)")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
MIN_EVERY = 10.0  # seconds; what ACTORGRAPH_FEED_EVERY allows too
WATCHER_STOP_SECONDS = 30.0  # serve --watch: how long the watcher may take to stop
# serve --watch names itself to its watcher, which stops when that process is gone (uvicorn
# ends a SIGTERM'd server by raising the signal again, so the server's cleanup never runs).
PARENT_VARIABLE = "ACTORGRAPH_WATCH_PARENT"


def parse_duration(text: str) -> float:
    """Seconds from ``90``, ``90s``, ``15m``, ``1h30m``, ``2d``; ValueError naming the input."""
    compact = text.strip().lower().replace(" ", "")
    parts = list(_DURATION.finditer(compact))
    if not compact or "".join(m.group(0) for m in parts) != compact:
        raise ValueError(f"--every {text!r} is not a duration (e.g. 900, 90s, 15m, 1h30m)")
    seconds = sum(float(m.group(1)) * _UNITS[m.group(2)] for m in parts)
    if seconds < MIN_EVERY:
        raise ValueError(f"--every {text!r} is too short: at least {MIN_EVERY:g} seconds")
    return seconds


def shown_duration(seconds: float | None) -> str:
    if seconds is None:
        return "default"
    whole = int(seconds)
    if whole % 3600 == 0:
        return f"{whole // 3600}h"
    if whole % 60 == 0:
        return f"{whole // 60}m"
    return f"{seconds:g}s"


@feeds_app.command("add")
def feeds_add(
    url: Annotated[str, typer.Argument(help="The feed's URL (RSS 2.0 or Atom).")],
    every: Annotated[
        str | None,
        typer.Option(
            help="How often to poll it: 900, 90s, 15m, 1h (default ACTORGRAPH_FEED_EVERY)."
        ),
    ] = None,
    name: Annotated[str | None, typer.Option(help="A name for it (its articles' outlet).")] = None,
) -> None:
    """Follow a feed (or change the name and interval of one followed)."""
    try:
        seconds = parse_duration(every) if every is not None else None
    except ValueError as exc:
        raise fail(exc) from exc
    with configured_store() as store:
        store.init_schema()
        created = store.add_feed(url, name, seconds)
    verb = "following" if created else "updated"
    console.print(f"{verb} {escape(url.strip())} (every {shown_duration(seconds)})", soft_wrap=True)


@feeds_app.command("list")
def feeds_list(output: FormatOption = OutputFormat.table) -> None:
    """The followed feeds: when each was polled, when it is due, its last error, items seen."""
    from api.schemas import FeedStatus
    from graph.results import Page

    with configured_store() as store:
        feeds = store.feeds()
    if output is OutputFormat.json:  # GET /feeds's answer, every feed on its page
        items = [FeedStatus.of(f) for f in feeds]
        page = Page[FeedStatus](items=items, total=len(items), limit=len(items), offset=0)
        print_json(page.model_dump_json())
        return
    if not feeds:
        console.print("no feeds followed: add one with `actorgraph feeds add URL`")
        return
    table = Table("feed", "every", "last poll", "next due", "seen", "errors", "last error")
    for feed in feeds:
        table.add_row(
            escape(feed.name or "") + ("\n" if feed.name else "") + escape(feed.url),
            shown_duration(feed.every),
            _when(feed.last_poll),
            _when(feed.next_due) if feed.last_poll else "now",
            str(len(feed.seen_ids)),
            str(feed.errors),
            escape(feed.last_error or ""),
        )
    console.print(table)


@feeds_app.command("remove")
def feeds_remove(url: Annotated[str, typer.Argument(help="The feed's URL, as added.")]) -> None:
    """Stop following a feed (its articles stay in the store)."""
    with configured_store() as store:
        if not store.remove_feed(url):
            raise fail(
                ValueError(f"not a followed feed: {url.strip()} (see `actorgraph feeds list`)")
            )
    console.print(f"stopped following {escape(url.strip())}", soft_wrap=True)


def watch(
    once: Annotated[
        bool,
        typer.Option(
            "--once",
            help="One pass over every feed, then exit (for cron and tests); a failing feed "
            "still waits out its backoff.",
        ),
    ] = False,
) -> None:
    """Poll the followed feeds and ingest their new articles, until stopped (Ctrl-C)."""
    from cli.watch.watcher import Watcher

    settings = Settings()
    extractor = LazyExtractor(settings)
    try:
        with configured_store(settings) as store:
            store.init_schema()
            if not store.feeds():
                if once:
                    raise fail(
                        ValueError("no feeds followed: add one with `actorgraph feeds add URL`")
                    )
                err_console.print("no feeds followed yet: watching for `actorgraph feeds add`")
            watcher = Watcher(store, settings, extractor)
            failed = asyncio.run(_watch(watcher, once))
    finally:
        extractor.close()
    if failed:
        raise typer.Exit(code=1)


async def _watch(watcher: Watcher, once: bool) -> bool:
    """Passes until a signal (the first stops after the current feed, a second at once);
    whether an item was left unstored (``--once``)."""
    from loaders.feeds.fetch import Fetcher

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    main = asyncio.current_task()

    def stopping() -> None:
        if stop.is_set() and main is not None:
            main.cancel()
            return
        stop.set()
        err_console.print("stopping after the current feed (again to stop now)")

    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stopping)
    parent = os.environ.get(PARENT_VARIABLE)
    orphaned = asyncio.create_task(_until_orphaned(int(parent), stop)) if parent else None
    try:
        async with Fetcher(watcher.settings) as fetcher:
            if once:
                report = await watcher.run_pass(fetcher, every_feed=True, stop=stop)
                print_report(report)
                return report.failed > 0
            console.print(f"watching {len(watcher.store.feeds())} feeds (Ctrl-C stops)")
            await watcher.run(fetcher, stop, print_report)
    except asyncio.CancelledError:
        err_console.print("stopped")
    finally:
        if orphaned is not None:
            orphaned.cancel()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)
    return False


async def _until_orphaned(parent: int, stop: asyncio.Event) -> None:
    """Stops the watch (after its current feed) once the process that started it is gone."""
    while os.getppid() == parent:
        await asyncio.sleep(1.0)
    err_console.print("the server that started this watch is gone: stopping")
    stop.set()


def print_report(report: PassReport) -> None:
    stamp = report.started.astimezone().strftime("%Y-%m-%d %H:%M:%S")
    console.print(f"{stamp} {report.summary()}", soft_wrap=True)
    for feed in report.feeds:
        if feed.error:
            err_console.print(
                f"[red]feed failed[/] {escape(feed.url)}: {escape(feed.error)}", soft_wrap=True
            )
        for problem in feed.failed:
            err_console.print(f"[red]not stored[/] {escape(problem)}", soft_wrap=True)


def start_watcher() -> subprocess.Popen[bytes]:
    """``actorgraph watch`` in a process of its own, beside the API (``serve --watch``): its
    parsing and extraction never hold the API's interpreter (measured: the API's p99 went up
    tenfold with the watcher on its event loop), and each writes the store as any two
    processes do. Its output goes to the server's."""
    environment = {**os.environ, PARENT_VARIABLE: str(os.getpid())}
    return subprocess.Popen([sys.executable, "-m", "cli.main", "watch"], env=environment)


def stop_watcher(watcher: subprocess.Popen[bytes], wait: float = WATCHER_STOP_SECONDS) -> None:
    """Asks the watcher to stop after its current feed (SIGINT); kills it past ``wait``."""
    if watcher.poll() is None:
        watcher.send_signal(signal.SIGINT)
    try:
        watcher.wait(timeout=wait)
    except subprocess.TimeoutExpired:
        watcher.kill()  # our own child, by its handle
        watcher.wait()


class LazyExtractor:
    """The extractor, built (and CoreNLP found or started) when the first new item needs it:
    a pass with nothing new never waits for CoreNLP."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._built: Extractor | None = None
        self._lock = threading.Lock()

    def __call__(self) -> Extractor:
        from graph.errors import NlpUnavailable
        from loaders.pipeline import extractor_for, keep_out_of_collections

        with self._lock:
            if self._built is None:
                try:
                    ensure_nlp(self.settings)
                except typer.Exit as exc:
                    raise NlpUnavailable("CoreNLP is not available") from exc
                self._built = extractor_for(self.settings)
                keep_out_of_collections()
            return self._built

    def close(self) -> None:
        with self._lock:
            if self._built is not None:
                self._built.close()
                self._built = None


def _when(value: str | None) -> str:
    if not value:
        return "never"
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S")
