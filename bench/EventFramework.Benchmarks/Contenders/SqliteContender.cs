namespace EventFramework.Benchmarks.Contenders;

/// <summary>Our SQLite store on a file of its own, built by <see cref="SqliteWiring.Factory"/>.</summary>
internal sealed class SqliteContender(Func<string, IEventStore> factory, string path) : EventStoreContender
{
    public override string Name => "sqlite";

    protected override Task<IEventStore> OpenStore(bool fresh, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        if (fresh)
            foreach (var file in new[] { path, path + "-wal", path + "-shm" }) File.Delete(file);
        return Task.FromResult(factory(path));
    }
}
