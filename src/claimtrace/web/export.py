"""CSV twins of the JSON list answers: the same rows, flattened, safe to open in a spreadsheet.

Each list endpoint's JSON (a ``claimtrace.views`` shape) names its list
(``documents``, ``hits``, ``entries``...); each item becomes one row, nested
objects become ``parent.child`` columns and lists are joined with "; ".
Cells are article text, so a cell a spreadsheet would run as a formula
(starting with = + - @ or a control) gets a leading apostrophe, and bidi
controls are dropped as on the pages.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from starlette.responses import Response

from claimtrace.web.render import strip_bidi

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def flatten(item: Any, prefix: str = "") -> dict[str, Any]:
    if not isinstance(item, dict):
        return {prefix or "value": item}
    row: dict[str, Any] = {}
    for key, value in item.items():
        name = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            row.update(flatten(value, name))
        elif isinstance(value, list):
            row[name] = "; ".join(json.dumps(v, ensure_ascii=False) if isinstance(v, dict | list) else str(v) for v in value)
        else:
            row[name] = value
    return row


def cell(value: Any) -> str:
    if value is None:
        return ""
    text = strip_bidi(str(value))
    return "'" + text if text.startswith(FORMULA_START) else text


def to_csv(rows: list[dict[str, Any]]) -> str:
    columns: dict[str, None] = {}
    flat = [flatten(r) for r in rows]
    for row in flat:
        columns.update(dict.fromkeys(row))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(list(columns))
    for row in flat:
        writer.writerow([cell(row.get(c)) for c in columns])
    return out.getvalue()


def csv_response(json_response: Response, list_key: str, filename: str) -> Response:
    """The CSV of a JSON answer's ``list_key`` list (an error answer is passed through as it is)."""
    if json_response.status_code != 200:
        return json_response
    payload = json.loads(bytes(json_response.body))
    return Response(
        to_csv(payload.get(list_key, [])), media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
