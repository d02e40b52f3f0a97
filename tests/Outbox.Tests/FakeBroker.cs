using System.Collections.Concurrent;

namespace EventFramework.Outbox.Tests;

/// <summary>
/// A producer standing in for a broker in relay logic tests: records what it accepted, can be
/// "down" (throws) and refuses messages larger than its limit, as a real broker would.
/// </summary>
public sealed class FakeBroker(int maxPayloadBytes = 1024) : IProducer
{
    private int _downForCalls;

    public ConcurrentQueue<OutboxMessage> Accepted { get; } = new();

    public int Calls;

    public void GoDown(int calls) => Volatile.Write(ref _downForCalls, calls);

    public Task<IReadOnlyList<PublishFailure>> Produce(IReadOnlyList<OutboxMessage> messages, CancellationToken ct = default)
    {
        Interlocked.Increment(ref Calls);
        if (Interlocked.Decrement(ref _downForCalls) >= 0) throw new IOException("broker unreachable");
        var failures = new List<PublishFailure>();
        foreach (var m in messages)
        {
            if (m.Payload.Length > maxPayloadBytes) failures.Add(new PublishFailure(m.MessageId, $"message of {m.Payload.Length} bytes exceeds {maxPayloadBytes}"));
            else Accepted.Enqueue(m);
        }
        return Task.FromResult<IReadOnlyList<PublishFailure>>(failures);
    }
}
