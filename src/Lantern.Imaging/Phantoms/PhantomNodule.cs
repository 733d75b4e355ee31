using Lantern.Imaging.Anatomy;

namespace Lantern.Imaging.Phantoms;

/// <summary>
/// One nodule of the ground truth: centre in patient LPS millimetres (the frame of the DICOM
/// positions), diameter of the sphere of equal volume, density class, attachment and lung side.
/// </summary>
public sealed record PhantomNodule(double X, double Y, double Z, double DiameterMm, NoduleType Type, NoduleAttachment Attachment, LungSide Side);
