"""policydiff.load: encodings, newlines, fingerprints and refused inputs."""

from __future__ import annotations

import codecs
import os

import pytest

from policydiff.errors import ExitCode, InputError
from policydiff.load import MAX_BYTES, decode_policy, policy_from_text, read_policy

TEXT = (
    "プライバシーポリシー\n"
    "\n"
    "第1条（個人情報の取得）\n"
    "株式会社ミライテック（以下「当社」といいます。）は、適正な手段により個人情報を取得します。\n"
    "第2条（利用目的）\n"
    "当社は、取得した個人情報を①サービスの提供、②お問い合わせへの対応のために利用します。\n"
)


def write(tmp_path, data: bytes, name: str = "policy.txt"):
    p = tmp_path / name
    p.write_bytes(data)
    return p


# --------------------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    ("data", "encoding", "bom"),
    [
        (TEXT.encode("utf-8"), "utf-8", False),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig", True),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le", True),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be", True),
        (TEXT.encode("cp932"), "cp932", False),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "cp932"],
)
def test_encodings_decode_to_the_same_text(tmp_path, data, encoding, bom):
    policy = read_policy(write(tmp_path, data))
    assert policy.text == TEXT
    assert policy.encoding == encoding
    assert policy.had_bom is bom
    assert "\ufeff" not in policy.text


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_mostly_ascii(tmp_path, encoding):
    text = "Privacy Policy of Mirai Tech Inc.\n" * 3 + TEXT
    policy = read_policy(write(tmp_path, text.encode(encoding)))
    assert policy.text == text
    assert policy.encoding == encoding and not policy.had_bom


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_japanese(tmp_path, encoding):
    policy = read_policy(write(tmp_path, TEXT.encode(encoding)))
    assert policy.text == TEXT


def test_cp932_specific_characters(tmp_path):
    text = "第1条（定義）\n本サービス～「ミライ」の髙橋様、ｶﾀｶﾅ窓口へ。\n"  # IBM extension, wave dash, half-width kana
    policy = read_policy(write(tmp_path, text.encode("cp932")))
    assert policy.text == text
    assert policy.encoding == "cp932"


def test_cp932_with_circled_numbers_and_marks(tmp_path):
    """Regression: ①②③, ■ and ※ once made a short CP932 policy count as 'no Japanese text'."""
    text = "■個人情報の取扱いについて\n①氏名\n②住所\n③電話番号\n※詳細は当社までお問い合わせください。\n"
    policy = read_policy(write(tmp_path, text.encode("cp932")))
    assert policy.text == text


def test_source_is_the_path_or_label(tmp_path):
    p = write(tmp_path, TEXT.encode())
    assert read_policy(p).source == str(p)
    assert read_policy(p, label="HEAD:policy.md").source == "HEAD:policy.md"


# --------------------------------------------------------------------------- newlines


@pytest.mark.parametrize(("newline", "name"), [("\r\n", "crlf"), ("\r", "cr"), ("\n", "lf")])
def test_newlines_are_normalised_to_lf(tmp_path, newline, name):
    data = TEXT.replace("\n", newline).encode("utf-8")
    policy = read_policy(write(tmp_path, data))
    assert policy.text == TEXT
    assert "\r" not in policy.text
    assert policy.newline == newline


def test_crlf_in_utf16_is_normalised(tmp_path):
    data = codecs.BOM_UTF16_LE + TEXT.replace("\n", "\r\n").encode("utf-16-le")
    assert read_policy(write(tmp_path, data)).text == TEXT


def test_policy_refuses_unnormalised_text():
    from policydiff.model import Policy

    with pytest.raises(ValueError):
        Policy(source="x", text="a\r\nb", encoding="utf-8")


def test_policy_from_text_normalises_newlines():
    assert policy_from_text("第1条\r\n本文。\r").text == "第1条\n本文。\n"


# --------------------------------------------------------------------------- fingerprint


def test_fingerprint_differs_for_a_bom_only_change(tmp_path):
    plain = read_policy(write(tmp_path, TEXT.encode("utf-8"), "a.txt"))
    bom = read_policy(write(tmp_path, codecs.BOM_UTF8 + TEXT.encode("utf-8"), "b.txt"))
    assert plain.text == bom.text
    assert plain.fingerprint != bom.fingerprint
    assert len(plain.fingerprint) == 64


