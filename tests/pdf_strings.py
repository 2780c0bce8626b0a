"""The text a ReportLab PDF draws, read without poppler: each string shown by Tj, in order."""

import base64
import re
import zlib

_STREAM = re.compile(
    rb"/Filter \[ /ASCII85Decode /FlateDecode \].*?stream\r?\n(.*?)endstream", re.S
)
_SHOWN = re.compile(rb"\(((?:\\.|[^\\)])*)\) Tj")
_ESCAPE = re.compile(rb"\\([0-7]{1,3}|.)", re.S)


def _unescape(match: re.Match) -> bytes:
    code = match.group(1)
    return bytes([int(code, 8)]) if code[:1].isdigit() else code


def pdf_strings(content: bytes) -> list[str]:
    shown = []
    for encoded in _STREAM.findall(content):
        data = zlib.decompress(base64.a85decode(encoded.strip(), adobe=True))
        for text in _SHOWN.findall(data):
            shown.append(_ESCAPE.sub(_unescape, text).decode("cp1252"))
    return shown
