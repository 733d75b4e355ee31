using System.Diagnostics;
using System.Runtime.CompilerServices;
using Lantern.Dicom.Data;
using Lantern.Dicom.Dictionary;
using Xunit;

namespace Lantern.Dicom.Tests.Dictionary;

public class DicomDictionaryTests
{
    [Fact]
    public void Find_PatientName_IsPersonNameWithStandardName()
    {
        var entry = DicomDictionary.Find(new DicomTag(0x0010, 0x0010));

        Assert.NotNull(entry);
        Assert.Equal("PatientName", entry.Keyword);
        // PS3.6's name, not one derived from the keyword.
        Assert.Equal("Patient's Name", entry.Name);
        Assert.Equal([DicomVR.PN], entry.ValueRepresentations);
        Assert.Equal("1", entry.ValueMultiplicity);
        Assert.False(entry.IsRetired);
        Assert.False(entry.IsRepeating);
    }

    [Fact]
    public void Find_OverlayDataInGroup6002_MatchesRepeatingEntry()
    {
        var entry = DicomDictionary.Find(new DicomTag(0x6002, 0x3000));

        Assert.NotNull(entry);
        Assert.Equal("OverlayData", entry.Keyword);
        Assert.True(entry.IsRepeating);
        Assert.Equal(new DicomTag(0x6000, 0x3000), entry.Tag);
    }

    [Fact]
    public void Find_OddOverlayGroupWithoutCreator_ReturnsNull()
    {
        // (6001,3000) is a private element, not an overlay.
        Assert.Null(DicomDictionary.Find(new DicomTag(0x6001, 0x3000)));
    }

    [Fact]
    public void Find_ElementMaskedEntry_MatchesAnyElementInRange()
    {
        // PS3.6 (1000,xxx0) Escape Triplet; DCMTK lists only (1000,0010).
        Assert.Equal("EscapeTriplet", DicomDictionary.Find(new DicomTag(0x1000, 0x0120))?.Keyword);
        Assert.Equal("SourceImageIDs", DicomDictionary.Find(new DicomTag(0x0020, 0x3105))?.Keyword);
    }

    [Fact]
    public void Find_SmallestImagePixelValue_HasUsThenSs()
    {
        var entry = DicomDictionary.Find(new DicomTag(0x0028, 0x0106));

        Assert.NotNull(entry);
        Assert.Equal([DicomVR.US, DicomVR.SS], entry.ValueRepresentations);
    }

    [Fact]
    public void Find_PixelData_HasOwForImplicitVRAndOb()
    {
        var entry = DicomDictionary.Find(new DicomTag(0x7FE0, 0x0010));

        Assert.NotNull(entry);
        Assert.Equal("PixelData", entry.Keyword);
        Assert.Equal([DicomVR.OW, DicomVR.OB], entry.ValueRepresentations);
    }

    [Fact]
    public void Find_Item_HasNoValueRepresentation()
    {
        var entry = DicomDictionary.Find(DicomTag.Item);

        Assert.NotNull(entry);
        Assert.Empty(entry.ValueRepresentations);
    }

    [Fact]
    public void Find_RetiredElement_IsRetiredWithoutPrefix()
    {
        var entry = DicomDictionary.Find(new DicomTag(0x0028, 0x0104));

        Assert.NotNull(entry);
        Assert.Equal("SmallestValidPixelValue", entry.Keyword);
        Assert.True(entry.IsRetired);
    }

    [Theory]
    [InlineData(0x1010)]
    [InlineData(0x1110)]
    [InlineData(0x2A10)]
    public void Find_PrivateTagWithCreator_ResolvesInAnyBlock(int element)
    {
        var entry = DicomDictionary.Find(new DicomTag(0x0029, (ushort)element, "SIEMENS CSA HEADER"));

        Assert.NotNull(entry);
        Assert.Equal("CSAImageHeaderInfo", entry.Keyword);
        Assert.Equal([DicomVR.OB], entry.ValueRepresentations);
        Assert.Equal("SIEMENS CSA HEADER", entry.Tag.PrivateCreator);
    }

    [Fact]
    public void Find_PrivateTagInRepeatingGroup_Resolves()
    {
        var entry = DicomDictionary.Find(new DicomTag(0x7013, 0x1004, "DLX_ANNOT_01"));

        Assert.Equal("TextAnnotation", entry?.Keyword);
    }

    [Fact]
    public void Find_PrivateFixedElementInOtherBlock_ReturnsNull()
    {
        // (0025,"CMR42 CIRCLECVI",1010) is defined for block 10 only.
        Assert.Equal("WorkspaceID", DicomDictionary.Find(new DicomTag(0x0025, 0x1010, "CMR42 CIRCLECVI"))?.Keyword);
        Assert.Null(DicomDictionary.Find(new DicomTag(0x0025, 0x1110, "CMR42 CIRCLECVI")));
    }

    [Fact]
    public void Find_PrivateTagWithUnknownOrNoCreator_ReturnsNull()
    {
        Assert.Null(DicomDictionary.Find(new DicomTag(0x0029, 0x1010, "NO SUCH CREATOR")));
        Assert.Null(DicomDictionary.Find(new DicomTag(0x0029, 0x1010)));
    }

