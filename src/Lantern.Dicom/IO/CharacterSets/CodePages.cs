using System.Text;

namespace Lantern.Dicom.IO.CharacterSets;

/// <summary>
/// The Windows/ISO code page tables that ship with .NET (System.Text.Encoding.CodePages). They are
/// taken straight from <see cref="CodePagesEncodingProvider.Instance"/> rather than through
/// <see cref="Encoding.RegisterProvider"/>, so reading DICOM never changes process-wide state.
/// </summary>
internal static class CodePages
{
    public const string ReplacementCharacter = "\uFFFD";

    /// <summary>An encoding that decodes invalid bytes to U+FFFD and encodes unmappable characters as <paramref name="encoderReplacement"/>, or throws when it is null.</summary>
    public static Encoding Get(int codePage, string? encoderReplacement = null)
    {
        var encoderFallback = encoderReplacement is null
            ? EncoderFallback.ExceptionFallback
            : new EncoderReplacementFallback(encoderReplacement);
        var decoderFallback = new DecoderReplacementFallback(ReplacementCharacter);
        return CodePagesEncodingProvider.Instance.GetEncoding(codePage, encoderFallback, decoderFallback)
            ?? throw new InvalidOperationException($"Code page {codePage} is not available in this runtime.");
    }
}
