using System.Text;
using Npgsql;

namespace EventFramework.Testing;

/// <summary>
/// A fresh, uniquely named schema on <see cref="PostgresServer"/>, dropped (cascade) on dispose.
/// </summary>
/// <example>
/// <code>
/// await using var schema = await PostgresSchema.Create("append");
/// var store = new PostgresEventStore(schema.DataSource);
/// </code>
/// </example>
public sealed class PostgresSchema : IAsyncDisposable
{
    private const int MaxIdentifierLength = 63;

    private PostgresSchema(string name)
    {
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(PostgresServer.ConnectionString) { SearchPath = name }.ConnectionString;
        DataSource = NpgsqlDataSource.Create(ConnectionString);
    }

    /// <summary>The schema name: the sanitised prefix, an underscore and eight random hex digits, all lower case.</summary>
    public string Name { get; }

    /// <summary>The server's connection string with <c>Search Path</c> set to <see cref="Name"/>.</summary>
    public string ConnectionString { get; }

    /// <summary>A data source over <see cref="ConnectionString"/>; disposed with the schema.</summary>
    public NpgsqlDataSource DataSource { get; }

    /// <summary>
    /// Creates a schema named after <paramref name="prefix"/> (lower-cased; characters other than a-z, 0-9
    /// and _ become _) plus a random suffix, so test classes and parallel runs never share one.
    /// </summary>
    public static async Task<PostgresSchema> Create(string prefix, CancellationToken ct = default)
    {
        var schema = new PostgresSchema(UniqueName(prefix));
        try
        {
            await schema.Execute($"create schema \"{schema.Name}\"", ct).ConfigureAwait(false);
            return schema;
        }
        catch
        {
            await schema.DataSource.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Closes the data source's connections, then drops the schema and everything in it.</summary>
    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync().ConfigureAwait(false);
        await Execute($"drop schema if exists \"{Name}\" cascade", CancellationToken.None).ConfigureAwait(false);
    }

    private async Task Execute(string sql, CancellationToken ct)
    {
        // Outside DataSource on purpose: the drop must work after it is disposed.
        await using var connection = new NpgsqlConnection(PostgresServer.ConnectionString);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static string UniqueName(string prefix)
    {
        var name = new StringBuilder();
        foreach (var c in prefix.ToLowerInvariant())
        {
            name.Append(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' ? c : '_');
        }

        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
        {
            name.Insert(0, 's');
        }

        var suffix = $"_{Guid.NewGuid():N}"[..9];
        return name.ToString()[..Math.Min(name.Length, MaxIdentifierLength - suffix.Length)] + suffix;
    }
}
