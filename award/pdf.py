"""One small PDF helper (STYLE: Hypha's apply/utils/pdfs.py): a template rendered by WeasyPrint to bytes.

Chinese text needs a CJK font on the machine: Debian's fonts-noto-cjk gives "Noto Serif CJK SC" and
"Noto Sans CJK SC", which templates/pdf/base.html names; WeasyPrint embeds subsets of them.
"""
from django.conf import settings
from django.template.loader import render_to_string


def render_pdf(*, template_name, context) -> bytes:
    """Render `template_name` (extending templates/pdf/base.html) with `context` into PDF bytes."""
    from weasyprint import HTML  # imported here: loading Pango is slow and only PDF paths need it

    html = render_to_string(template_name, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
