#!/usr/bin/python3
"""Fills in a questionnaire Vetted wrote, as a vendor would, with a real spreadsheet program.

    fill-questionnaire.py openpyxl IN.xlsx OUT.xlsx PLAN.json
    fill-questionnaire.py calc IN.xlsx OUTDIR PLAN.json    (LibreOffice Calc, headless: OUTDIR/filled.xlsx, .ods, filled-SHEET.csv)

PLAN.json: {"QUESTION-ID": ["answer word", "comment", "evidence"], ...}. The columns are found by
their headers (either language), as a person reads the sheet; only the cells a vendor may edit
are written. Run with Debian's python3 (python3-openpyxl, python3-uno).
"""
import json
import os
import subprocess
import sys
import tempfile
import time

HEADERS = {
    "id": ("Question ID", "Frage-ID"),
    "answer": ("Answer", "Antwort"),
    "comment": ("Comment", "Kommentar"),
    "evidence": ("Evidence", "Nachweis"),
}


def columns(header_cells):
    """{role: column index} from the header row's texts."""
    found = {}
    for i, text in enumerate(header_cells):
        for role, names in HEADERS.items():
            if (text or "").strip() in names:
                found[role] = i
    missing = set(HEADERS) - set(found)
    if missing:
        raise SystemExit(f"header without {missing}: {header_cells}")
    return found


def with_openpyxl(src, out, plan):
    import openpyxl

    book = openpyxl.load_workbook(src)
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows())
    head = next(i for i, r in enumerate(rows) if (r[0].value or "") in HEADERS["id"])
    cols = columns([c.value for c in rows[head]])
    filled = 0
    for r in rows[head + 1 :]:
        qid = r[cols["id"]].value
        if qid in plan:
            answer, comment, evidence = plan[qid]
            for role, value in (("answer", answer), ("comment", comment), ("evidence", evidence)):
                cell = r[cols[role]]
                assert cell.protection.locked is False, f"{cell.coordinate} is locked"
                if value:
                    cell.value = value
            filled += 1
    book.save(out)
    print(f"filled {filled} rows with openpyxl")


def with_calc(src, outdir, plan):
    import uno
    from com.sun.star.beans import PropertyValue

    def props(**kw):
        out = []
        for k, v in kw.items():
            p = PropertyValue()
            p.Name, p.Value = k, v
            out.append(p)
        return tuple(out)

    profile = tempfile.mkdtemp(prefix="lo-profile-")
    pipe = f"vetted-fill-{os.getpid()}"
    office = subprocess.Popen(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--invisible", "--norestore",
         "--nologo", f"--accept=pipe,name={pipe};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        ctx = None
        for _ in range(300):  # a cold LibreOffice takes a few seconds
            try:
                ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:
                time.sleep(0.1)
        if ctx is None:
            raise SystemExit("LibreOffice did not answer")
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(src)), "_blank", 0, props(Hidden=True))
        sheet = doc.Sheets.getByIndex(0)
        head = next(r for r in range(60) if sheet.getCellByPosition(0, r).getString() in HEADERS["id"])
        cols = columns([sheet.getCellByPosition(c, head).getString() for c in range(20)])
        filled = 0
        for r in range(head + 1, head + 1000):
            qid = sheet.getCellByPosition(cols["id"], r).getString()
            if not qid:
                break
            if qid in plan:
                answer, comment, evidence = plan[qid]
                for role, value in (("answer", answer), ("comment", comment), ("evidence", evidence)):
                    cell = sheet.getCellByPosition(cols[role], r)
                    assert not cell.CellProtection.IsLocked, f"row {r + 1} {role} is locked"
                    if value:
                        cell.setString(value)
                filled += 1
        base = os.path.join(os.path.abspath(outdir), "filled")
        doc.storeToURL(uno.systemPathToFileUrl(base + ".xlsx"), props(FilterName="Calc MS Excel 2007 XML"))
        doc.storeToURL(uno.systemPathToFileUrl(base + ".ods"), props(FilterName="calc8"))
        # the questions sheet as a `;` CSV in UTF-8, as a German Calc or Excel user saves it
        doc.storeToURL(uno.systemPathToFileUrl(base + ".csv"),
                       props(FilterName="Text - txt - csv (StarCalc)", FilterOptions="59,34,76,1,,0,false,true,false,false,false,1"))
        doc.close(True)
        print(f"filled {filled} rows with LibreOffice Calc")
    finally:
        try:
            desktop.terminate()
        except Exception:
            pass
        try:
            office.wait(timeout=20)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    mode, src, out, plan_file = sys.argv[1:5]
    with open(plan_file, encoding="utf-8") as f:
        plan = json.load(f)
    {"openpyxl": with_openpyxl, "calc": with_calc}[mode](src, out, plan)
