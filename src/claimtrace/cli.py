"""The command line: parse options, call the service, render text or JSON.

User errors print one line on stderr and exit 2; no traceback reaches the user.
"""

from __future__ import annotations

import json
import os
import sys
from contextlib import nullcontext
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from claimtrace import views
from claimtrace.errors import UserError
from claimtrace.service import DEFAULT_DB

app = typer.Typer(
    help="claimtrace: who said what, when, and is the claim true, from a pile of news articles.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


class Format(str, Enum):
    text = "text"
    json = "json"


DbOption = Annotated[str, typer.Option("--db", help="The corpus: a SQLite file or a postgresql:// URL.", envvar="CLAIMTRACE_DB")]
AsOfOption = Annotated[str | None, typer.Option("--as-of", help="Use only what was published by this date (YYYY-MM-DD).")]
StatedOnlyOption = Annotated[bool, typer.Option(
    "--stated-only/--with-estimated",
    help="With --as-of: leave out documents whose publication date is only estimated (by default they count at their estimate).",
)]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]


def _workbench(db: str, readonly: bool = False):
    from claimtrace.service import Workbench

    return Workbench(db, readonly=readonly)


def _print_json(payload: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")


def _count_files(paths: list[str]) -> int:
    from claimtrace.ingest.readers import walk_inputs

    return sum(1 for _ in walk_inputs(paths))


class Engine(str, Enum):
    local = "local"
    ray = "ray"


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files or folders (searched recursively).")],
    db: DbOption = DEFAULT_DB,
    fmt: FormatOption = Format.text,
    max_file_mb: Annotated[float, typer.Option(help="Skip files larger than this many MiB.")] = 50.0,
    max_doc_chars: Annotated[int, typer.Option(help="Skip documents longer than this many characters (the per-document budget).")] = 100_000,
    workers: Annotated[int | None, typer.Option(help="spaCy processes (local engine, default 1) or Ray workers (default: every CPU).")] = None,
    stages: Annotated[str | None, typer.Option(help="Comma-separated enrichment stages to run (default: all).")] = None,
    engine: Annotated[Engine, typer.Option(help="local: this process; ray: a Ray cluster writing to PostgreSQL.")] = Engine.local,
    address: Annotated[str | None, typer.Option(help="Ray cluster to join (ray://host:10001 or auto); default: start a local one.")] = None,
) -> None:
    """Read articles, repair and annotate them, and store them in the corpus."""
    from claimtrace.pipeline import IngestOptions

    if max_file_mb <= 0:
        raise UserError("--max-file-mb must be positive")
    if max_doc_chars < 1:
        raise UserError("--max-doc-chars must be at least 1")
    if workers is not None and workers < 1:
        raise UserError("--workers must be at least 1")
    if address is not None and engine is not Engine.ray:
        raise UserError("--address needs --engine ray")
    if engine is Engine.ray:
        from claimtrace.engines.ray_engine import check_target

        check_target(db)
    options = IngestOptions(
        max_file_bytes=int(max_file_mb * 1024 * 1024),
        max_doc_chars=max_doc_chars,
        n_process=workers if workers is not None and engine is Engine.local else 1,
        stages=tuple(s.strip() for s in stages.split(",") if s.strip()) if stages is not None else None,
    )
    with _workbench(db) as bench:
        total_files = _count_files(paths)
        progress = Progress(
            TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(), TextColumn("files"), TimeElapsedColumn(),
            TextColumn("{task.fields[last]}"), console=err, transient=True, disable=not err.is_terminal,
        )
        last_file: list[str] = []

        def on_progress(source: str, status: str, detail: str) -> None:
            path = source.split("#", 1)[0]
            if not last_file or last_file[0] != path:
                if last_file:
                    progress.advance(task)
                last_file[:] = [path]
            progress.update(task, last=escape(Path(path).name))
            if status == "skipped":  # printed here only, once, as it happens (above the bar on a terminal)
                progress.console.print(f"[yellow]skipped[/] {escape(source)}: {escape(detail)}")

        with progress:
            task = progress.add_task("ingest", total=total_files, last="")
            ray_options = None
            if engine is Engine.ray:
                from claimtrace.engines.ray_engine import RayOptions

                ray_options = RayOptions(address=address, workers=workers)
            report = bench.ingest(paths, options, on_progress, ray=ray_options)
            progress.update(task, completed=total_files)
        counts = bench.counts()
    if fmt is Format.json:
        _print_json(views.ingest_report(report, counts))
    else:
        rate = report.words / report.seconds if report.seconds else 0.0
        out.print(
            f"Ingested {len(report.ingested)} document(s), {len(report.duplicates)} duplicate(s) already stored, "
            f"{len(report.skipped)} skipped; {report.words:,} words in {report.seconds:.1f}s ({rate:,.0f} words/s)."
        )
        out.print(f"Corpus {escape(db)}: {counts['documents']} documents, {counts['sentences']} sentences.")
        if report.duplicates and not report.ingested:
            out.print("Nothing new: every document was already in the corpus.")
    if report.interrupted:
        err.print("Interrupted: every stored document is complete; run the same command again to continue.")
        raise typer.Exit(130)
    if report.skipped:
        raise typer.Exit(1)


