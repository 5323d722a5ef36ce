"""Checking evidence by content (award.uploads): the cost an applicant waits for on every upload."""
import io
import time

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter

from award.uploads import inspect_evidence_file


def _pdf(pages):
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def bench_inspect_pdf_by_page_count():
    """A 10-page and a 300-page PDF: parsing plus the JavaScript scan over every object."""
    figures = {}
    for pages in (10, 300):
        data = _pdf(pages)
        started = time.perf_counter()
        inspect_evidence_file(SimpleUploadedFile("材料.pdf", data), max_bytes=50 * 1024 * 1024)
        figures[f"{pages} pages (s)"] = time.perf_counter() - started
        figures[f"{pages} pages size (KiB)"] = len(data) // 1024
    return figures


def bench_inspect_scanned_image():
    """A 4000×3000 JPEG, the size of a phone photo of a certificate: full decode."""
    buffer = io.BytesIO()
    Image.effect_noise((4000, 3000), 40).convert("RGB").save(buffer, format="JPEG", quality=85)
    started = time.perf_counter()
    inspect_evidence_file(SimpleUploadedFile("证书.jpg", buffer.getvalue()), max_bytes=50 * 1024 * 1024)
    return {"decode (s)": time.perf_counter() - started, "size (KiB)": len(buffer.getvalue()) // 1024}
