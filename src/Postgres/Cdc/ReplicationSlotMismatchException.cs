namespace EventFramework;

/// <summary>
/// A slot or publication of the configured name exists but is not what a CDC reader needs (another
/// output plugin, another database, a publication that does not cover the table, a position the
/// slot has already released). Refused rather than used or replaced.
/// </summary>
public sealed class ReplicationSlotMismatchException(string slot, string problem)
    : ReplicationSlotException(slot, $"The replication slot '{slot}' cannot be used: {problem}.")
{
    /// <summary>What does not match.</summary>
    public string Problem { get; } = problem;
}
