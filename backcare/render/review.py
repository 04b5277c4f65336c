"""The review sheet as self-contained HTML (inline CSS, no scripts) or Markdown."""

from html import escape

from backcare.content import Content
from backcare.language import _
from backcare.review import Group, Item, Sheet
from backcare.words import level_word

FORMATS = ("html", "md")
CSS = """
body{font-family:system-ui,sans-serif;margin:1.5rem;color:#111;line-height:1.4}
h1{font-size:1.4rem;margin:0 0 .3rem}h2{font-size:1.1rem;margin:1.6rem 0 .4rem;
border-bottom:2px solid #333}table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border:1px solid #999;padding:.3rem .4rem;vertical-align:top;text-align:left}
th{background:#eee}td.id{width:22%;font-size:.8rem}td.id code{font-size:.85rem;font-weight:bold}
td.id small{display:block;color:#444;margin-top:.2rem}
.status{border:2px solid #b8860b;padding:.5rem;margin:.6rem 0}
.status.done{border-color:#2e7d32}tr{break-inside:avoid}td p{margin:0 0 .3rem}
.f{font-family:monospace;font-size:.75rem;color:#555}
@media print{body{margin:0}h2{break-after:avoid}}
"""


def _title(group: Group) -> str:
    return _(group.title).format(tier=group.name)


def _status(sheet: Sheet) -> tuple[str, bool]:
    review = sheet.review
    if review is None:
        return _("English is the original wording; there is no translation to review."), True
    if review.reviewed_by:
        return _("Reviewed by {who} on {when}.").format(
            who=review.reviewed_by, when=review.reviewed_on or "?"), True
    return _("Not yet reviewed by a clinician."), False


def _heading(sheet: Sheet) -> str:
    return _("backcare content review: {language} ({code})").format(
        language=sheet.name, code=sheet.lang)


def _source(item: Item, content: Content) -> str:
    return f"{item.source}: {content.source_title(item.source)}" if item.source else ""


def _ident(item: Item) -> str:
    return f"{item.id} ({level_word(item.level)})" if item.level else item.id


def _texts(item: Item, which: int) -> str:
    e = escape
    return "".join(f'<p><span class="f">{e(field)}</span> {e(texts[which])}</p>' if field
                   else f"<p>{e(texts[which])}</p>"
                   for field, *texts in item.texts)


def to_html(sheet: Sheet, content: Content) -> str:
    e = escape
    both = sheet.review is not None
    status, done = _status(sheet)
    note = sheet.review.note if sheet.review and sheet.review.note else ""
    intro = _("Each item appears once, with its id and source, in the order the checklist "
              "and the result show them.")
    item, source = _("Item"), _("Source")
    body = [f"<h1>{e(_heading(sheet))}</h1>",
            f'<div class="status{" done" if done else ""}"><strong>{e(status)}</strong>'
            + (f" {e(note)}" if note else "") + "</div>",
            f"<p>{e(intro)}</p>"]
    head = (f"<tr><th>{e(item)} · {e(source)}</th><th>English</th>"
            + (f"<th>{e(sheet.name)}</th>" if both else "") + "</tr>")
    for group in sheet.groups:
        rows = []
        for it in group.items:
            source = _source(it, content)
            rows.append(
                f'<tr><td class="id"><code>{e(_ident(it))}</code>'
                + (f"<small>{e(source)}</small>" if source else "")
                + f'</td><td lang="en">{_texts(it, 0)}</td>'
                + (f'<td lang="{e(sheet.lang)}">{_texts(it, 1)}</td>' if both else "")
                + "</tr>")
        body.append(f"<section><h2>{e(_title(group))}</h2><table>{head}{''.join(rows)}"
                    "</table></section>")
    return (f'<!DOCTYPE html>\n<html lang="{e(sheet.lang)}"><head><meta charset="utf-8">'
            f"<title>{e(_heading(sheet))}</title><style>{CSS}</style></head><body>"
            + "\n".join(body) + "</body></html>\n")


def to_markdown(sheet: Sheet, content: Content) -> str:
    both = sheet.review is not None
    status, _done = _status(sheet)
    note = sheet.review.note if sheet.review and sheet.review.note else ""
    lines = [f"# {_heading(sheet)}", "", f"**{status}**" + (f" {note}" if note else ""), ""]
    for group in sheet.groups:
        lines += [f"## {_title(group)}", ""]
        for it in group.items:
            source = _source(it, content)
            if it.id:
                lines.append(f"### `{_ident(it)}`" + (f" ({source})" if source else ""))
                lines.append("")
            for field, en, tr in it.texts:
                lines.append(f"- English{f' ({field})' if field else ''}: {en}")
                if both:
                    lines.append(f"- {sheet.name}{f' ({field})' if field else ''}: {tr}")
            lines.append("")
    return "\n".join(lines)


def render(sheet: Sheet, content: Content, fmt: str) -> str:
    return to_html(sheet, content) if fmt == "html" else to_markdown(sheet, content)
