namespace EventFramework.Cli.Output;

// What --json prints: the machine-readable format scripts read, one document per command.
// Log positions are strings in the checkpoint form "commit/sequence"; absent values are null.

/// <summary><c>projections list --json</c>.</summary>
internal sealed record ProjectionListDocument(IReadOnlyList<ProjectionDocument> Projections);

internal sealed record ProjectionDocument(string Name, int Version, int Partitions);

/// <summary><c>projections status --json</c>, and the state after a rebuild or reset.</summary>
internal sealed record StatusDocument(IReadOnlyList<PartitionDocument> Partitions);

/// <summary>
/// One partition. <c>Key</c> is its checkpoint key: <c>name@vN</c>, or <c>name@vN/p-of-n</c> when split;
/// <c>Behind</c> counts the events after its checkpoint (null when the store cannot count);
/// <c>HeldBackBy</c> names the open transaction holding the store's ReadAll back (PostgreSQL), if any.
/// </summary>
internal sealed record PartitionDocument(string Name, string Key, int Version, int? ActiveVersion, string? Checkpoint, long? Behind, int Parked, string? HeldBackBy)
{
    public static PartitionDocument From(ProjectionReport r) =>
        new(r.Name, r.Key, r.Version, r.ActiveVersion, r.Checkpoint?.ToString(), r.Behind, r.Parked, r.HeldBackBy?.ToString());
}

/// <summary><c>projections rebuild|reset NAME --json</c>: <c>Events</c> is null when the store cannot count.</summary>
internal sealed record RebuildDocument(string Projection, string Command, long? Events, double Seconds, IReadOnlyList<PartitionDocument> Partitions);

/// <summary><c>projections parked NAME --json</c>.</summary>
internal sealed record ParkedDocument(string Projection, IReadOnlyList<ParkedEventDocument> Events);

internal sealed record ParkedEventDocument(
    Guid EventId, string Stream, long StreamPosition, string Position, string EventType, string Error, DateTimeOffset ParkedAt, Guid? BlockedBy)
{
    public static ParkedEventDocument From(ParkedEvent p) =>
        new(p.EventId, p.Stream, p.StreamPosition, p.Position.ToString(), p.EventType, p.Error, p.ParkedAt, p.BlockedBy);
}

/// <summary><c>projections replay NAME --json</c>: <c>StillFailing</c> maps each stream still failing to its error.</summary>
internal sealed record ReplayDocument(string Projection, int Applied, IReadOnlyDictionary<string, string> StillFailing);
