using EventFramework.Samples.Bank.Accounts;

namespace EventFramework.Samples.Bank.Projections;

/// <summary>One row per account: its balance, limit and whether it is closed (table <c>balances</c>).</summary>
public sealed class Balances<TContext> : Projection<TContext> where TContext : ISqlProjectionContext
{
    public const string Table = "balances";

    public const string CreateTable =
        "create table if not exists balances (account_id text primary key, currency text not null, balance_cents bigint not null, " +
        "overdraft_cents bigint not null, closed integer not null default 0)";

    public Balances() : base("balances")
    {
        On<AccountOpened>((db, e, _) => db.Execute(
            "insert into balances (account_id, currency, balance_cents, overdraft_cents) values ($1, $2, 0, $3) on conflict (account_id) do nothing",
            e.AccountId, e.Currency, Money.Cents(e.OverdraftLimit)));
        On<MoneyDeposited>((db, e, _) => Add(db, e.AccountId, Money.Cents(e.Amount)));
        On<MoneyWithdrawn>((db, e, _) => Add(db, e.AccountId, -Money.Cents(e.Amount)));
        On<TransferRefunded>((db, e, _) => Add(db, e.AccountId, Money.Cents(e.Amount)));
        On<AccountClosed>((db, e, _) => db.Execute("update balances set closed = 1 where account_id = $1", e.AccountId));
    }

    private static Task<int> Add(TContext db, string account, long cents) =>
        db.Execute("update balances set balance_cents = balance_cents + $2 where account_id = $1", account, cents);

    public override Task Clear(TContext context, CancellationToken ct) => context.Execute("delete from balances");
}
