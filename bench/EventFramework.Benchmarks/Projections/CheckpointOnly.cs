using EventFramework.Benchmarks.Workload;
using EventFramework.Postgres;

namespace EventFramework.Benchmarks.Projections;

/// <summary>
/// The profile's yardstick: handles the same events (so each is read, deserialized and
/// dispatched) but writes nothing, so only the runner, ReadAll and the checkpoint commits remain.
/// </summary>
internal sealed class CheckpointOnly : Projection<PostgresProjectionContext>
{
    public CheckpointOnly() : base("checkpoint-only")
    {
        On<AccountDeposited>((_, _, _) => Task.CompletedTask);
        On<AccountWithdrawn>((_, _, _) => Task.CompletedTask);
    }

    public override Task Clear(PostgresProjectionContext context, CancellationToken ct) => Task.CompletedTask;
}
