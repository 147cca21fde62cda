"""Seeded generator of hostile and good input files, for the ingest fuzz suite and bench/fuzz.py.

``build(folder, n, seed)`` writes ``n`` files (and a few special entries: a
symbolic link loop, a FIFO, an unreadable folder) and returns what each
should become: ``good`` files must be stored (their marker word findable),
``skip`` files must be reported with a reason containing the given words,
``either`` files may be stored or reported but never break the batch. All
text is invented (fictional countries and people).
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
from dataclasses import dataclass, field
from pathlib import Path

NAMES = ["Ana Brel", "Tomas Hale", "Lena Vossberg", "Ivo Marek", "Sela Onde", "Ruth Kallan", "Piet Oram"]
PLACES = ["Valdoria", "Kestrania", "Marrow", "Halden", "Ostrava Minor", "Tessel"]
VERBS = ["said", "told reporters", "announced", "denied", "warned"]
RUN_WORD = "Zorblaxian"


@dataclass
class Expected:
    name: str  # file name relative to the folder (a ``bytes`` name is stored as its fsdecoded str)
    outcome: str  # good | skip | either
    marker: str | None = None  # a word only this good document holds
    reason: tuple[str, ...] = ()  # words the skip reason must contain
    case: str = ""  # the generator that made it


@dataclass
class Corpus:
    folder: Path
    expected: list[Expected] = field(default_factory=list)

    @property
    def good_markers(self) -> list[str]:
        return [e.marker for e in self.expected if e.outcome == "good" and e.marker]


def article(rng: random.Random, marker: str, sentences: int = 3) -> str:
    """A short invented news article whose title holds ``marker``."""
    who, where = rng.choice(NAMES), rng.choice(PLACES)
    body = [
        f"{who} {rng.choice(VERBS)} on Monday that {where} would not sign the pact.",
        f"\u201cWe have no such agreement,\u201d {who.split()[-1]} said in {rng.choice(PLACES)}.",
        f"Officials in {rng.choice(PLACES)} expect talks to resume next week.",
        f"The ministry of {rng.choice(PLACES)} declined to comment on the report.",
    ]
    return f"{marker} report from {where}\n\nBy {rng.choice(NAMES)} | 2024-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}\n\n" + " ".join(
        body[: max(1, sentences)]
    ) + "\n"


def _json(obj: object) -> bytes:
    return json.dumps(obj, ensure_ascii=True).encode()


def _case_good_txt(rng, marker):
    return ".txt", article(rng, marker).encode(), Expected("", "good", marker)


def _case_good_md(rng, marker):
    return ".md", ("# " + article(rng, marker) + "\n- one point\n- another point\n").encode(), Expected("", "good", marker)


def _case_good_html(rng, marker):
    paragraphs = "".join(f"<p>{s}</p>" for s in article(rng, marker, 4).split("\n") if s.strip())
    html = f"<html><head><title>{marker} report</title></head><body><article>{paragraphs}</article></body></html>"
    return ".html", html.encode(), Expected("", "either", marker)  # trafilatura may judge a tiny page empty


def _case_good_json(rng, marker):
    return ".json", _json({"title": f"{marker} json", "text": article(rng, marker), "date": "2024-03-02"}), Expected("", "good", marker)


def _case_good_csv(rng, marker):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=["title", "text", "date"])
    writer.writeheader()
    writer.writerow({"title": f"{marker} csv", "text": article(rng, marker), "date": "2024-07-08"})
    return ".csv", buffer.getvalue().encode(), Expected("", "good", marker)


def _case_utf16_no_bom(rng, marker):
    return ".txt", article(rng, marker).encode("utf-16-le"), Expected("", "good", marker)


def _case_nul_fields(rng, marker):
    record = {"title": f"{marker}\u0000 title", "author": "Ana\u0000 Brel", "url": "https://example.org/\u0000x",
              "text": article(rng, marker).replace(" on ", " on\u0000 ")}
    return ".json", _json(record), Expected("", "good", marker)


def _case_surrogates(rng, marker):
    raw = _json({"title": f"{marker} \ud800 broken", "text": article(rng, marker) + " Tail \udc80 here.", "author": "\udfff"})
    return ".jsonl", raw + b"\n", Expected("", "good", marker)


def _case_bad_dates(rng, marker):
    date = rng.choice(["0001-01-01", "9999-12-31", "2023-13", "0000", "2023-02-30", "12024-01-01", "9999"])
    return ".json", _json({"text": article(rng, marker).replace("2024-0", "1900-0"), "date": date}), Expected("", "good", marker)


def _case_far_future(rng, marker):
    text = article(rng, marker) + f" The treaty would expire in {rng.choice([3000, 9000, 20000])} years, he said.\n"
    return ".txt", text.encode(), Expected("", "good", marker)


def _case_line_separator(rng, marker):
    record = {"title": f"{marker} ls", "text": article(rng, marker).replace(". ", ".\u2028", 1)}
    return ".jsonl", json.dumps(record, ensure_ascii=False).encode() + b"\n", Expected("", "good", marker)


def _case_long_run(rng, marker):
    # RUN_WORD appears only in these runs: a search for it must find nothing, since runs are never evidence.
    words = " ".join(rng.choice(["pact", "said", RUN_WORD, "Valdoria", "secret"]) for _ in range(rng.randint(600, 1500)))
    return ".txt", (article(rng, marker) + "\n" + words + "\n").encode(), Expected("", "good", marker)


def _case_quote_run(rng, marker):
    mark = rng.choice(["\u201c", '"', "\u00ab", "\u201d"])
    return ".txt", (article(rng, marker) + mark * rng.randint(300, 3000) + "\n").encode(), Expected("", "good", marker)


def _case_many_lines(rng, marker):
    lines = "\n".join(f"- {rng.choice(PLACES)} item {i}" for i in range(rng.randint(200, 800)))
    return ".md", (article(rng, marker) + lines + "\n").encode(), Expected("", "good", marker)


def _case_deep_json(rng, marker):
    depth = rng.randint(2_000, 20_000)
    return ".json", b"[" * depth + b"]" * depth, Expected("", "skip", reason=("nested too deeply",))


def _case_deep_field(rng, marker):
    value: object = "x"
    for _ in range(rng.randint(5, 50)):
        value = [value]
    return ".json", _json({"text": article(rng, marker), "title": value}), Expected("", "skip", reason=("title", "must be text"))


def _case_wrong_types(rng, marker):
    record, field_name = rng.choice([
        ({"text": ["a", "list"]}, "text"),
        ({"text": {"body": "x"}}, "text"),
        ({"text": article(rng, marker), "author": {"first": "Ana"}}, "author"),
        ({"text": article(rng, marker), "date": [2024, 1]}, "date"),
        ({"text": article(rng, marker), "outlet": True}, "outlet"),
    ])
    return ".json", _json(record), Expected("", "skip", reason=(field_name, "must be text"))


def _case_not_object(rng, marker):
    return ".jsonl", rng.choice([b"42\n", b'"just a string"\n', b"null\n", b"[1, 2]\n"]), Expected("", "skip", reason=("not a JSON object",))


def _case_huge_int(rng, marker):
    return ".json", b'{"text": "x", "n": ' + b"9" * 5000 + b"}", Expected("", "skip", reason=("invalid JSON",))


def _case_truncated_json(rng, marker):
    data = _json({"text": article(rng, marker)})
    return ".json", data[: rng.randint(1, len(data) - 2)], Expected("", "skip", reason=("JSON",))


def _case_empty_list(rng, marker):
    return ".json", b"[]", Expected("", "skip", reason=("empty JSON list",))


def _case_blank(rng, marker):
    ext, data, reason = rng.choice([
        (".jsonl", b"   \n\n  ", "no JSON records"),
        (".jsonl", b"\n", "no JSON records"),
        (".jsonl", b"x", "invalid JSON"),
        (".txt", b" \n\t\n", "empty"),
        (".txt", b"", "empty"),
        (".json", b" ", "empty"),
        (".csv", b"a", "CSV header"),
    ])
    return ext, data, Expected("", "skip", reason=(reason,))


def _case_header_only_csv(rng, marker):
    return ".csv", b"title,text,date\n", Expected("", "skip", reason=("header but no rows",))


def _case_binary(rng, marker):
    return ".txt", bytes(rng.randrange(256) for _ in range(600)) + b"\x00\x00", Expected("", "skip", reason=("binary",))


def _case_svg_html(rng, marker):
    svg = rng.choice(["", '<?xml version="1.0"?>\n', "<!-- drawn -->"]) + '<svg xmlns="http://www.w3.org/2000/svg">' + "".join(
        f'<circle cx="{i}" cy="{i}" r="2"/><text x="{i}">{rng.choice(PLACES)}</text>' for i in range(rng.randint(50, 400))
    ) + "</svg>"
    return ".html", svg.encode(), Expected("", "skip", reason=("SVG image",))


def _case_unsupported(rng, marker):
    return rng.choice([".png", ".docx", ".exe"]), b"\x89PNG\r\n", Expected("", "skip", reason=("unsupported file type",))


def _case_mutated(rng, marker):
    data = bytearray(article(rng, marker).encode())
    for _ in range(rng.randint(1, 12)):
        data[rng.randrange(len(data))] = rng.randrange(256)
    return rng.choice([".txt", ".md", ".json", ".jsonl", ".csv", ".html"]), bytes(data), Expected("", "either")


def _case_over_budget(rng, marker):
    return ".txt", (article(rng, marker) + "Valdoria said the pact holds. " * 1200).encode(), Expected(
        "", "skip", reason=("over the budget",)
    )


GOOD = [_case_good_txt, _case_good_md, _case_good_json, _case_good_csv]
HOSTILE = [
    _case_good_html, _case_utf16_no_bom, _case_nul_fields, _case_surrogates, _case_bad_dates, _case_far_future,
    _case_line_separator, _case_long_run, _case_quote_run, _case_many_lines, _case_deep_json, _case_deep_field,
    _case_wrong_types, _case_not_object, _case_huge_int, _case_truncated_json, _case_empty_list, _case_blank,
    _case_header_only_csv, _case_binary, _case_svg_html, _case_unsupported, _case_mutated, _case_over_budget,
]
# A budget small enough that _case_over_budget exceeds it and every other case fits.
FUZZ_MAX_DOC_CHARS = 30_000
ODD_NAMES = ["[bold]x[/bold]", "[/x]", "a?b#c%d", "sp ace", "ünï", "quote'\""]


def build(folder: Path, n: int, seed: int) -> Corpus:
    """Write ``n`` generated files (about 40% good) into ``folder``, plus the special entries."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    corpus = Corpus(folder)
    for i in range(n):
        marker = f"Fuzzmark{seed}x{i}"
        case = rng.choice(GOOD) if rng.random() < 0.4 else rng.choice(HOSTILE)
        ext, data, expected = case(rng, marker)
        sub = folder / f"d{i % 7}"
        sub.mkdir(exist_ok=True)
        odd = rng.choice(ODD_NAMES) if rng.random() < 0.08 else ""
        name = f"d{i % 7}/{i:05d}{odd}{ext}"
        (folder / name).parent.mkdir(parents=True, exist_ok=True)  # "[/x]" makes a folder "[" in the name
        (folder / name).write_bytes(data)
        expected.name, expected.case = name, case.__name__.removeprefix("_case_")
        corpus.expected.append(expected)
    _special_entries(folder, corpus, seed)
    return corpus


