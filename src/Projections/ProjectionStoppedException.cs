namespace EventFramework;

/// <summary>A projection with <see cref="PoisonPolicy.Stop"/> met an event it cannot apply.</summary>
public sealed class ProjectionStoppedException(string projection, RecordedEvent poison, Exception cause)
    : Exception($"Projection '{projection}' stopped at event {poison.EventId} ('{poison.EventType}' in '{poison.Stream}' at {poison.StreamPosition}): {cause.Message}", cause)
{
    public string Projection { get; } = projection;
    public RecordedEvent Poison { get; } = poison;
}
