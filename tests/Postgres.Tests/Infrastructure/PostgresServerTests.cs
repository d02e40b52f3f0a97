using EventFramework.Testing;
using Npgsql;

namespace EventFramework.Postgres.Tests.Infrastructure;

public sealed class PostgresServerTests
{
    [Fact]
    public async Task server_accepts_connections_and_runs_a_query()
    {
        await using var connection = new NpgsqlConnection(PostgresServer.ConnectionString);
        await connection.OpenAsync();

        Assert.Equal(1, await Scalar<int>(connection, "select 1"));
    }

    [Fact]
    public async Task server_has_logical_wal_level_for_replication_tests()
    {
        await using var connection = new NpgsqlConnection(PostgresServer.ConnectionString);
        await connection.OpenAsync();

        Assert.Equal("logical", await Scalar<string>(connection, "show wal_level"));
    }

    [Fact]
    public async Task created_schemas_are_distinct_isolated_and_dropped_on_dispose()
    {
        var first = await PostgresSchema.Create("Server Tests");
        var second = await PostgresSchema.Create("Server Tests");
        var names = new[] { first.Name, second.Name };

        Assert.NotEqual(first.Name, second.Name);
        Assert.All(names, name => Assert.Matches("^server_tests_[0-9a-f]{8}$", name));
        await using (var connection = await first.DataSource.OpenConnectionAsync())
        {
            Assert.Equal(first.Name, await Scalar<string>(connection, "select current_schema()"));
        }

        await first.DisposeAsync();
        await second.DisposeAsync();

        await using var admin = new NpgsqlConnection(PostgresServer.ConnectionString);
        await admin.OpenAsync();
        await using var count = new NpgsqlCommand("select count(*) from pg_namespace where nspname = any(@names)", admin);
        count.Parameters.AddWithValue("names", names);
        Assert.Equal(0L, await count.ExecuteScalarAsync());
    }

    private static async Task<T> Scalar<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