def _special_entries(folder: Path, corpus: Corpus, seed: int) -> None:
    """A symbolic link loop, a FIFO, an unreadable folder and a file name that is not UTF-8."""
    special = folder / "special"
    special.mkdir(exist_ok=True)
    os.symlink("loop", special / "loop")
    corpus.expected.append(Expected("special/loop", "skip", reason=("symbolic link loop",)))
    os.symlink(".", special / "self")
    corpus.expected.append(Expected("special/self", "skip", reason=("symbolic link loop",)))
    if hasattr(os, "mkfifo"):
        os.mkfifo(special / "pipe.txt")
        corpus.expected.append(Expected("special/pipe.txt", "skip", reason=("not a regular file",)))
    if os.geteuid() != 0:  # root reads any folder
        locked = special / "locked"
        locked.mkdir()
        (locked / "inside.txt").write_text("never read", encoding="utf-8")
        locked.chmod(0)
        corpus.expected.append(Expected("special/locked", "skip", reason=("cannot read folder",)))
    marker = f"Fuzzmark{seed}xbytes"
    raw_name = os.fsencode(special) + b"/bad\xff\xfename.txt"
    with open(raw_name, "wb") as fh:
        fh.write(article(random.Random(seed), marker).encode())
    corpus.expected.append(Expected(os.fsdecode(raw_name)[len(str(folder)) + 1 :], "good", marker))


def warm_up(bench, folder: Path) -> None:  # type: ignore[no-untyped-def]
    """Ingest one article, so that loading the models (spaCy, language id, vectors) is not timed as a document's work."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "warm.txt").write_text(article(random.Random(0), "Warmup"), encoding="utf-8")
    bench.ingest([str(folder / "warm.txt")])


def unlock(folder: Path) -> None:
    """Make the unreadable folder removable again (pytest's tmp_path cleanup needs it)."""
    locked = folder / "special" / "locked"
    if locked.exists():
        locked.chmod(0o755)
