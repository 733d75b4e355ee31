using Lantern.Dicom.Data;
using Xunit;

namespace Lantern.Dicom.Tests.Data;

public class DicomUidTests
{
    [Fact]
    public void Generate_CalledRepeatedly_GivesValidUniqueUuidDerivedUids()
    {
        var values = Enumerable.Range(0, 1000).Select(_ => DicomUid.Generate().Value).ToList();

        Assert.All(values, value =>
        {
            Assert.StartsWith("2.25.", value, StringComparison.Ordinal);
            Assert.True(value.Length <= DicomUid.MaximumLength);
            Assert.True(DicomUid.IsValid(value), value);
        });
        Assert.Equal(values.Count, values.Distinct().Count());
    }

    [Fact]
    public void FromUuid_X667Example_GivesItsDecimalForm()
    {
        // The example UUID of ITU-T X.667 and its integer value.
        var uid = DicomUid.FromUuid(Guid.Parse("f81d4fae-7dec-11d0-a765-00a0c91e6bf6"));

        Assert.Equal("2.25.329800735698586629295641978511506172918", uid.Value);
        Assert.Equal(DicomUidType.Unknown, uid.Type);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1..2")]
    [InlineData("01.2")]
    [InlineData("1.02")]
    [InlineData("1.2.")]
    [InlineData(".1.2")]
    [InlineData("1.2a")]
    [InlineData("1.2 ")]
    public void Parse_InvalidUid_ThrowsFormatException(string value)
    {
        Assert.Throws<FormatException>(() => DicomUid.Parse(value));
        Assert.False(DicomUid.IsValid(value));
    }

    [Fact]
    public void Parse_65Characters_Throws()
    {
        var value = "1." + new string('2', 63);
        Assert.Equal(65, value.Length);

        Assert.Throws<FormatException>(() => DicomUid.Parse(value));
    }

    [Fact]
    public void Parse_64CharactersWithZeroComponent_Succeeds()
    {
        var value = "1.0." + new string('2', 60);

        var uid = DicomUid.Parse(value);

        Assert.Equal(value, uid.Value);
        Assert.Equal(DicomUidType.Unknown, uid.Type);
        Assert.Equal(value, uid.Name);
    }

    [Fact]
    public void Parse_RegisteredUid_ReturnsRegistryEntry()
    {
        var uid = DicomUid.Parse("1.2.840.10008.5.1.4.1.1.2");

        Assert.Same(DicomUid.CTImageStorage, uid);
        Assert.Equal("CT Image Storage", uid.Name);
        Assert.Equal(DicomUidType.SopClass, uid.Type);
    }

    [Fact]
    public void IsStorageSopClass_CTImageStorage_IsTrue()
    {
        Assert.True(DicomUid.CTImageStorage.IsStorageSopClass);
        Assert.False(DicomUid.CTImageStorage.IsRetired);
    }

    [Fact]
    public void IsStorageSopClass_StorageCommitmentPushModel_IsFalse()
    {
        Assert.Equal(DicomUidType.SopClass, DicomUid.StorageCommitmentPushModel.Type);
        Assert.False(DicomUid.StorageCommitmentPushModel.IsStorageSopClass);
    }

    [Fact]
    public void IsStorageSopClass_RetiredStorageClass_IsTrueAndRetired()
    {
        var ultrasound = DicomUid.Lookup("1.2.840.10008.5.1.4.1.1.6");

        Assert.True(ultrasound.IsStorageSopClass);
        Assert.True(ultrasound.IsRetired);
    }

    [Fact]
    public void Type_ExplicitVRLittleEndian_IsTransferSyntax()
    {
        Assert.Equal("1.2.840.10008.1.2.1", DicomUid.ExplicitVRLittleEndian.Value);
        Assert.Equal(DicomUidType.TransferSyntax, DicomUid.ExplicitVRLittleEndian.Type);
        Assert.False(DicomUid.ExplicitVRLittleEndian.IsStorageSopClass);
    }

    [Fact]
    public void Lookup_UnregisteredUid_IsUnknownNamedByValue()
    {
        var uid = DicomUid.Lookup("1.2.3.4");

        Assert.Equal(DicomUidType.Unknown, uid.Type);
        Assert.Equal("1.2.3.4", uid.Name);
        Assert.False(uid.IsStorageSopClass);
    }

    [Fact]
    public void Equals_SameValue_IsEqual()
    {
        var first = DicomUid.Lookup("1.2.3.4");
        var second = DicomUid.Parse("1.2.3.4");

        Assert.Equal(first, second);
        Assert.True(first == second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
        Assert.NotEqual(first, DicomUid.Lookup("1.2.3.5"));
        Assert.Equal("1.2.3.4", first.ToString());
    }
}
