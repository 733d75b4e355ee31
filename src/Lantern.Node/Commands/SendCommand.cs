using System.CommandLine;
using System.Diagnostics;
using Lantern.Dicom.Network.Scu;

namespace Lantern.Node.Commands;

/// <summary><c>lantern send --host H --port P PATH...</c>: C-STORE of files and folders, like DCMTK's storescu +sd.</summary>
public static class SendCommand
{
    public static Command Create()
    {
        var network = new NetworkOptions();
        var associations = new Option<int>("--associations") { Description = "Associations to send over in parallel.", DefaultValueFactory = _ => 1 };
        var paths = new Argument<string[]>("PATH") { Description = "Files or folders (searched recursively) to send.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("send", "Sends DICOM files to a peer (C-STORE).");
        network.AddTo(command);
        command.Options.Add(associations);
        command.Arguments.Add(paths);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (network.Read(parse, "send") is not { } options)
            {
                return 2;
            }

            var peer = NetworkOptions.Describe(options);
            var error = parse.InvocationConfiguration.Error;
            var clock = Stopwatch.StartNew();
            var results = await DicomClient.SendAsync(options, parse.GetValue(paths)!, parse.GetValue(associations), cancellationToken).ConfigureAwait(false);
            var failed = results.Where(r => !r.Succeeded).ToList();
            foreach (var failure in failed)
            {
                var why = failure.Error ?? failure.Status.ToString();
                await error.WriteLineAsync($"lantern send: {failure.Path}: {why}").ConfigureAwait(false);
            }

            var seconds = Math.Max(clock.Elapsed.TotalSeconds, 1e-3);
            var summary = $"sent {results.Count - failed.Count} of {results.Count} instance(s) to {peer} in {seconds:0.00} s ({(results.Count - failed.Count) / seconds:0} instances/s)";
            if (failed.Count > 0)
            {
                await error.WriteLineAsync($"lantern send: {summary}; {failed.Count} failed").ConfigureAwait(false);
                return 1;
            }

            await parse.InvocationConfiguration.Output.WriteLineAsync(summary).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
