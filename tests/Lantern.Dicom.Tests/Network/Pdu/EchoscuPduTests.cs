using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Lantern.Dicom.Network.Pdu;
using static Lantern.Dicom.Tests.Network.Pdu.PduBytes;

namespace Lantern.Dicom.Tests.Network.Pdu;

/// <summary>
/// The PDUs DCMTK's <c>echoscu</c> really sends (installed with <c>apt-get install dcmtk</c>;
/// ./test.sh does), caught on a loopback listener and parsed; and our answers, which echoscu reads.
/// </summary>
public sealed class EchoscuPduTests
{
    private const string Verification = "1.2.840.10008.1.1";
    private const string ImplicitLittle = "1.2.840.10008.1.2";
    private const uint Limit = 1024 * 1024;

    [Fact]
    public async Task Parse_EchoscuRequest_CallingCalledAndVerification()
    {
        var (request, raw) = await ConverseAsync(["-aec", "ANY-SCP"], RejectAsync);

        Assert.Equal("ECHOSCU", request.CallingAE);
        Assert.Equal("ANY-SCP", request.CalledAE);
        Assert.True((request.ProtocolVersion & 1) != 0);
        Assert.Equal(AssociateRequest.DicomApplicationContextName, request.ApplicationContextName);
        var context = Assert.Single(request.PresentationContexts);
        Assert.Equal(1, context.Id);
        Assert.Equal(Verification, context.AbstractSyntax);
        Assert.Contains(ImplicitLittle, context.TransferSyntaxes);
        Assert.Equal(16384u, request.UserInformation.MaximumLength);
        Assert.StartsWith("1.2.276.0.7230010.3", request.UserInformation.ImplementationClassUid, StringComparison.Ordinal);
        Assert.StartsWith("OFFIS_DCMTK", request.UserInformation.ImplementationVersionName, StringComparison.Ordinal);

        // Our encoding of what we parsed is DCMTK's, byte for byte, reserved fields aside.
        Assert.Equal(WithReservedCleared(raw), Written(request.WriteTo));
    }

    [Fact]
    public async Task Parse_EchoscuProposing128ContextsOf38TransferSyntaxes_ReadsThemAll()
    {
        var (request, raw) = await ConverseAsync(["-aet", "LANTERN_TEST", "-aec", "STORESCP", "-ppc", "128", "-pts", "38", "-pdu", "131072"], RejectAsync);

        Assert.Equal("LANTERN_TEST", request.CallingAE);
        Assert.Equal("STORESCP", request.CalledAE);
        Assert.Equal(AssociateRequest.MaxPresentationContexts, request.PresentationContexts.Count);
        Assert.Equal(Enumerable.Range(0, 128).Select(i => (byte)((2 * i) + 1)), request.PresentationContexts.Select(c => c.Id));
        Assert.All(request.PresentationContexts, c => Assert.Equal(Verification, c.AbstractSyntax));
        Assert.All(request.PresentationContexts, c => Assert.Equal(38, c.TransferSyntaxes.Count));
        Assert.Equal(131072u, request.UserInformation.MaximumLength);
        Assert.Equal(WithReservedCleared(raw), Written(request.WriteTo));
    }

    [Fact]
    public async Task WriteTo_AcceptWithRefusedContexts_EchoscuSendsItsCommandOnTheAcceptedOne()
    {
        PresentationDataValue? command = null;
        byte[]? commandBytes = null;
        await ConverseAsync(["-ppc", "3"], async (request, reader, stream, cancellationToken) =>
        {
            var accept = new AssociateAccept
            {
                CalledAE = request.CalledAE,
                CallingAE = request.CallingAE,
                PresentationContexts =
                {
                    new PresentationContextResponse(1, PresentationContextResult.Acceptance, ImplicitLittle),
                    new PresentationContextResponse(3, PresentationContextResult.UserRejection, ""),
                    new PresentationContextResponse(5, PresentationContextResult.TransferSyntaxesNotSupported, ""),
                },
                UserInformation = new UserInformation { MaximumLength = 16384, ImplementationClassUid = "1.2.3.4", ImplementationVersionName = "LANTERN_TEST" },
            };
            await stream.WriteAsync(Written(accept.WriteTo), cancellationToken);

            // The C-ECHO-RQ: one P-DATA-TF, one PDV, a whole command.
            var (type, pdu) = await ReadPduAsync(reader, cancellationToken);
            Assert.Equal(PduType.DataTransfer, type);
            var pdvs = new SequenceReader<byte>(new ReadOnlySequence<byte>(pdu.AsMemory(PduReader.HeaderLength)));
            Assert.True(PDataTransfer.TryReadNext(ref pdvs, out var pdv));
            command = pdv;
            commandBytes = pdv.Data.ToArray();
            Assert.False(PDataTransfer.TryReadNext(ref pdvs, out _));

            await stream.WriteAsync(Written(new AbortPdu(AbortSource.ServiceUser, AbortReason.NotSpecified).WriteTo), cancellationToken);
        });

        Assert.NotNull(command);
        Assert.Equal(1, command.Value.PresentationContextId);
        Assert.True(command.Value.IsCommand);
        Assert.True(command.Value.IsLast);

        // Implicit VR Little Endian, starting with Command Group Length (0000,0000), UL.
        Assert.Equal(new byte[] { 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00 }, commandBytes![..8]);
    }

