"""The one Jinja2 environment: autoescaping on for every template, always.

Article text and metadata are untrusted. Nothing in these templates is ever
marked safe; markup in an article is rendered as the characters it is made of.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from claimtrace.web import render
from claimtrace.web.paths import current_scrubber


def printed(value: Any) -> Any:
    """Every ``{{ value }}`` of every template passes here: no bidi controls, no server folders.

    Markup is our own (a macro's output, whose printed values already passed here) and is left as it is.
    """
    if not isinstance(value, str) or isinstance(value, Markup):
        return value
    scrubber = current_scrubber.get()
    value = render.strip_bidi(value)
    return scrubber.text(value) if scrubber is not None else value


def source_name(value: Any) -> Any:
    """A provenance source's name: a document named by its file is shown as the web shows sources."""
    scrubber = current_scrubber.get()
    return scrubber.name(value) if scrubber is not None and isinstance(value, str) else value


environment = Environment(
    finalize=printed,
    loader=PackageLoader("claimtrace.web", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
environment.filters.update(
    basename=lambda path: str(path).rstrip("/\\").rsplit("/", 1)[-1] or "/",
    source_name=source_name,
    date_label=render.date_label,
    safe_href=render.safe_href,
    percent=render.percent,
)
# ``render`` is a global (not only page context) so that imported macros can build links too.
environment.globals.update(stance_class=render.stance_class, verdict_class=render.verdict_class, render=render)


def render_page(name: str, **context: object) -> str:
    return environment.get_template(name).render(scrubber=current_scrubber.get(), **context)
