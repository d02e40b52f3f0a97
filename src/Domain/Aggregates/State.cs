using System.Collections.Concurrent;

namespace EventFramework;

/// <summary>
/// Aggregate state as an immutable record that folds events. Register one handler per event
/// type with <see cref="On{TEvent}"/> in the parameterless constructor; events without a
/// handler leave the state unchanged.
/// <code>
/// public sealed record AccountState : State&lt;AccountState&gt;
/// {
///     public decimal Balance { get; init; }
///     public AccountState() => On&lt;Deposited&gt;((s, e) => s with { Balance = s.Balance + e.Amount });
/// }
/// </code>
/// </summary>
public abstract record State<TSelf> where TSelf : State<TSelf>
{
    // Per state type, not per instance: registering again from each new instance is a no-op.
    private static readonly ConcurrentDictionary<Type, Func<TSelf, object, TSelf>> Handlers = new();

    /// <summary>Registers how <typeparamref name="TEvent"/> changes the state.</summary>
    protected void On<TEvent>(Func<TSelf, TEvent, TSelf> handler) where TEvent : notnull =>
        Handlers.TryAdd(typeof(TEvent), (state, e) => handler(state, (TEvent)e));

    /// <summary>The state after <paramref name="event"/>.</summary>
    public TSelf When(object @event) =>
        Handlers.TryGetValue(@event.GetType(), out var handler) ? handler((TSelf)this, @event) : (TSelf)this;
}