@app.command()
def docs(db: DbOption = DEFAULT_DB, fmt: FormatOption = Format.text) -> None:
    """List the documents: id, date, outlet, author, title, words."""
    with _workbench(db, readonly=True) as bench:
        items = bench.documents()
    if fmt is Format.json:
        _print_json(views.documents(items))
        return
    table = Table(show_lines=False, header_style="bold")
    table.add_column("id", no_wrap=True)
    table.add_column("date", no_wrap=True)
    table.add_column("outlet", max_width=24)
    table.add_column("author", max_width=20)
    table.add_column("title", ratio=1, min_width=30)
    table.add_column("words", justify="right", no_wrap=True)
    for d in items:
        table.add_row(
            d.id, _date_label(d.published, d.published_source), escape(d.outlet or "-"), escape(d.author or "-"),
            ("[yellow]\\[translated][/] " if d.translation else "") + escape(d.title or "(untitled)"), f"{d.word_count:,}",
        )
    out.print(table)
    out.print(f"{len(items)} document(s). Dates marked ~ are estimated, ? unknown; \\[translated]: the words are a translation.")


def _date_label(value: str | None, source: str) -> str:
    if source == "unknown" or not value:
        return "?"
    return f"~{value}" if source == "estimated" else value


@app.command()
def show(
    doc_id: Annotated[str, typer.Argument(help="Document id (or a unique prefix of 4+ characters).")],
    db: DbOption = DEFAULT_DB,
    fmt: FormatOption = Format.text,
) -> None:
    """Show a document's metadata and its repaired text, sentence by sentence."""
    with _workbench(db, readonly=True) as bench:
        detail = bench.document(doc_id)
    if fmt is Format.json:
        _print_json(views.document_detail(detail))
        return
    d = detail.document
    out.print(f"[bold]{escape(d.title or '(untitled)')}[/]")
    out.print(f"id {d.id}   source {escape(d.source)}   format {d.format}   language {d.language or '?'}")
    out.print(f"outlet {escape(d.outlet or '-')}   author {escape(d.author or '-')}   url {escape(d.url or '-')}")
    out.print(f"published {_date_label(d.published, d.published_source)} ({d.published_source}) {escape(d.published_evidence)}")
    if d.translation:
        out.print(f"[yellow]translated: {escape(d.translation)}; its quotes are not the speakers' own words[/]")
    if detail.repairs:
        out.print(f"repairs: {escape('; '.join(detail.repairs))}")
    if detail.removed_lines:
        out.print(f"removed {len(detail.removed_lines)} furniture line(s): {escape(' | '.join(detail.removed_lines))}")
    out.print()
    paragraph = -1
    for s in detail.sentences:
        if s.paragraph != paragraph and paragraph != -1:
            out.print()
        paragraph = s.paragraph
        ents = ", ".join(f"{e['text']}/{e['label']}" for e in s.entities)
        out.print(f"[dim]{s.index:>4}[/] {escape(s.text)}" + (f"  [dim]({escape(ents)})[/]" if ents else ""))


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words to look for.")],
    db: DbOption = DEFAULT_DB,
    fmt: FormatOption = Format.text,
    limit: Annotated[int, typer.Option(help="How many sentences to show.")] = 10,
) -> None:
    """Best-matching sentences, with document, outlet and date."""
    with _workbench(db, readonly=True) as bench:
        hits = bench.search(query, limit)
    if fmt is Format.json:
        _print_json(views.search_hits(query, hits))
        return
    if not hits:
        out.print("No matching sentence.")
        return
    for rank, h in enumerate(hits, 1):
        d = h.document
        out.print(
            f"[bold]{rank}.[/] {escape(h.sentence.text)}\n   [dim]{d.id} · {escape(d.outlet or '-')} · "
            f"{_date_label(d.published, d.published_source)} · {escape(d.title or '')} · sentence {h.sentence.index}[/]"
        )


