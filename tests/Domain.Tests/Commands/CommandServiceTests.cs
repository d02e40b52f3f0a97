namespace EventFramework.Domain.Tests.Commands;

public sealed class CommandServiceTests
{
    private readonly InMemoryEventStore _store = new();

    [Fact]
    public async Task applied_command_stores_events_and_returns_new_state_and_version()
    {
        var service = Accounts.Decider(_store);
        await service.Handle(new OpenAccount("a1", "Ada"));
        var result = await service.Handle(new Deposit("a1", 25m));

        Assert.Equal(CommandOutcome.Applied, result.Outcome);
        Assert.Equal(25m, result.State!.Balance);
        Assert.Equal(1, result.Version);
        Assert.Equal([new MoneyDeposited("a1", 25m)], result.NewEvents);
        Assert.Equal(1, await _store.GetStreamVersion(Accounts.Stream("a1")));
    }

    [Fact]
    public async Task invalid_command_lists_every_failed_rule_and_stores_nothing()
    {
        var service = Accounts.Decider(_store);
        await service.Handle(new OpenAccount("a1", "Ada"));
        var result = await service.Handle(new Deposit("", 10.123m));

        Assert.Equal(CommandOutcome.Invalid, result.Outcome);
        Assert.Contains(result.Errors, e => e.Property == "AccountId" && e.Code == "NotEmptyValidator");
        Assert.Contains(result.Errors, e => e.Property == "Amount" && e.Code == "ScalePrecisionValidator");
        Assert.Equal(2, result.Errors.Count);
        Assert.Equal(0, await _store.GetStreamVersion(Accounts.Stream("a1")));
    }

    [Fact]
    public async Task broken_business_rule_is_rejected_with_its_reason()
    {
        var service = Accounts.Decider(_store);
        await service.Handle(new OpenAccount("a1", "Ada"));
        var result = await service.Handle(new Withdraw("a1", 5m));

        Assert.Equal(CommandOutcome.Rejected, result.Outcome);
        Assert.Equal("insufficient funds", result.Reason);
        Assert.Equal(0, await _store.GetStreamVersion(Accounts.Stream("a1")));
    }

    [Fact]
    public async Task stream_expectations_are_enforced()
    {
        var service = Accounts.Decider(_store);
        var missing = await service.Handle(new Deposit("nobody", 1m));
        await service.Handle(new OpenAccount("a1", "Ada"));
        var again = await service.Handle(new OpenAccount("a1", "Ada"));

        Assert.Equal(CommandOutcome.Rejected, missing.Outcome);
        Assert.Equal("it does not exist", missing.Reason);
        Assert.Equal(CommandOutcome.Rejected, again.Outcome);
        Assert.Equal("it already exists", again.Reason);
    }

    [Fact]
    public async Task redelivered_command_id_is_handled_once()
    {
        var service = Accounts.Decider(_store);
        await service.Handle(new OpenAccount("a1", "Ada"));
        var context = new CommandContext { CommandId = Guid.NewGuid() };

        var first = await service.Handle(new Deposit("a1", 10m), context);
        var second = await service.Handle(new Deposit("a1", 10m), context);

        Assert.Equal(CommandOutcome.Applied, first.Outcome);
        Assert.Equal(CommandOutcome.AlreadyHandled, second.Outcome);
        Assert.Equal(10m, (await service.Load(Accounts.Stream("a1"))).State.Balance);
    }

    [Fact]
    public async Task redelivered_command_id_after_other_writes_is_still_handled_once()
    {
        var service = Accounts.Decider(_store);
        await service.Handle(new OpenAccount("a1", "Ada"));
        var context = new CommandContext { CommandId = Guid.NewGuid() };
        await service.Handle(new Deposit("a1", 10m), context);
        await service.Handle(new Deposit("a1", 1m));

        var again = await service.Handle(new Deposit("a1", 10m), context);

        Assert.Equal(CommandOutcome.AlreadyHandled, again.Outcome);
        Assert.Equal(11m, (await service.Load(Accounts.Stream("a1"))).State.Balance);
    }

    [Fact]
    public async Task redelivered_command_that_the_new_state_would_refuse_reports_already_handled()
    {
        var service = Accounts.Decider(_store);
        await service.Handle(new OpenAccount("a1", "Ada"));
        await service.Handle(new Deposit("a1", 10m));
        var context = new CommandContext { CommandId = Guid.NewGuid() };
        await service.Handle(new Withdraw("a1", 10m), context);

        var again = await service.Handle(new Withdraw("a1", 10m), context);

        Assert.Equal(CommandOutcome.AlreadyHandled, again.Outcome);
    }

