using Lantern.Dicom.Network.Pdu;

namespace Lantern.Dicom.Tests.Network.Pdu;

/// <summary>Field-by-field equality of <see cref="UserInformation"/> (its records hold arrays, compared by content).</summary>
internal static class UserInformationAssert
{
    public static void Equal(UserInformation expected, UserInformation actual)
    {
        Assert.Equal(expected.MaximumLength, actual.MaximumLength);
        Assert.Equal(expected.ImplementationClassUid, actual.ImplementationClassUid);
        Assert.Equal(expected.ImplementationVersionName, actual.ImplementationVersionName);
        Assert.Equal(expected.AsynchronousOperationsWindow, actual.AsynchronousOperationsWindow);
        Assert.Equal(expected.RoleSelections, actual.RoleSelections);
        Assert.Equal(expected.SopClassExtendedNegotiations.Count, actual.SopClassExtendedNegotiations.Count);
        for (var i = 0; i < expected.SopClassExtendedNegotiations.Count; i++)
        {
            Assert.Equal(expected.SopClassExtendedNegotiations[i].SopClassUid, actual.SopClassExtendedNegotiations[i].SopClassUid);
            Assert.Equal(expected.SopClassExtendedNegotiations[i].ServiceClassApplicationInformation, actual.SopClassExtendedNegotiations[i].ServiceClassApplicationInformation);
        }

        Assert.Equal(expected.SopClassCommonExtendedNegotiations.Count, actual.SopClassCommonExtendedNegotiations.Count);
        for (var i = 0; i < expected.SopClassCommonExtendedNegotiations.Count; i++)
        {
            Assert.Equal(expected.SopClassCommonExtendedNegotiations[i].SopClassUid, actual.SopClassCommonExtendedNegotiations[i].SopClassUid);
            Assert.Equal(expected.SopClassCommonExtendedNegotiations[i].ServiceClassUid, actual.SopClassCommonExtendedNegotiations[i].ServiceClassUid);
            Assert.Equal(expected.SopClassCommonExtendedNegotiations[i].RelatedGeneralSopClassUids, actual.SopClassCommonExtendedNegotiations[i].RelatedGeneralSopClassUids);
        }

        Assert.Equal(expected.UserIdentity is null, actual.UserIdentity is null);
        if (expected.UserIdentity is { } identity)
        {
            Assert.Equal(identity.IdentityType, actual.UserIdentity!.IdentityType);
            Assert.Equal(identity.PositiveResponseRequested, actual.UserIdentity.PositiveResponseRequested);
            Assert.Equal(identity.PrimaryField, actual.UserIdentity.PrimaryField);
            Assert.Equal(identity.SecondaryField, actual.UserIdentity.SecondaryField);
        }

        Assert.Equal(expected.UserIdentityServerResponse, actual.UserIdentityServerResponse);
    }
}
