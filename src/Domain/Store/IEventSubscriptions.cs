namespace EventFramework;

/// <summary>Catch-up subscriptions: read history from a position, then follow live appends.</summary>
public interface IEventSubscriptions
{
    /// <summary>Every event after <paramref name="after"/>, in global order, then live ones as they commit.</summary>
    EventSubscription SubscribeToAll(LogPosition after, SubscriptionOptions? options = null);

    /// <summary>The events of one stream from <paramref name="from"/> (inclusive), then live ones.</summary>
    EventSubscription SubscribeToStream(StreamName stream, long from, SubscriptionOptions? options = null);
}
