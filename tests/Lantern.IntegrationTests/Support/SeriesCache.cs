using System.Collections.Concurrent;
using Lantern.Dicom.Data;

namespace Lantern.IntegrationTests.Support;

/// <summary>
/// Generated CT series shared by the tests of one class (<c>IClassFixture&lt;SeriesCache&gt;</c>):
/// each (count, syntax) is written once, on first use, with the fixed UIDs of <see cref="CtSeries"/>,
/// and deleted with the fixture. Treat the files as read-only. A 300-slice series takes a few seconds
/// to write, so a class that sends one series to several peers writes it once. Each test still has
/// its own receivers, so that the same UIDs arriving twice never meet.
/// </summary>
public sealed class SeriesCache : IDisposable
{
    private readonly TempDirectory _directory = new("series");
    private readonly ConcurrentDictionary<(int Count, string Syntax), Lazy<IReadOnlyList<string>>> _series = new();

    /// <summary>The paths of a <paramref name="count"/>-slice series in <paramref name="syntax"/>, in slice order.</summary>
    public IReadOnlyList<string> Get(int count, TransferSyntax syntax)
    {
        ArgumentNullException.ThrowIfNull(syntax);
        var lazy = _series.GetOrAdd(
            (count, syntax.Uid),
            key => new Lazy<IReadOnlyList<string>>(() => CtSeries.Write(Path.Combine(_directory.Path, $"{key.Count}-{key.Syntax}"), key.Count, syntax)));
        return lazy.Value;
    }

    public void Dispose() => _directory.Dispose();
}
