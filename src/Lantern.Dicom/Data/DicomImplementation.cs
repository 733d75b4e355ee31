namespace Lantern.Dicom.Data;

/// <summary>Who wrote a file or opened an association: Implementation Class UID and Version Name (PS3.7 §D.3.3.2).</summary>
public static class DicomImplementation
{
    /// <summary>Made once under the UUID root "2.25." for Lantern; fixed for every version.</summary>
    public const string ClassUid = "2.25.226834019716160598059026788873650635829";

    /// <summary>SH, at most 16 characters.</summary>
    public const string VersionName = "LANTERN_0.1";
}
