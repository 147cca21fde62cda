"""Charts for reports: each actor's stance on the claim over time."""

from __future__ import annotations

import base64
import io
from datetime import date

import matplotlib

matplotlib.use("Agg")
import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402

STANCE_STYLE = {"supports": ("#1a7f37", "^", "supports"), "refutes": ("#cf222e", "v", "refutes")}


def _as_date(value: str | None) -> date | None:
    if not value:
        return None
    parts = value.split("-")
    try:
        return date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 7, int(parts[2]) if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        return None


def positions_chart_png(positions, title: str = "Stated positions over time") -> bytes | None:
    """PNG bytes of the positions chart, or None when no position is dated."""
    points = [(p.actor, _as_date(p.date), p.stance) for p in positions if _as_date(p.date)]
    if not points:
        return None
    actors = sorted({a for a, _, _ in points})
    height = 1.4 + 0.45 * len(actors)
    fig, ax = plt.subplots(figsize=(8.5, height), dpi=110)
    for stance, (colour, marker, label) in STANCE_STYLE.items():
        xs = [d for a, d, s in points if s == stance]
        ys = [actors.index(a) for a, d, s in points if s == stance]
        if xs:
            ax.scatter(xs, ys, c=colour, marker=marker, s=70, label=label, zorder=3)
    ax.set_yticks(range(len(actors)))
    ax.set_yticklabels([a if len(a) <= 32 else a[:31] + "…" for a in actors])
    ax.set_ylim(-0.7, len(actors) - 0.3)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
    ax.grid(axis="x", alpha=0.3)
    ax.set_title(title, fontsize=11)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    fig.autofmt_xdate()
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return buffer.getvalue()


def png_data_uri(png: bytes | None) -> str | None:
    return None if png is None else "data:image/png;base64," + base64.b64encode(png).decode("ascii")
