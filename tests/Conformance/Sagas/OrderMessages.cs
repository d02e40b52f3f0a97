namespace EventFramework.Conformance.Sagas;

// The order saga's messages: the start event, the commands it sends, the participants' replies.
// Stable type names: they are the storage format of events and outbox messages.
public sealed record OrderPlaced(string OrderId, decimal Amount);
public sealed record ReserveStock(string OrderId);
public sealed record ReleaseStock(string OrderId);
public sealed record StockReserved(string OrderId);
public sealed record StockRejected(string OrderId, string Why);
public sealed record ChargeCard(string OrderId, decimal Amount);
public sealed record RefundCard(string OrderId, decimal Amount);
public sealed record CardCharged(string OrderId);
public sealed record CardDeclined(string OrderId, string Why);
public sealed record ShipOrder(string OrderId);
public sealed record OrderShipped(string OrderId);
