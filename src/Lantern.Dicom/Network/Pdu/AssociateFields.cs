namespace Lantern.Dicom.Network.Pdu;

/// <summary>What an A-ASSOCIATE-RQ or -AC holds, as parsed.</summary>
internal readonly record struct AssociateFields<TContext>(
    ushort ProtocolVersion, string CalledAE, string CallingAE, string ApplicationContextName, List<TContext> PresentationContexts, UserInformation UserInformation);
