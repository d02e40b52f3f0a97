namespace EventFramework.Sqlite.Tests;

public sealed class SqliteDurabilityTests
{
    [Fact]
    public async Task appended_events_survive_reopening_the_store_field_for_field()
    {
        using var db = new TempDatabase();
        var stream = new StreamName("Account-1");
        var metadata = new EventMetadata
        {
            CorrelationId = "corr-1",
            CausationId = "cmd-7",
            TenantId = "tenant-a",
            Headers = new Dictionary<string, string> { ["traceparent"] = "00-abc-def-01", ["user"] = "zoë" },
        };
        EventData[] written = [TempDatabase.NewEvent("Opened", """{"owner":"Zoë"}""", metadata), TempDatabase.NewEvent("Deposited", """{"amount":10}""")];
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        AppendResult appended;
        await using (var store = new SqliteEventStore(db.Path))
            appended = await store.Append(stream, ExpectedVersion.NoStream, written);

        await using var reopened = new SqliteEventStore(db.Path);
        var read = await reopened.ReadStream(stream, 0, 10);

        Assert.Equal(1, await reopened.GetStreamVersion(stream));
        Assert.Equal(written.Length, read.Count);
        for (var i = 0; i < written.Length; i++)
        {
            Assert.Equal(written[i].EventId, read[i].EventId);
            Assert.Equal(stream, read[i].Stream);
            Assert.Equal(i, read[i].StreamPosition);
            Assert.Equal(written[i].EventType, read[i].EventType);
            Assert.Equal(written[i].Data, read[i].Data);
            Assert.Equal(written[i].Metadata, read[i].Metadata);
            Assert.InRange(read[i].Created, before, DateTimeOffset.UtcNow.AddSeconds(1));
        }
        Assert.Equal(appended.Position, read[^1].Position);
        var found = await reopened.FindEvent(written[1].EventId);
        Assert.NotNull(found);
        Assert.Equal((read[1].Stream, read[1].StreamPosition, read[1].Position, read[1].Created), (found.Stream, found.StreamPosition, found.Position, found.Created));
        Assert.Equal(read[1].Data, found.Data);
    }

    [Fact]
    public async Task a_tombstone_survives_reopening_the_store()
    {
        using var db = new TempDatabase();
        var stream = new StreamName("Account-1");
        await using (var store = new SqliteEventStore(db.Path))
        {
            await store.Append(stream, ExpectedVersion.NoStream, [TempDatabase.NewEvent()]);
            await store.DeleteStream(stream, ExpectedVersion.Exactly(0));
        }

        await using var reopened = new SqliteEventStore(db.Path);

        await Assert.ThrowsAsync<StreamDeletedException>(() => reopened.ReadStream(stream, 0, 10));
        await Assert.ThrowsAsync<StreamDeletedException>(() => reopened.Append(stream, ExpectedVersion.Any, [TempDatabase.NewEvent()]));
    }

    [Fact]
    public async Task global_positions_of_deleted_events_are_never_handed_out_again()
    {
        using var db = new TempDatabase();
        LogPosition lastBeforeDelete;
        await using (var store = new SqliteEventStore(db.Path))
        {
            await store.Append(new StreamName("Account-1"), ExpectedVersion.Any, [TempDatabase.NewEvent()]);
            lastBeforeDelete = (await store.Append(new StreamName("Account-2"), ExpectedVersion.Any, [TempDatabase.NewEvent(), TempDatabase.NewEvent()])).Position;
            await store.DeleteStream(new StreamName("Account-2"), ExpectedVersion.Any);
        }

        await using var reopened = new SqliteEventStore(db.Path);
        var next = await reopened.Append(new StreamName("Account-3"), ExpectedVersion.Any, [TempDatabase.NewEvent()]);

        // A subscriber that already passed the deleted events must not skip the new one.
        Assert.True(next.Position > lastBeforeDelete, $"{next.Position} should follow {lastBeforeDelete}");
        Assert.Equal(next.Position, Assert.Single(await reopened.ReadAll(lastBeforeDelete, 10)).Position);
    }
}
