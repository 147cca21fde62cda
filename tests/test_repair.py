from __future__ import annotations

import pytest

from claimtrace.clean.repair import UndecodableError, decode_bytes, repair_escapes, repair_text


@pytest.mark.parametrize(
    ("broken", "fixed"),
    [
        ("Valdoriaxe2x80x99s navy", "Valdoria\u2019s navy"),
        ("xe2x80x9cno pactxe2x80x9d", "\u201cno pact\u201d"),
        ("word xe2x80x94 word", "word \u2014 word"),
        ("end.xc2xa0", "end.\u00a0"),
        ("quote.xe2x80x9dxc2xa0", "quote.\u201d\u00a0"),  # two sequences back to back
        (r"it\xe2\x80\x99s", "it\u2019s"),  # with the backslash kept
        ("XE2X80X99".lower(), "\u2019"),
        ("caf\\xc3\\xa9", "caf\u00e9"),
    ],
)
def test_written_out_utf8_bytes_are_decoded(broken: str, fixed: str) -> None:
    assert repair_text(broken)[0] == fixed


@pytest.mark.parametrize(
    "untouched",
    [
        "xenon lamps and an Exxon tanker",
        "ship 0xc3 and unit xe2",  # lone bytes: not a complete sequence
        "taxcab maxed out",
        "xe2x41 is not a continuation byte",
        "xffxfe is never valid UTF-8",
        "xe2x80 truncated sequence",
    ],
)
def test_ordinary_words_and_invalid_hex_are_left_alone(untouched: str) -> None:
    assert repair_text(untouched)[0] == untouched


def test_non_latin_text_passes_unchanged() -> None:
    text = "Министр сказал «нет». 两国没有签署秘密协议。「引用」 ＡＢＣ"
    assert repair_text(text)[0] == text


def test_real_mojibake_is_fixed_by_ftfy_and_reported() -> None:
    fixed, notes = repair_text("The minister didnâ€™t comment.")
    assert fixed == "The minister didn\u2019t comment."
    assert any("ftfy" in n for n in notes)


def test_curly_quotes_are_kept() -> None:
    assert repair_text("\u201cYes,\u201d she said.")[0] == "\u201cYes,\u201d she said."


def test_escape_repair_counts_runs() -> None:
    assert repair_escapes("axe2x80x99b xe2x80x9c")[1] == 2


def test_decode_bytes_detects_legacy_encodings() -> None:
    data = "The caf\u00e9 owner said it\u2019s over. R\u00e9sum\u00e9 of the d\u00e9fense minister\u2019s talk.".encode("cp1252")
    text, encoding = decode_bytes(data)
    assert "caf\u00e9" in text and "\u2019" in text
    assert encoding != "utf-8"


def test_decode_bytes_rejects_binary() -> None:
    with pytest.raises(UndecodableError):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
