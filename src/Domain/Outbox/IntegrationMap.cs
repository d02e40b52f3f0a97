using System.Reflection;
using System.Text.Json;

namespace EventFramework;

/// <summary>
/// Which domain events leave the service, and as what: each mapped event becomes one integration
/// message (a public contract, kept apart from the domain event) for a destination topic. The
/// message id is the event id, the key is the stream, and the headers carry the event's
/// correlation, causation and tenant plus the current trace context. Used by the command service's
/// transactional outbox and by relays that read the event log itself.
/// <code>
/// var published = new IntegrationMap()
///     .Map&lt;Deposited&gt;("bank.transactions", (e, c) =&gt; new MoneyDeposited(c.Stream.Value, e.Amount));
/// </code>
/// </summary>
public sealed class IntegrationMap
{
    /// <summary>Header names written on every message.</summary>
    public static class Headers
    {
        public const string CorrelationId = "correlation-id";
        public const string CausationId = "causation-id";
        public const string TenantId = "tenant-id";
        public const string TraceParent = Diagnostics.TraceContext.TraceParent;
        public const string TraceState = Diagnostics.TraceContext.TraceState;
    }

    private sealed record Mapping(string Destination, Func<object, IntegrationContext, object?> Contract);

    private readonly Dictionary<Type, Mapping> _mappings = [];
    private readonly JsonSerializerOptions _json;

    /// <summary>A map serializing contracts with <paramref name="json"/> (default: System.Text.Json's web defaults).</summary>
    public IntegrationMap(JsonSerializerOptions? json = null) => _json = json ?? JsonSerializerOptions.Web;

    /// <summary>
    /// Publishes every <typeparamref name="TEvent"/> to <paramref name="destination"/> as the contract
    /// <paramref name="contract"/> returns (null: this one stays inside). The message type is the
    /// contract's <see cref="EventTypeAttribute"/> name, or its class name.
    /// </summary>
    public IntegrationMap Map<TEvent>(string destination, Func<TEvent, IntegrationContext, object?> contract)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(destination);
        ArgumentNullException.ThrowIfNull(contract);
        if (!_mappings.TryAdd(typeof(TEvent), new Mapping(destination, (e, c) => contract((TEvent)e, c))))
            throw new ArgumentException($"{typeof(TEvent).Name} is already mapped.", nameof(TEvent));
        return this;
    }

    /// <summary>Whether events of <paramref name="eventType"/> may leave as messages.</summary>
    public bool Handles(Type eventType) => _mappings.ContainsKey(eventType);

    /// <summary>The message <paramref name="domainEvent"/> leaves as, or null when it stays inside.</summary>
    public OutboxMessage? ToMessage(object domainEvent, IntegrationContext context)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        if (!_mappings.TryGetValue(domainEvent.GetType(), out var mapping)) return null;
        if (mapping.Contract(domainEvent, context) is not { } contract) return null;
        var type = contract.GetType();
        var payload = JsonSerializer.SerializeToUtf8Bytes(contract, type, _json);
        return new OutboxMessage(context.EventId, mapping.Destination, context.Stream.Value, TypeName(type), payload, HeadersOf(context.Metadata));
    }

    private static string TypeName(Type contract) => contract.GetCustomAttribute<EventTypeAttribute>()?.Name ?? contract.Name;

    private static IReadOnlyDictionary<string, string> HeadersOf(EventMetadata metadata)
    {
        var headers = new Dictionary<string, string>(metadata.Headers);
        if (metadata.CorrelationId is { } correlation) headers[Headers.CorrelationId] = correlation;
        if (metadata.CausationId is { } causation) headers[Headers.CausationId] = causation;
        if (metadata.TenantId is { } tenant) headers[Headers.TenantId] = tenant;
        return Diagnostics.TraceContext.WithCurrent(headers);
    }
}
