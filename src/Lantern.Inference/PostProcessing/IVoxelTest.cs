using System.Numerics;

namespace Lantern.Inference.PostProcessing;

/// <summary>Whether a voxel belongs to the foreground: a struct per rule so that the labeller's inner loop is specialised and inlined.</summary>
internal interface IVoxelTest<T>
{
    bool IsForeground(T value);
}

internal readonly struct AtLeast<T>(T threshold) : IVoxelTest<T>
    where T : INumber<T>
{
    public bool IsForeground(T value) => value >= threshold;
}

internal readonly struct EqualTo(byte label) : IVoxelTest<byte>
{
    public bool IsForeground(byte value) => value == label;
}

internal readonly struct NotEqualTo(byte label) : IVoxelTest<byte>
{
    public bool IsForeground(byte value) => value != label;
}
