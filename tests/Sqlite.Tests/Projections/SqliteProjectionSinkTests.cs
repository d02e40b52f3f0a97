using Microsoft.Data.Sqlite;

namespace EventFramework.Sqlite.Tests.Projections;

/// <summary>The sink's transaction: read-model writes, parked events and the checkpoint move commit or roll back together.</summary>
public sealed class SqliteProjectionSinkTests : IAsyncLifetime
{
    private const string Key = "numbers";
    private readonly SqliteProjectionSinkFixture _db = new();

    private SqliteProjectionSink Sink => _db.SqliteSink;

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task a_commit_writes_the_read_model_and_moves_the_checkpoint_together()
    {
        Assert.Null(await Sink.LoadCheckpoint(Key));

        Assert.True(await Commit(null, At(5), async (ctx, ct) =>
        {
            await _db.Add(ctx, "a", 1, ct);
            await _db.Add(ctx, "b", 2, ct);
        }));
        Assert.True(await Commit(At(5), At(9), (ctx, ct) => _db.Add(ctx, "a", 10, ct)));

        Assert.Equal(At(9), await Sink.LoadCheckpoint(Key));
        Assert.Equal(11, await _db.Read("a"));
        Assert.Equal(2, await _db.Read("b"));
    }

    [Fact]
    public async Task a_commit_from_a_stale_checkpoint_returns_false_and_writes_nothing()
    {
        await Commit(null, At(5), (ctx, ct) => _db.Add(ctx, "a", 1, ct));
        var handlerRan = false;

        foreach (var stale in new LogPosition?[] { null, At(3), At(7), new LogPosition(1, 5) })
        {
            Assert.False(await Sink.Commit(Key, stale, At(20), [Parked(20)], async (ctx, ct) =>
            {
                handlerRan = true;
                await _db.Add(ctx, "a", 100, ct);
            }));
        }
        Assert.False(await Sink.Commit("never-started", At(5), At(6), [], (ctx, ct) => _db.Add(ctx, "a", 100, ct)));

        Assert.False(handlerRan);
        Assert.Equal(1, await _db.Read("a"));
        Assert.Equal(At(5), await Sink.LoadCheckpoint(Key));
        Assert.Null(await Sink.LoadCheckpoint("never-started"));
        Assert.Empty(await Sink.LoadParked("numbers"));
    }

    [Fact]
    public async Task a_throwing_apply_rolls_everything_back_and_propagates_the_same_exception()
    {
        await Commit(null, At(5), (ctx, ct) => _db.Add(ctx, "a", 1, ct));
        var thrown = new InvalidOperationException("handler bug");

        var caught = await Assert.ThrowsAsync<InvalidOperationException>(() => Sink.Commit(Key, At(5), At(9), [Parked(7)], async (ctx, ct) =>
        {
            await _db.Add(ctx, "a", 10, ct);
            await _db.Add(ctx, "b", 10, ct);
            throw thrown;
        }));

        Assert.Same(thrown, caught);
        Assert.Equal(1, await _db.Read("a"));
        Assert.Null(await _db.Read("b"));
        Assert.Equal(At(5), await Sink.LoadCheckpoint(Key));
        Assert.Empty(await Sink.LoadParked("numbers"));
        Assert.True(await Commit(At(5), At(9), (ctx, ct) => _db.Add(ctx, "a", 1, ct))); // the file is not left locked
    }

    [Fact]
    public async Task a_failing_statement_in_a_handler_propagates_as_the_sqlite_error_not_as_unavailable()
    {
        var e = await Assert.ThrowsAsync<SqliteException>(() => Commit(null, At(1), async (ctx, _) =>
        {
            await ctx.Execute("INSERT INTO numbers (key, value) VALUES ($1, $2)", "a", 1);
            await ctx.Execute("INSERT INTO numbers (key, value) VALUES ($1, $2)", "a", 2); // duplicate key
        }));

        Assert.Equal(19, e.SqliteErrorCode); // SQLITE_CONSTRAINT
        Assert.Null(await _db.Read("a"));
        Assert.Null(await Sink.LoadCheckpoint(Key));
    }

