using System.IO.Compression;
using Lantern.Dicom.Data;

namespace Lantern.Dicom.IO.Reading;

/// <summary>
/// Reads a Part 10 file (preamble, "DICM", File Meta Information, data set) or, as DCMTK accepts, a
/// bare data set with or without meta information, guessing its transfer syntax from its first bytes.
/// </summary>
internal static class DicomFileReader
{
    private const int PreambleLength = 128;
    private static readonly DicomTag TransferSyntaxUid = new(0x0002, 0x0010);

    public static DicomFile Read(Stream stream, DicomReadOptions options, string? path)
    {
        var input = new DicomByteReader(stream);
        try
        {
            var (meta, syntax) = ReadHeader(input, options);
            var dataset = new DicomDataset();
            if (syntax.IsDeflated)
            {
                using var inflated = new DicomByteReader(new DeflateStream(new PrefixedStream(input.TakeBuffered(), stream), CompressionMode.Decompress));
                new DicomDatasetReader(inflated, options, lazyPath: null).ReadTopLevel(dataset, explicitVR: true);
            }
            else
            {
                input.BigEndian = syntax.IsBigEndian;
                new DicomDatasetReader(input, options, path).ReadTopLevel(dataset, syntax.IsExplicitVR);
            }

            return new DicomFile(meta, dataset, syntax);
        }
        catch (InvalidDataException e)
        {
            throw new DicomReadException($"deflated data set is corrupt: {e.Message}", input.Position, null, e);
        }
        finally
        {
            input.Dispose();
        }
    }

    /// <summary>
    /// The File Meta Information, the data set's transfer syntax, and the byte offset where the data
    /// set begins — what a sender needs to stream the data set straight from the file.
    /// </summary>
    public static DicomFileHeader ReadHeader(Stream stream)
    {
        var input = new DicomByteReader(stream);
        try
        {
            var (meta, syntax) = ReadHeader(input, DicomReadOptions.Default);
            return new DicomFileHeader(meta, syntax, input.Position);
        }
        finally
        {
            input.Dispose();
        }
    }

    private static (DicomDataset Meta, TransferSyntax Syntax) ReadHeader(DicomByteReader input, DicomReadOptions options)
    {
        var meta = new DicomDataset();
        var hasMeta = SkipPreamble(input);
        if (hasMeta)
        {
            var metaReader = new DicomDatasetReader(input, options, lazyPath: null);
            metaReader.ReadGroup(meta, LooksExplicit(input), 0x0002);
        }

        var syntax = meta.TryGetString(TransferSyntaxUid, out var uid) && uid.Length > 0
            ? TransferSyntax.Lookup(uid)
            : Guess(input, hasMeta);
        return (meta, syntax);
    }

    /// <summary>Consumes the preamble and "DICM" when present; true when File Meta Information follows.</summary>
    private static bool SkipPreamble(DicomByteReader input)
    {
        if (input.TryEnsure(PreambleLength + 4) && input.Peek(PreambleLength + 4)[PreambleLength..].SequenceEqual("DICM"u8))
        {
            input.Advance(PreambleLength + 4);
            return true;
        }

        if (input.TryEnsure(4) && input.Peek(4).SequenceEqual("DICM"u8))
        {
            input.Advance(4);
            return true;
        }

        // Meta information without a preamble: the data set begins with group 0002.
        return input.TryEnsure(2) && input.Peek(2).SequenceEqual((ReadOnlySpan<byte>)[0x02, 0x00]);
    }

    /// <summary>Explicit VR when the two bytes after the first tag are a VR code.</summary>
    private static bool LooksExplicit(DicomByteReader input) =>
        input.TryEnsure(6)
        && input.Peek(6)[4] is >= (byte)'A' and <= (byte)'Z'
        && input.Peek(6)[5] is >= (byte)'A' and <= (byte)'Z'
        && Data.DicomVR.TryParse(input.Peek(6)[4], input.Peek(6)[5], out _);

    private static TransferSyntax Guess(DicomByteReader input, bool hadMeta)
    {
        if (!input.TryEnsure(8))
        {
            if (hadMeta && !input.TryEnsure(1))
            {
                return TransferSyntax.ExplicitVRLittleEndian;
            }

            throw new DicomReadException("not DICOM: too short to hold a data set", input.Position);
        }

        var first = input.Peek(8);
        var bigEndian = first[0] == 0 && first[1] != 0;
        var group = bigEndian ? (first[0] << 8) | first[1] : first[0] | (first[1] << 8);
        if (!hadMeta && (group > 0x0028 || (group & 1) == 1))
        {
            throw new DicomReadException("not DICOM: no \"DICM\" prefix, and the data does not begin like a data set", input.Position);
        }

        var explicitVR = LooksExplicit(input);
        return bigEndian ? TransferSyntax.ExplicitVRBigEndian
            : explicitVR ? TransferSyntax.ExplicitVRLittleEndian
            : TransferSyntax.ImplicitVRLittleEndian;
    }
}
