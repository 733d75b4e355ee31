using System.Globalization;
using Lantern.Dicom.Data;

namespace Lantern.Imaging.Tests.Support;

/// <summary>
/// An Enhanced CT Image (multi-frame, PS3.3 §A.38) made from a <see cref="SyntheticCt"/>: pixel
/// measures and orientation in the Shared Functional Groups, each frame's plane position in its
/// Per-Frame Functional Groups item, frames stored in a given order.
/// </summary>
internal static class EnhancedCt
{
    /// <param name="frameOrder">Slice k of <paramref name="ct"/> for each stored frame.</param>
    /// <param name="rescalePerFrame">Pixel Value Transformation per frame (else shared, from slice 0).</param>
    public static DicomDataset Build(SyntheticCt ct, int[] frameOrder, bool rescalePerFrame, string frameType = "ORIGINAL\\PRIMARY\\AXIAL\\NONE")
    {
        var ds = ct.Header();
        ds.AddOrUpdate(DicomTag.SOPClassUID, DicomVR.UI, DicomUid.EnhancedCTImageStorage.Value);
        ds.AddOrUpdate(DicomTag.SOPInstanceUID, DicomVR.UI, DicomUid.Generate().Value);
        ds.AddOrUpdate(DicomTag.InstanceNumber, DicomVR.IS, "1");
        ds.AddOrUpdate(DicomTag.NumberOfFrames, DicomVR.IS, frameOrder.Length.ToString(CultureInfo.InvariantCulture));

        var shared = new DicomDataset();
        shared.AddOrReplace(new DicomSequence(DicomTag.PixelMeasuresSequence, Item(d =>
        {
            d.AddOrUpdate(DicomTag.PixelSpacing, DicomVR.DS, SyntheticCt.Ds(ct.BetweenRows), SyntheticCt.Ds(ct.BetweenColumns));
            d.AddOrUpdate(DicomTag.SliceThickness, DicomVR.DS, "5");
        })));
        shared.AddOrReplace(new DicomSequence(DicomTag.PlaneOrientationSequence, Item(d =>
            d.AddOrUpdate(DicomTag.ImageOrientationPatient, DicomVR.DS, [.. SyntheticCt.Ds(ct.RowDirection), .. SyntheticCt.Ds(ct.ColumnDirection)]))));
        shared.AddOrReplace(new DicomSequence(DicomTag.CTImageFrameTypeSequence, Item(d =>
            d.AddOrUpdate(DicomTag.FrameType, DicomVR.CS, frameType.Split('\\')))));
        if (!rescalePerFrame)
        {
            shared.AddOrReplace(Rescale(ct, 0));
        }

        var perFrame = new DicomSequence(DicomTag.PerFrameFunctionalGroupsSequence);
        var pixels = new MemoryStream();
        for (var i = 0; i < frameOrder.Length; i++)
        {
            var k = frameOrder[i];
            var frame = new DicomDataset();
            frame.AddOrReplace(new DicomSequence(DicomTag.FrameContentSequence, Item(d =>
                d.AddOrUpdate(DicomTag.InStackPositionNumber, DicomVR.UL, (uint)(k + 1)))));
            frame.AddOrReplace(new DicomSequence(DicomTag.PlanePositionSequence, Item(d =>
                d.AddOrUpdate(DicomTag.ImagePositionPatient, DicomVR.DS, SyntheticCt.Ds(ct.Position(k))))));
            if (rescalePerFrame)
            {
                frame.AddOrReplace(Rescale(ct, k));
            }

            perFrame.Items.Add(frame);
            pixels.Write(ct.Pixels(k));
        }

        ds.AddOrReplace(new DicomSequence(DicomTag.SharedFunctionalGroupsSequence, shared));
        ds.AddOrReplace(perFrame);
        ds.AddOrUpdate(DicomTag.PixelData, DicomVR.OW, (ReadOnlyMemory<byte>)pixels.ToArray());
        return ds;
    }

    private static DicomSequence Rescale(SyntheticCt ct, int k) =>
        new(DicomTag.PixelValueTransformationSequence, Item(d =>
        {
            var (slope, intercept) = ct.Rescale(k);
            d.AddOrUpdate(DicomTag.RescaleSlope, DicomVR.DS, SyntheticCt.Ds(slope));
            d.AddOrUpdate(DicomTag.RescaleIntercept, DicomVR.DS, SyntheticCt.Ds(intercept));
            d.AddOrUpdate(DicomTag.RescaleType, DicomVR.LO, "HU");
        }));

    private static DicomDataset Item(Action<DicomDataset> fill)
    {
        var item = new DicomDataset();
        fill(item);
        return item;
    }
}
