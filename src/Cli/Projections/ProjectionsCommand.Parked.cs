using EventFramework.Cli.CommandLine;
using EventFramework.Cli.Output;
using Spectre.Console;

namespace EventFramework.Cli.Projections;

internal static partial class ProjectionsCommand
{
    private static async Task<EfxExitCode> Parked(EfxInvocation invocation, string? name, CancellationToken ct)
    {
        var catalog = invocation.OpenCatalog();
        var projection = EfxInvocation.Find(catalog, name!);
        var parked = await catalog.Parked(projection.Name, ct).ConfigureAwait(false);
        if (invocation.Json)
            invocation.Context.WriteJson(new ParkedDocument(projection.Name, [.. parked.Select(ParkedEventDocument.From)]), EfxJson.Default.ParkedDocument);
        else if (parked.Count == 0)
            invocation.Console.WriteLine($"No parked events for {projection.Name} v{projection.Version}.");
        else
            invocation.Console.Write(Views.Parked(parked));
        return EfxExitCode.Success;
    }

    /// <summary>Replays the parked events; a stream that fails again is a failure of the command (exit code 1).</summary>
    private static async Task<EfxExitCode> Replay(EfxInvocation invocation, string? name, CancellationToken ct)
    {
        var catalog = invocation.OpenCatalog();
        var projection = EfxInvocation.Find(catalog, name!);
        var result = await catalog.Replay(projection.Name, ct).ConfigureAwait(false);
        if (invocation.Json)
            invocation.Context.WriteJson(new ReplayDocument(projection.Name, result.Applied, result.StillFailing), EfxJson.Default.ReplayDocument);
        else
        {
            invocation.Console.WriteLine($"Replayed {Views.Number(result.Applied)} parked event(s) of {projection.Name} v{projection.Version}.");
            if (result.StillFailing.Count > 0) invocation.Console.Write(Views.StillFailing(result.StillFailing));
        }
        if (result.StillFailing.Count == 0) return EfxExitCode.Success;
        throw new EfxFailure(EfxExitCode.Failed,
            $"replay left {result.StillFailing.Count} stream(s) of {projection.Name} still failing: {string.Join(", ", result.StillFailing.Keys)}.");
    }
}
