"""Text files people upload: UTF-8 (with or without a byte-order mark) or, from old Persian
Windows systems, Windows-1256. Every one of the 256 bytes is a Windows-1256 character, so any
file decodes; one that is not UTF-8 throughout is read as Windows-1256."""

import codecs
import io
from typing import BinaryIO

UTF8 = "utf-8-sig"  # drops a leading byte-order mark, reads plain UTF-8 as well
WINDOWS_PERSIAN = "cp1256"


def text_encoding(handle: BinaryIO) -> str:
    """The encoding of the text file ``handle``, read through in pieces and rewound."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := handle.read(1 << 20):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
        encoding = UTF8
    except UnicodeDecodeError:
        encoding = WINDOWS_PERSIAN
    handle.seek(0)
    return encoding


def decode_text(data: bytes) -> str:
    """The text of a small file held in memory."""
    return data.decode(text_encoding(io.BytesIO(data)))
