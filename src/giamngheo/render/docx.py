"""The report as a Word draft, written from a template with docxtpl.

The shipped template (render/templates/bao-cao.LANG.docx, built by
scripts/make-report-template) carries the layout of Nghị định 30/2020/NĐ-CP and every fixed
word: the issuer, the headings, the places left for the analyst, the recipients and the
signature. A province can edit a copy in Word and give it with --template; the data goes in
through the tags documented in docs/report-template.md.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from giamngheo.core.files import Expected, FileRefused, read_regular_file
from giamngheo.core.formats import format_date
from giamngheo.core.messages import msg
from giamngheo.core.problems import UserError
from giamngheo.render.cells import headings, row_texts
from giamngheo.render.package import repack
from giamngheo.views.report import Report, citation_date
from giamngheo.views.table import Table

TEMPLATES = Path(__file__).resolve().parent / "templates"
MAX_TEMPLATE_BYTES = 20_000_000
# The letters Vietnamese documents number points with: no f, j, w or z; đ after d.
LETTERS = "abcdđeghiklmnopqrstuvxy"


class TemplateError(UserError):
    """A Word template that cannot be read or filled in; the message names it and says why."""


def shipped_template(lang: str) -> Path:
    """The template shipped with giamngheo for LANG."""
    return TEMPLATES / f"bao-cao.{'en' if lang == 'en' else 'vi'}.docx"


def document_bytes(report: Report, template: Path | None = None) -> bytes:
    """The report as the bytes of a .docx file, from TEMPLATE (default: the shipped one)."""
    import jinja2
    from docxtpl import DocxTemplate

    source = template or shipped_template(report.lang)
    data = _read_template(source) if template is not None else source.read_bytes()
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    try:
        doc = DocxTemplate(io.BytesIO(data))
        doc.render(context(report), jinja_env=env)
    except jinja2.TemplateSyntaxError as exc:
        raise _refused(source, msg("a tag is not written right ({problem}); tags look like {{{{ as_of }}}} or "
                                   "{{%p for g in groups %}}", problem=exc.message or str(exc))) from None
    except jinja2.UndefinedError as exc:
        raise _refused(source, msg("the template uses a name the report does not give ({problem}); "
                                   "see docs/report-template.md", problem=exc.message or str(exc))) from None
    except jinja2.TemplateError as exc:
        raise _refused(source, msg("the template cannot be filled in: {problem}", problem=str(exc))) from None
    except Exception as exc:  # a broken package: python-docx, lxml and zipfile each raise their own kinds
        raise _refused(source, msg("is not a Word document (.docx) that can be read: {problem}",
                                   problem=type(exc).__name__)) from None
    stamp = report.provenance.generated
    props = doc.docx.core_properties
    props.created = props.modified = stamp.astimezone(stamp.tzinfo).replace(tzinfo=None)
    props.last_modified_by = f"giamngheo {report.provenance.version}"
    props.revision = 1
    out = io.BytesIO()
    doc.save(out)
    return repack(out.getvalue(), stamp)


def _read_template(path: Path) -> bytes:
    expected = Expected(missing=msg("no such file"), folder=msg("is a folder, not a Word template"),
                        too_large=lambda limit: msg("is larger than {limit:num} bytes: not a report template",
                                                    limit=limit))
    try:
        return read_regular_file(path, MAX_TEMPLATE_BYTES, expected)
    except FileRefused as exc:
        raise TemplateError(*exc.at(file=path)) from None


def _refused(path: Path, message: str) -> TemplateError:
    return TemplateError.of("bad-template", msg("{path}: {problem}", path=str(path), problem=message))


# ---------------------------------------------------------------- what the template is filled with


def context(report: Report) -> dict[str, Any]:
    """The names the template's tags use, each already written out for the report's language."""
    lang, plan = report.lang, report.plan
    title = plan.title_en if lang == "en" else plan.title
    return {
        "plan_number": plan.number,
        "plan_date": format_date(plan.date, lang) if lang == "en" else citation_date(plan.date),
        "plan_issuer": plan.issuer_en if lang == "en" else plan.issuer,
        "plan_title": title[:1].lower() + title[1:],
        "as_of": format_date(report.as_of, lang),
        "year": str(report.as_of.year),
        "scope": report.scope or "",
        "summary": report.summary,
        "groups": [{"name": g.name, "label": g.label, "sentences": g.sentences} for g in report.groups],
        "notes": report.notes,
        "has_reports": report.reports is not None,
        "timeliness_summary": report.timeliness_summary or "",
        "timeliness": [{"letter": LETTERS[n % len(LETTERS)], "title": t.title, "entries": t.entries}
                       for n, t in enumerate(report.timeliness)],
        "headings": column_headings(report.results, lang),
        "rows": result_rows(report),
        "figure_headings": column_headings(report.figures, lang),
        "figures": [row_texts(report.figures, row, lang) for row in report.figures.rows],
        "generated": report.generated_line(),
    }


def column_headings(table: Table, lang: str) -> dict[str, str]:
    """The heading of each column of TABLE, by key; the percentage column also under its short name."""
    out = headings(table, lang)
    out["pct"] = out.get("attainment_pct", "")
    return out


def result_rows(report: Report) -> list[dict[str, Any]]:
    """The results table: a heading row for each of the plan's headings, then its targets."""
    rows: list[dict[str, Any]] = []
    group = None
    for row in report.results.rows:
        if row["_group"] != group:
            group = row["_group"]
            rows.append({"heading": True, "name": group})
        shown = row_texts(report.results, row, report.lang)
        shown["pct"] = shown.pop("attainment_pct")  # the file of each figure is in Appendix II
        rows.append({"heading": False, **shown})
    return rows
