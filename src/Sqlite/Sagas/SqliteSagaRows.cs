using Microsoft.Data.Sqlite;

namespace EventFramework.Sqlite.Sagas;

/// <summary>Reads the saga store's rows back into the core's records.</summary>
internal static class SqliteSagaRows
{
    public static SagaRecord Saga(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetInt64(2), Enum.Parse<SagaStatus>(r.GetString(3)), r.IsDBNull(4) ? null : r.GetString(4),
        r.GetString(5), r.GetString(6), Time(r, 7), Time(r, 8));

    public static DueTimeout Timeout(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), SqliteEventStore.ReadId(r, 3), Time(r, 4), r.GetString(5), r.GetFieldValue<byte[]>(6));

    public static SagaHistoryEntry History(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetString(3), SqliteEventStore.ReadId(r, 4), Enum.Parse<SagaStatus>(r.GetString(5)), Time(r, 6));

    private static DateTimeOffset Time(SqliteDataReader r, int ordinal) => DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(ordinal));
}
