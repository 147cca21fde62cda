from __future__ import annotations

import pytest

from claimtrace.clean.metadata import extract_metadata, given_date

BODY = "\n\nThe defence minister said on Monday that talks would continue. Officials in Valdoria disagreed."


@pytest.mark.parametrize(
    ("header", "date"),
    [
        ("Posted at Mar 03 2024 05:11 AM", "2024-03-03"),
        ("Oct 02, 2024", "2024-10-02"),
        ("Published: 4 June 2024", "2024-06-04"),
        ("13-12-2023", "2023-12-13"),
        ("2024-06-04", "2024-06-04"),
        ("Updated on 7 January 2025 10:02 GMT", "2025-01-07"),
    ],
)
def test_stated_dates_in_datelines(header: str, date: str) -> None:
    meta = extract_metadata(f"Kestrania denies pact\n\n{header}{BODY}")
    assert meta.published.value == date
    assert meta.published.source == "stated"
    assert meta.published.granularity == "day"
    assert header in meta.published.evidence
    assert meta.title == "Kestrania denies pact"


def test_credit_line_with_glued_date_gives_outlet_author_and_date() -> None:
    text = f"Is there a pact?{BODY}\n\nSource : Northgate Review, Piet Oosterhuis13-12-2023"
    meta = extract_metadata(text)
    assert (meta.outlet, meta.author) == ("Northgate Review", "Piet Oosterhuis")
    assert meta.published.value == "2023-12-13" and meta.published.source == "stated"


def test_author_comma_outlet_byline() -> None:
    meta = extract_metadata(f"Talks stall in Marrow\n\nMinna Sarro, Kestran Daily Wire{BODY}")
    assert (meta.author, meta.outlet) == ("Minna Sarro", "Kestran Daily Wire")


def test_by_line_with_date() -> None:
    meta = extract_metadata(f"Talks stall\n\nBy Lena Orr | 2024-06-04{BODY}")
    assert meta.author == "Lena Orr"
    assert meta.published.value == "2024-06-04"


@pytest.mark.parametrize("stamp", ["01/12/15 12:35 PM", "12:35 p.m. EST", "Updated: 3.4.2024 10:02"])
def test_a_time_stamp_after_the_byline_is_not_an_outlet(stamp: str) -> None:
    meta = extract_metadata(f"Talks stall\n\nBy Lena Orr | {stamp}{BODY}")
    assert meta.author == "Lena Orr"
    assert meta.outlet is None


def test_an_outlet_after_the_byline_is_kept() -> None:
    assert extract_metadata(f"Talks stall\n\nBy Lena Orr | Marrow Gazette{BODY}").outlet == "Marrow Gazette"
    assert extract_metadata(f"Talks stall\n\nBy Lena Orr, AP{BODY}").outlet == "AP"


def test_publication_header_gives_outlet_not_volume() -> None:
    meta = extract_metadata(f"Alliance talk\n\nPublication: Northgate Review Volume: 3 Issue: 12{BODY}")
    assert meta.outlet == "Northgate Review"
    assert meta.published.source == "unknown"


def test_dates_in_the_body_are_never_stated() -> None:
    meta = extract_metadata("Headline here\n\nThe treaty was signed on 14 May 2024 in Marrow, officials said.\nMore text.")
    assert meta.published.source != "stated"


def test_export_metadata_wins_and_is_stated() -> None:
    meta = extract_metadata(
        f"Headline in text{BODY}",
        {"title": "Given title", "author": "Ana Brel", "outlet": "VBN", "url": "https://example.org/a", "date": "2024-02-01"},
    )
    assert (meta.title, meta.author, meta.outlet, meta.url) == ("Given title", "Ana Brel", "VBN", "https://example.org/a")
    assert meta.published.value == "2024-02-01" and meta.published.source == "stated"


def test_unreadable_export_date_is_unknown_not_stated() -> None:
    pub = given_date("sometime soon")
    assert pub.source == "unknown" and pub.value is None
    assert "unreadable" in pub.evidence


def test_markdown_heading_becomes_title() -> None:
    assert extract_metadata(f"# The Marrow summit{BODY}").title == "The Marrow summit"


def test_masthead_outlet_wins_over_the_byline_of_a_reprinted_source() -> None:
    text = f"Deputies demand answers\nOstrian Herald — English edition\nFeb 09, 2024\nBy Nadia Korsh, Vestnik Dravska{BODY}"
    meta = extract_metadata(text)
    assert (meta.outlet, meta.author, meta.published.value) == ("Ostrian Herald", "Nadia Korsh", "2024-02-09")
