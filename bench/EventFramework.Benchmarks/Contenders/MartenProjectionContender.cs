using System.Diagnostics;
using EventFramework.Benchmarks.Harness;
using EventFramework.Benchmarks.Projections;
using EventFramework.Benchmarks.Workload;
using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Weasel.Core;

namespace EventFramework.Benchmarks.Contenders;

/// <summary>
/// Marten 9 with its own event store in its own schema (Quick appends, string stream keys,
/// System.Text.Json camelCase) and <see cref="MartenBalances"/> registered as an async projection.
/// A catch-up is <c>daemon.RebuildProjectionAsync</c>, which tears the documents and the shard's
/// progress down and replays the whole log through the async daemon; it cannot stop early.
/// </summary>
/// <param name="tuned">
/// Also turn on what Marten's "Optimizing for Performance" page recommends for rebuilds:
/// <c>UseOptimizedProjectionRebuilds</c> (single-stream rebuilds one stream at a time), a
/// 2nd-level aggregate cache (<c>CacheLimitPerTenant</c>) and <c>BatchSize = 5000</c>.
/// </param>
internal sealed class MartenProjectionContender(BenchDatabase database, string schema, bool tuned) : IProjectionContender
{
    private static readonly TimeSpan ShardTimeout = TimeSpan.FromMinutes(20);

    private DocumentStore? _store;
    private IProjectionDaemon? _daemon;

    public string Name => "marten";

    public string Schema => schema;

    private DocumentStore Store => _store ?? throw new InvalidOperationException("marten is not open.");

    public async Task Open(bool fresh, CancellationToken ct = default)
    {
        if (fresh) await database.DropSchema(schema);
        _store = DocumentStore.For(opts =>
        {
            MartenOptions.Configure(opts, database, schema);
            opts.Events.AddEventType<AccountDeposited>();
            opts.Events.AddEventType<AccountWithdrawn>();
            opts.Events.UseOptimizedProjectionRebuilds = tuned;
            opts.Projections.Add(new MartenBalances(tuned), ProjectionLifecycle.Async);
            // Only so Marten does not print that async projections need a daemon: without a host
            // nothing starts one; the suite builds it itself (BuildProjectionDaemonAsync).
            opts.Projections.AsyncMode = DaemonMode.Solo;
        });
        await _store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        _daemon = await _store.BuildProjectionDaemonAsync();
    }

    public async Task Append(IReadOnlyList<LedgerEntry> transaction, CancellationToken ct = default)
    {
        await using var session = Store.LightweightSession();
        foreach (var entry in transaction)
        {
            if (entry.Version == 0) session.Events.StartStream(entry.Stream, entry.Event);
            // Marten's expected version is the stream's version after the append (versions start at 1).
            else session.Events.Append(entry.Stream, entry.Version + 1, entry.Event);
        }
        await session.SaveChangesAsync(ct);
    }

    public async Task<CatchUpRun> CatchUp(long events, CancellationToken ct = default)
    {
        var daemon = _daemon ?? throw new InvalidOperationException("marten is not open.");
        var logEvents = await EventCount(ct);
        var clock = Stopwatch.StartNew();
        await daemon.RebuildProjectionAsync(MartenBalances.ProjectionName, ShardTimeout, ct);
        return new CatchUpRun(logEvents, clock.Elapsed);
    }

    public async Task<(decimal Total, long Accounts)> ReadModel(CancellationToken ct = default)
    {
        await using var session = Store.QuerySession();
        var total = await session.Query<AccountBalance>().SumAsync(b => b.Amount, ct);
        var accounts = await session.Query<AccountBalance>().CountAsync(ct);
        return (total, accounts);
    }

    private async Task<long> EventCount(CancellationToken ct)
    {
        var stats = await Store.Advanced.FetchEventStoreStatistics(token: ct);
        return stats.EventCount;
    }

    public async ValueTask DisposeAsync()
    {
        if (_daemon is not null)
        {
            await _daemon.StopAllAsync();
            _daemon.Dispose();
        }
        if (_store is not null) await _store.DisposeAsync();
    }
}
