namespace EventFramework.Conformance.Orders;

/// <summary>A second event type, so typed round trips cover more than one registration.</summary>
[EventType("OrderShipped")]
public sealed record OrderShipped(string OrderId, DateTimeOffset ShippedAt, IReadOnlyList<string> Parcels);
