using EventFramework.Conformance;
using EventFramework.Testing;
using Npgsql;

namespace EventFramework.Postgres.Tests.Projections;

/// <summary>
/// A migrated schema per test class with a <see cref="PostgresProjectionSink"/> over it, and a
/// small read model (<c>numbers</c>: one number per key) written through the sink's context.
/// </summary>
public sealed class PostgresProjectionSinkFixture() : PostgresSchemaFixture("projection_sink"), IProjectionSinkFixture<PostgresProjectionContext>
{
    private PostgresProjectionSink? _sink;

    public PostgresProjectionSink Sink => _sink ?? throw new InvalidOperationException("The fixture is not initialised yet.");

    IProjectionSink<PostgresProjectionContext> IProjectionSinkFixture<PostgresProjectionContext>.Sink => Sink;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _sink = new PostgresProjectionSink(DataSource, Name);
        await _sink.Migrate();
        await using var cmd = DataSource.CreateCommand($"create table {Name}.numbers (key text primary key, value bigint not null)");
        await cmd.ExecuteNonQueryAsync();
    }

    public Task Add(PostgresProjectionContext context, string key, long delta, CancellationToken ct) =>
        context.Execute($"insert into {Name}.numbers as n (key, value) values ($1, $2) on conflict (key) do update set value = n.value + excluded.value", key, delta);

    public async Task<long?> Read(string key)
    {
        await using var cmd = DataSource.CreateCommand($"select value from {Name}.numbers where key = $1");
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
        return await cmd.ExecuteScalarAsync() as long?;
    }
}
