using System.Diagnostics;
using EventFramework.Diagnostics;
using EventFramework.Store;
using static EventFramework.Postgres.PostgresErrors;

namespace EventFramework;

// The command service's transactional outbox: events and their integration messages in one transaction.
public sealed partial class PostgresEventStore : IOutboxAppender
{
    private PostgresOutbox? _outbox;

    /// <summary>The outbox in this store's schema (its relays read from it).</summary>
    public PostgresOutbox Outbox => _outbox ??= new PostgresOutbox(_dataSource, Options.Schema);

    /// <inheritdoc />
    public async Task<AppendResult> Append(StreamName stream, ExpectedVersion expected, IReadOnlyList<EventData> events, IReadOnlyList<OutboxMessage> messages, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0) return await Append(stream, expected, events, ct).ConfigureAwait(false);
        EventLimits.Validate(stream, events, Options.MaxEventBytes);
        await EnsureMigrated(ct).ConfigureAwait(false);
        var started = Stopwatch.GetTimestamp();
        var result = await Guard("append", async () =>
        {
            await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
            // The append goes first in the transaction, so it never meets the younger-writer 40001.
            var appended = await AppendOnce(stream, expected, events, transaction, ct).ConfigureAwait(false);
            if (appended.AlreadyAppended) return appended;
            await Outbox.Enqueue(transaction, messages, ct).ConfigureAwait(false);
            await transaction.CommitAsync(ct).ConfigureAwait(false);
            return appended;
        }).ConfigureAwait(false);
        if (!result.AlreadyAppended)
        {
            Changes.Notify();
            EventFrameworkMetrics.EventsAppended.Add(events.Count, BackendTag);
        }
        EventFrameworkMetrics.AppendDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, BackendTag);
        return result;
    }
}
