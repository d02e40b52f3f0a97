using EventFramework.Conformance.Sagas;

namespace EventFramework.SagaCrashHost;

/// <summary>
/// The saga's participants, fed by an outbox relay: each command becomes its reply event, appended
/// to a stream of its own under the command's message id, so a republished command (the relay is
/// at-least-once) appends nothing new. A batch's replies go in one append when it is new; a batch
/// published again falls back to one append per reply, where an event id the store already holds
/// means the reply exists. Orders ending in 3 have their card declined; orders ending
/// in 7 are never shipped (their ship step times out).
/// </summary>
public sealed class CrashParticipants(IEventStore log, EventSerializer serializer) : IProducer
{
    public async Task<IReadOnlyList<PublishFailure>> Produce(IReadOnlyList<OutboxMessage> messages, CancellationToken ct = default)
    {
        var replies = new List<(Guid Id, object Reply)>();
        foreach (var message in messages)
            if (Reply(SentMessages.Body(serializer, message)) is { } reply) replies.Add((message.MessageId, reply));
        if (replies.Count == 0) return [];
        try
        {
            await log.Append(new StreamName($"replies-{replies[0].Id:N}"), ExpectedVersion.NoStream,
                [.. replies.Select(r => serializer.Serialize(r.Reply, eventId: r.Id))], ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WrongExpectedVersionException or DuplicateEventIdException)
        {
            foreach (var chunk in replies.Chunk(32))
                await Task.WhenAll(chunk.Select(r => AppendOnce(r.Id, r.Reply, ct))).ConfigureAwait(false);
        }
        return [];
    }

    private async Task AppendOnce(Guid id, object reply, CancellationToken ct)
    {
        try
        {
            await log.Append(new StreamName($"reply-{id:N}"), ExpectedVersion.NoStream, [serializer.Serialize(reply, eventId: id)], ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WrongExpectedVersionException or DuplicateEventIdException)
        {
            // Appended before, in a batch or alone: the reply exists once.
        }
    }

    public static object? Reply(object command) => command switch
    {
        ReserveStock c => new StockReserved(c.OrderId),
        ChargeCard c when c.OrderId.EndsWith('3') => new CardDeclined(c.OrderId, "declined"),
        ChargeCard c => new CardCharged(c.OrderId),
        ShipOrder c when c.OrderId.EndsWith('7') => null,
        ShipOrder c => new OrderShipped(c.OrderId),
        _ => null, // compensations need no reply
    };
}
