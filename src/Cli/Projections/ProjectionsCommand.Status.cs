using EventFramework.Cli.CommandLine;
using EventFramework.Cli.Output;

namespace EventFramework.Cli.Projections;

internal static partial class ProjectionsCommand
{
    private static Task<EfxExitCode> List(EfxInvocation invocation, string? _, CancellationToken ct)
    {
        var projections = invocation.OpenCatalog().Projections;
        if (invocation.Json)
            invocation.Context.WriteJson(new ProjectionListDocument([.. projections.Select(p => new ProjectionDocument(p.Name, p.Version, p.Partitions))]), EfxJson.Default.ProjectionListDocument);
        else
            invocation.Console.Write(Views.Projections(projections));
        return Task.FromResult(EfxExitCode.Success);
    }

    private static async Task<EfxExitCode> Status(EfxInvocation invocation, string? name, CancellationToken ct)
    {
        var catalog = invocation.OpenCatalog();
        if (name is not null) EfxInvocation.Find(catalog, name);
        var reports = await catalog.Status(name, ct).ConfigureAwait(false);
        if (invocation.Json)
            invocation.Context.WriteJson(new StatusDocument([.. reports.Select(PartitionDocument.From)]), EfxJson.Default.StatusDocument);
        else
            invocation.Console.Write(Views.Status(reports));
        return EfxExitCode.Success;
    }
}
