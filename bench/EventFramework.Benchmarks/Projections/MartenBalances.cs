using EventFramework.Benchmarks.Workload;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace EventFramework.Benchmarks.Projections;

/// <summary>
/// The same read model in Marten: a single-stream projection (one stream per account) with
/// explicit <c>Evolve</c> code, Marten's fastest documented form. The async daemon folds each
/// page's events per account in memory and writes each touched document once per page.
/// </summary>
public sealed class MartenBalances : SingleStreamProjection<AccountBalance, string>
{
    public const string ProjectionName = "Balances";

    public MartenBalances(bool tuned)
    {
        Name = ProjectionName;
        if (!tuned) return;
        Options.CacheLimitPerTenant = 10_000;
        Options.BatchSize = 5_000;
    }

    public override AccountBalance Evolve(AccountBalance? snapshot, string id, IEvent e)
    {
        snapshot ??= new AccountBalance { Id = id };
        switch (e.Data)
        {
            case AccountDeposited d: snapshot.Amount += d.Amount; break;
            case AccountWithdrawn w: snapshot.Amount -= w.Amount; break;
        }
        return snapshot;
    }
}
