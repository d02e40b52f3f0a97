using EventFramework.Benchmarks.Workload;

namespace EventFramework.Benchmarks.Contenders;

/// <summary>
/// Drives one of our stores through the public API a user has: <see cref="EventSerializer"/>
/// to and from <see cref="EventData"/>, <see cref="IEventWriter.Append"/> with an exact expected
/// version, and <see cref="IAllEventsReader.ReadAll"/> paging by <see cref="LogPosition"/>.
/// </summary>
internal abstract class EventStoreContender : IStoreContender
{
    private static readonly EventSerializer Serializer = new(new TypeRegistry().Register<AccountDeposited>());

    private IEventStore? _store;

    public abstract string Name { get; }

    private IEventStore Store => _store ?? throw new InvalidOperationException($"{Name} is not open.");

    /// <summary>Creates (when <paramref name="fresh"/>: empties first) the backing storage and returns the store over it.</summary>
    protected abstract Task<IEventStore> OpenStore(bool fresh, CancellationToken ct);

    public async Task Open(bool fresh, CancellationToken ct = default) => _store = await OpenStore(fresh, ct);

    public async Task Append(string stream, long eventsInStream, DepositBatch batch, CancellationToken ct = default)
    {
        var metadata = new EventMetadata { CorrelationId = batch.CorrelationId };
        var events = new EventData[batch.Events.Count];
        for (var i = 0; i < events.Length; i++) events[i] = Serializer.Serialize(batch.Events[i], metadata);
        var expected = eventsInStream == 0 ? ExpectedVersion.NoStream : ExpectedVersion.Exactly(eventsInStream - 1);
        await Store.Append(new StreamName(stream), expected, events, ct);
    }

    public async Task<long> ReadAll(int pageSize, long limit = long.MaxValue, CancellationToken ct = default)
    {
        var after = LogPosition.Start;
        long read = 0;
        while (read < limit)
        {
            var page = await Store.ReadAll(after, pageSize, ct);
            if (page.Count == 0) break;
            foreach (var e in page)
                if (Serializer.Deserialize(e) is AccountDeposited) read++;
            after = page[^1].Position;
        }
        return read;
    }

    public virtual async ValueTask DisposeAsync()
    {
        switch (_store)
        {
            case IAsyncDisposable d: await d.DisposeAsync(); break;
            case IDisposable d: d.Dispose(); break;
        }
    }
}