class CheckFormat(str, Enum):
    text = "text"
    json = "json"
    md = "md"
    html = "html"


class TimelineFormat(str, Enum):
    text = "text"
    json = "json"
    png = "png"
    svg = "svg"


@app.command()
def check(
    claim: Annotated[str, typer.Argument(help="The claim to check, as a sentence.")],
    db: DbOption = DEFAULT_DB,
    fmt: Annotated[CheckFormat, typer.Option("--format", "-f", help="Output format.")] = CheckFormat.text,
    as_of: AsOfOption = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the report to this file.")] = None,
    stated_only: StatedOnlyOption = False,
) -> None:
    """Check a claim: evidence for and against, a verdict with reasons, positions over time."""

    def check_html(result: Any) -> str:  # matplotlib is imported only when an HTML report is asked for
        from claimtrace.report.html import check_html as render

        return render(result)

    def check_markdown(result: Any) -> str:
        from claimtrace.report.markdown import check_markdown as render

        return render(result)

    with _workbench(db, readonly=True) as bench:
        with err.status("checking the claim…", spinner="dots") if err.is_terminal else nullcontext():
            result = bench.check(claim, as_of, stated_only)
    if output is not None and fmt is CheckFormat.text:
        fmt = CheckFormat.html if output.suffix.lower() in {".html", ".htm"} else CheckFormat.md if output.suffix.lower() == ".md" else CheckFormat.json
    rendered = {
        CheckFormat.json: lambda: json.dumps(views.check_result(result), ensure_ascii=False, indent=2) + "\n",
        CheckFormat.md: lambda: check_markdown(result),
        CheckFormat.html: lambda: check_html(result),
    }
    if fmt is CheckFormat.text:
        _print_check(result)
        return
    text = rendered[fmt]()
    if output is None:
        sys.stdout.write(text)
    else:
        _write_output(output, text)
        _print_check(result, brief=True)
        out.print(f"Report written to {escape(str(output))}")


def _write_output(path: Path, data: str | bytes) -> None:
    try:
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    except OSError as exc:
        raise UserError(f"cannot write {path}: {exc.strerror or exc}") from exc


def as_of_note(result) -> str:  # type: ignore[no-untyped-def]
    """What ``--as-of`` left out, and how much of what it kept rests on an estimated publication date
    (with the option that includes or leaves out those)."""
    estimated = sum(1 for e in result.evidence if getattr(e, "published_source", "") == "estimated")
    note = (
        f"As of {result.as_of}: left out {result.excluded_after_as_of} evidence sentence(s) published later and "
        f"{result.excluded_undated} from undated documents (no stated or estimated date; `claimtrace docs` marks them ?)."
    )
    if getattr(result, "stated_only", False):
        left = getattr(result, "excluded_estimated", 0)
        note += (
            f" Also left out {left} from documents dated only by estimate (--stated-only; "
            "run without it to include them at their estimated dates, marked ~ in `claimtrace docs`)."
        )
    elif estimated:
        note += (
            f" {estimated} kept sentence(s) rest on estimated publication dates (marked ~ in `claimtrace docs`); "
            "--stated-only leaves them out."
        )
    return note


