using Spectre.Console;
using Spectre.Console.Rendering;

namespace EventFramework.Cli.Output;

/// <summary>"done/total events" of a rebuild.</summary>
internal sealed class EventCountColumn : ProgressColumn
{
    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
        RebuildProgressBar.Latest(task) is { } p
            ? new Text($"{Views.Number(p.Done)}/{Views.Number(p.Total)} events")
            : new Text("counting…", new Style(Color.Grey));
}
