namespace Lantern.Dicom.Data;

/// <summary>
/// A PN value (PS3.5 §6.2.1): up to three component groups — alphabetic, ideographic, phonetic —
/// separated by '=', each of five components (family, given, middle, prefix, suffix) separated by '^'.
/// </summary>
public sealed record DicomPersonName(string Alphabetic, string Ideographic, string Phonetic)
{
    public static DicomPersonName Parse(string value)
    {
        var groups = value.Split('=');
        return new DicomPersonName(
            groups[0].TrimEnd(' '),
            groups.Length > 1 ? groups[1].TrimEnd(' ') : string.Empty,
            groups.Length > 2 ? groups[2].TrimEnd(' ') : string.Empty);
    }

    public string FamilyName => Component(Alphabetic, 0);

    public string GivenName => Component(Alphabetic, 1);

    public string MiddleName => Component(Alphabetic, 2);

    public string NamePrefix => Component(Alphabetic, 3);

    public string NameSuffix => Component(Alphabetic, 4);

    /// <summary>The five components of one group ('^'-separated), missing ones empty.</summary>
    public static string Component(string group, int index)
    {
        var parts = group.Split('^');
        return index < parts.Length ? parts[index] : string.Empty;
    }

    /// <summary>The value as encoded: trailing empty groups omitted.</summary>
    public override string ToString() =>
        Phonetic.Length > 0 ? $"{Alphabetic}={Ideographic}={Phonetic}"
        : Ideographic.Length > 0 ? $"{Alphabetic}={Ideographic}"
        : Alphabetic;
}
