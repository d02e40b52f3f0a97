namespace EventFramework;

/// <summary>
/// Where outbox messages and relay positions live (the database of the commands that wrote
/// them). Messages are read in commit order without gaps, as ReadAll is.
/// </summary>
public interface IOutboxStore
{
    /// <summary>Up to <paramref name="maxCount"/> messages after <paramref name="after"/>, in commit order.</summary>
    Task<IReadOnlyList<StoredOutboxMessage>> ReadAfter(LogPosition after, int maxCount, CancellationToken ct = default);

    /// <summary>The relay's position: the last message it is done with, or null before the first.</summary>
    Task<LogPosition?> LoadPosition(string relay, CancellationToken ct = default);

    /// <summary>
    /// In one transaction: stores <paramref name="deadLetters"/> and moves the relay's position from
    /// <paramref name="expected"/> to <paramref name="next"/>; false, with nothing written, when another
    /// relay instance moved it first.
    /// </summary>
    Task<bool> Advance(string relay, LogPosition? expected, LogPosition next, IReadOnlyList<DeadLetter> deadLetters, CancellationToken ct = default);

    /// <summary>The dead letters of a relay, oldest first.</summary>
    Task<IReadOnlyList<DeadLetter>> LoadDeadLetters(string relay, CancellationToken ct = default);
}
