using EventFramework.Kafka.Relay;

namespace EventFramework;

public sealed partial class TransactionalKafkaRelay
{
    private LogPosition? _databasePosition;

    /// <summary>
    /// Where to go on from: the position committed in Kafka (the truth), after completing its mirror in
    /// the database if the previous instance died between the Kafka commit and the database write.
    /// With no Kafka record yet (first start, or a relay moving over from polling mode) the database
    /// position is the start.
    /// </summary>
    private async Task<LogPosition?> Resume(RelayPositionRecord? committed, CancellationToken ct)
    {
        _databasePosition = await _store.LoadPosition(Name, ct).ConfigureAwait(false);
        if (committed is null) return _databasePosition;
        var position = committed.LogPosition;
        if (_databasePosition == position) return position;

        var deadLetters = new List<DeadLetter>();
        if (committed.DeadLetters.Count > 0 && (_databasePosition is null || _databasePosition < position))
        {
            var reasons = committed.DeadLetters.ToDictionary(d => d.MessageId, d => d.Reason);
            var now = DateTimeOffset.UtcNow;
            var after = _databasePosition ?? LogPosition.Start;
            while (true)
            {
                var page = await _store.ReadAfter(after, 1000, ct).ConfigureAwait(false);
                var covered = page.Where(m => m.Position <= position).ToList();
                deadLetters.AddRange(covered.Where(m => reasons.ContainsKey(m.Message.MessageId)).Select(m => new DeadLetter(Name, m, reasons[m.Message.MessageId], now)));
                if (covered.Count < page.Count || page.Count == 0) break;
                after = page[^1].Position;
            }
        }
        await Advance(position, deadLetters, ct).ConfigureAwait(false);
        return position;
    }

    private Task Mirror(RelayPositionRecord record, IReadOnlyList<StoredOutboxMessage> batch, CancellationToken ct)
    {
        var reasons = record.DeadLetters.ToDictionary(d => d.MessageId, d => d.Reason);
        var now = DateTimeOffset.UtcNow;
        var deadLetters = batch.Where(m => reasons.ContainsKey(m.Message.MessageId)).Select(m => new DeadLetter(Name, m, reasons[m.Message.MessageId], now)).ToList();
        return Advance(record.LogPosition, deadLetters, ct);
    }

    /// <summary>Moves the database position; if someone else moved it (an old instance), once more from where it is.</summary>
    private async Task Advance(LogPosition next, IReadOnlyList<DeadLetter> deadLetters, CancellationToken ct)
    {
        if (!await _store.Advance(Name, _databasePosition, next, deadLetters, ct).ConfigureAwait(false))
        {
            _databasePosition = await _store.LoadPosition(Name, ct).ConfigureAwait(false);
            if (_databasePosition != next && !await _store.Advance(Name, _databasePosition, next, deadLetters, ct).ConfigureAwait(false))
                throw new InvalidOperationException($"relay '{Name}': the database position keeps moving under it; is a polling relay with the same name running?");
        }
        _databasePosition = next;
    }
}
