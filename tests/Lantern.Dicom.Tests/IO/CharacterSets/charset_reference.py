#!/usr/bin/python3
"""Reference decodings of pydicom's character set test files, for DicomCharacterSetTests.

Run with a Python that has pydicom (on Debian: /usr/bin/python3 after
`apt-get install python3-pydicom`). Prints one JSON document on stdout:

    {"pydicom": "<version>", "folder": "<path>",
     "values": [{"file", "tag", "vr", "terms", "raw", "decoded"}, ...],
     "synthetic": [{"name", "vr", "terms", "raw", "decoded"}, ...]}

For every element (recursing into sequence items) whose VR is SH, LO, ST, LT,
UC, UT or PN:
  terms    the values of Specific Character Set (0008,0005) in force, taken from
           the raw bytes of the item's own element or else inherited from the
           enclosing data set (an empty list when there is none);
  raw      the element's undecoded value bytes, hex;
  decoded  pydicom's decoding as a list of strings, one per value (str() of
           each PersonName, so PN values include their '=' component groups).

pydicom strips trailing spaces and NULs and drops trailing empty PN component
groups; the C# test normalizes our decoding the same way before comparing.

"synthetic" goes beyond the files, which hold few non-ASCII values: LT values
made of every code of every single-byte and double-byte set (one value per
table row for the double-byte sets), decoded by pydicom's own LT conversion.
Codes that Python's codec for the set does not define are left out (pydicom
then re-decodes the whole value as Latin-1), except in the single-byte tables
without code extensions, where pydicom replaces each undefined byte by U+FFFD.
"""

import json
import os
import sys

import warnings

import pydicom
from pydicom.charset import convert_encodings
from pydicom.dataelem import RawDataElement
from pydicom.multival import MultiValue
from pydicom.values import convert_single_string

TEXT_VRS = {"SH", "LO", "ST", "LT", "UC", "UT", "PN"}
SPECIFIC_CHARACTER_SET = 0x00080005


def charset_folder():
    """The folder holding the files (its place differs between pydicom versions)."""
    if len(sys.argv) > 1:
        return sys.argv[1]
    root = os.path.dirname(pydicom.data.__file__)
    for candidate in ("test_files/charset_files", "charset_files"):
        path = os.path.join(root, candidate)
        if os.path.isdir(path):
            return path
    raise SystemExit("pydicom's charset_files folder was not found under " + root)


def own_terms(dataset):
    """(0008,0005) as written in the file. pydicom converts this element while
    reading (it needs it to decode the rest), so fall back to its value."""
    if SPECIFIC_CHARACTER_SET not in dataset:
        return None
    elem = dataset.get_item(SPECIFIC_CHARACTER_SET)
    if isinstance(elem, RawDataElement):
        raw = elem.value or b""
        return [t.decode("ascii").strip(" \0") for t in raw.split(b"\\")]
    return [str(t).strip(" \0") for t in as_strings(elem.value)]


def as_strings(value):
    if value is None:
        return [""]
    if isinstance(value, (list, MultiValue)):
        return [str(v) for v in value]
    return [str(value)]


def walk(dataset, inherited, file_name, out):
    terms = own_terms(dataset)
    if terms is None:
        terms = inherited
    for tag in list(dataset.keys()):
        if tag == SPECIFIC_CHARACTER_SET:
            continue
        raw = dataset.get_item(tag)
        raw_value = raw.value if isinstance(raw, RawDataElement) else None
        elem = dataset[tag]  # converts (and decodes) the element
        if elem.VR == "SQ":
            for item in elem.value:
                walk(item, terms, file_name, out)
            continue
        if elem.VR not in TEXT_VRS:
            continue
        if raw_value is None and not isinstance(raw, RawDataElement):
            raise RuntimeError("element %08X in %s was not raw" % (tag, file_name))
        out.append({
            "file": file_name,
            "tag": "%08X" % tag,
            "vr": elem.VR,
            "terms": terms,
            "raw": (raw_value or b"").hex(),
            "decoded": as_strings(elem.value),
        })


