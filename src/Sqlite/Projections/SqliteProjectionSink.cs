using System.Runtime.ExceptionServices;
using Microsoft.Data.Sqlite;
using Sql = EventFramework.Sqlite.SqliteProjectionStatements;
using EventFramework.Sqlite;

namespace EventFramework;

/// <summary>
/// Keeps projection read models, checkpoints and parked events in the event store's own SQLite
/// file. A batch commits in one write transaction of the store, taking turns with appends (one
/// writer at a time): handlers' writes, parked events and the checkpoint's compare-and-set.
/// Handlers hold the file's write lock while they run, so appends wait for them: keep them to
/// writes through the <see cref="SqliteProjectionContext"/>, and never append from one.
/// <code>
/// await using var store = new SqliteEventStore("bank.db");
/// var runner = new ProjectionRunner&lt;SqliteProjectionContext&gt;(store, new SqliteProjectionSink(store), new Balances(), serializer);
/// </code>
/// </summary>
public sealed partial class SqliteProjectionSink : IProjectionSink<SqliteProjectionContext>
{
    private readonly SqliteEventStore _store;

    /// <summary>A sink in <paramref name="store"/>'s file; the store's migrations create its tables.</summary>
    public SqliteProjectionSink(SqliteEventStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
    }

    /// <inheritdoc />
    public Task<LogPosition?> LoadCheckpoint(string key, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return _store.Read("load checkpoint", connection =>
        {
            using var query = Sql.Command(connection, Sql.LoadCheckpoint, ("$key", key));
            using var reader = query.ExecuteReader();
            return reader.Read() ? ReadPosition(reader, 0) : (LogPosition?)null;
        }, ct);
    }

    /// <inheritdoc />
    public async Task<bool> Commit(string key, LogPosition? expected, LogPosition next, IReadOnlyList<ParkedEvent> park,
        Func<SqliteProjectionContext, CancellationToken, Task> apply, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(park);
        ArgumentNullException.ThrowIfNull(apply);
        ExceptionDispatchInfo? failure = null;
        var committed = await _store.Write("projection commit", async (transaction, token) =>
        {
            // The compare-and-set goes first: a stale batch never runs its handlers.
            if (!MoveCheckpoint(transaction.Connection!, key, expected, next)) return false;
            if ((failure = await Apply(transaction, apply, token).ConfigureAwait(false)) is not null) return false;
            foreach (var parked in park) Park(transaction.Connection!, key, parked);
            return true;
        }, ct).ConfigureAwait(false);
        failure?.Throw();
        return committed;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ParkedEvent>> LoadParked(string projection, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(projection);
        return _store.Read<IReadOnlyList<ParkedEvent>>("load parked events", connection =>
        {
            using var query = Sql.Command(connection, Sql.LoadParked, ("$projection", projection));
            using var reader = query.ExecuteReader();
            var parked = new List<ParkedEvent>();
            while (reader.Read())
            {
                parked.Add(new ParkedEvent(
                    reader.GetString(0),
                    SqliteEventStore.ReadId(reader, 1),
                    reader.GetString(2),
                    reader.GetInt64(3),
                    ReadPosition(reader, 4),
                    reader.GetString(6),
                    reader.GetString(7),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)),
                    reader.IsDBNull(9) ? null : SqliteEventStore.ReadId(reader, 9)));
            }
            return parked;
        }, ct);
    }

    /// <inheritdoc />
    public async Task<bool> Unpark(string projection, Guid eventId, Func<SqliteProjectionContext, CancellationToken, Task> apply, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(projection);
        ArgumentNullException.ThrowIfNull(apply);
        ExceptionDispatchInfo? failure = null;
        var done = await _store.Write("unpark event", async (transaction, token) =>
        {
            var removed = Sql.Execute(transaction.Connection!, Sql.Unpark, ("$projection", projection), ("$event_id", SqliteEventStore.ToBytes(eventId)));
            if (removed == 0) return false;
            return (failure = await Apply(transaction, apply, token).ConfigureAwait(false)) is null;
        }, ct).ConfigureAwait(false);
        failure?.Throw();
        return done;
    }

    /// <summary>
    /// Runs the caller's writes and captures what they throw: it must reach the caller as it is,
    /// after the rollback, and not be taken for a failure of the file.
    /// </summary>
    private static async Task<ExceptionDispatchInfo?> Apply(SqliteTransaction transaction, Func<SqliteProjectionContext, CancellationToken, Task> apply, CancellationToken ct)
    {
        try
        {
            await apply(new SqliteProjectionContext(transaction), ct).ConfigureAwait(false);
            return null;
        }
        catch (Exception e)
        {
            return ExceptionDispatchInfo.Capture(e);
        }
    }

    private static bool MoveCheckpoint(SqliteConnection connection, string key, LogPosition? expected, LogPosition next)
    {
        var updated = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        return expected is { } from
            ? Sql.Execute(connection, Sql.MoveCheckpoint, ("$key", key), ("$commit", ToInteger(next.Commit)), ("$sequence", next.Sequence),
                ("$updated", updated), ("$expected_commit", ToInteger(from.Commit)), ("$expected_sequence", from.Sequence)) == 1
            : Sql.Execute(connection, Sql.CreateCheckpoint, ("$key", key), ("$commit", ToInteger(next.Commit)), ("$sequence", next.Sequence), ("$updated", updated)) == 1;
    }

    private static void Park(SqliteConnection connection, string key, ParkedEvent p) =>
        Sql.Execute(connection, Sql.Park,
            ("$projection", p.Projection),
            ("$event_id", SqliteEventStore.ToBytes(p.EventId)),
            ("$stream", p.Stream),
            ("$stream_position", p.StreamPosition),
            ("$commit", ToInteger(p.Position.Commit)),
            ("$sequence", p.Position.Sequence),
            ("$type", p.EventType),
            ("$error", p.Error),
            ("$parked_at", p.ParkedAt.ToUnixTimeMilliseconds()),
            ("$blocked_by", p.BlockedBy is { } blocker ? SqliteEventStore.ToBytes(blocker) : null),
            ("$key", key));

    // The commit part is 0 on SQLite; stored bit for bit in SQLite's signed integer.
    private static long ToInteger(ulong commit) => unchecked((long)commit);

    private static LogPosition ReadPosition(SqliteDataReader reader, int ordinal) =>
        new(unchecked((ulong)reader.GetInt64(ordinal)), reader.GetInt64(ordinal + 1));
}
