using Marten;

namespace EventFramework;

/// <summary>
/// What a projection handler writes through on Marten: the batch's document session. Its changes,
/// the parked events and the checkpoint are saved by the sink in one SaveChanges (one transaction).
/// Handlers store, patch or delete documents; they do not call SaveChanges themselves. The session
/// has an identity map, so loading a document stored earlier in the same batch returns that instance.
/// </summary>
public sealed class MartenProjectionContext(IDocumentSession session)
{
    /// <summary>The batch's session (in a transaction the sink opened and commits).</summary>
    public IDocumentSession Session { get; } = session;
}
