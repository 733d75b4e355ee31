using Lantern.Dicom.IO.Buffers;

namespace Lantern.Dicom.Data;

/// <summary>
/// Encapsulated Pixel Data (PS3.5 §A.4): the Basic Offset Table item, possibly empty, then the
/// fragments of the compressed frames, each kept exactly as stored.
/// </summary>
public sealed class DicomFragmentSequence : DicomElement
{
    public DicomFragmentSequence(DicomTag tag, DicomVR vr, DicomBuffer offsetTable, IEnumerable<DicomBuffer> fragments)
        : base(tag, vr)
    {
        OffsetTable = offsetTable;
        Fragments = [.. fragments];
    }

    /// <summary>The first item's bytes: 32-bit offsets of each frame's first fragment, or empty.</summary>
    public DicomBuffer OffsetTable { get; }

    public IList<DicomBuffer> Fragments { get; }
}
