using System.Globalization;

namespace EventFramework.Benchmarks.Harness;

/// <summary>A plain-text table: the first <see cref="TextColumns"/> columns left-aligned, the numbers right-aligned.</summary>
internal sealed class Table(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    /// <summary>How many leading columns hold text (left-aligned); 1 unless set.</summary>
    public int TextColumns { get; init; } = 1;

    public void Add(params string[] cells) => _rows.Add(cells);

    public void Print(TextWriter output)
    {
        var widths = headers.Select((h, i) => _rows.Select(r => i < r.Length ? r[i].Length : 0).Append(h.Length).Max()).ToArray();
        Write(output, headers, widths, TextColumns);
        output.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in _rows) Write(output, row, widths, TextColumns);
    }

    /// <summary>A rate such as events/s: thousands separated, no decimals; "failed" when missing.</summary>
    public static string Rate(double value) => double.IsFinite(value) ? value.ToString("N0", CultureInfo.InvariantCulture) : "failed";

    /// <summary>A ratio with two decimals; "n/a" when either side is missing.</summary>
    public static string Ratio(double value) => double.IsFinite(value) ? value.ToString("0.00", CultureInfo.InvariantCulture) + "x" : "n/a";

    private static void Write(TextWriter output, string[] cells, int[] widths, int textColumns) =>
        output.WriteLine(string.Join("  ", widths.Select((w, i) =>
        {
            var cell = i < cells.Length ? cells[i] : "";
            return i < textColumns ? cell.PadRight(w) : cell.PadLeft(w);
        })).TrimEnd());
}
