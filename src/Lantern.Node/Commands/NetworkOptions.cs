using System.CommandLine;
using System.Security.Cryptography.X509Certificates;
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

    public Option<FileInfo?> TlsTrust { get; } = new("--tls-trust") { Description = "With --tls: a PEM certificate to trust for the peer (its own or its CA's) besides the system store." };

    public void AddTo(Command command)
    {
        command.Options.Add(Host);
        command.Options.Add(Port);
        command.Options.Add(Called);
        command.Options.Add(Calling);
        command.Options.Add(Tls);
        command.Options.Add(TlsTrust);
    }

    public DicomClientOptions Read(ParseResult parse)
    {
        DicomClientTls? tls = null;
        if (parse.GetValue(Tls))
        {
            var trust = parse.GetValue(TlsTrust);
            tls = new DicomClientTls(trust is null ? null : X509Certificate2.CreateFromPemFile(trust.FullName));
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
