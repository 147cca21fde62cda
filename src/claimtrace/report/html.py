"""A self-contained HTML report of a claim check: one file, no external resources.

Article text is untrusted: Jinja2 autoescaping renders it inert, the chart
is an embedded PNG, and a Content-Security-Policy forbids any script.
"""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, select_autoescape

from claimtrace.report.plots import png_data_uri, positions_chart_png

_env = Environment(loader=PackageLoader("claimtrace.report", "templates"), autoescape=select_autoescape(default=True))


def check_html(result) -> str:
    chart = png_data_uri(positions_chart_png(result.positions))
    return _env.get_template("check.html").render(r=result, v=result.verdict, chart=chart)
