using System.Text;
using Lantern.Imaging.Anatomy;
using Lantern.Imaging.Volumes;
using Lantern.Inference.Evaluation;
using Lantern.Inference.PostProcessing;

namespace Lantern.Inference.Tests.Evaluation;

public sealed class TruthNoduleTests
{
    [Fact]
    public void Read_PhantomTruth_ReadsEachNoduleAndIgnoresOtherFields()
    {
        const string Json = """
            {
              "nodules": [
                { "centerMm": [-60.5, 12, -130.25], "diameterMm": 7.5, "type": "part-solid", "attachment": "juxta-pleural", "side": "right" },
                { "centerMm": [70, -3, -90], "diameterMm": 12, "type": "solid", "attachment": "isolated", "side": "left" }
              ],
              "seed": 4,
              "labels": { "0": "background" }
            }
            """;

        var nodules = TruthNodule.Read(new MemoryStream(Encoding.UTF8.GetBytes(Json)), "truth.json");

        Assert.Equal(
            [
                new TruthNodule(new Vector3D(-60.5, 12, -130.25), 7.5, "part-solid", "juxta-pleural", LungSide.Right),
                new TruthNodule(new Vector3D(70, -3, -90), 12, "solid", "isolated", LungSide.Left),
            ],
            nodules);
    }

    [Theory]
    [InlineData("""{ "nodules": [ { "centerMm": [1, 2], "diameterMm": 5, "type": "solid", "attachment": "isolated", "side": "left" } ] }""", "centerMm")]
    [InlineData("""{ "nodules": [ { "centerMm": [1, 2, 3], "diameterMm": 5, "type": "solid", "attachment": "isolated", "side": "middle" } ] }""", "'middle'")]
    [InlineData("""{ "nodules": [ { "centerMm": [1, 2, 3], "diameterMm": 0, "type": "solid", "attachment": "isolated", "side": "left" } ] }""", "diameterMm")]
    [InlineData("""{ "nodules": [ { "centerMm": [1, 2, 3], "diameterMm": 5, "attachment": "isolated", "side": "left" } ] }""", "\"type\"")]
    [InlineData("""{ "seed": 1 }""", "\"nodules\"")]
    [InlineData("""{ "nodules": [ """, "not JSON")]
    public void Read_MalformedTruth_ThrowsInvalidDataExceptionNamingTheProblem(string json, string expected)
    {
        var error = Assert.Throws<InvalidDataException>(() => TruthNodule.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), "truth.json"));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("truth.json", error.Message, StringComparison.Ordinal);
    }
}
