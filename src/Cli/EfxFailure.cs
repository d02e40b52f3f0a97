namespace EventFramework.Cli;

/// <summary>A failure efx expected, with the exit code and the one-line reason it reports.</summary>
internal sealed class EfxFailure(EfxExitCode code, string reason) : Exception(reason)
{
    public EfxExitCode Code { get; } = code;
}
