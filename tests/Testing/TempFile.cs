namespace EventFramework.Testing;

/// <summary>
/// A unique, not yet existing file path under the system temp directory (/tmp), for a SQLite database.
/// On dispose the file and its SQLite companions (<c>-wal</c>, <c>-shm</c>, <c>-journal</c>) are deleted;
/// on Linux that works even while a pooled connection still has them open.
/// </summary>
public sealed class TempFile : IDisposable
{
    private static readonly string[] Companions = ["", "-wal", "-shm", "-journal"];

    /// <summary>Picks <c>/tmp/eventframework-{random}{extension}</c>.</summary>
    public TempFile(string extension = ".db") =>
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"eventframework-{Guid.NewGuid():N}{extension}");

    public string Path { get; }

    public void Dispose()
    {
        foreach (var suffix in Companions)
        {
            File.Delete(Path + suffix);
        }
    }
}
