using System.Buffers;

namespace Lantern.Dicom.Network.Pdu;

/// <summary>The one part in which A-ASSOCIATE-RQ (20H items) and -AC (21H items) differ: their presentation context items.</summary>
internal interface IPresentationContextItemCodec<TContext>
{
    static abstract byte ItemType { get; }

    static abstract byte IdOf(TContext context);

    /// <summary>The item's size, header included; validates and throws <see cref="InvalidOperationException"/>.</summary>
    static abstract int Size(TContext context);

    static abstract void Write(IBufferWriter<byte> writer, TContext context);

    static abstract TContext Parse(ReadOnlySpan<byte> item, ref PresentationContextIdSet ids);
}
