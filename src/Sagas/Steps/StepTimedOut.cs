namespace EventFramework;

/// <summary>The timeout a <see cref="StepSaga{TStart}"/> step waits under: step <paramref name="Step"/> got no reply in time.</summary>
[EventType("EventFramework.StepTimedOut")]
public sealed record StepTimedOut(int Step);
