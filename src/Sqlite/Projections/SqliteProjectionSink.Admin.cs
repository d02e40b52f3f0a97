using System.Runtime.ExceptionServices;
using Sql = EventFramework.Sqlite.SqliteProjectionStatements;
using EventFramework.Sqlite;

namespace EventFramework;

// What the CLI needs: the checkpoints, and starting a projection partition over.
public sealed partial class SqliteProjectionSink
{
    /// <summary>Every stored checkpoint, by key.</summary>
    public Task<IReadOnlyList<ProjectionCheckpoint>> ListCheckpoints(CancellationToken ct = default) =>
        _store.Read<IReadOnlyList<ProjectionCheckpoint>>("list checkpoints", connection =>
        {
            using var query = Sql.Command(connection, Sql.ListCheckpoints);
            using var reader = query.ExecuteReader();
            var checkpoints = new List<ProjectionCheckpoint>();
            while (reader.Read())
                checkpoints.Add(new ProjectionCheckpoint(reader.GetString(0), ReadPosition(reader, 1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3))));
            return checkpoints;
        }, ct);

    /// <summary>
    /// Starts the projection partition under <paramref name="key"/> over from the first event: in
    /// one transaction, deletes its checkpoint and the events it parked, and runs
    /// <paramref name="clear"/> to empty its read model (without it, the events are applied a
    /// second time over the old read model). A runner still going on that key notices at its next
    /// commit and starts over too. Returns false when there was no checkpoint.
    /// </summary>
    public async Task<bool> ResetCheckpoint(string key, Func<SqliteProjectionContext, CancellationToken, Task>? clear = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ExceptionDispatchInfo? failure = null;
        var existed = false;
        await _store.Write("reset checkpoint", async (transaction, token) =>
        {
            existed = Sql.Execute(transaction.Connection!, Sql.DeleteCheckpoint, ("$key", key)) > 0;
            Sql.Execute(transaction.Connection!, Sql.DeleteParkedOf, ("$key", key));
            if (clear is not null) failure = await Apply(transaction, clear, token).ConfigureAwait(false);
            return failure is null;
        }, ct).ConfigureAwait(false);
        failure?.Throw();
        return existed;
    }

    /// <inheritdoc />
    public async Task Reset(string projection, Func<SqliteProjectionContext, CancellationToken, Task> clear, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(projection);
        ExceptionDispatchInfo? failure = null;
        await _store.Write("reset projection", async (transaction, token) =>
        {
            Sql.Execute(transaction.Connection!, Sql.DeleteCheckpointsOfProjection, ("$key", projection));
            Sql.Execute(transaction.Connection!, Sql.DeleteParkedOfProjection, ("$key", projection));
            failure = await Apply(transaction, clear, token).ConfigureAwait(false);
            return failure is null;
        }, ct).ConfigureAwait(false);
        failure?.Throw();
    }
}
