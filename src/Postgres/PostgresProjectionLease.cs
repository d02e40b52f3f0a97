using EventFramework.Store;
using Npgsql;
using static EventFramework.Postgres.PostgresErrors;
using EventFramework.Postgres;

namespace EventFramework;

/// <summary>
/// Projection leases in a table ({schema}.projection_leases, created by the migrations). Each
/// acquisition or renewal is one statement timed by the database's clock, so instances whose
/// clocks disagree still agree on who holds a lease. A row lock, not a session lock: it survives
/// connection poolers and needs no open connection between renewals.
/// </summary>
public sealed class PostgresProjectionLease : IProjectionLease
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly ProjectionSql _sql;

    /// <summary>Leases kept in <paramref name="schema"/>.</summary>
    public PostgresProjectionLease(NpgsqlDataSource dataSource, string schema = "eventframework")
    {
        EmbeddedSqlScripts.RequireSafeSchema(schema, nameof(schema));
        _dataSource = dataSource;
        _sql = new ProjectionSql(schema);
    }

    /// <inheritdoc />
    public Task<LeaseGrant?> TryAcquire(string key, string owner, TimeSpan duration, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        return Guard("acquire lease", async () =>
        {
            await using var cmd = _dataSource.CreateCommand(_sql.AcquireLease);
            cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
            cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = owner });
            cmd.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = duration });
            await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            return await reader.ReadAsync(ct).ConfigureAwait(false)
                ? new LeaseGrant(key, owner, reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1))
                : null;
        });
    }

    /// <inheritdoc />
    public Task Release(LeaseGrant grant, CancellationToken ct = default) => Guard("release lease", async () =>
    {
        await using var cmd = _dataSource.CreateCommand(_sql.ReleaseLease);
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grant.Key });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = grant.Owner });
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = grant.Token });
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    });
}