def _print_check(result, brief: bool = False) -> None:
    v = result.verdict
    colour = {"Supported": "green", "Refuted": "red", "Conflicting": "yellow"}.get(v.label, "white")
    out.print(f"[bold {colour}]{v.label}[/] (confidence {v.confidence:.2f})" + (f" as of {result.as_of}" if result.as_of else ""))
    out.print(escape(result.explanation))
    if result.as_of:
        out.print(f"[dim]{escape(as_of_note(result))}[/]")
    if brief:
        return
    for title, items in (("Evidence for", result.evidence_for), ("Evidence against", result.evidence_against)):
        out.print(f"\n[bold]{title}[/]")
        if not items:
            out.print("  none found")
        for e in items:
            who = e.speaker or "(article text)"
            out.print(
                f"  [bold]{escape(who)}[/] · {escape(e.outlet or '-')} · {e.said_on or 'undated'} · "
                f"{e.stance} {e.stance_probability:.2f}\n    {escape(e.text)}\n    [dim]doc {e.doc_id} sentence {e.sentence_index} · {escape(e.url or e.source)}[/]"
            )
    if result.positions:
        out.print("\n[bold]Positions over time[/]")
        for p in result.positions:
            out.print(f"  {escape(p.actor)} · {p.date or '?'} · {p.stance}: {escape(p.text[:140])}")


@app.command()
def quotes(
    db: DbOption = DEFAULT_DB,
    fmt: FormatOption = Format.text,
    speaker: Annotated[str | None, typer.Option(help="Only this speaker (name, alias or id).")] = None,
    about: Annotated[str | None, typer.Option(help="Only quotes containing these words.")] = None,
    doc: Annotated[str | None, typer.Option(help="Only this document id.")] = None,
) -> None:
    """Who said what: direct and reported statements with their speakers and dates."""
    with _workbench(db, readonly=True) as bench:
        items = bench.quotes(speaker, about, doc)
    if fmt is Format.json:
        _print_json(views.quotes(items))
        return
    for q in items:
        role = f", {q.speaker_role}" if q.speaker_role else ""
        out.print(
            f"[bold]{escape(q.speaker_name)}[/]{escape(role)} ({q.speaker_type}) · {q.kind} · {q.said_on or 'undated'}"
            f" · {escape(q.document.outlet or '-') if q.document else ''}"
            f"{' · [yellow]translated: not the speaker’s own words[/]' if q.document and q.document.translation else ''}\n  {escape(q.text)}\n"
            f"  [dim]doc {q.doc_id} sentence {q.sentence_index} · cue '{escape(q.cue)}' · as written '{escape(q.speaker_text)}'[/]"
        )
    out.print(f"{len(items)} quote(s).")


@app.command()
def speakers(db: DbOption = DEFAULT_DB, fmt: FormatOption = Format.text) -> None:
    """Speakers with their roles, number of quotes and documents."""
    with _workbench(db, readonly=True) as bench:
        items = bench.speakers()
    if fmt is Format.json:
        _print_json(views.speakers(items))
        return
    table = Table(header_style="bold")
    table.add_column("speaker", ratio=1)
    table.add_column("type", no_wrap=True)
    table.add_column("role / affiliation", ratio=2)
    table.add_column("quotes", justify="right")
    table.add_column("docs", justify="right")
    for s in items:
        role = "; ".join([*s.roles[:2], *s.affiliations[:2]])
        table.add_row(escape(s.canonical_name), s.type, escape(role), str(s.quotes), str(s.documents))
    out.print(table)


