namespace EventFramework.Sqlite.Tests.Projections;

/// <summary>The real <see cref="ProjectionRunner{TContext}"/> over the SQLite store and sink, in one file.</summary>
public sealed class SqliteProjectionRunnerTests
{
    private static readonly SubscriptionOptions FastPolling = new() { PollInterval = TimeSpan.FromMilliseconds(20) };

    [Fact]
    public async Task a_runner_catches_up_then_follows_live_appends_and_its_balances_equal_the_fold()
    {
        await using var bank = await BalancesScenario.Create();
        await bank.AppendRandom(300);
        var sink = new SqliteProjectionSink(bank.Store);
        var runner = new ProjectionRunner<SqliteProjectionContext>(bank.Store, sink, new Balances(), BalancesScenario.Serializer,
            new ProjectionOptions { BatchSize = 50 });
        using var stop = new CancellationTokenSource();

        var run = runner.Run(stop.Token);
        await bank.WaitForCheckpoint(sink, runner.CheckpointKey, run);
        await bank.AppendRandom(200);
        await bank.WaitForCheckpoint(sink, runner.CheckpointKey, run);
        await Stop(stop, run);

        bank.AssertBalancesEqualTheFold();
        Assert.Equal(bank.Handled, runner.Status.Applied);
        Assert.Equal(bank.Last, runner.Status.Checkpoint);
        Assert.Equal(ProjectionState.Stopped, runner.Status.State);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task two_runners_on_one_checkpoint_key_never_apply_an_event_twice(bool asTwoProcesses)
    {
        await using var bank = await BalancesScenario.Create();
        await bank.AppendRandom(200);
        await using var other = asTwoProcesses ? bank.OpenAnotherStore() : null;
        var options = new ProjectionOptions { BatchSize = 7, BatchDelay = TimeSpan.Zero, Subscription = FastPolling };
        var sink = new SqliteProjectionSink(bank.Store);
        var first = new ProjectionRunner<SqliteProjectionContext>(bank.Store, sink, new Balances(), BalancesScenario.Serializer, options);
        var secondStore = other ?? bank.Store;
        var second = new ProjectionRunner<SqliteProjectionContext>(secondStore, new SqliteProjectionSink(secondStore), new Balances(), BalancesScenario.Serializer, options);
        using var stop = new CancellationTokenSource();

        var runs = new[] { first.Run(stop.Token), second.Run(stop.Token) };
        await bank.AppendRandom(300); // live appends while both compete
        await bank.WaitForCheckpoint(sink, first.CheckpointKey, runs);
        await Stop(stop, runs);

        bank.AssertBalancesEqualTheFold();
        Assert.Equal(bank.Handled, first.Status.Applied + second.Status.Applied); // committed applications, both runners together
    }

    [Fact]
    public async Task with_leases_one_instance_applies_while_the_other_waits_and_takes_over_when_it_stops()
    {
        await using var bank = await BalancesScenario.Create();
        await bank.AppendRandom(150);
        var sink = new SqliteProjectionSink(bank.Store);
        var lease = new SqliteProjectionLease(bank.Store);
        var options = new ProjectionOptions { BatchSize = 20, Subscription = FastPolling };
        var holder = new ProjectionRunner<SqliteProjectionContext>(bank.Store, sink, new Balances(), BalancesScenario.Serializer, options);
        var standby = new ProjectionRunner<SqliteProjectionContext>(bank.Store, sink, new Balances(), BalancesScenario.Serializer, options);
        using var stopHolder = new CancellationTokenSource();
        using var stopStandby = new CancellationTokenSource();

        var holding = holder.RunWithLease(lease, Lease("holder"), stopHolder.Token);
        await bank.WaitForCheckpoint(sink, holder.CheckpointKey, holding);
        var waiting = standby.RunWithLease(lease, Lease("standby"), stopStandby.Token);
        await bank.AppendRandom(50);
        await bank.WaitForCheckpoint(sink, holder.CheckpointKey, holding, waiting);
        Assert.Equal(ProjectionState.Standby, standby.Status.State);
        Assert.Equal(0, standby.Status.Applied);

        await Stop(stopHolder, holding); // a clean stop releases the lease
        await bank.AppendRandom(100);
        await bank.WaitForCheckpoint(sink, holder.CheckpointKey, waiting);
        await Stop(stopStandby, waiting);

        bank.AssertBalancesEqualTheFold();
        Assert.True(standby.Status.Applied > 0);
        Assert.Equal(bank.Handled, holder.Status.Applied + standby.Status.Applied);

        static LeaseOptions Lease(string owner) =>
            new() { Owner = owner, Duration = TimeSpan.FromSeconds(5), RenewEvery = TimeSpan.FromMilliseconds(50) };
    }

    [Fact]
    public async Task a_poison_event_is_parked_with_its_stream_and_replayed_once_after_the_fix()
    {
        await using var bank = await BalancesScenario.Create();
        var fixedNow = new TaskCompletionSource();
        var sink = new SqliteProjectionSink(bank.Store);
        var runner = new ProjectionRunner<SqliteProjectionContext>(bank.Store, sink,
            new Balances(account => account == "poison" && !fixedNow.Task.IsCompleted), BalancesScenario.Serializer,
            new ProjectionOptions { BatchSize = 10, MaxAttempts = 2, RetryDelay = TimeSpan.FromMilliseconds(1), Subscription = FastPolling });
        using var stop = new CancellationTokenSource();
        await bank.Append("ada", new Deposited("ada", 10));
        await bank.Append("poison", new Deposited("poison", 5));
        await bank.Append("bob", new Deposited("bob", 7));
        await bank.Append("poison", new Withdrawn("poison", 2));
        await bank.Append("ada", new Withdrawn("ada", 1));

        var run = runner.Run(stop.Token);
        await bank.WaitForCheckpoint(sink, runner.CheckpointKey, run);

        var parked = await sink.LoadParked(runner.Projection.Key);
        Assert.Equal(["Deposited", "Withdrawn"], parked.Select(p => p.EventType));
        Assert.All(parked, p => Assert.Equal("Account-poison", p.Stream));
        Assert.Null(parked[0].BlockedBy);
        Assert.Equal(parked[0].EventId, parked[1].BlockedBy);
        Assert.Contains("cannot apply events of poison", parked[0].Error, StringComparison.Ordinal);
        Assert.Equal(new Dictionary<string, long> { ["ada"] = 9, ["bob"] = 7 }, bank.ReadBalances());

        fixedNow.SetResult();
        var replayed = await runner.ReplayParked();
        var again = await runner.ReplayParked();
        await bank.Append("poison", new Deposited("poison", 100)); // the runner sees the stream is no longer parked
        await bank.WaitForCheckpoint(sink, runner.CheckpointKey, run);
        await Stop(stop, run);

        Assert.Equal((2, 0), (replayed.Applied, replayed.StillFailing.Count));
        Assert.Equal(0, again.Applied);
        Assert.Empty(await sink.LoadParked(runner.Projection.Key));
        bank.AssertBalancesEqualTheFold();
    }

    private static async Task Stop(CancellationTokenSource stop, params Task[] runs)
    {
        await stop.CancelAsync();
        foreach (var run in runs)
        {
            try
            {
                await run;
            }
            catch (OperationCanceledException)
            {
            }
        }
    }
}
