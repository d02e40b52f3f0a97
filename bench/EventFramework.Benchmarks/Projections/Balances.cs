using EventFramework.Benchmarks.Workload;
using EventFramework.Postgres;

namespace EventFramework.Benchmarks.Projections;

/// <summary>
/// Our per-account balance read model, written the way a user would: one upsert per event,
/// queued through the batch's <see cref="PostgresProjectionContext"/> (sent together, committed with the checkpoint).
/// </summary>
internal sealed class Balances : Projection<PostgresProjectionContext>
{
    private readonly string _table;

    public Balances(string schema) : base("balances")
    {
        _table = $"{schema}.balances";
        var upsert = $"insert into {_table} (account, amount) values ($1, $2) on conflict (account) do update set amount = {_table}.amount + excluded.amount";
        On<AccountDeposited>((db, e, _) => Write(db, upsert, e.AccountId.ToString(), e.Amount));
        On<AccountWithdrawn>((db, e, _) => Write(db, upsert, e.AccountId.ToString(), -e.Amount));
    }

    /// <summary>Writes only: queued and sent with the batch in one round trip (<see cref="PostgresProjectionContext.Defer"/>).</summary>
    private static Task Write(PostgresProjectionContext db, string sql, string account, decimal amount)
    {
        db.Defer(sql, account, amount);
        return Task.CompletedTask;
    }

    /// <summary>The read model's table.</summary>
    public static string CreateTable(string schema) =>
        $"create table if not exists {schema}.balances (account text primary key, amount numeric not null)";

    public override Task Clear(PostgresProjectionContext context, CancellationToken ct) => context.Execute($"truncate {_table}");
}
