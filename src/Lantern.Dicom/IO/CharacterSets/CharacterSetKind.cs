namespace Lantern.Dicom.IO.CharacterSets;

/// <summary>How values are encoded under one defined term or a whole Specific Character Set.</summary>
internal enum CharacterSetKind : byte
{
    /// <summary>One 8-bit table without code extensions (the default repertoire, ISO_IR 100, ISO_IR 13, …).</summary>
    SingleByte,

    /// <summary>ISO 2022 code extensions: escape sequences designate the G0 and G1 sets.</summary>
    Iso2022,

    /// <summary>ISO_IR 192: UTF-8. Stand-alone; no code extensions.</summary>
    Utf8,

    /// <summary>GB18030. Stand-alone; no code extensions.</summary>
    Gb18030,

    /// <summary>GBK. Stand-alone; no code extensions.</summary>
    Gbk,
}
