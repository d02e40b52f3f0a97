using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace EventFramework.Cli.Output;

/// <summary>How results are shown to a person. Values are plain text, never parsed as markup.</summary>
internal static class Views
{
    private static readonly Style Warning = new(Color.Yellow);
    private static readonly Style Bad = new(Color.Red);

    public static Table Projections(IEnumerable<ProjectionInfo> projections)
    {
        var table = New(("Projection", false), ("Version", true), ("Partitions", true));
        foreach (var p in projections)
            table.AddRow(Cell(p.Name), Cell(Number(p.Version)), Cell(Number(p.Partitions)));
        return table;
    }

    public static Table Status(IEnumerable<ProjectionReport> reports)
    {
        var table = New(("Projection", false), ("Partition", false), ("Version", true), ("Active", true), ("Checkpoint", true), ("Behind", true), ("Parked", true), ("Held back by", false));
        foreach (var r in reports)
            table.AddRow(
                Cell(r.Name),
                Cell(r.Key.IndexOf('/', StringComparison.Ordinal) is var slash and >= 0 ? r.Key[(slash + 1)..] : "-"),
                Cell(Number(r.Version)),
                Cell(r.ActiveVersion is { } active ? Number(active) : "-", When(r.ActiveVersion is { } a && a != r.Version, Warning)),
                Cell(r.Checkpoint?.ToString() ?? "-"),
                Cell(r.Behind is { } behind ? Number(behind) : "?", When(r.Behind > 0, Warning)),
                Cell(Number(r.Parked), When(r.Parked > 0, Bad)),
                Cell(r.HeldBackBy is { } h ? $"pid {h.ProcessId} ({h.State})" : "-", When(r.HeldBackBy is not null, Warning)));
        return table;
    }

    /// <summary>
    /// One entry per stream: the event that failed, with its error's first line (no stack trace), and
    /// how many later events of the stream are parked behind it to keep its order. --json lists each in full.
    /// </summary>
    public static IRenderable Parked(IReadOnlyList<ParkedEvent> parked)
    {
        var behind = parked.Where(p => p.BlockedBy is not null).GroupBy(p => p.BlockedBy!.Value).ToDictionary(g => g.Key, g => g.Count());
        var rows = new List<IRenderable>();
        foreach (var p in parked.Where(p => p.BlockedBy is null))
        {
            var held = behind.GetValueOrDefault(p.EventId);
            rows.Add(new Text(string.Create(CultureInfo.InvariantCulture,
                $"{p.Stream} #{p.StreamPosition} ({p.EventType} at {p.Position}) parked {p.ParkedAt:yyyy-MM-dd HH:mm:ss}{(held > 0 ? $", {Number(held)} later event(s) behind it" : "")}"),
                new Style(decoration: Decoration.Bold)));
            rows.Add(new Padder(new Text(FirstLine(p.Error), Bad), new Padding(2, 0, 0, 1)));
        }
        rows.Add(new Text($"{Number(parked.Count)} parked event(s) in {Number(parked.Select(p => p.Stream).Distinct().Count())} stream(s); --json lists each one."));
        return new Rows(rows);
    }

    public static Table StillFailing(IReadOnlyDictionary<string, string> failing)
    {
        var table = New(("Stream", false), ("Error", false));
        foreach (var (stream, error) in failing)
            table.AddRow(Cell(stream), Cell(FirstLine(error), Bad));
        return table;
    }

    public static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static Table New(params (string Header, bool Numeric)[] columns)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var (header, numeric) in columns)
            table.AddColumn(new TableColumn(header) { Alignment = numeric ? Justify.Right : Justify.Left, NoWrap = header != "Error" });
        return table;
    }

    /// <summary>An error's message without the stack trace a sink may have stored with it.</summary>
    private static string FirstLine(string error) => error.Split('\n', 2)[0].TrimEnd('\r');

    private static Style? When(bool condition, Style style) => condition ? style : (Style?)null;

    private static IRenderable Cell(string text, Style? style = null) => new Text(text, style ?? Style.Plain);
}
