using EventFramework.Sqlite;

namespace EventFramework;

/// <summary>A stored projection checkpoint: its key (projection, plus "/p-of-n" when split), position and last move.</summary>
public sealed record ProjectionCheckpoint(string Key, LogPosition Position, DateTimeOffset Updated);
