namespace Lantern.Imaging.Tests.Support;

/// <summary>
/// A test on the real CT scans in <c>../shared/data</c> beside the repository (never copied into it):
/// skipped, with the reason shown, on machines that do not have them.
/// </summary>
internal sealed class RealDataFactAttribute : FactAttribute
{
    public RealDataFactAttribute(string folder)
    {
        if (RealData.Find(folder) is null)
        {
            Skip = $"real CT data '{folder}' not found beside the repository (../shared/data/{folder})";
        }
    }
}
