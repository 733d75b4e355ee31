#!/usr/bin/env python3
"""Generates Lantern's DICOM data dictionary, private dictionary, tag constants and UID registry.

Usage (from the repository root):
    python3 src/Lantern.Dicom/Dictionary/generate_dictionary.py [--output-dir DIR]

Without --output-dir the four files are written to their places in the source tree; with it they are
written flat into DIR, which is how the test checks that the committed files are up to date.

Sources (Debian/Ubuntu: apt-get install -y dcmtk python3-pydicom), and why each:
  * DCMTK /usr/share/libdcmtk17/dicom.dic -- the PS3.6 data dictionary: tag, VR, keyword, VM and
    retirement for every standard element, including repeating groups (6000-60FF,...) and element
    ranges. It is the primary source because it is a plain, stable text format that DCMTK itself
    parses. Its pseudo-VRs (xs, ox, px, lt, up, na) name the alternatives a VR may take.
    acrnema.dic and diconde.dic are deliberately not read: they hold pre-DICOM and DICONDE-only
    variants, while dicom.dic already includes the DICONDE/DICOS elements that PS3.6 adopted.
  * DCMTK /usr/share/libdcmtk17/private.dic -- private elements keyed by group, creator and the low
    byte of the element, collected by DCMTK from vendors' conformance statements.
  * pydicom /usr/lib/python3/dist-packages/pydicom/_dicom_dict.py -- the same PS3.6 table with the
    human-readable names that dicom.dic lacks, the PS3.6 masks (1000,xxx0) that dicom.dic flattens
    to a single tag, and the concrete VR alternatives of the ambiguous elements. Read with ast,
    never imported, so the generator works with any Python 3.
  * pydicom /usr/lib/python3/dist-packages/pydicom/_uid_dict.py -- the PS3.6 Annex A UID registry.
    pydicom's uid.py lists the (non-retired) storage SOP classes; it is only used to check the rule
    that derives IsStorageSopClass.
The output depends only on these files (and on the member names declared in DicomTag*.cs and
DicomUid*.cs, which generated properties must not collide with), so it is deterministic.
"""

import argparse
import ast
import glob
import os
import re
import sys

DCMTK_DIR = "/usr/share/libdcmtk17"
PYDICOM_DIR = "/usr/lib/python3/dist-packages/pydicom"
SCRIPT_PATH = "src/Lantern.Dicom/Dictionary/generate_dictionary.py"
REPO_ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))

OUTPUTS = {
    "DicomDictionary.g.cs": "src/Lantern.Dicom/Dictionary/DicomDictionary.g.cs",
    "DicomPrivateDictionary.g.cs": "src/Lantern.Dicom/Dictionary/DicomPrivateDictionary.g.cs",
    "DicomTag.g.cs": "src/Lantern.Dicom/Data/DicomTag.g.cs",
    "DicomUid.g.cs": "src/Lantern.Dicom/Data/DicomUid.g.cs",
}

REAL_VRS = set(
    "AE AS AT CS DA DS DT FD FL IS LO LT OB OD OF OL OV OW PN SH SL SQ SS ST SV TM UC UI UL UN UR US UT UV".split()
)

# DCMTK pseudo-VRs. The first VR is what DCMTK (and PS3.5 A.1 for pixel, overlay and LUT data)
# assumes when an Implicit VR stream gives no VR; the rest are fallbacks when pydicom has no entry.
PSEUDO_VRS = {
    "xs": ["US", "SS"],
    "ox": ["OW", "OB"],
    "px": ["OW", "OB"],
    "lt": ["OW", "US", "SS"],
    "up": ["UL"],
    "na": [],
}

UID_TYPES = {
    "Transfer Syntax": "TransferSyntax",
    "SOP Class": "SopClass",
    "Meta SOP Class": "MetaSopClass",
    "Well-known SOP Instance": "WellKnownSopInstance",
    "Well-known Printer SOP Instance": "WellKnownPrinterSopInstance",
    "Well-known Print Queue SOP Instance": "WellKnownPrintQueueSopInstance",
    "Well-known frame of reference": "WellKnownFrameOfReference",
    "Synchronization Frame of Reference": "SynchronizationFrameOfReference",
    "Coding Scheme": "CodingScheme",
    "DICOM UIDs as a Coding Scheme": "DicomUidsAsCodingScheme",
    "Application Context Name": "ApplicationContextName",
    "Service Class": "ServiceClass",
    "Application Hosting Model": "ApplicationHostingModel",
    "Mapping Resource": "MappingResource",
    "LDAP OID": "LdapOid",
}

# Object members every type has; a generated property named like one would hide it.
OBJECT_MEMBERS = {"Equals", "GetHashCode", "GetType", "ToString", "MemberwiseClone", "ReferenceEquals"}


def fail(message):
    sys.exit(f"generate_dictionary.py: {message}")


