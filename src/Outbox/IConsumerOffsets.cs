namespace EventFramework;

/// <summary>
/// Where a broker-fed consumer (a projection or saga reading a topic) keeps its offsets: in the
/// sink's database, committed in the same transaction as the batch's effects, so a consumer killed
/// anywhere applies every message exactly once. Offsets are never committed to the broker's group.
/// </summary>
public interface IConsumerOffsets<TContext>
{
    /// <summary>The next offset to read per partition of <paramref name="topic"/> for <paramref name="consumer"/>; partitions never committed are absent.</summary>
    Task<IReadOnlyDictionary<int, long>> Load(string consumer, string topic, CancellationToken ct = default);

    /// <summary>
    /// In one transaction: runs <paramref name="apply"/> and moves each partition's offset from
    /// <see cref="ConsumedRange.From"/> to <see cref="ConsumedRange.Next"/>. False, with nothing written,
    /// when a stored offset is not <see cref="ConsumedRange.From"/> (another member of the group
    /// applied it, or the batch is stale): the caller seeks to the stored offsets instead.
    /// </summary>
    Task<bool> Commit(string consumer, IReadOnlyList<ConsumedRange> ranges, Func<TContext, CancellationToken, Task> apply, CancellationToken ct = default);
}
