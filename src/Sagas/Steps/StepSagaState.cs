namespace EventFramework;

/// <summary>The state of a <see cref="StepSaga{TStart}"/>: the message that started it and the step it waits on.</summary>
public sealed class StepSagaState<TStart> where TStart : class
{
    public TStart? Start { get; set; }

    /// <summary>The index of the step whose reply the saga waits for.</summary>
    public int Step { get; set; }
}
