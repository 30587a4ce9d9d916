"""Encoding detection on plain bytes: every encoding we meet is named right and reads every name exactly."""

import pytest

from desk.domain.encoding import PLAUSIBLE, EncodingError, decode, detect_encoding, plausibility
from tests.desk.encodings import AMBIGUOUS, MATRIX


@pytest.mark.parametrize(("label", "data", "encoding", "names"), MATRIX, ids=[m[0] for m in MATRIX])
def test_encoding_matrix_detects_and_decodes_every_name_exactly(label, data, encoding, names):
    detection = detect_encoding(data)
    assert detection.encoding == encoding
    text = decode(data, detection.encoding)
    for name in names:
        assert name in text


def test_a_byte_order_mark_is_certain_and_a_legacy_guess_is_not():
    assert detect_encoding(MATRIX[1][1]).confidence == "certain"
    assert detect_encoding(MATRIX[2][1]).confidence != "certain"


def test_decoding_never_replaces_a_byte_and_names_where_it_failed():
    data = "name\nCafé\n".encode("cp1252")
    with pytest.raises(EncodingError, match=r"not valid utf-8: byte 8 \(0xe9\)"):
        decode(data, "utf-8")
    with pytest.raises(EncodingError, match="Unknown encoding"):
        decode(data, "klingon")


@pytest.mark.parametrize(("label", "data", "candidates"), AMBIGUOUS, ids=[a[0] for a in AMBIGUOUS])
def test_it_is_unsure_when_two_encodings_read_differently_and_names_both(label, data, candidates):
    detection = detect_encoding(data)
    assert detection.confidence == "unsure"
    assert set(candidates) <= set(detection.candidates)


@pytest.mark.parametrize(
    ("text", "right", "wrong"),
    [
        ("株式会社日立製作所", "shift_jis", "gb18030"),  # read as GB18030: 姅幃夛幮擔棫惢嶌強
        ("Газпром", "cp1251", "cp1252"),  # read as cp1252: Ãàçïðîì
        ("Газпром", "cp1251", "koi8_r"),  # read as KOI8-R: the letter case is upside down
        ("上海浦东发展银行", "gb18030", "big5"),
    ],
)
def test_it_rejects_a_reading_with_an_implausible_mix_of_scripts(text, right, wrong):
    data = text.encode(right)
    assert plausibility(data.decode(right), right) >= PLAUSIBLE
    try:
        misread = data.decode(wrong)
    except UnicodeDecodeError:
        return
    assert plausibility(misread, wrong) < PLAUSIBLE
