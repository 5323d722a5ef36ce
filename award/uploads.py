"""Checks on an uploaded piece of evidence (证实性材料) before anything is stored (SPEC §4, Art. 19(一)).

A file is judged by its content, never by its name or the content type the browser declared: PDFs must parse with
pypdf and carry neither encryption, JavaScript, a /Launch action, actions run on opening (/OpenAction other than
going to a page, /AA) nor embedded files (/EmbeddedFiles, /FileAttachment) — what a viewer could run or drop on
the reviewer's machine; JPEG and PNG images must decode completely. The name's extension
must agree with what the content is. Files are size-limited and fingerprinted with SHA-256, so later tampering
with the stored copy shows. A bad file raises ValidationError with a message the applicant can act on; this module
stores nothing.
"""
import contextlib
import hashlib
import logging
import os
import threading
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageFile
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

logger = logging.getLogger(__name__)

__all__ = ["CheckedFile", "inspect_evidence_file", "sha256_of"]

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"

# Magic bytes at the very start of the file decide the type.
_SIGNATURES = ((b"%PDF-", PDF), (b"\x89PNG\r\n\x1a\n", PNG), (b"\xff\xd8\xff", JPEG))
_EXTENSIONS = {PDF: (".pdf",), JPEG: (".jpg", ".jpeg"), PNG: (".png",)}
_PIL_FORMATS = {JPEG: "JPEG", PNG: "PNG"}
_TYPE_NAMES = {PDF: "PDF", JPEG: "JPEG", PNG: "PNG"}
_CHUNK = 64 * 1024
# Pillow's own default, used if a deployment has switched Pillow's global guard off.
_DEFAULT_MAX_IMAGE_PIXELS = 89_478_485
# A PDF whose object graph is larger than this is refused rather than half inspected.
_MAX_PDF_OBJECTS = 200_000
_JAVASCRIPT_KEYS = frozenset({"/JS", "/JavaScript"})
_LAUNCH_ACTIONS = frozenset({"/Launch", "/ImportData"})
_EMBEDDED_FILE_KEYS = frozenset({"/EmbeddedFiles", "/EF", "/EmbeddedFile"})
# What each finding is called, most serious first: the refusal names the first one found.
_PDF_DANGERS = ("javascript", "launch", "embedded_file", "auto_action")


@dataclass(frozen=True)
class CheckedFile:
    """What the checks found: the type detected from the content, the size in bytes and the SHA-256 (hex)."""

    content_type: str
    size: int
    sha256: str


def sha256_of(file):
    """SHA-256 (hex) of the whole file, read from the start; the file is rewound afterwards."""
    digest = hashlib.sha256()
    for chunk in _chunks(file):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def inspect_evidence_file(uploaded_file, *, max_bytes):
    """SPEC §4: check an uploaded evidence file by its content and return its type, size and SHA-256.

    Raises ValidationError (with a code: empty, too_large, unknown_type, extension_mismatch, pdf_unreadable,
    pdf_encrypted, pdf_javascript, pdf_launch, pdf_embedded_file, pdf_auto_action, image_unreadable, image_too_many_pixels) and changes nothing. The file is rewound
    before returning or raising.
    """
    name = os.path.basename(getattr(uploaded_file, "name", "") or "")
    try:
        return _inspect(uploaded_file, name=name, max_bytes=max_bytes)
    finally:
        uploaded_file.seek(0)


def _inspect(file, *, name, max_bytes):
    declared_size = getattr(file, "size", None)
    if declared_size is not None and declared_size > max_bytes:
        raise _too_large(name, max_bytes)

    digest = hashlib.sha256()
    size = 0
    head = b""
    for chunk in _chunks(file):
        size += len(chunk)
        if size > max_bytes:
            raise _too_large(name, max_bytes)
        if len(head) < 16:
            head += chunk[: 16 - len(head)]
        digest.update(chunk)
    if size == 0:
        raise ValidationError(_("文件“%(name)s”是空文件,请重新选择。"), code="empty", params={"name": name})

    content_type = next((kind for magic, kind in _SIGNATURES if head.startswith(magic)), None)
    if content_type is None:
        raise ValidationError(
            _("文件“%(name)s”不是可接受的格式。证实性材料只接受 PDF、JPEG 或 PNG 文件(按文件内容识别,而非文件名)。"),
            code="unknown_type",
            params={"name": name},
        )
    extension = os.path.splitext(name)[1].lower()
    if extension not in _EXTENSIONS[content_type]:
        raise ValidationError(
            _("文件“%(name)s”的内容是 %(type)s,与文件扩展名不符。请使用正确的扩展名(%(extensions)s)后重新上传。"),
            code="extension_mismatch",
            params={
                "name": name,
                "type": _TYPE_NAMES[content_type],
                "extensions": "、".join(_EXTENSIONS[content_type]),
            },
        )

    file.seek(0)
    if content_type == PDF:
        _check_pdf(file, name=name)
    else:
        _check_image(file, name=name, content_type=content_type)
    return CheckedFile(content_type=content_type, size=size, sha256=digest.hexdigest())


def _chunks(file):
    file.seek(0)
    while True:
        chunk = file.read(_CHUNK)
        if not chunk:
            return
        yield chunk


def _too_large(name, max_bytes):
    return ValidationError(
        _("文件“%(name)s”超过大小上限 %(limit)s MB,请压缩或拆分后重新上传。"),
        code="too_large",
        params={"name": name, "limit": f"{max_bytes / (1024 * 1024):g}"},
    )


