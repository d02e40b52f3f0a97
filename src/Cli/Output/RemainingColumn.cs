using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace EventFramework.Cli.Output;

/// <summary>The estimated time left (ETA) at the current rate.</summary>
internal sealed class RemainingColumn : ProgressColumn
{
    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
        new Text(task.IsFinished ? "done" : $"ETA {Format(RebuildProgressBar.Latest(task)?.Remaining)}", new Style(Color.Blue));

    private static string Format(TimeSpan? remaining) =>
        remaining is { } left
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)left.TotalHours:00}:{left.Minutes:00}:{left.Seconds:00}")
            : "--:--:--";
}
