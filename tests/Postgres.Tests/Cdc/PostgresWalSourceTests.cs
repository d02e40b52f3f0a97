using System.Text;

namespace EventFramework.Postgres.Tests.Cdc;

/// <summary>Holds a transaction open on purpose (it would fence every other test's ReadAll): runs alone.</summary>
[Collection(ReadAllFenceCollection.Name)]
public sealed class PostgresWalSourceTests
{
    [Fact]
    public async Task delivers_events_committed_after_an_older_open_transaction_that_fences_read_all()
    {
        await using var db = await CdcDatabase.Create();
        var source = db.Source();
        await source.EnsureSlot();

        await using var holder = await db.Schema.DataSource.OpenConnectionAsync();
        await using var open = await holder.BeginTransactionAsync();
        var early = Event("early");
        await db.Store.Append(open, new StreamName("wal-a"), ExpectedVersion.NoStream, [early]);
        var late = Event("late");
        await db.Store.Append(new StreamName("wal-b"), ExpectedVersion.NoStream, [late]);

        // The fence holds the store's ReadAll back; the WAL source delivers what has committed.
        Assert.Empty(await db.Store.ReadAll(LogPosition.Start, 10));
        using var cts = new CancellationTokenSource(CdcDatabase.Timeout);
        var subscription = source.Subscribe();
        await using var events = subscription.GetAsyncEnumerator(cts.Token);
        Assert.True(await events.MoveNextAsync());
        Assert.Equal(late.EventId, events.Current.EventId);
        Assert.Equal("wal-b", events.Current.Stream.Value);
        Assert.Equal(0, events.Current.StreamPosition);
        Assert.Equal("late", events.Current.EventType);
        Assert.Equal(late.Data, events.Current.Data);
        Assert.Equal("corr-late", events.Current.Metadata.CorrelationId);
        var afterLate = subscription.Position!.Value;

        await open.CommitAsync();
        Assert.True(await events.MoveNextAsync());
        Assert.Equal(early.EventId, events.Current.EventId);
        Assert.True(subscription.Position > afterLate);
        Assert.Equal(2, subscription.Delivered);
        // Same envelope as the store's ReadAll, including its (transaction id, sequence) position.
        var fromStore = (await db.Store.ReadAll(LogPosition.Start, 10)).Single(e => e.EventId == early.EventId);
        Assert.Equal(fromStore.Position, events.Current.Position);
        Assert.Equal(fromStore.Created, events.Current.Created);
    }

    [Fact]
    public async Task resumes_after_an_acknowledged_position_without_repeats_or_gaps()
    {
        await using var db = await CdcDatabase.Create();
        var source = db.Source();
        await source.EnsureSlot();
        var appended = new List<EventData>();
        for (var i = 0; i < 3; i++)
        {
            var batch = new[] { Event($"e{i}a"), Event($"e{i}b") };
            await db.Store.Append(new StreamName($"resume-{i}"), ExpectedVersion.NoStream, batch);
            appended.AddRange(batch);
        }

        WalPosition checkpoint;
        using (var cts = new CancellationTokenSource(CdcDatabase.Timeout))
        {
            var first = source.Subscribe();
            var read = new List<Guid>();
            await foreach (var e in first.WithCancellation(cts.Token))
            {
                read.Add(e.EventId);
                if (read.Count == 3) break;
            }
            checkpoint = first.Position!.Value;
            Assert.Equal(appended.Take(3).Select(e => e.EventId), read);
        }
        var second = source.Subscribe(checkpoint);
        using (var cts = new CancellationTokenSource(CdcDatabase.Timeout))
        {
            var read = new List<Guid>();
            await using var events = second.GetAsyncEnumerator(cts.Token);
            while (read.Count < 3 && await events.MoveNextAsync()) read.Add(events.Current.EventId);
            Assert.Equal(appended.Skip(3).Select(e => e.EventId), read);
            await second.Acknowledge(second.Position!.Value, cts.Token);
            await CdcDatabase.Until(async () => (ulong)(await db.ConfirmedFlush())!.Value == second.Position!.Value.CommitLsn, "the slot confirmed");
        }

        // The slot has released everything before the acknowledged transaction: an older position is refused.
        var stale = source.Subscribe(checkpoint);
        await Assert.ThrowsAsync<ReplicationSlotMismatchException>(async () =>
        {
            await foreach (var _ in stale) { }
        });
        Assert.Equal(checkpoint, WalPosition.Parse(checkpoint.ToString()));
    }

    [Fact]
    public async Task a_broken_connection_ends_the_subscription_with_a_typed_error_and_it_resumes_from_its_position()
    {
        await using var db = await CdcDatabase.Create();
        var source = db.Source();
        await source.EnsureSlot();
        var first = Event("first");
        await db.Store.Append(new StreamName("broken-1"), ExpectedVersion.NoStream, [first]);

        using var cts = new CancellationTokenSource(CdcDatabase.Timeout);
        var subscription = source.Subscribe();
        await using (var events = subscription.GetAsyncEnumerator(cts.Token))
        {
            Assert.True(await events.MoveNextAsync());
            Assert.Equal(first.EventId, events.Current.EventId);
            var next = events.MoveNextAsync().AsTask();
            await db.Execute($"select pg_terminate_backend(active_pid) from pg_replication_slots where slot_name = '{db.Slot}'");
            await Assert.ThrowsAsync<EventStoreUnavailableException>(() => next);
        }

        var second = Event("second");
        await db.Store.Append(new StreamName("broken-2"), ExpectedVersion.NoStream, [second]);
        var resumed = source.Subscribe(subscription.Position);
        await using var again = resumed.GetAsyncEnumerator(cts.Token);
        Assert.True(await again.MoveNextAsync());
        Assert.Equal(second.EventId, again.Current.EventId);
    }

    private static EventData Event(string type) => new(Guid.NewGuid(), type, Encoding.UTF8.GetBytes($"{{\"type\":\"{type}\"}}"), new EventMetadata { CorrelationId = $"corr-{type}" });
}
