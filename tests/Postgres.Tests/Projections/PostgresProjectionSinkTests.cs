using Npgsql;

namespace EventFramework.Postgres.Tests.Projections;

/// <summary>The PostgreSQL sink's own guarantees, beyond the shared sink contract.</summary>
public sealed class PostgresProjectionSinkTests(PostgresProjectionSinkFixture fixture) : IClassFixture<PostgresProjectionSinkFixture>
{
    private static readonly LogPosition P1 = new(1000, 1);
    private static readonly LogPosition P2 = new(1000, 2);
    private static readonly LogPosition P3 = new(1005, 3);

    private PostgresProjectionSink Sink => fixture.Sink;

    [Fact]
    public async Task commit_applies_writes_and_moves_the_checkpoint_in_one_transaction()
    {
        var key = Key();
        long? seenMidway = -1;
        LogPosition? checkpointMidway = P3;

        Assert.True(await Sink.Commit(key, null, P1, [], async (db, ct) =>
        {
            await fixture.Add(db, key, 5, ct);
            seenMidway = await fixture.Read(key);                // other connections see nothing yet
            checkpointMidway = await Sink.LoadCheckpoint(key, ct);
        }));

        Assert.Null(seenMidway);
        Assert.Null(checkpointMidway);
        Assert.Equal(5, await fixture.Read(key));
        Assert.Equal(P1, await Sink.LoadCheckpoint(key));

        Assert.True(await Sink.Commit(key, P1, P2, [], (db, ct) => fixture.Add(db, key, 2, ct)));
        Assert.Equal(7, await fixture.Read(key));
        Assert.Equal(P2, await Sink.LoadCheckpoint(key));
    }

    [Fact]
    public async Task commit_with_a_stale_checkpoint_returns_false_writes_nothing_and_runs_no_handler()
    {
        var key = Key();
        await Sink.Commit(key, null, P1, [], (db, ct) => fixture.Add(db, key, 1, ct));
        await Sink.Commit(key, P1, P2, [], (db, ct) => fixture.Add(db, key, 1, ct));
        var ran = false;

        Assert.False(await Sink.Commit(key, P1, P3, [Parked("stale", key, P3)], async (db, ct) => { ran = true; await fixture.Add(db, key, 100, ct); }));
        Assert.False(await Sink.Commit(key, null, P3, [], async (db, ct) => { ran = true; await fixture.Add(db, key, 100, ct); }));

        Assert.False(ran);
        Assert.Equal(2, await fixture.Read(key));
        Assert.Equal(P2, await Sink.LoadCheckpoint(key));
        Assert.Empty(await Sink.LoadParked("stale"));
    }

    [Fact]
    public async Task commit_expecting_a_checkpoint_that_was_never_stored_returns_false()
    {
        var key = Key();

        Assert.False(await Sink.Commit(key, P1, P2, [], (db, ct) => fixture.Add(db, key, 1, ct)));

        Assert.Null(await Sink.LoadCheckpoint(key));
        Assert.Null(await fixture.Read(key));
    }

