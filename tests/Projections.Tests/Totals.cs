namespace EventFramework.Projections.Tests;

/// <summary>
/// The sum and count of deposits, kept per version ("totals@vN"), so two versions can build side
/// by side; <see cref="Activate"/> records which one readers are served.
/// </summary>
public sealed class Totals(int version, long multiplier = 1) : Projection<InMemoryDocuments>("totals", version)
{
    public sealed record Sum(long Amount, long Count);
    public sealed record Served(int Version);

    public string DocumentId => $"totals@v{Version}";

    public Totals Register()
    {
        On<Deposited>((db, e, _) =>
        {
            var sum = db.Get<Sum>(DocumentId) ?? new Sum(0, 0);
            db.Put(DocumentId, new Sum(sum.Amount + e.Amount * multiplier, sum.Count + 1));
            return Task.CompletedTask;
        });
        return this;
    }

    public override Task Clear(InMemoryDocuments context, CancellationToken ct)
    {
        context.Delete(DocumentId);
        return Task.CompletedTask;
    }

    public override Task Activate(InMemoryDocuments context, CancellationToken ct)
    {
        context.Put("totals", new Served(Version));
        return Task.CompletedTask;
    }
}