    [Fact]
    public async Task checkpoints_keep_both_parts_of_the_position()
    {
        var far = new LogPosition(ulong.MaxValue - 1, long.MaxValue - 1);

        await Commit(null, far, (_, _) => Task.CompletedTask);

        Assert.Equal(far, await Sink.LoadCheckpoint(Key));
        Assert.True(await Commit(far, new LogPosition(ulong.MaxValue, 1), (_, _) => Task.CompletedTask));
    }

    [Fact]
    public async Task parked_events_round_trip_in_log_order_per_projection()
    {
        var first = Parked(3);
        var behind = Parked(9) with { Stream = first.Stream, StreamPosition = 1, BlockedBy = first.EventId };
        var other = Parked(6);
        await Commit(null, At(4), (_, _) => Task.CompletedTask, first);
        await Commit(At(4), At(10), (_, _) => Task.CompletedTask, behind, other);
        await Sink.Commit("other", null, At(10), [Parked(5) with { Projection = "other" }], (_, _) => Task.CompletedTask);

        var parked = await Sink.LoadParked("numbers");

        Assert.Equal([first, other, behind], parked);
        Assert.Single(await Sink.LoadParked("other"));
    }

    [Fact]
    public async Task unpark_applies_and_removes_an_event_once()
    {
        var parked = Parked(3);
        await Commit(null, At(3), (_, _) => Task.CompletedTask, parked);
        var runs = 0;

        Assert.True(await Sink.Unpark("numbers", parked.EventId, (ctx, ct) => { runs++; return _db.Add(ctx, "a", 5, ct); }));
        Assert.False(await Sink.Unpark("numbers", parked.EventId, (ctx, ct) => { runs++; return _db.Add(ctx, "a", 5, ct); }));

        Assert.Equal(1, runs);
        Assert.Equal(5, await _db.Read("a"));
        Assert.Empty(await Sink.LoadParked("numbers"));
    }

    [Fact]
    public async Task unpark_with_a_throwing_apply_keeps_the_event_parked_and_writes_nothing()
    {
        var parked = Parked(3);
        await Commit(null, At(3), (_, _) => Task.CompletedTask, parked);
        var thrown = new FormatException("still broken");

        var caught = await Assert.ThrowsAsync<FormatException>(() => Sink.Unpark("numbers", parked.EventId, async (ctx, ct) =>
        {
            await _db.Add(ctx, "a", 5, ct);
            throw thrown;
        }));

        Assert.Same(thrown, caught);
        Assert.Null(await _db.Read("a"));
        Assert.Equal([parked], await Sink.LoadParked("numbers"));
    }

    [Fact]
    public async Task reset_starts_one_partition_over_with_its_read_model_cleared_in_the_same_transaction()
    {
        var (p0, p1) = ("numbers/0-of-2", "numbers/1-of-2");
        await Sink.Commit(p0, null, At(4), [Parked(2)], (ctx, ct) => _db.Add(ctx, "a", 1, ct));
        await Sink.Commit(p1, null, At(4), [Parked(3)], (ctx, ct) => _db.Add(ctx, "b", 1, ct));

        Assert.True(await Sink.ResetCheckpoint(p0, (ctx, _) => ctx.Execute("DELETE FROM numbers WHERE key = $1", "a")));

        Assert.Null(await Sink.LoadCheckpoint(p0));
        Assert.Equal(At(4), await Sink.LoadCheckpoint(p1));
        Assert.Null(await _db.Read("a"));
        Assert.Equal(1, await _db.Read("b"));
        Assert.Equal([3L], (await Sink.LoadParked("numbers")).Select(p => p.Position.Sequence));
        Assert.False(await Sink.ResetCheckpoint(p0));
        // A runner still holding the old checkpoint is refused and reloads.
        Assert.False(await Sink.Commit(p0, At(4), At(8), [], (_, _) => Task.CompletedTask));
    }