    [Fact]
    public async Task concurrent_commits_from_the_same_checkpoint_let_exactly_one_through()
    {
        var key = Key();
        await Sink.Commit(key, null, P1, [], (db, ct) => fixture.Add(db, key, 0, ct));

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            Sink.Commit(key, P1, P2, [], (db, ct) => fixture.Add(db, key, 1, ct))));

        Assert.Single(results, won => won);
        Assert.Equal(1, await fixture.Read(key));
        Assert.Equal(P2, await Sink.LoadCheckpoint(key));
    }

    [Fact]
    public async Task a_throwing_handler_rolls_back_writes_parked_events_and_checkpoint_and_its_exception_propagates_as_is()
    {
        var key = Key();
        await Sink.Commit(key, null, P1, [], (db, ct) => fixture.Add(db, key, 1, ct));
        var thrown = new InvalidOperationException("handler failed");

        var caught = await Assert.ThrowsAsync<InvalidOperationException>(() => Sink.Commit(key, P1, P2, [Parked("throwing", key, P2)], async (db, ct) =>
        {
            await fixture.Add(db, key, 10, ct);
            throw thrown;
        }));

        Assert.Same(thrown, caught);
        Assert.Equal(1, await fixture.Read(key));
        Assert.Equal(P1, await Sink.LoadCheckpoint(key));
        Assert.Empty(await Sink.LoadParked("throwing"));
    }

    [Fact]
    public async Task a_database_error_in_a_handler_propagates_as_is()
    {
        var key = Key();

        var error = await Assert.ThrowsAsync<PostgresException>(() => Sink.Commit(key, null, P1, [], (db, _) => db.Execute("select 1 / 0")));

        Assert.Equal(PostgresErrorCodes.DivisionByZero, error.SqlState);
        Assert.Null(await Sink.LoadCheckpoint(key));
    }

    [Fact]
    public async Task a_handler_that_swallows_a_database_error_cannot_commit_half_a_batch()
    {
        var key = Key();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Sink.Commit(key, null, P1, [], async (db, ct) =>
        {
            await fixture.Add(db, key, 1, ct);
            try { await db.Execute("select 1 / 0"); }
            catch (PostgresException) { } // the transaction is aborted now
        }));

        Assert.Contains("caught a database error", error.Message, StringComparison.Ordinal);
        Assert.Null(await Sink.LoadCheckpoint(key));
        Assert.Null(await fixture.Read(key));
    }

    [Fact]
    public async Task a_connection_lost_under_a_handler_is_unavailable_not_a_handler_failure()
    {
        var key = Key();

        var error = await Assert.ThrowsAsync<EventStoreUnavailableException>(() => Sink.Commit(key, null, P1, [], async (db, ct) =>
        {
            await fixture.Add(db, key, 1, ct);
            await db.Execute("select pg_terminate_backend(pg_backend_pid())");
        }));

        Assert.Equal("projection commit", error.Operation);
        Assert.Null(await Sink.LoadCheckpoint(key));
        Assert.Null(await fixture.Read(key));
    }

    [Fact]
    public async Task parked_events_round_trip_every_field_in_log_order()
    {
        var key = Key();
        var projection = $"parked-{key}";
        var first = Parked(projection, "orders-1", new LogPosition(2000, 7)) with { StreamPosition = 3, EventType = "OrderPlaced", Error = "boom\nstack" };
        var behind = Parked(projection, "orders-1", new LogPosition(2001, 9)) with { StreamPosition = 4, BlockedBy = first.EventId, Error = $"parked behind {first.EventId}" };
        var other = Parked(projection, "orders-2", new LogPosition(2000, 8));
        var earliest = Parked(projection, "orders-3", new LogPosition(1999, 99));
        var elsewhere = Parked($"other-{key}", "orders-1", new LogPosition(1000, 1));

        Assert.True(await Sink.Commit(key, null, P1, [behind, first, elsewhere], (_, _) => Task.CompletedTask));
        Assert.True(await Sink.Commit(key, P1, P2, [other, earliest], (_, _) => Task.CompletedTask));

        Assert.Equal([earliest, first, other, behind], await Sink.LoadParked(projection));
        Assert.Equal([elsewhere], await Sink.LoadParked($"other-{key}"));
    }

    [Fact]
    public async Task unpark_applies_once_and_removes_the_event_and_a_second_unpark_returns_false()
    {
        var key = Key();
        var parked = Parked($"unpark-{key}", "s-1", P1);
        await Sink.Commit(key, null, P1, [parked], (_, _) => Task.CompletedTask);

        Assert.True(await Sink.Unpark(parked.Projection, parked.EventId, (db, ct) => fixture.Add(db, key, 1, ct)));
        Assert.False(await Sink.Unpark(parked.Projection, parked.EventId, (db, ct) => fixture.Add(db, key, 1, ct)));

        Assert.Equal(1, await fixture.Read(key));
        Assert.Empty(await Sink.LoadParked(parked.Projection));
    }

    [Fact]
    public async Task concurrent_unparks_of_one_event_apply_it_once()
    {
        var key = Key();
        var parked = Parked($"unpark-race-{key}", "s-1", P1);
        await Sink.Commit(key, null, P1, [parked], (_, _) => Task.CompletedTask);

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            Sink.Unpark(parked.Projection, parked.EventId, (db, ct) => fixture.Add(db, key, 1, ct))));

        Assert.Single(results, done => done);
        Assert.Equal(1, await fixture.Read(key));
    }

    [Fact]
    public async Task a_failing_unpark_keeps_the_event_parked_and_writes_nothing()
    {
        var key = Key();
        var parked = Parked($"unpark-fail-{key}", "s-1", P1);
        await Sink.Commit(key, null, P1, [parked], (_, _) => Task.CompletedTask);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Sink.Unpark(parked.Projection, parked.EventId, async (db, ct) =>
        {
            await fixture.Add(db, key, 1, ct);
            throw new InvalidOperationException("still broken");
        }));

        Assert.Null(await fixture.Read(key));
        Assert.Equal([parked], await Sink.LoadParked(parked.Projection));
    }

    [Fact]
    public async Task checkpoints_are_listed_by_key_and_reset_by_projection_with_its_partitions()
    {
        var name = $"list-{Guid.NewGuid():N}";
        string[] keys = [name, $"{name}/0-of-2", $"{name}/1-of-2", $"{name}x"];
        foreach (var key in keys) await Sink.Commit(key, null, P2, [], (_, _) => Task.CompletedTask);

        var listed = (await Sink.ListCheckpoints()).Where(c => c.Key.StartsWith(name, StringComparison.Ordinal)).ToList();
        Assert.Equal(keys.Order(StringComparer.Ordinal), listed.Select(c => c.Key));
        Assert.All(listed, c => Assert.Equal(P2, c.Position));
        Assert.All(listed, c => Assert.InRange(c.Updated, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5)));

        Assert.Equal(3, await Sink.ResetCheckpoint(name));

        Assert.Null(await Sink.LoadCheckpoint(name));
        Assert.Null(await Sink.LoadCheckpoint($"{name}/1-of-2"));
        Assert.Equal(P2, await Sink.LoadCheckpoint($"{name}x"));
        Assert.True(await Sink.Commit(name, null, P1, [], (_, _) => Task.CompletedTask)); // starts over
    }

    [Fact]
    public async Task migrations_record_the_projection_tables_as_version_3()
    {
        await using var cmd = fixture.DataSource.CreateCommand($"select name from {fixture.Name}.schema_migrations where version = 3");
        Assert.Equal("Projections", await cmd.ExecuteScalarAsync());
    }

    [Fact]
    public async Task a_dead_database_is_a_typed_unavailable_error()
    {
        await using var dead = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Username=nobody;Timeout=2");
        var sink = new PostgresProjectionSink(dead);

        await Assert.ThrowsAsync<EventStoreUnavailableException>(() => sink.LoadCheckpoint("k"));
        await Assert.ThrowsAsync<EventStoreUnavailableException>(() => sink.Commit("k", null, P1, [], (_, _) => Task.CompletedTask));
        await Assert.ThrowsAsync<EventStoreUnavailableException>(() => sink.LoadParked("k"));
        await Assert.ThrowsAsync<EventStoreUnavailableException>(() => new PostgresProjectionLease(dead).TryAcquire("k", "me", TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void schema_name_must_be_a_plain_identifier() =>
        Assert.Throws<ArgumentException>(() => new PostgresProjectionSink(fixture.DataSource, "x; drop table y"));

    private static string Key() => $"k-{Guid.NewGuid():N}";

    /// <summary>A parked event whose time survives PostgreSQL's microsecond precision.</summary>
    private static ParkedEvent Parked(string projection, string stream, LogPosition position) =>
        new(projection, Guid.NewGuid(), stream, 0, position, "TestEvent", "error", new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero).AddTicks(1234560), null);
}
