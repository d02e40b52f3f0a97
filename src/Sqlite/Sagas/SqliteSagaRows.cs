using Microsoft.Data.Sqlite;

namespace EventFramework.Sqlite.Sagas;

/// <summary>Reads saga and timeout rows in the column order of <see cref="SqliteSagaStatements"/>.</summary>
internal static class SqliteSagaRows
{
    public static SagaRecord Saga(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetInt64(2),
        Enum.Parse<SagaStatus>(reader.GetString(3)),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        reader.GetString(5),
        reader.GetString(6),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)));

    public static DueTimeout Timeout(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        SqliteEventStore.ReadId(reader, 3),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
        reader.GetString(5),
        reader.GetFieldValue<byte[]>(6));
}
