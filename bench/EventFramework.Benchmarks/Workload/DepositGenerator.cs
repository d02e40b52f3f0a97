namespace EventFramework.Benchmarks.Workload;

/// <summary>
/// Makes deposit events for one writer: deterministic amounts and notes per seed, a fresh
/// correlation id per transaction. Not thread-safe: one generator per writer.
/// </summary>
internal sealed class DepositGenerator(int seed)
{
    private static readonly string[] Currencies = ["EUR", "USD", "GBP", "CHF"];
    private static readonly string[] Notes = ["monthly salary", "cash deposit", "refund #4411", "transfer in"];

    private readonly Random _random = new(seed);

    /// <summary>A fresh account id for a new stream.</summary>
    public static Guid NewAccount() => Guid.CreateVersion7();

    /// <summary><paramref name="count"/> deposits numbered from <paramref name="firstNo"/> on.</summary>
    public DepositBatch Next(Guid account, long firstNo, int count)
    {
        var at = DateTime.UtcNow;
        at = at.AddTicks(-(at.Ticks % TimeSpan.TicksPerMillisecond));
        var events = new AccountDeposited[count];
        for (var i = 0; i < count; i++)
        {
            var amount = _random.Next(100, 1_000_000) / 100m;
            events[i] = new AccountDeposited(account, firstNo + i, amount, Currencies[_random.Next(Currencies.Length)], at, Notes[_random.Next(Notes.Length)]);
        }
        return new DepositBatch(events, Guid.NewGuid().ToString());
    }
}
