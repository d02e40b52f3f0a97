using System.Text;

namespace EventFramework.Kafka.Tests.Relay;

/// <summary>
/// Concurrent writers filling a PostgreSQL outbox: each owns a share of the keys and numbers its
/// messages per key (payload "key|sequence"), so a reader can check order per key and find gaps.
/// </summary>
internal sealed class OutboxWriters(PostgresOutbox outbox, string topic, int writers = 8, int keys = 64)
{
    public HashSet<Guid> Written { get; } = [];

    /// <summary>Writes <paramref name="total"/> messages in small transactions, pausing <paramref name="pause"/> between them.</summary>
    public async Task Write(int total, TimeSpan pause, CancellationToken ct = default)
    {
        var perWriter = total / writers;
        var all = await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(() => Writer(w, w == writers - 1 ? total - (perWriter * (writers - 1)) : perWriter, pause, ct), ct)));
        foreach (var ids in all) Written.UnionWith(ids);
    }

    private async Task<List<Guid>> Writer(int writer, int count, TimeSpan pause, CancellationToken ct)
    {
        var random = new Random(writer);
        var owned = Enumerable.Range(0, keys).Where(k => k % writers == writer).Select(k => $"key-{k}").ToArray();
        var sequences = owned.ToDictionary(k => k, _ => 0);
        var ids = new List<Guid>(count);
        while (ids.Count < count)
        {
            var size = Math.Min(count - ids.Count, 1 + random.Next(40));
            var messages = new List<OutboxMessage>(size);
            for (var i = 0; i < size; i++)
            {
                var key = owned[random.Next(owned.Length)];
                var sequence = ++sequences[key];
                messages.Add(new OutboxMessage(Guid.NewGuid(), topic, key, "CrashMessage", Encoding.UTF8.GetBytes($"{key}|{sequence}"),
                    new Dictionary<string, string> { ["correlation-id"] = $"w{writer}" }));
            }
            await outbox.Enqueue(messages, ct);
            ids.AddRange(messages.Select(m => m.MessageId));
            if (pause > TimeSpan.Zero) await Task.Delay(pause, ct);
        }
        return ids;
    }
}
