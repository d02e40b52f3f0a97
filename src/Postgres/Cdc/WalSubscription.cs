using System.Runtime.CompilerServices;
using System.Text;
using EventFramework.Postgres;
using EventFramework.Serialization;
using Npgsql;
using NpgsqlTypes;

namespace EventFramework;

/// <summary>
/// A subscription to a <see cref="PostgresWalSource"/>: enumerate it for events in commit order;
/// <see cref="Position"/> is the last one delivered; <see cref="Acknowledge"/> releases the WAL
/// before a position once the consumer has stored it. A broken connection ends the enumeration with
/// <see cref="EventStoreUnavailableException"/> (subscribe again from the stored position); a lost
/// slot with <see cref="ReplicationSlotLostException"/>.
/// </summary>
public sealed class WalSubscription : IAsyncEnumerable<RecordedEvent>
{
    private readonly PostgresWalSource _source;
    private readonly WalPosition? _after;
    private WalStream? _stream;
    private WalPosition? _position;
    private long _delivered;

    internal WalSubscription(PostgresWalSource source, WalPosition? after)
    {
        _source = source;
        _after = after;
        _position = after;
    }

    /// <summary>The position of the last event delivered (or the one subscribed after).</summary>
    public WalPosition? Position => _position;

    /// <summary>How many events it has delivered.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>
    /// Lets the slot release the WAL before <paramref name="position"/>'s transaction. That
    /// transaction is read again after a restart: resume with <see cref="PostgresWalSource.Subscribe"/>
    /// after <paramref name="position"/> to skip what was delivered. Call it after storing the position.
    /// </summary>
    public async Task Acknowledge(WalPosition position, CancellationToken ct = default)
    {
        var stream = Volatile.Read(ref _stream) ?? throw new InvalidOperationException("The subscription is not running.");
        await stream.Confirm(new NpgsqlLogSequenceNumber(position.CommitLsn), ct).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async IAsyncEnumerator<RecordedEvent> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        await foreach (var e in Read(cancellationToken).ConfigureAwait(false)) yield return e;
    }

    private async IAsyncEnumerable<RecordedEvent> Read([EnumeratorCancellation] CancellationToken ct)
    {
        var slot = _source.SlotState;
        await slot.Ensure(ct).ConfigureAwait(false);
        if (_after is { } after && (await slot.Check(ct).ConfigureAwait(false)).ConfirmedFlush is { } confirmed && (ulong)confirmed > after.CommitLsn)
            throw new ReplicationSlotMismatchException(slot.Name, $"it was acknowledged up to {confirmed}, past the requested position {after}: the events in between are no longer in it");

        await using var stream = new WalStream(slot, PostgresWalSource.Columns, heartbeats: false);
        await Start(stream, _after, ct).ConfigureAwait(false);
        Volatile.Write(ref _stream, stream);
        try
        {
            var changes = stream.Changes.Reader;
            while (await Wait(stream, ct).ConfigureAwait(false))
            {
                while (changes.TryRead(out var change))
                {
                    if (change.Kind != WalChangeKind.Row) continue;
                    var position = new WalPosition((ulong)change.Lsn, change.Index);
                    if (_after is { } a && position <= a) continue;
                    var e = ToEvent(change.Row!);
                    _position = position;
                    Interlocked.Increment(ref _delivered);
                    yield return e;
                }
            }
        }
        finally
        {
            Volatile.Write(ref _stream, null);
        }
    }

    private async Task Start(WalStream stream, WalPosition? after, CancellationToken ct)
    {
        try
        {
            await stream.Start(after is { } a ? new NpgsqlLogSequenceNumber(a.CommitLsn) : null, ct).ConfigureAwait(false);
        }
        catch (NpgsqlException ex) when (PostgresErrors.IsUnavailable(ex))
        {
            throw PostgresErrors.Unavailable("read the WAL", ex);
        }
    }

    /// <summary>Waits for changes; a failed session becomes a typed error (the slot's, or unavailable).</summary>
    private async Task<bool> Wait(WalStream stream, CancellationToken ct)
    {
        try
        {
            return await stream.Changes.Reader.WaitToReadAsync(ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or ReplicationSlotException))
        {
            await _source.SlotState.Check(ct).ConfigureAwait(false);
            throw PostgresErrors.Unavailable("read the WAL", ex);
        }
    }

    private static RecordedEvent ToEvent(object?[] row) => new(
        (Guid)row[0]!,
        new StreamName((string)row[1]!),
        (long)row[2]!,
        new LogPosition((ulong)row[3]!, (long)row[4]!),
        (string)row[5]!,
        Encoding.UTF8.GetBytes((string)row[6]!),
        EventMetadataJson.Read((string)row[7]!),
        row[8] switch
        {
            DateTimeOffset o => o,
            DateTime d => new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)),
            var other => throw new InvalidCastException($"Unexpected 'created' value {other}."),
        });
}
