"""The English translation (SPEC §15): Simplified Chinese is the default, English is complete and committed.

The .po files are read directly (no polib in the stack); pages are rendered with a catalogue that the test compiles
itself with gettext's msgfmt, so the result does not depend on a stale .mo lying around in locale/.
"""
import ast
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

LOCALE = Path(django_settings.BASE_DIR) / "locale"
EN_PO = LOCALE / "en" / "LC_MESSAGES" / "django.po"
ZH_PO = LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po"

# %(name)s / %(n)d as written by gettext() and blocktranslate, positional %s / %d, and str.format's {name}.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")


def _read_po(path):
    """Return the catalogue's entries as dicts: msgid, msgid_plural, msgstr (list), flags, ref."""
    entries, entry, key = [], None, None

    def finish():
        if entry is not None and entry.get("msgid") is not None:
            entries.append(entry)

    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#~"):
            continue
        if line.startswith("#"):
            if entry is None or entry.get("msgid") is not None:
                finish()
                entry, key = {"flags": [], "ref": "", "msgstr": {}}, None
            if line.startswith("#,"):
                entry["flags"] += [flag.strip() for flag in line[2:].split(",")]
            elif line.startswith("#:") and not entry["ref"]:
                entry["ref"] = line[2:].split()[0]
            continue
        match = re.match(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")$", line)
        if match:
            if match.group(1) in ("msgid", "msgctxt") and entry is not None and entry.get("msgid") is not None:
                finish()
                entry = None
            if entry is None:
                entry = {"flags": [], "ref": "", "msgstr": {}}
            name, index, text = match.group(1), match.group(2), ast.literal_eval(match.group(3))
            if name.startswith("msgstr"):
                key = ("msgstr", int(index or 0))
                entry["msgstr"][key[1]] = text
            else:
                key = name
                entry[name] = text
            continue
        text = ast.literal_eval(line)
        if isinstance(key, tuple):
            entry["msgstr"][key[1]] += text
        else:
            entry[key] += text
    finish()
    return [e for e in entries if e["msgid"] != ""]


def _placeholders(text):
    return Counter(PLACEHOLDER.findall(text))


EN_ENTRIES = _read_po(EN_PO)


def test_english_catalogue_has_entries_for_the_interface():
    # An empty or missing catalogue would make every other check here pass vacuously.
    assert len(EN_ENTRIES) > 1000


def test_english_catalogue_has_no_empty_or_fuzzy_entry():
    untranslated = [
        f"{e['ref']}: {e['msgid'][:40]}"
        for e in EN_ENTRIES
        if "fuzzy" in e["flags"] or not e["msgstr"] or any(not text.strip() for text in e["msgstr"].values())
    ]
    assert untranslated == []


def test_english_plural_entries_have_both_forms():
    incomplete = [e["msgid"] for e in EN_ENTRIES if "msgid_plural" in e and sorted(e["msgstr"]) != [0, 1]]
    assert incomplete == []


def test_english_translation_keeps_every_placeholder():
    mismatched = []
    for e in EN_ENTRIES:
        expected = _placeholders(e["msgid"])
        for index, text in e["msgstr"].items():
            source = e.get("msgid_plural", e["msgid"]) if index else e["msgid"]
            # A singular form may leave the count out ("One day left"), never add or rename a placeholder.
            wanted = _placeholders(source) if index else expected
            if _placeholders(text) != wanted and not (
                "msgid_plural" in e and index == 0 and _placeholders(text) <= wanted
            ):
                mismatched.append(f"{e['ref']}: {e['msgid'][:40]} -> {text[:40]}")
    assert mismatched == []


def test_english_translation_uses_no_chinese_characters_outside_quoted_examples():
    # The Chinese 休/班 markers and sample document numbers (滨政字〔2026〕12号) are input the user must type.
    allowed = re.compile(r"[休班]|[\u4e00-\u9fff]+〔\d+〕\d+号")
    chinese = re.compile(r"[\u4e00-\u9fff]")
    leftover = [
        f"{e['ref']}: {text[:40]}"
        for e in EN_ENTRIES
        for text in e["msgstr"].values()
        if chinese.search(allowed.sub("", text))
    ]
    assert leftover == []


@pytest.mark.parametrize("po_path", [EN_PO, ZH_PO], ids=["en", "zh_Hans"])
def test_catalogue_compiles_with_format_checks(po_path, tmp_path):
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "gettext's msgfmt is needed to compile the translations"

    result = subprocess.run(
        [msgfmt, "--check", "-o", str(tmp_path / "django.mo"), str(po_path)], capture_output=True, text=True
    )

    assert result.returncode == 0, result.stderr


@pytest.fixture
def compiled_locale(settings, tmp_path):
    """Compile both catalogues into a temporary LOCALE_PATHS; changing the setting resets Django's cache."""
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "gettext's msgfmt is needed to compile the translations"
    for language in ("en", "zh_Hans"):
        target = tmp_path / language / "LC_MESSAGES"
        target.mkdir(parents=True)
        source = LOCALE / language / "LC_MESSAGES" / "django.po"
        subprocess.run([msgfmt, "-o", str(target / "django.mo"), str(source)], check=True)
    settings.LOCALE_PATHS = [tmp_path]
    return tmp_path


@pytest.mark.django_db
def test_home_page_defaults_to_chinese(client, compiled_locale):
    response = client.get(reverse("award:home"))

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in html
    assert "滨州市市长质量奖" in html
    assert "公示公告" in html
    assert "Binzhou Mayor's Quality Award" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["cookie", "accept-language"])
def test_home_page_renders_in_english_when_asked(client, settings, compiled_locale, how):
    if how == "cookie":
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        headers = {}
    else:
        headers = {"Accept-Language": "en-US,en;q=0.9"}

    response = client.get(reverse("award:home"), headers=headers)

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert "Binzhou Mayor&#x27;s Quality Award" in html or "Binzhou Mayor's Quality Award" in html
    assert "Public notices" in html
    # The navigation's Chinese labels are gone.
    assert "公示公告" not in html
    assert "公开首页" not in html
