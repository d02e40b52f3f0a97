namespace EventFramework.Conformance.Orders;

/// <summary>
/// The current shape of an order placement. Stored shapes of older versions:
/// "OrderPlaced.v1" <c>{orderId, total}</c>, "OrderPlaced.v2" <c>{orderId, amount}</c> (currency implied EUR).
/// </summary>
[EventType("OrderPlaced")]
public sealed record OrderPlaced(string OrderId, decimal Amount, string Currency);
