namespace EventFramework.Benchmarks.Workload;

/// <summary>
/// Deposits and withdrawals over a fixed set of accounts, one stream per account (named by the
/// account id). The log is laid out in rounds: each round gives every account one event, in a
/// shuffled order, so consecutive events almost never share an account, as in a busy ledger.
/// Everything is a pure function of (account, round), so every contender stores the same events
/// and the expected balances are known without reading anything back.
/// </summary>
internal sealed class LedgerWorkload
{
    /// <summary>Bump when the events or their order change, so stale seeded data is not reused.</summary>
    public const string ShapeVersion = "ledger/1";

    private static readonly string[] Currencies = ["EUR", "USD", "GBP", "CHF"];
    private static readonly string[] Notes = ["card payment", "cash deposit", "refund #4411", "standing order"];
    private static readonly DateTime Epoch = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private readonly Guid[] _accounts;

    public LedgerWorkload(int accounts, long events)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(accounts);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(events);
        Events = events;
        _accounts = [.. Enumerable.Range(0, accounts).Select(AccountId)];
    }

    public long Events { get; }

    public int Accounts => _accounts.Length;

    /// <summary>Rounds in the log; the last one may cover only some accounts.</summary>
    public int Rounds => (int)((Events + Accounts - 1) / Accounts);

    /// <summary>Round <paramref name="round"/> cut into transactions of <paramref name="perTransaction"/> events, each to a different account.</summary>
    public IReadOnlyList<IReadOnlyList<LedgerEntry>> Transactions(int round, int perTransaction)
    {
        var order = Enumerable.Range(0, Accounts).ToArray();
        new Random(round).Shuffle(order);
        var count = (int)Math.Min(Accounts, Events - ((long)round * Accounts));
        return [.. order.Take(count).Chunk(perTransaction).Select(chunk => (IReadOnlyList<LedgerEntry>)[.. chunk.Select(a => Entry(a, round))])];
    }

    /// <summary>The sum of every balance once every event is applied, and how many accounts hold one.</summary>
    public (decimal Total, int Accounts) Expected()
    {
        var total = 0m;
        for (var round = 0; round < Rounds; round++)
        {
            var count = (int)Math.Min(Accounts, Events - ((long)round * Accounts));
            for (var a = 0; a < count; a++) total += Draw(a, round).Delta;
        }
        return (total, (int)Math.Min(Accounts, Events));
    }

    private LedgerEntry Entry(int account, int round)
    {
        var (delta, currency, note) = Draw(account, round);
        var id = _accounts[account];
        var at = Epoch.AddSeconds(round);
        object e = delta >= 0
            ? new AccountDeposited(id, round, delta, currency, at, note)
            : new AccountWithdrawn(id, round, -delta, currency, at, note);
        return new LedgerEntry(id.ToString(), round, e, delta);
    }

    /// <summary>Seven in ten events are deposits; amounts 0.01 to 5,000.00.</summary>
    private static (decimal Delta, string Currency, string Note) Draw(int account, int round)
    {
        var bits = SplitMix((ulong)account << 32 | (uint)round);
        var amount = (long)(bits % 500_000) + 1;
        var deposit = (bits >> 20) % 10 < 7;
        return ((deposit ? amount : -amount) / 100m, Currencies[(bits >> 40) % 4], Notes[(bits >> 50) % 4]);
    }

    private static Guid AccountId(int account) => new(account, 0x1ed9, 0x4000, 0x80, 0, 0, 0, 0, 0, 0, 0);

    private static ulong SplitMix(ulong x)
    {
        x += 0x9E3779B97F4A7C15;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EB;
        return x ^ (x >> 31);
    }
}
