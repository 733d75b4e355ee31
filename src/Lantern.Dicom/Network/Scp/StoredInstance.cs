namespace Lantern.Dicom.Network.Scp;

/// <summary>An instance durably on disk under its final name; its success status has not been sent yet.</summary>
public sealed record StoredInstance(StoreRequest Request, string Path, long DatasetLength);
