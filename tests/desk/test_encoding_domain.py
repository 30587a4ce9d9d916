"""Encoding detection on plain bytes: every encoding we meet is named right and reads every name exactly."""

import pytest

from desk.domain.encoding import EncodingError, decode, detect_encoding
from tests.desk.encodings import MATRIX


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