    [Fact]
    public async Task one_message_may_drive_commands_on_several_streams()
    {
        var service = Accounts.Decider(_store);
        await service.Handle(new OpenAccount("a1", "Ada"));
        await service.Handle(new OpenAccount("b1", "Bob"));
        var message = new CommandContext { CommandId = Guid.NewGuid() };

        var debit = await service.Handle(new Deposit("a1", 1m), message);
        var credit = await service.Handle(new Deposit("b1", 1m), message);
        var again = await service.Handle(new Deposit("b1", 1m), message);

        Assert.Equal((CommandOutcome.Applied, CommandOutcome.Applied, CommandOutcome.AlreadyHandled), (debit.Outcome, credit.Outcome, again.Outcome));
        Assert.Equal(1m, (await service.Load(Accounts.Stream("b1"))).State.Balance);
    }

    [Fact]
    public async Task metadata_carries_correlation_and_causation()
    {
        var service = Accounts.Decider(_store);
        var id = Guid.NewGuid();
        await service.Handle(new OpenAccount("a1", "Ada"), new CommandContext { CommandId = id, CorrelationId = "req-1", TenantId = "t1", Headers = new Dictionary<string, string> { ["user"] = "ada" } });

        var stored = (await _store.ReadStream(Accounts.Stream("a1"), 0, 1))[0];
        Assert.Equal("req-1", stored.Metadata.CorrelationId);
        Assert.Equal(id.ToString(), stored.Metadata.CausationId);
        Assert.Equal("t1", stored.Metadata.TenantId);
        Assert.Equal("ada", stored.Metadata.Headers["user"]);
        Assert.Equal(DeterministicEventId.For(id, Accounts.Stream("a1"), 0), stored.EventId);
    }

    [Fact]
    public async Task conflicting_writer_is_retried_on_fresh_state()
    {
        var racing = new RacingStore(_store, racesLeft: 1);
        var service = Accounts.Decider(racing);
        await service.Handle(new OpenAccount("a1", "Ada"));
        racing.Arm(Accounts.Stream("a1"));

        var result = await service.Handle(new Deposit("a1", 5m));

        Assert.Equal(CommandOutcome.Applied, result.Outcome);
        Assert.Equal(105m, result.State!.Balance); // includes the racing writer's deposit
    }

    [Fact]
    public async Task conflict_without_retries_is_reported_with_the_actual_version()
    {
        var racing = new RacingStore(_store, racesLeft: 1);
        var service = AggregateCommands.For<AccountState>(racing, Accounts.Serializer())
            .On<OpenAccount>(c => Accounts.Stream(c.AccountId), (_, c) => [new AccountOpened(c.AccountId, c.Owner)])
            .On<Deposit>(c => Accounts.Stream(c.AccountId), (_, c) => [new MoneyDeposited(c.AccountId, c.Amount)], new CommandPolicy { ConflictRetries = 0 });
        await service.Handle(new OpenAccount("a1", "Ada"));
        racing.Arm(Accounts.Stream("a1"));

        var result = await service.Handle(new Deposit("a1", 5m));

        Assert.Equal(CommandOutcome.Conflict, result.Outcome);
        Assert.Equal(1, result.Version);
    }

    [Fact]
    public async Task snapshots_are_saved_and_loading_starts_from_them()
    {
        var snapshots = new InMemorySnapshotStore();
        var service = Accounts.Decider(_store, new CommandServiceOptions { Snapshots = snapshots, SnapshotEvery = 3 });
        await service.Handle(new OpenAccount("a1", "Ada"));
        for (var i = 0; i < 4; i++) await service.Handle(new Deposit("a1", 1m));

        var snapshot = await snapshots.Load(Accounts.Stream("a1"));
        Assert.Equal(3, snapshot!.Version);
        // Remove the history the snapshot covers: the state must still load whole.
        await _store.TruncateStream(Accounts.Stream("a1"), 4);
        var (state, version) = await service.Load(Accounts.Stream("a1"));
        Assert.Equal(4m, state.Balance);
        Assert.Equal("Ada", state.Owner);
        Assert.Equal(4, version);
    }

