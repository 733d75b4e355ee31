using System.Collections.ObjectModel;

namespace Lantern.Dicom.Data;

/// <summary>An SQ element: an ordered list of item data sets.</summary>
public sealed class DicomSequence : DicomElement
{
    public DicomSequence(DicomTag tag, params IEnumerable<DicomDataset> items)
        : base(tag, DicomVR.SQ)
    {
        Items = new ItemList(this);
        foreach (var item in items)
        {
            Items.Add(item);
        }
    }

    public Collection<DicomDataset> Items { get; }

    /// <summary>The data set this sequence belongs to; items inherit its Specific Character Set.</summary>
    internal DicomDataset? Owner { get; set; }

    private sealed class ItemList(DicomSequence sequence) : Collection<DicomDataset>
    {
        protected override void InsertItem(int index, DicomDataset item)
        {
            item.Parent = sequence;
            base.InsertItem(index, item);
        }

        protected override void SetItem(int index, DicomDataset item)
        {
            item.Parent = sequence;
            base.SetItem(index, item);
        }
    }
}
