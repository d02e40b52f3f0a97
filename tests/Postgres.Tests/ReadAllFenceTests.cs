using System.Text;
using EventFramework.Postgres;
using EventFramework.Testing;

namespace EventFramework.Postgres.Tests;

[Collection(ReadAllFenceCollection.Name)]
public sealed class ReadAllFenceTests
{
    [Fact]
    public async Task an_open_transaction_holds_readers_back_and_the_subscription_names_it()
    {
        await using var schema = await PostgresSchema.Create("fence");
        await using var store = new PostgresEventStore(schema.DataSource, new PostgresStoreOptions { Schema = schema.Name });
        await store.Migrate();

        await using var holder = await schema.DataSource.OpenConnectionAsync();
        await using var open = await holder.BeginTransactionAsync();
        var early = Event();
        await store.Append(open, new StreamName("fence-a"), ExpectedVersion.NoStream, [early]);
        var late = Event();
        await store.Append(new StreamName("fence-b"), ExpectedVersion.NoStream, [late]);

        // The committed event waits behind the open transaction, which may still commit before it.
        Assert.Empty(await store.ReadAll(LogPosition.Start, 10));

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var subscription = store.SubscribeToAll(LogPosition.Start, new SubscriptionOptions { Name = "fence-test", HeldBackPollInterval = TimeSpan.FromMilliseconds(50) });
        await using var events = subscription.GetAsyncEnumerator(cts.Token);
        var first = events.MoveNextAsync().AsTask();

        while (subscription.Status.HeldBackBy is null) await Task.Delay(20, cts.Token);
        var heldBy = subscription.Status.HeldBackBy!;
        Assert.Equal(holder.ProcessID, heldBy.ProcessId);
        Assert.Equal("idle in transaction", heldBy.State);
        Assert.Contains("append_events", heldBy.Query, StringComparison.Ordinal);
        Assert.NotNull(subscription.Status.HeldBackSince);
        Assert.False(first.IsCompleted);

        await open.CommitAsync();
        Assert.True(await first);
        Assert.Equal(early.EventId, events.Current.EventId); // the older transaction comes first
        Assert.True(await events.MoveNextAsync());
        Assert.Equal(late.EventId, events.Current.EventId);
        Assert.Null(subscription.Status.HeldBackBy);
    }

    [Fact]
    public async Task wait_for_read_all_returns_once_older_transactions_end()
    {
        await using var schema = await PostgresSchema.Create("fence");
        await using var store = new PostgresEventStore(schema.DataSource, new PostgresStoreOptions { Schema = schema.Name });
        await store.Migrate();
        await using var holder = await schema.DataSource.OpenConnectionAsync();
        await using var open = await holder.BeginTransactionAsync();
        await store.Append(open, new StreamName("wait-a"), ExpectedVersion.NoStream, [Event()]);
        var mine = Event();
        await store.Append(new StreamName("wait-b"), ExpectedVersion.NoStream, [mine]);

        var waiting = store.WaitForReadAll();
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted);

        await open.RollbackAsync();
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal([mine.EventId], (await store.ReadAll(LogPosition.Start, 10)).Select(e => e.EventId));
    }

    [Fact]
    public async Task nothing_held_back_reports_no_fence_holder()
    {
        await using var schema = await PostgresSchema.Create("fence");
        await using var store = new PostgresEventStore(schema.DataSource, new PostgresStoreOptions { Schema = schema.Name });
        var result = await store.Append(new StreamName("free"), ExpectedVersion.NoStream, [Event()]);
        Assert.Null(await store.FindFenceHolder(LogPosition.Start));
        Assert.Null(await store.FindFenceHolder(result.Position));
    }

    private static EventData Event() => new(Guid.NewGuid(), "FenceTested", Encoding.UTF8.GetBytes("{\"ok\":true}"));
}
