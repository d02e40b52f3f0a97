namespace EventFramework;

/// <summary>The outcome of a successful append.</summary>
/// <param name="NextExpectedVersion">The stream's version after the append: pass it as the next expected version.</param>
/// <param name="Position">The global position of the last event appended.</param>
/// <param name="AlreadyAppended">True when the same events were already stored at this position (an idempotent retry): nothing new was written.</param>
public readonly record struct AppendResult(long NextExpectedVersion, LogPosition Position, bool AlreadyAppended = false);
