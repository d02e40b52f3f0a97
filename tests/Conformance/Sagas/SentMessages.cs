using System.Text.Json;

namespace EventFramework.Conformance.Sagas;

/// <summary>Reads what sagas sent through an outbox back as objects, per saga id.</summary>
public static class SentMessages
{
    public static object Body(EventSerializer serializer, OutboxMessage message) =>
        serializer.Registry.TryGetType(message.Type, out var type)
            ? JsonSerializer.Deserialize(message.Payload, type, serializer.Options)!
            : throw new InvalidOperationException($"Outbox message type '{message.Type}' is not registered.");

    /// <summary>Every committed outbox message, in commit order.</summary>
    public static async Task<IReadOnlyList<OutboxMessage>> All(IOutboxStore outbox)
    {
        var all = new List<OutboxMessage>();
        var position = LogPosition.Start;
        for (var page = await outbox.ReadAfter(position, 5000); page.Count > 0; page = await outbox.ReadAfter(position, 5000))
        {
            all.AddRange(page.Select(m => m.Message));
            position = page[^1].Position;
        }
        return all;
    }
}
