using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Lantern.Dicom.Data;
using Lantern.Dicom.IO.Writing;

namespace Lantern.Dicom.Network.Dimse;

/// <summary>
/// A DIMSE command set: the group 0000 elements that open every DIMSE message (PS3.7 §6.3, §9.3,
/// Annex E), kept as a <see cref="DicomDataset"/> with typed access to the elements the C-services
/// use. Always encoded in Implicit VR Little Endian, Command Group Length (0000,0000) first.
/// </summary>
public sealed class DimseCommand
{
    /// <summary>Command Data Set Type (0000,0800) meaning "no data set follows" (PS3.7 Table E.1-1).</summary>
    public const ushort NoDataSet = 0x0101;

    /// <summary>The value written when a data set follows; on receipt any value but 0101 means one does.</summary>
    public const ushort DataSetPresent = 0x0000;

    // (0000,0000) in Implicit VR: tag, 4-byte length, UL value.
    private const int GroupLengthElementSize = 12;
    private const int ErrorCommentMaximumLength = 64;
    private const int AETitleMaximumLength = 16;

    /// <summary>A command set holding only <paramref name="commandField"/> and "no data set".</summary>
    public DimseCommand(DimseCommandField commandField)
        : this(new DicomDataset())
    {
        CommandField = commandField;
        HasDataset = false;
    }

    private DimseCommand(DicomDataset dataset) => Dataset = dataset;

    /// <summary>A command over elements already read, unchecked (a faulty request kept to be answered).</summary>
    internal static DimseCommand FromElements(DicomDataset dataset) => new(dataset);

    /// <summary>The command elements (group 0000 only); (0000,0000) is computed on encoding, never stored.</summary>
    public DicomDataset Dataset { get; }

    /// <summary>Command Field (0000,0100). A value this enum does not name is kept as it came.</summary>
    public DimseCommandField CommandField
    {
        get => (DimseCommandField)GetRequiredUInt16(DicomTag.CommandField);
        set => SetUInt16(DicomTag.CommandField, (ushort)value);
    }

    /// <summary>True when bit 15 of the Command Field is set: a response.</summary>
    public bool IsResponse => ((ushort)CommandField & 0x8000) != 0;

    /// <summary>Message ID (0000,0110), which every request but C-CANCEL carries.</summary>
    public ushort MessageId
    {
        get => GetRequiredUInt16(DicomTag.MessageID);
        set => SetUInt16(DicomTag.MessageID, value);
    }

    /// <summary>Message ID Being Responded To (0000,0120), in every response and in C-CANCEL-RQ.</summary>
    public ushort MessageIdBeingRespondedTo
    {
        get => GetRequiredUInt16(DicomTag.MessageIDBeingRespondedTo);
        set => SetUInt16(DicomTag.MessageIDBeingRespondedTo, value);
    }

    /// <summary>Affected SOP Class UID (0000,0002); null when absent or empty.</summary>
    public string? AffectedSopClassUid
    {
        get => GetText(DicomTag.AffectedSOPClassUID);
        set => SetUid(DicomTag.AffectedSOPClassUID, value);
    }

    /// <summary>Affected SOP Instance UID (0000,1000); null when absent or empty.</summary>
    public string? AffectedSopInstanceUid
    {
        get => GetText(DicomTag.AffectedSOPInstanceUID);
        set => SetUid(DicomTag.AffectedSOPInstanceUID, value);
    }

    /// <summary>Priority (0000,0700); <see cref="DimsePriority.Medium"/> when absent.</summary>
    public DimsePriority Priority
    {
        get => Dataset.TryGetValue<ushort>(DicomTag.Priority, out var value) ? (DimsePriority)value : DimsePriority.Medium;
        set => SetUInt16(DicomTag.Priority, (ushort)value);
    }

    /// <summary>
    /// Whether a data set follows the command: Command Data Set Type (0000,0800) other than
    /// <see cref="NoDataSet"/>. Setting true writes <see cref="DataSetPresent"/>.
    /// </summary>
    public bool HasDataset
    {
        get => GetRequiredUInt16(DicomTag.CommandDataSetType) != NoDataSet;
        set => SetUInt16(DicomTag.CommandDataSetType, value ? DataSetPresent : NoDataSet);
    }

