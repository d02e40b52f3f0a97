using System.Diagnostics;

namespace EventFramework.Sqlite.Tests;

public sealed class SqliteFailureTests
{
    [Fact]
    public async Task a_path_that_is_a_folder_fails_as_unavailable()
    {
        using var db = new TempDatabase();
        Directory.CreateDirectory(db.Path);
        await using var store = new SqliteEventStore(db.Path);

        var e = await Assert.ThrowsAsync<EventStoreUnavailableException>(() => store.GetStreamVersion(new StreamName("Account-1")));

        Assert.Equal("SQLite", e.Store);
        Assert.Equal("get stream version", e.Operation);
    }

    [Fact]
    public async Task a_file_that_is_not_a_database_fails_as_unavailable()
    {
        using var db = new TempDatabase();
        Directory.CreateDirectory(Path.GetDirectoryName(db.Path)!);
        await File.WriteAllBytesAsync(db.Path, [.. Enumerable.Range(0, 8192).Select(i => (byte)(i * 7))]);
        await using var store = new SqliteEventStore(db.Path);

        var e = await Assert.ThrowsAsync<EventStoreUnavailableException>(() => store.Append(new StreamName("Account-1"), ExpectedVersion.Any, [TempDatabase.NewEvent()]));

        Assert.Equal("append", e.Operation);
    }

    [Fact]
    public async Task a_folder_that_cannot_be_created_fails_as_unavailable()
    {
        using var db = new TempDatabase();
        Directory.CreateDirectory(Path.GetDirectoryName(db.Path)!);
        await File.WriteAllTextAsync(db.Path, "a file where a folder should be");
        await using var store = new SqliteEventStore(Path.Combine(db.Path, "events.db"));

        await Assert.ThrowsAsync<EventStoreUnavailableException>(() => store.ReadAll(LogPosition.Start, 10));
    }

    [Fact]
    public async Task a_writer_held_by_another_process_beyond_the_busy_timeout_fails_as_unavailable_and_writes_nothing()
    {
        using var db = new TempDatabase();
        await using var store = new SqliteEventStore(new SqliteStoreOptions { Path = db.Path, BusyTimeout = TimeSpan.FromSeconds(1) });
        var stream = new StreamName("Account-1");
        await store.Append(stream, ExpectedVersion.NoStream, [TempDatabase.NewEvent()]);
        var blocked = TempDatabase.NewEvent();

        using (var otherProcess = db.OpenRaw())
        {
            using var begin = otherProcess.CreateCommand();
            begin.CommandText = "BEGIN IMMEDIATE";
            begin.ExecuteNonQuery();
            var clock = Stopwatch.StartNew();

            var e = await Assert.ThrowsAsync<EventStoreUnavailableException>(() => store.Append(stream, ExpectedVersion.Exactly(0), [blocked]));

            Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(900), TimeSpan.FromSeconds(15));
            Assert.Equal("append", e.Operation);
            Assert.Single(await store.ReadStream(stream, 0, 10)); // readers are not blocked by a writer in WAL mode
        }

        Assert.Null(await store.FindEvent(blocked.EventId));
        Assert.Equal(1, (await store.Append(stream, ExpectedVersion.Exactly(0), [blocked])).NextExpectedVersion);
    }
}
