namespace EventFramework;

/// <summary>How a command ended.</summary>
public enum CommandOutcome
{
    /// <summary>Decided and stored (possibly with no new events).</summary>
    Applied,

    /// <summary>The same command id was handled before; nothing new was stored.</summary>
    AlreadyHandled,

    /// <summary>The command failed validation; see <see cref="CommandResult{TState}.Errors"/>.</summary>
    Invalid,

    /// <summary>A business rule or the stream expectation refused it; see <see cref="CommandResult{TState}.Reason"/>.</summary>
    Rejected,

    /// <summary>Concurrent writers kept winning after every retry.</summary>
    Conflict,
}
