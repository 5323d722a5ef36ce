"""A corpus of uploads an attacker would try, each with whether it is dangerous (issue 11): used by the upload
tests and counted by `make security`. Built with pypdf and Pillow, never downloaded."""
import io

from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)


def pdf_bytes(customize=None):
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if customize:
        customize(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _name(value):
    return NameObject(value)


def _action(kind, **fields):
    action = DictionaryObject({_name("/S"): _name(kind)})
    for key, value in fields.items():
        action[_name(f"/{key}")] = value
    return action


def open_action(action):
    def customize(writer):
        writer._root_object[_name("/OpenAction")] = writer._add_object(action)
    return customize


def page_additional_action(action):
    def customize(writer):
        writer.pages[0][_name("/AA")] = DictionaryObject({_name("/O"): action})
    return customize


def link_annotation(action):
    def customize(writer):
        annotation = DictionaryObject({
            _name("/Type"): _name("/Annot"), _name("/Subtype"): _name("/Link"),
            _name("/Rect"): ArrayObject([NumberObject(0), NumberObject(0), NumberObject(100), NumberObject(100)]),
            _name("/A"): action,
        })
        writer.pages[0][_name("/Annots")] = ArrayObject([writer._add_object(annotation)])
    return customize


def embedded_file(writer):
    writer.add_attachment("setup.exe", b"MZ\x90\x00 not really a program")


def file_attachment_annotation(writer):
    stream = DecodedStreamObject()
    stream.set_data(b"MZ\x90\x00")
    stream[_name("/Type")] = _name("/EmbeddedFile")
    spec = DictionaryObject({_name("/Type"): _name("/Filespec"), _name("/F"): TextStringObject("run.exe"),
                             _name("/EF"): DictionaryObject({_name("/F"): writer._add_object(stream)})})
    annotation = DictionaryObject({
        _name("/Type"): _name("/Annot"), _name("/Subtype"): _name("/FileAttachment"),
        _name("/Rect"): ArrayObject([NumberObject(0), NumberObject(0), NumberObject(20), NumberObject(20)]),
        _name("/FS"): spec,
    })
    writer.pages[0][_name("/Annots")] = ArrayObject([writer._add_object(annotation)])


def _image(fmt):
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (180, 30, 40)).save(buffer, fmt)
    return buffer.getvalue()


LAUNCH = _action("/Launch", F=TextStringObject("cmd.exe"))
URI = _action("/URI", URI=TextStringObject("http://evil.example/?open"))
JAVASCRIPT = _action("/JavaScript", JS=TextStringObject("app.alert(1)"))
GOTO = _action("/GoTo", D=ArrayObject([NumberObject(0), _name("/Fit")]))

# (id, file name, content, the refusal code expected or None when the file is harmless)
CORPUS = [
    ("plain-pdf", "营业执照.pdf", pdf_bytes(), None),
    ("png", "照片.png", _image("PNG"), None),
    ("jpeg", "照片.jpg", _image("JPEG"), None),
    ("open-action-goto", "目录.pdf", pdf_bytes(open_action(GOTO)), None),
    ("link-to-uri", "链接.pdf", pdf_bytes(link_annotation(URI)), None),
    ("open-action-launch", "launch.pdf", pdf_bytes(open_action(LAUNCH)), "pdf_launch"),
    ("link-launch", "link-launch.pdf", pdf_bytes(link_annotation(LAUNCH)), "pdf_launch"),
    ("open-action-uri", "uri.pdf", pdf_bytes(open_action(URI)), "pdf_auto_action"),
    ("page-aa-uri", "aa.pdf", pdf_bytes(page_additional_action(URI)), "pdf_auto_action"),
    ("open-action-javascript", "js.pdf", pdf_bytes(open_action(JAVASCRIPT)), "pdf_javascript"),
    ("embedded-files", "attach.pdf", pdf_bytes(embedded_file), "pdf_embedded_file"),
    ("file-attachment-annotation", "annot.pdf", pdf_bytes(file_attachment_annotation), "pdf_embedded_file"),
    ("html-as-pdf", "page.pdf", b"<html><script>alert(1)</script></html>", "unknown_type"),
    ("exe-as-png", "x.png", b"MZ\x90\x00" + b"\x00" * 64, "unknown_type"),
    ("pdf-named-png", "x.png", pdf_bytes(), "extension_mismatch"),
]
