namespace Lantern.Dicom.Tests.Conformance;

/// <summary>One difference between our DICOM JSON and another tool's, at a path such as "0040A730[0].00080100".</summary>
/// <param name="File">The corpus file, relative to the corpus root.</param>
/// <param name="Path">Keys and item indexes down to the element or value; empty for the file as a whole.</param>
/// <param name="Text">What differs, with both sides shown.</param>
/// <param name="Theirs">The other tool's element as compact JSON, where the difference is about one.</param>
/// <param name="TheirsOutsidePrintableAscii">The other tool's value holds escapes, controls or characters past '~'.</param>
internal sealed record JsonDisagreement(string File, string Path, string Text, string? Theirs = null, bool TheirsOutsidePrintableAscii = false)
{
    public override string ToString() => $"{File}: {(Path.Length == 0 ? "(file)" : Path)}: {Text}";
}
