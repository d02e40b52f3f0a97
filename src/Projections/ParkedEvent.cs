namespace EventFramework;

/// <summary>
/// An event a projection could not apply (after its retries), kept with the error so it can be
/// replayed after a fix. <see cref="BlockedBy"/> is set for later events of the same stream
/// parked behind it to keep the stream's order. <see cref="Projection"/> is the projection's key ("name@vN").
/// </summary>
public sealed record ParkedEvent(
    string Projection,
    Guid EventId,
    string Stream,
    long StreamPosition,
    LogPosition Position,
    string EventType,
    string Error,
    DateTimeOffset ParkedAt,
    Guid? BlockedBy = null);
