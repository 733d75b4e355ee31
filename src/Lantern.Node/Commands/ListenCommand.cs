using System.CommandLine;
using System.Net;
using System.Runtime.InteropServices;
using Lantern.Dicom.Data;
using Lantern.Dicom.Network.Association;
using Lantern.Dicom.Network.Scp;
using Microsoft.Extensions.Logging;

namespace Lantern.Node.Commands;

/// <summary>
/// <c>lantern listen --port P --out DIR</c>: a standalone C-STORE SCP, the storescp equivalent. Each
/// instance is durable in DIR before its success status is sent. Runs until SIGINT or SIGTERM.
/// </summary>
public static class ListenCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "TCP port to listen on.", Required = true };
        var aet = new Option<string>("--aet") { Description = "Our AE title; other called AE titles are rejected.", DefaultValueFactory = _ => "LANTERN" };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder to store received instances in.", Required = true };
        var allow = new Option<string?>("--allow") { Description = "Comma-separated calling AE titles allowed to associate (default: any)." };
        var maximum = new Option<int>("--max-associations") { Description = "Associations open at once; more are rejected as congestion.", DefaultValueFactory = _ => 16 };
        var certificate = new Option<FileInfo>("--tls-cert")
        {
            Description = "Serve DICOM TLS with this certificate: PEM (certificate, key, then any intermediates) or PFX.",
        }.AcceptExistingOnly();
        var requireClient = new Option<bool>("--tls-require-client-cert") { Description = "With --tls-cert: demand a client certificate the system trusts." };
        var clientAuthorities = new Option<FileInfo>("--tls-client-ca")
        {
            Description = "With --tls-cert: demand a client certificate issued by one of these CAs (PEM) instead of one the system trusts.",
        }.AcceptExistingOnly();
        var bind = new Option<string>("--bind") { Description = "Address to listen on.", DefaultValueFactory = _ => "0.0.0.0" };
        var prefer = new Option<string?>("--prefer")
        {
            Description = "Transfer syntax to accept first when proposed: explicit (default), implicit, big-endian or deflated.",
        };
        prefer.AcceptOnlyFromAmong("explicit", "implicit", "big-endian", "deflated");
        var artim = Seconds("--artim-timeout", "Seconds a peer may take to send its A-ASSOCIATE-RQ, and to close the connection after an A-ABORT, A-ASSOCIATE-RJ or A-RELEASE-RP (ARTIM).", 30);
        var idle = Seconds("--idle-timeout", "Seconds without a PDU after which an association is aborted.", 300);

        var command = new Command("listen", "Receives DICOM instances (C-STORE SCP) into a folder until stopped.");
        foreach (var option in new Option[] { port, aet, output, allow, maximum, certificate, requireClient, clientAuthorities, bind, prefer, artim, idle })
        {
            command.Options.Add(option);
        }

        command.Validators.Add(result =>
        {
            if (result.GetValue(certificate) is null && (result.GetValue(requireClient) || result.GetValue(clientAuthorities) is not null))
            {
                result.AddError("--tls-require-client-cert and --tls-client-ca need --tls-cert.");
            }
        });

        command.SetAction(async (parse, cancellationToken) =>
        {
            var directory = parse.GetValue(output)!.FullName;
            Directory.CreateDirectory(directory);
            using var loggers = LoggerFactory.Create(builder => builder.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
            }).SetMinimumLevel(LogLevel.Information));
            var logger = loggers.CreateLogger("lantern.listen");

            var options = new AssociationOptions
            {
                ApplicationEntityTitle = parse.GetValue(aet)!,
                AllowedCallingApplicationEntityTitles = parse.GetValue(allow) is { Length: > 0 } list
                    ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal)
                    : null,
                MaximumAssociations = parse.GetValue(maximum),
                ArtimTimeout = TimeSpan.FromSeconds(parse.GetValue(artim)),
                IdleTimeout = TimeSpan.FromSeconds(parse.GetValue(idle)),
            };
            if (parse.GetValue(prefer) is { } preferred)
            {
                options = options with { TransferSyntaxPreference = PreferFirst(options.TransferSyntaxPreference, preferred) };
            }

            DicomServerTls? tls = null;
            if (parse.GetValue(certificate) is { } file)
            {
                try
                {
                    tls = DicomServerTls.Load(file.FullName, null, parse.GetValue(requireClient), parse.GetValue(clientAuthorities)?.FullName);
                }
                catch (Exception e) when (NetworkFailure.IsUnusableFile(e))
                {
                    await parse.InvocationConfiguration.Error.WriteLineAsync($"lantern listen: {e.Message}").ConfigureAwait(false);
                    return 2;
                }
            }

            var swept = IncomingInstanceFile.SweepAbandoned(directory);
            if (swept > 0)
            {
                await parse.InvocationConfiguration.Output.WriteLineAsync($"removed {swept} partial file(s) left by an earlier run").ConfigureAwait(false);
            }

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                stop.Cancel();
            });
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
            {
                context.Cancel = true;
                stop.Cancel();
            });

            var server = new DicomServer(options, new FolderStoreHandler(directory), tls, logger: logger);
            try
            {
                server.Start(new IPEndPoint(IPAddress.Parse(parse.GetValue(bind)!), parse.GetValue(port)));
            }
            catch (System.Net.Sockets.SocketException e)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"lantern listen: cannot listen on port {parse.GetValue(port)}: {e.Message}").ConfigureAwait(false);
                return 1;
            }

            await parse.InvocationConfiguration.Output.WriteLineAsync(
                $"listening on {server.LocalEndPoint} as {options.ApplicationEntityTitle}{(tls is null ? string.Empty : " (TLS)")}, storing into {directory}").ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // SIGINT/SIGTERM: stop accepting, let open associations end.
            }

            await server.DisposeAsync().ConfigureAwait(false);
            await parse.InvocationConfiguration.Output.WriteLineAsync("stopped").ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static Option<double> Seconds(string name, string description, double defaultValue)
    {
        var option = new Option<double>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is not (> 0 and <= 86_400))
            {
                result.AddError($"{name} takes a number of seconds above 0 and at most 86400.");
            }
        });
        return option;
    }

    private static string[] PreferFirst(IReadOnlyList<string> preference, string name)
    {
        var uid = name switch
        {
            "implicit" => TransferSyntax.ImplicitVRLittleEndian.Uid,
            "big-endian" => TransferSyntax.ExplicitVRBigEndian.Uid,
            "deflated" => TransferSyntax.DeflatedExplicitVRLittleEndian.Uid,
            _ => TransferSyntax.ExplicitVRLittleEndian.Uid,
        };
        return [uid, .. preference.Where(u => u != uid)];
    }
}
