namespace EventFramework;

/// <summary>
/// What a handler works with: the saga's state (mutate it), and the effects it asks for. Every
/// effect is committed with the new state in one transaction, or not at all.
/// </summary>
public sealed class SagaContext<TState> where TState : class, new()
{
    internal SagaContext(string sagaId, TState state, bool isNew)
    {
        SagaId = sagaId;
        State = state;
        IsNew = isNew;
    }

    /// <summary>The saga's id (what its messages correlate to).</summary>
    public string SagaId { get; }

    /// <summary>The saga's state; handlers change it in place.</summary>
    public TState State { get; }

    /// <summary>True while the starting message is handled.</summary>
    public bool IsNew { get; }

    internal List<SagaOutgoing> Sent { get; } = [];
    internal List<SagaOutgoing> Compensations { get; } = [];
    internal List<(string Name, object? Timeout, TimeSpan Delay)> TimeoutChanges { get; } = [];
    internal (SagaStatus Status, string? Reason)? Ending { get; private set; }

    /// <summary>
    /// Sends <paramref name="message"/> (a registered type) to <paramref name="destination"/> through
    /// the outbox, keyed by <paramref name="key"/> (default: the saga id, so one saga's messages stay in order).
    /// Its message id is derived from the handled message: receivers deduplicate by it.
    /// </summary>
    public void Send(string destination, object message, string? key = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(destination);
        ArgumentNullException.ThrowIfNull(message);
        Sent.Add(new SagaOutgoing(destination, key ?? SagaId, message));
    }

    /// <summary>
    /// Asks for <paramref name="timeout"/> to be handled (<c>OnTimeout</c>) after <paramref name="delay"/>.
    /// A timeout of the same <paramref name="name"/> (default: the timeout's type) replaces the pending one.
    /// </summary>
    public void RequestTimeout(object timeout, TimeSpan delay, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(timeout);
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        TimeoutChanges.Add((name ?? timeout.GetType().Name, timeout, delay));
    }

    /// <summary>Cancels the pending timeout <paramref name="name"/> (nothing happens when there is none).</summary>
    public void CancelTimeout(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        TimeoutChanges.Add((name, null, TimeSpan.Zero));
    }

    /// <summary>
    /// Records what undoes the work done so far: <paramref name="message"/> is sent to
    /// <paramref name="destination"/> if the saga is compensated or fails. Compensations are sent
    /// in reverse order of recording, each exactly once.
    /// </summary>
    public void RecordCompensation(string destination, object message, string? key = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(destination);
        ArgumentNullException.ThrowIfNull(message);
        Compensations.Add(new SagaOutgoing(destination, key ?? SagaId, message));
    }

    /// <summary>Ends the saga: Completed. Its pending timeouts are cancelled; its compensations are dropped.</summary>
    public void Complete() => End(SagaStatus.Completed, null);

    /// <summary>Ends the saga: its compensations are sent in reverse order, then Compensated with <paramref name="reason"/>.</summary>
    public void Compensate(string reason) => End(SagaStatus.Compensated, reason);

    /// <summary>Ends the saga: its compensations are sent in reverse order, then Failed with <paramref name="reason"/>.</summary>
    public void Fail(string reason) => End(SagaStatus.Failed, reason);

    private void End(SagaStatus status, string? reason)
    {
        if (Ending is { } ending) throw new InvalidOperationException($"Saga '{SagaId}' is already ending as {ending.Status}.");
        Ending = (status, reason);
    }
}
