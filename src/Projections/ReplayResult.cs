namespace EventFramework;

/// <summary>What a replay of parked events did: how many it applied, and the streams still failing (with the error).</summary>
public sealed record ReplayResult(int Applied, IReadOnlyDictionary<string, string> StillFailing);
