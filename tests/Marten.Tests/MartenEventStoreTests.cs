using System.Text;
using EventFramework.Conformance;
using EventFramework.Marten.Tests.Conformance;
using JasperFx.Events;
using Marten.Services;
using Npgsql;

namespace EventFramework.Marten.Tests;

/// <summary>What the adapter adds to Marten, and what Marten sees of it.</summary>
public sealed class MartenEventStoreTests(MartenStoreFixture fixture) : IClassFixture<MartenStoreFixture>
{
    private MartenEventStore Store => fixture.Store;

    private static StreamName NewStream() => new($"Marten-{Guid.NewGuid():N}");

    [Fact]
    public async Task an_event_that_commits_late_is_read_after_it_commits_not_skipped()
    {
        await Store.WaitForReadAll();
        var head = await Head();
        var (lateStream, earlyStream) = (NewStream(), NewStream());
        var late = TestEvents.Event(index: 1);

        // A Marten session appends first (it takes the lower seq_id) and stays uncommitted while the adapter appends and commits.
        await using var connection = await fixture.DataSource.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await using (var session = Store.DocumentStore.LightweightSession(SessionOptions.ForTransaction(tx, shouldAutoCommit: false)))
        {
            var body = session.Events.BuildEvent(new MartenEventBody { Type = late.EventType, Data = Encoding.UTF8.GetString(late.Data) });
            body.Id = late.EventId;
            session.Events.StartStream(lateStream.Value, body);
            await session.SaveChangesAsync();
        }
        var early = await Store.Append(earlyStream, ExpectedVersion.NoStream, TestEvents.Events(1));

        Assert.Empty(await Store.ReadAll(head, 100)); // held back by the open transaction, not skipped past it
        await tx.CommitAsync();
        await Store.WaitForReadAll();
        var log = await Store.ReadAll(head, 100);

        Assert.Equal([lateStream, earlyStream], log.Select(e => e.Stream));
        Assert.True(log[0].Position.Sequence < early.Position.Sequence, "the late event should hold the lower Marten sequence");
        Assert.Equal(early.Position, log[1].Position);
    }

    [Fact]
    public async Task migrating_again_keeps_the_read_fence_and_the_events()
    {
        var stream = NewStream();
        var events = TestEvents.Events(2);
        await Store.Append(stream, ExpectedVersion.NoStream, events);

        await Store.Migrate();
        await Store.Migrate();

        TestEvents.AssertSameEvents(events, await Store.ReadStream(stream, 0, 10));
        await Store.Append(stream, ExpectedVersion.Exactly(1), TestEvents.Events(1, firstIndex: 2));
        await Store.WaitForReadAll();
        Assert.Equal(3, (await ReadAllAfter(LogPosition.Start)).Count(e => e.Stream == stream));
    }

    [Fact]
    public async Task marten_reads_the_adapters_events_and_the_adapter_reads_martens()
    {
        var stream = NewStream();
        var metadata = new EventMetadata { CorrelationId = "corr-7" };
        var appended = TestEvents.Event(index: 4, type: "OrderPlaced", metadata: metadata);
        await Store.Append(stream, ExpectedVersion.NoStream, [appended]);

        await using (var query = Store.DocumentStore.QuerySession())
        {
            var seen = Assert.Single(await query.Events.FetchStreamAsync(stream.Value));
            Assert.Equal(appended.EventId, seen.Id);
            Assert.Equal(1, seen.Version);
            var body = Assert.IsType<MartenEventBody>(seen.Data);
            Assert.Equal(("OrderPlaced", """{"index":4}"""), (body.Type, body.Data));
        }

        await using (var session = Store.DocumentStore.LightweightSession())
        {
            session.Events.Append(stream.Value, new MartenEventBody { Type = "OrderShipped", Data = """{"by":"marten"}""" });
            await session.SaveChangesAsync();
        }

        var read = await Store.ReadStream(stream, 0, 10);
        Assert.Equal(["OrderPlaced", "OrderShipped"], read.Select(e => e.EventType));
        Assert.Equal(metadata, read[0].Metadata);
        Assert.Equal("""{"by":"marten"}""", Encoding.UTF8.GetString(read[1].Data));
        Assert.Equal(1, await Store.GetStreamVersion(stream));
    }

    [Fact]
    public async Task an_unreachable_database_fails_with_event_store_unavailable_and_writes_nothing()
    {
        // Port 1 on the loopback refuses connections at once.
        await using var dataSource = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Username=nobody;Timeout=5");
        await using var store = new MartenEventStore(dataSource, new MartenStoreOptions { Schema = fixture.Name });
        var events = TestEvents.Events(1);

        var append = await Assert.ThrowsAsync<EventStoreUnavailableException>(() => store.Append(NewStream(), ExpectedVersion.Any, events));
        await Assert.ThrowsAsync<EventStoreUnavailableException>(() => store.ReadAll(LogPosition.Start, 10));

        Assert.Equal("Marten", append.Store);
        Assert.Null(await Store.FindEvent(events[0].EventId));
    }

    private async Task<LogPosition> Head()
    {
        var all = await ReadAllAfter(LogPosition.Start);
        return all.Count == 0 ? LogPosition.Start : all[^1].Position;
    }

    private async Task<List<RecordedEvent>> ReadAllAfter(LogPosition after)
    {
        var events = new List<RecordedEvent>();
        for (var page = await Store.ReadAll(after, 1000); page.Count > 0; page = await Store.ReadAll(after, 1000))
        {
            events.AddRange(page);
            after = page[^1].Position;
        }
        return events;
    }
}