SINGLE_BYTE_SETS = [
    # (number, escape sequence, Python codec of pydicom's table)
    ("100", b"\x1b-A", "latin_1"), ("101", b"\x1b-B", "iso8859_2"),
    ("109", b"\x1b-C", "iso8859_3"), ("110", b"\x1b-D", "iso8859_4"),
    ("144", b"\x1b-L", "iso8859_5"), ("127", b"\x1b-G", "iso8859_6"),
    ("126", b"\x1b-F", "iso8859_7"), ("138", b"\x1b-H", "iso8859_8"),
    ("148", b"\x1b-M", "iso8859_9"), ("166", b"\x1b-T", "tis_620"),
]


def defined(raw, codec):
    try:
        raw.decode(codec)
        return True
    except UnicodeDecodeError:
        return False


def synthetic_value(name, terms, raw):
    decoded = convert_single_string(raw, convert_encodings(terms))
    return {"name": name, "vr": "LT", "terms": terms, "raw": raw.hex(), "decoded": [decoded]}


def synthetic():
    out = []
    for number, escape, codec in SINGLE_BYTE_SETS:
        every = bytes(range(0x80, 0x100))
        out.append(synthetic_value("ISO_IR %s 80-FF" % number, ["ISO_IR " + number], every))
        known = bytes(b for b in range(0xA0, 0x100) if defined(bytes([b]), codec))
        out.append(synthetic_value("ISO 2022 IR %s A0-FF" % number, ["", "ISO 2022 IR " + number],
                                   b"A" + escape + known + b"\rB"))
    katakana = bytes(range(0xA1, 0xE0))
    out.append(synthetic_value("ISO_IR 13 A1-DF", ["ISO_IR 13"], katakana))
    out.append(synthetic_value("ISO 2022 IR 13 A1-DF", ["ISO 2022 IR 13", "ISO 2022 IR 87"], katakana))

    double_byte = [
        # (name, terms, escape before the row, escape after it, high bit, Python codec for one cell)
        ("ISO 2022 IR 87", ["", "ISO 2022 IR 87"], b"\x1b$B", b"\x1b(B", 0x00,
         lambda c: (b"\x1b$B" + c).decode("iso2022_jp")),
        ("ISO 2022 IR 159", ["", "ISO 2022 IR 159"], b"\x1b$(D", b"\x1b(B", 0x00,
         lambda c: (b"\x1b$(D" + c).decode("iso2022_jp_2")),
        ("ISO 2022 IR 149", ["", "ISO 2022 IR 149"], b"\x1b$)C", b"", 0x80,
         lambda c: c.decode("euc_kr")),
        # pydicom leaves ESC $ ) A in its output (its GB 2312 codec is EUC-CN, not ISO 2022), so
        # the rows go without it, with IR 58 as value 1; one value below keeps the escape.
        ("ISO 2022 IR 58", ["ISO 2022 IR 58"], b"", b"", 0x80,
         lambda c: c.decode("gb2312")),
    ]
    for name, terms, before, after, high, decode_cell in double_byte:
        for row in range(0x21, 0x7F):
            cells = b""
            for cell in range(0x21, 0x7F):
                code = bytes([row | high, cell | high])
                try:
                    if len(decode_cell(code)) == 1:
                        cells += code
                except UnicodeDecodeError:
                    pass
            if cells:
                out.append(synthetic_value("%s row %02X" % (name, row), terms, before + cells + after))
    out.append(synthetic_value("ISO 2022 IR 58 with escape", ["", "ISO 2022 IR 58"],
                               b"Zhang\x1b$)A\xd5\xc5"))
    return out


def main():
    folder = charset_folder()
    values = []
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if not name.lower().endswith(".dcm") or not os.path.isfile(path):
            continue
        dataset = pydicom.dcmread(path, force=True)
        walk(dataset, [], name, values)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        generated = synthetic()
    json.dump({"pydicom": pydicom.__version__, "folder": folder, "values": values,
               "synthetic": generated},
              sys.stdout, ensure_ascii=True, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
