namespace EventFramework;

/// <summary>
/// Splits streams over partitions by a stable hash of the stream name (FNV-1a over UTF-16 code
/// units; stable across processes and versions, unlike string.GetHashCode), so every event of a
/// stream lands in one partition and its order is kept.
/// </summary>
public static class StreamPartitioner
{
    /// <summary>The partition of <paramref name="stream"/> among <paramref name="partitions"/>.</summary>
    public static int PartitionOf(string stream, int partitions)
    {
        if (partitions <= 1) return 0;
        var hash = 2166136261u;
        foreach (var c in stream)
        {
            hash = (hash ^ (byte)c) * 16777619u;
            hash = (hash ^ (byte)(c >> 8)) * 16777619u;
        }
        return (int)(hash % (uint)partitions);
    }
}