    /// <summary>Status (0000,0900), which every response carries.</summary>
    public DimseStatus Status
    {
        get => new(GetRequiredUInt16(DicomTag.Status));
        set => SetUInt16(DicomTag.Status, value.Code);
    }

    /// <summary>
    /// Error Comment (0000,0902), LO in the default repertoire: on setting, text past 64 characters is
    /// cut, characters outside printable ASCII become '?', and '\' (a value separator) becomes '/'.
    /// Null or empty removes it.
    /// </summary>
    public string? ErrorComment
    {
        get => GetText(DicomTag.ErrorComment);
        set
        {
            if (string.IsNullOrEmpty(value))
            {
                Dataset.Remove(DicomTag.ErrorComment);
                return;
            }

            Dataset.AddOrUpdate(DicomTag.ErrorComment, DicomVR.LO, ToErrorCommentText(value));
        }
    }

    /// <summary>Move Originator Application Entity Title (0000,1030), on a C-STORE-RQ made for a C-MOVE.</summary>
    public string? MoveOriginatorApplicationEntityTitle
    {
        get => GetText(DicomTag.MoveOriginatorApplicationEntityTitle)?.Trim(' ');
        set
        {
            if (string.IsNullOrEmpty(value))
            {
                Dataset.Remove(DicomTag.MoveOriginatorApplicationEntityTitle);
                return;
            }

            CheckAETitle(value);
            Dataset.AddOrUpdate(DicomTag.MoveOriginatorApplicationEntityTitle, DicomVR.AE, value);
        }
    }

    /// <summary>Move Originator Message ID (0000,1031), on a C-STORE-RQ made for a C-MOVE.</summary>
    public ushort? MoveOriginatorMessageId
    {
        get => Dataset.TryGetValue<ushort>(DicomTag.MoveOriginatorMessageID, out var value) ? value : null;
        set
        {
            if (value is { } id)
            {
                SetUInt16(DicomTag.MoveOriginatorMessageID, id);
            }
            else
            {
                Dataset.Remove(DicomTag.MoveOriginatorMessageID);
            }
        }
    }

    /// <summary>Bytes <see cref="Encode"/> produces, Command Group Length element included.</summary>
    public int EncodedLength => checked(GroupLengthElementSize + (int)DicomDatasetWriter.ComputeLength(Dataset, TransferSyntax.ImplicitVRLittleEndian));

    /// <summary>C-ECHO-RQ of the Verification SOP Class (PS3.7 §9.3.5.1).</summary>
    public static DimseCommand CreateEchoRequest(ushort messageId) =>
        new(DimseCommandField.CEchoRequest)
        {
            MessageId = messageId,
            AffectedSopClassUid = DicomUid.Verification.Value,
        };

    /// <summary>C-ECHO-RSP to <paramref name="request"/> (PS3.7 §9.3.5.2).</summary>
    public static DimseCommand CreateEchoResponse(DimseCommand request, DimseStatus status)
    {
        Expect(request, DimseCommandField.CEchoRequest);
        return CreateResponse(request, status);
    }

    /// <summary>C-STORE-RQ for one instance (PS3.7 §9.3.1.1); a data set follows it.</summary>
    public static DimseCommand CreateStoreRequest(ushort messageId, string sopClassUid, string sopInstanceUid, DimsePriority priority = DimsePriority.Medium) =>
        new(DimseCommandField.CStoreRequest)
        {
            MessageId = messageId,
            AffectedSopClassUid = RequireUid(sopClassUid, nameof(sopClassUid)),
            AffectedSopInstanceUid = RequireUid(sopInstanceUid, nameof(sopInstanceUid)),
            Priority = priority,
            HasDataset = true,
        };

    /// <summary>
    /// C-STORE-RSP to <paramref name="request"/> (PS3.7 §9.3.1.2), echoing its SOP Class and Instance
    /// UIDs as they came.
    /// </summary>
    public static DimseCommand CreateStoreResponse(DimseCommand request, DimseStatus status, string? errorComment = null)
    {
        Expect(request, DimseCommandField.CStoreRequest);
        var response = CreateResponse(request, status);
        response.ErrorComment = errorComment;
        return response;
    }

