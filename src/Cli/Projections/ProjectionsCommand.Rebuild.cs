using System.Diagnostics;
using System.Globalization;
using EventFramework.Cli.CommandLine;
using EventFramework.Cli.Output;
using Spectre.Console;

namespace EventFramework.Cli.Projections;

internal static partial class ProjectionsCommand
{
    private static Task<EfxExitCode> Rebuild(EfxInvocation invocation, string? name, CancellationToken ct) =>
        Rebuild(invocation, name!, "rebuild", (catalog, progress) => catalog.Rebuild(name!, progress, ct), ct);

    private static Task<EfxExitCode> Reset(EfxInvocation invocation, string? name, CancellationToken ct) =>
        Rebuild(invocation, name!, "reset", (catalog, progress) => catalog.Reset(name!, progress, ct), ct);

    /// <summary>Runs a rebuild or reset under a progress bar (on a terminal), then shows where the projection stands.</summary>
    private static async Task<EfxExitCode> Rebuild(
        EfxInvocation invocation, string name, string command, Func<IProjectionCatalog, IProgress<RebuildProgress>, Task> work, CancellationToken ct)
    {
        var catalog = invocation.OpenCatalog();
        var projection = EfxInvocation.Find(catalog, name);
        var last = new LastReport(ct);
        var clock = Stopwatch.StartNew();
        if (invocation.ShowsProgress)
            await RebuildProgressBar.Show(invocation.Console, $"{command} {projection.Name} v{projection.Version}",
                bar => work(catalog, new Both(last, bar))).ConfigureAwait(false);
        else
            await work(catalog, last).ConfigureAwait(false);
        var seconds = clock.Elapsed.TotalSeconds;

        var reports = await catalog.Status(name, ct).ConfigureAwait(false);
        if (invocation.Json)
        {
            invocation.Context.WriteJson(
                new RebuildDocument(projection.Name, command, last.Value?.Total, Math.Round(seconds, 3), [.. reports.Select(PartitionDocument.From)]),
                EfxJson.Default.RebuildDocument);
            return EfxExitCode.Success;
        }
        var events = last.Value is { } p ? $"{Views.Number(p.Total)} events" : "the log";
        var rate = last.Value is { } r && seconds > 0 ? $" ({Views.Number((long)(r.Total / seconds))} events/s)" : "";
        invocation.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{(command == "reset" ? "Reset and rebuilt" : "Rebuilt")} {projection.Name} v{projection.Version}: {events} in {seconds:0.0} s{rate}."));
        invocation.Console.Write(Views.Status(reports));
        return EfxExitCode.Success;
    }

    /// <summary>
    /// Keeps the latest report, for the summary. It also ends an interrupted rebuild: the catalog's
    /// catch-up loop only notices cancellation through the store, which an in-memory store never
    /// raises, so a report after Ctrl+C throws instead.
    /// </summary>
    private sealed class LastReport(CancellationToken ct) : IProgress<RebuildProgress>
    {
        private RebuildProgress? _value;

        public RebuildProgress? Value => Volatile.Read(ref _value);

        public void Report(RebuildProgress value)
        {
            ct.ThrowIfCancellationRequested();
            Volatile.Write(ref _value, value);
        }
    }

    private sealed class Both(IProgress<RebuildProgress> first, IProgress<RebuildProgress> second) : IProgress<RebuildProgress>
    {
        public void Report(RebuildProgress value)
        {
            first.Report(value);
            second.Report(value);
        }
    }
}
