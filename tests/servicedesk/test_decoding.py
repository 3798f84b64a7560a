import io

from servicedesk.decoding import decode_text, text_encoding

PERSIAN = "گواهي مهارت"  # Arabic yeh: Windows-1256 has no Persian one


def test_utf8_with_or_without_a_byte_order_mark_is_read_as_utf8():
    assert decode_text(PERSIAN.encode()) == PERSIAN
    assert decode_text("\ufeff".encode() + PERSIAN.encode()) == PERSIAN


def test_a_file_from_old_persian_windows_is_read_as_windows_1256():
    assert decode_text(PERSIAN.encode("cp1256")) == PERSIAN


def test_one_byte_that_is_not_utf8_past_the_first_megabyte_still_decides_and_rewinds():
    handle = io.BytesIO(b"a" * (1 << 20) + "ي".encode("cp1256"))
    assert text_encoding(handle) == "cp1256"
    assert handle.tell() == 0