    /// <summary>
    /// A response to any request: Command Field with bit 15 set, Message ID Being Responded To, no
    /// data set, <paramref name="status"/>, and the request's Affected SOP Class and Instance UIDs
    /// copied byte for byte when it has them (so a peer's odd UID never stops us answering).
    /// </summary>
    public static DimseCommand CreateResponse(DimseCommand request, DimseStatus status)
    {
        if (request.IsResponse || request.CommandField == DimseCommandField.CCancelRequest)
        {
            throw new ArgumentException($"{Name(request.CommandField)} has no response.", nameof(request));
        }

        var response = new DimseCommand((DimseCommandField)((ushort)request.CommandField | 0x8000))
        {
            MessageIdBeingRespondedTo = request.MessageId,
            Status = status,
        };
        foreach (var tag in (ReadOnlySpan<DicomTag>)[DicomTag.AffectedSOPClassUID, DicomTag.AffectedSOPInstanceUID])
        {
            if (request.Dataset[tag] is { } element)
            {
                response.Dataset.AddOrReplace(element);
            }
        }

        return response;
    }

    /// <summary>
    /// The command set in Implicit VR Little Endian, (0000,0000) first with the byte count of the
    /// elements after it (PS3.7 §6.3.1), then the elements in tag order, each value padded to even
    /// length (UIDs with NUL, text with space).
    /// </summary>
    public byte[] Encode()
    {
        CheckEncodable();
        var bodyLength = EncodedLength - GroupLengthElementSize;
        var bytes = new byte[GroupLengthElementSize + bodyLength];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, DicomTag.CommandGroupLength.Value);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), 4);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)bodyLength);
        using var body = new MemoryStream(bytes, GroupLengthElementSize, bodyLength, writable: true);
        DicomDatasetWriter.Write(body, Dataset, TransferSyntax.ImplicitVRLittleEndian);
        if (body.Position != bodyLength)
        {
            throw new InvalidOperationException($"The writer produced {body.Position} bytes of command elements; {bodyLength} were computed.");
        }

        return bytes;
    }

    /// <summary>Writes what <see cref="Encode"/> returns to <paramref name="writer"/>.</summary>
    public void WriteTo(IBufferWriter<byte> writer) => writer.Write(Encode());

    /// <summary>Decodes a command set; see <see cref="Decode(ReadOnlySequence{byte})"/>.</summary>
    public static DimseCommand Decode(ReadOnlyMemory<byte> commandBytes) => Decode(new ReadOnlySequence<byte>(commandBytes));

    /// <summary>
    /// Decodes the bytes of a whole command set (the reassembled command PDVs of one message) in
    /// Implicit VR Little Endian. Throws <see cref="DimseException"/> when they are not a command
    /// set: unreadable or truncated elements, a Command Group Length that disagrees with the bytes,
    /// an element outside group 0000 or of the wrong size, or a mandatory element of the message's
    /// type missing (Command Field and Command Data Set Type in every message; Message ID and Affected
    /// SOP Class UID in C-service requests; Message ID Being Responded To and Status in responses).
    /// A missing (0000,0000) is tolerated. A Command Field this library does not know is not an error:
    /// the SCP answers it with <see cref="DimseStatus.UnrecognizedOperation"/>.
    /// </summary>
    public static DimseCommand Decode(ReadOnlySequence<byte> commandBytes) => FromElements(DimseCommandDecoder.Read(commandBytes));

    /// <summary>A one-line summary for logs, e.g. "C-STORE-RSP to 7: 0000 (Success)".</summary>
    public override string ToString()
    {
        var text = new StringBuilder(Dataset.TryGetValue<ushort>(DicomTag.CommandField, out var field) ? Name((DimseCommandField)field) : "Command without Command Field");
        if (Dataset.TryGetValue<ushort>(DicomTag.MessageID, out var id))
        {
            text.Append(CultureInfo.InvariantCulture, $" #{id}");
        }

        if (Dataset.TryGetValue<ushort>(DicomTag.MessageIDBeingRespondedTo, out var respondedTo))
        {
            text.Append(CultureInfo.InvariantCulture, $" to #{respondedTo}");
        }

        if (Dataset.TryGetValue<ushort>(DicomTag.Status, out var status))
        {
            text.Append(": ").Append(new DimseStatus(status).ToString());
        }

        if (AffectedSopInstanceUid is { } instance)
        {
            text.Append(" instance ").Append(instance);
        }

        return text.ToString();
    }

    /// <summary>"C-STORE-RQ", "N-GET-RSP", ...; the hex code for a field this enum does not name.</summary>
    internal static string Name(DimseCommandField field)
    {
        var code = (ushort)field;
        var service = (code & 0x7FFF) switch
        {
            0x0001 => "C-STORE",
            0x0010 => "C-GET",
            0x0020 => "C-FIND",
            0x0021 => "C-MOVE",
            0x0030 => "C-ECHO",
            0x0100 => "N-EVENT-REPORT",
            0x0110 => "N-GET",
            0x0120 => "N-SET",
            0x0130 => "N-ACTION",
            0x0140 => "N-CREATE",
            0x0150 => "N-DELETE",
            0x0FFF => "C-CANCEL",
            _ => null,
        };
        return service is null
            ? string.Create(CultureInfo.InvariantCulture, $"Command Field {code:X4}")
            : service + ((code & 0x8000) != 0 ? "-RSP" : "-RQ");
    }

    private static void Expect(DimseCommand request, DimseCommandField expected)
    {
        if (request.CommandField != expected)
        {
            throw new ArgumentException($"Expected a {Name(expected)}, got a {Name(request.CommandField)}.", nameof(request));
        }
    }

    private static string RequireUid(string value, string parameterName) =>
        string.IsNullOrEmpty(value) ? throw new ArgumentException("A UID is required.", parameterName) : value;

    private ushort GetRequiredUInt16(DicomTag tag) =>
        Dataset.TryGetValue<ushort>(tag, out var value)
            ? value
            : throw new DimseException($"The command set has no {DicomDictionaryName(tag)}", tag);

    private string? GetText(DicomTag tag) =>
        Dataset.TryGetString(tag, out var value) && value.Length > 0 ? value : null;

    private void SetUInt16(DicomTag tag, ushort value) => Dataset.AddOrUpdate<ushort>(tag, DicomVR.US, value);

    /// <summary>
    /// Sets a UID, checking only what the encoding needs: at most 64 characters, digits and dots.
    /// Stricter checks (no leading zeros) are left out: instances in the wild carry such UIDs and
    /// must still be sent.
    /// </summary>
    private void SetUid(DicomTag tag, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            Dataset.Remove(tag);
            return;
        }

        if (value.Length > DicomUid.MaximumLength || value.Any(c => c != '.' && !char.IsAsciiDigit(c)))
        {
            throw new ArgumentException($"'{value}' cannot be encoded as a UID: at most 64 digits and dots.", nameof(value));
        }

        Dataset.AddOrUpdate(tag, DicomVR.UI, value);
    }

    private static void CheckAETitle(string value)
    {
        var trimmed = value.Trim(' ');
        if (trimmed.Length == 0 || value.Length > AETitleMaximumLength || value.Any(c => c is < ' ' or > '~' or '\\'))
        {
            throw new ArgumentException($"'{value}' is not an AE title: 1 to 16 printable ASCII characters, no '\\'.", nameof(value));
        }
    }

    private static string ToErrorCommentText(string value)
    {
        var length = Math.Min(value.Length, ErrorCommentMaximumLength);
        return string.Create(length, value, static (destination, source) =>
        {
            for (var i = 0; i < destination.Length; i++)
            {
                destination[i] = source[i] switch
                {
                    '\\' => '/',
                    < ' ' or > '~' => '?',
                    var c => c,
                };
            }
        });
    }

    private void CheckEncodable()
    {
        foreach (var element in Dataset)
        {
            if (element.Tag.Group != 0x0000 || element is not DicomValueElement)
            {
                throw new InvalidOperationException($"A command set holds only group 0000 values; {element.Tag} is not one.");
            }
        }
    }

    internal static string DicomDictionaryName(DicomTag tag) =>
        Dictionary.DicomDictionary.Find(tag)?.Name ?? "element";
}
