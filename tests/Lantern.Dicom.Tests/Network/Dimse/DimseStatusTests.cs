using Lantern.Dicom.Network.Dimse;

namespace Lantern.Dicom.Tests.Network.Dimse;

public sealed class DimseStatusTests
{
    public enum StatusClass
    {
        Success,
        Warning,
        Failure,
        Cancel,
        Pending,
    }

    public static TheoryData<ushort, StatusClass, string> Codes => new()
    {
        { 0x0000, StatusClass.Success, "Success" },
        { 0x0001, StatusClass.Warning, "Requested optional attributes are not supported" },
        { 0x0107, StatusClass.Warning, "Attribute list error" },
        { 0x0116, StatusClass.Warning, "Attribute value out of range" },
        { 0xB000, StatusClass.Warning, "Coercion of data elements" },
        { 0xB006, StatusClass.Warning, "Elements discarded" },
        { 0xB007, StatusClass.Warning, "Data set does not match SOP Class" },
        { 0xB123, StatusClass.Warning, "Warning" },
        { 0xA700, StatusClass.Failure, "Out of resources" },
        { 0xA7FF, StatusClass.Failure, "Out of resources" },
        { 0xA701, StatusClass.Failure, "Out of resources: unable to calculate number of matches" },
        { 0xA702, StatusClass.Failure, "Out of resources: unable to perform sub-operations" },
        { 0xA801, StatusClass.Failure, "Move destination unknown" },
        { 0xA900, StatusClass.Failure, "Data set does not match SOP Class" },
        { 0xA9FE, StatusClass.Failure, "Data set does not match SOP Class" },
        { 0xA123, StatusClass.Failure, "Failure" },
        { 0xC000, StatusClass.Failure, "Cannot understand" },
        { 0xCFFF, StatusClass.Failure, "Cannot understand" },
        { 0x0105, StatusClass.Failure, "No such attribute" },
        { 0x0110, StatusClass.Failure, "Processing failure" },
        { 0x0111, StatusClass.Failure, "Duplicate SOP Instance" },
        { 0x0122, StatusClass.Failure, "SOP Class not supported" },
        { 0x0124, StatusClass.Failure, "Not authorized" },
        { 0x0211, StatusClass.Failure, "Unrecognized operation" },
        { 0x0213, StatusClass.Failure, "Resource limitation" },
        { 0x01FF, StatusClass.Failure, "Failure" },
        { 0x5000, StatusClass.Failure, "Failure" },
        { 0xFE00, StatusClass.Cancel, "Cancel" },
        { 0xFF00, StatusClass.Pending, "Pending" },
        { 0xFF01, StatusClass.Pending, "Pending: optional keys not supported" },
    };

    [Theory]
    [MemberData(nameof(Codes))]
    public void Classify_Code_FallsInExactlyItsClass(ushort code, StatusClass expected, string description)
    {
        var status = new DimseStatus(code);

        Assert.Equal(expected == StatusClass.Success, status.IsSuccess);
        Assert.Equal(expected == StatusClass.Warning, status.IsWarning);
        Assert.Equal(expected == StatusClass.Failure, status.IsFailure);
        Assert.Equal(expected == StatusClass.Cancel, status.IsCancel);
        Assert.Equal(expected == StatusClass.Pending, status.IsPending);
        Assert.Equal(description, status.Describe());
    }

    [Fact]
    public void Classify_EveryCode_FallsInExactlyOneClass()
    {
        for (var code = 0; code <= ushort.MaxValue; code++)
        {
            var status = new DimseStatus((ushort)code);
            var classes = (status.IsSuccess ? 1 : 0) + (status.IsWarning ? 1 : 0) + (status.IsFailure ? 1 : 0)
                + (status.IsCancel ? 1 : 0) + (status.IsPending ? 1 : 0);
            Assert.True(classes == 1, $"{code:X4} is in {classes} classes");
        }
    }

    [Fact]
    public void ToString_OutOfResources_GivesHexCodeAndMeaning()
    {
        Assert.Equal("A700 (Out of resources)", DimseStatus.OutOfResources.ToString());
        Assert.Equal("0000 (Success)", DimseStatus.Success.ToString());
        Assert.Equal("0122 (SOP Class not supported)", DimseStatus.SopClassNotSupported.ToString());
    }

    [Fact]
    public void NamedStatuses_HaveTheirStandardCodes()
    {
        Assert.Equal(0x0000, DimseStatus.Success.Code);
        Assert.Equal(0xB000, DimseStatus.CoercionOfDataElements.Code);
        Assert.Equal(0xB006, DimseStatus.ElementsDiscarded.Code);
        Assert.Equal(0xB007, DimseStatus.DataSetDoesNotMatchSopClassWarning.Code);
        Assert.Equal(0xA700, DimseStatus.OutOfResources.Code);
        Assert.Equal(0xA900, DimseStatus.DataSetDoesNotMatchSopClass.Code);
        Assert.Equal(0xC000, DimseStatus.CannotUnderstand.Code);
        Assert.Equal(0x0122, DimseStatus.SopClassNotSupported.Code);
        Assert.Equal(0x0110, DimseStatus.ProcessingFailure.Code);
        Assert.Equal(0x0211, DimseStatus.UnrecognizedOperation.Code);
        Assert.Equal(0x0124, DimseStatus.NotAuthorized.Code);
        Assert.Equal(0xFF00, DimseStatus.Pending.Code);
        Assert.Equal(0xFF01, DimseStatus.PendingOptionalKeysNotSupported.Code);
        Assert.Equal(0xFE00, DimseStatus.Cancel.Code);
    }

    [Fact]
    public void Equality_SameCode_IsEqual()
    {
        Assert.Equal(DimseStatus.OutOfResources, new DimseStatus(0xA700));
        Assert.NotEqual(DimseStatus.OutOfResources, DimseStatus.DataSetDoesNotMatchSopClass);
    }
}
