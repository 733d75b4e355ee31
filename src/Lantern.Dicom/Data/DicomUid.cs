using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Lantern.Dicom.Data;

/// <summary>The kinds of registered UID in PS3.6 Annex A; <see cref="Unknown"/> for any other UID.</summary>
public enum DicomUidType
{
    Unknown,
    TransferSyntax,
    SopClass,
    MetaSopClass,
    WellKnownSopInstance,
    WellKnownPrinterSopInstance,
    WellKnownPrintQueueSopInstance,
    WellKnownFrameOfReference,
    SynchronizationFrameOfReference,
    CodingScheme,
    DicomUidsAsCodingScheme,
    ApplicationContextName,
    ServiceClass,
    ApplicationHostingModel,
    MappingResource,
    LdapOid,
}

/// <summary>
/// A unique identifier (PS3.5 §9). Registered UIDs are shared instances that know their name and
/// kind; any other UID is <see cref="DicomUidType.Unknown"/>. Equal when the strings are equal.
/// </summary>
public sealed partial class DicomUid : IEquatable<DicomUid>
{
    public const int MaximumLength = 64;

    private DicomUid(string value, string name, DicomUidType type, bool isRetired, bool isStorageSopClass)
    {
        Value = value;
        // Two retired registry entries have no name; the UID itself is the best label then.
        Name = name.Length == 0 ? value : name;
        Type = type;
        IsRetired = isRetired;
        IsStorageSopClass = isStorageSopClass;
    }

    public string Value { get; }

    /// <summary>The registered name, e.g. "CT Image Storage"; the UID itself when not registered.</summary>
    public string Name { get; }

    public DicomUidType Type { get; }

    public bool IsRetired { get; }

    /// <summary>A SOP class of the Storage Service Class (not Storage Commitment), retired ones included.</summary>
    public bool IsStorageSopClass { get; }

    /// <summary>Validates <paramref name="value"/> and returns its registry entry or a new Unknown UID.</summary>
    public static DicomUid Parse(string value)
    {
        if (!IsValid(value))
        {
            throw new FormatException($"'{value}' is not a valid DICOM UID.");
        }

        return Lookup(value);
    }

    public static bool TryParse([NotNullWhen(true)] string? value, [NotNullWhen(true)] out DicomUid? uid)
    {
        uid = value is not null && IsValid(value) ? Lookup(value) : null;
        return uid is not null;
    }

    /// <summary>
    /// At most 64 characters of digit components separated by single dots, with no leading zero in a
    /// component of more than one digit.
    /// </summary>
    public static bool IsValid(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty || value.Length > MaximumLength)
        {
            return false;
        }

        var componentStart = 0;
        for (var i = 0; i <= value.Length; i++)
        {
            if (i == value.Length || value[i] == '.')
            {
                var length = i - componentStart;
                if (length == 0 || (length > 1 && value[componentStart] == '0'))
                {
                    return false;
                }

                componentStart = i + 1;
            }
            else if (!char.IsAsciiDigit(value[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The registry entry for <paramref name="value"/>, or an Unknown UID; does not validate.</summary>
    public static DicomUid Lookup(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Registry.ByValue.TryGetValue(value, out var uid)
            ? uid
            : new DicomUid(value, value, DicomUidType.Unknown, false, false);
    }

    /// <summary>A new UID "2.25.&lt;n&gt;" where n is a random UUID read as a 128-bit integer (PS3.5 §B.2).</summary>
    public static DicomUid Generate() => FromUuid(Guid.NewGuid());

    /// <summary>The UUID-derived UID of ITU-T X.667: the UUID's RFC 4122 (big-endian) bytes as one number.</summary>
    internal static DicomUid FromUuid(Guid uuid)
    {
        Span<byte> bytes = stackalloc byte[16];
        uuid.TryWriteBytes(bytes, bigEndian: true, out _);
        var number = BinaryPrimitives.ReadUInt128BigEndian(bytes);
        var value = string.Create(CultureInfo.InvariantCulture, $"2.25.{number}");
        return new DicomUid(value, value, DicomUidType.Unknown, false, false);
    }

    public bool Equals(DicomUid? other) =>
        other is not null && string.Equals(Value, other.Value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as DicomUid);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    public static bool operator ==(DicomUid? left, DicomUid? right) => left?.Equals(right) ?? right is null;

    public static bool operator !=(DicomUid? left, DicomUid? right) => !(left == right);

    public override string ToString() => Value;

    // A holder class so the registry is built on first lookup, once and thread-safely, by the runtime.
    private static class Registry
    {
        public static readonly DicomUid[] Entries = CreateRegistry();

        public static readonly Dictionary<string, DicomUid> ByValue =
            Entries.ToDictionary(uid => uid.Value, StringComparer.Ordinal);
    }
}
