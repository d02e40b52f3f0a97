namespace EventFramework;

/// <summary>A registered projection: its name, version (of the code) and partition count.</summary>
public sealed record ProjectionInfo(string Name, int Version, int Partitions);
