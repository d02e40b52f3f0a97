using System.Globalization;
using Microsoft.Data.Sqlite;

namespace EventFramework.Sqlite;

/// <summary>
/// Applies the numbered scripts embedded from Scripts/*.sql ("1_Schema.sql", ...) that
/// schema_migrations does not list yet, in one write transaction so concurrent processes take turns.
/// </summary>
internal static class SqliteSchema
{
    private const string ResourcePrefix = "EventFramework.Sqlite.Scripts.";

    private static readonly Lazy<IReadOnlyList<(int Number, string Sql)>> Scripts = new(LoadScripts);

    /// <summary>The numbers of every embedded script, in order.</summary>
    public static IReadOnlyList<int> ScriptNumbers => [.. Scripts.Value.Select(s => s.Number)];

    public static void Migrate(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        Execute(connection, SqliteStatements.MigrationsTable);
        var applied = Applied(connection);
        foreach (var (number, sql) in Scripts.Value)
        {
            if (applied.Contains(number)) continue;
            Execute(connection, sql);
            using var record = connection.CreateCommand();
            record.CommandText = SqliteStatements.RecordMigration;
            record.Parameters.AddWithValue("$version", number);
            record.Parameters.AddWithValue("$applied", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            record.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    /// <summary>The numbers of the scripts this version of the store needs that the file lacks.</summary>
    public static List<int> Missing(SqliteConnection connection)
    {
        var applied = HasMigrationsTable(connection) ? Applied(connection) : [];
        return [.. Scripts.Value.Select(s => s.Number).Where(n => !applied.Contains(n))];
    }

    private static bool HasMigrationsTable(SqliteConnection connection)
    {
        using var query = connection.CreateCommand();
        query.CommandText = SqliteStatements.HasMigrationsTable;
        return query.ExecuteScalar() is not null;
    }

    private static HashSet<long> Applied(SqliteConnection connection)
    {
        var applied = new HashSet<long>();
        using var query = connection.CreateCommand();
        query.CommandText = SqliteStatements.AppliedMigrations;
        using var reader = query.ExecuteReader();
        while (reader.Read()) applied.Add(reader.GetInt64(0));
        return applied;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static List<(int Number, string Sql)> LoadScripts()
    {
        var assembly = typeof(SqliteSchema).Assembly;
        var scripts = new List<(int Number, string Sql)>();
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(ResourcePrefix, StringComparison.Ordinal) || !name.EndsWith(".sql", StringComparison.Ordinal)) continue;
            var file = name[ResourcePrefix.Length..];
            var number = int.Parse(file.AsSpan(0, file.IndexOf('_')), CultureInfo.InvariantCulture);
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            scripts.Add((number, reader.ReadToEnd()));
        }
        return [.. scripts.OrderBy(s => s.Number)];
    }
}
