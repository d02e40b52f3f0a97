namespace EventFramework.Conformance;

/// <summary>
/// The projection-sink contract: read-model writes, parked events and the checkpoint commit or
/// roll back together, and the checkpoint only moves from the position the caller expected.
/// </summary>
public abstract class ProjectionSinkTests<TFixture, TContext>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : class, IProjectionSinkFixture<TContext>
{
    private IProjectionSink<TContext> Sink => fixture.Sink;

    private static string NewKey() => $"p-{Guid.NewGuid():N}";

    private static LogPosition At(long sequence) => new(7, sequence);

    private Func<TContext, CancellationToken, Task> Add(string key, long delta) => (ctx, ct) => fixture.Add(ctx, key, delta, ct);

    [Fact]
    public async Task an_unknown_key_has_no_checkpoint()
    {
        Assert.Null(await Sink.LoadCheckpoint(NewKey()));
    }

    [Fact]
    public async Task commit_applies_writes_and_moves_the_checkpoint_together()
    {
        var key = NewKey();
        Assert.True(await Sink.Commit(key, null, At(10), [], Add(key, 5)));
        Assert.True(await Sink.Commit(key, At(10), At(20), [], Add(key, 2)));

        Assert.Equal(At(20), await Sink.LoadCheckpoint(key));
        Assert.Equal(7, await fixture.Read(key));
    }

    [Fact]
    public async Task a_stale_expected_checkpoint_writes_nothing()
    {
        var key = NewKey();
        await Sink.Commit(key, null, At(10), [], Add(key, 1));

        Assert.False(await Sink.Commit(key, At(5), At(30), [Parked(key, 30)], Add(key, 100)));
        Assert.False(await Sink.Commit(key, null, At(30), [], Add(key, 100)));

        Assert.Equal(At(10), await Sink.LoadCheckpoint(key));
        Assert.Equal(1, await fixture.Read(key));
        Assert.Empty(await Sink.LoadParked(key));
    }

    [Fact]
    public async Task a_failing_apply_rolls_back_writes_parked_events_and_checkpoint()
    {
        var key = NewKey();
        await Sink.Commit(key, null, At(10), [], Add(key, 1));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Sink.Commit(key, At(10), At(20), [Parked(key, 15)], async (ctx, ct) =>
        {
            await fixture.Add(ctx, key, 50, ct);
            throw new InvalidOperationException("handler failed");
        }));

        Assert.Equal("handler failed", error.Message);
        Assert.Equal(At(10), await Sink.LoadCheckpoint(key));
        Assert.Equal(1, await fixture.Read(key));
        Assert.Empty(await Sink.LoadParked(key));
    }

    [Fact]
    public async Task parked_events_round_trip_in_log_order()
    {
        var key = NewKey();
        var first = Parked(key, 12);
        var behind = Parked(key, 13) with { BlockedBy = first.EventId, Error = "parked behind" };
        var earlier = Parked(key, 11) with { Stream = "other-stream" };
        await Sink.Commit(key, null, At(12), [first], (_, _) => Task.CompletedTask);
        await Sink.Commit(key, At(12), At(13), [behind, earlier], (_, _) => Task.CompletedTask);

        var parked = await Sink.LoadParked(key);

        Assert.Equal([earlier.EventId, first.EventId, behind.EventId], parked.Select(p => p.EventId));
        var stored = parked[2];
        Assert.Equal((behind.Projection, behind.Stream, behind.StreamPosition, behind.Position, behind.EventType, behind.Error, behind.BlockedBy),
            (stored.Projection, stored.Stream, stored.StreamPosition, stored.Position, stored.EventType, stored.Error, stored.BlockedBy));
        Assert.True((stored.ParkedAt - behind.ParkedAt).Duration() < TimeSpan.FromSeconds(1));
        Assert.Empty(await Sink.LoadParked(NewKey()));
    }

    [Fact]
    public async Task parking_the_same_event_again_keeps_one_record()
    {
        var key = NewKey();
        var parked = Parked(key, 3);
        await Sink.Commit(key, null, At(3), [parked], (_, _) => Task.CompletedTask);
        await Sink.Commit(key, At(3), At(4), [parked], (_, _) => Task.CompletedTask);

        Assert.Single(await Sink.LoadParked(key));
    }

    [Fact]
    public async Task unpark_applies_once_and_removes_the_parked_event()
    {
        var key = NewKey();
        var parked = Parked(key, 3);
        await Sink.Commit(key, null, At(3), [parked], (_, _) => Task.CompletedTask);

        Assert.True(await Sink.Unpark(key, parked.EventId, Add(key, 9)));
        Assert.False(await Sink.Unpark(key, parked.EventId, Add(key, 9)));

        Assert.Equal(9, await fixture.Read(key));
        Assert.Empty(await Sink.LoadParked(key));
    }

    [Fact]
    public async Task a_failing_unpark_keeps_the_event_parked()
    {
        var key = NewKey();
        var parked = Parked(key, 3);
        await Sink.Commit(key, null, At(3), [parked], (_, _) => Task.CompletedTask);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Sink.Unpark(key, parked.EventId, async (ctx, ct) =>
        {
            await fixture.Add(ctx, key, 1, ct);
            throw new InvalidOperationException("still broken");
        }));

        Assert.Null(await fixture.Read(key));
        Assert.Single(await Sink.LoadParked(key));
    }

    [Fact]
    public async Task reset_clears_the_read_model_and_forgets_every_partition_checkpoint_and_parked_event()
    {
        var projection = NewKey();
        var other = NewKey();
        await Sink.Commit(projection, null, At(4), [Parked(projection, 4)], Add(projection, 3));
        await Sink.Commit($"{projection}/1-of-2", null, At(5), [], (_, _) => Task.CompletedTask);
        await Sink.Commit(other, null, At(6), [Parked(other, 6)], Add(other, 1));

        await Sink.Reset(projection, (ctx, ct) => fixture.Add(ctx, projection, -3, ct));

        Assert.Null(await Sink.LoadCheckpoint(projection));
        Assert.Null(await Sink.LoadCheckpoint($"{projection}/1-of-2"));
        Assert.Empty(await Sink.LoadParked(projection));
        Assert.Equal(0, await fixture.Read(projection));
        Assert.Equal(At(6), await Sink.LoadCheckpoint(other));
        Assert.Single(await Sink.LoadParked(other));
        Assert.Equal(1, await fixture.Read(other));
    }

    [Fact]
    public async Task checkpoints_are_independent_per_key()
    {
        var (a, b) = (NewKey(), NewKey());
        await Sink.Commit(a, null, At(1), [], (_, _) => Task.CompletedTask);
        await Sink.Commit(b, null, At(2), [], (_, _) => Task.CompletedTask);
        await Sink.Commit(a, At(1), At(3), [], (_, _) => Task.CompletedTask);

        Assert.Equal(At(3), await Sink.LoadCheckpoint(a));
        Assert.Equal(At(2), await Sink.LoadCheckpoint(b));
    }

    /// <summary>A parked event of projection <paramref name="projection"/> at global sequence <paramref name="sequence"/>.</summary>
    protected static ParkedEvent Parked(string projection, long sequence) =>
        new(projection, Guid.NewGuid(), "stream-1", sequence, At(sequence), "SomethingHappened", "boom: the handler threw", DateTimeOffset.UtcNow);
}
