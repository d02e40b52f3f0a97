using Microsoft.Data.Sqlite;
using Sql = EventFramework.Sqlite.SqliteProjectionStatements;
using EventFramework.Sqlite;

namespace EventFramework;

/// <summary>
/// Projection leases in the event store's SQLite file, for instances in several processes on one
/// machine: each take or renewal is one write transaction of the store. Expiry is judged by
/// <paramref name="clock"/> (the system clock by default), which every process must share.
/// </summary>
public sealed class SqliteProjectionLease(SqliteEventStore store, TimeProvider? clock = null) : IProjectionLease
{
    private readonly SqliteEventStore _store = store ?? throw new ArgumentNullException(nameof(store));
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <inheritdoc />
    public async Task<LeaseGrant?> TryAcquire(string key, string owner, TimeSpan duration, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        LeaseGrant? grant = null;
        await _store.Write("acquire lease", (transaction, _) =>
        {
            var now = _clock.GetUtcNow(); // read under the write lock: no other take comes in between
            var current = Load(transaction.Connection!, key);
            if (current is not null && current.Owner != owner && current.ExpiresAt > now) return Task.FromResult(false);
            var token = current is null ? 1 : current.Owner == owner && current.ExpiresAt > now ? current.Token : current.Token + 1;
            // Whole milliseconds, as stored, so the grant handed out is the one a later read sees.
            grant = new LeaseGrant(key, owner, token, DateTimeOffset.FromUnixTimeMilliseconds((now + duration).ToUnixTimeMilliseconds()));
            Sql.Execute(transaction.Connection!, Sql.StoreLease, ("$key", key), ("$owner", owner), ("$token", token), ("$expires_at", grant.ExpiresAt.ToUnixTimeMilliseconds()));
            return Task.FromResult(true);
        }, ct).ConfigureAwait(false);
        return grant;
    }

    /// <inheritdoc />
    public async Task Release(LeaseGrant grant, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(grant);
        // Only the holder's own grant expires: a release arriving after a takeover changes nothing.
        await _store.Write("release lease", (transaction, _) =>
        {
            Sql.Execute(transaction.Connection!, Sql.ExpireLease, ("$key", grant.Key), ("$owner", grant.Owner), ("$token", grant.Token),
                ("$expires_at", DateTimeOffset.MinValue.ToUnixTimeMilliseconds()));
            return Task.FromResult(true);
        }, ct).ConfigureAwait(false);
    }

    private static LeaseGrant? Load(SqliteConnection connection, string key)
    {
        using var query = Sql.Command(connection, Sql.LoadLease, ("$key", key));
        using var reader = query.ExecuteReader();
        return reader.Read() ? new LeaseGrant(key, reader.GetString(0), reader.GetInt64(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2))) : null;
    }
}
