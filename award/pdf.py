"""One small PDF helper (STYLE: Hypha's apply/utils/pdfs.py): a template rendered by WeasyPrint to bytes.

Chinese text needs a CJK font on the machine: Debian's fonts-noto-cjk gives "Noto Serif CJK SC" and
"Noto Sans CJK SC", which templates/pdf/base.html names; WeasyPrint embeds subsets of them.
"""
import gc
import threading

from django.conf import settings
from django.template.loader import render_to_string

_freeze_lock = threading.Lock()
_frozen = False


def render_pdf(*, template_name, context) -> bytes:
    """Render `template_name` (extending templates/pdf/base.html) with `context` into PDF bytes."""
    from weasyprint import HTML  # noqa: PLC0415 — loading Pango is slow and only PDF paths need it

    html = render_to_string(template_name, context)
    pdf = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
    if settings.PDF_COLLECT_GARBAGE:
        _collect_garbage()
    return pdf


def _collect_garbage():
    """Free what a render leaves behind, so a worker child stays small across hundreds of certificates.

    WeasyPrint with Noto CJK leaves about 50-70 MB of cyclic garbage (font data) per render that only the cycle
    collector frees, and it would run too rarely on its own. A full collection over a Django process costs about
    70 ms, most of it walking long-lived objects; so after the first one, what survived (Django, WeasyPrint, the
    loaded fonts) is frozen out of later collections (gc.freeze), which then cost a few milliseconds.
    """
    global _frozen
    gc.collect()
    if not _frozen:
        with _freeze_lock:
            if not _frozen:
                gc.freeze()
                _frozen = True


WARM_UP_HTML = '<html lang="zh-CN"><body style="font-family: \'Noto Serif CJK SC\', serif">荣誉证书</body></html>'


def pdf_warm_up():
    """Load WeasyPrint, Pango and the CJK fonts once, before a worker child takes its first task.

    The first render in a process costs several times a later one (imports, font configuration); a worker child
    pays it at start instead of on a winner's certificate, and the garbage collection that follows freezes the
    loaded state (see `_collect_garbage`).
    """
    from weasyprint import HTML  # noqa: PLC0415 — as in render_pdf

    HTML(string=WARM_UP_HTML).write_pdf()
    if settings.PDF_COLLECT_GARBAGE:
        _collect_garbage()