    [Fact]
    public void Find_PrivateCreatorElement_IsLongStringPrivateCreator()
    {
        var entry = DicomDictionary.Find(new DicomTag(0x0029, 0x0010));

        Assert.NotNull(entry);
        Assert.Equal("PrivateCreator", entry.Keyword);
        Assert.Equal([DicomVR.LO], entry.ValueRepresentations);
    }

    [Fact]
    public void Find_GroupLength_IsUnsignedLongGroupLength()
    {
        Assert.Equal("GroupLength", DicomDictionary.Find(new DicomTag(0x0008, 0x0000))?.Keyword);
        Assert.Equal("GroupLength", DicomDictionary.Find(new DicomTag(0x0029, 0x0000))?.Keyword);
        Assert.Equal([DicomVR.UL], DicomDictionary.Find(new DicomTag(0x0010, 0x0000))?.ValueRepresentations);
        // A specific entry wins over the rule.
        Assert.Equal("FileMetaInformationGroupLength", DicomDictionary.Find(new DicomTag(0x0002, 0x0000))?.Keyword);
    }

    [Fact]
    public void Find_UnknownStandardTag_ReturnsNull()
    {
        Assert.Null(DicomDictionary.Find(new DicomTag(0x0010, 0x0001)));
    }

    [Fact]
    public void Find_EveryStandardEntryTag_ReturnsThatEntry()
    {
        foreach (var entry in DicomDictionary.StandardEntries)
        {
            Assert.Same(entry, DicomDictionary.Find(entry.Tag));
        }
    }

    [Fact]
    public void Find_StandardAndRepeatingTags_DoNotAllocate()
    {
        var patientName = new DicomTag(0x0010, 0x0010);
        var overlayData = new DicomTag(0x6002, 0x3000);
        DicomDictionary.Find(patientName);
        DicomDictionary.Find(overlayData);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            DicomDictionary.Find(patientName);
            DicomDictionary.Find(overlayData);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Find_EveryPrivateEntryInFirstBlock_ReturnsThatEntry()
    {
        foreach (var entry in DicomDictionary.PrivateEntries)
        {
            var element = entry.Tag.Element < 0x100 ? (ushort)(0x1000 | entry.Tag.Element) : entry.Tag.Element;
            var tag = new DicomTag(entry.Tag.Group, element, entry.Tag.PrivateCreator);

            Assert.Same(entry, DicomDictionary.Find(tag));
        }
    }

    [Fact]
    public void TryFindByKeyword_KnownKeyword_ReturnsEntry()
    {
        Assert.True(DicomDictionary.TryFindByKeyword("StudyInstanceUID", out var entry));
        Assert.Equal(new DicomTag(0x0020, 0x000D), entry.Tag);
        Assert.Equal([DicomVR.UI], entry.ValueRepresentations);
    }

    [Fact]
    public void TryFindByKeyword_UnknownKeyword_ReturnsFalse()
    {
        Assert.False(DicomDictionary.TryFindByKeyword("patientname", out var entry));
        Assert.Null(entry);
    }

    [Fact]
    public void GeneratedTagProperties_MatchDictionary()
    {
        Assert.Equal(new DicomTag(0x0010, 0x0010), DicomTag.PatientName);
        Assert.Equal(new DicomTag(0x6000, 0x3000), DicomTag.OverlayData);
        Assert.Equal(new DicomTag(0x7FE0, 0x0010), DicomTag.PixelData);
        Assert.Equal(new DicomTag(0x0002, 0x0010), DicomTag.TransferSyntaxUID);
    }

    [Fact]
    public async Task Generator_RunAgain_ReproducesCommittedFilesExactly()
    {
        var root = FindRepositoryRoot();
        var output = Directory.CreateTempSubdirectory("lantern-dictionary-");
        try
        {
            var start = new ProcessStartInfo("/usr/bin/python3")
            {
                ArgumentList = { Path.Combine(root, GeneratorPath), "--output-dir", output.FullName },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"generator failed: {await stderr}{await stdout}");

            foreach (var committed in GeneratedFiles)
            {
                var expected = await File.ReadAllBytesAsync(Path.Combine(root, committed));
                var actual = await File.ReadAllBytesAsync(Path.Combine(output.FullName, Path.GetFileName(committed)));
                Assert.True(
                    expected.AsSpan().SequenceEqual(actual),
                    $"{committed} is out of date; run python3 {GeneratorPath} from the repository root.");
            }
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    private const string GeneratorPath = "src/Lantern.Dicom/Dictionary/generate_dictionary.py";

    private static readonly string[] GeneratedFiles =
    [
        "src/Lantern.Dicom/Dictionary/DicomDictionary.g.cs",
        "src/Lantern.Dicom/Dictionary/DicomPrivateDictionary.g.cs",
        "src/Lantern.Dicom/Data/DicomTag.g.cs",
        "src/Lantern.Dicom/Data/DicomUid.g.cs",
    ];

    // Walks up from the test binaries, then from this source file (for builds outside the tree).
    private static string FindRepositoryRoot([CallerFilePath] string sourceFile = "")
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(sourceFile) ?? AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, GeneratorPath)))
                {
                    return directory.FullName;
                }
            }
        }

        throw new InvalidOperationException("Repository root not found above " + AppContext.BaseDirectory);
    }
}
