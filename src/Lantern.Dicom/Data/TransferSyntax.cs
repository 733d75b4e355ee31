namespace Lantern.Dicom.Data;

/// <summary>
/// How a data set is encoded (PS3.5 §10): VR explicit or implicit, byte order, deflate, and whether
/// Pixel Data is encapsulated. Unknown UIDs are taken as an encapsulated Explicit VR Little Endian
/// syntax, which is what every compressed transfer syntax is.
/// </summary>
public sealed class TransferSyntax : IEquatable<TransferSyntax>
{
    private TransferSyntax(string uid, string name, bool isExplicitVR, bool isBigEndian, bool isDeflated, bool isEncapsulated)
    {
        Uid = uid;
        Name = name;
        IsExplicitVR = isExplicitVR;
        IsBigEndian = isBigEndian;
        IsDeflated = isDeflated;
        IsEncapsulated = isEncapsulated;
    }

    public static TransferSyntax ImplicitVRLittleEndian { get; } =
        new("1.2.840.10008.1.2", "Implicit VR Little Endian", false, false, false, false);

    public static TransferSyntax ExplicitVRLittleEndian { get; } =
        new("1.2.840.10008.1.2.1", "Explicit VR Little Endian", true, false, false, false);

    public static TransferSyntax DeflatedExplicitVRLittleEndian { get; } =
        new("1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian", true, false, true, false);

    public static TransferSyntax ExplicitVRBigEndian { get; } =
        new("1.2.840.10008.1.2.2", "Explicit VR Big Endian", true, true, false, false);

    /// <summary>The four syntaxes that carry native (not encapsulated) pixel data.</summary>
    public static IReadOnlyList<TransferSyntax> Uncompressed { get; } =
        [ImplicitVRLittleEndian, ExplicitVRLittleEndian, DeflatedExplicitVRLittleEndian, ExplicitVRBigEndian];

    public string Uid { get; }

    public string Name { get; }

    public bool IsExplicitVR { get; }

    public bool IsBigEndian { get; }

    public bool IsDeflated { get; }

    public bool IsEncapsulated { get; }

    public static TransferSyntax Lookup(string uid)
    {
        uid = uid.TrimEnd('\0', ' ');
        foreach (var known in Uncompressed)
        {
            if (known.Uid == uid)
            {
                return known;
            }
        }

        var name = DicomUid.Lookup(uid).Name;
        return new TransferSyntax(uid, name, true, false, false, true);
    }

    public bool Equals(TransferSyntax? other) => other is not null && Uid == other.Uid;

    public override bool Equals(object? obj) => Equals(obj as TransferSyntax);

    public override int GetHashCode() => Uid.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => $"{Name} [{Uid}]";
}