@app.command()
def timeline(
    db: DbOption = DEFAULT_DB,
    fmt: Annotated[TimelineFormat, typer.Option("--format", "-f", help="Output format.")] = TimelineFormat.text,
    about: Annotated[str | None, typer.Option(help="Only entries containing these words.")] = None,
    speaker: Annotated[str | None, typer.Option(help="Only this speaker.")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="Earliest date (YYYY-MM-DD).")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Latest date (YYYY-MM-DD).")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File for png/svg (default timeline.FORMAT).")] = None,
    stated_only: Annotated[bool, typer.Option(
        "--stated-only/--with-estimated",
        help="Leave out entries dated from an estimated publication date (by default they are shown, faded / marked).",
    )] = False,
) -> None:
    """Dated statements and events in order, with their sources; png/svg draw the plot."""
    with _workbench(db, readonly=True) as bench:
        items, left_out = bench.timeline_counted(about, speaker, date_from, date_to, stated_only)
    if fmt is TimelineFormat.json:
        _print_json(views.timeline(items, left_out))
        return
    if fmt in {TimelineFormat.png, TimelineFormat.svg}:
        from claimtrace.time.timeline import TimelinePoint, render_timeline

        path = output or Path(f"timeline.{fmt.value}")
        points = [
            TimelinePoint(
                value=i.date, granularity=i.granularity, basis=i.basis, label=_short(i.text), range_end=i.range_end,
                text=i.text, speaker=i.speaker, document=i.document.title or i.document.id, document_id=i.document.id,
                sentence_index=i.sentence_index, kind=i.kind, estimated_base=i.estimated_base, expression_text=i.expression_text,
            )
            for i in items
        ]
        if not points:
            raise UserError("nothing dated matches; widen --about/--speaker/--from/--to")
        title = "Timeline" + (f": {about}" if about else "") + (f" ({speaker})" if speaker else "")
        try:
            drawn = render_timeline(points, str(path), fmt.value, title)
        except OSError as exc:
            raise UserError(f"cannot write {path}: {exc.strerror or exc}") from exc
        out.print(f"Timeline with {drawn} point(s) written to {escape(str(path))}")
        return
    for i in items:
        who = i.speaker or "(event)"
        flag = " [dim](upper bound)[/]" if i.basis != "stated in text" else ""
        est = " [dim](estimated base)[/]" if i.estimated_base else ""
        when = f"{i.date} to {i.range_end}" if i.range_end and i.range_end != i.date else i.date
        out.print(
            f"{when}{flag}{est} · [bold]{escape(who)}[/] · {escape(i.document.outlet or i.document.id)}\n"
            f"  {escape(i.text[:300])}\n  [dim]doc {i.document.id} sentence {i.sentence_index}[/]"
        )
    out.print(f"{len(items)} dated entr{'y' if len(items) == 1 else 'ies'}.")


