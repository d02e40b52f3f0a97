using System.Collections.ObjectModel;

namespace EventFramework;

/// <summary>
/// What travels with an event besides its data: who caused it and in which context.
/// Stored as a small JSON object next to the event.
/// </summary>
public sealed record EventMetadata
{
    /// <summary>No metadata.</summary>
    public static EventMetadata Empty { get; } = new();

    /// <summary>Ties together everything one user request caused.</summary>
    public string? CorrelationId { get; init; }

    /// <summary>The id of the command or message that directly caused this event.</summary>
    public string? CausationId { get; init; }

    /// <summary>The tenant the event belongs to, for multi-tenant services.</summary>
    public string? TenantId { get; init; }

    /// <summary>Free-form user headers (trace context, user id, ...).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = ReadOnlyDictionary<string, string>.Empty;

    /// <summary>Records compare dictionaries by reference; metadata compares headers by content.</summary>
    public bool Equals(EventMetadata? other) =>
        other is not null
        && CorrelationId == other.CorrelationId
        && CausationId == other.CausationId
        && TenantId == other.TenantId
        && Headers.Count == other.Headers.Count
        && Headers.All(h => other.Headers.TryGetValue(h.Key, out var v) && v == h.Value);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(CorrelationId, CausationId, TenantId, Headers.Count);
}
