namespace EventFramework;

/// <summary>
/// A saga: state plus explicit handlers. Each handler says how its message is correlated to a
/// saga id; <see cref="StartedBy{TMessage}"/> handlers may create the saga, <see cref="Handles{TMessage}"/>
/// handlers only act on a running one. Handlers are synchronous decisions on the state: they send
/// messages, request and cancel timeouts, record compensations and complete through the
/// <see cref="SagaContext{TState}"/>; the engine commits all of it in one transaction, so a handler
/// must not do I/O of its own (send a message instead).
/// <code>
/// public sealed class Shipping : Saga&lt;ShippingState&gt;
/// {
///     public Shipping() : base("shipping")
///     {
///         StartedBy&lt;OrderPlaced&gt;(e => e.OrderId, (ctx, e) => ctx.Send("warehouse", new PickItems(e.OrderId)));
///         Handles&lt;ItemsPicked&gt;(e => e.OrderId, (ctx, _) => ctx.Complete());
///     }
/// }
/// </code>
/// </summary>
public abstract class Saga<TState> where TState : class, new()
{
    private readonly Dictionary<Type, SagaHandler<TState>> _handlers = [];
    private readonly Dictionary<Type, Action<SagaContext<TState>, object>> _timeouts = [];

    /// <summary>Names the saga type: its stored sagas, timeouts and checkpoint are kept under it.</summary>
    protected Saga(string name)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("A saga needs a name.", nameof(name));
        Name = name;
    }

    /// <summary>The stable saga type name.</summary>
    public string Name { get; }

    /// <summary>The message types this saga handles (timeouts excluded).</summary>
    public IReadOnlyCollection<Type> HandledTypes => _handlers.Keys;

    /// <summary>The timeout types this saga handles.</summary>
    public IReadOnlyCollection<Type> TimeoutTypes => _timeouts.Keys;

    /// <summary>A message that starts a saga (or, for a running one, is handled like any other).</summary>
    protected void StartedBy<TMessage>(Func<TMessage, string> correlate, Action<SagaContext<TState>, TMessage> handle) where TMessage : notnull =>
        _handlers.Add(typeof(TMessage), new SagaHandler<TState>(true, m => correlate((TMessage)m), (ctx, m) => handle(ctx, (TMessage)m)));

    /// <summary>A message handled by a running saga; dropped when its saga does not exist or has ended.</summary>
    protected void Handles<TMessage>(Func<TMessage, string> correlate, Action<SagaContext<TState>, TMessage> handle) where TMessage : notnull =>
        _handlers.Add(typeof(TMessage), new SagaHandler<TState>(false, m => correlate((TMessage)m), (ctx, m) => handle(ctx, (TMessage)m)));

    /// <summary>The handler of a timeout this saga requested; dropped when the saga has ended.</summary>
    protected void OnTimeout<TTimeout>(Action<SagaContext<TState>, TTimeout> handle) where TTimeout : notnull =>
        _timeouts.Add(typeof(TTimeout), (ctx, t) => handle(ctx, (TTimeout)t));

    internal void AddHandler(Type type, SagaHandler<TState> handler) => _handlers.Add(type, handler);

    internal bool TryGetHandler(Type type, out SagaHandler<TState> handler) => _handlers.TryGetValue(type, out handler!);

    internal bool TryGetTimeoutHandler(Type type, out Action<SagaContext<TState>, object> handler) => _timeouts.TryGetValue(type, out handler!);
}