    [Fact]
    public async Task a_stream_truncated_past_its_snapshot_refuses_to_load_a_wrong_state()
    {
        var snapshots = new InMemorySnapshotStore();
        var service = Accounts.Decider(_store, new CommandServiceOptions { Snapshots = snapshots, SnapshotEvery = 3 });
        await service.Handle(new OpenAccount("a1", "Ada"));
        for (var i = 0; i < 3; i++) await service.Handle(new Deposit("a1", 1m)); // snapshot at version 3
        var plain = Accounts.Decider(_store);
        for (var i = 0; i < 3; i++) await plain.Handle(new Deposit("a1", 1m));   // versions 4..6, no snapshot
        await _store.TruncateStream(Accounts.Stream("a1"), 6);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => service.Load(Accounts.Stream("a1")));
        Assert.Contains("truncated past its snapshot", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_new_snapshot_version_ignores_older_snapshots()
    {
        var snapshots = new InMemorySnapshotStore();
        await Accounts.Decider(_store, new CommandServiceOptions { Snapshots = snapshots, SnapshotEvery = 1 }).Handle(new OpenAccount("a1", "Ada"));
        await snapshots.Save(Accounts.Stream("a1"), (await snapshots.Load(Accounts.Stream("a1")))! with { Version = 5, State = "{\"owner\":\"Mallory\",\"balance\":999}"u8.ToArray() });

        var (stale, _) = await Accounts.Decider(_store, new CommandServiceOptions { Snapshots = snapshots }).Load(Accounts.Stream("a1"));
        var (fresh, _) = await Accounts.Decider(_store, new CommandServiceOptions { Snapshots = snapshots, SnapshotVersion = 2 }).Load(Accounts.Stream("a1"));

        Assert.Equal("Mallory", stale.Owner); // the same shape version trusts its snapshot
        Assert.Equal("Ada", fresh.Owner);
    }

    [Fact]
    public async Task aggregate_methods_handle_commands()
    {
        var service = AggregateCommands.For<AccountState>(_store, Accounts.Serializer())
            .On<Account, AccountState, OpenAccount>(c => Accounts.Stream(c.AccountId), (a, c) => a.Open(c.AccountId, c.Owner))
            .On<Account, AccountState, Withdraw>(c => Accounts.Stream(c.AccountId), (a, c) => a.Withdraw(c.AccountId, c.Amount));

        Assert.Equal(CommandOutcome.Applied, (await service.Handle(new OpenAccount("a1", "Ada"))).Outcome);
        var reopen = await service.Handle(new OpenAccount("a1", "Bob"));
        var overdraw = await service.Handle(new Withdraw("a1", 1m));
        var nobody = await service.Handle(new Withdraw("zz", 1m));

        Assert.Equal(("Rejected", "the account is already open"), (reopen.Outcome.ToString(), reopen.Reason));
        Assert.Equal("insufficient funds", overdraw.Reason);
        Assert.Equal("no such account", nobody.Reason);
    }

    /// <summary>Slips one foreign deposit in before the next append to an armed stream.</summary>
    private sealed class RacingStore(InMemoryEventStore inner, int racesLeft) : IEventStore
    {
        private StreamName? _armed;
        private int _races = racesLeft;

        public void Arm(StreamName stream) => _armed = stream;

        public async Task<AppendResult> Append(StreamName stream, ExpectedVersion expected, IReadOnlyList<EventData> events, CancellationToken ct = default)
        {
            if (_armed == stream && _races-- > 0)
                await inner.Append(Accounts.Serializer(), stream, ExpectedVersion.Any, [new MoneyDeposited("a1", 100m)], ct: ct);
            return await inner.Append(stream, expected, events, ct);
        }

        public Task<IReadOnlyList<RecordedEvent>> ReadStream(StreamName stream, long from, int maxCount, ReadDirection direction = ReadDirection.Forward, CancellationToken ct = default) => inner.ReadStream(stream, from, maxCount, direction, ct);
        public Task<long> GetStreamVersion(StreamName stream, CancellationToken ct = default) => inner.GetStreamVersion(stream, ct);
        public Task<RecordedEvent?> FindEvent(Guid eventId, CancellationToken ct = default) => inner.FindEvent(eventId, ct);
        public Task<IReadOnlyList<RecordedEvent>> ReadAll(LogPosition after, int maxCount, CancellationToken ct = default) => inner.ReadAll(after, maxCount, ct);
        public Task DeleteStream(StreamName stream, ExpectedVersion expected, CancellationToken ct = default) => inner.DeleteStream(stream, expected, ct);
        public Task TruncateStream(StreamName stream, long before, CancellationToken ct = default) => inner.TruncateStream(stream, before, ct);
        public EventSubscription SubscribeToAll(LogPosition after, SubscriptionOptions? options = null) => inner.SubscribeToAll(after, options);
        public EventSubscription SubscribeToStream(StreamName stream, long from, SubscriptionOptions? options = null) => inner.SubscribeToStream(stream, from, options);
    }
}
