using System.Data.Common;
using EventFramework.Postgres;
using EventFramework.Sqlite;
using Npgsql;

namespace EventFramework.Cli;

/// <summary>
/// The database efx works on, from <c>--connection</c> or the <c>EFX_CONNECTION</c> environment
/// variable (the option wins). A value without <c>=</c> is a SQLite file path; a <c>key=value</c>
/// string with a <c>Data Source</c> (or <c>Filename</c>) key is SQLite too; any other
/// <c>key=value</c> string is a PostgreSQL (Npgsql) connection string.
/// </summary>
public sealed record EfxConnection
{
    /// <summary>The environment variable read when <c>--connection</c> is not given.</summary>
    public const string EnvironmentVariable = "EFX_CONNECTION";

    private static readonly string[] SqliteFileKeys = ["Data Source", "DataSource", "Filename"];

    private EfxConnection(EfxBackend backend, string connectionString, string? sqliteFile)
    {
        Backend = backend;
        ConnectionString = connectionString;
        SqliteFile = sqliteFile;
    }

    /// <summary>Which database this is.</summary>
    public EfxBackend Backend { get; }

    /// <summary>The value as given: an Npgsql connection string, or a SQLite path or connection string.</summary>
    public string ConnectionString { get; }

    /// <summary>The SQLite database file (a full path); null on PostgreSQL.</summary>
    public string? SqliteFile { get; }

    /// <summary>A PostgreSQL connection (Npgsql's <c>Host=…;Database=…</c> form).</summary>
    public static EfxConnection PostgreSql(string connectionString) =>
        new(EfxBackend.PostgreSql, connectionString, null);

    /// <summary>A SQLite database file.</summary>
    public static EfxConnection Sqlite(string path) =>
        new(EfxBackend.Sqlite, path, Path.GetFullPath(path));

    /// <summary>Reads a <c>--connection</c> value; <see cref="FormatException"/> when it names no database.</summary>
    public static EfxConnection Parse(string value)
    {
        var text = value.Trim();
        if (text.Length == 0) throw new FormatException("The connection is empty.");
        if (text.Contains("://", StringComparison.Ordinal))
            throw new FormatException("Connection URIs are not supported: use Host=…;Database=… for PostgreSQL, or a SQLite file path.");
        if (!text.Contains('=', StringComparison.Ordinal)) return Sqlite(text);

        var builder = new DbConnectionStringBuilder();
        try { builder.ConnectionString = text; }
        catch (ArgumentException e) { throw new FormatException($"The connection string cannot be read: {e.Message}", e); }
        foreach (var key in SqliteFileKeys)
            if (builder.TryGetValue(key, out var file) && file is string { Length: > 0 } path)
                return new(EfxBackend.Sqlite, text, Path.GetFullPath(path));
        try { _ = new NpgsqlConnectionStringBuilder(text); }
        catch (ArgumentException e) { throw new FormatException($"Not a PostgreSQL connection string: {e.Message}", e); }
        return PostgreSql(text);
    }

    /// <summary>
    /// Opens the event store of this database (<see cref="PostgresEventStore"/> or
    /// <see cref="SqliteEventStore"/>) for a catalog factory. A SQLite file that does not exist is
    /// reported as unavailable rather than created empty.
    /// </summary>
    public IEventStore OpenEventStore()
    {
        if (Backend == EfxBackend.PostgreSql) return new PostgresEventStore(ConnectionString);
        if (!File.Exists(SqliteFile))
            throw new EventStoreUnavailableException("SQLite", "open", new FileNotFoundException($"No database file at {SqliteFile}.", SqliteFile));
        return new SqliteEventStore(SqliteFile);
    }
}
