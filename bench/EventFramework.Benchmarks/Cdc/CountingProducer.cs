namespace EventFramework.Benchmarks.Cdc;

/// <summary>An in-memory broker that only counts what it acknowledges: the relay's own cost, without a broker's.</summary>
internal sealed class CountingProducer : IProducer
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public Task<IReadOnlyList<PublishFailure>> Produce(IReadOnlyList<OutboxMessage> messages, CancellationToken ct = default)
    {
        Interlocked.Add(ref _count, messages.Count);
        return Task.FromResult<IReadOnlyList<PublishFailure>>([]);
    }
}