@app.command()
def serve(
    db: DbOption = DEFAULT_DB,
    host: Annotated[str, typer.Option(help="Address to listen on; anything but loopback needs --token.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    token: Annotated[
        str | None, typer.Option(help="Require this token on every request (Bearer header, or open /?token=... once).", envvar="CLAIMTRACE_TOKEN")
    ] = None,
    read_only: Annotated[bool, typer.Option("--read-only", help="Open the corpus read-only and switch off ingest, for sharing.")] = False,
    max_upload_mb: Annotated[float, typer.Option(help="Largest request body (an upload) in MiB.")] = 25.0,
    rate_limit: Annotated[float, typer.Option(help="Requests per second per client (0 = no limit).")] = 10.0,
    rate_burst: Annotated[int, typer.Option(help="Requests a client may make at once before the rate applies.")] = 40,
    ingest_root: Annotated[
        list[str] | None, typer.Option(help="Folder the UI may ingest files from by path (repeatable; default: the current folder).")
    ] = None,
    trusted_proxy: Annotated[
        list[str] | None, typer.Option(help="Address or network of a reverse proxy whose X-Forwarded-For is believed (repeatable).")
    ] = None,
) -> None:
    """Serve the web UI and the JSON API (with its OpenAPI schema) over the same corpus."""
    from claimtrace.web.app import create_app
    from claimtrace.web.server import serve as run_server
    from claimtrace.web.settings import WebSettings

    settings = WebSettings(
        db=db, host=host, port=port, token=token or None, read_only=read_only,
        max_upload_bytes=int(max_upload_mb * 1024 * 1024), rate_per_second=rate_limit, rate_burst=rate_burst,
        ingest_roots=tuple(ingest_root) if ingest_root else (os.getcwd(),), trusted_proxies=tuple(trusted_proxy or ()),
    )
    web_app = create_app(settings)  # raises UserError (one line, exit 2) before anything listens
    shown_host = f"[{host}]" if ":" in host else host
    err.print(f"claimtrace: loading models, then serving {escape(db)} at http://{shown_host}:{port}/"
              + (" (read-only)" if read_only else "") + (" — token required" if token else "") + "; Ctrl+C stops it")
    run_server(web_app, settings)


class TraceFormat(str, Enum):
    text = "text"
    json = "json"
    dot = "dot"
    svg = "svg"


@app.command()
def trace(
    claim: Annotated[str, typer.Argument(help="The claim whose sources to trace.")],
    db: DbOption = DEFAULT_DB,
    fmt: Annotated[TraceFormat, typer.Option("--format", "-f", help="Output format.")] = TraceFormat.text,
    as_of: AsOfOption = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File for svg (default trace.svg).")] = None,
    stated_only: StatedOnlyOption = False,
) -> None:
    """Where a claim came from: citation chains, earliest origins, independent sources."""
    from claimtrace.provenance.render import render_svg, to_dot, to_json, to_text

    with _workbench(db, readonly=True) as bench:
        result = bench.trace(claim, as_of, stated_only)
    provenance = result.provenance
    if fmt is TraceFormat.json:
        _print_json(views.trace(claim, as_of, to_json(provenance)))
    elif fmt is TraceFormat.dot:
        sys.stdout.write(to_dot(provenance) + "\n")
    elif fmt is TraceFormat.svg:
        path = output or Path("trace.svg")
        try:
            render_svg(provenance, path, title=claim)
        except OSError as exc:
            raise UserError(f"cannot write {path}: {exc.strerror or exc}") from exc
        out.print(f"Provenance graph written to {escape(str(path))}")
    else:
        out.print(escape(to_text(provenance)))


class SourcesFormat(str, Enum):
    text = "text"
    json = "json"
    dot = "dot"


@app.command()
def sources(
    db: DbOption = DEFAULT_DB,
    fmt: Annotated[SourcesFormat, typer.Option("--format", "-f", help="Output format.")] = SourcesFormat.text,
) -> None:
    """The corpus citation graph: who cites, quotes, reprints or translates whom."""
    from claimtrace.provenance.graph import graph_summary
    from claimtrace.provenance.render import graph_to_json, to_dot

    with _workbench(db, readonly=True) as bench:
        graph = bench.sources()
    if fmt is SourcesFormat.json:
        _print_json(views.envelope("sources", **graph_to_json(graph)))
    elif fmt is SourcesFormat.dot:
        sys.stdout.write(to_dot(graph) + "\n")
    else:
        rows = graph_summary(graph)
        for row in rows:
            out.print(escape(_summary_line(row)))
        out.print(f"{len(rows)} source(s).")


def _summary_line(row: dict) -> str:
    parts = [f"{row.get('name')} ({row.get('kind')})"]
    for key, value in row.items():
        if key not in {"name", "kind", "key"} and value not in (None, [], {}, 0, ""):
            parts.append(f"{key}: {value}")
    return " · ".join(parts)


def _short(text: str, words: int = 7) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def hide_torch() -> None:
    """Keep torch out of this process. claimtrace never runs it, but spaCy's thinc imports it whenever it is
    installed (the train extra, a data-science environment): a cold ``claimtrace check`` on the seeds took
    3.7-4.2 s and 456 MB with it, 2.0-2.8 s and 273 MB without (one venv with torch). A process that already
    holds torch keeps it."""
    sys.modules.setdefault("torch", None)  # type: ignore[arg-type]  # None: "import torch" raises ImportError


def main() -> None:
    """Entry point: run the app, turning user errors into one line and exit code 2."""
    hide_torch()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        app(standalone_mode=True)
    except UserError as exc:
        err.print(f"error: {escape(str(exc))}")
        sys.exit(2)
    except Exception as exc:  # a bug, not a user error: one line, traceback only on request
        if os.environ.get("CLAIMTRACE_DEBUG"):
            raise
        err.print(f"internal error: {type(exc).__name__}: {escape(str(exc))} (set CLAIMTRACE_DEBUG=1 for details, and please report it)")
        sys.exit(3)


if __name__ == "__main__":
    main()
