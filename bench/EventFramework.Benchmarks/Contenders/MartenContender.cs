using EventFramework.Benchmarks.Harness;
using EventFramework.Benchmarks.Workload;
using JasperFx;
using JasperFx.Events;
using Marten;
using Weasel.Core;

namespace EventFramework.Benchmarks.Contenders;

/// <summary>
/// Marten 9 configured for its fastest appends: <see cref="EventAppendMode.Quick"/>, string
/// stream keys (like ours), System.Text.Json in camelCase (the same payload bytes as ours) and
/// correlation-id metadata. One lightweight session per transaction, as an application uses it.
/// </summary>
internal sealed class MartenContender(BenchDatabase database, string schema) : IStoreContender
{
    private DocumentStore? _store;

    /// <summary>Read all in keyset pages on Sequence rather than in one streamed query (the default, and faster).</summary>
    public bool PagedReads { get; init; }

    public string Name => "marten";

    private DocumentStore Store => _store ?? throw new InvalidOperationException("marten is not open.");

    public async Task Open(bool fresh, CancellationToken ct = default)
    {
        if (fresh) await database.DropSchema(schema);
        _store = DocumentStore.For(opts =>
        {
            MartenOptions.Configure(opts, database, schema);
            opts.Events.MetadataConfig.CorrelationIdEnabled = true;
            opts.Events.AddEventType<AccountDeposited>();
        });
        await _store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
    }

    public async Task Append(string stream, long eventsInStream, DepositBatch batch, CancellationToken ct = default)
    {
        await using var session = Store.LightweightSession();
        session.CorrelationId = batch.CorrelationId;
        if (eventsInStream == 0) session.Events.StartStream(stream, batch.Events);
        // Marten's expected version is the stream's version after the append (versions start at 1).
        else session.Events.Append(stream, eventsInStream + batch.Events.Count, batch.Events);
        await session.SaveChangesAsync(ct);
    }

    public async Task<long> ReadAll(int pageSize, long limit = long.MaxValue, CancellationToken ct = default)
    {
        await using var session = Store.QuerySession();
        return PagedReads ? await ReadPages(session, pageSize, limit, ct) : await ReadStreamed(session, limit, ct);
    }

    /// <summary>Marten's fastest way through the whole log: one query over every event, streamed.</summary>
    private static async Task<long> ReadStreamed(IQuerySession session, long limit, CancellationToken ct)
    {
        IQueryable<IEvent> query = session.Events.QueryAllRawEvents().OrderBy(e => e.Sequence);
        // Bound the query itself: leaving a streamed result early makes Npgsql drain the rest of it.
        if (limit < int.MaxValue) query = query.Take((int)limit);
        long read = 0;
        await foreach (var e in query.ToAsyncEnumerable(ct))
            if (e.Data is AccountDeposited) read++;
        return read;
    }

    /// <summary>The catch-up reader's way: keyset pages on Sequence, one query each.</summary>
    private static async Task<long> ReadPages(IQuerySession session, int pageSize, long limit, CancellationToken ct)
    {
        long read = 0, after = 0;
        while (read < limit)
        {
            var page = await session.Events.QueryAllRawEvents()
                .Where(e => e.Sequence > after)
                .OrderBy(e => e.Sequence)
                .Take(pageSize)
                .ToListAsync(ct);
            if (page.Count == 0) break;
            foreach (var e in page)
                if (e.Data is AccountDeposited) read++;
            after = page[^1].Sequence;
        }
        return read;
    }

    public ValueTask DisposeAsync() => _store?.DisposeAsync() ?? ValueTask.CompletedTask;
}
