"""`python -m local.preview_mail [folder]` (make preview-mail): every message kind in every language, as the demo
organisation sends it, written as HTML files (and an index.html) into a folder, default mail-preview/."""

from __future__ import annotations

import html
import sys
from pathlib import Path

LAYER = Path(__file__).resolve().parents[1] / "layers" / "common"


def main(argv: list[str] | None = None) -> int:
    if str(LAYER) not in sys.path:
        sys.path.insert(0, str(LAYER))
    from crm import messages
    from local.runtime import DEMO_ORGANISATION

    folder = Path((argv if argv is not None else sys.argv[1:] or ["mail-preview"])[0])
    folder.mkdir(parents=True, exist_ok=True)
    look = messages.Look(messages.Brand(DEMO_ORGANISATION))
    rows = []
    for kind, parts in messages.KINDS.items():
        for language in messages.LANGUAGES:
            mail = messages.render_email(kind, language, messages.SAMPLE_VALUES[kind], look)
            name = f"{kind.lower()}.{language.lower()}"
            (folder / f"{name}.html").write_text(mail.html, encoding="utf-8")
            (folder / f"{name}.txt").write_text(f"Subject: {mail.subject}\n\n{mail.text}", encoding="utf-8")
            sms = ""
            if messages.SMS_PART in parts:
                text = messages.render_sms(kind, language, messages.SAMPLE_VALUES[kind], look)
                segments = messages.sms_segments(text)
                sms = f"{html.escape(text)} ({segments.encoding}, {segments.count} segment(s))"
            rows.append(
                f'<tr><td>{kind}</td><td>{language}</td><td><a href="{name}.html">{html.escape(mail.subject)}</a>'
                f'</td><td><a href="{name}.txt">text</a></td><td>{sms}</td></tr>'
            )
    for page in messages.PAGES:
        for language in messages.LANGUAGES:
            name = f"page.{page}.{language.lower()}"
            (folder / f"{name}.html").write_text(messages.render_page(page, language, look.brand), encoding="utf-8")
            rows.append(f'<tr><td>page {page}</td><td>{language}</td><td><a href="{name}.html">page</a></td></tr>')
    (folder / "index.html").write_text(
        '<!doctype html><meta charset="utf-8"><title>Mail preview</title><table border="1" cellpadding="4">'
        "<tr><th>kind</th><th>language</th><th>HTML</th><th>text</th><th>SMS</th></tr>" + "".join(rows) + "</table>",
        encoding="utf-8",
    )
    print(f"{len(rows)} previews in {folder}/index.html")
    return 0


if __name__ == "__main__":
    sys.exit(main())
