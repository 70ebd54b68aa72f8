"""The minutes as DOCX: the same words as the PDF (one context), for the
office's own filing; the sealed PDF remains the signed original."""

from __future__ import annotations

import io

from signing.exports.docx_common import new_document, paragraph, to_bytes

CLUSTER_ROLE = {"chair": "Cụm trưởng", "deputy": "Cụm phó"}


def minutes_docx(context: dict, images: dict[str, bytes]) -> bytes:
    from docx.shared import Mm

    document = new_document()
    head = document.add_table(rows=1, cols=2)
    left, right = head.rows[0].cells
    left.paragraphs[0].text = ""
    paragraph(left, context["issuing_body"], bold=True, center=True, size=13)
    paragraph(left, context["number_line"], center=True, size=13)
    paragraph(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, center=True, size=13)
    paragraph(right, "Độc lập - Tự do - Hạnh phúc", bold=True, center=True, size=14)
    paragraph(document, "BIÊN BẢN", bold=True, center=True)
    paragraph(document, context["conference"], bold=True, center=True)
    paragraph(document, f"Thời gian bắt đầu: {context['start_line']}.", indent=True)
    paragraph(document, f"Địa điểm: {context['place']}.", indent=True)
    units = "; ".join(
        u["name"] + (f" ({CLUSTER_ROLE[u['cluster_role']]})" if u["cluster_role"] else "")
        for u in context["units_present"]
    )
    paragraph(
        document,
        f"Thành phần tham dự: đại diện {len(context['units_present'])} đơn vị thành viên: "
        f"{units}. Tổng số {context['present_count']} người, theo vai trò:",
        indent=True,
    )
    for group in context["attendance"]:
        people = "; ".join(
            f"{p['name']} – {p['title']}" + (f", {p['unit']}" if p["unit"] else "")
            for p in group["people"]
        )
        paragraph(document, f"{group['role']} ({group['count']}): {people}.", indent=True)
    if context["from_registrations"]:
        paragraph(document, "(Không có dữ liệu điểm danh: thành phần theo đăng ký.)", italic=True)
    chairs = "; ".join(
        f"{c['name']}, {c['title']} {c['unit']}"
        + (f" ({CLUSTER_ROLE[c['cluster_role']]})" if c["cluster_role"] else "")
        for c in context["chairs"]
    )
    paragraph(document, f"Chủ trì (chủ tọa): {chairs}.", indent=True)
    secretary = context["secretary"]
    paragraph(
        document,
        f"Thư ký (người ghi biên bản): {secretary['name']}"
        + (f", {secretary['title']}" if secretary["title"] else "")
        + ".",
        indent=True,
    )
    paragraph(document, "Nội dung (theo diễn biến hội nghị):", bold=True)
    if context["times_planned"]:
        paragraph(document, "(Thời gian theo chương trình dự kiến.)", italic=True)
    for text in context["opening"]:
        paragraph(document, text, indent=True)
    for row in context["content"]:
        title = f"{row['number']}. {row['title']}" + (f" ({row['times']})" if row["times"] else "")
        paragraph(document, title, bold=True)
        for text in row["paragraphs"]:
            paragraph(document, text, indent=True)
    if context["adopted"]:
        paragraph(document, "Hội nghị đã thông qua:", bold=True)
        for line in context["adopted"]:
            paragraph(document, f"- {line}", indent=True)
    covenant = context["covenant"]
    if covenant["title"]:
        paragraph(document, "Giao ước thi đua:", bold=True)
        if covenant["signed"]:
            paragraph(
                document,
                f"{covenant['title']} được {len(covenant['signed'])}/{covenant['total']} "
                "đơn vị ký kết:",
                indent=True,
            )
            for s in covenant["signed"]:
                paragraph(document, f"- {s['unit']}: {s['name']}, {s['title']}", indent=True)
        else:
            paragraph(document, f"{covenant['title']} chưa được ký kết.", indent=True)
    for text in context["other"]:
        paragraph(document, text, indent=True)
    paragraph(document, f"Hội nghị kết thúc vào {context['end_line']}./.", indent=True)
    signs = document.add_table(rows=1, cols=2)
    for cell, key, role in zip(
        signs.rows[0].cells, ("secretary", "chair"), ("THƯ KÝ", "CHỦ TỌA"), strict=True
    ):
        data = context[key]
        paragraph(cell, role, bold=True, center=True)
        paragraph(cell, "(Chữ ký)", italic=True, center=True)
        if data["image"] and data["image"] in images:
            cell.add_paragraph().add_run().add_picture(
                io.BytesIO(images[data["image"]]), height=Mm(20)
            )
        else:
            paragraph(cell, "")
            paragraph(cell, "")
        paragraph(cell, data["name"], bold=True, center=True)
    return to_bytes(document)
