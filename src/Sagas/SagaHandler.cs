namespace EventFramework;

/// <summary>One registered message handler: whether it starts sagas, how it correlates, what it does.</summary>
internal sealed record SagaHandler<TState>(bool Starts, Func<object, string> Correlate, Action<SagaContext<TState>, object> Handle) where TState : class, new();
