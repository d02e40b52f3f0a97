namespace EventFramework;

/// <summary>
/// A saga's new record, stored only if the stored version is still <paramref name="ExpectedVersion"/>
/// (0: the saga must not exist yet).
/// </summary>
public sealed record SagaWrite(SagaRecord Record, long ExpectedVersion);
