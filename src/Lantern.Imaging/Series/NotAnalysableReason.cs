namespace Lantern.Imaging.Series;

/// <summary>Why a series cannot be made into a CT volume; the exception's message gives the particulars.</summary>
public enum NotAnalysableReason
{
    /// <summary>The folder holds no readable DICOM image.</summary>
    NoImages,

    /// <summary>The folder holds several CT series; pick one with <see cref="SeriesScanner"/>.</summary>
    MultipleSeries,

    /// <summary>Modality or SOP class is not CT.</summary>
    NotCt,

    /// <summary>Image Type (or Frame Type) says LOCALIZER: a scout, not a volume.</summary>
    Localizer,

    /// <summary>Pixel data is compressed in a syntax we do not decode yet.</summary>
    UnsupportedTransferSyntax,

    /// <summary>Pixel data is not one sample of 16 bits, or does not hold the frames the header promises.</summary>
    UnsupportedPixelData,

    /// <summary>A geometry or pixel attribute the volume needs is missing or malformed.</summary>
    MissingAttribute,

    /// <summary>Slices differ in size, pixel spacing, orientation or frame of reference, or are not stacked.</summary>
    InconsistentGeometry,

    /// <summary>Slices are sheared along the slice normal (gantry tilt).</summary>
    GantryTilt,

    /// <summary>Different instances lie at the same position.</summary>
    DuplicateSlices,

    /// <summary>Slice spacing is not uniform: missing slices or irregular positions.</summary>
    SliceGap,

    /// <summary>Fewer slices than <see cref="VolumeLoadOptions.MinimumSliceCount"/>.</summary>
    TooFewSlices,

    /// <summary>The voxels would not fit in one array.</summary>
    TooLarge,

    /// <summary>An instance could not be read (truncated or corrupt file).</summary>
    UnreadableInstance,
}
