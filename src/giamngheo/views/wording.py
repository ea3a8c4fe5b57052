"""The report's words: headings, the generated sentences, and the marked places left to the
analyst. Each is an English message id marked with N_; the Vietnamese is in the message
catalogue with every other text of giamngheo, so that a translator finds them in one place.

The Word template is built from these (scripts/make-report-template); once shipped, a
province edits the template itself. The sentences are templates for `str.format`: every
value is already written out as the reader's language writes it.
"""

from __future__ import annotations

from giamngheo.core.messages import N_, load_translator

WORDS: dict[str, str] = {
    # Who writes to whom: the issuer's names live in the Word template, which a province edits
    # when its departments are renamed; these are the shipped template's first words.
    "doc.parent": N_("THANH HOÁ PROVINCIAL PEOPLE'S COMMITTEE"),
    "doc.issuer": N_("DEPARTMENT OF LABOUR,\nINVALIDS AND\nSOCIAL AFFAIRS"),
    "doc.nation": N_("SOCIALIST REPUBLIC OF VIETNAM"),
    "doc.motto": N_("Independence - Freedom - Happiness"),
    "doc.number": N_("No.:        /BC-SLĐTBXH"),
    "doc.place_date": N_("Thanh Hoá,            {{ year }}"),
    "doc.sender": N_("Department of Labour, Invalids and Social Affairs"),
    "doc.recipient": N_("People's Committee of Thanh Hoá province"),
    "doc.received_by": N_("Copies to:"),
    "doc.recipients": N_("- As above;\n- The Director (for information);\n- Archive: VT, BTXH."),
    "doc.signer_title": N_("DIRECTOR"),
    "doc.signer_name": N_(""),
    "doc.attached": N_("(Attached to Report No.        /BC-SLĐTBXH of            {{ year }}\n"
                     "of the Department of Labour, Invalids and Social Affairs)"),
    # The document
    "kind": N_("REPORT"),
    "subject": N_("Results of Plan {number} of {date} of the {issuer}: {title}"),
    "addressee": N_("To: the {recipient}."),
    "opening": N_("Under Plan {number} of {date} of the {issuer} ({title}), the {sender} reports the results "
                "as of {as_of}:"),
    "scope.agency": N_("This report covers only the targets and tasks of the {agency}."),
    "scope.unit": N_("This report is about {unit}: the figures reported for it, else the total of its units; a target "
                   "is assessed only where one has been entered with its source."),
    "section.targets": N_("I. RESULTS AGAINST THE TARGETS"),
    "section.reports": N_("II. TASKS AND REPORTING"),
    "section.problems": N_("III. SHORTCOMINGS"),
    "section.proposals": N_("IV. RECOMMENDATIONS"),
    "see_appendix": N_("(Details in Appendix I; the source of every figure in Appendix II.)"),
    "analyst.problems": N_("[For the analyst to write: shortcomings and their causes. giamngheo makes no judgement "
                         "it cannot compute.]"),
    "analyst.proposals": N_("[For the analyst to write: recommendations to the provincial committee.]"),
    "closing": N_("The {sender} submits this report to the {recipient} for its consideration./."),
    "no_reports": N_("A report about one unit does not follow the departments' reporting deadlines."),
    "appendix": N_("Appendix"),
    "appendix.results": N_("RESULTS AGAINST THE TARGETS AS OF {as_of}"),
    "appendix.figures": N_("THE FIGURES THIS REPORT USES"),
    "generated": N_("Made with giamngheo {version} at {when}, from {submissions} recorded reports{commit}."),
    "commit": N_(" (data at commit {commit})"),
    "commit.dirty": N_(" (data at commit {commit}, with uncommitted changes)"),
    # Sheets and sections of the workbook and the web page
    "sheet.about": N_("About"),
    "sheet.targets": N_("Targets"),
    "sheet.chart": N_("Chart"),
    "sheet.deadlines": N_("Deadlines"),
    "sheet.units": N_("By unit"),
    "sheet.figures": N_("Figures"),
    "about.plan": N_("Plan"),
    "about.as_of": N_("As of"),
    "about.scope": N_("Scope"),
    "about.scope.all": N_("The whole province, every agency"),
    "about.submissions": N_("Recorded reports"),
    "about.figures": N_("Figures used"),
    "about.commit": N_("Data commit (git)"),
    "about.commit.none": N_("none (the data folder is not a git repository)"),
    "about.version": N_("giamngheo version"),
    "about.generated": N_("Made at"),
    "about.summary": N_("Summary"),
    "chart.attainment": N_("Per cent of target"),
    "chart.attainment.note": N_("Only the targets whose per cent of target can be computed; 100 is the target."),
    "chart.timeliness": N_("Reports against deadlines, by agency"),
    "units.title": N_("Figures by unit"),
    "file": N_("Submission file"),
    "figures.title": N_("The figures used, with their files and source documents"),
    # The generated sentences of section I
    "sentence.attained": N_("{name}: {value} as of {as_of}, {pct} of the target ({target}){expected}; "
                          "assessment: {status}. Source: {sources}."),
    "sentence.unmeasured": N_("{name}: {value} as of {as_of}, target {target}; assessment: {status}. Source: {sources}."),
    "sentence.untargeted": N_("{name}: {value} as of {as_of}; no target is set. Source: {sources}."),
    "sentence.no_data": N_("{name}: no figures as of {on} (target {target}; to be reported by {reporters})."),
    "sentence.no_data_untargeted": N_("{name}: no figures as of {on}."),
    "expected": N_("; {pct} was due by {on}"),
    "coverage": N_(", the total of {counted} of {of} units"),
    "committee_of": N_("People's Committee of {place}"),
    "target.decrease": N_("down to {target}"),
    "target.approximate": N_("about {target}"),
    "source.one": N_("{agency}, document {source}"),
    "source.many": N_("{documents} documents from {agencies} agencies and units (details under Figures)"),
    "nobody": N_("nobody named"),
    "summary": N_("As of {on}, of {targets} targets: {achieved} achieved, {on_track} on track, {at_risk} at risk, "
                "{off_track} off track{no_baseline}{partial}, {no_data} without figures."),
    "summary.no_baseline": N_(", {n} not reached (no baseline)"),
    "summary.partial": N_(", {n} not yet reported by every unit"),
    # Section II: who reported on time, late, in part, not at all
    "timeliness.summary": N_("The plan sets {total} reports with a deadline: {on_time} on time, {late} late, "
                           "{partial} in part, {overdue} overdue and not received, {pending} not yet due."),
    "timeliness.on-time": N_("Reported on time"),
    "timeliness.late": N_("Reported late"),
    "timeliness.partial": N_("Reported in part"),
    "timeliness.overdue": N_("Overdue, not reported"),
    "timeliness.pending": N_("Not yet due"),
    "entry.on-time": N_("{agency} (item {item}, due {due}, received {received})"),
    "entry.late": N_("{agency} (item {item}, due {due}, received {received}, {days} days late)"),
    "entry.partial": N_("{agency} (item {item}, due {due}, missing: {missing})"),
    "entry.overdue": N_("{agency} (item {item}, due {due}, {days} days overdue)"),
    "entry.pending": N_("{agency} (item {item}, due {due})"),
    "entry.tasks": N_(", {n} tasks"),
    "done": N_("the task done"),
    "note.approximate": N_("An approximate target (\"khoảng\") counts as achieved within {tolerance}% of it (a giamngheo "
                         "setting, not in the plan)."),
    # The kinds of figure in the tidy table
    "figure.value": N_("value"),
    "figure.base": N_("base"),
}


def word(key: str, lang: str, **values: str) -> str:
    """The words for KEY in LANG, filled in with VALUES (already written out for LANG)."""
    english = WORDS[key]
    text = load_translator(lang).gettext(english) if english else ""  # gettext("") is the catalogue's header
    return text.format(**values) if values else text
