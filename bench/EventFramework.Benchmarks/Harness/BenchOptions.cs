using System.Globalization;

namespace EventFramework.Benchmarks.Harness;

/// <summary>
/// The command line after the suite verb: <c>--name value</c> (or <c>--name=value</c>) pairs and
/// bare <c>--flags</c>. <c>--quick</c> switches every option to its quick default. Suites read
/// what they accept; anything left unread is a typo and stops the run before it starts.
/// </summary>
internal sealed class BenchOptions
{
    private readonly Dictionary<string, string?> _values;
    private readonly HashSet<string> _read = ["quick"];

    private BenchOptions(Dictionary<string, string?> values) => _values = values;

    /// <summary>True when <c>--quick</c> was given: small sizes, few rounds, under a minute.</summary>
    public bool Quick => _values.ContainsKey("quick");

    /// <summary>Parses the arguments that follow the suite verb.</summary>
    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
                throw new UsageException($"unexpected argument '{arg}' (options look like --rounds 5)");
            var name = arg[2..];
            string? value = null;
            var eq = name.IndexOf('=');
            if (eq >= 0) (name, value) = (name[..eq], name[(eq + 1)..]);
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)) value = args[++i];
            if (!values.TryAdd(name, value)) throw new UsageException($"--{name} is given twice");
        }
        return new BenchOptions(values);
    }

    /// <summary>An integer option: <paramref name="full"/> by default, <paramref name="quick"/> under --quick.</summary>
    public int Int(string name, int full, int quick) =>
        Value(name) is { } text
            ? int.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0
                ? v
                : throw new UsageException($"--{name} takes a positive whole number, not '{text}'")
            : Quick ? quick : full;

    /// <summary>A number option: <paramref name="full"/> by default, <paramref name="quick"/> under --quick.</summary>
    public double Double(string name, double full, double quick) =>
        Value(name) is { } text
            ? double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v > 0
                ? v
                : throw new UsageException($"--{name} takes a positive number, not '{text}'")
            : Quick ? quick : full;

    /// <summary>A text option with one default for both modes.</summary>
    public string Text(string name, string fallback) => Value(name) ?? fallback;

    /// <summary>One of <paramref name="allowed"/>; the first is the default.</summary>
    public string Choice(string name, params string[] allowed) =>
        Value(name) is { } text
            ? allowed.Contains(text, StringComparer.Ordinal) ? text : throw new UsageException($"--{name} is one of {string.Join(", ", allowed)}, not '{text}'")
            : allowed[0];

    /// <summary>A bare switch such as <c>--reseed</c>.</summary>
    public bool Flag(string name)
    {
        _read.Add(name);
        if (_values.TryGetValue(name, out var value) && value is not null)
            throw new UsageException($"--{name} is a switch and takes no value (got '{value}')");
        return _values.ContainsKey(name);
    }

    /// <summary>Throws when an option was given that no suite code read.</summary>
    public void RejectUnknown()
    {
        var unknown = _values.Keys.Where(k => !_read.Contains(k)).Select(k => "--" + k).ToList();
        if (unknown.Count > 0) throw new UsageException($"unknown option(s) for this suite: {string.Join(", ", unknown)}");
    }

    private string? Value(string name)
    {
        _read.Add(name);
        if (!_values.TryGetValue(name, out var value)) return null;
        return value ?? throw new UsageException($"--{name} needs a value");
    }
}