def read_lines(path):
    with open(path, encoding="utf-8") as f:
        return f.read().splitlines()


def read_python_dicts(path):
    """Every top-level `NAME = {...}` (annotated or not) in a pydicom data module, by name."""
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read(), path)
    result = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name, value = node.targets[0].id, node.value
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            name, value = node.target.id, node.value
        else:
            continue
        if isinstance(value, ast.Dict):
            result[name] = ast.literal_eval(value)
    return result


def range_mask(text, what):
    """'6000', '6000-60FF' (even), '7001-o-70FF', '0010-u-00FF' -> (value, mask) over 16 bits."""
    m = re.fullmatch(r"([0-9A-Fa-f]{4})(?:-([ou])?-?([0-9A-Fa-f]{4}))?", text)
    if not m:
        fail(f"bad {what} '{text}'")
    low = int(m.group(1), 16)
    if m.group(3) is None:
        return low, 0xFFFF
    high, parity = int(m.group(3), 16), m.group(2) or "e"
    varying = low ^ high
    for shift in (1, 2, 4, 8):
        varying |= varying >> shift
    # Only ranges a mask can express exactly: an aligned block, optionally every other number.
    if (high & varying) != varying or (low & varying) not in (0, 1):
        fail(f"{what} range '{text}' is not an aligned block")
    mask = ~varying & 0xFFFF
    if parity != "u":
        mask |= 1
    return low & mask, mask


def pydicom_mask(text):
    """pydicom's '60xx3000' -> (value, mask) over 32 bits; x is any hex digit."""
    mask = 0
    for ch in text:
        mask = (mask << 4) | (0 if ch in "xX" else 0xF)
    if mask >> 16 != 0xFFFF:
        mask |= 0x10000  # a repeating group is always even: odd groups are private
    return int(text.replace("x", "0").replace("X", "0"), 16) & mask, mask


WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+[a-z]*")


def name_from_keyword(keyword):
    """'SOPClassUID' -> 'SOP Class UID': keeps runs of capitals (acronyms) together."""
    return " ".join(WORD.findall(keyword)) or keyword


def resolve_vrs(code, keyword, pydicom_by_keyword):
    if code in REAL_VRS:
        return [code]
    if code not in PSEUDO_VRS:
        fail(f"unknown VR code '{code}' for {keyword}")
    vrs = list(PSEUDO_VRS[code])
    known = pydicom_by_keyword.get(keyword)
    if vrs and known and " or " in known[1][0]:
        alternatives = known[1][0].split(" or ")
        if vrs[0] in alternatives:
            vrs = [vrs[0]] + [vr for vr in alternatives if vr != vrs[0]]
    for vr in vrs:
        if vr not in REAL_VRS:
            fail(f"unknown VR '{vr}' for {keyword}")
    return vrs


def load_standard():
    tables = read_python_dicts(os.path.join(PYDICOM_DIR, "_dicom_dict.py"))
    pydicom_by_keyword = {}
    for key, entry in list(tables["DicomDictionary"].items()) + list(tables["RepeatersDictionary"].items()):
        if entry[4]:
            pydicom_by_keyword[entry[4]] = (key, entry)

    entries = []
    for line in read_lines(os.path.join(DCMTK_DIR, "dicom.dic")):
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 5:
            fail(f"dicom.dic line has {len(fields)} fields: {line!r}")
        tag, code, keyword, vm, version = fields
        # Group lengths and private creators of any group are rules in DicomDictionary.cs.
        if version in ("PRIVATE", "ILLEGAL", "GENERIC"):
            continue
        retired = version == "DICOM/retired" or keyword.startswith("RETIRED_")
        keyword = keyword.removeprefix("RETIRED_")
        m = re.fullmatch(r"\(([^,]+),([^)]+)\)", tag)
        if not m:
            fail(f"bad tag '{tag}'")
        group, group_mask = range_mask(m.group(1), "group")
        element, element_mask = range_mask(m.group(2), "element")
        value, mask = (group << 16) | element, (group_mask << 16) | element_mask

        known = pydicom_by_keyword.get(keyword)
        name = name_from_keyword(keyword)
        if known:
            key, (_, _, known_name, known_retired, _) = known
            name = known_name or name
            retired = retired or known_retired == "Retired"
            if isinstance(key, str):
                # PS3.6 masks as pydicom has them; dicom.dic lists (1000,xxx0) as (1000,0010).
                known_value, mask = pydicom_mask(key)
                if value & mask != known_value:
                    fail(f"{keyword}: dicom.dic tag {tag} is outside PS3.6 mask {key}")
        entries.append((value, mask, resolve_vrs(code, keyword, pydicom_by_keyword), vm, retired, keyword, name))

    entries.sort(key=lambda e: (e[0], e[1]))
    keywords = [e[5] for e in entries]
    if len(set(keywords)) != len(keywords):
        fail("duplicate standard keywords")
    return entries


