namespace EventFramework;

/// <summary>A parked event as a Marten document (id "projection/eventId", one per event and projection).</summary>
public sealed class MartenParkedEvent
{
    public string Id { get; set; } = "";
    public string Projection { get; set; } = "";
    public Guid EventId { get; set; }
    public string Stream { get; set; } = "";
    public long StreamPosition { get; set; }
    public ulong Commit { get; set; }
    public long Sequence { get; set; }
    public string EventType { get; set; } = "";
    public string Error { get; set; } = "";
    public DateTimeOffset ParkedAt { get; set; }
    public Guid? BlockedBy { get; set; }

    internal static string IdOf(string projection, Guid eventId) => $"{projection}/{eventId:N}";

    internal static MartenParkedEvent From(ParkedEvent p) => new()
    {
        Id = IdOf(p.Projection, p.EventId),
        Projection = p.Projection,
        EventId = p.EventId,
        Stream = p.Stream,
        StreamPosition = p.StreamPosition,
        Commit = p.Position.Commit,
        Sequence = p.Position.Sequence,
        EventType = p.EventType,
        Error = p.Error,
        ParkedAt = p.ParkedAt,
        BlockedBy = p.BlockedBy,
    };

    internal ParkedEvent ToParked() => new(Projection, EventId, Stream, StreamPosition, new LogPosition(Commit, Sequence), EventType, Error, ParkedAt, BlockedBy);
}
