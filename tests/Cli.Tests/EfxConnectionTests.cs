namespace EventFramework.Cli.Tests;

public sealed class EfxConnectionTests
{
    [Theory]
    [InlineData("Host=localhost;Database=bank;Username=app")]
    [InlineData("Server=db;Port=5433")]
    public void a_key_value_string_is_postgresql(string value)
    {
        var connection = EfxConnection.Parse(value);

        Assert.Equal(EfxBackend.PostgreSql, connection.Backend);
        Assert.Equal(value, connection.ConnectionString);
        Assert.Null(connection.SqliteFile);
    }

    [Theory]
    [InlineData("bank.db", "bank.db")]
    [InlineData("data/bank.sqlite", "data/bank.sqlite")]
    [InlineData("Data Source=bank.db;Cache=Shared", "bank.db")]
    [InlineData("filename=/var/lib/bank.db", "/var/lib/bank.db")]
    public void a_path_or_a_data_source_is_sqlite(string value, string file)
    {
        var connection = EfxConnection.Parse(value);

        Assert.Equal(EfxBackend.Sqlite, connection.Backend);
        Assert.Equal(Path.GetFullPath(file), connection.SqliteFile);
    }

    [Theory]
    [InlineData("postgresql://app@db/bank")]
    [InlineData("  ")]
    [InlineData("Host=db;'unterminated")]
    [InlineData("Hots=db;Database=bank")]
    public void anything_else_is_refused(string value) =>
        Assert.Throws<FormatException>(() => EfxConnection.Parse(value));

    [Fact]
    public void a_missing_sqlite_file_is_unavailable_rather_than_created()
    {
        var file = Path.Combine(Path.GetTempPath(), $"efx-missing-{Guid.NewGuid():N}.db");

        var error = Assert.Throws<EventStoreUnavailableException>(() => EfxConnection.Sqlite(file).OpenEventStore());

        Assert.Contains(file, error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(file));
    }
}
