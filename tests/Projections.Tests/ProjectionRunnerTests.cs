namespace EventFramework.Projections.Tests;

public sealed class ProjectionRunnerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly InMemoryEventStore _store = new();
    private readonly InMemoryProjectionSink _sink = new();
    private readonly EventSerializer _serializer = Ledger.Serializer();
    private readonly Dictionary<string, long> _expected = [];
    private readonly List<Guid> _eventIds = [];

    private static ProjectionOptions Fast => new() { BatchSize = 16, RetryDelay = TimeSpan.FromMilliseconds(1), MaxAttempts = 3, Subscription = new() { PollInterval = TimeSpan.FromMilliseconds(50) } };

    [Fact]
    public async Task catches_up_then_follows_live_events()
    {
        await Deposit(100);
        var ledger = new Ledger();
        using var cts = new CancellationTokenSource(Timeout);
        var runner = new ProjectionRunner<InMemoryDocuments>(_store, _sink, ledger, _serializer, Fast);
        var run = runner.Run(cts.Token);

        await UntilCaughtUp(runner);
        await Deposit(30);
        await UntilCaughtUp(runner);
        Assert.Equal(ProjectionState.Live, runner.Status.State);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        AssertBalancesMatchFold();
        AssertEachEventAppliedOnce();
        Assert.Equal(130, runner.Status.Applied);
    }

    [Fact]
    public async Task a_restarted_runner_resumes_from_its_checkpoint()
    {
        await Deposit(50);
        await RunUntilCaughtUp(new Ledger());
        await Deposit(50);
        await RunUntilCaughtUp(new Ledger());

        AssertBalancesMatchFold();
        AssertEachEventAppliedOnce();
    }

    [Fact]
    public async Task two_runners_on_one_checkpoint_never_apply_an_event_twice()
    {
        await Deposit(300);
        using var cts = new CancellationTokenSource(Timeout);
        var a = new ProjectionRunner<InMemoryDocuments>(_store, _sink, new Ledger(), _serializer, Fast);
        var b = new ProjectionRunner<InMemoryDocuments>(_store, _sink, new Ledger(), _serializer, Fast with { BatchSize = 7 });
        var runs = new[] { a.Run(cts.Token), b.Run(cts.Token) };
        var head = (await _store.ReadAll(LogPosition.Start, int.MaxValue))[^1].Position;
        while (await _sink.LoadCheckpoint("ledger@v1") != head) await Task.Delay(10, cts.Token);
        await cts.CancelAsync();
        foreach (var run in runs) await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        AssertBalancesMatchFold();
        AssertEachEventAppliedOnce();
    }

    [Fact]
    public async Task a_poison_event_is_parked_with_its_stream_and_the_rest_go_on()
    {
        await Deposit(20, account: "a");
        await _store.Append(_serializer, Stream("b"), ExpectedVersion.Any, [new Deposited("b", 13)]);
        await _store.Append(_serializer, Stream("b"), ExpectedVersion.Any, [new Deposited("b", 1), new Withdrawn("b", 2)]);
        await Deposit(20, account: "c");
        var ledger = new Ledger { Poison = { 13 } };

        var runner = await RunUntilCaughtUp(ledger);

        var parked = await _sink.LoadParked("ledger@v1");
        Assert.Equal(3, parked.Count);
        Assert.All(parked, p => Assert.Equal("Account-b", p.Stream));
        Assert.Contains("cannot apply 13", parked[0].Error, StringComparison.Ordinal);
        Assert.Null(parked[0].BlockedBy);
        Assert.All(parked.Skip(1), p => Assert.Equal(parked[0].EventId, p.BlockedBy));
        Assert.Null(_sink.Documents.GetValueOrDefault("Account-b"));
        Assert.Equal(40, runner.Status.Applied);
        Assert.Equal(3, runner.Status.Parked);

        ledger.Poison.Clear(); // the fix is deployed
        var replay = await runner.ReplayParked();
        var again = await runner.ReplayParked();

        Assert.Equal(3, replay.Applied);
        Assert.Empty(replay.StillFailing);
        Assert.Equal(0, again.Applied);
        Assert.Empty(await _sink.LoadParked("ledger@v1"));
        _expected["b"] = 12;
        AssertBalancesMatchFold();
        AssertEachEventAppliedOnce();
    }

    [Fact]
    public async Task a_replay_that_still_fails_keeps_the_stream_parked()
    {
        await _store.Append(_serializer, Stream("b"), ExpectedVersion.Any, [new Deposited("b", 13), new Deposited("b", 1)]);
        var ledger = new Ledger { Poison = { 13 } };
        var runner = await RunUntilCaughtUp(ledger);

        var replay = await runner.ReplayParked();

        Assert.Equal(0, replay.Applied);
        Assert.Contains("cannot apply 13", replay.StillFailing["Account-b"], StringComparison.Ordinal);
        Assert.Equal(2, (await _sink.LoadParked("ledger@v1")).Count);
    }

    [Fact]
    public async Task the_stop_policy_halts_before_the_poison_event()
    {
        await Deposit(5, account: "a");
        var before = (await _store.ReadAll(LogPosition.Start, 100))[^1].Position;
        await _store.Append(_serializer, Stream("b"), ExpectedVersion.Any, [new Deposited("b", 13)]);
        await Deposit(5, account: "c");
        using var cts = new CancellationTokenSource(Timeout);
        var runner = new ProjectionRunner<InMemoryDocuments>(_store, _sink, new Ledger { Poison = { 13 } }, _serializer, Fast with { OnPoison = PoisonPolicy.Stop });

        var error = await Assert.ThrowsAsync<ProjectionStoppedException>(() => runner.Run(cts.Token));

        Assert.Equal("Account-b", error.Poison.Stream.Value);
        Assert.Equal(ProjectionState.Faulted, runner.Status.State);
        Assert.Equal(before, await _sink.LoadCheckpoint("ledger@v1"));
        Assert.Null(_sink.Documents.GetValueOrDefault("Account-c"));
    }

    [Fact]
    public async Task a_transient_failure_is_retried_without_parking()
    {
        await Deposit(10);
        var runner = await RunUntilCaughtUp(new Ledger { TransientFailures = 2 });

        Assert.Empty(await _sink.LoadParked("ledger@v1"));
        Assert.Equal(10, runner.Status.Applied);
        AssertBalancesMatchFold();
    }

    [Fact]
    public async Task a_store_outage_while_reading_is_waited_out_not_fatal()
    {
        await Deposit(20);
        var flaky = new FlakyStore(_store, failures: 3);
        using var cts = new CancellationTokenSource(Timeout);
        var runner = new ProjectionRunner<InMemoryDocuments>(flaky, _sink, new Ledger(), _serializer, Fast);
        var run = runner.Run(cts.Token);

        await UntilCaughtUp(runner);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        Assert.True(flaky.FailuresLeft < 0, "every injected failure was met");
        Assert.Empty(await _sink.LoadParked("ledger@v1"));
        AssertBalancesMatchFold();
        AssertEachEventAppliedOnce();
    }

    [Fact]
    public async Task partitions_split_streams_and_together_apply_every_event_once()
    {
        await Deposit(200, accounts: 40);
        using var cts = new CancellationTokenSource(Timeout);
        var runners = Enumerable.Range(0, 3)
            .Select(p => new ProjectionRunner<InMemoryDocuments>(_store, _sink, new Ledger(), _serializer, Fast with { Partition = p, Partitions = 3 }))
            .ToList();
        var runs = runners.Select(r => r.Run(cts.Token)).ToList();
        foreach (var r in runners) await UntilCaughtUp(r);
        await cts.CancelAsync();
        foreach (var run in runs) await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        Assert.Equal(["ledger@v1/0-of-3", "ledger@v1/1-of-3", "ledger@v1/2-of-3"], runners.Select(r => r.CheckpointKey));
        Assert.All(runners, r => Assert.InRange(r.Status.Applied, 1, 199));
        Assert.Equal(200, runners.Sum(r => r.Status.Applied));
        AssertBalancesMatchFold();
        AssertEachEventAppliedOnce();
    }

    [Fact]
    public async Task unhandled_event_types_only_move_the_checkpoint()
    {
        await Deposit(3);
        await _store.Append(_serializer, Stream("x"), ExpectedVersion.Any, [new Audited("looked")]);

        var runner = await RunUntilCaughtUp(new Ledger());

        Assert.Equal(3, runner.Status.Applied);
        Assert.Empty(await _sink.LoadParked("ledger@v1"));
        Assert.Equal((await _store.ReadAll(LogPosition.Start, 100))[^1].Position, await _sink.LoadCheckpoint("ledger@v1"));
    }

    [Fact]
    public async Task an_unknown_event_type_is_parked_unless_told_to_skip_it()
    {
        await Deposit(3);
        await _store.Append(Stream("x"), ExpectedVersion.Any, [new EventData(Guid.NewGuid(), "RenamedWithoutUpcaster", "{}"u8.ToArray())]);

        await RunUntilCaughtUp(new Ledger());
        var parked = Assert.Single(await _sink.LoadParked("ledger@v1"));
        Assert.Contains("unknown type 'RenamedWithoutUpcaster'", parked.Error, StringComparison.Ordinal);

        var skipping = new InMemoryProjectionSink();
        using var cts = new CancellationTokenSource(Timeout);
        var runner = new ProjectionRunner<InMemoryDocuments>(_store, skipping, new Ledger(), _serializer, Fast with { OnUnknownType = UnknownEventTypes.Skip });
        var run = runner.Run(cts.Token);
        await UntilCaughtUp(runner);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Empty(await skipping.LoadParked("ledger@v1"));
        Assert.Equal(3, runner.Status.Applied);
    }

    [Fact]
    public async Task a_standby_takes_over_when_the_lease_holder_stops()
    {
        await Deposit(20);
        var lease = new InMemoryProjectionLease();
        // Generous against a loaded machine: a holder that misses renewals for the whole duration loses the lease.
        var leaseOptions = new LeaseOptions { Duration = TimeSpan.FromSeconds(5), RenewEvery = TimeSpan.FromMilliseconds(100) };
        using var holderStop = new CancellationTokenSource(Timeout);
        using var standbyStop = new CancellationTokenSource(Timeout);
        var holder = new ProjectionRunner<InMemoryDocuments>(_store, _sink, new Ledger(), _serializer, Fast);
        var standby = new ProjectionRunner<InMemoryDocuments>(_store, _sink, new Ledger(), _serializer, Fast);
        var holding = holder.RunWithLease(lease, leaseOptions with { Owner = "holder" }, holderStop.Token);
        await UntilCaughtUp(holder);
        var waiting = standby.RunWithLease(lease, leaseOptions with { Owner = "standby" }, standbyStop.Token);
        await Task.Delay(300);
        Assert.Equal(ProjectionState.Standby, standby.Status.State);

        await holderStop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => holding);
        await Deposit(5);
        await UntilCaughtUp(standby);
        await standbyStop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);

        Assert.Equal(5, standby.Status.Applied);
        AssertBalancesMatchFold();
        AssertEachEventAppliedOnce();
    }

    private static StreamName Stream(string account) => new($"Account-{account}");

    private async Task Deposit(int count, string? account = null, int accounts = 7)
    {
        for (var i = 0; i < count; i++)
        {
            var name = account ?? $"acct{i % accounts}";
            var amount = 1 + (i * 37 % 11) + (i % 5 == 0 ? 20 : 0);
            var result = await _store.Append(_serializer, Stream(name), ExpectedVersion.Any, [new Deposited(Stream(name), amount)]);
            _expected[Stream(name)] = _expected.GetValueOrDefault(Stream(name)) + amount;
            _eventIds.Add((await _store.ReadStream(Stream(name), result.NextExpectedVersion, 1))[0].EventId);
        }
    }

    private async Task<ProjectionRunner<InMemoryDocuments>> RunUntilCaughtUp(Ledger ledger)
    {
        using var cts = new CancellationTokenSource(Timeout);
        var runner = new ProjectionRunner<InMemoryDocuments>(_store, _sink, ledger, _serializer, Fast);
        var run = runner.Run(cts.Token);
        await UntilCaughtUp(runner);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        return runner;
    }

    private async Task UntilCaughtUp(ProjectionRunner<InMemoryDocuments> runner)
    {
        var head = (await _store.ReadAll(LogPosition.Start, int.MaxValue))[^1].Position;
        var deadline = DateTime.UtcNow + Timeout;
        while (!(runner.Status.Checkpoint >= head && runner.Status.State == ProjectionState.Live))
        {
            if (runner.Status.State == ProjectionState.Faulted) throw new InvalidOperationException(runner.Status.Error);
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"stuck at {runner.Status}");
            await Task.Delay(10);
        }
    }

    private void AssertBalancesMatchFold()
    {
        var documents = _sink.Documents;
        foreach (var (account, amount) in _expected)
            Assert.Equal(amount, (documents.GetValueOrDefault(account) as Ledger.Balance)?.Amount);
    }

    private void AssertEachEventAppliedOnce()
    {
        var documents = _sink.Documents;
        foreach (var id in _eventIds)
            Assert.Equal(1, (documents.GetValueOrDefault($"applied:{id}") as Ledger.Applied)?.Times);
    }

    /// <summary>Fails the first reads of the global log as if the database were down.</summary>
    private sealed class FlakyStore(InMemoryEventStore inner, int failures) : IEventStore
    {
        public int FailuresLeft => Volatile.Read(ref failures);

        public Task<IReadOnlyList<RecordedEvent>> ReadAll(LogPosition after, int maxCount, CancellationToken ct = default) =>
            Interlocked.Decrement(ref failures) >= 0
                ? throw new EventStoreUnavailableException("test", "read all", new IOException("connection refused"))
                : inner.ReadAll(after, maxCount, ct);

        public EventSubscription SubscribeToAll(LogPosition after, SubscriptionOptions? options = null) =>
            Subscriptions.CatchUpSubscriptions.All(this, inner.Changes, after, options);

        public Task<AppendResult> Append(StreamName stream, ExpectedVersion expected, IReadOnlyList<EventData> events, CancellationToken ct = default) => inner.Append(stream, expected, events, ct);
        public Task<IReadOnlyList<RecordedEvent>> ReadStream(StreamName stream, long from, int maxCount, ReadDirection direction = ReadDirection.Forward, CancellationToken ct = default) => inner.ReadStream(stream, from, maxCount, direction, ct);
        public Task<long> GetStreamVersion(StreamName stream, CancellationToken ct = default) => inner.GetStreamVersion(stream, ct);
        public Task<RecordedEvent?> FindEvent(Guid eventId, CancellationToken ct = default) => inner.FindEvent(eventId, ct);
        public Task DeleteStream(StreamName stream, ExpectedVersion expected, CancellationToken ct = default) => inner.DeleteStream(stream, expected, ct);
        public Task TruncateStream(StreamName stream, long before, CancellationToken ct = default) => inner.TruncateStream(stream, before, ct);
        public EventSubscription SubscribeToStream(StreamName stream, long from, SubscriptionOptions? options = null) => inner.SubscribeToStream(stream, from, options);
    }
}
