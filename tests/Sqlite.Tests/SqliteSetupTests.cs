using Microsoft.Data.Sqlite;

namespace EventFramework.Sqlite.Tests;

public sealed class SqliteSetupTests
{
    [Fact]
    public async Task a_file_path_is_all_the_store_needs()
    {
        using var db = new TempDatabase();
        await using var store = new SqliteEventStore(db.Path);
        var stream = new StreamName("Account-1");

        var result = await store.Append(stream, ExpectedVersion.NoStream, [TempDatabase.NewEvent(), TempDatabase.NewEvent()]);

        Assert.True(File.Exists(db.Path));
        Assert.Equal(1, result.NextExpectedVersion);
        Assert.Equal(2, (await store.ReadStream(stream, 0, 10)).Count);
    }

    [Fact]
    public async Task first_use_creates_the_schema_and_records_the_applied_script()
    {
        using var db = new TempDatabase();
        await using (var store = new SqliteEventStore(db.Path))
            Assert.Equal(-1, await store.GetStreamVersion(new StreamName("Account-1")));

        using var raw = db.OpenRaw();
        Assert.Superset(
            new HashSet<string> { "events", "streams", "schema_migrations", "projection_checkpoints", "projection_leases", "projection_parked", "outbox", "sagas" },
            Query(raw, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").ToHashSet());
        Assert.Equal(EveryScript, Query(raw, "SELECT version FROM schema_migrations ORDER BY version"));
    }

    [Fact]
    public async Task a_file_from_before_the_projection_tables_gets_them_at_its_next_use()
    {
        using var db = new TempDatabase();
        await using (var store = new SqliteEventStore(db.Path))
            await store.Append(new StreamName("Account-1"), ExpectedVersion.NoStream, [TempDatabase.NewEvent()]);
        using (var old = db.OpenRaw())
        using (var downgrade = old.CreateCommand())
        {
            downgrade.CommandText = "DROP TABLE projection_checkpoints; DROP TABLE projection_parked; DROP TABLE projection_leases; DELETE FROM schema_migrations WHERE version = 2";
            downgrade.ExecuteNonQuery();
        }

        await using (var store = new SqliteEventStore(db.Path))
            Assert.Null(await new SqliteProjectionSink(store).LoadCheckpoint("balances"));

        using var raw = db.OpenRaw();
        Assert.Equal(EveryScript, Query(raw, "SELECT version FROM schema_migrations ORDER BY version"));
        Assert.Equal(["1"], Query(raw, "SELECT count(*) FROM events"));
    }

    [Fact]
    public async Task migrate_is_idempotent_even_from_two_stores_at_once()
    {
        using var db = new TempDatabase();
        await using var a = new SqliteEventStore(db.Path);
        await using var b = new SqliteEventStore(db.Path);

        await Task.WhenAll(a.Migrate(), b.Migrate(), Task.Run(() => a.Migrate()), Task.Run(() => b.Migrate()));
        await a.Migrate();

        using var raw = db.OpenRaw();
        Assert.Equal(EveryScript, Query(raw, "SELECT version FROM schema_migrations ORDER BY version"));
    }

    /// <summary>The version of every embedded script: each applied exactly once.</summary>
    private static List<string> EveryScript => [.. SqliteSchema.ScriptNumbers.Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    [Fact]
    public async Task without_auto_migrate_the_schema_waits_for_an_explicit_migrate()
    {
        using var db = new TempDatabase();
        await using var store = new SqliteEventStore(new SqliteStoreOptions { Path = db.Path, AutoMigrate = false });

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => store.GetStreamVersion(new StreamName("Account-1")));
        Assert.Contains("Migrate", e.Message);
        await store.Migrate();
        Assert.Equal(-1, await store.GetStreamVersion(new StreamName("Account-1")));
    }

    [Fact]
    public async Task connections_run_in_wal_mode_with_synchronous_full_and_the_busy_timeout_by_default()
    {
        using var db = new TempDatabase();
        await using var store = new SqliteEventStore(db.Path);

        var (journalMode, synchronous, busyTimeoutMs) = await store.ReadConnectionSettings();

        Assert.Equal("wal", journalMode);
        Assert.Equal(2, synchronous); // FULL
        Assert.Equal(30_000, busyTimeoutMs);
        using var raw = db.OpenRaw();
        Assert.Equal(["wal"], Query(raw, "PRAGMA journal_mode")); // persistent in the file, for every process
    }

    [Fact]
    public async Task synchronous_normal_and_a_custom_busy_timeout_are_applied_when_configured()
    {
        using var db = new TempDatabase();
        await using var store = new SqliteEventStore(new SqliteStoreOptions
        {
            Path = db.Path,
            Synchronous = SqliteSynchronous.Normal,
            BusyTimeout = TimeSpan.FromMilliseconds(2500),
        });

        var (_, synchronous, busyTimeoutMs) = await store.ReadConnectionSettings();

        Assert.Equal(1, synchronous); // NORMAL
        Assert.Equal(2500, busyTimeoutMs);
    }

    [Fact]
    public void an_in_memory_database_is_refused_because_it_would_not_outlive_a_connection()
    {
        Assert.Throws<ArgumentException>(() => new SqliteEventStore(":memory:"));
    }

    internal static List<string> Query(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read()) rows.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        return rows;
    }
}
