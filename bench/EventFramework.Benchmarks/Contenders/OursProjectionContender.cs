using System.Diagnostics;
using EventFramework.Benchmarks.Harness;
using EventFramework.Benchmarks.Projections;
using EventFramework.Benchmarks.Workload;
using EventFramework.Postgres;
using Npgsql;

namespace EventFramework.Benchmarks.Contenders;

/// <summary>
/// Our PostgreSQL store with a <see cref="ProjectionRunner{TContext}"/> over a
/// <see cref="PostgresProjectionSink"/> applying <see cref="Balances"/>. A catch-up resets the
/// projection (<see cref="PostgresProjectionSink.Reset"/>: checkpoint gone, table truncated) and
/// starts a new runner, as a freshly deployed projection host would.
/// </summary>
internal sealed class OursProjectionContender(BenchDatabase database, string schema, ProjectionOptions options) : IProjectionContender
{
    public static readonly EventSerializer Serializer = new(new TypeRegistry().Register<AccountDeposited>().Register<AccountWithdrawn>());

    private readonly NpgsqlDataSource _dataSource = database.CreateDataSource("ours");
    private NpgsqlDataSource? _preparingDataSource;
    private PostgresEventStore? _store;

    public string Name => "ours";

    public string Schema => schema;

    private PostgresEventStore Store => _store ?? throw new InvalidOperationException("ours is not open.");

    private PostgresProjectionSink Sink => field ??= new PostgresProjectionSink(_dataSource, schema);

    public async Task Open(bool fresh, CancellationToken ct = default)
    {
        if (fresh) await database.DropSchema(schema);
        _store = new PostgresEventStore(_dataSource, new PostgresStoreOptions { Schema = schema });
        await _store.Migrate(ct);
        await database.Execute(Balances.CreateTable(schema));
    }

    public async Task Append(IReadOnlyList<LedgerEntry> transaction, CancellationToken ct = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        foreach (var entry in transaction)
        {
            var expected = entry.Version == 0 ? ExpectedVersion.NoStream : ExpectedVersion.Exactly(entry.Version - 1);
            await Store.Append(tx, new StreamName(entry.Stream), expected, [Serializer.Serialize(entry.Event)], ct);
        }
        await tx.CommitAsync(ct);
    }

    public Task<CatchUpRun> CatchUp(long events, CancellationToken ct = default) => CatchUp(new Balances(schema), events, ct: ct);

    /// <summary>
    /// Resets <paramref name="projection"/> and runs it from the start until it has applied
    /// <paramref name="events"/>, through the sink <paramref name="wrap"/> makes of ours (if given).
    /// <paramref name="autoPrepare"/> gives the sink a pool with Npgsql's automatic preparation
    /// (<c>Max Auto Prepare</c>), so repeated handler statements skip parsing and planning.
    /// </summary>
    public async Task<CatchUpRun> CatchUp(
        Projection<PostgresProjectionContext> projection,
        long events,
        bool autoPrepare = false,
        Func<IProjectionSink<PostgresProjectionContext>, IProjectionSink<PostgresProjectionContext>>? wrap = null,
        CancellationToken ct = default)
    {
        var target = await PositionOf(events, ct);
        var timed = new TimedSink<PostgresProjectionContext>(autoPrepare ? new PostgresProjectionSink(PreparingDataSource, schema) : Sink);
        var clock = Stopwatch.StartNew();
        await Sink.Reset(projection.Key, projection.Clear, ct);
        var runner = new ProjectionRunner<PostgresProjectionContext>(Store, wrap?.Invoke(timed) ?? timed, projection, Serializer, options);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var running = runner.Run(stop.Token);
        try
        {
            // The checkpoint commits with the read-model writes, so reaching the target means they are visible.
            while (runner.Status.Checkpoint is not { } at || at < target)
            {
                if (running.IsCompleted) await running; // surfaces why it stopped
                await Task.Delay(1, ct);
            }
            var elapsed = clock.Elapsed;
            return new CatchUpRun(events, elapsed, timed.Batches, timed.InCommit, timed.InHandlers);
        }
        finally
        {
            await stop.CancelAsync();
            try { await running; }
            catch (OperationCanceledException) { }
        }
    }

    public async Task<(decimal Total, long Accounts)> ReadModel(CancellationToken ct = default)
    {
        await using var cmd = _dataSource.CreateCommand($"select coalesce(sum(amount), 0), count(*) from {schema}.balances");
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (reader.GetDecimal(0), reader.GetInt64(1));
    }

    /// <summary>Reads the whole log through <see cref="PostgresEventStore.ReadAll"/> and deserializes it: the subscription's side of a catch-up.</summary>
    public async Task<CatchUpRun> ReadAll(long events, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        var after = LogPosition.Start;
        long read = 0;
        while (read < events)
        {
            var page = await Store.ReadAll(after, options.Subscription.PageSize, ct);
            if (page.Count == 0) break;
            foreach (var e in page) _ = Serializer.Deserialize(e);
            read += page.Count;
            after = page[^1].Position;
        }
        return new CatchUpRun(read, clock.Elapsed);
    }

    /// <summary>The position of the <paramref name="events"/>-th event in log order.</summary>
    private async Task<LogPosition> PositionOf(long events, CancellationToken ct)
    {
        await using var cmd = _dataSource.CreateCommand(
            $"select transaction_id::text, global_position from {schema}.events order by transaction_id, global_position offset $1 limit 1");
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = events - 1 });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) throw new InvalidOperationException($"the log holds fewer than {events:N0} events (stale seed? rerun with --reseed)");
        return new LogPosition(ulong.Parse(reader.GetString(0), System.Globalization.CultureInfo.InvariantCulture), reader.GetInt64(1));
    }

    private NpgsqlDataSource PreparingDataSource => _preparingDataSource ??= NpgsqlDataSource.Create(
        new NpgsqlConnectionStringBuilder(database.ConnectionStringFor("ours-prepared")) { MaxAutoPrepare = 32, AutoPrepareMinUsages = 2 }.ConnectionString);

    public async ValueTask DisposeAsync()
    {
        if (_store is not null) await _store.DisposeAsync();
        if (_preparingDataSource is not null) await _preparingDataSource.DisposeAsync();
        await _dataSource.DisposeAsync();
    }
}
