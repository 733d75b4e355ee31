using System.Buffers.Binary;
using Lantern.Dicom.Data;
using Lantern.Dicom.IO.Reading;
using Lantern.Dicom.Tests.Support;

namespace Lantern.Dicom.Tests.IO.Reading;

/// <summary>
/// Broken input must end in a <see cref="DicomReadException"/> or a successful read — never a hang,
/// a crash, another exception type, or memory out of proportion to the input.
/// </summary>
public sealed class HostileInputTests
{
    private const int Variants = 12_000;
    private const int MaxSourceBytes = 256 * 1024;

    [Fact]
    public async Task Read_TenThousandMutatedCorpusFiles_ReadsOrThrowsDicomReadException()
    {
        var sources = PydicomCorpus.ReadableFiles
            .Select(f => File.ReadAllBytes(f.Path))
            .Where(bytes => bytes.Length <= MaxSourceBytes)
            .ToArray();
        Assert.True(sources.Length > 50, $"only {sources.Length} corpus files to mutate");

        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var outcomes = new int[2];
        var fuzz = Task.Run(() => Parallel.For(0, Variants, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var random = new Random(i);
            var source = sources[random.Next(sources.Length)];
            var (mutation, bytes) = Mutate(source, random);
            var before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                DicomFile.Read(new MemoryStream(bytes, writable: false));
                Interlocked.Increment(ref outcomes[0]);
            }
            catch (DicomReadException e) when (e.Message.Length > 0)
            {
                Interlocked.Increment(ref outcomes[1]);
            }
#pragma warning disable CA1031 // Any other exception is exactly what this test reports.
            catch (Exception e)
#pragma warning restore CA1031
            {
                failures.Enqueue($"variant {i} ({mutation}): {e.GetType().Name}: {e.Message}");
            }

            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (allocated > (16L * bytes.Length) + (4 << 20))
            {
                failures.Enqueue($"variant {i} ({mutation}): allocated {allocated:N0} bytes for {bytes.Length:N0} bytes of input");
            }
        }));

        var finished = await Task.WhenAny(fuzz, Task.Delay(TimeSpan.FromMinutes(3)));
        Assert.True(finished == fuzz, "reading mutated files did not finish: a hang");
        await fuzz;
        Assert.True(failures.IsEmpty, string.Join('\n', failures.Take(30)));
        Assert.Equal(Variants, outcomes[0] + outcomes[1]);
        Assert.True(outcomes[1] > Variants / 10, $"only {outcomes[1]} of {Variants} variants were rejected: mutations too weak");
    }

    [Fact]
    public void Read_TenThousandDeepNesting_ThrowsDicomReadExceptionNamingDepth()
    {
        using var stream = new MemoryStream();
        for (var depth = 0; depth < 10_000; depth++)
        {
            // (0040,A730) ContentSequence SQ, undefined length, then an item of undefined length.
            WriteExplicitHeader(stream, 0x0040, 0xA730, "SQ", 0xFFFFFFFF);
            WriteItem(stream, 0xE000, 0xFFFFFFFF);
        }

        stream.Position = 0;
        var error = Assert.Throws<DicomReadException>(() => DicomFile.Read(WithMeta(stream.ToArray())));
        Assert.Contains("nested deeper", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0xFFFFFFF0u)]
    [InlineData(0x7FFFFFFFu)]
    [InlineData(0xFFFFFFFEu)]
    public void Read_LengthPastEndOfStream_ThrowsWithOffsetAndTag(uint length)
    {
        using var stream = new MemoryStream();
        WriteExplicitHeader(stream, 0x0008, 0x0016, "UI", 4);
        stream.Write("1.2\0"u8);
        WriteExplicitHeader(stream, 0x7FE0, 0x0010, "OW", length);
        stream.Write(new byte[64]);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<DicomReadException>(() => DicomFile.Read(WithMeta(stream.ToArray())));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(new DicomTag(0x7FE0, 0x0010), error.Tag);
        Assert.True(error.Offset > 0);
        Assert.True(allocated < 1 << 20, $"allocated {allocated:N0} bytes for a value that was never there");
    }

    [Fact]
    public void Read_LengthPastEndOfUnseekableStream_DoesNotAllocateTheDeclaredLength()
    {
        using var stream = new MemoryStream();
        WriteExplicitHeader(stream, 0x7FE0, 0x0010, "OW", 0x7FFFFFF0);
        stream.Write(new byte[64]);

        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<DicomReadException>(() => DicomFile.Read(new UnseekableStream(WithMeta(stream.ToArray()))));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 8 << 20);
    }

    [Fact]
    public void Read_TruncatedInsideElementHeader_ThrowsDicomReadException()
    {
        using var stream = new MemoryStream();
        WriteExplicitHeader(stream, 0x0010, 0x0010, "PN", 4);
        stream.Write("Doe^"u8);
        stream.Write([0x10, 0x00, 0x20]);

        var error = Assert.Throws<DicomReadException>(() => DicomFile.Read(WithMeta(stream.ToArray())));
        Assert.Contains("end of data", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WrongVRCode_ThrowsDicomReadExceptionNamingTag()
    {
        using var stream = new MemoryStream();
        WriteExplicitHeader(stream, 0x0010, 0x0010, "Q!", 4);
        stream.Write("Doe^"u8);

        var error = Assert.Throws<DicomReadException>(() => DicomFile.Read(WithMeta(stream.ToArray())));
        Assert.Equal(new DicomTag(0x0010, 0x0010), error.Tag);
    }

    [Fact]
    public void Read_RandomBytes_ThrowsDicomReadException()
    {
        var random = new Random(7);
        for (var i = 0; i < 200; i++)
        {
            var bytes = new byte[random.Next(0, 4096)];
            random.NextBytes(bytes);
            try
            {
                DicomFile.Read(new MemoryStream(bytes));
            }
            catch (DicomReadException)
            {
            }
        }
    }

    private static (string Mutation, byte[] Bytes) Mutate(byte[] source, Random random)
    {
        var bytes = (byte[])source.Clone();
        switch (random.Next(4))
        {
            case 0:
                var flips = random.Next(1, 9);
                for (var f = 0; f < flips; f++)
                {
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                }

                return ($"{flips} bit flips", bytes);
            case 1:
                var length = random.Next(bytes.Length);
                return ($"truncated to {length}", bytes[..length]);
            case 2:
                // Overwrite what is likely a length field: 4 bytes at an even offset past the preamble.
                var at = Math.Min(bytes.Length - 4, 132 + (2 * random.Next(Math.Max(1, (bytes.Length - 136) / 2))));
                uint[] lengths = [0xFFFFFFFF, 0xFFFFFFF0, 0x7FFFFFFF, 0x0000FFFF, (uint)random.Next(), 0];
                var value = lengths[random.Next(lengths.Length)];
                if (at >= 0)
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at), value);
                }

                return ($"0x{value:X8} at {at}", bytes);
            default:
                var start = random.Next(bytes.Length);
                var count = random.Next(1, 64);
                for (var k = start; k < Math.Min(bytes.Length, start + count); k++)
                {
                    bytes[k] = (byte)random.Next(256);
                }

                return ($"{count} random bytes at {start}", bytes);
        }
    }

    private static void WriteExplicitHeader(Stream stream, ushort group, ushort element, string vr, uint length)
    {
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt16LittleEndian(header, group);
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], element);
        header[4] = (byte)vr[0];
        header[5] = (byte)vr[1];
        if (vr is "OB" or "OW" or "SQ" or "UN" or "UT")
        {
            header[6] = header[7] = 0;
            BinaryPrimitives.WriteUInt32LittleEndian(header[8..], length);
            stream.Write(header);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(header[6..], (ushort)length);
            stream.Write(header[..8]);
        }
    }

    private static void WriteItem(Stream stream, ushort element, uint length)
    {
        Span<byte> header = stackalloc byte[8];
        BinaryPrimitives.WriteUInt16LittleEndian(header, 0xFFFE);
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], element);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], length);
        stream.Write(header);
    }

    /// <summary>Preamble, "DICM" and a minimal meta group declaring Explicit VR Little Endian.</summary>
    private static MemoryStream WithMeta(byte[] dataset)
    {
        var stream = new MemoryStream();
        stream.Write(new byte[128]);
        stream.Write("DICM"u8);
        var syntax = "1.2.840.10008.1.2.1\0"u8;
        WriteExplicitHeader(stream, 0x0002, 0x0010, "UI", (uint)syntax.Length);
        stream.Write(syntax);
        stream.Write(dataset);
        stream.Position = 0;
        return stream;
    }

    private sealed class UnseekableStream(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
