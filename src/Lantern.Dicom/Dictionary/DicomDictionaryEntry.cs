using Lantern.Dicom.Data;

namespace Lantern.Dicom.Dictionary;

/// <summary>
/// What PS3.6 (or a vendor, for private tags) says about one data element. An entry for repeating
/// groups or element ranges, such as Overlay Data (60xx,3000), carries a <see cref="Mask"/>: its
/// <see cref="Tag"/> is then one representative of the tags it matches, e.g. (6000,3000).
/// </summary>
public sealed class DicomDictionaryEntry
{
    internal DicomDictionaryEntry(
        DicomTag tag, uint mask, IReadOnlyList<DicomVR> valueRepresentations, string valueMultiplicity,
        bool isRetired, string keyword, string name)
    {
        Tag = tag;
        Mask = mask;
        ValueRepresentations = valueRepresentations;
        ValueMultiplicity = valueMultiplicity;
        IsRetired = isRetired;
        Keyword = keyword;
        Name = name;
    }

    public DicomTag Tag { get; }

    /// <summary>
    /// The bits of <see cref="DicomTag.Value"/> a tag must share with <see cref="Tag"/> to match:
    /// 0xFFFFFFFF for a single tag, 0xFF01FFFF for an even repeating group (60xx), 0xFFFF00FF for a
    /// private element whose block is chosen by its creator.
    /// </summary>
    public uint Mask { get; }

    public bool IsRepeating => Mask != uint.MaxValue;

    public string Keyword { get; }

    public string Name { get; }

    /// <summary>
    /// The VRs the element may have; the first is the one to assume in Implicit VR. Empty for the
    /// item and delimitation tags, which have no VR.
    /// </summary>
    public IReadOnlyList<DicomVR> ValueRepresentations { get; }

    /// <summary>PS3.6 notation: "1", "1-n", "2-2n", ...</summary>
    public string ValueMultiplicity { get; }

    public bool IsRetired { get; }

    /// <summary>True when <paramref name="tag"/> is this element (same private creator, for private entries).</summary>
    public bool Matches(DicomTag tag) =>
        (tag.Value & Mask) == (Tag.Value & Mask)
        && (Tag.PrivateCreator is null || string.Equals(tag.PrivateCreator, Tag.PrivateCreator, StringComparison.Ordinal));

    public override string ToString() => $"{Tag} {Keyword}";
}
