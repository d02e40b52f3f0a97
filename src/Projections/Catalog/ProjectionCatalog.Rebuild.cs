using System.Diagnostics;

namespace EventFramework;

public sealed partial class ProjectionCatalog<TContext>
{
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromMilliseconds(500);

    /// <inheritdoc />
    public async Task Rebuild(string name, IProgress<RebuildProgress>? progress = null, CancellationToken ct = default)
    {
        var (projection, _) = Find(name);
        await CatchUp(name, progress, ct).ConfigureAwait(false);
        if (sink is IProjectionVersions<TContext> versions)
            await versions.Activate(projection.Name, projection.Version, projection.Activate, ct).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task Reset(string name, IProgress<RebuildProgress>? progress = null, CancellationToken ct = default)
    {
        var (projection, _) = Find(name);
        await sink.Reset(projection.Key, projection.Clear, ct).ConfigureAwait(false);
        await Rebuild(name, progress, ct).ConfigureAwait(false);
    }

    /// <summary>Runs every partition until each has caught up with the log, reporting progress.</summary>
    private async Task CatchUp(string name, IProgress<RebuildProgress>? progress, CancellationToken ct)
    {
        var runners = Runners(name);
        var stats = store as ILogStatistics;
        var total = stats is null ? 0 : await stats.CountAfter(LogPosition.Start, ct).ConfigureAwait(false);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var runs = runners.Select(r => r.Run(stop.Token)).ToList();
        var clock = Stopwatch.StartNew();
        try
        {
            while (!runners.All(r => r.Status.State == ProjectionState.Live))
            {
                ct.ThrowIfCancellationRequested();
                if (runs.FirstOrDefault(r => r.IsFaulted) is { } failed) await failed.ConfigureAwait(false);
                await Task.WhenAny(Task.WhenAny(runs), Task.Delay(ProgressEvery, ct)).ConfigureAwait(false);
                if (progress is not null && stats is not null)
                {
                    var slowest = runners.Select(r => r.Status.Checkpoint ?? LogPosition.Start).Min();
                    var done = Math.Max(0, total - await stats.CountAfter(slowest, ct).ConfigureAwait(false));
                    progress.Report(new RebuildProgress(done, total, done / Math.Max(clock.Elapsed.TotalSeconds, 0.001)));
                }
            }
            progress?.Report(new RebuildProgress(total, total, total / Math.Max(clock.Elapsed.TotalSeconds, 0.001)));
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            foreach (var run in runs)
            {
                try { await run.ConfigureAwait(false); }
                catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
            }
        }
    }
}
