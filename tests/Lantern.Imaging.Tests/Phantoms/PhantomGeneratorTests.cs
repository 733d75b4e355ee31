using Lantern.Imaging.Phantoms;

namespace Lantern.Imaging.Tests.Phantoms;

public class PhantomGeneratorTests
{
    [Fact]
    public void Create_SameOptions_SameGeometryAcquisitionAndNodules()
    {
        var options = new PhantomOptions { Seed = 12, Size = 64 };

        var first = PhantomGenerator.Create(options);
        var second = PhantomGenerator.Create(options);

        Assert.Equal(first.Geometry, second.Geometry);
        Assert.Equal(first.Acquisition, second.Acquisition);
        Assert.Equal(first.Nodules, second.Nodules);
    }

    [Fact]
    public void Create_Defaults_DrawWithinTheDocumentedRanges()
    {
        foreach (var seed in Enumerable.Range(0, 12))
        {
            var phantom = PhantomGenerator.Create(new PhantomOptions { Seed = (ulong)seed });
            var g = phantom.Geometry;

            Assert.Equal(512, g.Columns);
            Assert.Equal(512, g.Rows);
            Assert.InRange(g.PixelSpacingMm, 0.5, 0.9);
            Assert.InRange(g.SliceThicknessMm, 0.625, 5);
            Assert.InRange(g.SliceSpacingMm, 0.5, g.SliceThicknessMm);
            Assert.InRange(g.Slices * g.SliceSpacingMm, 200, 600);
            Assert.InRange(phantom.Acquisition.NoiseHu, 10, 50);
            Assert.InRange(phantom.RequestedNodules, 1, 6);
            Assert.All(phantom.Nodules, n => Assert.InRange(n.DiameterMm, 3, 30));
        }
    }

    [Fact]
    public void Create_DifferentSeeds_VaryPatientGeometryAndAcquisition()
    {
        var phantoms = Enumerable.Range(0, 16).Select(s => PhantomGenerator.Create(new PhantomOptions { Seed = (ulong)s, Size = 64 })).ToList();

        Assert.True(phantoms.Select(p => p.Geometry.SliceThicknessMm).Distinct().Count() >= 4);
        Assert.True(phantoms.Select(p => p.Geometry.PixelSpacingMm).Distinct().Count() >= 12);
        Assert.True(phantoms.Select(p => p.Acquisition.NoiseHu).Distinct().Count() >= 12);
        Assert.True(phantoms.Select(p => p.Acquisition.Inspiration).Distinct().Count() >= 12);
        Assert.Contains(phantoms, p => p.Acquisition.Contrast);
        Assert.Contains(phantoms, p => !p.Acquisition.Contrast);
        var nodules = phantoms.SelectMany(p => p.Nodules).ToList();
        Assert.Equal(3, nodules.Select(n => n.Type).Distinct().Count());
        Assert.Equal(3, nodules.Select(n => n.Attachment).Distinct().Count());
        Assert.Equal(2, nodules.Select(n => n.Side).Distinct().Count());
        Assert.Contains(nodules, n => n.DiameterMm < 6);
        Assert.Contains(nodules, n => n.DiameterMm > 15);
    }

    [Fact]
    public void Create_Overrides_AreHonoured()
    {
        var phantom = PhantomGenerator.Create(new PhantomOptions
        {
            Seed = 5,
            Size = 96,
            Slices = 40,
            Nodules = 2,
            SliceThicknessMm = 3,
            SliceSpacingMm = 2.5,
            PixelSpacingMm = 3.2,
            NoiseHu = 7,
        });
        var g = phantom.Geometry;

        Assert.Equal((96, 96, 40), (g.Columns, g.Rows, g.Slices));
        Assert.Equal((3.0, 2.5, 3.2), (g.SliceThicknessMm, g.SliceSpacingMm, g.PixelSpacingMm));
        Assert.Equal(7, phantom.Acquisition.NoiseHu);
        Assert.Equal(2, phantom.RequestedNodules);
        Assert.Equal(2, phantom.Nodules.Count);
    }

    [Fact]
    public void Create_ThicknessGiven_SpacingFollowsIt()
    {
        var phantom = PhantomGenerator.Create(new PhantomOptions { Seed = 10, Size = 64, SliceThicknessMm = 2 });

        Assert.Equal(2, phantom.Geometry.SliceSpacingMm);
    }

    [Fact]
    public void Create_OverrideOfTheGrid_KeepsPatientAndAcquisition()
    {
        var drawn = PhantomGenerator.Create(new PhantomOptions { Seed = 21 });
        var coarse = PhantomGenerator.Create(new PhantomOptions { Seed = 21, Size = 128, SliceThicknessMm = 5 });

        Assert.Equal(drawn.Acquisition, coarse.Acquisition);
        Assert.Equal(drawn.Geometry.PixelSpacingMm * 4, coarse.Geometry.PixelSpacingMm, 4);
    }

    [Fact]
    public void Create_NoNodulesAsked_HasNone()
    {
        Assert.Empty(PhantomGenerator.Create(new PhantomOptions { Seed = 2, Size = 64, Nodules = 0 }).Nodules);
    }

    [Fact]
    public void Create_NoduleMaxDiameter_OnlySmallSolidOrGroundGlassNodules()
    {
        var nodules = Enumerable.Range(40, 4)
            .SelectMany(seed => PhantomGenerator.Create(new PhantomOptions { Seed = (ulong)seed, Size = 64, Nodules = 10, NoduleMaxDiameterMm = 6 }).Nodules)
            .ToList();

        Assert.Equal(40, nodules.Count);
        Assert.All(nodules, n => Assert.InRange(n.DiameterMm, 3, 6));
        Assert.DoesNotContain(nodules, n => n.Type == NoduleType.PartSolid);
        Assert.Contains(nodules, n => n.Type == NoduleType.GroundGlass);
        Assert.Contains(nodules, n => n.Attachment == NoduleAttachment.JuxtaPleural);
    }

    [Fact]
    public void Create_Nodules_LieInsideTheImagedVolume()
    {
        foreach (var seed in Enumerable.Range(30, 6))
        {
            var phantom = PhantomGenerator.Create(new PhantomOptions { Seed = (ulong)seed, Size = 64, Slices = 30, SliceThicknessMm = 3, Nodules = 4 });
            var g = phantom.Geometry;
            foreach (var n in phantom.Nodules)
            {
                var radius = n.DiameterMm / 2;
                Assert.InRange(n.Z - radius, g.SliceZ(0), g.SliceZ(g.Slices - 1));
                Assert.InRange(n.Z + radius, g.SliceZ(0), g.SliceZ(g.Slices - 1));
                Assert.InRange(n.X, g.ColumnX(0) + radius, g.ColumnX(g.Columns - 1) - radius);
                Assert.InRange(n.Y, g.RowY(0) + radius, g.RowY(g.Rows - 1) - radius);
            }
        }
    }
}
