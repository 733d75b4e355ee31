using Lantern.Inference.Pipeline;
using Lantern.Inference.Tests.Support;

namespace Lantern.Inference.Tests.Pipeline;

/// <summary>The analyzer over <see cref="PipelineModels"/>, and its analysis of <see cref="TwoLungVolume"/> with both CT-grid masks, made once per test class.</summary>
public sealed class PipelineFixture : IDisposable
{
    private readonly PipelineModels _models = new();

    public PipelineFixture()
    {
        using var runtime = TestModels.CpuRuntime();
        Analyzer = ChestCtAnalyzer.Open(_models.Directory, runtime);
        Analysis = Analyzer.Analyze(TwoLungVolume.Create(), new AnalysisOptions { LungMaskOnCtGrid = true, NoduleMaskOnCtGrid = true });
    }

    public ChestCtAnalyzer Analyzer { get; }

    public ChestCtAnalysis Analysis { get; }

    public void Dispose()
    {
        Analyzer.Dispose();
        _models.Dispose();
    }
}
