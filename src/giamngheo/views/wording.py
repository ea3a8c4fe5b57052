"""The report's words, in Vietnamese and English: headings, the generated sentences, and the
marked places left to the analyst. One place for both languages.

The Word template is built from these (scripts/make-report-template); once shipped, a
province edits the template itself. The sentences are templates for `str.format`: every
value is already written out as the reader's language writes it.
"""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
    # Who writes to whom: the issuer's names live in the Word template, which a province edits
    # when its departments are renamed; these are the shipped template's first words.
    "doc.parent": ("UBND TỈNH THANH HOÁ", "THANH HOÁ PROVINCIAL PEOPLE'S COMMITTEE"),
    "doc.issuer": ("SỞ LAO ĐỘNG - THƯƠNG BINH\nVÀ XÃ HỘI", "DEPARTMENT OF LABOUR,\nINVALIDS AND\nSOCIAL AFFAIRS"),
    "doc.nation": ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SOCIALIST REPUBLIC OF VIETNAM"),
    "doc.motto": ("Độc lập - Tự do - Hạnh phúc", "Independence - Freedom - Happiness"),
    "doc.number": ("Số:        /BC-SLĐTBXH", "No.:        /BC-SLĐTBXH"),
    "doc.place_date": ("Thanh Hoá, ngày      tháng      năm {{ year }}", "Thanh Hoá,            {{ year }}"),
    "doc.sender": ("Sở Lao động - Thương binh và Xã hội", "Department of Labour, Invalids and Social Affairs"),
    "doc.recipient": ("Ủy ban nhân dân tỉnh Thanh Hoá", "People's Committee of Thanh Hoá province"),
    "doc.received_by": ("Nơi nhận:", "Copies to:"),
    "doc.recipients": ("- Như trên;\n- Giám đốc Sở (để b/c);\n- Lưu: VT, BTXH.",
                       "- As above;\n- The Director (for information);\n- Archive: VT, BTXH."),
    "doc.signer_title": ("GIÁM ĐỐC", "DIRECTOR"),
    "doc.signer_name": ("", ""),
    "doc.attached": ("(Kèm theo Báo cáo số        /BC-SLĐTBXH ngày      tháng      năm {{ year }}\n"
                     "của Sở Lao động - Thương binh và Xã hội)",
                     "(Attached to Report No.        /BC-SLĐTBXH of            {{ year }}\n"
                     "of the Department of Labour, Invalids and Social Affairs)"),
    # The document
    "kind": ("BÁO CÁO", "REPORT"),
    "subject": ("Kết quả thực hiện Kế hoạch số {number} ngày {date} của {issuer} về {title}",
                "Results of Plan {number} of {date} of the {issuer}: {title}"),
    "addressee": ("Kính gửi: {recipient}.", "To: the {recipient}."),
    "opening": ("Thực hiện Kế hoạch số {number} ngày {date} của {issuer} về {title}, {sender} báo cáo kết quả "
                "thực hiện đến ngày {as_of} như sau:",
                "Under Plan {number} of {date} of the {issuer} ({title}), the {sender} reports the results "
                "as of {as_of}:"),
    "scope.agency": ("Báo cáo này chỉ gồm các chỉ tiêu và nhiệm vụ của {agency}.",
                     "This report covers only the targets and tasks of the {agency}."),
    "scope.unit": ("Báo cáo này về {unit}: số liệu báo cáo cho đơn vị, nếu không có thì cộng các đơn vị trực thuộc; "
                   "chỉ đánh giá khi có chỉ tiêu giao kèm văn bản nguồn.",
                   "This report is about {unit}: the figures reported for it, else the total of its units; a target "
                   "is assessed only where one has been entered with its source."),
    "section.targets": ("I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", "I. RESULTS AGAINST THE TARGETS"),
    "section.reports": ("II. TÌNH HÌNH THỰC HIỆN NHIỆM VỤ VÀ CHẾ ĐỘ BÁO CÁO", "II. TASKS AND REPORTING"),
    "section.problems": ("III. TỒN TẠI, HẠN CHẾ", "III. SHORTCOMINGS"),
    "section.proposals": ("IV. KIẾN NGHỊ, ĐỀ XUẤT", "IV. RECOMMENDATIONS"),
    "see_appendix": ("(Chi tiết tại Phụ lục I kèm theo; nguồn của từng số liệu tại Phụ lục II.)",
                     "(Details in Appendix I; the source of every figure in Appendix II.)"),
    "analyst.problems": ("[Phần dành cho cán bộ tổng hợp: nêu những tồn tại, hạn chế và nguyên nhân. "
                         "giamngheo không tự đưa ra nhận định.]",
                         "[For the analyst to write: shortcomings and their causes. giamngheo makes no judgement "
                         "it cannot compute.]"),
    "analyst.proposals": ("[Phần dành cho cán bộ tổng hợp: nêu các kiến nghị, đề xuất với UBND tỉnh.]",
                          "[For the analyst to write: recommendations to the provincial committee.]"),
    "closing": ("{sender} báo cáo {recipient} xem xét, chỉ đạo./.",
                "The {sender} submits this report to the {recipient} for its consideration./."),
    "no_reports": ("Báo cáo về một đơn vị không theo dõi thời hạn báo cáo của các sở, ngành.",
                   "A report about one unit does not follow the departments' reporting deadlines."),
    "appendix": ("Phụ lục", "Appendix"),
    "appendix.results": ("KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU ĐẾN NGÀY {as_of}", "RESULTS AGAINST THE TARGETS AS OF {as_of}"),
    "appendix.figures": ("SỐ LIỆU SỬ DỤNG TRONG BÁO CÁO", "THE FIGURES THIS REPORT USES"),
    "generated": ("Lập bằng giamngheo {version} lúc {when}, từ {submissions} báo cáo đã ghi nhận{commit}.",
                  "Made with giamngheo {version} at {when}, from {submissions} recorded reports{commit}."),
    "commit": (" (dữ liệu tại commit {commit})", " (data at commit {commit})"),
    "commit.dirty": (" (dữ liệu tại commit {commit}, có thay đổi chưa commit)",
                     " (data at commit {commit}, with uncommitted changes)"),
    # Sheets and sections of the workbook and the web page
    "sheet.about": ("Thông tin", "About"),
    "sheet.targets": ("Chỉ tiêu", "Targets"),
    "sheet.chart": ("Biểu đồ", "Chart"),
    "sheet.deadlines": ("Thời hạn báo cáo", "Deadlines"),
    "sheet.units": ("Theo đơn vị", "By unit"),
    "sheet.figures": ("Số liệu", "Figures"),
    "about.plan": ("Kế hoạch", "Plan"),
    "about.as_of": ("Số liệu đến ngày", "As of"),
    "about.scope": ("Phạm vi", "Scope"),
    "about.scope.all": ("Toàn tỉnh, mọi cơ quan", "The whole province, every agency"),
    "about.submissions": ("Số báo cáo đã ghi nhận", "Recorded reports"),
    "about.figures": ("Số liệu sử dụng", "Figures used"),
    "about.commit": ("Commit của dữ liệu (git)", "Data commit (git)"),
    "about.commit.none": ("không có (thư mục dữ liệu không phải kho git)", "none (the data folder is not a git repository)"),
    "about.version": ("Phiên bản giamngheo", "giamngheo version"),
    "about.generated": ("Lập lúc", "Made at"),
    "about.summary": ("Tóm tắt", "Summary"),
    "chart.attainment": ("Tỷ lệ % so với kế hoạch", "Per cent of target"),
    "chart.attainment.note": ("Chỉ các chỉ tiêu tính được tỷ lệ % so với kế hoạch; 100 là mức kế hoạch.",
                              "Only the targets whose per cent of target can be computed; 100 is the target."),
    "chart.timeliness": ("Báo cáo theo thời hạn, theo cơ quan", "Reports against deadlines, by agency"),
    "units.title": ("Số liệu theo đơn vị", "Figures by unit"),
    "file": ("Tệp số liệu", "Submission file"),
    "figures.title": ("Số liệu sử dụng, kèm tệp và văn bản nguồn", "The figures used, with their files and source documents"),
    # The generated sentences of section I
    "sentence.attained": ("{name}: thực hiện {value} (số liệu đến ngày {as_of}), đạt {pct} so với kế hoạch "
                          "({target}){expected}; đánh giá: {status}. Nguồn: {sources}.",
                          "{name}: {value} as of {as_of}, {pct} of the target ({target}){expected}; "
                          "assessment: {status}. Source: {sources}."),
    "sentence.unmeasured": ("{name}: thực hiện {value} (số liệu đến ngày {as_of}), kế hoạch {target}; "
                            "đánh giá: {status}. Nguồn: {sources}.",
                            "{name}: {value} as of {as_of}, target {target}; assessment: {status}. Source: {sources}."),
    "sentence.untargeted": ("{name}: thực hiện {value} (số liệu đến ngày {as_of}); chưa có chỉ tiêu giao. "
                            "Nguồn: {sources}.",
                            "{name}: {value} as of {as_of}; no target is set. Source: {sources}."),
    "sentence.no_data": ("{name}: chưa có số liệu đến ngày {on} (kế hoạch {target}; cơ quan báo cáo: {reporters}).",
                         "{name}: no figures as of {on} (target {target}; to be reported by {reporters})."),
    "sentence.no_data_untargeted": ("{name}: chưa có số liệu đến ngày {on}.", "{name}: no figures as of {on}."),
    "expected": (", tiến độ cần đạt đến ngày {on} là {pct}", "; {pct} was due by {on}"),
    "coverage": (", tổng của {counted}/{of} đơn vị", ", the total of {counted} of {of} units"),
    "committee_of": ("UBND {place}", "People's Committee of {place}"),
    "target.decrease": ("giảm xuống còn {target}", "down to {target}"),
    "target.approximate": ("khoảng {target}", "about {target}"),
    "source.one": ("{agency}, văn bản số {source}", "{agency}, document {source}"),
    "source.many": ("{documents} văn bản của {agencies} cơ quan, đơn vị (chi tiết tại phần Số liệu)",
                    "{documents} documents from {agencies} agencies and units (details under Figures)"),
    "nobody": ("chưa giao", "nobody named"),
    "summary": ("Đến ngày {on}, trong {targets} chỉ tiêu: {achieved} đạt, {on_track} đúng tiến độ, {at_risk} có nguy cơ, "
                "{off_track} chậm tiến độ{no_baseline}{partial}, {no_data} chưa có số liệu.",
                "As of {on}, of {targets} targets: {achieved} achieved, {on_track} on track, {at_risk} at risk, "
                "{off_track} off track{no_baseline}{partial}, {no_data} without figures."),
    "summary.no_baseline": (", {n} chưa đạt (không có số gốc)", ", {n} not reached (no baseline)"),
    "summary.partial": (", {n} chưa đủ đơn vị báo cáo", ", {n} not yet reported by every unit"),
    # Section II: who reported on time, late, in part, not at all
    "timeliness.summary": ("Kế hoạch giao {total} lượt báo cáo có thời hạn: {on_time} đúng hạn, {late} chậm, "
                           "{partial} mới nhận một phần, {overdue} quá hạn chưa nhận, {pending} chưa đến hạn.",
                           "The plan sets {total} reports with a deadline: {on_time} on time, {late} late, "
                           "{partial} in part, {overdue} overdue and not received, {pending} not yet due."),
    "timeliness.on-time": ("Báo cáo đúng hạn", "Reported on time"),
    "timeliness.late": ("Báo cáo chậm", "Reported late"),
    "timeliness.partial": ("Báo cáo chưa đủ", "Reported in part"),
    "timeliness.overdue": ("Quá hạn, chưa báo cáo", "Overdue, not reported"),
    "timeliness.pending": ("Chưa đến hạn", "Not yet due"),
    "entry.on-time": ("{agency} (mục {item}, hạn {due}, nhận ngày {received})",
                      "{agency} (item {item}, due {due}, received {received})"),
    "entry.late": ("{agency} (mục {item}, hạn {due}, nhận ngày {received}, chậm {days} ngày)",
                   "{agency} (item {item}, due {due}, received {received}, {days} days late)"),
    "entry.partial": ("{agency} (mục {item}, hạn {due}, còn thiếu: {missing})",
                      "{agency} (item {item}, due {due}, missing: {missing})"),
    "entry.overdue": ("{agency} (mục {item}, hạn {due}, quá hạn {days} ngày)",
                      "{agency} (item {item}, due {due}, {days} days overdue)"),
    "entry.pending": ("{agency} (mục {item}, hạn {due})", "{agency} (item {item}, due {due})"),
    "entry.tasks": (", {n} nhiệm vụ", ", {n} tasks"),
    "done": ("hoàn thành nhiệm vụ", "the task done"),
    "note.approximate": ("Chỉ tiêu \"khoảng\": coi là đạt khi trong phạm vi {tolerance}% (thiết lập của giamngheo, "
                         "không có trong kế hoạch).",
                         "An approximate target (\"khoảng\") counts as achieved within {tolerance}% of it (a giamngheo "
                         "setting, not in the plan)."),
    # The kinds of figure in the tidy table
    "figure.value": ("giá trị", "value"),
    "figure.base": ("mẫu số", "base"),
}


def word(key: str, lang: str, **values: str) -> str:
    """The words for KEY in LANG, filled in with VALUES (already written out for LANG)."""
    vi, en = WORDS[key]
    text = en if lang == "en" else vi
    return text.format(**values) if values else text
