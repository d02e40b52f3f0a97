namespace EventFramework;

/// <summary>
/// Reads a log of which only some entries become outbox messages (the event log, or another relay's
/// destinations): pages through it after a position until enough messages are found or the log
/// ends. It remembers the last fruitless scan, so a long run of entries that yield nothing is
/// scanned once rather than on every poll of a relay still positioned before it.
/// </summary>
internal sealed class SparseScan<T>(Func<LogPosition, int, CancellationToken, Task<IReadOnlyList<T>>> read, Func<T, LogPosition> positionOf, Func<T, OutboxMessage?> select)
{
    private const int PageSize = 1000;

    private readonly Lock _lock = new();
    private (LogPosition From, LogPosition To)? _emptyScan;

    public async Task<IReadOnlyList<StoredOutboxMessage>> ReadAfter(LogPosition after, int maxCount, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        var from = after;
        lock (_lock)
        {
            if (_emptyScan is { } scan && scan.From == after) from = scan.To;
        }
        var messages = new List<StoredOutboxMessage>();
        while (messages.Count < maxCount)
        {
            var page = await read(from, PageSize, ct).ConfigureAwait(false);
            foreach (var entry in page)
            {
                if (messages.Count == maxCount) break;
                if (select(entry) is { } message) messages.Add(new StoredOutboxMessage(message, positionOf(entry)));
                from = positionOf(entry);
            }
            if (page.Count < PageSize) break;
        }
        lock (_lock) _emptyScan = messages.Count == 0 ? (after, from) : null;
        return messages;
    }
}
