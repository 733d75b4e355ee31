using Lantern.Dicom.Data;
using Lantern.Dicom.IO.Writing;

namespace Lantern.Dicom.Tests.Support;

/// <summary>
/// Lists where two data sets differ: tags, VRs and value bytes, recursively. A value padded to even
/// length by a writer equals its odd-length original; group lengths, which writers drop, are ignored.
/// </summary>
internal static class DatasetComparer
{
    public static List<string> Differences(DicomDataset expected, DicomDataset actual, bool compareVR, string path = "")
    {
        var differences = new List<string>();
        var left = expected.Where(e => !e.Tag.IsGroupLength).ToList();
        var right = actual.Where(e => !e.Tag.IsGroupLength).ToList();
        var leftTags = left.Select(e => e.Tag.Value).ToHashSet();
        var rightTags = right.Select(e => e.Tag.Value).ToHashSet();
        foreach (var missing in left.Where(e => !rightTags.Contains(e.Tag.Value)))
        {
            differences.Add($"{path}{missing.Tag} missing");
        }

        foreach (var extra in right.Where(e => !leftTags.Contains(e.Tag.Value)))
        {
            differences.Add($"{path}{extra.Tag} unexpected");
        }

        foreach (var a in left)
        {
            var b = actual[a.Tag];
            if (b is null)
            {
                continue;
            }

            var where = $"{path}{a.Tag}";
            if (compareVR && a.VR != b.VR && !(a.VR == DicomVR.UN || b.VR == DicomVR.UN))
            {
                differences.Add($"{where} VR {a.VR} became {b.VR}");
            }

            switch (a, b)
            {
                case (DicomValueElement x, DicomValueElement y):
                    if (!SameValue(x.Buffer.Memory.Span, y.Buffer.Memory.Span))
                    {
                        differences.Add($"{where} value differs ({x.Length} vs {y.Length} bytes)");
                    }

                    break;
                case (DicomSequence x, DicomSequence y):
                    if (x.Items.Count != y.Items.Count)
                    {
                        differences.Add($"{where} has {x.Items.Count} items, became {y.Items.Count}");
                        break;
                    }

                    for (var i = 0; i < x.Items.Count; i++)
                    {
                        differences.AddRange(Differences(x.Items[i], y.Items[i], compareVR, $"{where}[{i}]."));
                    }

                    break;
                case (DicomValueElement { VR.Code: "UN" } x, DicomSequence y) when EncodesAsImplicitItems(x, y):
                    // A UN value is Implicit VR Little Endian (PS3.5 §6.2.2): read back in Implicit VR,
                    // the dictionary makes it the sequence it always was.
                    break;
                case (DicomFragmentSequence x, DicomFragmentSequence y):
                    if (x.Fragments.Count != y.Fragments.Count
                        || !SameValue(x.OffsetTable.Memory.Span, y.OffsetTable.Memory.Span)
                        || x.Fragments.Zip(y.Fragments).Any(p => !SameValue(p.First.Memory.Span, p.Second.Memory.Span)))
                    {
                        differences.Add($"{where} fragments differ");
                    }

                    break;
                default:
                    differences.Add($"{where} {a.GetType().Name} became {b.GetType().Name}");
                    break;
            }
        }

        return differences;
    }

    private static bool EncodesAsImplicitItems(DicomValueElement value, DicomSequence sequence)
    {
        foreach (var undefinedLengths in new[] { false, true })
        {
            using var stream = new MemoryStream();
            var options = new DicomWriteOptions { UndefinedSequenceLengths = undefinedLengths };
            DicomDatasetWriter.Write(stream, new DicomDataset([new DicomSequence(sequence.Tag, sequence.Items)]), TransferSyntax.ImplicitVRLittleEndian, options);
            var items = stream.ToArray().AsSpan(8, (int)stream.Length - 8 - (undefinedLengths ? 8 : 0));
            if (SameValue(value.Buffer.Memory.Span, items))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Equal bytes, allowing one trailing pad byte (space or NUL) added to an odd-length value.</summary>
    private static bool SameValue(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (a.SequenceEqual(b))
        {
            return true;
        }

        if (a.Length + 1 == b.Length && (a.Length & 1) == 1 && b[^1] is 0 or 0x20)
        {
            return a.SequenceEqual(b[..^1]);
        }

        return false;
    }
}
