using System.CommandLine;
using System.Diagnostics;
using Lantern.Dicom.Network.Scu;

namespace Lantern.Node.Commands;

/// <summary><c>lantern echo --host H --port P</c>: a C-ECHO, like DCMTK's echoscu.</summary>
public static class EchoCommand
{
    public static Command Create()
    {
        var network = new NetworkOptions();
        var command = new Command("echo", "Checks that a DICOM peer answers (C-ECHO).");
        network.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (network.Read(parse, "echo") is not { } options)
            {
                return 2;
            }

            var peer = NetworkOptions.Describe(options);
            var clock = Stopwatch.StartNew();
            try
            {
                var status = await DicomClient.EchoAsync(options, cancellationToken).ConfigureAwait(false);
                if (!status.IsSuccess)
                {
                    await parse.InvocationConfiguration.Error.WriteLineAsync($"lantern echo: {peer} answered {status}").ConfigureAwait(false);
                    return 1;
                }

                await parse.InvocationConfiguration.Output.WriteLineAsync($"C-ECHO {peer}: success in {clock.ElapsedMilliseconds} ms").ConfigureAwait(false);
                return 0;
            }
            catch (Exception e) when (NetworkFailure.IsExpected(e))
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"lantern echo: {peer}: {NetworkFailure.Describe(e)}").ConfigureAwait(false);
                return 1;
            }
        });
        return command;
    }
}
