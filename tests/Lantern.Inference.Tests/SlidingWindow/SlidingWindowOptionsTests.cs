using Lantern.Inference.SlidingWindow;

namespace Lantern.Inference.Tests.SlidingWindow;

public sealed class SlidingWindowOptionsTests
{
    [Theory]
    // Three patches of up to 128 along x and z, two along y: each side shrinks to the smallest multiple of 8 that still needs no more.
    [InlineData(128, 0.0625, 344, 223, 353, 120, 120, 128)]
    // A volume smaller than the patch: one patch of its extent rounded up to the multiple.
    [InlineData(160, 0.25, 130, 100, 5, 136, 104, 8)]
    [InlineData(160, 0.25, 160, 161, 1, 160, 96, 8)]
    public void PatchFor_PatchMultiple_IsTheSmallestMultipleNeedingNoMorePatchesThanTheLargest(
        int largest, double overlap, int x, int y, int z, int expectedX, int expectedY, int expectedZ)
    {
        var options = Options(largest, overlap) with { PatchMultiple = 8 };

        Assert.Equal(new GridSize(expectedX, expectedY, expectedZ), options.PatchFor(new GridSize(x, y, z)));
    }

    [Fact]
    public void PatchFor_NoPatchMultiple_IsThePatchSize()
    {
        var options = Options(128, 0.0625);

        Assert.Equal(new GridSize(128, 128, 128), options.PatchFor(new GridSize(344, 50, 353)));
    }

    private static SlidingWindowOptions Options(int patch, double overlap) => new()
    {
        InputName = "image",
        OutputName = "logits",
        PatchSize = new GridSize(patch, patch, patch),
        Channels = 2,
        Overlap = overlap,
    };
}
