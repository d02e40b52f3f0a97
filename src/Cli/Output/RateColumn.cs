using Spectre.Console;
using Spectre.Console.Rendering;

namespace EventFramework.Cli.Output;

/// <summary>The rebuild's rate in events per second, as the catalog measures it.</summary>
internal sealed class RateColumn : ProgressColumn
{
    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
        RebuildProgressBar.Latest(task) is { } p
            ? new Text($"{Views.Number((long)p.EventsPerSecond)} events/s", new Style(Color.Aqua))
            : Text.Empty;
}
