namespace EventFramework;

/// <summary>Reads the global log in commit order, without skipping an event that commits late.</summary>
public interface IAllEventsReader
{
    /// <summary>Reads up to <paramref name="maxCount"/> events strictly after <paramref name="after"/>.</summary>
    Task<IReadOnlyList<RecordedEvent>> ReadAll(LogPosition after, int maxCount, CancellationToken ct = default);
}
