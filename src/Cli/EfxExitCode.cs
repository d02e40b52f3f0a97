namespace EventFramework.Cli;

/// <summary>
/// What efx exits with; scripts can rely on these numbers (they are listed by <c>efx --help</c>).
/// On any code but <see cref="Success"/> efx writes exactly one line, <c>efx: reason</c>, to standard error.
/// </summary>
public enum EfxExitCode
{
    Success = 0,

    /// <summary>The operation ran and failed: a rebuild threw, a reset was refused, a replay left streams failing.</summary>
    Failed = 1,

    /// <summary>The command line is wrong: unknown command or option, missing argument, no connection.</summary>
    Usage = 2,

    /// <summary>Not available here: an unknown projection, or a command that needs the service's projection code.</summary>
    NotAvailable = 3,

    /// <summary>The database cannot be reached (<see cref="EventStoreUnavailableException"/> or a connection failure).</summary>
    Unreachable = 4,

    /// <summary>Stopped by Ctrl+C or SIGTERM (the shell's 128 + SIGINT); work already committed stays.</summary>
    Interrupted = 130,
}
