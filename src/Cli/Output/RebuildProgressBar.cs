using Spectre.Console;

namespace EventFramework.Cli.Output;

/// <summary>A live progress bar for a rebuild: percentage, events done of the total, rate and time left.</summary>
internal static class RebuildProgressBar
{
    public static Task Show(IAnsiConsole console, string description, Func<IProgress<RebuildProgress>, Task> work) =>
        console.Progress()
            .AutoClear(false)
            .Columns(
                new TaskDescriptionColumn(),
                new ProgressBarColumn(),
                new PercentageColumn(),
                new EventCountColumn(),
                new RateColumn(),
                new RemainingColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(description), autoStart: true, maxValue: 1);
                task.IsIndeterminate = true;
                await work(new TaskProgress(task)).ConfigureAwait(false);
                task.IsIndeterminate = false;
                task.Value = task.MaxValue;
                task.StopTask();
            });

    /// <summary>The latest report of a progress task (kept in its <see cref="ProgressTask.Tag"/>).</summary>
    public static RebuildProgress? Latest(ProgressTask task) => task.Tag as RebuildProgress;

    /// <summary>Feeds a Spectre task from the catalog's reports, synchronously so none arrives out of order.</summary>
    private sealed class TaskProgress(ProgressTask task) : IProgress<RebuildProgress>
    {
        public void Report(RebuildProgress value)
        {
            task.Tag = value;
            task.IsIndeterminate = false;
            task.MaxValue = Math.Max(value.Total, 1);
            task.Value = value.Total == 0 ? task.MaxValue : value.Done;
        }
    }
}
