"""PDFs that would run something on the reviewer's machine are refused at upload, with a clear message (issue 11):
/Launch, actions run on opening (/OpenAction other than a page, /AA), embedded files; ordinary links stay fine."""
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from award.uploads import inspect_evidence_file
from tests.upload_corpus import CORPUS

LIMIT = 20 * 1024 * 1024


def check(name, content):
    return inspect_evidence_file(SimpleUploadedFile(name, content), max_bytes=LIMIT)


@pytest.mark.parametrize(("name", "content", "code"), [c[1:] for c in CORPUS], ids=[c[0] for c in CORPUS])
def test_upload_corpus_refused_exactly_when_dangerous(name, content, code):
    if code is None:
        assert check(name, content).size == len(content)
        return
    with pytest.raises(ValidationError) as excinfo:
        check(name, content)
    assert excinfo.value.code == code


@pytest.mark.parametrize(("case", "message"), [
    ("open-action-launch", "文件“launch.pdf”含有启动外部程序的动作(/Launch),出于安全原因不予接收。"
                           "请用“打印为 PDF”另存为普通 PDF 后重新上传。"),
    ("open-action-uri", "文件“uri.pdf”含有打开时自动执行的动作(如自动打开网址),出于安全原因不予接收。"
                        "请用“打印为 PDF”另存为普通 PDF 后重新上传。"),
    ("embedded-files", "文件“attach.pdf”内嵌了附件文件,出于安全原因不予接收。"
                       "请把附件作为单独的证实性材料上传,并另存为不含附件的 PDF。"),
])
def test_dangerous_pdf_refusal_says_why_in_chinese(case, message):
    [(_id, name, content, _code)] = [c for c in CORPUS if c[0] == case]

    with pytest.raises(ValidationError) as excinfo:
        check(name, content)

    assert excinfo.value.messages == [message]
