"""The one Jinja2 environment: autoescaping on for every template, always.

Article text and metadata are untrusted. Nothing in these templates is ever
marked safe; markup in an article is rendered as the characters it is made of.
"""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from claimtrace.web import render

environment = Environment(
    loader=PackageLoader("claimtrace.web", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
environment.filters.update(
    date_label=render.date_label,
    safe_href=render.safe_href,
    percent=render.percent,
)
environment.globals.update(stance_class=render.stance_class, verdict_class=render.verdict_class)


def render_page(name: str, **context: object) -> str:
    return environment.get_template(name).render(**context)
