namespace Lantern.Dicom.IO.CharacterSets;

/// <summary>The shape of a coded graphic character set in the ISO 2022 code table (PS3.5 §6.1.2.4).</summary>
internal enum GraphicSetKind : byte
{
    /// <summary>94 one-byte characters at 0x21–0x7E: ISO-IR 6, ISO-IR 14, ISO-IR 13.</summary>
    Single94,

    /// <summary>96 one-byte characters at 0x20–0x7F, always used in GR: the ISO 8859 upper halves and TIS 620.</summary>
    Single96,

    /// <summary>94×94 two-byte characters, each byte 0x21–0x7E: JIS X 0208, JIS X 0212, KS X 1001, GB 2312.</summary>
    Double94,
}