def test_fingerprint_is_stable_for_equal_bytes(tmp_path):
    a = read_policy(write(tmp_path, TEXT.encode("utf-8"), "a.txt"))
    b = read_policy(write(tmp_path, TEXT.encode("utf-8"), "b.txt"))
    assert a.fingerprint == b.fingerprint


def test_fingerprint_differs_for_a_newline_only_change(tmp_path):
    lf = read_policy(write(tmp_path, TEXT.encode(), "a.txt"))
    crlf = read_policy(write(tmp_path, TEXT.replace("\n", "\r\n").encode(), "b.txt"))
    assert lf.text == crlf.text
    assert lf.fingerprint != crlf.fingerprint


# --------------------------------------------------------------------------- refused inputs


def assert_input_error(path, *words: str) -> InputError:
    with pytest.raises(InputError) as info:
        read_policy(path)
    msg = str(info.value)
    assert "\n" not in msg
    for w in words:
        assert w in msg, msg
    assert info.value.exit_code == ExitCode.USAGE
    return info.value


def test_missing_path(tmp_path):
    assert_input_error(tmp_path / "nope.md", "no such file")


def test_directory(tmp_path):
    assert_input_error(tmp_path, "directory")


def test_empty_file(tmp_path):
    assert_input_error(write(tmp_path, b""), "empty")


@pytest.mark.parametrize(
    "data", [b"   \n\t\n\n", "\u3000\n \u3000\r\n".encode(), codecs.BOM_UTF8 + b" \n"]
)
def test_whitespace_only_file(tmp_path, data):
    assert_input_error(write(tmp_path, data), "whitespace")


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00",
        b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 4,
        "第1条 当社は\x00個人情報を取り扱います。".encode(),
        b"./old.md\x00./new.md\x00",
    ],
    ids=["png", "elf", "nul-in-utf8", "print0"],
)
def test_binary_with_nul_bytes(tmp_path, data):
    assert_input_error(write(tmp_path, data), "binary")


def test_control_characters_are_refused(tmp_path):
    assert_input_error(write(tmp_path, b"\x01\x02\x03\x04abc" * 50), "binary")


@pytest.mark.parametrize(
    "data",
    [
        b"\xff\xfa\xfb\xfc" * 16,  # not UTF-8, not CP932, not EUC-JP
        "café crème brûlée naïve".encode("latin-1"),
        bytes(range(0x80, 0x100)) * 4,
    ],
    ids=["ff-fa", "latin1", "high-bytes"],
)
def test_undecodable_bytes(tmp_path, data):
    assert_input_error(write(tmp_path, data), "cannot decode")


def test_bom_that_lies(tmp_path):
    # a UTF-16 LE byte-order mark followed by an odd number of bytes
    assert_input_error(write(tmp_path, b"\xff\xfe\xfa"), "byte-order mark")
    # a UTF-8 BOM followed by invalid UTF-8
    assert_input_error(write(tmp_path, codecs.BOM_UTF8 + b"\xff\xfe\xfd\xfc"), "byte-order mark")


def test_file_over_the_size_limit(tmp_path):
    p = tmp_path / "huge.txt"
    with p.open("wb") as f:  # sparse: costs no disk and is checked by size before reading
        f.truncate(MAX_BYTES + 1)
    assert os.path.getsize(p) == MAX_BYTES + 1
    assert_input_error(p, "too large")


def test_decode_policy_refuses_oversized_bytes():
    with pytest.raises(InputError, match="too large"):
        decode_policy(b"a" * (MAX_BYTES + 1), "<big>")


def test_file_at_the_size_limit_is_not_refused_for_size(tmp_path):
    # exactly MAX_BYTES of spaces: refused as whitespace, not as too large
    p = tmp_path / "limit.txt"
    p.write_bytes(b" " * MAX_BYTES)
    err = assert_input_error(p, "whitespace")
    assert "too large" not in str(err)


def test_policy_from_text_refuses_blank_text():
    with pytest.raises(InputError):
        policy_from_text("  \n \n")


def test_library_load_after_compare(tmp_path):
    """Regression: the submodule policydiff.load once replaced the function policydiff.load."""
    import policydiff

    policydiff.compare("第1条（目的）\n本文です。\n", "第1条（目的）\n本文でした。\n")
    policy = policydiff.load(str(write(tmp_path, TEXT.encode())))
    assert policy.text == TEXT
