using System.Diagnostics;
using Xunit.Abstractions;

namespace EventFramework.Postgres.Tests.Projections;

/// <summary>The real runner over the PostgreSQL store, sink and lease, in one schema per test.</summary>
public sealed class PostgresProjectionRunnerTests(ITestOutputHelper output)
{
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task runner_catches_up_then_follows_live_and_balances_match_a_fold_of_the_events()
    {
        await using var ledger = await Ledger.Create("runner_fold");
        var random = new Random(7);
        var fold = new Dictionary<string, long>();
        var appended = 0;
        async Task<LogPosition> AppendSome(int appends)
        {
            var last = LogPosition.Start;
            for (var i = 0; i < appends; i++)
            {
                var account = $"a{random.Next(5)}";
                var events = Enumerable.Range(0, random.Next(1, 5)).Select(_ =>
                {
                    var amount = random.Next(1, 1000);
                    var deposit = random.Next(3) > 0;
                    fold[account] = fold.GetValueOrDefault(account) + (deposit ? amount : -amount);
                    return deposit ? (object)new Deposited(account, amount) : new Withdrawn(account, amount);
                }).ToArray();
                appended += events.Length;
                last = await ledger.Append(account, events);
            }
            return last;
        }

        var beforeStart = await AppendSome(40);
        var runner = ledger.Runner("only");
        using var stop = new CancellationTokenSource();
        var run = runner.Run(stop.Token);
        await ledger.WaitForCheckpoint(runner.CheckpointKey, beforeStart, run);
        var whileLive = await AppendSome(20);
        await ledger.WaitForCheckpoint(runner.CheckpointKey, whileLive, run);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        Assert.Equal(fold.OrderBy(b => b.Key), (await ledger.ReadBalances()).OrderBy(b => b.Key));
        Assert.Equal(appended, (await ledger.ReadApplied()).Count);
        Assert.Equal(appended, runner.Status.Applied);
        Assert.Equal(ProjectionState.Stopped, runner.Status.State);
        Assert.Empty(await ledger.Sink.LoadParked(runner.Projection.Name));
    }

    [Fact]
    public async Task two_runners_on_one_checkpoint_key_apply_every_event_exactly_once()
    {
        await using var ledger = await Ledger.Create("runner_race");
        var (sinkA, sinkB) = (new JitteredSink(ledger.Sink, seed: 1), new JitteredSink(ledger.Sink, seed: 2));
        var a = ledger.Runner("a", sinkA);
        var b = ledger.Runner("b", sinkB);
        Assert.Equal(a.CheckpointKey, b.CheckpointKey);
        using var stop = new CancellationTokenSource();
        Task[] runs = [a.Run(stop.Token), b.Run(stop.Token)];

        // Distinct amounts 1..n from three concurrent writers: any lost or doubled deposit changes the sum.
        const int Deposits = 300;
        var writers = Enumerable.Range(0, 3).Select(w => Task.Run(async () =>
        {
            var last = LogPosition.Start;
            for (var amount = w + 1; amount <= Deposits; amount += 3)
            {
                var at = await ledger.Append($"acc-{amount % 7}", new Deposited($"acc-{amount % 7}", amount));
                if (at > last) last = at;
            }
            return last;
        }));
        var lastAppended = (await Task.WhenAll(writers)).Max();
        await ledger.WaitForCheckpoint(a.CheckpointKey, lastAppended, runs);
        await stop.CancelAsync();
        foreach (var run in runs) await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        var applied = await ledger.ReadApplied();
        Assert.Equal((await ledger.EventIds()).Order(), applied.Keys.Order());
        Assert.Equal(Deposits * (Deposits + 1) / 2, (await ledger.ReadBalances()).Values.Sum());
        Assert.Equal(Deposits, a.Status.Applied + b.Status.Applied); // the runners' own count of committed applications agrees
        output.WriteLine($"applied by a: {a.Status.Applied}, by b: {b.Status.Applied}; refused commits: {sinkA.Refused} + {sinkB.Refused}");
        // Which runner wins each race is up to the scheduler (one may win them all); that they raced is not.
        Assert.True(sinkA.Refused + sinkB.Refused > 0, "The runners never raced for a batch.");
    }

