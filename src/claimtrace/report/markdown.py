"""A Markdown report of a claim check, for pasting into notes or a ticket."""

from __future__ import annotations


def _md(text: str | None) -> str:
    """Neutralise Markdown/HTML in article text so it reads as plain text."""
    if not text:
        return ""
    out = text.replace("\\", "\\\\").replace("<", "&lt;").replace(">", "&gt;")
    for ch in "`*_[]|#":
        out = out.replace(ch, "\\" + ch)
    return " ".join(out.split())


def _evidence_line(e) -> str:
    who = _md(e.speaker) or "(article text)"
    role = f", {_md(e.speaker_role)}" if e.speaker_role else ""
    where = _md(e.outlet) or "unknown outlet"
    when = e.said_on or "undated"
    ref = f"doc `{e.doc_id}` sentence {e.sentence_index}, {_md(e.url or e.source)}"
    return (
        f"- **{who}**{role} · {where} · {when} · {e.stance} p={e.stance_probability:.2f}\n"
        f"  > {_md(e.text)}\n"
        f"  ({ref})"
    )


def check_markdown(result) -> str:
    v = result.verdict
    lines = [
        f"# Claim check: {_md(result.claim)}",
        "",
        f"**Verdict: {v.label}** (confidence {v.confidence:.2f})" + (f", as of {result.as_of}" if result.as_of else ""),
        "",
        _md(result.explanation),
        "",
        "## Evidence for",
        *([_evidence_line(e) for e in result.evidence_for] or ["- none found"]),
        "",
        "## Evidence against",
        *([_evidence_line(e) for e in result.evidence_against] or ["- none found"]),
        "",
        "## Positions over time",
    ]
    if result.positions:
        lines += ["| actor | date | stance | sentence |", "|---|---|---|---|"]
        for p in result.positions:
            lines.append(f"| {_md(p.actor)} | {p.date or '?'} | {p.stance} | {_md(p.text)[:160]} |")
    else:
        lines.append("No attributed positions on this claim.")
    lines.append("")
    if result.provenance is not None:
        carrying = result.provenance.carrying_sources()
        names = "; ".join(_md(s.name) + (" (anonymous)" if s.anonymous else "") for s in carrying)
        lines.append(
            f"The claim itself rests on {len(carrying)} independent source(s)" + (f": {names}" if names else "")
            + " (those that support or report it; echoes of one source count once)."
        )
    lines.append(f"Independent sources supporting: {len(v.supporting_sources)}; refuting: {len(v.refuting_sources)}.")
    if result.as_of:
        lines.append(
            f"Left out for --as-of: {result.excluded_after_as_of} sentence(s) published later, "
            f"{result.excluded_undated} from undated documents."
        )
    return "\n".join(lines) + "\n"
