using EventFramework.Samples.Bank.Projections;

namespace EventFramework.Samples.Bank.Hosting;

/// <summary>
/// What the bank needs from a database, wired for one backend: the event store, its outbox, the
/// saga store (same database, so a saga's state and its outgoing commands commit together), the
/// projections and the queries over their tables.
/// </summary>
public abstract class BankBackend : IAsyncDisposable
{
    /// <summary>Every read model's table, in the dialect SQLite and PostgreSQL share.</summary>
    protected static readonly string[] ReadModelTables =
    [
        Balances<ISqlProjectionContext>.CreateTable,
        Statements<ISqlProjectionContext>.CreateTable,
        DailyTotals<ISqlProjectionContext>.CreateTable,
    ];

    /// <summary>"SQLite file bank.db", "PostgreSQL bank@localhost": for the demo's output.</summary>
    public abstract string Description { get; }

    public abstract IEventStore Store { get; }

    public abstract IOutboxStore Outbox { get; }

    public abstract ISagaStore Sagas { get; }

    public abstract ISagaQueries SagaQueries { get; }

    public abstract IProjectionCatalog Projections { get; }

    public abstract BankQueries Queries { get; }

    /// <summary>Wakes relays and engines after a write in this process.</summary>
    public abstract ChangeSignal Changes { get; }

    /// <summary>Applies migrations and creates the read models' tables.</summary>
    public abstract Task Prepare(CancellationToken ct);

    /// <summary>Runs every projection until cancelled.</summary>
    public abstract Task RunProjections(CancellationToken ct);

    public abstract ValueTask DisposeAsync();

    /// <summary>The projections of the bank, for any SQL backend.</summary>
    protected static ProjectionCatalog<TContext> Catalog<TContext>(IEventStore store, IProjectionSink<TContext> sink, EventSerializer serializer)
        where TContext : ISqlProjectionContext
    {
        var options = new ProjectionOptions { BatchSize = 500 };
        return new ProjectionCatalog<TContext>(store, sink, serializer)
            .Add(new Balances<TContext>(), options)
            .Add(new Statements<TContext>(), options)
            .Add(new DailyTotals<TContext>(), options);
    }
}
