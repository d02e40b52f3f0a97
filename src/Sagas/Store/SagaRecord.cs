namespace EventFramework;

/// <summary>
/// A saga as stored: its identity, optimistic <see cref="Version"/> (the number of messages it
/// handled), status, and its state and recorded compensations as JSON (opaque to stores).
/// </summary>
public sealed record SagaRecord(
    string SagaType,
    string SagaId,
    long Version,
    SagaStatus Status,
    string? Reason,
    string State,
    string Compensations,
    DateTimeOffset Created,
    DateTimeOffset Updated)
{
    /// <summary>True for Completed, Compensated and Failed: the saga handles nothing more.</summary>
    public bool IsTerminal => Status != SagaStatus.Running;
}
