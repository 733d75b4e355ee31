namespace Lantern.IntegrationTests.Network.Hostile;

/// <summary>
/// What storescu 3.6.7 reports per file with <c>-v</c>: "I: Sending file: PATH", then "I: Received
/// Store Response (Success)" (or another status), or "E: Store Failed, file: PATH:" when the
/// association broke. The file sent last without any response is <see cref="Unanswered"/>: its data
/// may or may not have been stored, the peer never learned.
/// </summary>
internal sealed record StorescuLog(IReadOnlyList<string> Succeeded, IReadOnlyList<string> Refused, string? Unanswered)
{
    private const string SendingPrefix = "I: Sending file: ";
    private const string SuccessLine = "I: Received Store Response (Success)";
    private const string ResponsePrefix = "I: Received Store Response (";

    public static StorescuLog Parse(string output)
    {
        var succeeded = new List<string>();
        var refused = new List<string>();
        string? current = null;
        foreach (var line in output.Split('\n'))
        {
            if (line.StartsWith(SendingPrefix, StringComparison.Ordinal))
            {
                Assert.True(current is null, $"storescu sent {line[SendingPrefix.Length..]} before {current} was answered");
                current = line[SendingPrefix.Length..].Trim();
            }
            else if (line.StartsWith(ResponsePrefix, StringComparison.Ordinal))
            {
                Assert.True(current is not null, $"a store response without a file being sent: {line}");
                (line.StartsWith(SuccessLine, StringComparison.Ordinal) ? succeeded : refused).Add(current);
                current = null;
            }
        }

        return new StorescuLog(succeeded, refused, current);
    }
}
