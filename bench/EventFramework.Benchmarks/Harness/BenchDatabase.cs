using Npgsql;

namespace EventFramework.Benchmarks.Harness;

/// <summary>
/// The one place that knows the PostgreSQL server: the connection string comes from
/// <c>EVENTFRAMEWORK_PG</c>, each contender gets its own pool (tagged with its name in
/// pg_stat_activity), and suites drop only the schemas they own.
/// </summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    public const string Variable = "EVENTFRAMEWORK_PG";

    private readonly NpgsqlDataSource _admin;

    private BenchDatabase(string connectionString)
    {
        ConnectionString = connectionString;
        _admin = CreateDataSource("admin");
    }

    public string ConnectionString { get; }

    /// <summary>Reads the connection string and checks that the server answers.</summary>
    public static async Task<BenchDatabase> Connect()
    {
        var connectionString = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new UsageException($"{Variable} is not set; point it at a PostgreSQL database the benchmark may fill, e.g. " +
                $"export {Variable}=\"Host=localhost;Username=postgres;Password=postgres;Database=bench\"");
        BenchDatabase database;
        try
        {
            database = new BenchDatabase(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"{Variable} is not a valid Npgsql connection string: {e.Message}");
        }
        try
        {
            await database.Scalar<int>("select 1");
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            await database.DisposeAsync();
            throw new UsageException($"cannot reach PostgreSQL through {Variable}: {e.Message}");
        }
        return database;
    }

    /// <summary>The connection string with Application Name set to <c>bench-{application}</c>.</summary>
    public string ConnectionStringFor(string application) =>
        new NpgsqlConnectionStringBuilder(ConnectionString) { ApplicationName = $"bench-{application}" }.ConnectionString;

    /// <summary>A separate pool for one contender, so contenders never share connections.</summary>
    public NpgsqlDataSource CreateDataSource(string application) => NpgsqlDataSource.Create(ConnectionStringFor(application));

    /// <summary>Runs <paramref name="sql"/> with positional parameters ($1, $2, ...).</summary>
    public async Task Execute(string sql, params object[] parameters)
    {
        await using var command = Command(sql, parameters);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The first column of the first row, or default when there is none (or it is null).</summary>
    public async Task<T?> Scalar<T>(string sql, params object[] parameters)
    {
        await using var command = Command(sql, parameters);
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)value;
    }

    private NpgsqlCommand Command(string sql, object[] parameters)
    {
        var command = _admin.CreateCommand(sql);
        foreach (var p in parameters) command.Parameters.Add(new NpgsqlParameter { Value = p });
        return command;
    }

    public Task DropSchema(string schema) => Execute($"drop schema if exists {Quote(schema)} cascade");

    /// <summary>Reports the server facts that change the figures (version, durability settings) and returns them as one line.</summary>
    /// <summary>
    /// What every suite does first: connects, records the server, the machine and its load, and
    /// the rounds in <paramref name="report"/>; returns the database and a one-line server description.
    /// </summary>
    public static async Task<(BenchDatabase Database, string Server)> Start(BenchReport report, int rounds)
    {
        var database = await Connect();
        var server = await database.Describe(report);
        report.Set("cpu_count", Environment.ProcessorCount);
        HostLoad.Report(report, "start");
        report.Set("rounds", rounds);
        return (database, server);
    }

    public async Task<string> Describe(BenchReport report)
    {
        var version = await Scalar<string>("show server_version");
        var fsync = await Scalar<string>("show fsync");
        var synchronousCommit = await Scalar<string>("show synchronous_commit");
        report.Set("pg_version", version);
        report.Set("pg_fsync", fsync);
        report.Set("pg_synchronous_commit", synchronousCommit);
        return $"PostgreSQL {version?.Split(' ')[0]}, fsync={fsync}, synchronous_commit={synchronousCommit}";
    }

    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public ValueTask DisposeAsync() => _admin.DisposeAsync();
}
