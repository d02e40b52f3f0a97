namespace EventFramework;

/// <summary>
/// What an append expects of the stream. Stream positions start at 0, so a stream's version
/// is the position of its last event and an empty stream has version -1.
/// </summary>
public readonly record struct ExpectedVersion
{
    private const long AnyValue = -2, NoStreamValue = -1, StreamExistsValue = -4;

    private ExpectedVersion(long value) => Value = value;

    /// <summary>The raw value: a version (≥ 0) or one of the negative markers.</summary>
    public long Value { get; }

    /// <summary>Append whatever the stream's state.</summary>
    public static ExpectedVersion Any { get; } = new(AnyValue);

    /// <summary>The stream must not exist (or be empty).</summary>
    public static ExpectedVersion NoStream { get; } = new(NoStreamValue);

    /// <summary>The stream must hold at least one event.</summary>
    public static ExpectedVersion StreamExists { get; } = new(StreamExistsValue);

    /// <summary>The stream's last event must be at <paramref name="version"/>.</summary>
    public static ExpectedVersion Exactly(long version) =>
        version >= 0 ? new(version) : throw new ArgumentOutOfRangeException(nameof(version), version, "An exact version is 0 or more; use NoStream for an empty stream.");

    /// <summary>Reads a raw value back (as stored by <see cref="Value"/>).</summary>
    public static ExpectedVersion FromValue(long value) => value switch
    {
        AnyValue => Any,
        NoStreamValue => NoStream,
        StreamExistsValue => StreamExists,
        >= 0 => new(value),
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Not an expected version."),
    };

    /// <summary>True when a stream at <paramref name="actualVersion"/> satisfies this expectation.</summary>
    public bool IsSatisfiedBy(long actualVersion) => Value switch
    {
        AnyValue => true,
        NoStreamValue => actualVersion == -1,
        StreamExistsValue => actualVersion >= 0,
        _ => actualVersion == Value,
    };

    /// <inheritdoc />
    public override string ToString() => Value switch
    {
        AnyValue => "Any",
        NoStreamValue => "NoStream",
        StreamExistsValue => "StreamExists",
        _ => Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
