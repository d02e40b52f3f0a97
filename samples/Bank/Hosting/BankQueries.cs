using System.Data.Common;
using EventFramework.Samples.Bank.Projections;

namespace EventFramework.Samples.Bank.Hosting;

public sealed record AccountBalance(string AccountId, string Currency, decimal Balance, decimal OverdraftLimit, bool Closed);

public sealed record DailyTotal(string Day, string Currency, decimal In, decimal Out, long Movements);

/// <summary>Reads the projections' tables: plain SQL over ADO.NET, the same on SQLite and PostgreSQL.</summary>
public sealed class BankQueries(Func<CancellationToken, Task<DbConnection>> open)
{
    public Task<IReadOnlyList<AccountBalance>> Balances(CancellationToken ct = default) => Query(
        "select account_id, currency, balance_cents, overdraft_cents, closed from balances order by account_id",
        r => new AccountBalance(r.GetString(0), r.GetString(1), Money.FromCents(r.GetInt64(2)), Money.FromCents(r.GetInt64(3)), r.GetInt32(4) != 0), ct);

    /// <summary>Each account's statement lines summed up: it must equal the account's balance.</summary>
    public async Task<IReadOnlyDictionary<string, decimal>> StatementTotals(CancellationToken ct = default) =>
        (await Query("select account_id, cast(sum(amount_cents) as bigint) from statement_lines group by account_id",
            r => (Account: r.GetString(0), Total: Money.FromCents(r.GetInt64(1))), ct)).ToDictionary(t => t.Account, t => t.Total);

    public Task<long> StatementLines(CancellationToken ct = default) => Scalar("select count(*) from statement_lines", ct);

    public Task<IReadOnlyList<DailyTotal>> DailyTotals(CancellationToken ct = default) => Query(
        "select day, currency, in_cents, out_cents, movements from daily_totals order by day, currency",
        r => new DailyTotal(r.GetString(0), r.GetString(1), Money.FromCents(r.GetInt64(2)), Money.FromCents(r.GetInt64(3)), r.GetInt64(4)), ct);

    private async Task<long> Scalar(string sql, CancellationToken ct)
    {
        await using var connection = await open(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<IReadOnlyList<T>> Query<T>(string sql, Func<DbDataReader, T> row, CancellationToken ct)
    {
        await using var connection = await open(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false)) rows.Add(row(reader));
        return rows;
    }
}
