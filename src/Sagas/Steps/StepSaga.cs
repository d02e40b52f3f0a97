namespace EventFramework;

/// <summary>
/// The common orchestration shape, declared: a start message, then steps in order, each sending
/// a command and waiting for a reply. A completed step records its compensation; a failing reply
/// or a step's timeout compensates the saga (reverse order); the last completed step completes it.
/// Replies for another step than the current one (duplicates, late ones) are ignored.
/// <code>
/// var transfer = new StepSaga&lt;TransferRequested&gt;("transfer", r => r.TransferId)
///     .Step("debit", s => s.Send("accounts", r => new Debit(r.TransferId, r.From, r.Amount))
///         .CompletedBy&lt;Debited&gt;(e => e.TransferId)
///         .FailedBy&lt;DebitRejected&gt;(e => e.TransferId, e => e.Reason)
///         .CompensateWith("accounts", r => new Credit(r.TransferId, r.From, r.Amount))
///         .TimeoutAfter(TimeSpan.FromSeconds(30)))
///     .Step("credit", s => s.Send("accounts", r => new Credit(r.TransferId, r.To, r.Amount))
///         .CompletedBy&lt;Credited&gt;(e => e.TransferId));
/// </code>
/// </summary>
public sealed class StepSaga<TStart> : Saga<StepSagaState<TStart>> where TStart : class
{
    private const string StepTimeout = "step";
    private readonly List<SagaStep<TStart>> _steps = [];

    /// <summary>A saga named <paramref name="name"/>, started by <typeparamref name="TStart"/>.</summary>
    public StepSaga(string name, Func<TStart, string> correlate) : base(name)
    {
        StartedBy<TStart>(correlate, (ctx, start) =>
        {
            if (!ctx.IsNew) return; // a second start message for a running saga
            if (_steps.Count == 0) throw new InvalidOperationException($"Saga '{Name}' declares no steps.");
            ctx.State.Start = start;
            Enter(ctx, 0);
        });
        OnTimeout<StepTimedOut>((ctx, timeout) =>
        {
            if (timeout.Step != ctx.State.Step) return; // the saga moved on
            var step = _steps[timeout.Step];
            if (step.Compensation is { } undo) ctx.RecordCompensation(undo.Destination, undo.Message(ctx.State.Start!));
            ctx.Compensate($"step '{step.Name}' timed out");
        });
    }

    /// <summary>The declared steps, in order.</summary>
    public IReadOnlyList<SagaStep<TStart>> Steps => _steps;

    /// <summary>Adds the next step.</summary>
    public StepSaga<TStart> Step(string name, Func<SagaStep<TStart>, SagaStep<TStart>> declare)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var step = declare(new SagaStep<TStart>(name));
        if (step.Action is null) throw new ArgumentException($"Step '{name}' sends nothing: call Send.", nameof(declare));
        if (step.Completions.Count == 0) throw new ArgumentException($"Step '{name}' has no completing reply: call CompletedBy.", nameof(declare));
        var index = _steps.Count;
        _steps.Add(step);
        foreach (var (type, correlate) in step.Completions)
            Register(type, correlate, (ctx, _) => Completed(ctx, index));
        foreach (var (type, correlate, reason) in step.Failures)
            Register(type, correlate, (ctx, reply) =>
            {
                if (ctx.State.Step == index) ctx.Compensate($"step '{step.Name}' failed: {reason(reply)}");
            });
        return this;
    }

    private void Register(Type type, Func<object, string> correlate, Action<SagaContext<StepSagaState<TStart>>, object> handle) =>
        AddHandler(type, new SagaHandler<StepSagaState<TStart>>(false, correlate, handle));

    private void Completed(SagaContext<StepSagaState<TStart>> ctx, int index)
    {
        if (ctx.State.Step != index) return; // a duplicate or late reply
        var step = _steps[index];
        if (step.Compensation is { } undo) ctx.RecordCompensation(undo.Destination, undo.Message(ctx.State.Start!));
        if (index + 1 < _steps.Count) Enter(ctx, index + 1);
        else ctx.Complete();
    }

    private void Enter(SagaContext<StepSagaState<TStart>> ctx, int index)
    {
        var step = _steps[index];
        ctx.State.Step = index;
        ctx.Send(step.Action!.Value.Destination, step.Action.Value.Message(ctx.State.Start!));
        if (step.Timeout is { } timeout) ctx.RequestTimeout(new StepTimedOut(index), timeout, StepTimeout);
        else ctx.CancelTimeout(StepTimeout);
    }
}
