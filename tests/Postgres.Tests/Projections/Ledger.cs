using System.Diagnostics;
using EventFramework.Testing;

namespace EventFramework.Postgres.Tests.Projections;

/// <summary>
/// One test's world: a fresh schema holding the event store, the projection sink and lease, and
/// the <see cref="Balances"/> read model; runners over it, and waits on their progress.
/// </summary>
public sealed class Ledger : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly PostgresSchema _schema;

    private Ledger(PostgresSchema schema)
    {
        _schema = schema;
        Store = new PostgresEventStore(schema.DataSource, new PostgresStoreOptions { Schema = schema.Name });
        Sink = new PostgresProjectionSink(schema.DataSource, schema.Name);
        Lease = new PostgresProjectionLease(schema.DataSource, schema.Name);
    }

    public PostgresEventStore Store { get; }

    public PostgresProjectionSink Sink { get; }

    public PostgresProjectionLease Lease { get; }

    public EventSerializer Serializer { get; } = new(new TypeRegistry().Register<Deposited>("Deposited").Register<Withdrawn>("Withdrawn"));

    /// <summary>Fast retries, and a double application stops the runner loudly instead of parking.</summary>
    public static ProjectionOptions Options { get; } = new()
    {
        BatchSize = 16,
        RetryDelay = TimeSpan.FromMilliseconds(10),
        OnPoison = PoisonPolicy.Stop,
        Subscription = new SubscriptionOptions { PollInterval = TimeSpan.FromMilliseconds(100) },
    };

    public static async Task<Ledger> Create(string name)
    {
        var ledger = new Ledger(await PostgresSchema.Create(name));
        await ledger.Store.Migrate();
        await ledger.Sql(Balances.Tables);
        return ledger;
    }

    public ProjectionRunner<PostgresProjectionContext> Runner(string instance, IProjectionSink<PostgresProjectionContext>? sink = null) =>
        new(Store, sink ?? Sink, new Balances(instance), Serializer, Options);

    /// <summary>Appends the events to the account's stream; returns the position of the last one.</summary>
    public async Task<LogPosition> Append(string account, params object[] events) =>
        (await Store.Append(Serializer, new StreamName($"account-{account}"), ExpectedVersion.Any, events)).Position;

    /// <summary>Waits until the checkpoint of <paramref name="key"/> reaches <paramref name="position"/>; fails early when a runner stopped.</summary>
    public async Task WaitForCheckpoint(string key, LogPosition position, params Task[] runners)
    {
        var waited = Stopwatch.StartNew();
        while (await Sink.LoadCheckpoint(key) is not { } at || at < position)
        {
            if (runners.FirstOrDefault(r => r.IsCompleted) is { } stopped) await stopped; // surfaces its exception
            Assert.True(waited.Elapsed < Patience, $"The checkpoint of '{key}' did not reach {position} within {Patience}.");
            await Task.Delay(20);
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds; fails early when a runner stopped.</summary>
    public static async Task WaitUntil(Func<bool> condition, params Task[] runners)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            if (runners.FirstOrDefault(r => r.IsCompleted) is { } stopped) await stopped;
            Assert.True(waited.Elapsed < Patience, $"The condition did not hold within {Patience}.");
            await Task.Delay(20);
        }
    }

    /// <summary>The ids of every event in the store, in log order.</summary>
    public async Task<IReadOnlyList<Guid>> EventIds() => [.. (await Store.ReadAll(LogPosition.Start, int.MaxValue)).Select(e => e.EventId)];

    /// <summary>Who holds the lease of <paramref name="key"/>, with which token.</summary>
    public async Task<(string Owner, long Token)> LeaseHolder(string key)
    {
        await using var cmd = _schema.DataSource.CreateCommand($"select owner, token from {_schema.Name}.projection_leases where key = $1");
        cmd.Parameters.Add(new Npgsql.NpgsqlParameter<string> { TypedValue = key });
        await using var reader = await cmd.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"No lease row for '{key}'.");
        return (reader.GetString(0), reader.GetInt64(1));
    }

    public async Task<Dictionary<string, long>> ReadBalances()
    {
        await using var cmd = _schema.DataSource.CreateCommand("select account, balance from balances");
        await using var reader = await cmd.ExecuteReaderAsync();
        var balances = new Dictionary<string, long>();
        while (await reader.ReadAsync()) balances[reader.GetString(0)] = reader.GetInt64(1);
        return balances;
    }

    /// <summary>The applied event ids, each with the instance that applied it.</summary>
    public async Task<Dictionary<Guid, string>> ReadApplied()
    {
        await using var cmd = _schema.DataSource.CreateCommand("select event_id, instance from applied");
        await using var reader = await cmd.ExecuteReaderAsync();
        var applied = new Dictionary<Guid, string>();
        while (await reader.ReadAsync()) applied.Add(reader.GetGuid(0), reader.GetString(1));
        return applied;
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        await _schema.DisposeAsync();
    }

    private async Task Sql(string sql)
    {
        await using var cmd = _schema.DataSource.CreateCommand(sql);
        await cmd.ExecuteNonQueryAsync();
    }
}
