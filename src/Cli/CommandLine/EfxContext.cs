using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Spectre.Console;

namespace EventFramework.Cli.CommandLine;

/// <summary>What every efx command runs with: the catalog factory, the console, standard error and the environment.</summary>
internal sealed record EfxContext(
    Func<EfxConnection, IProjectionCatalog>? CatalogFactory,
    IAnsiConsole Console,
    TextWriter Error,
    Func<string, string?> Environment,
    GlobalOptions Options)
{
    /// <summary>Runs <paramref name="body"/>, turning any exception into its exit code and one line on standard error.</summary>
    public async Task<int> Execute(ParseResult parsed, CancellationToken ct, Func<EfxInvocation, CancellationToken, Task<EfxExitCode>> body)
    {
        try
        {
            return (int)await body(new EfxInvocation(this, parsed), ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return Report(new EfxFailure(EfxExitCode.Interrupted, "interrupted; what was committed stays, and the command can be run again."));
        }
        catch (Exception e)
        {
            return Report(EfxFailures.Classify(e));
        }
    }

    /// <summary>Writes "efx: reason" as one line to standard error and returns the exit code.</summary>
    public int Report(EfxFailure failure)
    {
        var reason = string.Join(' ', failure.Message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Error.WriteLine($"efx: {reason}");
        Error.Flush();
        return (int)failure.Code;
    }

    /// <summary>Writes <paramref name="document"/> as JSON, raw (never wrapped or coloured by the console).</summary>
    public void WriteJson<T>(T document, JsonTypeInfo<T> type)
    {
        var writer = Console.Profile.Out.Writer;
        writer.WriteLine(JsonSerializer.Serialize(document, type));
        writer.Flush();
    }
}
