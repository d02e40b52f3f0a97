using EventFramework.Benchmarks.Workload;
using EventFramework.Postgres;

namespace EventFramework.Benchmarks.Projections;

/// <summary>
/// <see cref="Balances"/> with the same per-event upsert, queued with <see cref="PendingWrites"/>
/// instead of awaited: one round trip per batch instead of one per event. Profile only; needs <see cref="PipelinedSink"/>.
/// </summary>
internal sealed class PipelinedBalances : Projection<PostgresProjectionContext>
{
    private readonly string _table;

    public PipelinedBalances(string schema) : base("balances-pipelined")
    {
        _table = $"{schema}.balances";
        var upsert = $"insert into {_table} (account, amount) values ($1, $2) on conflict (account) do update set amount = {_table}.amount + excluded.amount";
        On<AccountDeposited>((db, e, _) => Queue(db, upsert, e.AccountId.ToString(), e.Amount));
        On<AccountWithdrawn>((db, e, _) => Queue(db, upsert, e.AccountId.ToString(), -e.Amount));
    }

    public override Task Clear(PostgresProjectionContext context, CancellationToken ct) => context.Execute($"truncate {_table}");

    private static Task Queue(PostgresProjectionContext db, string sql, string account, decimal amount)
    {
        PendingWrites.Add(db, sql, account, amount);
        return Task.CompletedTask;
    }
}
