namespace EventFramework;

/// <summary>Where a saga is: running, or one of its three terminal states. Stored as its name.</summary>
public enum SagaStatus
{
    /// <summary>Started and handling messages.</summary>
    Running,

    /// <summary>Finished its work (<see cref="SagaContext{TState}.Complete"/>).</summary>
    Completed,

    /// <summary>Undone: its recorded compensations were sent in reverse order (<see cref="SagaContext{TState}.Compensate"/>).</summary>
    Compensated,

    /// <summary>A handler failed or called <see cref="SagaContext{TState}.Fail"/>: compensations were sent and the reason kept.</summary>
    Failed,
}
