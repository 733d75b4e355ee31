using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Lantern.Imaging.Volumes;

/// <summary>
/// A NumPy .npy file (format 1.0, C order) of [slices, rows, columns], written slice by slice at fixed
/// offsets, so slices made in parallel go straight to disk without holding the whole volume.
/// </summary>
public sealed class NpyFile : IDisposable
{
    private readonly SafeFileHandle _handle;
    private readonly long _headerLength;
    private readonly long _sliceBytes;

    /// <param name="descriptor">NumPy dtype string: "|u1", "&lt;i2".</param>
    public NpyFile(string path, string descriptor, int slices, int rows, int columns, int itemSize)
    {
        var header = Header(descriptor, slices, rows, columns);
        _headerLength = header.Length;
        _sliceBytes = (long)rows * columns * itemSize;
        _handle = File.OpenHandle(path, FileMode.Create, FileAccess.Write, FileShare.None, FileOptions.None, _headerLength + (_sliceBytes * slices));
        RandomAccess.Write(_handle, header, 0);
    }

    /// <summary>Writes slice <paramref name="index"/> (thread-safe: each slice has its own range).</summary>
    public void WriteSlice(int index, ReadOnlySpan<byte> bytes) => RandomAccess.Write(_handle, bytes, _headerLength + (index * _sliceBytes));

    public void Dispose() => _handle.Dispose();

    /// <summary>Writes a byte volume as uint8 [z, y, x]: its array is already in that order.</summary>
    public static void Write(string path, Volume<byte> volume)
    {
        ArgumentNullException.ThrowIfNull(volume);
        var g = volume.Geometry;
        using var file = new NpyFile(path, "|u1", g.SizeZ, g.SizeY, g.SizeX, sizeof(byte));
        RandomAccess.Write(file._handle, volume.Voxels, file._headerLength);
    }

    /// <summary>Magic, version 1.0, header length, then the dict padded with spaces and a newline to a multiple of 64 bytes.</summary>
    private static byte[] Header(string descriptor, int slices, int rows, int columns)
    {
        var dictionary = $"{{'descr': '{descriptor}', 'fortran_order': False, 'shape': ({slices}, {rows}, {columns}), }}";
        const int Prefix = 10;
        var padded = ((Prefix + dictionary.Length + 1 + 63) / 64 * 64) - Prefix;
        var text = dictionary.PadRight(padded - 1) + "\n";
        var header = new byte[Prefix + padded];
        header[0] = 0x93;
        "NUMPY"u8.CopyTo(header.AsSpan(1));
        header[6] = 1;
        header[7] = 0;
        header[8] = (byte)(padded & 0xFF);
        header[9] = (byte)(padded >> 8);
        Encoding.ASCII.GetBytes(text, header.AsSpan(Prefix));
        return header;
    }
}
