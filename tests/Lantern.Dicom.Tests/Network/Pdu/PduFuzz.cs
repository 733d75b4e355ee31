using System.Buffers;
using Lantern.Dicom.Network.Pdu;

namespace Lantern.Dicom.Tests.Network.Pdu;

/// <summary>
/// Seeded variants of a valid PDU body — bytes changed, cut, inserted, item soups, pure noise —
/// handed to a parser, which may refuse them only with a <see cref="PduException"/>.
/// </summary>
internal static class PduFuzz
{
    private static readonly byte[] ItemTypes = [0x10, 0x20, 0x21, 0x30, 0x40, 0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x00, 0xFF];

    public static void Run(byte[] valid, Action<ReadOnlySequence<byte>> parse, int seed, int variants = 4000)
    {
        var random = new Random(seed);
        for (var i = 0; i < variants; i++)
        {
            var body = (i % 5) switch
            {
                0 => Flip(valid, random),
                1 => Cut(valid, random),
                2 => Insert(valid, random),
                3 => ItemSoup(valid, random),
                _ => Noise(random),
            };
            var sequence = random.Next(2) == 0 ? new ReadOnlySequence<byte>(body) : PduBytes.Split(body, random.Next(body.Length + 1), random.Next(body.Length + 1));
            try
            {
                parse(sequence);
            }
            catch (PduException)
            {
            }
            catch (Exception e)
            {
                Assert.Fail($"Variant {i} (seed {seed}) threw {e.GetType().Name}: {e.Message}\n{Convert.ToHexString(body)}");
            }
        }
    }

    private static byte[] Flip(byte[] valid, Random random)
    {
        var body = (byte[])valid.Clone();
        for (var n = random.Next(1, 5); n > 0 && body.Length > 0; n--)
        {
            body[random.Next(body.Length)] = random.Next(3) == 0 ? (byte)random.Next(256) : (byte)(body[random.Next(body.Length)] ^ (1 << random.Next(8)));
        }

        return body;
    }

    private static byte[] Cut(byte[] valid, Random random)
    {
        var start = random.Next(valid.Length + 1);
        var length = random.Next(valid.Length - start + 1);
        return [.. valid.AsSpan(0, start), .. valid.AsSpan(start + length)];
    }

    private static byte[] Insert(byte[] valid, Random random)
    {
        var at = random.Next(valid.Length + 1);
        var extra = new byte[random.Next(1, 12)];
        random.NextBytes(extra);
        return [.. valid.AsSpan(0, at), .. extra, .. valid.AsSpan(at)];
    }

    /// <summary>The valid body's first 68 bytes (an A-ASSOCIATE's fixed fields), then random items, nested at random.</summary>
    private static byte[] ItemSoup(byte[] valid, Random random)
    {
        var output = new List<byte>(valid.AsSpan(0, Math.Min(68, valid.Length)).ToArray());
        AppendItems(output, random, depth: 0);
        return [.. output];
    }

    private static void AppendItems(List<byte> output, Random random, int depth)
    {
        for (var n = random.Next(0, 6); n > 0; n--)
        {
            var content = new List<byte>();
            var prefix = new byte[random.Next(0, 5)];
            random.NextBytes(prefix);
            content.AddRange(prefix);
            if (depth < 2 && random.Next(2) == 0)
            {
                AppendItems(content, random, depth + 1);
            }

            var length = random.Next(4) == 0 ? random.Next(ushort.MaxValue + 1) : content.Count;
            output.Add(ItemTypes[random.Next(ItemTypes.Length)]);
            output.Add(0);
            output.Add((byte)(length >> 8));
            output.Add((byte)length);
            output.AddRange(content);
        }
    }

    private static byte[] Noise(Random random)
    {
        var body = new byte[random.Next(0, 200)];
        random.NextBytes(body);
        return body;
    }
}
