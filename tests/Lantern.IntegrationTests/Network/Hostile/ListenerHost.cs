using Lantern.Dicom.Data;
using Lantern.IntegrationTests.Support;

namespace Lantern.IntegrationTests.Network.Hostile;

/// <summary>
/// One <c>lantern listen</c> for a test class (its tests run one after another), with its own folder,
/// and a freshly generated CT instance (its own UIDs) for the raw clients to store. Each test leaves
/// the listener running for the next: a hostile peer must not harm the ones after it either.
/// </summary>
internal sealed class ListenerHost : IDisposable
{
    private readonly TempDirectory _directory;

    private ListenerHost(TempDirectory directory, LanternListener listener, SampleInstance sample)
    {
        _directory = directory;
        Listener = listener;
        Sample = sample;
    }

    public LanternListener Listener { get; }

    public SampleInstance Sample { get; }

    /// <summary>The hostile peers against this listener, for a test class whose tests run one at a time.</summary>
    public HostileScenarios Scenarios => new(Listener, Sample, exclusive: true);

    public static async Task<ListenerHost> StartAsync(IEnumerable<string> extraArguments)
    {
        var directory = new TempDirectory("hostile");
        try
        {
            var sample = SampleInstance.Read(CtSeries.Write(directory.Subdirectory("sample"), 1, TransferSyntax.ExplicitVRLittleEndian, uniqueUids: true)[0]);
            var listener = await LanternListener.StartAsync(directory.Subdirectory("received"), extraArguments: extraArguments);
            return new ListenerHost(directory, listener, sample);
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Listener.Dispose();
        _directory.Dispose();
    }
}
