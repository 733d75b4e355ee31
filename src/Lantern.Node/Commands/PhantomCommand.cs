using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using Lantern.Imaging.Phantoms;

namespace Lantern.Node.Commands;

/// <summary>
/// <c>lantern phantom --out DIR --seed N [--slices N] [--nodules K] [--nodule-max-diameter MM] [--size N] [--slice-thickness MM]
/// [--slice-spacing MM] [--pixel-spacing MM] [--noise HU] [--npy]</c>: writes a synthetic chest CT
/// series with its ground truth (see <see cref="PhantomWriter"/>) and prints one line. Exit code 0 on
/// success; 2 with one line on stderr when an option is out of range or the folder cannot be written.
/// </summary>
public static class PhantomCommand
{
    public const int Success = 0;
    public const int Failure = 2;

    public static Command Create()
    {
        // Values arrive as text and are checked here, so that every bad argument gets one line and exit code 2.
        var output = Text("--out", "Folder to write dicom/, truth.json, labels.npy (and volume.npy) into (required).");
        var seed = Text("--seed", "Seed, 0 to 2^64-1 (required): the same seed and options give byte-identical files.");
        var slices = Text("--slices", "Number of slices (default: enough to cover the chest).");
        var nodules = Text("--nodules", "Number of nodules (default: drawn, 1 to 6).");
        var noduleMaxDiameter = Text("--nodule-max-diameter", $"Largest nodule diameter in mm, 3 to 30 (default {PhantomOptions.DefaultNoduleMaxDiameterMm}); part-solid and ground-glass nodules that cannot be that small are drawn solid.");
        var size = Text("--size", $"Rows and columns per slice (default {PhantomOptions.DefaultSize}); the field of view stays, so smaller means coarser.");
        var thickness = Text("--slice-thickness", "Slice thickness in mm (default: drawn, 0.625 to 5).");
        var spacing = Text("--slice-spacing", "Distance between slices in mm (default: the thickness, or drawn when that is drawn).");
        var pixelSpacing = Text("--pixel-spacing", "Pixel spacing in mm (default: drawn field of view / size).");
        var noise = Text("--noise", "Noise standard deviation in HU (default: drawn, 10 to 50).");
        var npy = new Option<bool>("--npy") { Description = "Also write volume.npy (int16 HU, [slice, row, column])." };

        var command = new Command("phantom", "Writes a synthetic chest CT series with nodule ground truth and lung labels.");
        foreach (var option in new Option[] { output, seed, slices, nodules, noduleMaxDiameter, size, thickness, spacing, pixelSpacing, noise, npy })
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            string? problem = null;
            var directory = parse.GetValue(output);
            var options = new PhantomOptions
            {
                Seed = Parse<ulong>(parse.GetValue(seed), "--seed", ref problem) ?? 0,
                Slices = Parse<int>(parse.GetValue(slices), "--slices", ref problem),
                Nodules = Parse<int>(parse.GetValue(nodules), "--nodules", ref problem),
                NoduleMaxDiameterMm = Parse<double>(parse.GetValue(noduleMaxDiameter), "--nodule-max-diameter", ref problem) ?? PhantomOptions.DefaultNoduleMaxDiameterMm,
                Size = Parse<int>(parse.GetValue(size), "--size", ref problem) ?? PhantomOptions.DefaultSize,
                SliceThicknessMm = Parse<double>(parse.GetValue(thickness), "--slice-thickness", ref problem),
                SliceSpacingMm = Parse<double>(parse.GetValue(spacing), "--slice-spacing", ref problem),
                PixelSpacingMm = Parse<double>(parse.GetValue(pixelSpacing), "--pixel-spacing", ref problem),
                NoiseHu = Parse<double>(parse.GetValue(noise), "--noise", ref problem),
            };
            problem ??= parse.GetValue(seed) is null ? "--seed is required"
                : string.IsNullOrWhiteSpace(directory) ? "--out is required"
                : null;
            return Task.FromResult(problem is null
                ? Run(options, new DirectoryInfo(directory!), parse.GetValue(npy), parse.InvocationConfiguration.Output, error, cancellationToken)
                : Fail(error, problem));
        });
        return command;
    }

    public static int Run(PhantomOptions options, DirectoryInfo directory, bool writeVolume, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (options.Problem() is { } problem)
        {
            return Fail(error, problem);
        }

        var clock = Stopwatch.StartNew();
        try
        {
            var phantom = PhantomGenerator.Create(options);
            var written = PhantomWriter.Write(phantom, directory.FullName, writeVolume, cancellationToken);
            var g = phantom.Geometry;
            var shortfall = phantom.Nodules.Count < phantom.RequestedNodules ? $" (of {phantom.RequestedNodules} asked; no room for more in the scanned lung)" : string.Empty;
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"phantom seed {options.Seed}: {written.DicomFiles} slices of {g.Columns}x{g.Rows} ({g.PixelSpacingMm:0.###} mm pixels, {g.SliceThicknessMm:0.###} mm thick every {g.SliceSpacingMm:0.###} mm), {phantom.Nodules.Count} nodule(s){shortfall}; wrote {PhantomWriter.DicomFolder}/, {PhantomWriter.TruthFile}, {PhantomWriter.LabelsFile}{(writeVolume ? ", " + PhantomWriter.VolumeFile : string.Empty)} to {directory.FullName} in {clock.Elapsed.TotalSeconds:0.00} s"));
            return Success;
        }
        catch (IOException e)
        {
            return Fail(error, $"cannot write {directory.FullName}: {e.Message}");
        }
        catch (UnauthorizedAccessException e)
        {
            return Fail(error, $"cannot write {directory.FullName}: {e.Message}");
        }
        catch (AggregateException e) when (e.InnerException is IOException or UnauthorizedAccessException)
        {
            return Fail(error, $"cannot write {directory.FullName}: {e.InnerException.Message}");
        }
    }

    private static Option<string?> Text(string name, string description) => new(name) { Description = description };

    /// <summary>The value of an option given as text; null when absent; the first bad value's reason goes to <paramref name="problem"/>.</summary>
    private static T? Parse<T>(string? text, string name, ref string? problem)
        where T : struct, INumber<T>
    {
        if (text is null)
        {
            return null;
        }

        var style = typeof(T) == typeof(double) ? NumberStyles.Float : NumberStyles.Integer;
        if (T.TryParse(text, style, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        problem ??= $"{name} takes {(typeof(T) == typeof(double) ? "a number" : typeof(T) == typeof(ulong) ? "a whole number from 0 to 18446744073709551615" : "a whole number")} (got '{text}')";
        return null;
    }

    private static int Fail(TextWriter error, string reason)
    {
        error.WriteLine($"lantern phantom: {reason.ReplaceLineEndings(" ")}");
        error.Flush();
        return Failure;
    }
}
