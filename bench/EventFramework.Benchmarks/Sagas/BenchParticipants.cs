using System.Text.Json;

namespace EventFramework.Benchmarks.Sagas;

/// <summary>
/// The participants, fed by an outbox relay: a relay batch's replies are appended to the log in one
/// append, each under its command's message id (a republished batch is a no-op for those already there).
/// </summary>
internal sealed class BenchParticipants(IEventStore log, EventSerializer serializer) : IProducer
{
    public async Task<IReadOnlyList<PublishFailure>> Produce(IReadOnlyList<OutboxMessage> messages, CancellationToken ct = default)
    {
        var replies = new List<EventData>();
        foreach (var m in messages)
        {
            if (!serializer.Registry.TryGetType(m.Type, out var type)) continue;
            if (BenchOrders.Reply(JsonSerializer.Deserialize(m.Payload, type, serializer.Options)!) is { } reply)
                replies.Add(serializer.Serialize(reply, eventId: m.MessageId));
        }
        if (replies.Count == 0) return [];
        try
        {
            await log.Append(new StreamName($"replies-{replies[0].EventId:N}"), ExpectedVersion.NoStream, replies, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WrongExpectedVersionException or DuplicateEventIdException)
        {
            foreach (var reply in replies)
            {
                try { await log.Append(new StreamName($"reply-{reply.EventId:N}"), ExpectedVersion.NoStream, [reply], ct).ConfigureAwait(false); }
                catch (Exception again) when (again is WrongExpectedVersionException or DuplicateEventIdException) { }
            }
        }
        return [];
    }
}
