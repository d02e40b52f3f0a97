using EventFramework.Samples.Bank.Accounts;

namespace EventFramework.Samples.Bank.Projections;

/// <summary>
/// Account statements: one line per money movement, in the account's order (table <c>statement_lines</c>).
/// Keyed by the event id, so a line is written once however often its batch is retried.
/// </summary>
public sealed class Statements<TContext> : Projection<TContext> where TContext : ISqlProjectionContext
{
    public const string CreateTable =
        "create table if not exists statement_lines (event_id text primary key, account_id text not null, line bigint not null, " +
        "kind text not null, amount_cents bigint not null, transfer_id text, booked_at text not null)";

    public Statements() : base("statements")
    {
        On<MoneyDeposited>((db, e, envelope, _) => Line(db, envelope, e.AccountId, "deposit", Money.Cents(e.Amount), e.TransferId));
        On<MoneyWithdrawn>((db, e, envelope, _) => Line(db, envelope, e.AccountId, "withdrawal", -Money.Cents(e.Amount), e.TransferId));
        On<TransferRefunded>((db, e, envelope, _) => Line(db, envelope, e.AccountId, "refund", Money.Cents(e.Amount), e.TransferId));
    }

    private static Task<int> Line(TContext db, RecordedEvent envelope, string account, string kind, long cents, string? transfer) => db.Execute(
        "insert into statement_lines (event_id, account_id, line, kind, amount_cents, transfer_id, booked_at) values ($1, $2, $3, $4, $5, $6, $7) " +
        "on conflict (event_id) do nothing",
        envelope.EventId.ToString(), account, envelope.StreamPosition, kind, cents, transfer, envelope.Created.UtcDateTime.ToString("O"));

    public override Task Clear(TContext context, CancellationToken ct) => context.Execute("delete from statement_lines");
}