def _check_pdf(file, *, name):
    unreadable = ValidationError(
        _("文件“%(name)s”无法作为 PDF 打开,可能已损坏。请重新导出 PDF 后上传。"),
        code="pdf_unreadable",
        params={"name": name},
    )
    try:
        reader = PdfReader(file)
        encrypted = reader.is_encrypted
    except Exception as exc:
        logger.info("evidence PDF %r does not parse: %s", name, exc)
        raise unreadable from None
    if encrypted:
        raise ValidationError(
            _("文件“%(name)s”是加密或设置了密码的 PDF。请去除密码和权限限制后重新上传。"),
            code="pdf_encrypted",
            params={"name": name},
        )
    try:
        if len(reader.pages) == 0:
            raise ValueError("no pages")
        dangers = _pdf_dangers(reader)
    except Exception as exc:
        logger.info("evidence PDF %r does not parse: %s", name, exc)
        raise unreadable from None
    for danger in _PDF_DANGERS:
        if danger in dangers:
            raise ValidationError(_pdf_danger_message(danger), code=f"pdf_{danger}", params={"name": name})


def _pdf_danger_message(danger):
    return {
        "javascript": _("文件“%(name)s”含有 JavaScript 脚本,出于安全原因不予接收。请另存为不含脚本的 PDF 后重新上传。"),
        "launch": _("文件“%(name)s”含有启动外部程序的动作(/Launch),出于安全原因不予接收。"
                    "请用“打印为 PDF”另存为普通 PDF 后重新上传。"),
        "embedded_file": _("文件“%(name)s”内嵌了附件文件,出于安全原因不予接收。"
                           "请把附件作为单独的证实性材料上传,并另存为不含附件的 PDF。"),
        "auto_action": _("文件“%(name)s”含有打开时自动执行的动作(如自动打开网址),出于安全原因不予接收。"
                         "请用“打印为 PDF”另存为普通 PDF 后重新上传。"),
    }[danger]


def _pdf_dangers(reader):
    """What of `_PDF_DANGERS` the PDF holds: JavaScript actions or names, /Launch (or /ImportData) actions, embedded
    files (/EmbeddedFiles, /EF, /FileAttachment annotations) and actions run without a click (/AA anywhere, an
    /OpenAction that is an action other than /GoTo). A link a reader clicks (/URI in an annotation) is fine.

    Walks every object reachable from the trailer (the catalog's names tree, OpenAction, additional actions,
    pages, annotations, form fields, outlines) and every object listed in the cross-reference tables, so an
    orphaned or indirectly referenced action is found too. Names are compared after pypdf decodes `#xx` escapes.
    Stream contents are not decoded: a viewer runs actions only through action dictionaries.
    """
    stack = [reader.trailer]
    for generation, objects in reader.xref.items():
        stack.extend(IndirectObject(idnum, generation, reader) for idnum in objects)
    stack.extend(IndirectObject(idnum, 0, reader) for idnum in reader.xref_objStm)
    seen = set()
    visited = 0
    found = set()
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            visited += 1
            if visited > _MAX_PDF_OBJECTS:
                raise ValueError("too many objects to inspect")
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):
            for dict_key, value in obj.items():
                if dict_key in _JAVASCRIPT_KEYS or (dict_key == "/S" and value == "/JavaScript"):
                    found.add("javascript")
                elif dict_key == "/S" and value in _LAUNCH_ACTIONS:
                    found.add("launch")
                elif dict_key in _EMBEDDED_FILE_KEYS or (dict_key in ("/Subtype", "/Type") and value in (
                        "/FileAttachment", "/EmbeddedFile")):
                    found.add("embedded_file")
                elif dict_key == "/AA":
                    found.add("auto_action")
                elif dict_key == "/OpenAction":
                    action = value.get_object()
                    if isinstance(action, DictionaryObject) and action.get("/S") != "/GoTo":
                        found.add("auto_action")
                stack.append(value)
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)
    return found


def _check_image(file, *, name, content_type):
    unreadable = ValidationError(
        _("图片“%(name)s”无法完整解码,可能已损坏或不完整。请重新导出图片后上传。"),
        code="image_unreadable",
        params={"name": name},
    )
    too_many_pixels = ValidationError(
        _("图片“%(name)s”像素过多(超过 %(limit)s 万像素),请缩小尺寸后重新上传。"),
        code="image_too_many_pixels",
        params={"name": name, "limit": _max_image_pixels() // 10_000},
    )
    limit = _max_image_pixels()
    try:
        with warnings.catch_warnings():
            # Pillow warns above MAX_IMAGE_PIXELS and raises above twice that; refuse at the warning.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                if image.format != _PIL_FORMATS[content_type]:
                    raise unreadable
                width, height = image.size
                if width * height > limit:
                    raise too_many_pixels
                image.verify()
            file.seek(0)
            with _strict_decoding(), Image.open(file) as image:
                image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_many_pixels from None
    except Exception as exc:
        logger.info("evidence image %r does not decode: %s", name, exc)
        raise unreadable from None


_STRICT = threading.Lock()


@contextlib.contextmanager
def _strict_decoding():
    """WeasyPrint sets Pillow's process-wide LOAD_TRUNCATED_IMAGES on import; a truncated upload must still fail."""
    with _STRICT:
        previous = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = previous


def _max_image_pixels():
    return Image.MAX_IMAGE_PIXELS or _DEFAULT_MAX_IMAGE_PIXELS
