using System.Diagnostics;
using EventFramework.Diagnostics;

namespace EventFramework;

/// <summary>
/// A read model built from events. <typeparamref name="TContext"/> is what its sink hands each
/// handler: on PostgreSQL the connection and transaction of the batch, so read-model writes
/// commit together with the projection's checkpoint.
/// <code>
/// public sealed class Balances : Projection&lt;PostgresProjectionContext&gt;
/// {
///     public Balances() : base("balances", version: 1) =>
///         On&lt;MoneyDeposited&gt;((db, e, ct) => db.Execute("update balances set amount = amount + $2 where account = $1", e.Account, e.Amount));
/// }
/// </code>
/// Handlers must be deterministic writes to the sink: effects outside it (HTTP, e-mail) are not
/// rolled back with the batch; make them idempotent by the event id.
/// </summary>
public abstract class Projection<TContext>
{
    private readonly Dictionary<Type, Func<TContext, object, RecordedEvent, CancellationToken, Task>> _handlers = [];

    /// <summary>Names the projection; bump <paramref name="version"/> to rebuild it from the start.</summary>
    protected Projection(string name, int version = 1)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("A projection needs a name.", nameof(name));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(version);
        Name = name;
        Version = version;
    }

    /// <summary>The stable name: checkpoints and parked events are kept under it.</summary>
    public string Name { get; }

    /// <summary>The version of the read model's shape and logic.</summary>
    public int Version { get; }

    /// <summary>"name@vN": what checkpoints and parked events are kept under, so a new version rebuilds beside the old one.</summary>
    public string Key => $"{Name}@v{Version}";

    /// <summary>The event types this projection handles; others only move its checkpoint.</summary>
    public IReadOnlyCollection<Type> HandledTypes => _handlers.Keys;

    /// <summary>Registers the handler of <typeparamref name="TEvent"/>, with the stored envelope.</summary>
    protected void On<TEvent>(Func<TContext, TEvent, RecordedEvent, CancellationToken, Task> handler) where TEvent : notnull =>
        _handlers.Add(typeof(TEvent), (ctx, e, envelope, ct) => handler(ctx, (TEvent)e, envelope, ct));

    /// <summary>Registers the handler of <typeparamref name="TEvent"/>.</summary>
    protected void On<TEvent>(Func<TContext, TEvent, CancellationToken, Task> handler) where TEvent : notnull =>
        On<TEvent>((ctx, e, _, ct) => handler(ctx, e, ct));

    /// <summary>
    /// Empties this version's read model, in the reset's transaction. Override it to allow
    /// <c>reset</c>: the default refuses, since a reset that leaves old rows would count twice.
    /// </summary>
    public virtual Task Clear(TContext context, CancellationToken ct) =>
        throw new NotSupportedException($"Projection '{Name}' does not override Clear, so it cannot be reset in place.");

    /// <summary>
    /// Makes this version's read model the one readers see (e.g. points views at its tables), in
    /// one transaction once it has caught up. The default does nothing: for projections whose
    /// tables do not change between versions.
    /// </summary>
    public virtual Task Activate(TContext context, CancellationToken ct) => Task.CompletedTask;

    /// <summary>
    /// Applies one deserialized event through its handler; false when none is registered. Traced as
    /// "project {name}", a child of the trace context the event carries (its command's, usually).
    /// </summary>
    public async Task<bool> Apply(TContext context, object @event, RecordedEvent envelope, CancellationToken ct)
    {
        if (!_handlers.TryGetValue(@event.GetType(), out var handler)) return false;
        using var activity = TraceContext.StartChild($"project {Name}", ActivityKind.Internal, envelope.Metadata.Headers);
        activity?.SetTag("eventframework.event.type", envelope.EventType);
        await handler(context, @event, envelope, ct).ConfigureAwait(false);
        return true;
    }
}
