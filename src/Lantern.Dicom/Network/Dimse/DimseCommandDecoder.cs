using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using Lantern.Dicom.Data;
using Lantern.Dicom.IO.Reading;

namespace Lantern.Dicom.Network.Dimse;

/// <summary>
/// Reads and checks the bytes of a command set for <see cref="DimseCommand.Decode(ReadOnlySequence{byte})"/>:
/// every failure is a <see cref="DimseException"/>.
/// </summary>
internal static class DimseCommandDecoder
{
    // (0000,0000) in Implicit VR: tag, 4-byte length, UL value.
    private const int GroupLengthElementSize = 12;

    /// <summary>The command elements, (0000,0000) checked and dropped.</summary>
    public static DicomDataset Read(ReadOnlySequence<byte> bytes)
    {
        var dataset = new DicomDataset();
        try
        {
            using var stream = AsStream(bytes);
            using var input = new DicomByteReader(stream);
            new DicomDatasetReader(input, DicomReadOptions.Default, lazyPath: null).ReadTopLevel(dataset, explicitVR: false);
        }
        catch (Exception e) when (e is DicomReadException or DicomDataException)
        {
            throw new DimseException($"Unreadable command set: {e.Message}", e);
        }

        try
        {
            CheckGroupLength(dataset, bytes);
            CheckElements(dataset);
            CheckMandatoryElements(dataset);
        }
        catch (DimseException e) when (Answerable(dataset))
        {
            throw e.WithRequest(DimseCommand.FromElements(dataset));
        }

        return dataset;
    }

    /// <summary>Whether a faulty command still names a request to answer; see <see cref="DimseException.Request"/>.</summary>
    private static bool Answerable(DicomDataset dataset)
    {
        foreach (var tag in (ReadOnlySpan<DicomTag>)[DicomTag.CommandField, DicomTag.MessageID, DicomTag.CommandDataSetType])
        {
            if (dataset[tag] is not DicomValueElement { Length: 2 } element || element.VR != DicomVR.US)
            {
                return false;
            }
        }

        var field = (DimseCommandField)dataset.GetValue<ushort>(DicomTag.CommandField);
        return ((ushort)field & 0x8000) == 0 && field != DimseCommandField.CCancelRequest;
    }

    private static MemoryStream AsStream(ReadOnlySequence<byte> bytes)
    {
        if (bytes.IsSingleSegment && MemoryMarshal.TryGetArray(bytes.First, out var segment))
        {
            return new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false);
        }

        return new MemoryStream(bytes.ToArray(), writable: false);
    }

    /// <summary>
    /// (0000,0000), when present, must open the bytes, be a 4-byte UL, and count exactly the bytes
    /// after it. It is then dropped: <see cref="DimseCommand.Encode"/> computes it afresh.
    /// </summary>
    private static void CheckGroupLength(DicomDataset dataset, ReadOnlySequence<byte> bytes)
    {
        if (dataset[DicomTag.CommandGroupLength] is not { } element)
        {
            return;
        }

        if (element is not DicomValueElement { Length: 4 } value || bytes.Length < GroupLengthElementSize)
        {
            throw new DimseException("Command Group Length is not a 4-byte UL", DicomTag.CommandGroupLength);
        }

        Span<byte> head = stackalloc byte[GroupLengthElementSize];
        bytes.Slice(0, GroupLengthElementSize).CopyTo(head);
        if (BinaryPrimitives.ReadUInt32LittleEndian(head) != DicomTag.CommandGroupLength.Value)
        {
            throw new DimseException("Command Group Length is not the first element", DicomTag.CommandGroupLength);
        }

        var declared = BinaryPrimitives.ReadUInt32LittleEndian(value.Buffer.Memory.Span);
        var actual = bytes.Length - GroupLengthElementSize;
        if (declared != actual)
        {
            throw new DimseException(
                string.Create(CultureInfo.InvariantCulture, $"Command Group Length gives {declared} bytes after it; the command set has {actual}"),
                DicomTag.CommandGroupLength);
        }

        dataset.Remove(DicomTag.CommandGroupLength);
    }

    /// <summary>Group 0000 values only; US exactly 2 bytes and UL 4, as every such command element has VM 1.</summary>
    private static void CheckElements(DicomDataset dataset)
    {
        foreach (var element in dataset)
        {
            if (element.Tag.Group != 0x0000)
            {
                throw new DimseException("A command set holds only group 0000 elements", element.Tag);
            }

            if (element is not DicomValueElement value)
            {
                throw new DimseException("A command element cannot be a sequence", element.Tag);
            }

            var expected = value.VR == DicomVR.US ? 2 : value.VR == DicomVR.UL ? 4 : -1;
            if (expected > 0 && value.Length != expected)
            {
                throw new DimseException(
                    string.Create(CultureInfo.InvariantCulture, $"{value.VR} command element of {value.Length} bytes, not {expected}"),
                    element.Tag);
            }
        }
    }

    /// <summary>The elements PS3.7 §9.3 and §10.3 mark mandatory for the message's type.</summary>
    private static void CheckMandatoryElements(DicomDataset dataset)
    {
        Require(dataset, DicomTag.CommandField);
        Require(dataset, DicomTag.CommandDataSetType);
        var field = (DimseCommandField)dataset.GetValue<ushort>(DicomTag.CommandField);
        if (((ushort)field & 0x8000) != 0)
        {
            Require(dataset, DicomTag.MessageIDBeingRespondedTo);
            Require(dataset, DicomTag.Status);
            return;
        }

        if (field == DimseCommandField.CCancelRequest)
        {
            Require(dataset, DicomTag.MessageIDBeingRespondedTo);
            return;
        }

        Require(dataset, DicomTag.MessageID);
        switch (field)
        {
            case DimseCommandField.CEchoRequest:
                Require(dataset, DicomTag.AffectedSOPClassUID);
                break;
            case DimseCommandField.CStoreRequest:
                Require(dataset, DicomTag.AffectedSOPClassUID);
                Require(dataset, DicomTag.AffectedSOPInstanceUID);
                Require(dataset, DicomTag.Priority);
                break;
            case DimseCommandField.CFindRequest or DimseCommandField.CGetRequest:
                Require(dataset, DicomTag.AffectedSOPClassUID);
                Require(dataset, DicomTag.Priority);
                break;
            case DimseCommandField.CMoveRequest:
                Require(dataset, DicomTag.AffectedSOPClassUID);
                Require(dataset, DicomTag.Priority);
                Require(dataset, DicomTag.MoveDestination);
                break;
        }
    }

    private static void Require(DicomDataset dataset, DicomTag tag)
    {
        if (dataset[tag] is not DicomValueElement { Length: > 0 })
        {
            throw new DimseException($"The command set has no {DimseCommand.DicomDictionaryName(tag)}", tag);
        }
    }
}
