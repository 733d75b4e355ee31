using Lantern.Dicom.Data;
using Lantern.Dicom.Network.Pdu;

namespace Lantern.Dicom.Network.Association;

/// <summary>
/// Answers an A-ASSOCIATE-RQ (PS3.8 §7.1, PS3.7 Annex D): a reject with the result, source and
/// reason DCMTK peers expect, or an accept naming, per presentation context, the first transfer
/// syntax in our preference order that the peer proposed.
/// </summary>
public static class AssociationNegotiator
{
    private const string DicomApplicationContext = "1.2.840.10008.3.1.1.1";

    public static AssociationDecision Negotiate(AssociateRequest request, AssociationOptions options, bool atCapacity)
    {
        if ((request.ProtocolVersion & 1) == 0)
        {
            return Reject(AssociateRejectResult.Permanent, AssociateRejectSource.ServiceProviderAcse, AssociateRejectReason.ProtocolVersionNotSupported, "protocol version not supported");
        }

        if (request.ApplicationContextName != DicomApplicationContext)
        {
            return Reject(AssociateRejectResult.Permanent, AssociateRejectSource.ServiceUser, AssociateRejectReason.ApplicationContextNotSupported, "application context not supported");
        }

        if (!string.Equals(request.CalledAE, options.ApplicationEntityTitle, StringComparison.Ordinal))
        {
            return Reject(AssociateRejectResult.Permanent, AssociateRejectSource.ServiceUser, AssociateRejectReason.CalledAENotRecognized, "called AE title not recognized");
        }

        if (options.AllowedCallingApplicationEntityTitles is { } allowed && !allowed.Contains(request.CallingAE))
        {
            return Reject(AssociateRejectResult.Permanent, AssociateRejectSource.ServiceUser, AssociateRejectReason.CallingAENotRecognized, "calling AE title not allowed");
        }

        if (atCapacity)
        {
            return Reject(AssociateRejectResult.Transient, AssociateRejectSource.ServiceProviderPresentation, AssociateRejectReason.TemporaryCongestion, "too many associations");
        }

        var responses = new List<PresentationContextResponse>(request.PresentationContexts.Count);
        var accepted = new List<PresentationContext>();
        foreach (var proposed in request.PresentationContexts)
        {
            var response = Answer(proposed, options);
            responses.Add(response);
            if (response.Result == PresentationContextResult.Acceptance)
            {
                accepted.Add(new PresentationContext(proposed.Id, proposed.AbstractSyntax, TransferSyntax.Lookup(response.TransferSyntax)));
            }
        }

        var userInformation = new UserInformation
        {
            MaximumLength = options.MaximumPduLength,
            ImplementationClassUid = DicomImplementation.ClassUid,
            ImplementationVersionName = DicomImplementation.VersionName,
        };

        // We perform one operation at a time, and say so whenever asked (PS3.7 D.3.3.3).
        if (request.UserInformation.AsynchronousOperationsWindow is not null)
        {
            userInformation.AsynchronousOperationsWindow = (1, 1);
        }

        // We act as SCP for storage and verification only; an SCU role is granted as proposed.
        foreach (var role in request.UserInformation.RoleSelections)
        {
            userInformation.RoleSelections.Add(new RoleSelection(role.SopClassUid, role.ScuRole, ScpRole: false));
        }

        if (request.UserInformation.UserIdentity is { PositiveResponseRequested: true })
        {
            userInformation.UserIdentityServerResponse = [];
        }

        var accept = new AssociateAccept
        {
            ProtocolVersion = 1,
            CalledAE = request.CalledAE,
            CallingAE = request.CallingAE,
            ApplicationContextName = DicomApplicationContext,
            PresentationContexts = responses,
            UserInformation = userInformation,
        };
        return AssociationDecision.Accepted(accept, accepted);
    }

    private static PresentationContextResponse Answer(PresentationContextRequest proposed, AssociationOptions options)
    {
        if (!options.IsAbstractSyntaxSupported(proposed.AbstractSyntax))
        {
            return new PresentationContextResponse(proposed.Id, PresentationContextResult.AbstractSyntaxNotSupported, string.Empty);
        }

        foreach (var preferred in options.TransferSyntaxPreference)
        {
            if (proposed.TransferSyntaxes.Contains(preferred, StringComparer.Ordinal))
            {
                return new PresentationContextResponse(proposed.Id, PresentationContextResult.Acceptance, preferred);
            }
        }

        return new PresentationContextResponse(proposed.Id, PresentationContextResult.TransferSyntaxesNotSupported, string.Empty);
    }

    private static AssociationDecision Reject(AssociateRejectResult result, AssociateRejectSource source, byte reason, string why) =>
        AssociationDecision.Rejected(new AssociateReject(result, source, reason), why);
}
