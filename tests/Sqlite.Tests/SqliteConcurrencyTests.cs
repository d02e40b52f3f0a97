namespace EventFramework.Sqlite.Tests;

/// <summary>Two store instances on one file stand in for two processes: only SQLite's file locks serialise them.</summary>
public sealed class SqliteConcurrencyTests
{
    [Fact]
    public async Task two_stores_on_one_file_never_hand_out_the_same_version()
    {
        using var db = new TempDatabase();
        await using var a = new SqliteEventStore(db.Path);
        await using var b = new SqliteEventStore(db.Path);
        var stream = new StreamName("Counter-1");
        const int WritersPerStore = 3, AppendsPerWriter = 15;

        var writers = new[] { a, b }
            .SelectMany(store => Enumerable.Range(0, WritersPerStore).Select(_ => Task.Run(() => AppendWithRetries(store, stream, AppendsPerWriter))))
            .Append(Task.Run(() => AppendBlindly(a, stream, AppendsPerWriter)))
            .Append(Task.Run(() => AppendBlindly(b, stream, AppendsPerWriter)));
        await Task.WhenAll(writers);

        const int Total = (2 * WritersPerStore + 2) * AppendsPerWriter;
        var events = await b.ReadStream(stream, 0, Total + 10);
        Assert.Equal(Enumerable.Range(0, Total).Select(i => (long)i), events.Select(e => e.StreamPosition));
        Assert.Equal(Total, events.Select(e => e.EventId).Distinct().Count());
        Assert.Equal(events.Select(e => e.Position).Order(), events.Select(e => e.Position)); // global order agrees with stream order
        Assert.Equal(Total - 1, await a.GetStreamVersion(stream));
    }

    [Fact]
    public async Task a_subscription_on_one_store_sees_appends_made_through_another()
    {
        using var db = new TempDatabase();
        await using var writer = new SqliteEventStore(db.Path);
        await using var reader = new SqliteEventStore(db.Path);
        await writer.Migrate();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var subscription = reader.SubscribeToAll(LogPosition.Start, new SubscriptionOptions { PollInterval = TimeSpan.FromMilliseconds(50) });

        var history = await Append(writer, 0);
        var live = new List<Guid>();
        var received = new List<Guid>();
        await foreach (var e in subscription.WithCancellation(timeout.Token))
        {
            received.Add(e.EventId);
            if (received.Count == 1)
            {
                // Appends through another instance do not signal this one: the poll must find them.
                live.Add(await Append(writer, 1));
                live.Add(await Append(writer, 2));
            }
            if (received.Count == 3) break;
        }

        Assert.Equal([history, .. live], received);

        async Task<Guid> Append(SqliteEventStore store, int i)
        {
            var e = TempDatabase.NewEvent();
            await store.Append(new StreamName($"Account-{i}"), ExpectedVersion.Any, [e]);
            return e.EventId;
        }
    }

    private static async Task AppendWithRetries(SqliteEventStore store, StreamName stream, int appends)
    {
        for (var i = 0; i < appends; i++)
        {
            while (true)
            {
                var version = await store.GetStreamVersion(stream);
                var expected = version < 0 ? ExpectedVersion.NoStream : ExpectedVersion.Exactly(version);
                try
                {
                    await store.Append(stream, expected, [TempDatabase.NewEvent()]);
                    break;
                }
                catch (WrongExpectedVersionException e)
                {
                    Assert.True(e.ActualVersion > version, "a conflict reports a newer actual version");
                }
            }
        }
    }

    private static async Task AppendBlindly(SqliteEventStore store, StreamName stream, int appends)
    {
        for (var i = 0; i < appends; i++) await store.Append(stream, ExpectedVersion.Any, [TempDatabase.NewEvent()]);
    }
}
