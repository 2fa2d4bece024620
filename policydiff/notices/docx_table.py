"""The 新旧対照表 as a Word file: a real table with underlined runs a legal team can edit."""

from __future__ import annotations

import io


def _landscape_a4(doc) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(sec, side, Mm(15))


def _east_asian_font(doc, name: str) -> None:
    from docx.oxml.ns import qn

    style = doc.styles["Normal"]
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)


def _repeat_header(row) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _fill(cell, lines) -> None:
    cell.paragraphs[0].text = ""
    for k, line in enumerate(lines):
        para = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
        for seg in line:
            run = para.add_run(seg.text)
            if seg.changed:
                run.underline = True


def render_docx(ctx: dict) -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    doc = docx.Document()
    _landscape_a4(doc)
    _east_asian_font(doc, "ＭＳ 明朝")
    doc.styles["Normal"].font.size = Pt(10.5)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run(ctx["title"]).bold = True
    caption = doc.add_paragraph(ctx["caption"])
    caption.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    widths = (Mm(113), Mm(113), Mm(41))
    for cell, text, width in zip(table.rows[0].cells, ctx["headers"], widths, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        cell.width = width
    _repeat_header(table.rows[0])
    for row in ctx["rows"]:
        cells = table.add_row().cells
        _fill(cells[0], row["left"])
        _fill(cells[1], row["right"])
        cells[2].paragraphs[0].text = row["note"]
        for cell, width in zip(cells, widths, strict=True):
            cell.width = width
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
