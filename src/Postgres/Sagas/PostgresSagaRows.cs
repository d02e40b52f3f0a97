using Npgsql;

namespace EventFramework.Postgres.Sagas;

/// <summary>Reads saga and timeout rows in the column order of <see cref="SagaSql"/>.</summary>
internal static class PostgresSagaRows
{
    public static SagaRecord Saga(NpgsqlDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetInt64(2),
        Enum.Parse<SagaStatus>(reader.GetString(3)),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        reader.GetString(5),
        reader.GetString(6),
        reader.GetFieldValue<DateTimeOffset>(7),
        reader.GetFieldValue<DateTimeOffset>(8));

    public static DueTimeout Timeout(NpgsqlDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetGuid(3),
        reader.GetFieldValue<DateTimeOffset>(4),
        reader.GetString(5),
        reader.GetFieldValue<byte[]>(6));
}
