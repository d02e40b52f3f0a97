using System.Collections.Concurrent;
using System.Text;
using EventFramework.Postgres;
using EventFramework.Testing;
using Npgsql;

namespace EventFramework.Postgres.Tests;

/// <summary>
/// The proof that ReadAll never skips: concurrent writers commit out of sequence order, some
/// hold their transactions open for seconds, some roll back, while a live subscriber follows
/// ReadAll. Every committed event must arrive exactly once, no rolled-back event at all, and
/// each stream in order. EVENTFRAMEWORK_GAP_TEST_TRANSACTIONS sets the transactions per writer
/// (2,000 by default, as the CI form; raise it for a soak).
/// </summary>
[Collection(ReadAllFenceCollection.Name)]
public sealed class ReadAllGapTests
{
    private const int Writers = 8;

    private static int TransactionsPerWriter =>
        int.TryParse(Environment.GetEnvironmentVariable("EVENTFRAMEWORK_GAP_TEST_TRANSACTIONS"), out var n) ? n : 2_000;

    [Fact]
    public async Task live_subscriber_sees_every_committed_event_exactly_once_and_no_rolled_back_event()
    {
        await using var schema = await PostgresSchema.Create("gap");
        await using var store = new PostgresEventStore(schema.DataSource, new PostgresStoreOptions { Schema = schema.Name });
        await store.Migrate();

        var committed = new ConcurrentDictionary<Guid, (string Stream, long Position)>();
        var rolledBack = new ConcurrentDictionary<Guid, byte>();
        var received = new ConcurrentQueue<RecordedEvent>();
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(10));

        var subscription = store.SubscribeToAll(LogPosition.Start, new SubscriptionOptions { PageSize = 1000, PollInterval = TimeSpan.FromMilliseconds(200) });
        var subscriber = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in subscription.WithCancellation(stop.Token)) received.Enqueue(e);
            }
            catch (OperationCanceledException) { }
        });

        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(() => Write(store, schema.DataSource, w, committed, rolledBack))).ToArray();
        await Task.WhenAll(writers);

        // Wait until the subscriber has everything committed, then a little longer to catch extras.
        while (received.Count < committed.Count && !stop.IsCancellationRequested) await Task.Delay(100);
        await Task.Delay(1000);
        await stop.CancelAsync();
        await subscriber;

        var events = received.ToList();
        var ids = events.Select(e => e.EventId).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());                       // nothing twice
        Assert.DoesNotContain(ids, rolledBack.ContainsKey);                     // nothing rolled back
        Assert.Empty(committed.Keys.Except(ids));                               // nothing skipped
        Assert.Equal(committed.Count, events.Count);
        for (var i = 1; i < events.Count; i++) Assert.True(events[i - 1].Position < events[i].Position, $"global order broken at {i}");
        foreach (var stream in events.GroupBy(e => e.Stream.Value))
        {
            var positions = stream.Select(e => e.StreamPosition).ToList();
            Assert.Equal(Enumerable.Range(0, positions.Count).Select(p => (long)p), positions);
        }
        Assert.True(rolledBack.Count > 0, "the test must roll some transactions back");
    }

    private static readonly StreamName SharedStream = new("gap-shared");

    private static List<EventData> Batch(Random random, int writer, int transaction) =>
        Enumerable.Range(0, random.Next(1, 11))
            .Select(_ => new EventData(Guid.NewGuid(), "GapTested", Encoding.UTF8.GetBytes($"{{\"writer\":{writer},\"tx\":{transaction}}}")))
            .ToList();

    private static async Task Write(PostgresEventStore store, NpgsqlDataSource dataSource, int writer, ConcurrentDictionary<Guid, (string, long)> committed, ConcurrentDictionary<Guid, byte> rolledBack)
    {
        var random = new Random(writer * 7919);
        var stream = new StreamName($"gap-{writer}");
        var version = -1L;
        await using var conn = await dataSource.OpenConnectionAsync();
        for (var t = 0; t < TransactionsPerWriter; t++)
        {
            var batch = Batch(random, writer, t);
            // Some transactions also append to a stream every writer shares, after their own write:
            // the case where a transaction that already has an id queues behind a younger one.
            var shared = random.Next(10) == 0 ? Batch(random, writer, t) : null;
            var roll = random.Next(100);
            await using var tx = await conn.BeginTransactionAsync();
            var result = await store.Append(tx, stream, version < 0 ? ExpectedVersion.NoStream : ExpectedVersion.Exactly(version), batch);
            if (shared is not null)
            {
                try
                {
                    await store.Append(tx, SharedStream, ExpectedVersion.Any, shared);
                }
                catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.SerializationFailure)
                {
                    await tx.RollbackAsync();
                    foreach (var e in batch.Concat(shared)) rolledBack[e.EventId] = 0;
                    continue;
                }
            }
            if (roll < 1) await Task.Delay(random.Next(1000, 3000)); // held open for seconds
            else if (roll < 30) await Task.Delay(random.Next(0, 3));  // a little overlap with the others
            var all = shared is null ? batch : batch.Concat(shared).ToList();
            if (roll is >= 1 and < 6)
            {
                await tx.RollbackAsync();
                foreach (var e in all) rolledBack[e.EventId] = 0;
                continue;
            }
            await tx.CommitAsync();
            version = result.NextExpectedVersion;
            for (var i = 0; i < batch.Count; i++) committed[batch[i].EventId] = (stream.Value, version - batch.Count + 1 + i);
            foreach (var e in shared ?? []) committed[e.EventId] = (SharedStream.Value, -1);
        }
    }
}
