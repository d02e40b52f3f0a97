using System.CommandLine;

namespace EventFramework.Cli.CommandLine;

/// <summary>The options every efx command accepts.</summary>
internal sealed class GlobalOptions
{
    public Option<string> Connection { get; } = new("--connection", "-c")
    {
        Description = $"PostgreSQL connection string, or SQLite file path (default: ${EfxConnection.EnvironmentVariable})",
        HelpName = "CONNECTION",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print machine-readable JSON only (no colours, no progress)",
        Recursive = true,
    };
}
