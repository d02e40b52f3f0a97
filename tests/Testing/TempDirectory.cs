namespace EventFramework.Testing;

/// <summary>A fresh directory under the system temp directory (/tmp), deleted with everything in it on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    /// <summary>Creates <c>/tmp/{prefix}{random}</c>.</summary>
    public TempDirectory(string prefix = "eventframework-") => Path = Directory.CreateTempSubdirectory(prefix).FullName;

    public string Path { get; }

    /// <summary>The path of <paramref name="name"/> inside the directory; nothing is created.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
