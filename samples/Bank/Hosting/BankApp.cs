using EventFramework.Samples.Bank.Accounts;
using EventFramework.Samples.Bank.Integration;
using EventFramework.Samples.Bank.Transfers;

namespace EventFramework.Samples.Bank.Hosting;

/// <summary>
/// The bank, composed: account and transfer command services on one backend; in the background
/// the projections, the MoneyTransfer saga, a relay delivering the saga's commands to the accounts,
/// and an exactly-once relay publishing integration events to Kafka.
/// </summary>
public sealed class BankApp : IAsyncDisposable
{
    public const string CommandRelayName = "bank-commands";
    public const string KafkaRelayName = "bank-kafka";

    private readonly CancellationTokenSource _stop = new();
    private readonly InProcessKafkaCluster? _cluster;
    private readonly FilteredOutbox _commands;
    private readonly FilteredOutbox _integration;
    private Task _background = Task.CompletedTask;

    private BankApp(BankBackend backend, EventSerializer serializer, BankOptions options, InProcessKafkaCluster? cluster)
    {
        Backend = backend;
        Serializer = serializer;
        _cluster = cluster;
        KafkaBootstrap = options.Kafka ?? cluster!.BootstrapServers;
        Accounts = AccountService.Create(backend.Store, serializer, BankContracts.Map());
        Transfers = TransferService.Create(backend.Store, serializer);
        // Transfers wait on the log between steps: when concurrent writers hold the log's fence back, look again soon.
        Saga = new SagaEngine<TransferState>(backend.Sagas, new MoneyTransfer(options.CreditTimeout), serializer,
            new SagaOptions { Subscription = new SubscriptionOptions { HeldBackPollInterval = TimeSpan.FromMilliseconds(5) } });
        _commands = new FilteredOutbox(backend.Outbox, m => m.Destination == MoneyTransfer.Accounts);
        _integration = new FilteredOutbox(backend.Outbox, m => m.Destination == BankContracts.Topic);
        CommandRelay = new OutboxRelay(CommandRelayName, _commands,
            new AccountCommandDispatcher(backend.Store, serializer, Accounts),
            backend.Changes,
            // The saga engine's commits write these commands without raising the store's change signal: poll briskly.
            new OutboxRelayOptions { PollInterval = TimeSpan.FromMilliseconds(10) });
        KafkaRelay = new TransactionalKafkaRelay(KafkaRelayName, _integration,
            new TransactionalRelayOptions { Producer = new KafkaProducerOptions { BootstrapServers = KafkaBootstrap }, PollInterval = TimeSpan.FromMilliseconds(50) },
            backend.Changes);
    }

    public BankBackend Backend { get; }
    public EventSerializer Serializer { get; }
    public string KafkaBootstrap { get; }
    public bool InProcessKafka => _cluster is not null;
    public CommandService<AccountState> Accounts { get; }
    public CommandService<bool> Transfers { get; }
    public SagaEngine<TransferState> Saga { get; }
    public OutboxRelay CommandRelay { get; }
    public TransactionalKafkaRelay KafkaRelay { get; }

    /// <summary>Opens (or, with <see cref="BankOptions.Fresh"/>, recreates) the bank's storage and starts its background work.</summary>
    public static async Task<BankApp> Start(BankOptions options, CancellationToken ct = default)
    {
        var serializer = BankTypes.Serializer();
        BankBackend backend;
        if (options.Postgres is { } connection)
        {
            var postgres = new PostgresBankBackend(connection, serializer, options.PostgresSchema);
            if (options.Fresh) await postgres.DropSchema(ct);
            backend = postgres;
        }
        else
        {
            if (options.Fresh) DeleteSqliteFiles(options.SqliteFile);
            backend = new SqliteBankBackend(options.SqliteFile, serializer);
        }
        await backend.Prepare(ct);

        InProcessKafkaCluster? cluster = null;
        if (options.Kafka is null)
        {
            cluster = InProcessKafkaCluster.Start(brokers: 3);
            cluster.CreateTopic(BankContracts.Topic, partitions: 3);
        }
        var app = new BankApp(backend, serializer, options, cluster);
        app._background = app.RunBackground(app._stop.Token);
        return app;
    }

    private Task RunBackground(CancellationToken ct) => Task.WhenAll(
        Task.Run(() => Backend.RunProjections(ct), ct),
        Task.Run(() => Saga.Run(Backend.Store, ct), ct),
        Task.Run(() => CommandRelay.Run(ct), ct),
        Task.Run(() => KafkaRelay.Run(ct), ct));

    /// <summary>
    /// Waits until everything started has finished: no transfer still running, both relays at the end
    /// of their outbox, every projection at the head of the log. Throws when background work failed.
    /// </summary>
    public async Task WaitUntilSettled(TimeSpan timeout, CancellationToken ct = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        var settledChecks = 0;
        while (settledChecks < 2) // twice in a row: a transfer's next step may be in flight between two looks
        {
            ct.ThrowIfCancellationRequested();
            if (_background.IsFaulted) await _background;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The bank did not settle within {timeout}: {await Describe(ct)}");
            settledChecks = await IsSettled(ct) ? settledChecks + 1 : 0;
            await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
        }
    }

    private async Task<bool> IsSettled(CancellationToken ct)
    {
        if ((await Backend.SagaQueries.List(MoneyTransfer.SagaName, SagaStatus.Running, 1, ct)).Count > 0) return false;
        if ((await _commands.ReadAfter(CommandRelay.Status.Position ?? LogPosition.Start, 1, ct)).Count > 0) return false;
        if ((await _integration.ReadAfter(KafkaRelay.Status.Position ?? LogPosition.Start, 1, ct)).Count > 0) return false;
        return (await Backend.Projections.Status(ct: ct)).All(r => r.Behind == 0);
    }

    private async Task<string> Describe(CancellationToken ct)
    {
        var running = (await Backend.SagaQueries.List(MoneyTransfer.SagaName, SagaStatus.Running, 1000, ct)).Count;
        var behind = string.Join(", ", (await Backend.Projections.Status(ct: ct)).Select(r => $"{r.Name} behind {r.Behind}"));
        return $"{running} transfers running; command relay {CommandRelay.Status.LastError ?? "ok"}; Kafka relay {KafkaRelay.Status.LastError ?? "ok"}; {behind}";
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await _background; }
        catch (OperationCanceledException) { }
        await Backend.DisposeAsync();
        _cluster?.Dispose();
        _stop.Dispose();
    }

    private static void DeleteSqliteFiles(string path)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            if (File.Exists(file)) File.Delete(file);
    }
}
