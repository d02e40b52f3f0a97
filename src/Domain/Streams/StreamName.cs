namespace EventFramework;

/// <summary>
/// The name of an event stream, validated once at the edge so every store can trust it.
/// Rules: 1 to <see cref="MaxLength"/> characters, no control characters, no leading or
/// trailing whitespace, and not starting with '$' (reserved for system streams).
/// </summary>
public readonly record struct StreamName
{
    /// <summary>The longest stream name any backend accepts.</summary>
    public const int MaxLength = 256;

    private readonly string? _value;

    /// <summary>Creates a stream name, throwing <see cref="InvalidStreamNameException"/> when it breaks a rule.</summary>
    public StreamName(string value)
    {
        var problem = Check(value);
        if (problem is not null) throw new InvalidStreamNameException(value, problem);
        _value = value;
    }

    /// <summary>The name as stored.</summary>
    public string Value => _value ?? throw new InvalidOperationException("A default StreamName has no value.");

    /// <summary>The conventional name "{Category}-{id}", e.g. <c>Account-42</c>.</summary>
    public static StreamName For<TCategory>(string id) => new($"{typeof(TCategory).Name}-{id}");

    /// <summary>The part before the first '-', used to group streams by category.</summary>
    public string Category => Value.IndexOf('-') is var i and > 0 ? Value[..i] : Value;

    /// <summary>Returns why <paramref name="value"/> is not a valid stream name, or null when it is.</summary>
    public static string? Check(string? value)
    {
        if (value is null) return "the name is null";
        if (value.Length == 0) return "the name is empty";
        if (value.Length > MaxLength) return $"the name is {value.Length} characters long; the limit is {MaxLength}";
        if (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1])) return "the name starts or ends with whitespace";
        if (value[0] == '$') return "names starting with '$' are reserved";
        foreach (var c in value)
            if (char.IsControl(c)) return "the name contains a control character";
        return null;
    }

    /// <inheritdoc />
    public override string ToString() => _value ?? "";

    public static implicit operator string(StreamName name) => name.Value;
}
