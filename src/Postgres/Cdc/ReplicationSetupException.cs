namespace EventFramework;

/// <summary>
/// The server or the role does not allow logical replication as configured: the role lacks the
/// REPLICATION attribute or does not own the table (for the publication), <c>wal_level</c> is not
/// <c>logical</c>, or every replication slot or WAL sender is taken. Not retried: fix the setup.
/// </summary>
public sealed class ReplicationSetupException(string slot, string operation, Exception inner)
    : ReplicationSlotException(slot, $"Logical replication for the slot '{slot}' is not possible ({operation}): {inner.Message}", inner)
{
    /// <summary>What was being done.</summary>
    public string Operation { get; } = operation;

    /// <summary>The setup errors: insufficient privilege, wal_level below logical, no free slot or WAL sender.</summary>
    internal static bool IsSetupError(Npgsql.PostgresException ex) =>
        ex.SqlState is Npgsql.PostgresErrorCodes.InsufficientPrivilege
            or Npgsql.PostgresErrorCodes.ObjectNotInPrerequisiteState
            or Npgsql.PostgresErrorCodes.ConfigurationLimitExceeded;
}
