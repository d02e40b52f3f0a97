using EventFramework.Testing;

namespace EventFramework.Postgres.Tests.Sagas;

/// <summary>
/// The outbox rows of a schema as (key, type), in position order, read straight from the table: a
/// relay's gap-free read waits behind every open transaction in the cluster (other test classes'
/// too), while these tests read after every write they wait for has committed.
/// </summary>
internal static class CommittedOutbox
{
    public static async Task<Dictionary<string, List<string>>> TypesByKey(PostgresSchema schema)
    {
        await using var cmd = schema.DataSource.CreateCommand($"select key, type from \"{schema.Name}\".outbox order by position");
        await using var reader = await cmd.ExecuteReaderAsync();
        var sent = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            if (!sent.TryGetValue(reader.GetString(0), out var types)) sent[reader.GetString(0)] = types = [];
            types.Add(reader.GetString(1));
        }
        return sent;
    }
}
