using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace EventFramework.Benchmarks.Harness;

/// <summary>
/// Every figure of a run, printed as the last stdout line: one flat JSON object. A figure that
/// could not be measured is null, never left out, so scripts can rely on the keys.
/// </summary>
internal sealed class BenchReport
{
    private readonly OrderedDictionary<string, object?> _figures = new(StringComparer.Ordinal);
    private readonly OrderedDictionary<string, string> _failures = new(StringComparer.Ordinal);

    /// <summary>A measured figure, rounded to <paramref name="decimals"/>; NaN becomes null.</summary>
    public void Set(string key, double value, int decimals = 1) =>
        _figures[key] = double.IsFinite(value) ? Math.Round(value, decimals) : null;

    public void Set(string key, long value) => _figures[key] = value;

    public void Set(string key, string? value) => _figures[key] = value;

    public void Set(string key, bool value) => _figures[key] = value;

    /// <summary>Records why something failed (the first reason per key wins).</summary>
    public void Fail(string key, string reason) => _failures.TryAdd(key, reason);

    public string ToJson()
    {
        using var buffer = new MemoryStream();
        // Relaxed escaping: the line is read by people too, and it never lands in HTML.
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            foreach (var (key, value) in _figures)
            {
                w.WritePropertyName(key);
                switch (value)
                {
                    case null: w.WriteNullValue(); break;
                    case double d: w.WriteNumberValue(d); break;
                    case long l: w.WriteNumberValue(l); break;
                    case bool b: w.WriteBooleanValue(b); break;
                    default: w.WriteStringValue(value.ToString()); break;
                }
            }
            w.WriteStartObject("failures");
            foreach (var (key, reason) in _failures) w.WriteString(key, reason);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