def load_private():
    entries = {}
    pattern = re.compile(r'\(([0-9A-Fa-f]{4}(?:-[ou]-[0-9A-Fa-f]{4})?),"([^"]+)",([0-9A-Fa-f]{2}|[0-9A-Fa-f]{4})\)')
    for line in read_lines(os.path.join(DCMTK_DIR, "private.dic")):
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t")
        # One line in DCMTK 3.6.7 lacks the trailing version column.
        if len(fields) not in (4, 5):
            fail(f"private.dic line has {len(fields)} fields: {line!r}")
        tag, code, keyword, vm = fields[:4]
        m = pattern.fullmatch(tag)
        if not m:
            fail(f"bad private tag '{tag}'")
        group, group_mask = range_mask(m.group(1), "private group")
        creator, element_text = m.group(2), m.group(3)
        element = int(element_text, 16)
        # (gggg,"C",ee) floats with the block the creator reserved; (gggg,"C",eeee) is one fixed tag.
        element_mask = 0x00FF if len(element_text) == 2 else 0xFFFF
        value, mask = (group << 16) | element, (group_mask << 16) | element_mask
        for ch in "|\n":
            if ch in creator or ch in keyword:
                fail(f"'{ch}' in private entry {line!r}")
        vrs = resolve_vrs(code, keyword, {})
        # Later lines override earlier ones, as in DCMTK.
        entries[(value, mask, creator)] = (value, mask, vrs, vm, False, keyword, name_from_keyword(keyword), creator)
    return sorted(entries.values(), key=lambda e: (e[0] >> 16, e[7], e[0] & 0xFFFF, e[1]))


def load_uids():
    registry = read_python_dicts(os.path.join(PYDICOM_DIR, "_uid_dict.py"))["UID_dictionary"]
    entries = []
    for uid, (name, type_name, _, retired, keyword) in registry.items():
        if not re.fullmatch(r"(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*", uid) or len(uid) > 64:
            fail(f"invalid UID in registry: {uid}")
        if type_name not in UID_TYPES:
            fail(f"unknown UID type '{type_name}' ({uid}); add it to UID_TYPES and DicomUidType")
        # Storage SOP classes are SOP classes named "... Storage ..."; Storage Commitment is a
        # notification service, not a storage class.
        storage = type_name == "SOP Class" and "Storage" in name and not name.startswith("Storage Commitment")
        entries.append((uid, name, UID_TYPES[type_name], retired == "Retired", storage, keyword))
    entries.sort(key=lambda e: [int(c) for c in e[0].split(".")])
    check_storage_rule(entries)
    return entries


def check_storage_rule(entries):
    """pydicom's uid.py names the current storage SOP classes; the rule must agree with it."""
    path = os.path.join(PYDICOM_DIR, "uid.py")
    if not os.path.exists(path):
        return
    with open(path, encoding="utf-8") as f:
        text = f.read()
    marker = "# Only auto-generated Storage SOP Class UIDs below"
    if marker not in text:
        return
    listed = set(re.findall(r"^\w+ = UID\('([0-9.]+)'\)", text.split(marker, 1)[1], re.M))
    derived = {e[0] for e in entries if e[4] and not e[3]}
    if listed != derived:
        fail(f"storage SOP class rule disagrees with pydicom uid.py: {sorted(listed ^ derived)}")


def declared_members(pattern):
    """Member names declared in the hand-written partials, which generated properties must avoid."""
    names = set(OBJECT_MEMBERS)
    for path in sorted(glob.glob(os.path.join(REPO_ROOT, pattern))):
        if path.endswith(".g.cs"):
            continue
        with open(path, encoding="utf-8") as f:
            text = f.read()
        names.update(re.findall(r"\b(?:public|internal|private|protected)\b[^;{}()=]*?\b([A-Za-z_]\w*)\s*(?=[({;=])", text))
    return names


def header(extra):
    return [
        "// <auto-generated/>",
        f"// Generated by {SCRIPT_PATH}; do not edit by hand.",
        f"// {extra}",
        "#nullable enable",
        "",
    ]


def source_versions():
    versions = []
    for line in read_lines(os.path.join(DCMTK_DIR, "dicom.dic")):
        m = re.match(r"# Generated automatically from (.+)\.$", line)
        if m:
            versions.append(f"DCMTK dicom.dic ({m.group(1)})")
            break
    with open(os.path.join(PYDICOM_DIR, "_version.py"), encoding="utf-8") as f:
        m = re.search(r"__version__: str = '([^']+)'", f.read())
    versions.append(f"pydicom {m.group(1) if m else 'unknown'}")
    return "Sources: " + ", ".join(versions) + "."


