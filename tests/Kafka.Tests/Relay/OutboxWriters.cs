using System.Text;

namespace EventFramework.Kafka.Tests.Relay;

/// <summary>
/// Concurrent writers filling a PostgreSQL outbox: each owns a share of the keys and numbers its
/// messages per key (payload "key|sequence"), so a reader can check order per key and find gaps.
/// </summary>
internal sealed class OutboxWriters
{
    private readonly PostgresOutbox _outbox;
    private readonly string _topic;
    private readonly Writer[] _writers;

    public OutboxWriters(PostgresOutbox outbox, string topic, int writers = 8, int keys = 64)
    {
        _outbox = outbox;
        _topic = topic;
        _writers = [.. Enumerable.Range(0, writers).Select(w => new Writer(w, [.. Enumerable.Range(0, keys).Where(k => k % writers == w).Select(k => $"key-{k}")]))];
    }

    private long _count;

    public HashSet<Guid> Written { get; } = [];

    /// <summary>How many messages are committed so far, including writes still under way.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>All writers at once write <paramref name="total"/> more messages in small transactions, pausing <paramref name="pause"/> between them.</summary>
    public async Task Write(int total, TimeSpan pause, CancellationToken ct = default)
    {
        var share = total / _writers.Length;
        var all = await Task.WhenAll(_writers.Select((w, i) => Task.Run(() => Write(w, i == _writers.Length - 1 ? total - (share * (_writers.Length - 1)) : share, pause, ct), ct)));
        foreach (var ids in all) Written.UnionWith(ids);
    }

    private async Task<List<Guid>> Write(Writer writer, int count, TimeSpan pause, CancellationToken ct)
    {
        var ids = new List<Guid>(count);
        while (ids.Count < count)
        {
            var size = Math.Min(count - ids.Count, 1 + writer.Random.Next(40));
            var messages = new List<OutboxMessage>(size);
            for (var i = 0; i < size; i++)
            {
                var key = writer.Keys[writer.Random.Next(writer.Keys.Length)];
                var sequence = ++writer.Sequences[key];
                messages.Add(new OutboxMessage(Guid.NewGuid(), _topic, key, "CrashMessage", Encoding.UTF8.GetBytes($"{key}|{sequence}"),
                    new Dictionary<string, string> { ["correlation-id"] = $"w{writer.Number}" }));
            }
            await _outbox.Enqueue(messages, ct);
            Interlocked.Add(ref _count, messages.Count);
            ids.AddRange(messages.Select(m => m.MessageId));
            if (pause > TimeSpan.Zero) await Task.Delay(pause, ct);
        }
        return ids;
    }

    private sealed class Writer(int number, string[] keys)
    {
        public int Number { get; } = number;

        public string[] Keys { get; } = keys;

        public Random Random { get; } = new(number);

        public Dictionary<string, int> Sequences { get; } = keys.ToDictionary(k => k, _ => 0);
    }
}
