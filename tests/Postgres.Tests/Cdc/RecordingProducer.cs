using System.Collections.Concurrent;

namespace EventFramework.Postgres.Tests.Cdc;

/// <summary>
/// An in-memory broker for CDC tests: records every message it acknowledged, in order; can be
/// down (throws), can hold a call open until released (a broker that never answers), and refuses
/// payloads over a limit (returns a <see cref="PublishFailure"/>), as a real broker would.
/// </summary>
public sealed class RecordingProducer(int maxPayloadBytes = int.MaxValue) : IProducer
{
    private readonly ConcurrentQueue<OutboxMessage> _acknowledged = new();
    private volatile bool _down;
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _holdAfter = int.MaxValue;
    private int _calls;
    private int _holding;

    public IReadOnlyList<OutboxMessage> Acknowledged => [.. _acknowledged];

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>True while a call is held open by <see cref="Hold"/>.</summary>
    public bool IsHolding => Volatile.Read(ref _holding) > 0;

    public void GoDown() => _down = true;

    public void ComeBack() => _down = false;

    /// <summary>From now on every call waits, without acknowledging, until <see cref="Release"/>.</summary>
    public void Hold() => HoldAfter(0);

    /// <summary>Once <paramref name="acknowledged"/> messages are acknowledged, every call waits until <see cref="Release"/>.</summary>
    public void HoldAfter(int acknowledged) => Volatile.Write(ref _holdAfter, acknowledged);

    public void Release()
    {
        Volatile.Write(ref _holdAfter, int.MaxValue);
        _gate.TrySetResult();
    }

    public async Task<IReadOnlyList<PublishFailure>> Produce(IReadOnlyList<OutboxMessage> messages, CancellationToken ct = default)
    {
        Interlocked.Increment(ref _calls);
        if (_down) throw new IOException("broker unreachable");
        if (_acknowledged.Count >= Volatile.Read(ref _holdAfter))
        {
            Interlocked.Increment(ref _holding);
            try { await _gate.Task.WaitAsync(ct); }
            finally { Interlocked.Decrement(ref _holding); }
        }
        var failures = new List<PublishFailure>();
        foreach (var m in messages)
        {
            if (m.Payload.Length > maxPayloadBytes) failures.Add(new PublishFailure(m.MessageId, $"message of {m.Payload.Length} bytes exceeds {maxPayloadBytes}"));
            else _acknowledged.Enqueue(m);
        }
        return failures;
    }
}
