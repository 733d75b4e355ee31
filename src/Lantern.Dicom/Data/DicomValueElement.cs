using Lantern.Dicom.IO.Buffers;

namespace Lantern.Dicom.Data;

/// <summary>An element holding a value of any VR but SQ: text, binary numbers or bulk bytes.</summary>
public sealed class DicomValueElement : DicomElement
{
    public DicomValueElement(DicomTag tag, DicomVR vr, DicomBuffer buffer)
        : base(tag, vr)
    {
        if (vr.IsSequence)
        {
            throw new ArgumentException($"{tag}: a value element cannot have VR SQ; use DicomSequence.", nameof(vr));
        }

        Buffer = buffer;
    }

    /// <summary>The value bytes in little-endian order, as stored (text keeps its padding).</summary>
    public DicomBuffer Buffer { get; }

    public long Length => Buffer.Length;
}
