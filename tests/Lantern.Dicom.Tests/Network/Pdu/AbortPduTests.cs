using System.Buffers;
using Lantern.Dicom.Network.Pdu;
using static Lantern.Dicom.Tests.Network.Pdu.PduBytes;

namespace Lantern.Dicom.Tests.Network.Pdu;

public sealed class AbortPduTests
{
    [Fact]
    public void WriteTo_ProviderInvalidParameter_MatchesStandardLayout()
    {
        var abort = new AbortPdu(AbortSource.ServiceProvider, AbortReason.InvalidPduParameterValue);

        // PS3.8 §9.3.8: type 07H, reserved, length 4, two reserved, source, reason/diag.
        Assert.Equal(new byte[] { 0x07, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x02, 0x06 }, Written(abort.WriteTo));
    }

    [Fact]
    public void WriteTo_ServiceUser_ReasonNotSignificantSoZero()
    {
        var abort = new AbortPdu(AbortSource.ServiceUser, AbortReason.UnexpectedPdu);

        Assert.Equal(new byte[] { 0x07, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00 }, Written(abort.WriteTo));
    }

    [Theory]
    [InlineData(AbortReason.NotSpecified)]
    [InlineData(AbortReason.UnrecognizedPdu)]
    [InlineData(AbortReason.UnexpectedPdu)]
    [InlineData(AbortReason.UnrecognizedPduParameter)]
    [InlineData(AbortReason.UnexpectedPduParameter)]
    [InlineData(AbortReason.InvalidPduParameterValue)]
    public void Parse_EveryProviderReason_RoundTrips(AbortReason reason)
    {
        var abort = new AbortPdu(AbortSource.ServiceProvider, reason);

        Assert.Equal(abort, AbortPdu.Parse(Body(abort.WriteTo)));
    }

    [Fact]
    public void Parse_ReservedFieldsSet_NotTested()
    {
        var abort = AbortPdu.Parse(new ReadOnlySequence<byte>(new byte[] { 0xAA, 0xBB, 0x02, 0x01 }));

        Assert.Equal(new AbortPdu(AbortSource.ServiceProvider, AbortReason.UnrecognizedPdu), abort);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    public void Parse_BodyNotFourBytes_Rejected(int length)
    {
        var e = Assert.Throws<PduException>(() => AbortPdu.Parse(new ReadOnlySequence<byte>(new byte[length])));

        Assert.Equal(PduRejectionReason.InvalidPduLength, e.Rejection);
    }
}
