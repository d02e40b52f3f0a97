using EventFramework.Cli;

namespace EventFramework.Samples.Bank.Hosting;

/// <summary>
/// `bank efx ...`: the efx commands over the bank's own projections, so rebuild, reset and replay
/// apply the bank's handlers. Without --connection or EFX_CONNECTION it works on the demo's SQLite file;
/// on PostgreSQL the connection string's Search Path names the bank's schema (default: bank).
/// </summary>
public static class BankEfx
{
    public static Task<int> Run(string[] args)
    {
        var named = args.Any(a => a is "--connection" or "-c" || a.StartsWith("--connection=", StringComparison.Ordinal))
            || Environment.GetEnvironmentVariable(EfxConnection.EnvironmentVariable) is { Length: > 0 };
        if (!named && !args.Contains("--help") && !args.Contains("-h")) args = [.. args, "--connection", new BankOptions().SqliteFile];
        return Efx.Run(args, Catalog);
    }

    /// <summary>The bank's schema: the connection string's search path when it names one, else the default.</summary>
    private static string SchemaOf(string connectionString) =>
        new Npgsql.NpgsqlConnectionStringBuilder(connectionString).SearchPath is { Length: > 0 } path ? path.Split(',')[0].Trim() : new BankOptions().PostgresSchema;

    /// <summary>The bank's projections on the database <paramref name="connection"/> names.</summary>
    public static IProjectionCatalog Catalog(EfxConnection connection)
    {
        var serializer = BankTypes.Serializer();
        BankBackend backend = connection.Backend == EfxBackend.PostgreSql
            ? new PostgresBankBackend(connection.ConnectionString, serializer, SchemaOf(connection.ConnectionString))
            : new SqliteBankBackend(connection.SqliteFile!, serializer);
        return backend.Projections;
    }
}