def table_line(value, mask, vrs, vm, retired, keyword, name, creator=None):
    fields = [
        f"{value:08X}",
        "" if mask == 0xFFFFFFFF else f"{mask:08X}",
        "/".join(vrs),
        vm,
        "R" if retired else "",
        keyword,
        name,
    ]
    if creator is not None:
        fields.append(creator)
    for field in fields:
        if "|" in field or '"""' in field:
            fail(f"unencodable field {field!r}")
    return "|".join(fields)


TABLE_FORMAT = [
    "    // One entry per line: tag|mask|VRs|VM|R(etired)|keyword|name[|private creator], in hex.",
    "    // A tag matches an entry when (tag & mask) == (entry tag & mask); an empty mask means exact.",
]


def write_standard_table(entries, sources):
    lines = header(sources) + [
        "namespace Lantern.Dicom.Dictionary;",
        "",
        "public static partial class DicomDictionary",
        "{",
        f"    // {len(entries)} standard data elements of PS3.6, parsed once on first use.",
    ] + TABLE_FORMAT + [
        '    private static ReadOnlySpan<byte> StandardTable => """',
    ]
    lines += [table_line(*e) for e in entries]
    lines += ['"""u8;', "}"]
    return lines


def write_private_table(entries):
    lines = header("Source: DCMTK private.dic (private tags from vendors' conformance statements).") + [
        "namespace Lantern.Dicom.Dictionary;",
        "",
        "public static partial class DicomDictionary",
        "{",
        f"    // {len(entries)} private data elements; the element is the low byte unless the mask fixes the block.",
    ] + TABLE_FORMAT + [
        '    private static ReadOnlySpan<byte> PrivateTable => """',
    ]
    lines += [table_line(*e) for e in entries]
    lines += ['"""u8;', "}"]
    return lines


def write_tags(entries, sources):
    reserved = declared_members("src/Lantern.Dicom/Data/DicomTag*.cs")
    lines = header(sources) + [
        "namespace Lantern.Dicom.Data;",
        "",
        "public readonly partial struct DicomTag",
        "{",
    ]
    count = 0
    for value, mask, _, _, _, keyword, _ in entries:
        if keyword in reserved:
            continue
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", keyword):
            fail(f"keyword '{keyword}' is not an identifier")
        suffix = "" if mask == 0xFFFFFFFF else f" // repeating: mask {mask:08X}"
        lines.append(f"    public static DicomTag {keyword} => new(0x{value >> 16:04X}, 0x{value & 0xFFFF:04X});{suffix}")
        count += 1
    lines.append("}")
    return lines, count


def csharp_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_uids(entries):
    reserved = declared_members("src/Lantern.Dicom/Data/DicomUid*.cs")
    lines = header("Source: pydicom _uid_dict.py (PS3.6 Annex A UID registry).") + [
        "namespace Lantern.Dicom.Data;",
        "",
        "public sealed partial class DicomUid",
        "{",
        f"    // The {len(entries)} registered UIDs, in numeric order; the properties below index this array.",
        "    private static DicomUid[] CreateRegistry() =>",
        "    [",
    ]
    for uid, name, type_name, retired, storage, _ in entries:
        flags = f"{'true' if retired else 'false'}, {'true' if storage else 'false'}"
        lines.append(f"        new({csharp_string(uid)}, {csharp_string(name)}, DicomUidType.{type_name}, {flags}),")
    lines += ["    ];", ""]
    count = 0
    for index, (uid, _, _, _, _, keyword) in enumerate(entries):
        if not keyword or keyword in reserved:
            continue
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", keyword):
            fail(f"UID keyword '{keyword}' is not an identifier")
        lines.append(f"    public static DicomUid {keyword} => Registry.Entries[{index}]; // {uid}")
        count += 1
    lines.append("}")
    return lines, count


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output-dir", help="write the generated files flat into this directory")
    args = parser.parse_args()

    sources = source_versions()
    standard = load_standard()
    private = load_private()
    uids = load_uids()
    tag_lines, tag_count = write_tags(standard, sources)
    uid_lines, uid_count = write_uids(uids)
    files = {
        "DicomDictionary.g.cs": write_standard_table(standard, sources),
        "DicomPrivateDictionary.g.cs": write_private_table(private),
        "DicomTag.g.cs": tag_lines,
        "DicomUid.g.cs": uid_lines,
    }
    for file_name, lines in files.items():
        path = os.path.join(args.output_dir, file_name) if args.output_dir else os.path.join(REPO_ROOT, OUTPUTS[file_name])
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(lines) + "\n")
    masked = sum(1 for e in standard if e[1] != 0xFFFFFFFF)
    print(
        f"{len(standard)} standard entries ({masked} masked), {len(private)} private entries, "
        f"{tag_count} DicomTag properties, {len(uids)} UIDs ({uid_count} DicomUid properties)"
    )


if __name__ == "__main__":
    main()
