"""The developer tooling behaves as the README promises."""
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.files.base import ContentFile

from award.models import Evidence

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("pytest_exit", "expected_exit"),
    [(0, 0), (1, 1), (5, 1)],
    ids=["passed", "failed", "no-tests-collected"],
)
def test_run_pytest_strict_fails_when_nothing_was_collected(pytest_exit, expected_exit):
    result = subprocess.run(
        ["bash", "-c", f'source scripts/_common.sh && run_pytest_strict bash -c "exit {pytest_exit}"'],
        cwd=REPO, capture_output=True, text=True, check=False,
    )

    assert result.returncode == expected_exit
    assert ("collected no tests" in result.stderr) == (pytest_exit == 5)


@pytest.mark.skipif(shutil.which("git") is None or not (REPO / ".git").exists(), reason="not a git checkout")
def test_entry_scripts_are_executable_in_git():
    # A clean clone must run `./scripts/dev`, `./scripts/test` and `.ci/run` without chmod.
    paths = ["scripts/dev", "scripts/test", ".ci/run"]

    listing = subprocess.run(
        ["git", "ls-files", "--stage", *paths], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.splitlines()

    assert {line.split()[3]: line.split()[0] for line in listing} == dict.fromkeys(paths, "100755")


def test_private_media_root_fixture_keeps_evidence_files_in_tmp(private_media_root, settings):
    storage = Evidence._meta.get_field("file").storage

    name = storage.save("probe/evidence.pdf", ContentFile(b"%PDF-1.4"))

    assert Path(storage.path(name)).parent == private_media_root / "probe"
    assert (private_media_root / name).read_bytes() == b"%PDF-1.4"
    assert settings.PRIVATE_MEDIA_ROOT == private_media_root
