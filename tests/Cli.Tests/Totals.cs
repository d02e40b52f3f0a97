namespace EventFramework.Cli.Tests;

/// <summary>The sum and count of deposits: a projection that can clear itself, so it can be reset.</summary>
public sealed class Totals : Projection<InMemoryDocuments>
{
    public sealed record Sum(long Amount, long Count);

    public Totals() : base("totals") =>
        On<Deposited>((db, e, _) =>
        {
            var sum = db.Get<Sum>(Key) ?? new Sum(0, 0);
            db.Put(Key, new Sum(sum.Amount + e.Amount, sum.Count + 1));
            return Task.CompletedTask;
        });

    public override Task Clear(InMemoryDocuments context, CancellationToken ct)
    {
        context.Delete(Key);
        return Task.CompletedTask;
    }
}
