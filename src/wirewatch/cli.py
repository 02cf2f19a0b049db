"""The command line: a thin shell over the library.  Only this module prints or exits."""

from __future__ import annotations

import functools
import json
import logging
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any, TypeVar, cast

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from wirewatch.errors import WirewatchError, describe
from wirewatch.records import Record, Rejection
from wirewatch.settings import Settings

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="wirewatch: news pages in, coded political-violence events out.")
err = Console(stderr=True)


def _error(text: str, console: Console | None = None) -> None:
    """One error line on stderr: the text as written (a URL's "[zz]" is no markup), never wrapped."""
    (console or err).print(f"[red]error[/red] {escape(text)}", highlight=False, soft_wrap=True)

DbOption = Annotated[str, typer.Option("--db", envvar="WIREWATCH_DB",  # the setting `db`
                                       help="SQLite file or SQLAlchemy URL of the store.")]
WorkersOption = Annotated[int, typer.Option("--workers", help="Worker processes (0 = one per core).")]


F = TypeVar("F", bound=Callable[..., Any])


def _one_line_errors(fn: F) -> F:
    """The CLI's one boundary for errors: a wirewatch error or a file that cannot be opened
    becomes one line naming it and exit code 2, never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except OSError as exc:
            _error(f"{exc.filename or ''}: {exc.strerror or exc}")
            raise typer.Exit(2) from exc
        except WirewatchError as exc:
            _error(str(exc))
            raise typer.Exit(2) from exc

    return cast(F, wrapper)


def _version(value: bool) -> None:
    if value:
        from wirewatch import __version__

        typer.echo(f"wirewatch {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
    verbose: Annotated[int, typer.Option("-v", "--verbose", count=True,
                                         help="Log more: -v info, -vv debug (to stderr).")] = 0,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="Log nothing but critical errors.")] = False,
) -> None:
    """wirewatch: news pages in, coded political-violence events out."""
    level = logging.CRITICAL if quiet else {0: logging.ERROR, 1: logging.INFO}.get(verbose, logging.DEBUG)
    logging.getLogger().setLevel(level)


PROGRESS_FROM = 300  # inputs: fewer finish before a progress bar would help


def _progress(total: int | None, what: str) -> Progress:
    """A progress display on stderr (stdout carries the JSON): count, total and time left when
    the total is known; off for a known total under PROGRESS_FROM."""
    columns = [TextColumn(what), BarColumn(), MofNCompleteColumn() if total else TextColumn("{task.completed}"),
               TimeElapsedColumn()] + ([TimeRemainingColumn()] if total else [])
    return Progress(*columns, console=err, transient=True,
                    disable=total is not None and total < PROGRESS_FROM)


def _count_lines(infile: str) -> int | None:
    """Lines of an input file (the progress total), None for stdin."""
    if infile == "-":
        return None
    with open(infile, "rb") as f:
        return sum(1 for line in f if line.strip())


class _JsonlInput:
    """The JSONL input of `code` and `geoparse`: yields (line number, object) for each line that is
    an object with a "text", with a progress display; a bad line is named on stderr in one line and
    counted, never fatal (`bad` decides the exit code)."""

    def __init__(self, infile: str, what: str) -> None:
        self.infile, self.what, self.bad = infile, what, 0
        try:
            self._stream = sys.stdin if infile == "-" else open(infile, encoding="utf-8")  # noqa: SIM115
        except OSError as exc:
            _error(f"{infile}: cannot read ({exc.strerror or exc})")
            raise typer.Exit(2) from exc
        self._total = _count_lines(infile)
        self._progress = _progress(self._total, what)

    def __enter__(self) -> _JsonlInput:
        self._progress.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._progress.__exit__(None, None, None)
        if self._stream is not sys.stdin:
            self._stream.close()

    def __iter__(self) -> Iterator[tuple[int, dict[str, Any]]]:
        task = self._progress.add_task(self.what, total=self._total)
        for n, line in enumerate(self._stream, 1):
            if not line.strip():
                continue
            self._progress.advance(task)
            try:
                obj = json.loads(line)
                if not isinstance(obj, dict) or "text" not in obj:
                    raise TypeError("no 'text' field" if isinstance(obj, dict) else f"a JSON {type(obj).__name__}")
            except (json.JSONDecodeError, TypeError) as exc:
                self.bad += 1
                _error(f"{self.infile}:{n}: not a {{'id', 'text'}} object ({exc})")
                continue
            yield n, obj

    def failed(self, n: int, exc: BaseException) -> None:
        self.bad += 1
        _error(f"{self.infile}:{n}: internal_error ({describe(exc)})")


def _record_id(obj: dict[str, Any]) -> Any:
    """What joins an output line back to its input: the id, else the page's source or URL
    (what `wirewatch extract` writes), so ids survive `extract | code -`."""
    for key in ("id", "source", "url"):
        if obj.get(key) not in (None, ""):
            return obj[key]
    return None


def _say_rejection(rec: Rejection) -> None:
    _error(rec.message())


def _settings(**overrides: Any) -> Settings:
    return Settings.from_env(**overrides)


def _private(allow: bool) -> dict[str, bool]:
    """The flag when given; else WIREWATCH_ALLOW_PRIVATE (default off) decides."""
    return {"allow_private": True} if allow else {}


@app.command()
@_one_line_errors
def extract(
    paths: Annotated[list[str], typer.Argument(help="Files, directories, archives, URLs, or - for stdin.")],
    site_memory: Annotated[bool, typer.Option("--site-memory/--no-site-memory",
                                              help="Learn boilerplate lines repeated across a site's pages.")] = True,
    workers: WorkersOption = 0,
    allow_private: Annotated[bool, typer.Option("--allow-private", help="Fetch URL inputs from private or loopback "
                                                "addresses too (local testing).")] = False,
) -> None:
    """Print one JSON object per page: its article text and metadata (JSON Lines)."""
    from wirewatch.runner import extract as run_extract

    rejected = 0
    with _progress(None, "extracting") as progress:
        task = progress.add_task("extract", total=None)
        for rec in run_extract(paths, _settings(site_memory=site_memory, workers=workers, **_private(allow_private))):
            progress.advance(task)
            if isinstance(rec, Rejection):
                rejected += 1
                _say_rejection(rec)
            else:
                sys.stdout.write(json.dumps(rec.extract_record(), ensure_ascii=False) + "\n")
    raise typer.Exit(1 if rejected else 0)


@app.command()
@_one_line_errors
def code(
    infile: Annotated[str, typer.Argument(help='JSONL of {"id", "text", "published"?, "title"?}; - for stdin.')],
    places: Annotated[bool, typer.Option("--places/--no-places",
                                         help="Locate each event with the offline gazetteer.")] = True,
) -> None:
    """Print one object per input line: {"id", "events": [...]} with evidence for each field."""
    from wirewatch.code import code_document
    from wirewatch.place import locate_events
    from wirewatch.place.gazetteer import Gazetteer, open_gazetteer

    gaz: Gazetteer | None = None  # opened on the first document, once: finding the default file
    with _JsonlInput(infile, "coding") as source:  # (stat of every data file) cost ~2 ms a document
        for n, obj in source:
            text = obj["text"] or ""
            try:
                doc = code_document(text, obj.get("published"), obj.get("title"), obj.get("language"))
                if places:
                    gaz = gaz or open_gazetteer()
                    locate_events(text, doc.events, gaz=gaz)
            except Exception as exc:  # noqa: BLE001  (one line's failure never stops the others)
                source.failed(n, exc)
                continue
            out = {"id": _record_id(obj), "events": [e.to_dict() for e in doc.events],
                   "figures": [_asdict(f) for f in doc.figures],
                   "statements": [_asdict(s) for s in doc.statements]}
            sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
    raise typer.Exit(1 if source.bad else 0)


def _asdict(obj: Any) -> dict[str, Any]:
    from dataclasses import asdict

    return asdict(obj)


@app.command()
@_one_line_errors
def run(
    paths: Annotated[list[str], typer.Argument(help="Files, directories, archives, URLs, or - for stdin.")],
    db: DbOption = "wirewatch.db",
    workers: WorkersOption = 0,
    site_memory: Annotated[bool, typer.Option("--site-memory/--no-site-memory")] = True,
    executor: Annotated[str, typer.Option("--executor", help="local (process pool) or dask.")] = "local",
    scheduler: Annotated[str | None, typer.Option(
        "--scheduler", help="Dask scheduler address (default: a local cluster of --workers processes).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as one JSON object on stdout.")] = False,
    allow_private: Annotated[bool, typer.Option("--allow-private", help="Fetch URL inputs from private or loopback "
                                                "addresses too (local testing).")] = False,
) -> None:
    """Run the whole pipeline into the store and print a summary.  Local files and archives are
    split into shards, each stored with a completion marker: a killed run, started again with
    the same inputs, resumes where it stopped."""
    from wirewatch.shards import run_job
    from wirewatch.store import Store

    store = Store(db)
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed} pages"),
                  TimeElapsedColumn(), console=err, transient=True) as progress:
        task = progress.add_task("processing", total=None)

        def tick(rec: Record) -> None:
            progress.advance(task)
            if isinstance(rec, Rejection):
                _error(rec.message(), progress.console)

        summary = run_job(paths, store, _settings(workers=workers, db=db, site_memory=site_memory,
                                                  **_private(allow_private)),
                          executor, scheduler, on_record=tick)
    if as_json:
        sys.stdout.write(json.dumps({**summary.as_dict(), "store": db}, default=str) + "\n")
    else:
        _print_summary(summary.as_dict(), db)
    store.close()
    raise typer.Exit(1 if summary.rejected else 0)


def _print_summary(s: dict[str, Any], db: str) -> None:
    from rich.table import Table

    table = Table(title="wirewatch run", caption=f"store: {db}", show_header=False)
    table.add_row("pages read", str(s["pages_read"]))
    table.add_row("articles kept", f"{s['articles_kept']} ({s['articles_new']} new)")
    table.add_row("pages rejected", str(sum(s["rejected"].values())))
    for reason, n in sorted(s["rejected"].items()):
        table.add_row(f"  {reason}", str(n))
    # articles stored but not coded (a home page, a language the coder has no cues for)
    uncoded = {k.removeprefix("uncoded:"): n for k, n in s.get("stages", {}).get("code", {}).items()
               if k.startswith("uncoded:")}
    if uncoded:
        table.add_row("articles not coded", str(sum(uncoded.values())))
        for reason, n in sorted(uncoded.items()):
            table.add_row(f"  {reason}", str(n))
    table.add_row("events stored", str(s["events_stored"]))
    Console().print(table)


@app.command()
@_one_line_errors
def export(
    fmt: Annotated[str, typer.Option("--format", help="An export format (docs/cli.md; an unknown name lists "
                                     "them all).")] = "acled-csv",
    db: DbOption = "wirewatch.db",
    out: Annotated[Path | None, typer.Option("-o", "--output", help="File to write (default stdout).")] = None,
    country: Annotated[str | None, typer.Option("--country", help="Only this country (ACLED name).")] = None,
    since: Annotated[str | None, typer.Option("--since", help="Only events on or after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Only events on or before YYYY-MM-DD.")] = None,
    event_type: Annotated[str | None, typer.Option("--type", help="Only this ACLED event type.")] = None,
) -> None:
    """Write the stored events (merged across sources), each with its source URLs and evidence."""
    from wirewatch.export import FORMATS
    from wirewatch.export import export as run_export
    from wirewatch.store import Store

    if fmt not in FORMATS:
        _error(f"--format {fmt}: expected one of {', '.join(FORMATS)}")
        raise typer.Exit(2)
    if not FORMATS[fmt].streams and out is None:
        _error(f"--format {fmt} is binary: give an output file with -o FILE")
        raise typer.Exit(2)
    if "://" not in db and not Path(db).exists():
        _error(f"{db}: no such store (run `wirewatch run` first)")
        raise typer.Exit(2)
    store = Store(db)
    n = run_export(store, fmt, out if out is not None else sys.stdout, country=country, since=since,
                   until=until, event_type=event_type)
    store.close()
    err.print(f"{n} events exported")


@app.command()
@_one_line_errors
def serve(
    db: DbOption = "wirewatch.db",
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8765,
    allow_private: Annotated[bool, typer.Option("--allow-private", help="Let submitted URLs and feeds "
                                                "be fetched from private/loopback addresses.")] = False,
    watch_every: Annotated[str | None, typer.Option("--watch", help="Also poll the store's feeds this "
                                                       "often (e.g. 10m); needs WIREWATCH_TOKEN.")] = None,
) -> None:
    """Serve the API (/api/, /openapi.json) and the dashboard (/). Writes need WIREWATCH_TOKEN."""
    import os

    try:
        import uvicorn

        from wirewatch.serve import ServeConfig, create_app
    except ImportError as exc:  # the API and dashboard are an extra: say which, not a traceback
        _error(f"wirewatch serve needs the serve extra: pip install 'wirewatch[serve]' ({exc.name or exc} is missing)")
        raise typer.Exit(2) from exc

    if "://" not in db and not Path(db).exists():
        _error(f"{db}: no such store (run `wirewatch run` first)")
        raise typer.Exit(2)
    from wirewatch.watch import parse_every

    token = os.environ.get("WIREWATCH_TOKEN") or None
    try:
        every = parse_every(watch_every) if watch_every else None
        if every and not token:
            raise ValueError("--watch needs WIREWATCH_TOKEN: watching writes to the store")
        asgi = create_app(ServeConfig(db=db, token=token, allow_private=allow_private, watch_every_s=every,
                                      settings=_settings(db=db)))
    except ValueError as exc:
        _error(f"--watch: {exc}")
        raise typer.Exit(2) from exc
    mode = "read-write (token set)" if token else "read-only (set WIREWATCH_TOKEN to allow writes)"
    err.print(f"wirewatch serving {db} on http://{host}:{port}/ — {mode}")
    uvicorn.run(asgi, host=host, port=port, log_level="warning", proxy_headers=False)


@app.command()
@_one_line_errors
def watch(
    feeds: Annotated[list[str] | None, typer.Argument(help="RSS/Atom feed URLs to add (default: the "
                                                         "store's watched feeds).")] = None,
    db: DbOption = "wirewatch.db",
    every: Annotated[str, typer.Option("--every", help="Poll interval: 90s, 10m, 1h.")] = "10m",
    once: Annotated[bool, typer.Option("--once", help="Poll once, work through new items, stop.")] = False,
    polite: Annotated[float, typer.Option("--polite", help="Seconds between requests to one site.")] = 2.0,
    allow_private: Annotated[bool, typer.Option("--allow-private", help="Fetch from private/loopback "
                                                "addresses too.")] = False,
) -> None:
    """Poll feeds, run their new articles through the pipeline, keep the alerts up to date."""
    from wirewatch.alerts import deliver_alerts, refresh_alerts
    from wirewatch.store import Store
    from wirewatch.watch import RoundReport, WatchConfig, Watcher, parse_every

    try:
        interval = parse_every(every)
        store = Store(db)
        watcher = Watcher(store, _settings(db=db), WatchConfig(polite_delay_s=polite, allow_private=allow_private))
        for url in feeds or []:
            watcher.add_feed(url)
    except ValueError as exc:
        _error(f"--every {every}: {exc}")
        raise typer.Exit(2) from exc
    if not watcher.active_feeds():
        _error("no feeds to watch: give feed URLs")
        raise typer.Exit(2)

    settings = _settings(db=db)

    def report(r: RoundReport) -> None:
        if r.articles_new:
            refresh_alerts(store)
        deliver_alerts(store, settings)  # webhook, mail; retries what an earlier round could not deliver
        err.print(json.dumps(r.as_dict()), highlight=False)

    try:
        watcher.run(interval, rounds=1 if once else None, after_round=report)
    except KeyboardInterrupt:
        err.print("stopped")
    finally:
        watcher.close()
        store.close()


eval_app = typer.Typer(no_args_is_help=True, help="Measure wirewatch against hand-coded data.")
app.add_typer(eval_app, name="eval")


@eval_app.command("events")
@_one_line_errors
def eval_events(
    gold: Annotated[str, typer.Option("--gold", help="CSV of hand-coded events (ACLED export or UCDP GED).")],
    fmt: Annotated[str, typer.Option("--format", help="acled (text = notes) | ucdp (text = source_headline)")],
    pred: Annotated[str | None, typer.Option("--pred", help="Score this JSONL of coded events instead "
                                                "of coding the gold's texts.")] = None,
) -> None:
    """Code the gold's texts and print the share of rows whose first event is right, per field."""
    from wirewatch.code.evaluate import evaluate, read_gold, score

    try:
        if pred:
            with open(pred, encoding="utf-8") as f:
                coded = {str(o.get("id")): o.get("events") or [] for o in map(json.loads, filter(str.strip, f))}
            report = score(read_gold(gold, fmt), coded, fmt)
        else:
            report = evaluate(gold, fmt)
    except (WirewatchError, OSError, json.JSONDecodeError) as exc:
        _error(f"{exc}")
        raise typer.Exit(2) from exc
    print(f"{fmt} events: {report.n} documents, share right (the first event against the gold)")
    for k, v in report.measures.items():
        print(f"  {k:<28} {v:.3f}")
    print(" ".join(f"{k} {v:.4f}" for k, v in report.measures.items()))


