"""The review sheet as self-contained HTML (inline CSS, no scripts) or Markdown."""

from html import escape

from backcare.content import Content
from backcare.language import _, ngettext
from backcare.review import CHANGED, STALE, Group, Sheet, SheetItem
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
tr.marked td{background:#fff4e0}td.id strong{display:block;color:#a00;margin-top:.3rem}
@media print{body{margin:0}h2{break-after:avoid}}
"""


def _title(group: Group) -> str:
    return _(group.title).format(tier=group.name)


def _status(sheet: Sheet) -> tuple[str, bool]:
    review = sheet.review
    if review is None:
        return _("English is the original wording; there is no translation to review."), True
    marks = [mark for group in sheet.groups for item in group.items for mark in item.marks]
    stale, changed = marks.count(STALE), marks.count(CHANGED)
    who, when = review.reviewed_by, review.reviewed_on or "?"
    if who and changed:
        said = ngettext("Reviewed by {who} on {when}, but {count} item has changed since: it "
                        "is marked below and needs a new review.",
                        "Reviewed by {who} on {when}, but {count} items have changed since: "
                        "they are marked below and need a new review.", changed).format(
                            who=who, when=when, count=changed)
    elif who:
        said = _("Reviewed by {who} on {when}.").format(who=who, when=when)
    else:
        said = _("Not yet reviewed by a clinician.")
    if stale:
        said += " " + ngettext(
            "{count} item was translated from English that has since changed: it is marked "
            "below, and the screens show its English until it is translated again.",
            "{count} items were translated from English that has since changed: they are "
            "marked below, and the screens show their English until they are translated "
            "again.", stale).format(count=stale)
    return said, bool(who) and not changed and not stale


def _heading(sheet: Sheet) -> str:
    return _("backcare content review: {language} ({code})").format(
        language=sheet.name, code=sheet.lang)


def _source(item: SheetItem, content: Content) -> str:
    return f"{item.source}: {content.source_title(item.source)}" if item.source else ""


def _ident(item: SheetItem) -> str:
    return f"{item.id} ({level_word(item.level)})" if item.level else item.id


def _texts(item: SheetItem, which: int) -> str:
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
                ('<tr class="marked">' if it.marks else "<tr>")
                + f'<td class="id"><code>{e(_ident(it))}</code>'
                + (f"<small>{e(source)}</small>" if source else "")
                + "".join(f"<strong>{e(_(mark))}</strong>" for mark in it.marks)
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
                lines += [f"**{_(mark)}**\n" for mark in it.marks]
            for field, en, tr in it.texts:
                lines.append(f"- English{f' ({field})' if field else ''}: {en}")
                if both:
                    lines.append(f"- {sheet.name}{f' ({field})' if field else ''}: {tr}")
            lines.append("")
    return "\n".join(lines)


def render(sheet: Sheet, content: Content, fmt: str) -> str:
    return to_html(sheet, content) if fmt == "html" else to_markdown(sheet, content)
