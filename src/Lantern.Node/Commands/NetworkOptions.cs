using System.CommandLine;
using Lantern.Dicom.Network.Scu;

namespace Lantern.Node.Commands;

/// <summary>The peer options `echo` and `send` share (flag names are a contract other tools rely on).</summary>
internal sealed class NetworkOptions
{
    public Option<string> Host { get; } = new("--host") { Description = "The peer's host name or address.", Required = true };

    public Option<int> Port { get; } = new("--port") { Description = "The peer's DICOM port.", Required = true };

    public Option<string> Called { get; } = new("--called") { Description = "The peer's AE title (called AE).", DefaultValueFactory = _ => "ANY-SCP" };

    public Option<string> Calling { get; } = new("--calling") { Description = "Our AE title (calling AE).", DefaultValueFactory = _ => "LANTERN" };

    public Option<bool> Tls { get; } = new("--tls") { Description = "Use DICOM TLS (TLS 1.2/1.3)." };

    public Option<FileInfo> TlsTrust { get; } = new Option<FileInfo>("--tls-trust")
    {
        Description = "With --tls: the certificate (PEM or DER) to trust for the peer, its own or its CA's, instead of the system store.",
    }.AcceptExistingOnly();

    public Option<FileInfo> TlsCertificate { get; } = new Option<FileInfo>("--tls-cert")
    {
        Description = "With --tls: our client certificate, for peers that demand one: PEM (certificate and key) or PFX.",
    }.AcceptExistingOnly();

    public void AddTo(Command command)
    {
        command.Options.Add(Host);
        command.Options.Add(Port);
        command.Options.Add(Called);
        command.Options.Add(Calling);
        command.Options.Add(Tls);
        command.Options.Add(TlsTrust);
        command.Options.Add(TlsCertificate);
    }

    /// <summary>The options given; null, with the reason written for the user, when a TLS file cannot be used.</summary>
    public DicomClientOptions? Read(ParseResult parse, string commandName)
    {
        DicomClientTls? tls = null;
        if (parse.GetValue(Tls))
        {
            try
            {
                tls = DicomClientTls.Load(parse.GetValue(TlsTrust)?.FullName, parse.GetValue(TlsCertificate)?.FullName);
            }
            catch (Exception e) when (NetworkFailure.IsUnusableFile(e))
            {
                parse.InvocationConfiguration.Error.WriteLine($"lantern {commandName}: {e.Message}");
                return null;
            }
        }

        return new DicomClientOptions
        {
            Host = parse.GetValue(Host)!,
            Port = parse.GetValue(Port),
            CalledApplicationEntityTitle = parse.GetValue(Called)!,
            CallingApplicationEntityTitle = parse.GetValue(Calling)!,
            Tls = tls,
        };
    }

    public static string Describe(DicomClientOptions options) =>
        $"{options.CalledApplicationEntityTitle}@{options.Host}:{options.Port}{(options.Tls is null ? string.Empty : " (TLS)")}";
}
