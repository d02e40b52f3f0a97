namespace EventFramework;

/// <summary>A stored state at a stream version, so loading reads only the events after it.</summary>
/// <param name="Version">The stream version the state includes.</param>
/// <param name="StateType">A name for the state's shape; a snapshot of another shape is ignored.</param>
/// <param name="State">The state as UTF-8 JSON.</param>
public sealed record Snapshot(long Version, string StateType, byte[] State);
