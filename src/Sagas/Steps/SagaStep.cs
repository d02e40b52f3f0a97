namespace EventFramework;

/// <summary>
/// One step of a <see cref="StepSaga{TStart}"/>: the command it sends, the replies that complete or
/// fail it, its compensation and how long it waits.
/// </summary>
public sealed class SagaStep<TStart> where TStart : class
{
    internal SagaStep(string name) => Name = name;

    public string Name { get; }
    internal (string Destination, Func<TStart, object> Message)? Action { get; private set; }
    internal (string Destination, Func<TStart, object> Message)? Compensation { get; private set; }
    internal List<(Type Type, Func<object, string> Correlate)> Completions { get; } = [];
    internal List<(Type Type, Func<object, string> Correlate, Func<object, string> Reason)> Failures { get; } = [];
    internal TimeSpan? Timeout { get; private set; }

    /// <summary>The command this step sends to <paramref name="destination"/> (through the outbox).</summary>
    public SagaStep<TStart> Send(string destination, Func<TStart, object> message)
    {
        Action = (destination, message);
        return this;
    }

    /// <summary>The reply that completes this step, correlated to the saga id.</summary>
    public SagaStep<TStart> CompletedBy<TReply>(Func<TReply, string> correlate) where TReply : notnull
    {
        Completions.Add((typeof(TReply), m => correlate((TReply)m)));
        return this;
    }

    /// <summary>A reply that fails this step: the completed steps are compensated.</summary>
    public SagaStep<TStart> FailedBy<TReply>(Func<TReply, string> correlate, Func<TReply, string> reason) where TReply : notnull
    {
        Failures.Add((typeof(TReply), m => correlate((TReply)m), m => reason((TReply)m)));
        return this;
    }

    /// <summary>
    /// What undoes this step once it completed (or timed out: its outcome is then unknown, so the
    /// compensation is sent too; make it harmless when there is nothing to undo).
    /// </summary>
    public SagaStep<TStart> CompensateWith(string destination, Func<TStart, object> message)
    {
        Compensation = (destination, message);
        return this;
    }

    /// <summary>Compensates the saga when no reply came within <paramref name="timeout"/>.</summary>
    public SagaStep<TStart> TimeoutAfter(TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
        Timeout = timeout;
        return this;
    }
}