    [Fact]
    public async Task a_reset_whose_clear_throws_changes_nothing()
    {
        await Commit(null, At(4), (ctx, ct) => _db.Add(ctx, "a", 1, ct), Parked(2));

        await Assert.ThrowsAsync<InvalidOperationException>(() => Sink.ResetCheckpoint(Key, async (ctx, _) =>
        {
            await ctx.Execute("DELETE FROM numbers");
            throw new InvalidOperationException("clear failed");
        }));

        Assert.Equal(At(4), await Sink.LoadCheckpoint(Key));
        Assert.Equal(1, await _db.Read("a"));
        Assert.Single(await Sink.LoadParked("numbers"));
    }

    [Fact]
    public async Task parking_an_event_again_after_a_reset_replaces_its_record()
    {
        var parked = Parked(3);
        await Sink.Commit("numbers/0-of-2", null, At(3), [parked], (_, _) => Task.CompletedTask);
        await Sink.ResetCheckpoint("numbers/1-of-2"); // another partition: the record stays

        var again = parked with { Error = "failed again", ParkedAt = parked.ParkedAt.AddMinutes(1) };
        await Sink.Commit("numbers/1-of-2", null, At(3), [again], (_, _) => Task.CompletedTask);

        Assert.Equal([again], await Sink.LoadParked("numbers"));
    }

    [Fact]
    public async Task list_checkpoints_shows_every_key_in_order()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        await Sink.Commit("b", null, At(2), [], (_, _) => Task.CompletedTask);
        await Sink.Commit("a", null, At(7), [], (_, _) => Task.CompletedTask);

        var checkpoints = await Sink.ListCheckpoints();

        Assert.Equal([("a", At(7)), ("b", At(2))], checkpoints.Select(c => (c.Key, c.Position)));
        Assert.All(checkpoints, c => Assert.InRange(c.Updated, before, DateTimeOffset.UtcNow.AddSeconds(1)));
    }

    [Fact]
    public async Task a_commit_holds_the_stores_single_writer_so_appends_wait_for_it()
    {
        var inside = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var commit = Commit(null, At(1), async (ctx, ct) =>
        {
            await _db.Add(ctx, "a", 1, ct);
            inside.SetResult();
            await gate.Task;
        });
        await inside.Task;

        var append = _db.Store.Append(new StreamName("Account-1"), ExpectedVersion.Any, [TempDatabase.NewEvent()]);
        await Task.Delay(100);
        Assert.False(append.IsCompleted);

        gate.SetResult();
        Assert.True(await commit);
        await append;
    }

    [Fact]
    public async Task a_projection_write_and_an_append_from_another_process_take_turns_through_the_file_lock()
    {
        await using var otherProcess = new SqliteEventStore(_db.Store.Options);
        var appends = Enumerable.Range(0, 20)
            .Select(i => Task.Run(() => otherProcess.Append(new StreamName($"Account-{i}"), ExpectedVersion.Any, [TempDatabase.NewEvent()])))
            .ToArray();
        LogPosition? checkpoint = null;
        for (var i = 1; i <= 20; i++)
        {
            Assert.True(await Commit(checkpoint, At(i), (ctx, ct) => _db.Add(ctx, "a", 1, ct)));
            checkpoint = At(i);
        }
        await Task.WhenAll(appends);

        Assert.Equal(20, await _db.Read("a"));
        Assert.Equal(20, (await _db.Store.ReadAll(LogPosition.Start, 100)).Count);
    }

    private Task<bool> Commit(LogPosition? expected, LogPosition next, Func<SqliteProjectionContext, CancellationToken, Task> apply, params ParkedEvent[] park) =>
        Sink.Commit(Key, expected, next, park, apply);

    private static LogPosition At(long sequence) => new(0, sequence);

    /// <summary>A parked event at <paramref name="sequence"/>; times in whole milliseconds, as stored.</summary>
    private static ParkedEvent Parked(long sequence) => new(
        "numbers", Guid.CreateVersion7(), $"Account-{sequence}", 0, At(sequence), "Deposited", $"error at {sequence}",
        DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
}
