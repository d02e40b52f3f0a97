using System.Text;
using Microsoft.Data.Sqlite;

namespace EventFramework.Sqlite.Tests;

/// <summary>A database path in a fresh temp folder that does not exist yet; the folder goes away on dispose.</summary>
internal sealed class TempDatabase : IDisposable
{
    private readonly string _folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "eventframework-sqlite-tests", Guid.NewGuid().ToString("N"));

    public TempDatabase() => Path = System.IO.Path.Combine(_folder, "events.db");

    public string Path { get; }

    /// <summary>A plain connection of its own, as another process would open the file.</summary>
    public SqliteConnection OpenRaw()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    public static EventData NewEvent(string type = "Deposited", string json = """{"amount":10}""", EventMetadata? metadata = null) =>
        new(Guid.CreateVersion7(), type, Encoding.UTF8.GetBytes(json), metadata ?? EventMetadata.Empty);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