@app.command()
@_one_line_errors
def geoparse(
    infile: Annotated[str, typer.Argument(help='JSONL of {"id", "text", "dateline"?}; - for stdin.')],
) -> None:
    """Print {"id", "places": [{start, end, text, name, country, admin1, admin2, latitude, longitude,
    geonameid, feature}]} per line: the resolved place mentions of each text."""
    from wirewatch.place import geoparse as parse_places
    from wirewatch.place.gazetteer import open_gazetteer

    keys = ("start", "end", "text", "name", "country", "admin1", "admin2", "latitude", "longitude",
            "geonameid", "feature", "role")
    gaz = open_gazetteer()
    with _JsonlInput(infile, "geoparsing") as source:
        for n, obj in source:
            try:
                places = parse_places(obj["text"] or "", obj.get("dateline"), gaz)
            except Exception as exc:  # noqa: BLE001  (one line's failure never stops the others)
                source.failed(n, exc)
                continue
            out = [{k: getattr(p, k) for k in keys} for p in places if p.name is not None]
            sys.stdout.write(json.dumps({"id": _record_id(obj), "places": out}, ensure_ascii=False) + "\n")
    raise typer.Exit(1 if source.bad else 0)


gazetteer_app = typer.Typer(no_args_is_help=True, help="Build the offline gazetteer or add GeoNames country dumps.")
app.add_typer(gazetteer_app, name="gazetteer")


@gazetteer_app.command("build")
@_one_line_errors
def gazetteer_build() -> None:
    """(Re)build the embedded gazetteer from package data, merging installed country dumps again."""
    from wirewatch.place.gazetteer import default_path, forget_open
    from wirewatch.place.install import rebuild

    counts = rebuild(default_path())
    forget_open()
    err.print(f"gazetteer built at {default_path()}: {counts}")


@gazetteer_app.command("install")
@_one_line_errors
def gazetteer_install(
    countries: Annotated[list[str], typer.Argument(help="ISO country codes, e.g. ML BF NE.")],
    source: Annotated[str | None, typer.Option("--from", help="Folder, file or URL base of GeoNames dumps "
                                                  "(default: GeoNames' export/dump).")] = None,
) -> None:
    """Download full GeoNames country dumps (every village, districts) and merge them in."""
    from wirewatch.place.install import install

    added = install(countries, source)
    for cc, n in added.items():
        err.print(f"{cc}: {n} places merged")


def main() -> None:
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s %(name)s: %(message)s")
    app()


if __name__ == "__main__":
    main()
