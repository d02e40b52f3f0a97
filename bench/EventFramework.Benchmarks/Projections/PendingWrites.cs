using System.Runtime.CompilerServices;
using EventFramework.Postgres;
using Npgsql;

namespace EventFramework.Benchmarks.Projections;

/// <summary>
/// The profile's what-if (not a framework feature): handlers queue their statements against the
/// batch's context instead of running each at once, and <see cref="PipelinedSink"/> sends the queue
/// as one <see cref="NpgsqlBatch"/> (one round trip) in the same transaction once every handler has
/// run. It shows what a deferred <c>Execute</c> in <see cref="PostgresProjectionContext"/> would buy.
/// </summary>
internal static class PendingWrites
{
    private static readonly ConditionalWeakTable<PostgresProjectionContext, NpgsqlBatch> Queues = [];

    public static void Add(PostgresProjectionContext context, string sql, params object[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var p in parameters) command.Parameters.Add(new NpgsqlParameter { Value = p });
        Queues.GetValue(context, c => new NpgsqlBatch(c.Connection, c.Transaction)).BatchCommands.Add(command);
    }

    public static async Task Flush(PostgresProjectionContext context, CancellationToken ct)
    {
        if (!Queues.TryGetValue(context, out var batch)) return;
        Queues.Remove(context);
        await using (batch) await batch.ExecuteNonQueryAsync(ct);
    }
}