    /// <summary>
    /// The PDU with the reserved bytes of its presentation context items set to 00H as we send
    /// them: DCMTK sends FFH in the third (where an A-ASSOCIATE-AC has the result); a receiver does
    /// not test them (PS3.8 §9.3.2.2).
    /// </summary>
    private static byte[] WithReservedCleared(byte[] pdu)
    {
        var copy = (byte[])pdu.Clone();
        for (var at = 6 + 68; at + 4 <= copy.Length; at += 4 + ((copy[at + 2] << 8) | copy[at + 3]))
        {
            if (copy[at] == 0x20)
            {
                copy.AsSpan(at + 5, 3).Clear();
            }
        }

        return copy;
    }

    private static async Task RejectAsync(AssociateRequest request, PipeReader reader, Stream stream, CancellationToken cancellationToken)
    {
        var reject = new AssociateReject(AssociateRejectResult.Permanent, AssociateRejectSource.ServiceUser, AssociateRejectReason.NoReasonGiven);
        await stream.WriteAsync(Written(reject.WriteTo), cancellationToken);
    }

    /// <summary>
    /// Runs echoscu against a loopback listener, reads its A-ASSOCIATE-RQ, lets
    /// <paramref name="answer"/> carry on, and waits for echoscu to end. Returns the request, parsed and raw.
    /// </summary>
    private static async Task<(AssociateRequest Request, byte[] Raw)> ConverseAsync(
        string[] options, Func<AssociateRequest, PipeReader, Stream, CancellationToken, Task> answer)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var start = new ProcessStartInfo("echoscu") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var option in options)
            {
                start.ArgumentList.Add(option);
            }

            start.ArgumentList.Add("127.0.0.1");
            start.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            using var echoscu = Process.Start(start) ?? throw new InvalidOperationException("echoscu did not start");
            try
            {
                using var client = await listener.AcceptTcpClientAsync(timeout.Token);
                var stream = client.GetStream();
                var reader = PipeReader.Create(stream);
                var (type, raw) = await ReadPduAsync(reader, timeout.Token);
                Assert.Equal(PduType.AssociateRequest, type);
                var request = AssociateRequest.Parse(new ReadOnlySequence<byte>(raw.AsMemory(PduReader.HeaderLength)));
                await answer(request, reader, stream, timeout.Token);
                await echoscu.WaitForExitAsync(timeout.Token);
                return (request, raw);
            }
            finally
            {
                if (!echoscu.HasExited)
                {
                    echoscu.Kill();
                }
            }
        }
        finally
        {
            listener.Stop();
        }
    }

    /// <summary>
    /// The resumable loop as the association layer runs it: read, frame, advance. Returns the type
    /// and a copy of the whole PDU, header included.
    /// </summary>
    private static async Task<(PduType Type, byte[] Pdu)> ReadPduAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            try
            {
                if (PduReader.TryRead(ref buffer, Limit, out var type, out var body) == PduReadStatus.Complete)
                {
                    return (type, result.Buffer.Slice(0, body.End).ToArray());
                }

                Assert.False(result.IsCompleted, "echoscu closed the connection before a whole PDU");
            }
            finally
            {
                reader.AdvanceTo(buffer.Start, result.Buffer.End);
            }
        }
    }
}