    [Fact]
    public async Task with_a_lease_only_the_holder_applies_and_a_standby_takes_over_at_once_when_the_holder_stops()
    {
        await using var ledger = await Ledger.Create("runner_lease");
        var (a, b) = (ledger.Runner("a"), ledger.Runner("b"));
        using var stopA = new CancellationTokenSource();
        using var stopB = new CancellationTokenSource();
        var runA = a.RunWithLease(ledger.Lease, Lease("a"), stopA.Token);
        await Ledger.WaitUntil(() => a.Status.State is ProjectionState.CatchingUp or ProjectionState.Live, runA);
        var runB = b.RunWithLease(ledger.Lease, Lease("b"), stopB.Token);
        await Ledger.WaitUntil(() => b.Status.State == ProjectionState.Standby, runA, runB);

        await ledger.WaitForCheckpoint(a.CheckpointKey, await AppendDeposits(ledger, 40), runA, runB);
        Assert.All((await ledger.ReadApplied()).Values, instance => Assert.Equal("a", instance));
        Assert.Equal(ProjectionState.Standby, b.Status.State);

        var handover = Stopwatch.StartNew();
        await stopA.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runA); // and releases the lease
        await ledger.WaitForCheckpoint(a.CheckpointKey, await AppendDeposits(ledger, 40), runB);
        handover.Stop();
        output.WriteLine($"handover took {handover.Elapsed}");

        var applied = await ledger.ReadApplied();
        Assert.Equal(40, applied.Values.Count(i => i == "a"));
        Assert.Equal(40, applied.Values.Count(i => i == "b"));
        Assert.True(handover.Elapsed < LeaseDuration, $"The standby took {handover.Elapsed} to take over a released lease.");
        Assert.Equal(("b", 2L), await ledger.LeaseHolder(a.CheckpointKey));
        await stopB.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runB);
    }

    [Fact]
    public async Task a_holder_that_vanishes_without_releasing_is_replaced_once_its_lease_expires()
    {
        await using var ledger = await Ledger.Create("runner_lease_lapse");
        var (a, b) = (ledger.Runner("a"), ledger.Runner("b"));
        using var stopA = new CancellationTokenSource();
        using var stopB = new CancellationTokenSource();
        var runA = a.RunWithLease(new NeverReleased(ledger.Lease), Lease("a"), stopA.Token);
        await Ledger.WaitUntil(() => a.Status.State is ProjectionState.CatchingUp or ProjectionState.Live, runA);
        var runB = b.RunWithLease(ledger.Lease, Lease("b"), stopB.Token);
        await ledger.WaitForCheckpoint(a.CheckpointKey, await AppendDeposits(ledger, 10), runA, runB);

        var handover = Stopwatch.StartNew();
        await stopA.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runA);
        await ledger.WaitForCheckpoint(a.CheckpointKey, await AppendDeposits(ledger, 10), runB);
        handover.Stop();
        output.WriteLine($"handover took {handover.Elapsed}");

        var applied = await ledger.ReadApplied();
        Assert.Equal(10, applied.Values.Count(i => i == "b"));
        Assert.InRange(handover.Elapsed, LeaseDuration / 2, LeaseDuration + TimeSpan.FromSeconds(1.5));
        Assert.Equal(("b", 2L), await ledger.LeaseHolder(a.CheckpointKey));
        await stopB.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runB);
    }

    private static LeaseOptions Lease(string owner) => new() { Owner = owner, Duration = LeaseDuration, RenewEvery = TimeSpan.FromMilliseconds(300) };

    private static async Task<LogPosition> AppendDeposits(Ledger ledger, int count)
    {
        var last = LogPosition.Start;
        for (var i = 0; i < count; i++) last = await ledger.Append($"acc-{i % 4}", new Deposited($"acc-{i % 4}", i + 1));
        return last;
    }

    /// <summary>A lease whose holder never gets to release it, as when its process is killed.</summary>
    private sealed class NeverReleased(IProjectionLease inner) : IProjectionLease
    {
        public Task<LeaseGrant?> TryAcquire(string key, string owner, TimeSpan duration, CancellationToken ct = default) => inner.TryAcquire(key, owner, duration, ct);

        public Task Release(LeaseGrant grant, CancellationToken ct = default) => Task.CompletedTask;
    }
}
