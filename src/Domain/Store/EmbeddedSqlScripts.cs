using System.Reflection;
using System.Text.RegularExpressions;

namespace EventFramework.Store;

/// <summary>
/// Numbered SQL scripts embedded in an adapter assembly ("Scripts/1_Schema.sql", ...), in
/// order, with the schema placeholder replaced. Shared by the relational adapters.
/// </summary>
public static partial class EmbeddedSqlScripts
{
    /// <summary>The placeholder scripts use for the schema (or table prefix) name.</summary>
    public const string SchemaPlaceholder = "__schema__";

    /// <summary>A script's number (its migration version), name and text.</summary>
    public sealed record Script(int Version, string Name, string Sql);

    /// <summary>Loads the scripts of <paramref name="assembly"/> ordered by number.</summary>
    public static IReadOnlyList<Script> Load(Assembly assembly, string schema)
    {
        var scripts = new List<Script>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var match = ScriptName().Match(resource);
            if (!match.Success) continue;
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            var sql = reader.ReadToEnd().Replace(SchemaPlaceholder, schema, StringComparison.Ordinal);
            scripts.Add(new Script(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), match.Groups[2].Value, sql));
        }
        return scripts.OrderBy(s => s.Version).ToList();
    }

    /// <summary>True for a plain lower-case SQL identifier, the only schema names accepted.</summary>
    public static bool IsSafeIdentifier(string name) => SafeIdentifier().IsMatch(name);

    /// <summary>Returns <paramref name="schema"/>, or throws when it is not a plain lower-case identifier (it is spliced into SQL).</summary>
    public static string RequireSafeSchema(string schema, string paramName) =>
        IsSafeIdentifier(schema) ? schema : throw new ArgumentException($"The schema name '{schema}' must be a lower-case SQL identifier.", paramName);

    [GeneratedRegex(@"\.Scripts\.(\d+)_(\w+)\.sql$")]
    private static partial Regex ScriptName();

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,47}$")]
    private static partial Regex SafeIdentifier();
}
