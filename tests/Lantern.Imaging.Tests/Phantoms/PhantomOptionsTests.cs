using Lantern.Imaging.Phantoms;

namespace Lantern.Imaging.Tests.Phantoms;

public class PhantomOptionsTests
{
    [Fact]
    public void Problem_Defaults_IsNull()
    {
        Assert.Null(new PhantomOptions { Seed = 1 }.Problem());
    }

    [Theory]
    [InlineData("slices")]
    [InlineData("nodules")]
    [InlineData("nodule-max-diameter")]
    [InlineData("size")]
    [InlineData("slice-thickness")]
    [InlineData("slice-spacing")]
    [InlineData("pixel-spacing")]
    [InlineData("noise")]
    public void Problem_ValueOutOfRange_NamesTheOption(string name)
    {
        var options = name switch
        {
            "slices" => new PhantomOptions { Slices = 0 },
            "nodules" => new PhantomOptions { Nodules = -1 },
            "nodule-max-diameter" => new PhantomOptions { NoduleMaxDiameterMm = 2.5 },
            "size" => new PhantomOptions { Size = 8 },
            "slice-thickness" => new PhantomOptions { SliceThicknessMm = 0 },
            "slice-spacing" => new PhantomOptions { SliceSpacingMm = double.NaN },
            "pixel-spacing" => new PhantomOptions { PixelSpacingMm = 11 },
            _ => new PhantomOptions { NoiseHu = -1 },
        };

        var problem = options.Problem();

        Assert.NotNull(problem);
        Assert.StartsWith($"--{name} must be between", problem, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', problem);
    }

    [Fact]
    public void Create_InvalidOptions_ThrowsArgumentException()
    {
        var error = Assert.Throws<ArgumentException>(() => PhantomGenerator.Create(new PhantomOptions { Size = 4 }));
        Assert.Contains("--size", error.Message, StringComparison.Ordinal);
    }
}
